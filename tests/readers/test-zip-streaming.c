/* test-zip-streaming: zip members are unpacked as a stream, with the
 * bounds checked as the data comes: a zip bomb is refused with little
 * memory used, and a large legitimate zipped log still imports (through a
 * private temporary file that is gone afterwards). */
#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <zlib.h>
#include "readers-test-util.h"
#include "wsd-importer.h"

static char *work_dir;   /* test files */
static char *temp_dir;   /* TMPDIR of this process: the importer's temporary files */

static gint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10);
}

static void
put_le (GByteArray *out, guint64 value, guint bytes)
{
  for (guint i = 0; i < bytes; i++)
    {
      guint8 byte = (value >> (8 * i)) & 0xff;
      g_byte_array_append (out, &byte, 1);
    }
}

/* One deflate stream of @mib MiB of zeros, made by repeating the output
 * of one fully flushed block (each such block is compressed on its own,
 * so its bytes repeat): no need to compress gigabytes to build it. */
static GByteArray *
deflate_zeros (guint mib)
{
  g_autofree guint8 *zeros = g_malloc0 (1024 * 1024);
  g_autofree guint8 *out = g_malloc (64 * 1024);
  GByteArray *stream = g_byte_array_new ();
  g_autoptr(GByteArray) first = g_byte_array_new ();
  g_autoptr(GByteArray) block = g_byte_array_new ();
  g_autoptr(GByteArray) again = g_byte_array_new ();
  GByteArray *parts[] = { first, block, again };
  z_stream z = { 0 };

  g_assert_cmpint (deflateInit2 (&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), ==, Z_OK);
  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      z.next_in = zeros;
      z.avail_in = 1024 * 1024;
      do
        {
          z.next_out = out;
          z.avail_out = 64 * 1024;
          g_assert_cmpint (deflate (&z, Z_FULL_FLUSH), ==, Z_OK);
          g_byte_array_append (parts[p], out, 64 * 1024 - z.avail_out);
        }
      while (z.avail_out == 0);
    }
  g_assert_cmpuint (block->len, ==, again->len);
  g_assert_true (memcmp (block->data, again->data, block->len) == 0);

  g_byte_array_append (stream, first->data, first->len);
  for (guint i = 1; i < mib; i++)
    g_byte_array_append (stream, block->data, block->len);
  z.next_in = zeros;
  z.avail_in = 0;
  z.next_out = out;
  z.avail_out = 64 * 1024;
  g_assert_cmpint (deflate (&z, Z_FINISH), ==, Z_STREAM_END);
  g_byte_array_append (stream, out, 64 * 1024 - z.avail_out);
  deflateEnd (&z);
  return stream;
}

/* A zip of one deflated member whose headers claim @claimed bytes
 * uncompressed (a bomb lies about its size). */
static char *
write_bomb (const char *name, const char *member, GByteArray *deflated, guint32 claimed)
{
  g_autoptr(GByteArray) zip = g_byte_array_new ();
  char *path = g_build_filename (work_dir, name, NULL);
  guint name_len = strlen (member);
  guint central_offset;

  put_le (zip, 0x04034b50, 4);
  put_le (zip, 20, 2);
  put_le (zip, 0, 2);               /* flags */
  put_le (zip, 8, 2);               /* deflate */
  put_le (zip, 0, 4);               /* time, date */
  put_le (zip, 0, 4);               /* crc (never reached) */
  put_le (zip, deflated->len, 4);
  put_le (zip, claimed, 4);
  put_le (zip, name_len, 2);
  put_le (zip, 0, 2);
  g_byte_array_append (zip, (const guint8 *) member, name_len);
  g_byte_array_append (zip, deflated->data, deflated->len);

  central_offset = zip->len;
  put_le (zip, 0x02014b50, 4);
  put_le (zip, 20, 2);
  put_le (zip, 20, 2);
  put_le (zip, 0, 2);
  put_le (zip, 8, 2);
  put_le (zip, 0, 4);
  put_le (zip, 0, 4);
  put_le (zip, deflated->len, 4);
  put_le (zip, claimed, 4);
  put_le (zip, name_len, 2);
  put_le (zip, 0, 2);               /* extra */
  put_le (zip, 0, 2);               /* comment */
  put_le (zip, 0, 2);               /* disk */
  put_le (zip, 0, 2);               /* internal attributes */
  put_le (zip, 0, 4);               /* external attributes */
  put_le (zip, 0, 4);               /* local header offset */
  g_byte_array_append (zip, (const guint8 *) member, name_len);

  put_le (zip, 0x06054b50, 4);
  put_le (zip, 0, 2);
  put_le (zip, 0, 2);
  put_le (zip, 1, 2);
  put_le (zip, 1, 2);
  put_le (zip, zip->len - central_offset - 12, 4);
  put_le (zip, central_offset, 4);
  put_le (zip, 0, 2);
  g_assert_true (g_file_set_contents (path, (const char *) zip->data, zip->len, NULL));
  return path;
}

