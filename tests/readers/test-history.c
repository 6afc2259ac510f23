/* test-history: sync history exports in every shape PowerShell writes. */
#include "readers-test-util.h"
#include "wsd-sync-enums.h"

static void
test_csv_en_us (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_fixture ("history-en-us.csv", &error);
  WsdRun *run;
  WsdEvidence *evidence;

  g_assert_no_error (error);
  g_assert_cmpuint (batch->runs->len, ==, 3);
  g_assert_cmpstr (only_source (batch)->format, ==, "history-csv");
  g_assert_cmpuint (only_source (batch)->records, ==, 3);
  g_assert_nonnull (only_source (batch)->fingerprint);
  g_assert_cmpuint (strlen (only_source (batch)->fingerprint), ==, 64);

  run = find_run (batch, "2026-10-04T02:00:07Z", "8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d");
  g_assert_nonnull (run);
  g_assert_null (run->server);
  g_assert_cmpint (run->finished, ==, wsd_time_parse_iso ("2026-10-04T02:00:19Z"));
  g_assert_cmpint (run->type, ==, WSD_RUN_TYPE_SCHEDULED);
  g_assert_cmpint (run->result, ==, WSD_RESULT_FAILED);
  g_assert_cmpstr (run->error, ==, "UssCommunicationError");
  g_assert_false (run->approximate_times);
  /* Multi-line quoted field with CRLF inside: kept, CR dropped. */
  g_assert_true (g_str_has_prefix (run->error_text, "WebException: The request failed with HTTP status 407"));
  g_assert_nonnull (strstr (run->error_text, "\n   at Microsoft.UpdateServices.ServerSyncWebServices"));
  g_assert_null (strchr (run->error_text, '\r'));
  g_assert_cmpuint (run->evidence->len, ==, 1);
  evidence = g_ptr_array_index (run->evidence, 0);
  g_assert_cmpint (evidence->kind, ==, WSD_SOURCE_KIND_HISTORY);
  g_assert_cmpuint (evidence->line, ==, 4);
  g_assert_cmpint (evidence->level, ==, WSD_LEVEL_ERROR);
  g_assert_nonnull (strstr (evidence->text, "UssCommunicationError"));
  g_assert_nonnull (strstr (evidence->text, "HTTP status 407"));

  /* 1:15:44 PM → 13:15:44; StartedManually True → manual; "" quotes kept. */
  run = find_run (batch, "2026-10-04T13:15:44Z", "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e");
  g_assert_nonnull (run);
  g_assert_cmpint (run->type, ==, WSD_RUN_TYPE_MANUAL);
  g_assert_cmpstr (run->error, ==, "ProxyError");
  g_assert_cmpstr (run->error_text, ==, "The \"proxy\" said no.\nSecond line");
  g_assert_cmpuint (((WsdEvidence *) g_ptr_array_index (run->evidence, 0))->line, ==, 7);

  run = find_run (batch, "2026-10-03T02:00:05Z", "3f1c2a9e-5b7d-4e21-9a0c-1d2e3f4a5b6c");
  g_assert_nonnull (run);
  g_assert_cmpint (run->result, ==, WSD_RESULT_SUCCEEDED);
  g_assert_null (run->error);
  g_assert_null (run->error_text);
}

static void
test_csv_de_de_semicolon (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_fixture ("history-de-de.csv", &error);
  WsdRun *run;

  g_assert_no_error (error);
  g_assert_cmpuint (batch->runs->len, ==, 2);
  /* 10.10.2026 is day-first: 10 October, read as UTC. */
  run = find_run (batch, "2026-10-10T03:00:09Z", "c0ffee00-1111-4222-8333-777788889999");
  g_assert_nonnull (run);
  g_assert_cmpint (run->result, ==, WSD_RESULT_FAILED);
  g_assert_nonnull (strstr (run->error_text, "\n   bei System.Net.HttpWebRequest"));
  g_assert_nonnull (find_run (batch, "2026-10-09T03:00:12Z", "c0ffee00-1111-4222-8333-444455556666"));
}

static void
test_csv_day_first_detected (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_fixture ("history-en-gb.csv", &error);

  g_assert_no_error (error);
  /* "25/11/2026" proves the file is day-first, so "05/11/2026" is 5 November. */
  g_assert_nonnull (find_run (batch, "2026-11-05T04:00:03Z", "aa000000-0000-4000-8000-000000000001"));
  g_assert_nonnull (find_run (batch, "2026-11-25T04:00:06Z", "aa000000-0000-4000-8000-000000000002"));
}

