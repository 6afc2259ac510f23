/* test-text-reader.c: encodings, line endings, gzip, bounds, offsets. */
#include <string.h>

#include "wsd-text-reader.h"
#include "wsd-types.h"
#include "wsd-test-util.h"

/* A stream that hands out at most a few bytes per read, so every buffer
 * boundary case of the reader is crossed. */
#define TEST_TYPE_TRICKLE_STREAM (test_trickle_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestTrickleStream, test_trickle_stream, TEST, TRICKLE_STREAM, GInputStream)

struct _TestTrickleStream {
  GInputStream parent_instance;
  GBytes *bytes;
  gsize   pos;
  gsize   step;
};

G_DEFINE_FINAL_TYPE (TestTrickleStream, test_trickle_stream, G_TYPE_INPUT_STREAM)

static gssize
trickle_read (GInputStream *stream, void *buffer, gsize count, GCancellable *cancellable, GError **error)
{
  TestTrickleStream *self = TEST_TRICKLE_STREAM (stream);
  gsize size = g_bytes_get_size (self->bytes);
  gsize n = MIN (MIN (count, self->step), size - self->pos);

  memcpy (buffer, (const guint8 *) g_bytes_get_data (self->bytes, NULL) + self->pos, n);
  self->pos += n;
  return n;
}

static void
trickle_finalize (GObject *object)
{
  g_bytes_unref (TEST_TRICKLE_STREAM (object)->bytes);
  G_OBJECT_CLASS (test_trickle_stream_parent_class)->finalize (object);
}

static void
test_trickle_stream_class_init (TestTrickleStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trickle_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = trickle_read;
}

static void
test_trickle_stream_init (TestTrickleStream *self)
{
}

static WsdTextReader *
reader_for (const void *data, gsize len, gsize step)
{
  g_autoptr(GInputStream) stream = NULL;

  if (step == 0)
    stream = g_memory_input_stream_new_from_data (g_memdup2 (data, len), len, g_free);
  else
    {
      TestTrickleStream *trickle = g_object_new (TEST_TYPE_TRICKLE_STREAM, NULL);
      trickle->bytes = g_bytes_new (data, len);
      trickle->step = step;
      stream = G_INPUT_STREAM (trickle);
    }
  return wsd_text_reader_new (stream, "fixture.log", NULL);
}

typedef struct {
  const char *text;
  guint       line;
  gint64      offset;
} ExpectedLine;

static void
check_lines (WsdTextReader *reader, const ExpectedLine *expected, guint n)
{
  g_autoptr(GError) error = NULL;
  const char *line;
  gsize len;

  for (guint i = 0; i < n; i++)
    {
      line = wsd_text_reader_next_line (reader, &len, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_assert_cmpstr (line, ==, expected[i].text);
      g_assert_cmpuint (len, ==, strlen (expected[i].text));
      g_assert_cmpuint (wsd_text_reader_get_line_number (reader), ==, expected[i].line);
      if (expected[i].offset >= 0)
        g_assert_cmpint (wsd_text_reader_get_line_offset (reader), ==, expected[i].offset);
      g_assert_true (g_utf8_validate (line, len, NULL));
    }
  g_assert_null (wsd_text_reader_next_line (reader, &len, &error));
  g_assert_no_error (error);
  g_assert_true (wsd_text_reader_is_eof (reader));
}

static void
test_utf8_layouts (void)
{
  static const ExpectedLine lines[] = {
    { "alpha", 1, 0 }, { "", 2, 6 }, { "gamma\tdelta", 3, 7 }, { "last", 4, 19 },
  };
  static const ExpectedLine crlf[] = {
    { "alpha", 1, 0 }, { "", 2, 7 }, { "gamma\tdelta", 3, 9 }, { "last", 4, 22 },
  };
  static const ExpectedLine bom[] = {
    { "Größe", 1, 3 }, { "zwei", 2, 11 },
  };
  const gsize steps[] = { 0, 1, 3 };

  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      g_autoptr(WsdTextReader) lf_reader = reader_for ("alpha\n\ngamma\tdelta\nlast", 23, steps[s]);
      g_autoptr(WsdTextReader) crlf_reader = reader_for ("alpha\r\n\r\ngamma\tdelta\r\nlast\r\n", 28, steps[s]);
      g_autoptr(WsdTextReader) bom_reader = reader_for ("\xEF\xBB\xBFGr\xC3\xB6\xC3\x9F" "e\nzwei\n", 16, steps[s]);

      check_lines (lf_reader, lines, G_N_ELEMENTS (lines));
      g_assert_cmpint (wsd_text_reader_get_encoding (lf_reader), ==, WSD_TEXT_ENCODING_UTF8);
      check_lines (crlf_reader, crlf, G_N_ELEMENTS (crlf));
      check_lines (bom_reader, bom, G_N_ELEMENTS (bom));
      g_assert_cmpint (wsd_text_reader_get_encoding (bom_reader), ==, WSD_TEXT_ENCODING_UTF8_BOM);
    }
}

