/* test-cli-knowledge.c: lookup, rules, diagnose and check through the
 * built CLI, over a database written with the store API. */
#include <glib/gstdio.h>
#include "kb-fixtures.h"

static int
run_cli (char **out, const char *first, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list ap;

  g_ptr_array_add (args, (char *) g_getenv ("WSD_CLI"));
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) args->pdata, NULL, 0, NULL, NULL, out, NULL, &status, &error));
  return WEXITSTATUS (status);
}

static void
test_lookup (void)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_assert_cmpint (run_cli (&a, "lookup", "(-2145386477)", NULL), ==, 0);
  g_assert_nonnull (strstr (a, "BG_E_INSUFFICIENT_RANGE_SUPPORT"));
  g_assert_nonnull (strstr (a, "content-range-unsupported"));
  g_assert_cmpint (run_cli (&b, "lookup", "Error", "=", "5", NULL), ==, 0);
  g_assert_nonnull (strstr (b, "E_ACCESSDENIED"));
  g_assert_cmpint (run_cli (&c, "lookup", "0x12345678", NULL), ==, 1);
}

static void
test_lookup_printed_forms (void)
{
  const char *const forms[] = { "hr = 0x80072efd", "HRESULT 0x80072efd", "error code: 0x80072efd", "(0x80072efd)" };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *out = NULL;
      g_assert_cmpint (run_cli (&out, "lookup", forms[i], NULL), ==, 0);
      g_assert_nonnull (strstr (out, "HRESULT 0x80072EFD: ERROR_WINHTTP_CANNOT_CONNECT"));
    }
  /* Several arguments still make one printed code. */
  {
    g_autofree char *out = NULL;
    g_assert_cmpint (run_cli (&out, "lookup", "hr", "=", "0x80072efd", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "ERROR_WINHTTP_CANNOT_CONNECT"));
  }
}

static void
test_lookup_usage (void)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;

  g_assert_cmpint (run_cli (&a, "lookup", "a", "b", NULL), ==, 2);
  g_assert_cmpint (run_cli (&b, "lookup", "", NULL), ==, 2);
  g_assert_cmpint (run_cli (&c, "lookup", "  ", NULL), ==, 2);
  g_assert_cmpint (run_cli (&d, "lookup", "407", "0x80072efd", NULL), ==, 2);
}

static void
test_rules (void)
{
  g_autofree char *list = NULL, *ok = NULL, *bad = NULL;
  g_autofree char *source = g_build_filename (g_getenv ("WSD_SOURCE_ROOT"), "data", "knowledge", NULL);
  g_autofree char *dir = g_dir_make_tmp ("wsd-cli-rules-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "x.rule", NULL);

  g_assert_cmpint (run_cli (&list, "rules", NULL), ==, 0);
  g_assert_nonnull (strstr (list, "bits-service-disabled"));
  g_assert_cmpint (run_cli (&ok, "rules", "--check", source, NULL), ==, 0);
  g_assert_true (g_file_set_contents (file, "[Rule]\nId=x\nKind=cause\nTitle=t\n[Match]\nHttpStatuses=999\n", -1, NULL));
  g_assert_cmpint (run_cli (&bad, "rules", "--check", dir, NULL), ==, 1);
  g_assert_nonnull (strstr (bad, "x.rule:6:"));
}

/* Every evidence item of @findings names its file and, where it has one,
 * its line; no record is shown twice in a finding. */
static void
assert_evidence_placed (JsonArray *findings)
{
  for (guint f = 0; f < json_array_get_length (findings); f++)
    {
      JsonObject *finding = json_array_get_object_element (findings, f);
      JsonArray *evidence = json_object_get_array_member (finding, "evidence");
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint e = 0; e < json_array_get_length (evidence); e++)
        {
          JsonObject *ev = json_array_get_object_element (evidence, e);
          const char *kind = json_object_get_string_member (ev, "kind");
          g_autofree char *place = NULL;

          if (g_str_equal (kind, "bundle") || g_str_equal (kind, "probe"))
            continue;   /* facts and probe steps have no line */
          if (json_object_get_null_member (ev, "path") || json_object_get_null_member (ev, "line"))
            g_error ("%s: evidence %u (%s, “%s”) names no file or line", json_object_get_string_member (finding, "rule"),
                     e, kind, json_object_get_string_member (ev, "text"));
          place = g_strdup_printf ("%s:%" G_GINT64_FORMAT, json_object_get_string_member (ev, "path"),
                                   json_object_get_int_member (ev, "line"));
          if (!g_hash_table_add (seen, g_strdup (place)))
            g_error ("%s: %s shown twice", json_object_get_string_member (finding, "rule"), place);
        }
    }
}

/* A run whose error text came from a history row: the evidence keeps
 * kind history with the file and row. */
