/* test-bundle: collector bundles as folders and zips, folders without
 * bundle.json, and hostile archives. */
#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include "readers-test-util.h"
#include "wsd-bundle.h"

typedef struct {
  const char *name;
  const char *data;     /* NULL: @zeros bytes of 0 */
  gsize       zeros;
} ZipMember;

/* A zip written by libarchive, as Compress-Archive would write one. */
static GBytes *
make_zip (const ZipMember *members, guint n)
{
  struct archive *archive = archive_write_new ();
  gsize capacity = 8 * 1024 * 1024, used = 0;
  guint8 *buffer = g_malloc (capacity);
  static const guint8 zeros[65536];

  g_assert_cmpint (archive_write_set_format_zip (archive), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_memory (archive, buffer, capacity, &used), ==, ARCHIVE_OK);
  for (guint i = 0; i < n; i++)
    {
      struct archive_entry *entry = archive_entry_new ();
      gsize size = members[i].data != NULL ? strlen (members[i].data) : members[i].zeros;

      archive_entry_set_pathname (entry, members[i].name);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_size (entry, size);
      g_assert_cmpint (archive_write_header (archive, entry), ==, ARCHIVE_OK);
      if (members[i].data != NULL)
        archive_write_data (archive, members[i].data, size);
      else
        for (gsize done = 0; done < size; done += sizeof zeros)
          archive_write_data (archive, zeros, MIN (sizeof zeros, size - done));
      archive_entry_free (entry);
    }
  archive_write_close (archive);
  archive_write_free (archive);
  return g_bytes_new_take (g_realloc (buffer, used), used);
}

static char *
fixture_text (const char *name)
{
  g_autofree char *path = fixture_path (name);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static WsdImportBatch *
import_zip (GBytes *zip, const char *name, GError **error)
{
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  WsdReadContext context = { 0 };

  if (!wsd_collection_import_zip (zip, name, NULL, &context, batch, NULL, error))
    return NULL;
  return g_steal_pointer (&batch);
}

static void
check_bundle (WsdImportBatch *batch)
{
  WsdServer *server;
  JsonObject *proxy;
  WsdRun *run;
  gint64 value = 0;
  gboolean flag = FALSE;

  g_assert_cmpuint (batch->servers->len, ==, 1);
  server = g_ptr_array_index (batch->servers, 0);
  g_assert_cmpstr (server->name, ==, "wsus11.corp.example");
  g_assert_cmpint (server->role, ==, WSD_ROLE_DOWNSTREAM);
  g_assert_cmpstr (server->version, ==, "10.0.20348.2849");
  g_assert_cmpint (server->collected, ==, wsd_time_parse_iso ("2026-10-12T08:00:00Z"));
  g_assert_cmpstr (wsd_server_fact_string (server, "proxy.host"), ==, "proxy.corp.example");
  g_assert_cmpstr (wsd_server_fact_string (server, "services.BITS.start_type"), ==, "Manual");
  g_assert_true (wsd_server_fact_int (server, "upstream_port", &value));
  g_assert_cmpint (value, ==, 8531);
  g_assert_true (wsd_server_fact_bool (server, "tls.dotnet_strong_crypto", &flag));
  g_assert_true (flag);
  /* No password or secret is ever kept. */
  proxy = json_node_get_object (wsd_server_fact_node (server, "proxy"));
  g_assert_false (json_object_has_member (proxy, "password"));
  g_assert_false (json_object_has_member (proxy, "ProxyPassword"));
  g_assert_false (json_object_has_member (server->facts, "secret_token"));
  g_assert_true (json_object_has_member (proxy, "user"));
  g_assert_nonnull (server->updates);
  g_assert_cmpuint (server->updates->len, ==, 2);
  g_assert_cmpstr (((WsdUpdateInfo *) g_ptr_array_index (server->updates, 1))->file_status, ==, "not_needed");
  g_assert_true (((WsdUpdateInfo *) g_ptr_array_index (server->updates, 1))->declined);

  /* Every run and evidence item belongs to the bundle's server, whatever
   * <Computer> or the ConfigMgr log says. */
  g_assert_cmpuint (batch->runs->len, ==, 4);
  for (guint i = 0; i < batch->runs->len; i++)
    g_assert_cmpstr (((WsdRun *) g_ptr_array_index (batch->runs, i))->server, ==, "wsus11.corp.example");
  for (guint i = 0; i < batch->loose_servers->len; i++)
    g_assert_cmpstr (g_ptr_array_index (batch->loose_servers, i), ==, "wsus11.corp.example");
  run = find_run (batch, "2026-10-11T03:00:06Z", "b0b0b0b0-0000-4000-8000-000000000001");
  g_assert_nonnull (run);
  g_assert_cmpuint (run->update_errors->len, ==, 1);
  /* The same sync from the history and from events: within seconds, so
   * the store merges them. */
  g_assert_nonnull (find_run (batch, "2026-10-11T03:00:06Z", NULL));
  g_assert_cmpuint (batch->loose_evidence->len, ==, 2);
}

static void
test_bundle_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_fixture ("bundle-wsus11", &error);
  gboolean readme_skipped = FALSE;

  g_assert_no_error (error);
  check_bundle (batch);
  for (guint i = 0; i < batch->skipped->len; i++)
    readme_skipped |= strstr (g_ptr_array_index (batch->skipped, i), "logs/readme.txt: not a recognised") != NULL;
  g_assert_true (readme_skipped);
}