static void
test_utf16le (void)
{
  static const ExpectedLine lines[] = {
    { "2017-10-26 Синхронизация", 1, 2 },
    { "Größe 😀", 2, 2 + 2 * 26 },
    { "tail", 3, -1 },
  };
  const gsize steps[] = { 0, 1, 5 };

  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      g_autoptr(GByteArray) bytes = wsd_test_utf16le ("2017-10-26 Синхронизация\r\nGröße 😀\r\ntail\r\n", TRUE);
      g_autoptr(GByteArray) no_bom = wsd_test_utf16le ("2017-10-26 x\nzwei", FALSE);
      g_autoptr(WsdTextReader) reader = reader_for (bytes->data, bytes->len, steps[s]);
      g_autoptr(WsdTextReader) reader2 = reader_for (no_bom->data, no_bom->len, steps[s]);
      static const ExpectedLine lines2[] = { { "2017-10-26 x", 1, 0 }, { "zwei", 2, 26 } };

      check_lines (reader, lines, G_N_ELEMENTS (lines));
      g_assert_cmpint (wsd_text_reader_get_encoding (reader), ==, WSD_TEXT_ENCODING_UTF16LE);
      check_lines (reader2, lines2, G_N_ELEMENTS (lines2));
    }
}

static void
test_utf16_truncated_and_surrogates (void)
{
  /* BOM, "ab", a lone high surrogate, "\n", then half a code unit */
  static const guint8 data[] = { 0xFF, 0xFE, 'a', 0, 'b', 0, 0x3D, 0xD8, '\n', 0, 'c', 0, 'd' };
  static const ExpectedLine lines[] = { { "ab\xEF\xBF\xBD", 1, 2 }, { "c\xEF\xBF\xBD", 2, 10 } };
  g_autoptr(WsdTextReader) reader = reader_for (data, sizeof data, 0);

  check_lines (reader, lines, G_N_ELEMENTS (lines));
}

static void
test_windows_1252_and_nul (void)
{
  /* "Größe" in Windows-1252, a euro sign, a NUL, and valid UTF-8 kept */
  static const char data[] = "Gr\xF6\xDF" "e \x80\n" "a\0b\n" "\xC3\xA4 ok\n";
  static const ExpectedLine lines[] = {
    { "Größe €", 1, 0 }, { "a\xEF\xBF\xBD" "b", 2, 8 }, { "ä ok", 3, 12 },
  };
  g_autoptr(WsdTextReader) reader = reader_for (data, sizeof data - 1, 0);

  check_lines (reader, lines, G_N_ELEMENTS (lines));
}

