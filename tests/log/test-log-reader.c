/* test-log-reader.c: SoftwareDistribution.log records in every encoding
 * and layout, record caps, and hostile input. */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>

#include "wsd-log-import.h"
#include "wsd-log-reader.h"
#include "wsd-importer.h"
#include "wsd-test-util.h"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "log", "fixtures", name, NULL);
}

static char *
fixture_text (const char *name)
{
  g_autofree char *path = fixture_path (name);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

typedef struct {
  char *dir;
} TempDir;

static void
temp_dir_setup (TempDir *fixture, gconstpointer data)
{
  fixture->dir = g_dir_make_tmp ("wsd-log-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
}

static void
temp_dir_teardown (TempDir *fixture, gconstpointer data)
{
  wsd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
write_file (TempDir *fixture, const char *name, const void *data, gsize len)
{
  return wsd_test_write_file (fixture->dir, name, data, (gssize) len);
}

/* Imports @paths (files or folders) through the importer. */
static WsdImportBatch *
import_paths (const char *const *paths, GError **error)
{
  WsdImportBatch *batch = wsd_import_batch_new ();

  if (!wsd_importer_read_paths (paths, batch, NULL, NULL, NULL, error))
    g_clear_pointer (&batch, wsd_import_batch_free);
  return batch;
}

static WsdImportBatch *
import_one (const char *path, GError **error)
{
  const char *paths[] = { path, NULL };
  return import_paths (paths, error);
}

/* The summary of the runs of a batch: "STARTED result type phase;…" */
static char *
describe_runs (WsdImportBatch *batch)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < batch->runs->len; i++)
    {
      WsdRun *run = batch->runs->pdata[i];
      g_autofree char *started = wsd_time_format_iso (run->started);
      const char *phase = wsd_phase_to_string (run->phase);

      g_string_append_printf (out, "%s%s %s %s %s", i > 0 ? ";" : "", started,
                              wsd_result_to_string (run->result), wsd_run_type_to_string (run->type),
                              phase != NULL ? phase : "-");
    }
  return g_string_free (out, FALSE);
}

static const char scheduled_runs[] =
  "2026-03-01T02:00:05Z succeeded scheduled -;2026-03-02T02:00:04Z failed scheduled metadata";

static GBytes *
gzip_bytes (const void *data, gsize len)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));

  g_assert_true (g_output_stream_write_all (out, data, len, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static char *
crlf_of (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  return g_strjoinv ("\r\n", lines);
}

/* The same log in every encoding and layout gives the same runs. */
static void
test_encodings (TempDir *fixture, gconstpointer data)
{
  g_autofree char *text = fixture_text ("scheduled-tabs-lf.log");
  g_autofree char *crlf = crlf_of (text);
  g_autofree char *bom = g_strconcat ("\xEF\xBB\xBF", crlf, NULL);
  g_autoptr(GByteArray) utf16 = wsd_test_utf16le (crlf, TRUE);
  g_autoptr(GBytes) gz = gzip_bytes (utf16->data, utf16->len);
  g_autofree char *spaces = g_strdup (text);
  struct { const char *name; const void *data; gsize len; } variants[] = {
    { "lf.log", text, strlen (text) },
    { "crlf.log", crlf, strlen (crlf) },
    { "bom.log", bom, strlen (bom) },
    { "utf16.log", utf16->data, utf16->len },
    { "utf16-crlf.log.gz", g_bytes_get_data (gz, NULL), g_bytes_get_size (gz) },
    { "spaces.log", spaces, strlen (spaces) },
  };

  for (char *p = spaces; *p != '\0'; p++)
    if (*p == '\t')
      *p = ' ';

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *path = write_file (fixture, variants[i].name, variants[i].data, variants[i].len);
      g_autoptr(GError) error = NULL;
      g_autoptr(WsdImportBatch) batch = import_one (path, &error);
      g_autofree char *runs = NULL;
      WsdRun *failed;
      WsdSource *source;
      g_autofree char *expected_fingerprint = NULL;

      g_test_message ("variant %s", variants[i].name);
      g_assert_no_error (error);
      runs = describe_runs (batch);
      g_assert_cmpstr (runs, ==, scheduled_runs);
      failed = batch->runs->pdata[1];
      g_assert_cmpstr (failed->error, ==, "UssCommunicationError");
      g_assert_true (g_str_has_prefix (failed->error_text, "UssCommunicationError: WebException: The operation has timed out"));
      g_assert_nonnull (strstr (failed->error_text, "\n   at Microsoft.UpdateServices.ServerSyncWebServices.ServerSync.ServerSyncProxy.GetRevisionIdList("));
      g_assert_cmpint (((WsdRun *) batch->runs->pdata[0])->new_updates, ==, 12);
      g_assert_cmpint (((WsdRun *) batch->runs->pdata[0])->revised_updates, ==, 30);
      g_assert_cmpint (((WsdRun *) batch->runs->pdata[0])->expired_updates, ==, 4);

      source = batch->sources->pdata[0];
      expected_fingerprint = g_compute_checksum_for_data (G_CHECKSUM_SHA256, variants[i].data, variants[i].len);
      g_assert_cmpstr (source->fingerprint, ==, expected_fingerprint);
      g_assert_cmpint (source->size, ==, variants[i].len);
      g_assert_cmpstr (source->format, ==, WSD_LOG_FORMAT);
      g_assert_cmpuint (source->records, ==, 16);
    }
}

/* Continuation lines (blank line, frames, --->) join their record; line
 * numbers and offsets are those of the record's first line. */
static void
test_multiline_records (void)
{
  g_autofree char *path = fixture_path ("scheduled-tabs-lf.log");
  g_autofree char *text = fixture_text ("scheduled-tabs-lf.log");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WsdTextReader) reader_text = wsd_text_reader_new_for_file (file, path, NULL, NULL);
  g_autoptr(WsdLogReader) reader = wsd_log_reader_new (reader_text);
  g_autoptr(GError) error = NULL;
  const WsdLogRecord *record;
  guint n = 0;
  gboolean saw_retry = FALSE, saw_error = FALSE;

  while ((record = wsd_log_reader_next (reader, &error)) != NULL)
    {
      n++;
      g_assert_true (memcmp (text + record->offset, record->text, MIN (record->text_len, 40)) == 0);
      if (g_str_equal (record->component, "WebServiceCommunicationHelper.ProcessWebServiceProxyException"))
        {
          saw_retry = TRUE;
          g_assert_cmpint (record->level, ==, WSD_LEVEL_WARNING);
          g_assert_cmpuint (record->line, ==, 12);
          g_assert_cmpuint (record->line_count, ==, 3);
          g_assert_true (g_str_has_suffix (record->text, "Exception Details: System.Net.WebException: The operation has timed out\n\n   at System.Net.HttpWebRequest.GetResponse()"));
        }
      if (g_str_equal (record->component, "CatalogSyncAgentCore.CatalogSyncThreadProcess"))
        {
          saw_error = TRUE;
          g_assert_cmpuint (record->line_count, ==, 6);
          g_assert_cmpstr (record->process, ==, "WsusService.12");
          g_assert_cmpstr (record->level_text, ==, "Error");
          g_assert_true (g_str_has_prefix (record->message, "UssCommunicationError: WebException"));
          g_assert_true (g_str_has_suffix (record->text, "--- End of inner exception stack trace ---"));
        }
      if (record->event_id == 386)
        g_assert_cmpuint (record->line, ==, 21);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 16);
  g_assert_true (saw_retry && saw_error);
  g_assert_cmpuint (wsd_log_reader_get_out_of_order (reader), ==, 0);
}