static void
test_csv_utf16 (void)
{
  g_autofree char *path = fixture_path ("history-en-us.csv");
  g_autofree char *text = NULL;
  g_autofree char *utf16 = NULL;
  g_autoptr(GString) data = g_string_new ("\xFF\xFE");
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = NULL;
  gsize len, written;
  WsdRun *run;

  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  utf16 = g_convert (text, len, "UTF-16LE", "UTF-8", NULL, &written, &error);
  g_assert_no_error (error);
  g_string_append_len (data, utf16, written);
  batch = import_bytes ("history-utf16.csv", data->str, data->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->runs->len, ==, 3);
  run = find_run (batch, "2026-10-04T02:00:07Z", "8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d");
  g_assert_nonnull (run);
  g_assert_cmpstr (run->error, ==, "UssCommunicationError");
  g_assert_nonnull (strstr (run->error_text, "Proxy Authentication Required"));
  /* UTF-16 offsets do not map to file bytes. */
  g_assert_cmpint (((WsdEvidence *) g_ptr_array_index (run->evidence, 0))->offset, ==, -1);
}

static void
test_csv_unbalanced_quotes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_fixture ("bad/history-unbalanced.csv", &error);

  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_DAMAGED);
  assert_error_names (error, "history-unbalanced.csv", 3);
  g_assert_nonnull (strstr (error->message, "unbalanced quotes"));
}

static void
test_clixml (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_fixture ("history.clixml", &error);
  WsdRun *run;
  WsdUpdateError *ue;

  g_assert_no_error (error);
  g_assert_cmpuint (batch->runs->len, ==, 2);
  g_assert_cmpstr (only_source (batch)->format, ==, "history-clixml");
  run = find_run (batch, "2026-10-12T01:30:04Z", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
  g_assert_nonnull (run);
  g_assert_cmpint (run->started % G_USEC_PER_SEC, ==, 123000);
  g_assert_cmpint (run->result, ==, WSD_RESULT_FAILED);
  g_assert_cmpstr (run->error, ==, "ImportUpdateError");
  /* _x000D__x000A_ → newline; _x00E9_ and a surrogate pair → UTF-8. */
  g_assert_cmpstr (run->error_text, ==,
                   "Import failed for 2 updates.\n   at Microsoft.UpdateServices.ServerSync.CatalogSyncAgentCore.ImportUpdates()\n"
                   "Caf\xC3\xA9 \xF0\x9F\x98\x80");
  g_assert_cmpuint (run->update_errors->len, ==, 2);
  ue = g_ptr_array_index (run->update_errors, 0);
  g_assert_cmpstr (ue->update_id, ==, "4d1c0b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d");
  g_assert_cmpint (ue->revision, ==, 105);
  g_assert_cmpstr (ue->error, ==, "MetadataInvalid");
  g_assert_cmpstr (ue->error_text, ==, "Metadata failed validation:\nelement UpdateIdentity\t(RevisionNumber)");
  ue = g_ptr_array_index (run->update_errors, 1);
  g_assert_cmpstr (ue->error, ==, "DependencyNotFound");
  g_assert_null (ue->error_text);
  g_assert_nonnull (strstr (((WsdEvidence *) g_ptr_array_index (run->evidence, 0))->text, "DependencyNotFound"));
  g_assert_cmpuint (((WsdEvidence *) g_ptr_array_index (run->evidence, 0))->line, ==, 2);

  /* +02:00 kept; an enum with only its number stays visible. */
  run = find_run (batch, "2026-10-13T01:30:02Z", "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e");
  g_assert_nonnull (run);
  g_assert_cmpint (run->type, ==, WSD_RUN_TYPE_MANUAL);
  g_assert_cmpint (run->result, ==, WSD_RESULT_SUCCEEDED);
  g_assert_cmpstr (run->error, ==, "Unknown(11)");
  g_assert_null (run->error_text);
}

static void
test_json_ps51 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_fixture ("history-ps51.json", &error);
  WsdRun *run;

  g_assert_no_error (error);
  g_assert_cmpuint (batch->runs->len, ==, 3);
  g_assert_cmpstr (only_source (batch)->format, ==, "history-json");
  /* \/Date(1791165605000)\/ = 2026-10-05T02:00:05Z; 2 = Failed; 5 = ProxyError */
  run = find_run (batch, "2026-10-05T02:00:05Z", "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b");
  g_assert_nonnull (run);
  g_assert_cmpint (run->result, ==, WSD_RESULT_FAILED);
  g_assert_cmpstr (run->error, ==, "ProxyError");
  g_assert_cmpstr (run->error_text, ==,
                   "WebException: The remote server returned an error: (407) Proxy Authentication Required.\n"
                   "   at System.Net.HttpWebRequest.GetRequestStream()");
  /* Depth-truncated UpdateErrors (type-name strings) give nothing. */
  g_assert_cmpuint (run->update_errors->len, ==, 0);
  run = find_run (batch, "2026-10-06T02:00:00Z", "6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c");
  g_assert_nonnull (run);
  g_assert_cmpint (run->type, ==, WSD_RUN_TYPE_MANUAL);
  g_assert_cmpstr (run->error, ==, "Unknown(7)");
  run = find_run (batch, "2026-10-07T02:00:00Z", "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d");
  g_assert_cmpint (run->result, ==, WSD_RESULT_SUCCEEDED);
  g_assert_null (run->error);
}