static void
test_binary_garbage (void)
{
  g_autoptr(GByteArray) junk = g_byte_array_new ();
  g_autoptr(WsdTextReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (42);
  const char *line;
  gsize len;
  guint count = 0;

  for (guint i = 0; i < 300000; i++)
    {
      guint8 b = g_rand_int_range (rand, 0, 256);
      g_byte_array_append (junk, &b, 1);
    }
  g_rand_free (rand);
  reader = reader_for (junk->data, junk->len, 0);
  while ((line = wsd_text_reader_next_line (reader, &len, &error)) != NULL)
    {
      g_assert_true (g_utf8_validate (line, len, NULL));
      g_assert_cmpuint (strlen (line), ==, len);
      count++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (count, >, 0);
}

static void
test_long_line_truncated (void)
{
  g_autoptr(GString) text = g_string_new ("short\n");
  g_autoptr(WsdTextReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char *line;
  gsize len;

  for (guint i = 0; i < 5000; i++)
    g_string_append (text, "ä");   /* two bytes each: the cut must not split one */
  g_string_append (text, "\nafter\n");

  reader = reader_for (text->str, text->len, 7);
  wsd_text_reader_set_max_line_length (reader, 1001);
  line = wsd_text_reader_next_line (reader, &len, &error);
  g_assert_cmpstr (line, ==, "short");
  g_assert_false (wsd_text_reader_get_line_truncated (reader));
  line = wsd_text_reader_next_line (reader, &len, &error);
  g_assert_nonnull (line);
  g_assert_true (wsd_text_reader_get_line_truncated (reader));
  g_assert_cmpuint (len, ==, 1000);
  g_assert_true (g_utf8_validate (line, len, NULL));
  g_assert_cmpuint (wsd_text_reader_get_line_number (reader), ==, 2);
  g_assert_cmpint (wsd_text_reader_get_line_offset (reader), ==, 6);
  line = wsd_text_reader_next_line (reader, &len, &error);
  g_assert_cmpstr (line, ==, "after");
  g_assert_false (wsd_text_reader_get_line_truncated (reader));
  g_assert_cmpuint (wsd_text_reader_get_line_number (reader), ==, 3);
  g_assert_cmpint (wsd_text_reader_get_line_offset (reader), ==, 6 + 10000 + 1);
  g_assert_null (wsd_text_reader_next_line (reader, &len, &error));
  g_assert_no_error (error);
}

static GBytes *
gzip_of (const void *data, gsize len)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));

  g_assert_true (g_output_stream_write_all (out, data, len, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
test_gzip (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) gz = NULL;
  g_autoptr(GBytes) gz2 = NULL;
  g_autoptr(GByteArray) both = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  const gsize steps[] = { 0, 13 };

  for (guint i = 1; i <= 20000; i++)
    g_string_append_printf (text, "line %u\r\n", i);
  gz = gzip_of (text->str, text->len);
  gz2 = gzip_of ("more\n", 5);

  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      g_autoptr(WsdTextReader) reader = reader_for (g_bytes_get_data (gz, NULL), g_bytes_get_size (gz), steps[s]);
      g_autofree char *fingerprint = NULL;
      g_autofree char *expected = NULL;
      const char *line;
      guint n = 0;

      while ((line = wsd_text_reader_next_line (reader, NULL, &error)) != NULL)
        {
          g_autofree char *want = g_strdup_printf ("line %u", ++n);
          g_assert_cmpstr (line, ==, want);
          g_assert_cmpuint (wsd_text_reader_get_line_number (reader), ==, n);
        }
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, 20000);
      g_assert_true (wsd_text_reader_get_compressed (reader));
      g_assert_cmpint (wsd_text_reader_get_bytes_read (reader), ==, g_bytes_get_size (gz));
      fingerprint = wsd_text_reader_dup_fingerprint (reader);
      expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, gz);
      g_assert_cmpstr (fingerprint, ==, expected);
    }

  /* concatenated members read one after the other */
  g_byte_array_append (both, g_bytes_get_data (gz2, NULL), g_bytes_get_size (gz2));
  g_byte_array_append (both, g_bytes_get_data (gz2, NULL), g_bytes_get_size (gz2));
  {
    static const ExpectedLine lines[] = { { "more", 1, 0 }, { "more", 2, 5 } };
    g_autoptr(WsdTextReader) reader = reader_for (both->data, both->len, 0);
    check_lines (reader, lines, G_N_ELEMENTS (lines));
  }

  /* a truncated copy is an error naming the file, not a crash */
  {
    g_autoptr(WsdTextReader) reader = reader_for (g_bytes_get_data (gz, NULL), g_bytes_get_size (gz) / 2, 0);
    g_autoptr(GError) damaged = NULL;

    while (wsd_text_reader_next_line (reader, NULL, &damaged) != NULL)
      ;
    g_assert_error (damaged, WSD_ERROR, WSD_ERROR_DAMAGED);
    g_assert_true (g_str_has_prefix (damaged->message, "fixture.log:"));
  }
}