/* A record longer than the cap keeps its head and notes what was dropped. */
static void
test_record_cap (void)
{
  g_autoptr(GString) text = g_string_new ("2026-01-01 00:00:00.000 UTC\tError\tWsusService.1\tX.Y\tboom\n");
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(WsdTextReader) reader_text = NULL;
  g_autoptr(WsdLogReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const WsdLogRecord *record;

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (text, "   at Frame%u()\n", i);
  g_string_append (text, "2026-01-01 00:00:01.000 UTC\tInfo\tWsusService.1\tX.Z\tnext\n");
  stream = g_memory_input_stream_new_from_data (g_strdup (text->str), text->len, g_free);
  reader_text = wsd_text_reader_new (stream, "cap.log", NULL);
  reader = wsd_log_reader_new (reader_text);

  record = wsd_log_reader_next (reader, &error);
  g_assert_nonnull (record);
  g_assert_true (record->truncated);
  g_assert_cmpuint (record->line_count, ==, 2001);
  g_assert_nonnull (strstr (record->text, "Frame498()"));
  g_assert_null (strstr (record->text, "Frame499()"));
  g_assert_true (g_str_has_suffix (record->text, "[1501 more lines of this record not kept]"));
  record = wsd_log_reader_next (reader, &error);
  g_assert_cmpstr (record->component, ==, "X.Z");
  g_assert_cmpuint (record->line, ==, 2002);
  g_assert_null (wsd_log_reader_next (reader, &error));
  g_assert_no_error (error);
}

static void
test_garbage_is_unknown (TempDir *fixture, gconstpointer data)
{
  g_autoptr(GByteArray) junk = g_byte_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = NULL;

  for (guint i = 0; i < 200000; i++)
    {
      guint8 b = g_rand_int_range (rand, 0, 256);
      g_byte_array_append (junk, &b, 1);
    }
  path = write_file (fixture, "garbage.bin", junk->data, junk->len);
  batch = import_one (path, &error);
  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_UNKNOWN_FORMAT);
  g_assert_true (g_str_has_prefix (error->message, path));
}