static void
test_diagnose_history_evidence (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wsd-cli-db-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "history.sqlite3", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = wsd_store_open (db, &error);
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  WsdRun *bad;
  JsonArray *findings, *evidence;
  JsonObject *first;

  g_assert_no_error (error);
  bad = fx_run ("wsus01.corp.example", "2026-10-02T03:00:18Z", WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_FAILED);
  bad->error = g_strdup ("ProxyError");
  bad->error_text = g_strdup ("WebException: The remote server returned an error: (407) Proxy Authentication Required.\n" FRAMES_AUTH);
  fx_add (bad, WSD_SOURCE_KIND_HISTORY, WSD_LEVEL_ERROR, NULL, 7,
          "ProxyError: WebException: The remote server returned an error: (407) Proxy Authentication Required.");
  g_ptr_array_add (batch->runs, bad);
  g_ptr_array_add (batch->sources, wsd_source_new ("history.csv", "history-csv"));
  g_assert_true (wsd_store_import_batch (store, batch, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (run_cli (&json, "--database", db, "diagnose", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  findings = json_object_get_array_member (json_array_get_object_element (json_object_get_array_member (
    json_node_get_object (json_parser_get_root (parser)), "runs"), 0), "findings");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (findings, 0), "rule"), ==, "proxy-auth");
  assert_evidence_placed (findings);
  evidence = json_object_get_array_member (json_array_get_object_element (findings, 0), "evidence");
  first = json_array_get_object_element (evidence, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "kind"), ==, "history");
  g_assert_cmpstr (json_object_get_string_member (first, "path"), ==, "history.csv");
  g_assert_cmpint (json_object_get_int_member (first, "line"), ==, 7);
}

static void
test_diagnose_and_check (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wsd-cli-db-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "history.sqlite3", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = wsd_store_open (db, &error);
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autofree char *json = NULL, *text = NULL, *status = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  WsdRun *ok, *bad;
  JsonObject *root, *failed;
  JsonArray *runs, *findings;

  g_assert_no_error (error);
  ok = fx_run ("wsus01.corp.example", "2026-10-01T03:00:12Z", WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_SUCCEEDED);
  bad = fx_run ("wsus01.corp.example", "2026-10-02T03:00:18Z", WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_FAILED);
  bad->error = g_strdup ("ProxyError");
  bad->error_text = g_strdup ("WebException: The remote server returned an error: (407) Proxy Authentication Required.\n" FRAMES_AUTH);
  fx_add (bad, WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG, WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", 42,
          "WebException: The remote server returned an error: (407) Proxy Authentication Required.");
  g_ptr_array_add (batch->runs, ok);
  g_ptr_array_add (batch->runs, bad);
  g_ptr_array_add (batch->sources, wsd_source_new ("SoftwareDistribution.log", "software-distribution-log"));
  g_assert_true (wsd_store_import_batch (store, batch, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (run_cli (&json, "--database", db, "diagnose", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  runs = json_object_get_array_member (root, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (runs, 0), "result"), ==, "succeeded");
  failed = json_array_get_object_element (runs, 1);
  g_assert_cmpstr (json_object_get_string_member (failed, "started"), ==, "2026-10-02T03:00:18Z");
  g_assert_cmpstr (json_object_get_string_member (failed, "type"), ==, "scheduled");
  g_assert_cmpstr (json_object_get_string_member (failed, "phase"), ==, "authorization");
  findings = json_object_get_array_member (failed, "findings");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (findings, 0), "rule"), ==, "proxy-auth");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (findings, 0), "kind"), ==, "cause");
  g_assert_true (json_object_has_member (json_array_get_object_element (findings, 0), "evidence"));
  assert_evidence_placed (findings);
  /* The run's error text is the log record at line 42, shown once, first. */
  {
    JsonArray *evidence = json_object_get_array_member (json_array_get_object_element (findings, 0), "evidence");
    JsonObject *first = json_array_get_object_element (evidence, 0);
    g_assert_cmpstr (json_object_get_string_member (first, "path"), ==, "SoftwareDistribution.log");
    g_assert_cmpint (json_object_get_int_member (first, "line"), ==, 42);
    g_assert_cmpstr (json_object_get_string_member (first, "kind"), ==, "software-distribution-log");
  }

  g_assert_cmpint (run_cli (&text, "--database", db, "diagnose", NULL), ==, 0);
  g_assert_nonnull (strstr (text, "Cause: The proxy server rejected WSUS's credentials [proxy-auth"));
  g_assert_nonnull (strstr (text, "   1. In the WSUS console"));

  g_assert_cmpint (run_cli (&status, "--database", db, "check", NULL), ==, 2);
  g_assert_true (g_str_has_prefix (status, "WSUS SYNC CRITICAL - wsus01.corp.example: synchronization failed"));
  g_assert_cmpuint (strchr (status, '\n') - status + 1, ==, strlen (status));   /* one line */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/lookup", test_lookup);
  g_test_add_func ("/cli/lookup/printed-forms", test_lookup_printed_forms);
  g_test_add_func ("/cli/lookup/usage", test_lookup_usage);
  g_test_add_func ("/cli/rules", test_rules);
  g_test_add_func ("/cli/diagnose-and-check", test_diagnose_and_check);
  g_test_add_func ("/cli/diagnose-history-evidence", test_diagnose_history_evidence);
  return g_test_run ();
}