static void
test_bundle_zip (void)
{
  g_autofree char *bundle = fixture_text ("bundle-wsus11/bundle.json");
  g_autofree char *events = fixture_text ("bundle-wsus11/events.xml");
  g_autofree char *wcm = fixture_text ("bundle-wsus11/configmgr/WCM.log");
  /* As Compress-Archive of the collector's folder writes it: one folder. */
  ZipMember members[] = {
    { "WsusSyncDiagnostics-wsus11/events.xml", events, 0 },
    { "WsusSyncDiagnostics-wsus11/configmgr/WCM.log", wcm, 0 },
    { "WsusSyncDiagnostics-wsus11/bundle.json", bundle, 0 },
    { "WsusSyncDiagnostics-wsus11/notes.txt", "nothing to see", 0 },
  };
  g_autoptr(GBytes) zip = make_zip (members, G_N_ELEMENTS (members));
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_zip (zip, "wsus11.zip", &error);

  g_assert_no_error (error);
  check_bundle (batch);
  g_assert_cmpuint (batch->skipped->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (batch->skipped, 0), "wsus11.zip/WsusSyncDiagnostics-wsus11/notes.txt"));

  /* The same zip through a file on disk and the generic entry point. */
  {
    g_autofree char *dir = g_dir_make_tmp ("wsd-zip-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "bundle.zip", NULL);
    g_autoptr(WsdImportBatch) again = NULL;

    g_assert_true (g_file_set_contents (path, g_bytes_get_data (zip, NULL), g_bytes_get_size (zip), NULL));
    again = import_path (path, &error);
    g_assert_no_error (error);
    check_bundle (again);
    g_remove (path);
    g_rmdir (dir);
  }
}

static void
test_folder_without_bundle (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("wsd-logs-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "SMS", "Logs", NULL);
  g_autofree char *wsyncmgr = fixture_text ("wsyncmgr.log");
  g_autofree char *csv = fixture_text ("history-de-de.csv");
  g_autofree char *p1 = g_build_filename (sub, "wsyncmgr.log", NULL);
  g_autofree char *p2 = g_build_filename (dir, "history.csv", NULL);
  g_autofree char *p3 = g_build_filename (dir, "random.bin", NULL);
  g_autoptr(WsdImportBatch) batch = NULL;

  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  g_assert_true (g_file_set_contents (p1, wsyncmgr, -1, NULL));
  g_assert_true (g_file_set_contents (p2, csv, -1, NULL));
  g_assert_true (g_file_set_contents (p3, "\x01\x02\x03 binary", -1, NULL));
  batch = import_path (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->servers->len, ==, 0);
  g_assert_cmpuint (batch->sources->len, ==, 2);
  g_assert_cmpuint (batch->runs->len, ==, 4 + 2);
  g_assert_cmpuint (batch->skipped->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (batch->skipped, 0), "random.bin"));
  /* Loose files keep their own server names (or none). */
  g_assert_cmpstr (find_run (batch, "2026-10-09T03:00:01Z", NULL)->server, ==, "sup01.corp.example");
  g_assert_null (find_run (batch, "2026-10-09T03:00:12Z", "c0ffee00-1111-4222-8333-444455556666")->server);
  g_remove (p1);
  g_remove (p2);
  g_remove (p3);
  g_rmdir (sub);
  g_free (g_steal_pointer (&sub));
  sub = g_build_filename (dir, "SMS", NULL);
  g_rmdir (sub);
  g_rmdir (dir);
}

