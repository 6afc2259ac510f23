/* test-events: WSUS Application-log events from wevtutil XML,
 * RenderedXml and Get-WinEvent CSV. */
#include <glib/gstdio.h>
#include "readers-test-util.h"

static void
test_wevtutil_xml (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_fixture ("events-wevtutil.xml", &error);
  WsdRun *run;
  WsdEvidence *evidence;
  WsdSource *source;

  g_assert_no_error (error);
  source = only_source (batch);
  g_assert_cmpstr (source->format, ==, "events-xml");
  g_assert_cmpuint (source->records, ==, 7);
  g_assert_cmpuint (source->skipped, ==, 1);   /* "Application Error" */
  g_assert_cmpuint (batch->runs->len, ==, 2);

  /* 381 … 384 is one scheduled run; 7 fractional digits. */
  run = find_run (batch, "2026-10-05T04:00:03Z", NULL);
  g_assert_nonnull (run);
  g_assert_cmpint (run->started % G_USEC_PER_SEC, ==, 123456);
  g_assert_cmpint (run->finished, ==, wsd_time_parse_iso ("2026-10-05T04:06:44Z"));
  g_assert_cmpstr (run->server, ==, "wsus07.corp.example");
  g_assert_cmpint (run->type, ==, WSD_RUN_TYPE_SCHEDULED);
  g_assert_cmpint (run->result, ==, WSD_RESULT_SUCCEEDED);
  g_assert_cmpuint (run->evidence->len, ==, 2);
  evidence = g_ptr_array_index (run->evidence, 0);
  g_assert_cmpuint (evidence->event_id, ==, 381);
  g_assert_cmpuint (evidence->line, ==, 1);

  /* 382 … 386: manual, failed, the reason as error text; 9 digits. */
  run = find_run (batch, "2026-10-06T10:15:31Z", NULL);
  g_assert_nonnull (run);
  g_assert_cmpint (run->started % G_USEC_PER_SEC, ==, 987654);
  g_assert_cmpint (run->type, ==, WSD_RUN_TYPE_MANUAL);
  g_assert_cmpint (run->result, ==, WSD_RESULT_FAILED);
  g_assert_cmpstr (run->error_text, ==, "WebException: The remote server returned an error: (404) Not Found.");

  /* 364 keeps its multi-line message for the store to attach by time. */
  evidence = find_loose (batch, 364, WSD_SOURCE_KIND_EVENT);
  g_assert_nonnull (evidence);
  g_assert_cmpint (evidence->level, ==, WSD_LEVEL_ERROR);
  g_assert_cmpuint (evidence->line, ==, 6);
  g_assert_nonnull (strstr (evidence->text, "\nReason: HTTP status 404"));
  g_assert_nonnull (strstr (evidence->text, "\nSource File: /Content/2B/9F3A0C2B.cab"));
  g_assert_null (strchr (evidence->text, '\r'));
  g_assert_nonnull (find_loose (batch, 361, WSD_SOURCE_KIND_EVENT));
  g_assert_nonnull (find_loose (batch, 10022, WSD_SOURCE_KIND_EVENT));
  for (guint i = 0; i < batch->loose_servers->len; i++)
    g_assert_cmpstr (g_ptr_array_index (batch->loose_servers, i), ==, "wsus07.corp.example");
}

static void
test_rendered_xml (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_fixture ("events-rendered.xml", &error);
  WsdRun *run;
  WsdEvidence *evidence;

  g_assert_no_error (error);
  run = find_run (batch, "2026-10-07T04:00:02Z", NULL);
  g_assert_nonnull (run);
  g_assert_cmpint (run->result, ==, WSD_RESULT_FAILED);
  /* RenderingInfo/Message wins over the insertion strings. */
  evidence = g_ptr_array_index (run->evidence, 1);
  g_assert_cmpstr (evidence->text, ==, "Synchronization failed. Reason: The operation has timed out.");
  g_assert_cmpstr (run->error_text, ==, "The operation has timed out.");
}

