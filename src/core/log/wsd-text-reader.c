/* wsd-text-reader.c: see the header for what it guarantees.
 *
 * The buffer holds undecoded bytes (after gzip, before charset
 * conversion). Lines are split there, so byte offsets stay exact, and only
 * the line being returned is converted: plain ASCII and valid UTF-8 lines
 * are returned in place, others go through a side buffer. */
#include <string.h>

#include "wsd-text-reader.h"
#include "wsd-text-decode.h"
#include "wsd-fingerprint.h"
#include "wsd-types.h"

#define READ_CHUNK   (256 * 1024)
#define PEEK_MAX     (256 * 1024)
#define MIN_MAX_LINE 64
#define RAW_CAP      (2 * READ_CHUNK)

struct _WsdTextReader {
  GObject          parent_instance;

  GInputStream    *stream;
  GCancellable    *cancellable;
  char            *name;
  WsdFingerprint  *fingerprint;
  gint64           bytes_read;
  gboolean         stream_eof;

  GConverter      *decompressor;      /* NULL unless gzip */
  guint8          *raw;               /* compressed input not yet converted */
  gsize            raw_len, raw_pos;

  gboolean         sniffed;
  gboolean         eof;               /* no more decoded bytes will come */
  WsdTextEncoding  encoding;

  guint8          *buf;
  gsize            buf_cap;           /* one byte more is allocated for a NUL */
  gsize            start, end, scan;
  gint64           buf_offset;        /* stream offset of buf[0] */
  gsize            max_line;
  gboolean         skipping;          /* discarding the rest of a truncated line */

  guint            next_line_number;
  guint            line_number;
  gint64           line_offset;
  gboolean         line_truncated;
  guint            line_repairs;      /* WsdTextRepairs */

  char            *out;               /* converted line */
  gsize            out_cap;
};

G_DEFINE_FINAL_TYPE (WsdTextReader, wsd_text_reader, G_TYPE_OBJECT)

const char *
wsd_text_encoding_to_string (WsdTextEncoding encoding)
{
  switch (encoding)
    {
    case WSD_TEXT_ENCODING_UTF8: return "UTF-8";
    case WSD_TEXT_ENCODING_UTF8_BOM: return "UTF-8 (BOM)";
    case WSD_TEXT_ENCODING_UTF16LE: return "UTF-16LE";
    case WSD_TEXT_ENCODING_UTF16BE: return "UTF-16BE";
    case WSD_TEXT_ENCODING_UNKNOWN:
    default: return "unknown";
    }
}

static void
wsd_text_reader_finalize (GObject *object)
{
  WsdTextReader *self = WSD_TEXT_READER (object);

  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->decompressor);
  g_clear_pointer (&self->fingerprint, wsd_fingerprint_free);
  g_free (self->name);
  g_free (self->raw);
  g_free (self->buf);
  g_free (self->out);
  G_OBJECT_CLASS (wsd_text_reader_parent_class)->finalize (object);
}

static void
wsd_text_reader_class_init (WsdTextReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wsd_text_reader_finalize;
}

static void
wsd_text_reader_init (WsdTextReader *self)
{
  self->fingerprint = wsd_fingerprint_new ();
  self->next_line_number = 1;
  self->line_offset = -1;
  wsd_text_reader_set_max_line_length (self, WSD_TEXT_READER_DEFAULT_MAX_LINE);
}

WsdTextReader *
wsd_text_reader_new (GInputStream *stream, const char *name, GCancellable *cancellable)
{
  WsdTextReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_object_new (WSD_TYPE_TEXT_READER, NULL);
  self->stream = g_object_ref (stream);
  self->name = g_strdup (name != NULL ? name : "(stream)");
  if (cancellable != NULL)
    self->cancellable = g_object_ref (cancellable);
  return self;
}

WsdTextReader *
wsd_text_reader_new_for_file (GFile *file, const char *name, GCancellable *cancellable, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *fallback = NULL;

  if (name == NULL)
    name = fallback = g_file_get_parse_name (file);
  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, WSD_ERROR, WSD_ERROR_UNREADABLE, "%s: %s", name, local_error->message);
      return NULL;
    }
  return wsd_text_reader_new (G_INPUT_STREAM (stream), name, cancellable);
}