static void
test_json_ps7 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_fixture ("history-ps7.json", &error);
  WsdRun *run;
  WsdUpdateError *ue;

  g_assert_no_error (error);
  g_assert_cmpuint (batch->runs->len, ==, 2);
  run = find_run (batch, "2026-10-20T05:00:11Z", "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6");
  g_assert_nonnull (run);
  g_assert_cmpint (run->started % G_USEC_PER_SEC, ==, 482000);
  g_assert_cmpstr (run->error, ==, "DssAuthenticationError");
  run = find_run (batch, "2026-10-21T05:00:09Z", "1e2f3a4b-5c6d-4e7f-8091-a2b3c4d5e6f7");
  g_assert_nonnull (run);
  g_assert_cmpint (run->result, ==, WSD_RESULT_FAILED);
  g_assert_cmpstr (run->error, ==, "ImportUpdateError");
  g_assert_null (run->error_text);
  g_assert_cmpuint (run->update_errors->len, ==, 1);
  ue = g_ptr_array_index (run->update_errors, 0);
  g_assert_cmpstr (ue->update_id, ==, "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a");
  g_assert_cmpint (ue->revision, ==, 204);
  g_assert_cmpstr (ue->error, ==, "DependencyNotFound");
}

static void
test_json_history_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_fixture ("history-only.json", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (batch->runs->len, ==, 1);
  g_assert_cmpuint (batch->servers->len, ==, 0);
  g_assert_nonnull (find_run (batch, "2026-10-22T05:00:04Z", "2f3a4b5c-6d7e-4f80-9102-b3c4d5e6f7a8"));
}

static void
test_json_wrong_shape (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_fixture ("bad/wrong-shape.json", &error);

  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_DAMAGED);
  assert_error_names (error, "wrong-shape.json", 0);
  g_assert_nonnull (strstr (error->message, "wrong shape"));

  g_clear_error (&error);
  batch = import_fixture ("bad/wrong-rows.json", &error);
  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "row 1"));

  /* Truncated JSON: the parser's position is in the message. */
  g_clear_error (&error);
  batch = import_bytes ("cut.json", "[{\"StartTime\": \"2026-10-01T00:00:00Z\", \"Res", 44, &error);
  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_DAMAGED);
  assert_error_names (error, "cut.json", 0);
}

static void
test_enum_tables (void)
{
  g_autofree char *unknown = wsd_sync_error_normalize ("12");
  g_autofree char *named = wsd_sync_error_normalize ("usscommunicationerror");
  g_autofree char *none = wsd_sync_error_normalize ("NotApplicable");
  g_autofree char *db = wsd_sync_error_from_number (2);
  WsdResult result;

  g_assert_cmpstr (unknown, ==, "Unknown(12)");
  g_assert_cmpstr (named, ==, "UssCommunicationError");
  g_assert_null (none);
  g_assert_cmpstr (db, ==, "LocalDbConnectFail");
  g_assert_true (wsd_sync_result_parse ("3", &result));
  g_assert_cmpint (result, ==, WSD_RESULT_CANCELED);
  g_assert_true (wsd_sync_result_parse ("NeverRun", &result));
  g_assert_cmpint (result, ==, WSD_RESULT_UNKNOWN);
  g_assert_false (wsd_sync_result_parse ("Maybe", &result));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/readers/history/csv-en-us", test_csv_en_us);
  g_test_add_func ("/readers/history/csv-de-de-semicolon", test_csv_de_de_semicolon);
  g_test_add_func ("/readers/history/csv-day-first-detected", test_csv_day_first_detected);
  g_test_add_func ("/readers/history/csv-utf16", test_csv_utf16);
  g_test_add_func ("/readers/history/csv-unbalanced-quotes", test_csv_unbalanced_quotes);
  g_test_add_func ("/readers/history/clixml", test_clixml);
  g_test_add_func ("/readers/history/json-ps51", test_json_ps51);
  g_test_add_func ("/readers/history/json-ps7", test_json_ps7);
  g_test_add_func ("/readers/history/json-history-only", test_json_history_only);
  g_test_add_func ("/readers/history/json-wrong-shape", test_json_wrong_shape);
  g_test_add_func ("/readers/history/enum-tables", test_enum_tables);
  return g_test_run ();
}
