/* wsd-reader-input.c: decoding of bounded evidence inputs. */
#include "wsd-reader-input.h"

#include <string.h>
#include "wsd-text-decode.h"
#include "wsd-types.h"

void
wsd_reader_set_error (GError **error, int code, const char *path, guint line,
                      const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (line > 0)
    g_set_error (error, WSD_ERROR, code, "%s:%u: %s", path, line, message);
  else
    g_set_error (error, WSD_ERROR, code, "%s: %s", path, message);
}

static char *
sha256_hex (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static char *
utf16_to_utf8 (const guint8 *data, gsize len, gboolean big_endian, gsize *out_len)
{
  char *out = g_malloc (wsd_text_decode_max_output (len) + 1);
  guint repaired = 0;

  *out_len = wsd_text_decode_utf16 (data, len, big_endian, out, &repaired);
  out[*out_len] = '\0';
  return out;
}

/* UTF-16 without a BOM: PowerShell's "Unicode" always writes one, but a
 * copy through other tools may lose it; ASCII text then has every other
 * byte zero. */
static int
guess_bomless_utf16 (const guint8 *data, gsize len)
{
  gsize n = MIN (len, 512) & ~(gsize) 1;
  guint zero_even = 0, zero_odd = 0;

  if (n < 8)
    return 0;
  for (gsize i = 0; i < n; i += 2)
    {
      zero_even += data[i] == 0;
      zero_odd += data[i + 1] == 0;
    }
  if (zero_odd > n / 2 * 9 / 10 && zero_even == 0)
    return 1;   /* little endian */
  if (zero_even > n / 2 * 9 / 10 && zero_odd == 0)
    return 2;   /* big endian */
  return 0;
}

static GBytes *
gunzip (GBytes *bytes, const char *path, GError **error)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) base = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GInputStream) stream = g_converter_input_stream_new (base, G_CONVERTER (decompressor));
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 buffer[65536];

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &local_error);

      if (n < 0)
        {
          wsd_reader_set_error (error, WSD_ERROR_DAMAGED, path, 0,
                                "damaged or truncated gzip data: %s", local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (out->len + (gsize) n > WSD_READER_INPUT_MAX_BYTES)
        {
          wsd_reader_set_error (error, WSD_ERROR_TOO_LARGE, path, 0,
                                "decompressed data exceeds %zu MiB",
                                WSD_READER_INPUT_MAX_BYTES / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (out, buffer, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

WsdReaderInput *
wsd_reader_input_new_from_bytes (const char *path, GBytes *bytes, GError **error)
{
  g_autoptr(WsdReaderInput) self = g_new0 (WsdReaderInput, 1);
  const guint8 *data;
  gsize len;
  int utf16;

  self->path = g_strdup (path);
  self->fingerprint = sha256_hex (bytes);
  data = g_bytes_get_data (bytes, &len);
  if (len > WSD_READER_INPUT_MAX_BYTES)
    {
      wsd_reader_set_error (error, WSD_ERROR_TOO_LARGE, path, 0, "larger than %zu MiB",
                            WSD_READER_INPUT_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (len >= 2 && data[0] == 0x1f && data[1] == 0x8b)
    {
      self->raw = gunzip (bytes, path, error);
      if (self->raw == NULL)
        return NULL;
    }
  else
    self->raw = g_bytes_ref (bytes);

  data = g_bytes_get_data (self->raw, &len);
  /* An empty GBytes may hand out NULL; pointer arithmetic on it is undefined. */
  if (data == NULL)
    data = (const guint8 *) "";
  self->exact_offsets = TRUE;
  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      self->bom_len = 3;
      self->encoding = "utf-8";
    }
  else if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
    {
      gboolean be = data[0] == 0xFE;
      self->bom_len = 2;
      self->encoding = be ? "utf-16be" : "utf-16le";
      self->text = utf16_to_utf8 (data + 2, len - 2, be, &self->text_len);
      self->exact_offsets = FALSE;
      return g_steal_pointer (&self);
    }
  else if ((utf16 = guess_bomless_utf16 (data, len)) != 0)
    {
      self->encoding = utf16 == 2 ? "utf-16be" : "utf-16le";
      self->text = utf16_to_utf8 (data, len, utf16 == 2, &self->text_len);
      self->exact_offsets = FALSE;
      return g_steal_pointer (&self);
    }
  else
    self->encoding = "utf-8";

  {
    const char *start = (const char *) data + self->bom_len;
    gsize n = len - self->bom_len;
    char *text;

    if (g_utf8_validate_len (start, n, NULL))
      {
        text = g_malloc (n + 1);
        memcpy (text, start, n);
        text[n] = '\0';
      }
    else
      {
        /* Windows-1252 copies and damaged bytes: read like the log
         * reader does; offsets shift. */
        guint repaired = 0;
        text = g_malloc (wsd_text_decode_max_output (n) + 1);
        n = wsd_text_decode_utf8_lenient ((const guint8 *) start, n, text, &repaired);
        text[n] = '\0';
        self->exact_offsets = FALSE;
      }
    /* NUL bytes would cut C strings short; they carry nothing. */
    for (gsize i = 0; i < n; i++)
      if (text[i] == '\0')
        text[i] = ' ';
    self->text = text;
    self->text_len = n;
  }
  return g_steal_pointer (&self);
}

WsdReaderInput *
wsd_reader_input_load (GFile *file, const char *path, GCancellable *cancellable, GError **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 chunk[65536];

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      wsd_reader_set_error (error, WSD_ERROR_UNREADABLE, path, 0, "%s", local_error->message);
      return NULL;
    }
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk, cancellable, &local_error);
      if (n < 0)
        {
          wsd_reader_set_error (error, WSD_ERROR_UNREADABLE, path, 0, "%s", local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (buffer->len + (gsize) n > WSD_READER_INPUT_MAX_BYTES)
        {
          wsd_reader_set_error (error, WSD_ERROR_TOO_LARGE, path, 0, "larger than %zu MiB",
                                WSD_READER_INPUT_MAX_BYTES / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (buffer, chunk, n);
    }
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return wsd_reader_input_new_from_bytes (path, bytes, error);
}

void
wsd_reader_input_free (WsdReaderInput *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_clear_pointer (&self->raw, g_bytes_unref);
  g_free (self->fingerprint);
  g_free (self->text);
  g_free (self);
}

gint64
wsd_reader_input_original_offset (const WsdReaderInput *self, gsize text_offset)
{
  if (!self->exact_offsets)
    return -1;
  return (gint64) (text_offset + self->bom_len);
}

guint
wsd_reader_input_line_at (const WsdReaderInput *self, gsize text_offset)
{
  guint line = 1;
  const char *p = self->text;
  const char *end = self->text + MIN (text_offset, self->text_len);

  while ((p = memchr (p, '\n', end - p)) != NULL)
    {
      line++;
      p++;
    }
  return line;
}

gboolean
wsd_reader_input_head_contains (const WsdReaderInput *self, gsize max, const char *needle)
{
  gsize n = MIN (max, self->text_len);
  gsize needle_len = strlen (needle);

  if (needle_len > n)
    return FALSE;
  for (gsize i = 0; i + needle_len <= n; i++)
    if (g_ascii_strncasecmp (self->text + i, needle, needle_len) == 0)
      return TRUE;
  return FALSE;
}