void
wsd_text_reader_set_max_line_length (WsdTextReader *self, gsize max_bytes)
{
  g_return_if_fail (WSD_IS_TEXT_READER (self));
  g_return_if_fail (self->buf == NULL);   /* before the first read */

  self->max_line = MAX (max_bytes, MIN_MAX_LINE);
}

static gboolean
set_io_error (WsdTextReader *self, GError *local_error, GError **error)
{
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, local_error);
  else
    {
      g_set_error (error, WSD_ERROR, WSD_ERROR_UNREADABLE, "%s: %s", self->name, local_error->message);
      g_error_free (local_error);
    }
  return FALSE;
}

static gssize
read_stream (WsdTextReader *self, guint8 *into, gsize size, GError **error)
{
  GError *local_error = NULL;
  gssize n;

  if (self->stream_eof)
    return 0;
  n = g_input_stream_read (self->stream, into, size, self->cancellable, &local_error);
  if (n < 0)
    {
      set_io_error (self, local_error, error);
      return -1;
    }
  if (n == 0)
    self->stream_eof = TRUE;
  wsd_fingerprint_update (self->fingerprint, into, n);
  self->bytes_read += n;
  return n;
}

/* Decompresses into buf[end..]; returns bytes produced, 0 at the end. */
static gssize
inflate_some (WsdTextReader *self, gsize room, GError **error)
{
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gsize bytes_read = 0, bytes_written = 0;
      GConverterResult result;

      if (self->raw_pos == self->raw_len && !self->stream_eof)
        {
          gssize n = read_stream (self, self->raw, READ_CHUNK, error);
          if (n < 0)
            return -1;
          self->raw_pos = 0;
          self->raw_len = n;
        }

      result = g_converter_convert (self->decompressor,
                                    self->raw + self->raw_pos, self->raw_len - self->raw_pos,
                                    self->buf + self->end, room,
                                    self->stream_eof ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS,
                                    &bytes_read, &bytes_written, &local_error);
      if (result == G_CONVERTER_ERROR)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) && !self->stream_eof)
            {
              /* needs more input: keep what is left and read on */
              memmove (self->raw, self->raw + self->raw_pos, self->raw_len - self->raw_pos);
              self->raw_len -= self->raw_pos;
              self->raw_pos = 0;
              if (self->raw_len < RAW_CAP)
                {
                  gssize n = read_stream (self, self->raw + self->raw_len, RAW_CAP - self->raw_len, error);
                  if (n < 0)
                    return -1;
                  self->raw_len += n;
                  continue;
                }
            }
          g_set_error (error, WSD_ERROR, WSD_ERROR_DAMAGED, "%s:%u: compressed data is damaged or truncated (%s)",
                       self->name, self->next_line_number, local_error->message);
          return -1;
        }
      self->raw_pos += bytes_read;
      if (result == G_CONVERTER_FINISHED)
        {
          /* another gzip member may follow (concatenated .gz) */
          if (self->raw_pos + 2 <= self->raw_len &&
              self->raw[self->raw_pos] == 0x1f && self->raw[self->raw_pos + 1] == 0x8b)
            g_converter_reset (self->decompressor);
          else if (bytes_written == 0)
            return 0;
          else
            {
              self->raw_pos = self->raw_len;
              self->stream_eof = TRUE;   /* trailing bytes after the last member are ignored */
            }
        }
      if (bytes_written > 0)
        return bytes_written;
      if (self->stream_eof && self->raw_pos == self->raw_len && result != G_CONVERTER_FINISHED)
        {
          if (result == G_CONVERTER_CONVERTED && bytes_read == 0)
            {
              g_set_error (error, WSD_ERROR, WSD_ERROR_DAMAGED, "%s:%u: compressed data is truncated",
                           self->name, self->next_line_number);
              return -1;
            }
        }
    }
}