static void
test_unknown_single_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_bytes ("notes.txt", "hello\n", 6, &error);

  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_UNKNOWN_FORMAT);
}

static void
test_zip_traversal_refused (void)
{
  const char *names[] = { "../evil.txt", "logs/../../evil.txt", "/etc/evil.txt", "C:\\Windows\\evil.txt", "..\\evil.txt" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      ZipMember members[] = { { "events.xml", "<x/>", 0 }, { names[i], "owned", 0 } };
      g_autoptr(GBytes) zip = make_zip (members, G_N_ELEMENTS (members));
      g_autoptr(GError) error = NULL;
      g_autoptr(WsdImportBatch) batch = import_zip (zip, "hostile.zip", &error);

      g_assert_null (batch);
      g_assert_error (error, WSD_ERROR, WSD_ERROR_REFUSED);
      g_assert_nonnull (strstr (error->message, "hostile.zip"));
      /* libarchive reports Windows separators as '/'. */
      g_autofree char *shown = g_strdelimit (g_strdup (names[i]), "\\", '/');
      if (strstr (error->message, names[i]) == NULL && strstr (error->message, shown) == NULL)
        g_error ("%s does not name %s", error->message, names[i]);
    }
}

static void
test_zip_bomb_bounded (void)
{
  /* 96 MiB of zeros deflate to about 100 KiB: far past the ratio bound. */
  ZipMember members[] = { { "logs/SoftwareDistribution.log", NULL, 96 * 1024 * 1024 } };
  g_autoptr(GBytes) zip = make_zip (members, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = NULL;

  g_assert_cmpuint (g_bytes_get_size (zip), <, 1024 * 1024);
  batch = import_zip (zip, "bomb.zip", &error);
  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "bomb.zip"));
}

static void
test_zip_truncated (void)
{
  g_autofree char *bundle = fixture_text ("bundle-wsus11/bundle.json");
  g_autofree char *events = fixture_text ("bundle-wsus11/events.xml");
  ZipMember members[] = { { "bundle.json", bundle, 0 }, { "events.xml", events, 0 } };
  g_autoptr(GBytes) zip = make_zip (members, G_N_ELEMENTS (members));
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (zip, 0, g_bytes_get_size (zip) * 2 / 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_zip (cut, "cut.zip", &error);

  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "cut.zip"));
  g_assert_nonnull (strstr (error->message, "truncated"));
}

static void
test_bundle_json_errors (void)
{
  const char *wrong_version = "{\"format\": \"wsus-sync-doctor-bundle\", \"version\": 9, \"server\": {\"name\": \"a\"}}";
  const char *no_name = "{\"format\": \"wsus-sync-doctor-bundle\", \"version\": 1, \"server\": {}}";
  const char *bad_history = "{\"format\": \"wsus-sync-doctor-bundle\", \"version\": 1, \"server\": {\"name\": \"a\"}, \"history\": {}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_bytes ("bundle.json", wrong_version, strlen (wrong_version), &error);

  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "version 9"));
  g_clear_error (&error);
  batch = import_bytes ("bundle.json", no_name, strlen (no_name), &error);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_DAMAGED);
  g_clear_error (&error);
  batch = import_bytes ("bundle.json", bad_history, strlen (bad_history), &error);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_DAMAGED);
  g_assert_true (wsd_bundle_name_is_secret ("ProxyPassword"));
  g_assert_false (wsd_bundle_name_is_secret ("user"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/readers/bundle/folder", test_bundle_folder);
  g_test_add_func ("/readers/bundle/zip", test_bundle_zip);
  g_test_add_func ("/readers/bundle/folder-without-bundle", test_folder_without_bundle);
  g_test_add_func ("/readers/bundle/unknown-single-file", test_unknown_single_file);
  g_test_add_func ("/readers/bundle/zip-traversal-refused", test_zip_traversal_refused);
  g_test_add_func ("/readers/bundle/zip-bomb-bounded", test_zip_bomb_bounded);
  g_test_add_func ("/readers/bundle/zip-truncated", test_zip_truncated);
  g_test_add_func ("/readers/bundle/json-errors", test_bundle_json_errors);
  return g_test_run ();
}