static WsdImportBatch *
import_paths (const char *path, GError **error)
{
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  const char *paths[] = { path, NULL };

  if (!wsd_importer_read_paths (paths, batch, NULL, NULL, NULL, error))
    return NULL;
  return g_steal_pointer (&batch);
}

static void
assert_no_temporary_files (void)
{
  g_autoptr(GDir) dir = g_dir_open (temp_dir, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_error ("temporary file left behind: %s/%s", temp_dir, name);
}

static void
bomb_refused_in_child (void)
{
  /* 2 MiB of deflate that would unpack to 2 GiB, claiming 1 MiB. */
  g_autoptr(GByteArray) deflated = deflate_zeros (2048);
  g_autofree char *path = write_bomb ("bomb.zip", "logs/SoftwareDistribution.log", deflated, 1024 * 1024);
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = NULL;
  gint64 before, after;

  g_clear_pointer (&deflated, g_byte_array_unref);
  before = peak_rss_kib ();
  batch = import_paths (path, &error);
  after = peak_rss_kib ();
  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "bomb.zip"));
  g_test_message ("bomb refused: %s; peak RSS grew by %" G_GINT64_FORMAT " KiB", error->message, after - before);
  g_assert_cmpint (after - before, <, 64 * 1024);
  assert_no_temporary_files ();
}

static void
test_bomb_refused_with_little_memory (void)
{
  /* In a child of its own, so that the peak RSS is this test's. */
  if (g_test_subprocess ())
    {
      bomb_refused_in_child ();
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* About @mib MiB of SoftwareDistribution.log: one failed scheduled sync a
 * day, with ordinary lines between start and end. Returns the days. */
static guint
write_log (const char *path, guint mib)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GDateTime) first = g_date_time_new_utc (2025, 1, 1, 3, 0, 6.118);
  guint days = 0;

  while (log->len < (gsize) mib * 1024 * 1024)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (first, days);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

      g_string_append_printf (log, "%s 03:00:06.118 UTC\tInfo\tWsusService.22\tEventLogEventReporter.ReportEvent\t"
                              "EventId=381,Type=Information,Category=Synchronization,"
                              "Message=A scheduled synchronization was started.\r\n", date);
      for (guint i = 0; i < 250; i++)
        g_string_append_printf (log, "%s 03:00:%02u.%03u UTC\tInfo\tWsusService.22\tServerImplementation.GetUpdateData"
                                "\tRevision %u of update %08x-%04x-4000-8000-%012x processed\r\n",
                                date, 7 + i / 10, (i * 37) % 1000, 100 + i, g_str_hash (date) ^ i, i, days * 1000 + i);
      g_string_append_printf (log, "%s 03:00:41.690 UTC\tError\tWsusService.22\tCatalogSyncAgentCore.ExecuteSyncProtocol"
                              "\tWebException: The request failed with HTTP status 503: Service Unavailable.\r\n"
                              "   at Microsoft.UpdateServices.ServerSyncWebServices.ServerSync.ServerSyncProxy.GetAuthConfig()\r\n",
                              date);
      g_string_append_printf (log, "%s 03:00:41.700 UTC\tInfo\tWsusService.22\tEventLogEventReporter.ReportEvent\t"
                              "EventId=386,Type=Error,Category=Synchronization,Message=Synchronization failed. "
                              "Reason: The request failed with HTTP status 503: Service Unavailable.\r\n", date);
      days++;
    }
  g_assert_true (g_file_set_contents (path, log->str, log->len, NULL));
  return days;
}

