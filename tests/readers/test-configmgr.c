/* test-configmgr: wsyncmgr.log (SMS trace) and WCM.log (CMTrace). */
#include "readers-test-util.h"

static void
test_wsyncmgr_sms_trace (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_fixture ("wsyncmgr.log", &error);
  WsdRun *run;
  gboolean seen_6703 = FALSE;

  g_assert_no_error (error);
  g_assert_cmpstr (only_source (batch)->format, ==, "wsyncmgr-log");
  g_assert_cmpuint (batch->runs->len, ==, 4);

  /* Bias -60: UTC = 04:00:01 local - 60 min; the "?" of a mangled BOM
   * does not hide the first record. */
  run = find_run (batch, "2026-10-09T03:00:01Z", NULL);
  g_assert_nonnull (run);
  g_assert_cmpint (run->started % G_USEC_PER_SEC, ==, 220000);
  g_assert_cmpstr (run->server, ==, "sup01.corp.example");
  g_assert_true (run->configmgr);
  g_assert_cmpint (run->type, ==, WSD_RUN_TYPE_SCHEDULED);
  g_assert_cmpint (run->result, ==, WSD_RESULT_SUCCEEDED);
  g_assert_cmpint (run->finished / G_USEC_PER_SEC, ==, wsd_time_parse_iso ("2026-10-09T03:04:10Z") / G_USEC_PER_SEC);

  run = find_run (batch, "2026-10-10T03:00:02Z", NULL);
  g_assert_nonnull (run);
  g_assert_cmpint (run->result, ==, WSD_RESULT_FAILED);
  g_assert_cmpstr (run->error, ==, "UssCommunicationError");
  /* "~~" is a newline. */
  g_assert_nonnull (strstr (run->error_text, "secure channel.\n   at System.Net.HttpWebRequest.GetRequestStream"));
  for (guint i = 0; i < run->evidence->len; i++)
    {
      WsdEvidence *evidence = g_ptr_array_index (run->evidence, i);
      g_assert_cmpint (evidence->kind, ==, WSD_SOURCE_KIND_CONFIGMGR_LOG);
      seen_6703 |= strstr (evidence->text, "ID=6703") != NULL;
    }
  g_assert_true (seen_6703);

  /* Retry schedule: upper-case "USSCommunicationError" normalised; the
   * record whose first line has no suffix is joined with the next. */
  run = find_run (batch, "2026-10-10T04:00:03Z", NULL);
  g_assert_nonnull (run);
  g_assert_cmpint (run->type, ==, WSD_RUN_TYPE_SCHEDULED);
  g_assert_cmpstr (run->error, ==, "UssCommunicationError");
  {
    gboolean joined = FALSE;
    for (guint i = 0; i < run->evidence->len; i++)
      {
        WsdEvidence *evidence = g_ptr_array_index (run->evidence, i);
        if (g_str_has_prefix (evidence->text, "Generic exception : ImportUpdateFromCatalogSite failed")
            && strstr (evidence->text, "\nError =The underlying connection was closed") != NULL)
          {
            joined = TRUE;
            g_assert_cmpuint (evidence->line, ==, 23);
          }
      }
    g_assert_true (joined);
  }

  /* A manual sync the log ends in the middle of: result unknown. */
  run = find_run (batch, "2026-10-10T07:41:15Z", NULL);
  g_assert_nonnull (run);
  g_assert_cmpint (run->type, ==, WSD_RUN_TYPE_MANUAL);
  g_assert_cmpint (run->result, ==, WSD_RESULT_UNKNOWN);
  g_assert_cmpint (run->finished, ==, 0);
}

static void
test_wcm_cmtrace (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_fixture ("WCM.log", &error);
  WsdEvidence *evidence;

  g_assert_no_error (error);
  g_assert_cmpstr (only_source (batch)->format, ==, "wcm-log");
  g_assert_cmpuint (only_source (batch)->records, ==, 6);
  g_assert_cmpuint (batch->runs->len, ==, 0);
  g_assert_cmpuint (batch->loose_evidence->len, ==, 2);
  evidence = g_ptr_array_index (batch->loose_evidence, 0);
  g_assert_cmpint (evidence->kind, ==, WSD_SOURCE_KIND_WCM_LOG);
  g_assert_cmpint (evidence->level, ==, WSD_LEVEL_ERROR);
  g_assert_cmpuint (evidence->line, ==, 3);
  g_assert_cmpint (evidence->offset, >, 0);
  g_assert_cmpint (evidence->time / G_USEC_PER_SEC, ==, wsd_time_parse_iso ("2026-10-10T02:12:02Z") / G_USEC_PER_SEC);
  g_assert_cmpstr (evidence->component, ==, "SMS_WSUS_CONFIGURATION_MANAGER");
  /* The message spans lines up to "]LOG]!>". */
  g_assert_true (g_str_has_prefix (evidence->text, "System.Net.WebException: The underlying connection was closed"));
  g_assert_nonnull (strstr (evidence->text, "\n   at Microsoft.UpdateServices.Administration.AdminProxy.CreateUpdateServer"));
  /* The SUP the file connects to names the evidence. */
  g_assert_cmpstr (g_ptr_array_index (batch->loose_servers, 0), ==, "sup01.corp.example");
}

static void
test_damaged_stamps (void)
{
  const char *sms = "Starting Sync  $$<SMS_WSUS_SYNC_MANAGER><10-09-2026 04:00:01.220-60><thread=1 (0x1)>\n"
                    "Sync failed: x  $$<SMS_WSUS_SYNC_MANAGER><13-45-2026 04:00:01.220-60><thread=1 (0x1)>\n";
  const char *cmtrace = "<![LOG[one]LOG]!><time=\"04:00:01.000+0\" date=\"10-09-2026\" component=\"X\" context=\"\" type=\"1\" thread=\"1\" file=\"\">\n"
                        "<![LOG[never closed\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_bytes ("wsyncmgr-bad.log", sms, strlen (sms), &error);

  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_DAMAGED);
  assert_error_names (error, "wsyncmgr-bad.log", 2);
  g_clear_error (&error);
  batch = import_bytes ("wcm-bad.log", cmtrace, strlen (cmtrace), &error);
  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_DAMAGED);
  assert_error_names (error, "wcm-bad.log", 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/readers/configmgr/wsyncmgr-sms-trace", test_wsyncmgr_sms_trace);
  g_test_add_func ("/readers/configmgr/wcm-cmtrace", test_wcm_cmtrace);
  g_test_add_func ("/readers/configmgr/damaged-stamps", test_damaged_stamps);
  return g_test_run ();
}