static void
test_peek_head_and_fingerprint (void)
{
  static const char data[] = "\xEF\xBB\xBFhead line\nsecond\n";
  g_autoptr(WsdTextReader) reader = reader_for (data, sizeof data - 1, 2);
  g_autoptr(GError) error = NULL;
  g_autofree char *head = wsd_text_reader_peek_head (reader, 4096, &error);
  g_autofree char *fingerprint = NULL;
  g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, sizeof data - 1);

  g_assert_no_error (error);
  g_assert_cmpstr (head, ==, "head line\nsecond\n");
  g_assert_cmpstr (wsd_text_reader_next_line (reader, NULL, &error), ==, "head line");
  g_assert_true (wsd_text_reader_read_to_end (reader, &error));
  fingerprint = wsd_text_reader_dup_fingerprint (reader);
  g_assert_cmpstr (fingerprint, ==, expected);
}

static void
test_empty_and_unreadable (void)
{
  g_autoptr(WsdTextReader) reader = reader_for ("", 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/SoftwareDistribution.log");
  g_autoptr(WsdTextReader) none = NULL;

  g_assert_null (wsd_text_reader_next_line (reader, NULL, &error));
  g_assert_no_error (error);
  none = wsd_text_reader_new_for_file (missing, "/nonexistent/SoftwareDistribution.log", NULL, &error);
  g_assert_null (none);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_UNREADABLE);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/SoftwareDistribution.log: "));
}

static void
test_many_lines_across_buffers (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(WsdTextReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char *line;
  gint64 offset = 0;
  guint n = 0;

  for (guint i = 0; i < 60000; i++)
    g_string_append_printf (text, "%u %s\n", i, i % 7 == 0 ? "a longer line with some more text in it" : "x");
  reader = reader_for (text->str, text->len, 0);
  while ((line = wsd_text_reader_next_line (reader, NULL, &error)) != NULL)
    {
      g_assert_cmpint (wsd_text_reader_get_line_offset (reader), ==, offset);
      g_assert_true (memcmp (text->str + offset, line, strlen (line)) == 0);
      offset += strlen (line) + 1;
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 60000);
  g_assert_cmpint (offset, ==, text->len);
}

/* Past a few megabytes the hash runs on a helper thread: same digest. */
static void
test_fingerprint_large (void)
{
  gsize len = 11 * 1024 * 1024 + 12345;
  g_autofree char *data = g_malloc (len);
  g_autoptr(WsdTextReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *expected = NULL;
  guint lines = 0;

  for (gsize i = 0; i < len; i++)
    data[i] = i % 97 == 96 ? '\n' : 'a' + i % 26;
  expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  reader = reader_for (data, len, 0);
  while (wsd_text_reader_next_line (reader, NULL, &error) != NULL)
    lines++;
  g_assert_no_error (error);
  g_assert_cmpuint (lines, ==, len / 97 + 1);
  fingerprint = wsd_text_reader_dup_fingerprint (reader);
  g_assert_cmpstr (fingerprint, ==, expected);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text-reader/utf8-layouts", test_utf8_layouts);
  g_test_add_func ("/text-reader/utf16le", test_utf16le);
  g_test_add_func ("/text-reader/utf16-truncated", test_utf16_truncated_and_surrogates);
  g_test_add_func ("/text-reader/windows-1252-and-nul", test_windows_1252_and_nul);
  g_test_add_func ("/text-reader/binary-garbage", test_binary_garbage);
  g_test_add_func ("/text-reader/long-line", test_long_line_truncated);
  g_test_add_func ("/text-reader/gzip", test_gzip);
  g_test_add_func ("/text-reader/peek-and-fingerprint", test_peek_head_and_fingerprint);
  g_test_add_func ("/text-reader/empty-and-unreadable", test_empty_and_unreadable);
  g_test_add_func ("/text-reader/across-buffers", test_many_lines_across_buffers);
  g_test_add_func ("/text-reader/fingerprint-large", test_fingerprint_large);
  return g_test_run ();
}