/* NUL bytes inside a log: damaged, naming the file and line. */
static void
test_nul_bytes_damaged (TempDir *fixture, gconstpointer data)
{
  g_autofree char *text = fixture_text ("scheduled-tabs-lf.log");
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = NULL;
  const char *fifth = text;

  for (guint i = 0; i < 4; i++)
    fifth = strchr (fifth, '\n') + 1;
  g_byte_array_append (bytes, (const guint8 *) text, fifth - text);
  g_byte_array_append (bytes, (const guint8 *) "\0\0\0\0garbage\0\n", 13);
  g_byte_array_append (bytes, (const guint8 *) fifth, strlen (fifth));
  path = write_file (fixture, "nul.log", bytes->data, bytes->len);
  batch = import_one (path, &error);
  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_DAMAGED);
  expected = g_strdup_printf ("%s:5: ", path);
  g_assert_true (g_str_has_prefix (error->message, expected));
}

/* A crash leaves zero-filled blocks at the end of the log: those are
 * skipped, and every record before them is still read. */
static void
test_nul_padding_skipped (TempDir *fixture, gconstpointer data)
{
  g_autofree char *text = fixture_text ("scheduled-tabs-lf.log");
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) clean = NULL;
  g_autoptr(WsdImportBatch) padded = NULL;
  g_autofree char *clean_path = NULL;
  g_autofree char *padded_path = NULL;
  guint8 zeros[4096] = { 0 };

  clean_path = write_file (fixture, "clean.log", (const guint8 *) text, strlen (text));
  clean = import_one (clean_path, &error);
  g_assert_no_error (error);
  g_byte_array_append (bytes, (const guint8 *) text, strlen (text));
  g_byte_array_append (bytes, zeros, sizeof zeros);
  g_byte_array_append (bytes, (const guint8 *) "\n", 1);
  g_byte_array_append (bytes, zeros, 100);
  padded_path = write_file (fixture, "padded.log", bytes->data, bytes->len);
  padded = import_one (padded_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (padded);
  g_assert_cmpuint (padded->runs->len, ==, clean->runs->len);
  g_assert_cmpuint (padded->runs->len, >, 0);
}