/* Appends more decoded bytes after buf[end], compacting first when the
 * buffer is full. Returns FALSE on error; sets eof at the end of input. */
static gboolean
fill (WsdTextReader *self, GError **error)
{
  gssize n;
  gsize room;

  if (self->eof)
    return TRUE;
  if (self->end == self->buf_cap && self->start > 0)
    {
      memmove (self->buf, self->buf + self->start, self->end - self->start);
      self->buf_offset += self->start;
      self->end -= self->start;
      self->scan -= self->start;
      self->start = 0;
    }
  room = self->buf_cap - self->end;
  if (room == 0)
    return TRUE;   /* caller handles an over-long line */

  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;
  if (self->decompressor != NULL)
    n = inflate_some (self, room, error);
  else
    n = read_stream (self, self->buf + self->end, room, error);
  if (n < 0)
    return FALSE;
  if (n == 0)
    self->eof = TRUE;
  self->end += n;
  return TRUE;
}

static gboolean
ensure_bytes (WsdTextReader *self, gsize wanted, GError **error)
{
  while (self->end - self->start < wanted && !self->eof)
    if (!fill (self, error))
      return FALSE;
  return TRUE;
}

static gboolean
sniff (WsdTextReader *self, GError **error)
{
  const guint8 *b;
  gsize avail;

  self->sniffed = TRUE;
  self->buf_cap = self->max_line + READ_CHUNK;
  self->buf = g_malloc (self->buf_cap + 1);

  /* The gzip magic is read into buf first; if it is there, those bytes
   * become compressed input instead. */
  while (self->end < 2 && !self->stream_eof)
    {
      gssize n = read_stream (self, self->buf + self->end, READ_CHUNK - self->end, error);
      if (n < 0)
        return FALSE;
      self->end += n;
    }
  if (self->end >= 2 && self->buf[0] == 0x1f && self->buf[1] == 0x8b)
    {
      self->decompressor = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
      self->raw = g_malloc (RAW_CAP);
      memcpy (self->raw, self->buf, self->end);
      self->raw_len = self->end;
      self->end = 0;
    }
  else if (self->stream_eof)
    self->eof = TRUE;

  if (!ensure_bytes (self, 4, error))
    return FALSE;

  b = self->buf;
  avail = self->end;
  if (avail >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
    {
      self->encoding = WSD_TEXT_ENCODING_UTF8_BOM;
      self->start = 3;
    }
  else if (avail >= 2 && b[0] == 0xFF && b[1] == 0xFE)
    {
      self->encoding = WSD_TEXT_ENCODING_UTF16LE;
      self->start = 2;
    }
  else if (avail >= 2 && b[0] == 0xFE && b[1] == 0xFF)
    {
      self->encoding = WSD_TEXT_ENCODING_UTF16BE;
      self->start = 2;
    }
  else if (avail >= 4 && b[0] != 0 && b[0] < 0x80 && b[1] == 0 && b[2] != 0 && b[2] < 0x80 && b[3] == 0)
    self->encoding = WSD_TEXT_ENCODING_UTF16LE;   /* BOM-less, e.g. "20" of a date */
  else
    self->encoding = WSD_TEXT_ENCODING_UTF8;
  self->scan = self->start;
  return TRUE;
}

static gboolean
is_utf16 (WsdTextReader *self)
{
  return self->encoding == WSD_TEXT_ENCODING_UTF16LE || self->encoding == WSD_TEXT_ENCODING_UTF16BE;
}

static char *
out_reserve (WsdTextReader *self, gsize len)
{
  gsize need = wsd_text_decode_max_output (len);

  if (need > self->out_cap)
    {
      self->out_cap = MAX (need, self->out_cap * 2);
      g_free (self->out);
      self->out = g_malloc (self->out_cap);
    }
  return self->out;
}

/* Converts buf[from, from+len) into the line to return. */
static const char *
decode_line (WsdTextReader *self, gsize from, gsize len, gsize *out_len)
{
  guint8 *p = self->buf + from;

  self->line_repairs = 0;
  if (is_utf16 (self))
    {
      gboolean be = self->encoding == WSD_TEXT_ENCODING_UTF16BE;

      len &= ~(gsize) 1;
      if (len >= 2 && p[len - 2 + (be ? 1 : 0)] == '\r' && p[len - 2 + (be ? 0 : 1)] == 0)
        len -= 2;
      if (self->eof && self->start == self->end && ((self->end - from) & 1))
        len++;   /* keep the odd trailing byte so it shows as U+FFFD */
      *out_len = wsd_text_decode_utf16 (p, len, be, out_reserve (self, len), &self->line_repairs);
      return self->out;
    }

  if (len > 0 && p[len - 1] == '\r')
    len--;
  if (wsd_text_is_plain_ascii ((const char *) p, len) || g_utf8_validate_len ((const char *) p, len, NULL))
    {
      p[len] = '\0';   /* the byte after the line is its line ending or spare room */
      *out_len = len;
      return (const char *) p;
    }
  *out_len = wsd_text_decode_utf8_lenient (p, len, out_reserve (self, len), &self->line_repairs);
  return self->out;
}

/* Where a line ending is in buf[scan, end): the index just past the
 * newline and the line's length; -1 when there is none (yet). */
static gssize
find_newline (WsdTextReader *self, gsize *line_len)
{
  guint8 *p = self->buf + self->scan;
  guint8 *limit = self->buf + self->end;

  if (!is_utf16 (self))
    {
      guint8 *nl = memchr (p, '\n', limit - p);
      if (nl == NULL)
        {
          self->scan = self->end;
          return -1;
        }
      *line_len = nl - (self->buf + self->start);
      return nl + 1 - self->buf;
    }

  for (;;)
    {
      guint8 *nl = memchr (p, '\n', limit - p);
      gint64 abs_pos;

      if (nl == NULL)
        {
          self->scan = self->end > self->start ? self->end - 1 : self->start;
          if (self->scan < self->start)
            self->scan = self->start;
          return -1;
        }
      abs_pos = self->buf_offset + (nl - self->buf);
      if (self->encoding == WSD_TEXT_ENCODING_UTF16LE)
        {
          if ((abs_pos & 1) == 0)
            {
              if (nl + 1 >= limit)
                {
                  self->scan = nl - self->buf;   /* the high byte is not read yet */
                  return -1;
                }
              if (nl[1] == 0)
                {
                  *line_len = nl - (self->buf + self->start);
                  return nl + 2 - self->buf;
                }
            }
        }
      else if ((abs_pos & 1) == 1 && nl > self->buf + self->start && nl[-1] == 0)
        {
          *line_len = nl - 1 - (self->buf + self->start);
          return nl + 1 - self->buf;
        }
      p = nl + 1;
    }
}

/* Cuts an over-long line at a character boundary at most max_line long. */
static gsize
truncation_point (WsdTextReader *self)
{
  gsize cut = self->max_line;
  const guint8 *p = self->buf + self->start;

  if (is_utf16 (self))
    return cut & ~(gsize) 3;   /* never splits a surrogate pair in two units */
  while (cut > 0 && (p[cut] & 0xC0) == 0x80)
    cut--;
  return cut > 0 ? cut : self->max_line;
}

const char *
wsd_text_reader_next_line (WsdTextReader *self, gsize *out_len, GError **error)
{
  gsize dummy_len;

  g_return_val_if_fail (WSD_IS_TEXT_READER (self), NULL);

  if (out_len == NULL)
    out_len = &dummy_len;
  *out_len = 0;
  if (!self->sniffed && !sniff (self, error))
    return NULL;

  for (;;)
    {
      gsize line_len = 0;
      gssize after = find_newline (self, &line_len);

      if (after >= 0)
        {
          gsize from = self->start;

          self->start = self->scan = after;
          if (self->skipping)
            {
              self->skipping = FALSE;
              self->next_line_number++;
              continue;
            }
          self->line_number = self->next_line_number++;
          self->line_offset = self->buf_offset + from;
          self->line_truncated = FALSE;
          return decode_line (self, from, line_len, out_len);
        }

      if (self->eof)
        {
          gsize from = self->start;

          if (from >= self->end)
            return NULL;
          self->start = self->scan = self->end;
          if (self->skipping)
            {
              self->skipping = FALSE;
              return NULL;
            }
          self->line_number = self->next_line_number++;
          self->line_offset = self->buf_offset + from;
          self->line_truncated = FALSE;
          return decode_line (self, from, self->end - from, out_len);
        }

      if (self->skipping)
        {
          /* drop the bytes of the over-long line seen so far */
          gsize keep = self->end - self->scan;

          memmove (self->buf, self->buf + self->scan, keep);
          self->buf_offset += self->scan;
          self->start = self->scan = 0;
          self->end = keep;
        }
      else if (self->end - self->start >= self->max_line)
        {
          gsize from = self->start;
          gsize cut = truncation_point (self);

          self->start = self->scan = from + cut;
          self->skipping = TRUE;
          self->line_number = self->next_line_number;
          self->line_offset = self->buf_offset + from;
          self->line_truncated = TRUE;
          return decode_line (self, from, cut, out_len);
        }

      if (!fill (self, error))
        return NULL;
    }
}

char *
wsd_text_reader_peek_head (WsdTextReader *self, gsize max_bytes, GError **error)
{
  gsize len;
  char *text;

  g_return_val_if_fail (WSD_IS_TEXT_READER (self), NULL);

  if (!self->sniffed && !sniff (self, error))
    return NULL;
  max_bytes = MIN (max_bytes, PEEK_MAX);
  if (!ensure_bytes (self, max_bytes, error))
    return NULL;
  len = MIN (max_bytes, self->end - self->start);
  text = g_malloc (wsd_text_decode_max_output (len));
  if (is_utf16 (self))
    wsd_text_decode_utf16 (self->buf + self->start, len & ~(gsize) 1,
                           self->encoding == WSD_TEXT_ENCODING_UTF16BE, text, NULL);
  else
    wsd_text_decode_utf8_lenient (self->buf + self->start, len, text, NULL);
  return text;
}

gboolean
wsd_text_reader_read_to_end (WsdTextReader *self, GError **error)
{
  g_autofree guint8 *chunk = NULL;

  g_return_val_if_fail (WSD_IS_TEXT_READER (self), FALSE);

  if (!self->sniffed && !sniff (self, error))
    return FALSE;
  chunk = g_malloc (READ_CHUNK);
  while (!self->stream_eof)
    {
      if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
        return FALSE;
      if (read_stream (self, chunk, READ_CHUNK, error) < 0)
        return FALSE;
    }
  return TRUE;
}

guint
wsd_text_reader_get_line_number (WsdTextReader *self)
{
  return self->line_number;
}

gint64
wsd_text_reader_get_line_offset (WsdTextReader *self)
{
  return self->line_offset;
}

gboolean
wsd_text_reader_get_line_truncated (WsdTextReader *self)
{
  return self->line_truncated;
}

gboolean
wsd_text_reader_get_line_repaired (WsdTextReader *self)
{
  return self->line_repairs != 0;
}

gboolean
wsd_text_reader_get_line_had_nul (WsdTextReader *self)
{
  return (self->line_repairs & WSD_TEXT_REPAIR_NUL) != 0;
}

const char *
wsd_text_reader_get_name (WsdTextReader *self)
{
  return self->name;
}

WsdTextEncoding
wsd_text_reader_get_encoding (WsdTextReader *self)
{
  return self->encoding;
}

gboolean
wsd_text_reader_get_compressed (WsdTextReader *self)
{
  return self->decompressor != NULL;
}

gboolean
wsd_text_reader_is_eof (WsdTextReader *self)
{
  return self->eof && self->start >= self->end;
}

gint64
wsd_text_reader_get_bytes_read (WsdTextReader *self)
{
  return self->bytes_read;
}

char *
wsd_text_reader_dup_fingerprint (WsdTextReader *self)
{
  return wsd_fingerprint_get_hex (self->fingerprint);
}