static char *
zip_file (const char *zip_name, const char *member, const char *source)
{
  char *path = g_build_filename (work_dir, zip_name, NULL);
  struct archive *archive = archive_write_new ();
  struct archive_entry *entry = archive_entry_new ();
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (source, &data, &len, NULL));
  g_assert_cmpint (archive_write_set_format_zip (archive), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_filename (archive, path), ==, ARCHIVE_OK);
  archive_entry_set_pathname (entry, member);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, len);
  g_assert_cmpint (archive_write_header (archive, entry), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_data (archive, data, len), ==, (la_ssize_t) len);
  archive_entry_free (entry);
  g_assert_cmpint (archive_write_close (archive), ==, ARCHIVE_OK);
  archive_write_free (archive);
  return path;
}

static void
test_large_zipped_log_imports (void)
{
  g_autofree char *log_path = g_build_filename (work_dir, "SoftwareDistribution.log", NULL);
  guint days = write_log (log_path, 12);
  g_autofree char *zip_path = zip_file ("logs.zip", "WsusLogs/SoftwareDistribution.log", log_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) plain = import_paths (log_path, &error);
  g_autoptr(WsdImportBatch) zipped = NULL;
  struct stat info;

  g_assert_no_error (error);
  g_assert_cmpint (g_stat (log_path, &info), ==, 0);
  /* Larger than what is unpacked in memory: it goes through a file. */
  g_assert_cmpint (info.st_size, >, (goffset) WSD_ZIP_MEMBER_MEMORY_BYTES);
  g_assert_cmpuint (plain->runs->len, ==, days);

  zipped = import_paths (zip_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (zipped->runs->len, ==, days);
  for (guint i = 0; i < days; i++)
    {
      WsdRun *a = g_ptr_array_index (plain->runs, i);
      WsdRun *b = g_ptr_array_index (zipped->runs, i);

      g_assert_cmpint (a->started, ==, b->started);
      g_assert_cmpint (a->result, ==, b->result);
      g_assert_cmpuint (a->evidence->len, ==, b->evidence->len);
    }
  assert_no_temporary_files ();
}

int
main (int argc, char **argv)
{
  const char *inherited = g_getenv ("WSD_ZIP_STREAMING_BASE");
  g_autofree char *base = NULL;
  int status;

  /* Not through g_get_tmp_dir(): it caches TMPDIR, set below. The
   * children of g_test_trap_subprocess() share the parent's folders. */
  if (inherited != NULL)
    base = g_strdup (inherited);
  else
    {
      base = g_build_filename (g_getenv ("TMPDIR") != NULL ? g_getenv ("TMPDIR") : "/tmp",
                               "wsd-zip-streaming-XXXXXX", NULL);
      g_assert_nonnull (g_mkdtemp (base));
    }
  work_dir = g_build_filename (base, "work", NULL);
  temp_dir = g_build_filename (base, "tmp", NULL);
  if (inherited == NULL)
    {
      g_assert_cmpint (g_mkdir (work_dir, 0700), ==, 0);
      g_assert_cmpint (g_mkdir (temp_dir, 0700), ==, 0);
      g_setenv ("WSD_ZIP_STREAMING_BASE", base, TRUE);
    }
  g_setenv ("TMPDIR", temp_dir, TRUE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/readers/zip-streaming/bomb-refused-with-little-memory", test_bomb_refused_with_little_memory);
  g_test_add_func ("/readers/zip-streaming/large-zipped-log-imports", test_large_zipped_log_imports);
  status = g_test_run ();
  if (inherited == NULL)
    {
      const char *rm[] = { "rm", "-rf", base, NULL };

      g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  return status;
}