static void
test_impossible_timestamp_damaged (TempDir *fixture, gconstpointer data)
{
  static const char text[] =
    "2026-03-01 02:00:05.500 UTC\tInfo\tWsusService.1\tEventLogEventReporter.ReportEvent\tEventId=381,Type=Information,Category=Synchronization,Message=A scheduled synchronization was started.\n"
    "2026-13-41 02:00:05.500 UTC\tInfo\tWsusService.1\tX.Y\tbad\n";
  g_autofree char *path = write_file (fixture, "bad-time.log", text, strlen (text));
  g_autofree char *expected = g_strdup_printf ("%s:2: impossible timestamp", path);
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_one (path, &error);

  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_DAMAGED);
  g_assert_true (g_str_has_prefix (error->message, expected));
}

/* A UTF-16 file cut in the middle of a code unit still reads. */
static void
test_truncated_utf16 (TempDir *fixture, gconstpointer data)
{
  g_autofree char *text = fixture_text ("scheduled-tabs-lf.log");
  g_autoptr(GByteArray) utf16 = wsd_test_utf16le (text, TRUE);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = NULL;
  g_autofree char *runs = NULL;

  g_byte_array_set_size (utf16, utf16->len - 3);   /* odd length, inside the last line */
  path = write_file (fixture, "cut.log", utf16->data, utf16->len);
  batch = import_one (path, &error);
  g_assert_no_error (error);
  runs = describe_runs (batch);
  g_assert_cmpstr (runs, ==, scheduled_runs);
}

static glong
max_rss_kb (void)
{
  struct rusage usage;
  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* A 50 MB line (no newline at all) inside a record and as a record of its
 * own: read with bounded memory, kept truncated. */
static void
test_huge_line (TempDir *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "huge.log", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL);
  g_autofree char *chunk = g_malloc (1024 * 1024);
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = NULL;
  static const char start[] =
    "2026-03-01 02:00:05.500 UTC\tInfo\tWsusService.1\tEventLogEventReporter.ReportEvent\tEventId=381,Type=Information,Category=Synchronization,Message=A scheduled synchronization was started.\n"
    "2026-03-01 02:00:06.000 UTC\tError\tWsusService.1\tCatalogSyncAgentCore.CatalogSyncThreadProcess\tWebException: ";
  static const char end[] =
    "\n2026-03-01 02:00:07.000 UTC\tInfo\tWsusService.1\tEventLogEventReporter.ReportEvent\tEventId=386,Type=Error,Category=Synchronization,Message=Synchronization failed. Reason: x\n";
  glong rss_before = max_rss_kb ();
  WsdRun *run;

  memset (chunk, 'x', 1024 * 1024);
  g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), start, strlen (start), NULL, NULL, NULL));
  for (guint i = 0; i < 50; i++)
    g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), chunk, 1024 * 1024, NULL, NULL, NULL));
  g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), end, strlen (end), NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL));
  g_clear_pointer (&chunk, g_free);

  batch = import_one (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->runs->len, ==, 1);
  run = batch->runs->pdata[0];
  g_assert_cmpint (run->result, ==, WSD_RESULT_FAILED);
  g_assert_nonnull (run->error_text);
  g_assert_cmpuint (strlen (run->error_text), <=, WSD_LOG_RECORD_MAX_BYTES);
  g_assert_true (g_str_has_prefix (run->error_text, "WebException: xxx"));
  /* the line is cut at the reader's line bound, never held whole */
  g_assert_cmpint (max_rss_kb () - rss_before, <, 24 * 1024);
}