static void
test_winevent_csv (void)
{
  g_autofree char *path = fixture_path ("events-winevent.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(WsdImportBatch) shifted = wsd_import_batch_new ();
  g_autoptr(GError) error = NULL;
  WsdReadContext context = { 0 };
  WsdRun *run;
  WsdEvidence *evidence;

  /* No offset known: local time read as UTC, marked approximate. */
  g_assert_true (wsd_readers_import_path (file, path, NULL, &context, batch, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (only_source (batch)->format, ==, "events-csv");
  g_assert_cmpuint (only_source (batch)->skipped, ==, 1);
  g_assert_cmpuint (batch->runs->len, ==, 1);
  run = find_run (batch, "2026-10-08T05:00:04Z", NULL);
  g_assert_nonnull (run);
  g_assert_true (run->approximate_times);
  g_assert_cmpstr (run->server, ==, "wsus09.corp.example");
  g_assert_cmpint (run->result, ==, WSD_RESULT_FAILED);
  evidence = find_loose (batch, 364, WSD_SOURCE_KIND_EVENT);
  g_assert_nonnull (evidence);
  g_assert_cmpuint (evidence->line, ==, 4);
  g_assert_nonnull (strstr (evidence->text, "\nDestination File: E:\\WSUS\\WsusContent\\11\\AB.cab"));

  /* The server's offset (UTC+2) known: exact UTC. */
  context.utc_offset_known = TRUE;
  context.utc_offset_usec = (gint64) 120 * 60 * G_USEC_PER_SEC;
  g_assert_true (wsd_readers_import_path (file, path, NULL, &context, shifted, NULL, &error));
  run = find_run (shifted, "2026-10-08T03:00:04Z", NULL);
  g_assert_nonnull (run);
  g_assert_false (run->approximate_times);
}

static void
test_wrapped_root (void)
{
  /* wevtutil's /e:Events option wraps the sequence in a root element. */
  const char *text =
    "<Events><Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Windows Server Update Services'/>"
    "<EventID>382</EventID><Level>4</Level><TimeCreated SystemTime='2026-10-05T04:00:03.0000000Z'/><Computer>w1</Computer></System></Event>\n"
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Windows Server Update Services'/>"
    "<EventID>384</EventID><Level>4</Level><TimeCreated SystemTime='2026-10-05T04:01:03.0000000Z'/><Computer>w1</Computer></System></Event></Events>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_bytes ("wrapped.xml", text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (batch->runs->len, ==, 1);
  g_assert_cmpint (((WsdRun *) g_ptr_array_index (batch->runs, 0))->type, ==, WSD_RUN_TYPE_MANUAL);
  g_assert_cmpint (((WsdRun *) g_ptr_array_index (batch->runs, 0))->result, ==, WSD_RESULT_SUCCEEDED);
}

static void
test_malformed_xml (void)
{
  const char *text =
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Windows Server Update Services'/>\n"
    "<EventID>381</EventID><TimeCreated SystemTime='2026-10-05T04:00:03.0000000Z'/></System></Event>\n"
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Windows Server Update Services'/>\n"
    "<EventID>384</Event>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_bytes ("broken.xml", text, strlen (text), &error);

  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_DAMAGED);
  assert_error_names (error, "broken.xml", 4);
  g_assert_nonnull (strstr (error->message, "malformed XML"));
}

static void
test_external_entity_refused (void)
{
  g_autofree char *secret = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = NULL;
  g_autofree char *dir = g_dir_make_tmp ("wsd-xxe-XXXXXX", NULL);
  g_autofree char *secret_path = g_build_filename (dir, "secret.txt", NULL);

  g_assert_true (g_file_set_contents (secret_path, "TOP-SECRET-CONTENT", -1, NULL));
  text = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                          "<!DOCTYPE Event [ <!ENTITY leak SYSTEM \"file://%s\"> ]>\n"
                          "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
                          "<Provider Name='Windows Server Update Services'/><EventID>364</EventID>"
                          "<TimeCreated SystemTime='2026-10-05T04:00:03Z'/></System>"
                          "<EventData><Data>&leak;</Data></EventData></Event>\n", secret_path);
  batch = import_bytes ("xxe.xml", text, strlen (text), &error);
  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_REFUSED);
  assert_error_names (error, "xxe.xml", 2);
  g_assert_null (strstr (error->message, "TOP-SECRET"));

  /* Same for a Clixml history. */
  g_clear_error (&error);
  g_free (text);
  text = g_strdup_printf ("<!DOCTYPE Objs [ <!ENTITY leak SYSTEM \"file://%s\"> ]>\n"
                          "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"
                          "<Obj RefId=\"0\"><Props><DT N=\"StartTime\">2026-10-12T01:30:04Z</DT><S N=\"ErrorText\">&leak;</S>"
                          "</Props></Obj></Objs>\n", secret_path);
  batch = import_bytes ("xxe.clixml", text, strlen (text), &error);
  g_assert_null (batch);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_REFUSED);
  g_unlink (secret_path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/readers/events/wevtutil-xml", test_wevtutil_xml);
  g_test_add_func ("/readers/events/rendered-xml", test_rendered_xml);
  g_test_add_func ("/readers/events/winevent-csv", test_winevent_csv);
  g_test_add_func ("/readers/events/wrapped-root", test_wrapped_root);
  g_test_add_func ("/readers/events/malformed-xml", test_malformed_xml);
  g_test_add_func ("/readers/events/external-entity-refused", test_external_entity_refused);
  return g_test_run ();
}
