/* test-run-builder.c: run reconstruction from lifecycle markers. */
#include <string.h>

#include "wsd-log-import.h"
#include "wsd-log-markers.h"
#include "wsd-run-builder.h"

static WsdImportBatch *
import_fixtures (const char *const *names)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  WsdImportBatch *batch = wsd_import_batch_new ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      char *path = g_test_build_filename (G_TEST_DIST, "log", "fixtures", names[i], NULL);
      g_ptr_array_add (paths, path);
      g_ptr_array_add (files, g_file_new_for_path (path));
    }
  g_assert_true (wsd_log_import_files ((GFile *const *) files->pdata, (const char *const *) paths->pdata,
                                      files->len, "wsus01.corp.example", batch, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return batch;
}

static WsdImportBatch *
import_fixture (const char *name)
{
  const char *names[] = { name, NULL };
  return import_fixtures (names);
}

static char *
iso (gint64 t)
{
  return wsd_time_format_iso (t);
}

static gboolean
run_has_evidence (WsdRun *run, const char *component, guint event_id)
{
  for (guint i = 0; i < run->evidence->len; i++)
    {
      WsdEvidence *evidence = run->evidence->pdata[i];
      if ((component == NULL || g_strcmp0 (evidence->component, component) == 0) &&
          (event_id == 0 || evidence->event_id == event_id))
        return TRUE;
    }
  return FALSE;
}

static void
test_scheduled_success_and_failure (void)
{
  g_autoptr(WsdImportBatch) batch = import_fixture ("scheduled-tabs-lf.log");
  WsdRun *ok, *failed;
  g_autofree char *ok_started = NULL, *ok_finished = NULL, *failed_started = NULL, *failed_finished = NULL;
  WsdEvidence *first;

  g_assert_cmpuint (batch->runs->len, ==, 2);
  ok = batch->runs->pdata[0];
  failed = batch->runs->pdata[1];
  ok_started = iso (ok->started);
  ok_finished = iso (ok->finished);
  failed_started = iso (failed->started);
  failed_finished = iso (failed->finished);

  g_assert_cmpstr (ok->server, ==, "wsus01.corp.example");
  g_assert_cmpstr (ok_started, ==, "2026-03-01T02:00:05Z");
  g_assert_cmpstr (ok_finished, ==, "2026-03-01T02:03:10Z");
  g_assert_cmpint (ok->type, ==, WSD_RUN_TYPE_SCHEDULED);
  g_assert_cmpint (ok->result, ==, WSD_RESULT_SUCCEEDED);
  g_assert_cmpint (ok->phase, ==, WSD_PHASE_NONE);
  g_assert_null (ok->error_text);
  /* SCHANNEL lines (and the service start) before the first run belong to it */
  first = ok->evidence->pdata[0];
  g_assert_cmpstr (first->component, ==, "SusService.OnStart");
  g_assert_true (run_has_evidence (ok, "WsusTlsSettings.LogSchannelProtocols", 0));
  g_assert_false (run_has_evidence (ok, "ClientImplementation..ctor", 0));   /* Info noise is not kept */
  /* the line naming the sync peer is kept in every run */
  g_assert_true (run_has_evidence (ok, "ServerSyncLib.InternetGetServerAuthConfig", 0));
  g_assert_true (run_has_evidence (failed, "ServerSyncLib.InternetGetServerAuthConfig", 0));

  g_assert_cmpstr (failed_started, ==, "2026-03-02T02:00:04Z");
  g_assert_cmpstr (failed_finished, ==, "2026-03-02T02:01:09Z");
  g_assert_cmpint (failed->result, ==, WSD_RESULT_FAILED);
  g_assert_cmpint (failed->phase, ==, WSD_PHASE_METADATA);
  g_assert_cmpstr (failed->error, ==, "UssCommunicationError");
  /* the Action: Retry record, the 386 and the health error after the run (rule 7) */
  g_assert_true (run_has_evidence (failed, "WebServiceCommunicationHelper.ProcessWebServiceProxyException", 0));
  g_assert_true (run_has_evidence (failed, NULL, 386));
  g_assert_true (run_has_evidence (failed, "HmtWebServices.CheckReportingWebService", 0));
  for (guint i = 0; i < failed->evidence->len; i++)
    {
      WsdEvidence *evidence = failed->evidence->pdata[i];
      g_assert_cmpint (evidence->kind, ==, WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG);
      g_assert_true (g_str_has_suffix (evidence->source_path, "scheduled-tabs-lf.log"));
      g_assert_cmpuint (evidence->line, >, 0);
      g_assert_cmpint (evidence->offset, >=, 0);
      g_assert_true (g_str_has_prefix (evidence->text, "2026-03-0"));
    }
}

static void
test_manual (void)
{
  g_autoptr(WsdImportBatch) batch = import_fixture ("manual-spaces-crlf.log");
  WsdRun *run;
  g_autofree char *started = NULL;

  g_assert_cmpuint (batch->runs->len, ==, 1);
  run = batch->runs->pdata[0];
  started = iso (run->started);
  /* started at the admin's request, not at the 382 a second later */
  g_assert_cmpstr (started, ==, "2026-04-10T09:15:30Z");
  g_assert_cmpint (run->started % G_USEC_PER_SEC, ==, 120000);
  g_assert_cmpint (run->type, ==, WSD_RUN_TYPE_MANUAL);
  g_assert_cmpint (run->result, ==, WSD_RESULT_SUCCEEDED);
  g_assert_true (run_has_evidence (run, "AdminDataAccess.StartSubscriptionManually", 0));
  g_assert_true (run_has_evidence (run, NULL, 382));
}

static void
test_cancel_restart_content_midrun (void)
{
  g_autoptr(WsdImportBatch) batch = import_fixture ("lifecycle-mixed.log");
  WsdRun *canceled, *cut, *content, *running;

  g_assert_cmpuint (batch->runs->len, ==, 4);
  canceled = batch->runs->pdata[0];
  cut = batch->runs->pdata[1];
  content = batch->runs->pdata[2];
  running = batch->runs->pdata[3];

  g_assert_cmpint (canceled->result, ==, WSD_RESULT_CANCELED);
  g_assert_cmpint (canceled->finished, >, canceled->started);

  /* the service restarted inside the run: its outcome is not known */
  g_assert_cmpint (cut->result, ==, WSD_RESULT_UNKNOWN);
  g_assert_cmpint (cut->finished, ==, 0);

  g_assert_cmpint (content->result, ==, WSD_RESULT_FAILED);
  g_assert_cmpint (content->phase, ==, WSD_PHASE_CONTENT);
  g_assert_true (g_str_has_prefix (content->error_text, "Download error: http://download.example/a.cab"));
  g_assert_true (run_has_evidence (content, NULL, 364));
  for (guint i = 0; i < content->evidence->len; i++)
    {
      WsdEvidence *evidence = content->evidence->pdata[i];
      if (evidence->event_id == 364)
        g_assert_true (g_str_has_suffix (evidence->text,
                                         "Source File: http://download.example/a.cab\n"
                                         "Destination File: E:\\WSUS\\WsusContent\\AA\\A.cab"));
    }

  /* the log ends inside this run: running, never a guess */
  g_assert_cmpint (running->result, ==, WSD_RESULT_RUNNING);
  g_assert_cmpint (running->finished, ==, 0);
  g_assert_null (running->error_text);
}

/* The older file sorts after the newer one by name; first timestamps
 * order them and the run across the rollover is one run. */
static void
test_rollover (void)
{
  const char *names[] = { "rollover/a-current.log", "rollover/b-older.log", NULL };
  g_autoptr(WsdImportBatch) batch = import_fixtures (names);
  g_autofree char *across = NULL;
  WsdRun *run;

  g_assert_cmpuint (batch->sources->len, ==, 2);
  g_assert_true (g_str_has_suffix (((WsdSource *) batch->sources->pdata[0])->path, "b-older.log"));
  g_assert_cmpuint (batch->runs->len, ==, 3);
  run = batch->runs->pdata[1];
  across = iso (run->started);
  g_assert_cmpstr (across, ==, "2026-06-02T04:00:01Z");
  g_assert_cmpint (run->result, ==, WSD_RESULT_SUCCEEDED);
  g_assert_true (run_has_evidence (run, NULL, 381));
  g_assert_true (run_has_evidence (run, NULL, 384));
  run = batch->runs->pdata[2];
  g_assert_cmpint (run->result, ==, WSD_RESULT_FAILED);
  g_assert_cmpstr (run->error_text, ==, "Synchronization failed. Reason: The remote name could not be resolved: 'upstream.corp.example'.");
}

/* SyncFinish ends the catalog part only: a completion line before the
 * next start completes that run, and the content errors in between are
 * its final error. Without a completion they stay evidence, not final. */
static void
test_syncfinish_then_completion (void)
{
  g_autoptr(WsdImportBatch) batch = import_fixture ("syncfinish-then-completion.log");
  g_autofree char *failed_finished = NULL;
  WsdRun *failed, *unknown, *succeeded;

  g_assert_cmpuint (batch->runs->len, ==, 3);
  failed = batch->runs->pdata[0];
  unknown = batch->runs->pdata[1];
  succeeded = batch->runs->pdata[2];

  g_assert_cmpint (failed->result, ==, WSD_RESULT_FAILED);
  failed_finished = iso (failed->finished);
  g_assert_cmpstr (failed_finished, ==, "2026-07-01T03:41:33Z");
  g_assert_cmpint (failed->phase, ==, WSD_PHASE_CONTENT);
  g_assert_true (g_str_has_prefix (failed->error_text, "System.UnauthorizedAccessException: Access to the path"));
  g_assert_true (run_has_evidence (failed, NULL, 386));
  g_assert_cmpint (failed->new_updates, ==, 6);

  /* nothing said the second run failed: an error after its SyncFinish is
   * evidence (rule 7), not its outcome */
  g_assert_cmpint (unknown->result, ==, WSD_RESULT_UNKNOWN);
  g_assert_null (unknown->error_text);
  g_assert_true (run_has_evidence (unknown, "ContentSyncAgent.JobError", 0));

  g_assert_cmpint (succeeded->result, ==, WSD_RESULT_SUCCEEDED);
  g_assert_null (succeeded->error_text);
}

static gboolean
notable_info (const char *component, const char *message, gboolean inside_run)
{
  WsdLogRecord record = { .level = WSD_LEVEL_INFO, .component = component, .message = message,
                          .message_len = strlen (message), .text = message, .text_len = strlen (message) };
  return wsd_log_record_is_notable (&record, inside_run);
}

/* Info records that say what the server is and whom it syncs with are
 * evidence, inside a run or between runs; other Info lines are not. */
static void
test_notable_identity (void)
{
  g_assert_true (notable_info ("ClientImplementation..ctor", "Initializing ClientWebService ProcessID = 1560, "
                               "Process Start Time = 1/15/2027 1:00:00 AM, Product Version = 3.2.7600.283", FALSE));
  g_assert_true (notable_info ("ServerSyncLib.InternetGetServerAuthConfig",
                               "Calling GetAuthConfig on https://sws.update.microsoft.com/ServerSyncWebService/ServerSyncWebService.asmx", FALSE));
  g_assert_false (notable_info ("ClientImplementation..ctor", "Initializing ClientWebService ProcessID = 1", FALSE));
  g_assert_false (notable_info ("CatalogSyncAgentCore.Foo", "Calling the import routine", TRUE));
  g_assert_false (notable_info ("WsusTestKeys.AreTestKeysAllowed", "Server test key check: test keys are NOT allowed", TRUE));
}

static void
test_phase_table (void)
{
  static const struct { const char *text; WsdPhase phase; } cases[] = {
    { "WebException: x\n   at System.Net.HttpWebRequest.GetRequestStream()\n"
      "   at Microsoft.UpdateServices.ServerSyncWebServices.ServerSync.ServerSyncProxy.GetAuthConfig()\n"
      "   at Microsoft.UpdateServices.ServerSync.CatalogSyncAgentCore.SyncConfigUpdatesFromUSS()", WSD_PHASE_AUTHORIZATION },
    { "x\n   bei Microsoft.UpdateServices.ServerSync.CatalogSyncAgentCore.GetUpdateDataInChunksAndImport(List`1 a)", WSD_PHASE_METADATA },
    { "x\n   в Microsoft.UpdateServices.ServerSync.CatalogSyncAgentCore.SyncDeploymentsFromUSS()", WSD_PHASE_DEPLOYMENTS },
    { "x\n   à Microsoft.UpdateServices.ServerSync.ContentSyncAgent.JobError(IBitsJob job)", WSD_PHASE_CONTENT },
    { "USS ThrowException: Actor = https://x/, Method = \"http://www.microsoft.com/SoftwareDistribution/GetUpdateData\", ID=1", WSD_PHASE_METADATA },
    { "no frames at all", WSD_PHASE_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (wsd_log_phase_from_text (cases[i].text), ==, cases[i].phase);
  g_assert_cmpint (wsd_log_phase_from_component ("ContentSyncAgent.JobError"), ==, WSD_PHASE_CONTENT);
  g_assert_cmpstr (wsd_log_find_sync_error ("Error : ProxyError, x"), ==, "ProxyError");
  g_assert_cmpstr (wsd_log_find_sync_error ("ErrorCode=IncompatibleProtocolVersionOnUss"), ==, "IncompatibleProtocolVersionOnUss");
  g_assert_null (wsd_log_find_sync_error ("MyProxyErrorHandler"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/run-builder/scheduled-success-and-failure", test_scheduled_success_and_failure);
  g_test_add_func ("/run-builder/manual", test_manual);
  g_test_add_func ("/run-builder/cancel-restart-content-midrun", test_cancel_restart_content_midrun);
  g_test_add_func ("/run-builder/rollover", test_rollover);
  g_test_add_func ("/run-builder/phase-table", test_phase_table);
  g_test_add_func ("/run-builder/notable-identity", test_notable_identity);
  g_test_add_func ("/run-builder/syncfinish-then-completion", test_syncfinish_then_completion);
  return g_test_run ();
}