/* Timestamps that go backwards: runs are still built, in start order. */
static void
test_out_of_order (TempDir *fixture, gconstpointer data)
{
  static const char text[] =
    "2026-03-02 02:00:00.000 UTC\tInfo\tWsusService.1\tEventLogEventReporter.ReportEvent\tEventId=381,Type=Information,Category=Synchronization,Message=A scheduled synchronization was started.\n"
    "2026-03-02 02:01:00.000 UTC\tInfo\tWsusService.1\tEventLogEventReporter.ReportEvent\tEventId=384,Type=Information,Category=Synchronization,Message=Synchronization completed successfully.\n"
    "2026-03-01 02:00:00.000 UTC\tInfo\tWsusService.1\tEventLogEventReporter.ReportEvent\tEventId=381,Type=Information,Category=Synchronization,Message=A scheduled synchronization was started.\n"
    "2026-03-01 02:01:00.000 UTC\tInfo\tWsusService.1\tEventLogEventReporter.ReportEvent\tEventId=386,Type=Error,Category=Synchronization,Message=Synchronization failed. Reason: boom\n";
  g_autofree char *path = write_file (fixture, "order.log", text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_one (path, &error);
  g_autofree char *runs = NULL;

  g_assert_no_error (error);
  runs = describe_runs (batch);
  g_assert_cmpstr (runs, ==, "2026-03-01T02:00:00Z failed scheduled unknown;2026-03-02T02:00:00Z succeeded scheduled -");
  g_assert_cmpstr (((WsdRun *) batch->runs->pdata[0])->error_text, ==, "Synchronization failed. Reason: boom");
}

static void
test_empty_file (TempDir *fixture, gconstpointer data)
{
  g_autofree char *path = write_file (fixture, "SoftwareDistribution.log", "", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_one (path, &error);
  const char *folder[] = { fixture->dir, NULL };
  g_autoptr(WsdImportBatch) from_folder = NULL;
  g_autofree char *skipped = g_strdup_printf ("%s: empty file, not a recognised evidence format", path);

  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_UNKNOWN_FORMAT);
  g_assert_true (g_str_has_prefix (error->message, path));

  g_clear_error (&error);
  from_folder = import_paths (folder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (from_folder->skipped->len, ==, 1);
  g_assert_cmpstr (from_folder->skipped->pdata[0], ==, skipped);
}

static void
test_unreadable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_one ("/nonexistent/SoftwareDistribution.log", &error);

  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_UNREADABLE);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/SoftwareDistribution.log: "));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/log-reader/encodings", TempDir, NULL, temp_dir_setup, test_encodings, temp_dir_teardown);
  g_test_add_func ("/log-reader/multiline", test_multiline_records);
  g_test_add_func ("/log-reader/record-cap", test_record_cap);
  g_test_add ("/log-reader/hostile/garbage", TempDir, NULL, temp_dir_setup, test_garbage_is_unknown, temp_dir_teardown);
  g_test_add ("/log-reader/hostile/nul-bytes", TempDir, NULL, temp_dir_setup, test_nul_bytes_damaged, temp_dir_teardown);
  g_test_add ("/log-reader/hostile/nul-padding", TempDir, NULL, temp_dir_setup, test_nul_padding_skipped, temp_dir_teardown);
  g_test_add ("/log-reader/hostile/impossible-timestamp", TempDir, NULL, temp_dir_setup, test_impossible_timestamp_damaged, temp_dir_teardown);
  g_test_add ("/log-reader/hostile/truncated-utf16", TempDir, NULL, temp_dir_setup, test_truncated_utf16, temp_dir_teardown);
  g_test_add ("/log-reader/hostile/50mb-line", TempDir, NULL, temp_dir_setup, test_huge_line, temp_dir_teardown);
  g_test_add ("/log-reader/hostile/out-of-order", TempDir, NULL, temp_dir_setup, test_out_of_order, temp_dir_teardown);
  g_test_add ("/log-reader/hostile/empty", TempDir, NULL, temp_dir_setup, test_empty_file, temp_dir_teardown);
  g_test_add_func ("/log-reader/hostile/unreadable", test_unreadable);
  return g_test_run ();
}
