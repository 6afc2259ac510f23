/* wsd-gui-fixture.c: a realistic history for window tests. */
#include "wsd-config.h"

#include <string.h>

#include "wsd-analysis.h"
#include "wsd-gui-fixture.h"

#define HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define DAY (24 * HOUR)

static const char proxy_407_text[] =
  "System.Net.WebException: The remote server returned an error: (407) Proxy Authentication Required.\n"
  "   at System.Web.Services.Protocols.WebClientProtocol.GetWebResponse(WebRequest request)\n"
  "   at System.Web.Services.Protocols.HttpWebClientProtocol.GetWebResponse(WebRequest request)\n"
  "   at Microsoft.UpdateServices.ServerSync.ServerSyncCompressionProxy.GetWebResponse(WebRequest webRequest)\n"
  "   at System.Web.Services.Protocols.SoapHttpClientProtocol.Invoke(String methodName, Object[] parameters)\n"
  "   at Microsoft.UpdateServices.ServerSync.ServerSyncProxy.GetAuthConfig()\n"
  "   at Microsoft.UpdateServices.ServerSync.ServerSyncLib.InternetGetServerAuthConfig(ServerSyncProxy proxy, WebServiceCommunicationHelper webServiceHelper)\n"
  "   at Microsoft.UpdateServices.ServerSync.CatalogSyncAgentCore.ExecuteSyncProtocol(Boolean allowRedirect)";

static const char access_denied_text[] =
  "System.UnauthorizedAccessException: Access to the path 'D:\\WSUS\\WsusContent\\3A\\0F1E2D3C4B5A69788796A5B4C3D2E1F00112233A.cab' is denied.\n"
  "   at System.IO.__Error.WinIOError(Int32 errorCode, String maybeFullPath)\n"
  "   at Microsoft.UpdateServices.Internal.ContentSyncAgent.DownloadFile(String source, String destination)";

static WsdEvidence *
evidence (gint64 time, WsdLevel level, const char *component, const char *text, guint line, const char *path)
{
  WsdEvidence *e = wsd_evidence_new ();

  e->kind = WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG;
  e->source_path = g_strdup (path);
  e->line = line;
  e->offset = -1;
  e->time = time;
  e->level = level;
  e->component = g_strdup (component);
  e->text = g_strdup (text);
  return e;
}

static WsdRun *
make_run (const char *server, gint64 started, gint64 seconds, WsdRunType type, WsdResult result)
{
  WsdRun *run = wsd_run_new ();

  run->server = g_strdup (server);
  run->started = started;
  run->finished = started + seconds * G_USEC_PER_SEC;
  run->type = type;
  run->result = result;
  run->phase = result == WSD_RESULT_SUCCEEDED ? WSD_PHASE_NONE : WSD_PHASE_UNKNOWN;
  run->new_updates = run->revised_updates = run->expired_updates = -1;
  return run;
}

WsdRun *
wsd_gui_fixture_failed_run (gint64 started)
{
  WsdRun *run = make_run ("wsus01.corp.example", started, 148, WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_FAILED);

  run->id = 42;
  run->error = g_strdup ("ProxyError");
  run->error_text = g_strdup (proxy_407_text);
  run->phase = WSD_PHASE_AUTHORIZATION;
  run->incident = g_strdup ("incident-1");
  run->attempt = 1;
  wsd_run_add_evidence (run, evidence (started + 140 * G_USEC_PER_SEC, WSD_LEVEL_ERROR,
                                       "WebServiceCommunicationHelper.ProcessWebServiceProxyException",
                                       proxy_407_text, 1234, "/nonexistent/SoftwareDistribution.log"));
  return run;
}

static WsdServer *
server_with_facts (const char *name, const char *json)
{
  WsdServer *server = wsd_server_new (name);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (json_parser_load_from_data (parser, json, -1, NULL))
    server->facts = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  server->role = wsd_server_role_from_facts (server);
  server->version = g_strdup (wsd_server_fact_string (server, "wsus_version"));
  return server;
}

WsdImportBatch *
wsd_gui_fixture_batch (gint64 now, guint n_days, const char *log_path)
{
  WsdImportBatch *batch = wsd_import_batch_new ();
  gint64 today = now - now % DAY;
  guint line = 10;
  WsdSource *source = wsd_source_new (log_path ? log_path : "SoftwareDistribution.log", "software-distribution-log");
  WsdServer *hq, *downstream, *replica;

  source->fingerprint = g_strdup_printf ("gui-fixture-%" G_GINT64_FORMAT "-%u", today, n_days);
  g_ptr_array_add (batch->sources, source);

  hq = server_with_facts ("wsus-hq.corp.example",
    "{\"name\":\"wsus-hq.corp.example\",\"wsus_version\":\"10.0.17763.678\",\"os\":\"Windows Server 2019\","
    "\"sync_from_microsoft_update\":true,\"mu_url\":\"https://sws.update.microsoft.com\","
    "\"redirector_change_number\":4002,\"replica\":false,"
    "\"proxy\":{\"enabled\":true,\"host\":\"proxy.corp.example\",\"port\":8080,\"user\":\"svc-wsus\","
    "\"domain\":\"CORP\",\"anonymous\":false,\"allow_basic_over_non_ssl\":false},"
    "\"content\":{\"store_locally\":true,\"local_path\":\"D:\\\\WSUS\"},"
    "\"services\":{\"BITS\":{\"start_type\":\"Manual\",\"status\":\"Running\"},"
    "\"WsusService\":{\"start_type\":\"Automatic\",\"status\":\"Running\"}},"
    "\"schedule\":{\"automatic\":true,\"first_sync_utc\":\"02:00:00\",\"syncs_per_day\":1},"
    "\"languages\":[\"en\",\"de\"],\"approved_update_count\":5123}");
  downstream = server_with_facts ("wsus01.corp.example",
    "{\"name\":\"wsus01.corp.example\",\"wsus_version\":\"10.0.17763.678\",\"os\":\"Windows Server 2019\","
    "\"sync_from_microsoft_update\":false,\"upstream_server\":\"wsus-hq.corp.example\","
    "\"upstream_port\":8531,\"upstream_use_ssl\":true,\"replica\":false,"
    "\"proxy\":{\"enabled\":true,\"host\":\"proxy.corp.example\",\"port\":8080,\"user\":\"svc-wsus\","
    "\"domain\":\"CORP\",\"anonymous\":false,\"allow_basic_over_non_ssl\":true},"
    "\"content\":{\"store_locally\":true,\"local_path\":\"D:\\\\WSUS\"},"
    "\"iis\":{\"wsuspool_state\":\"Started\",\"wsuspool_private_memory_kb\":1843200},"
    "\"schedule\":{\"automatic\":true,\"first_sync_utc\":\"03:00:00\",\"syncs_per_day\":1}}");
  replica = server_with_facts ("wsus-branch.corp.example",
    "{\"name\":\"wsus-branch.corp.example\",\"wsus_version\":\"10.0.14393.2969\",\"os\":\"Windows Server 2016\","
    "\"sync_from_microsoft_update\":false,\"upstream_server\":\"wsus-hq.corp.example\","
    "\"upstream_port\":8530,\"upstream_use_ssl\":false,\"replica\":true}");
  g_ptr_array_add (batch->servers, hq);
  g_ptr_array_add (batch->servers, downstream);
  g_ptr_array_add (batch->servers, replica);

  for (guint d = n_days; d-- > 0;)
    {
      gint64 day = today - (gint64) d * DAY;
      WsdRun *run;

      /* The upstream: daily from Microsoft Update, with update counts. */
      run = make_run (hq->name, day + 2 * HOUR + 11 * G_USEC_PER_SEC, 600 + (d * 37) % 900,
                      WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_SUCCEEDED);
      run->new_updates = (int) ((d * 7) % 23);
      run->revised_updates = (int) ((d * 13) % 41);
      run->expired_updates = (int) ((d * 3) % 5);
      g_ptr_array_add (batch->runs, run);

      /* The downstream: a proxy password expired 4 days ago; each failed
       * scheduled sync is retried twice about 15 minutes apart. */
      if (d < 4)
        {
          for (int attempt = 0; attempt < 3; attempt++)
            {
              gint64 start = day + 3 * HOUR + attempt * 15 * 60 * G_USEC_PER_SEC + 4 * G_USEC_PER_SEC;
              run = make_run (downstream->name, start, 21, WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_FAILED);
              run->error = g_strdup ("ProxyError");
              run->error_text = g_strdup (proxy_407_text);
              run->phase = WSD_PHASE_AUTHORIZATION;
              wsd_run_add_evidence (run, evidence (start + 2 * G_USEC_PER_SEC, WSD_LEVEL_INFO,
                                                   "EventLogEventReporter.ReportEvent",
                                                   "EventId=381,Type=Information,Category=Synchronization,"
                                                   "Message=A scheduled synchronization was started.",
                                                   line, source->path));
              wsd_run_add_evidence (run, evidence (start + 19 * G_USEC_PER_SEC, WSD_LEVEL_ERROR,
                                                   "WebServiceCommunicationHelper.ProcessWebServiceProxyException",
                                                   proxy_407_text, line + 1, source->path));
              line += 12;
              g_ptr_array_add (batch->runs, run);
            }
        }
      else if (d == 11)
        {
          run = make_run (downstream->name, day + 3 * HOUR + 5 * G_USEC_PER_SEC, 1460,
                          WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_FAILED);
          run->error = g_strdup ("Unknown");
          run->error_text = g_strdup (access_denied_text);
          run->phase = WSD_PHASE_CONTENT;
          wsd_run_add_evidence (run, evidence (run->finished - G_USEC_PER_SEC, WSD_LEVEL_ERROR,
                                               "ContentSyncAgent.DownloadFile", access_denied_text, line,
                                               source->path));
          line += 4;
          g_ptr_array_add (batch->runs, run);
        }
      else
        {
          run = make_run (downstream->name, day + 3 * HOUR + 5 * G_USEC_PER_SEC, 150 + (d * 11) % 200,
                          WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_SUCCEEDED);
          run->new_updates = (int) ((d * 7) % 23);
          run->revised_updates = (int) ((d * 13) % 41);
          run->expired_updates = (int) ((d * 3) % 5);
          g_ptr_array_add (batch->runs, run);
        }
      if (d == 8)
        {
          run = make_run (downstream->name, day + 14 * HOUR + 32 * 60 * G_USEC_PER_SEC, 64,
                          WSD_RUN_TYPE_MANUAL, WSD_RESULT_CANCELED);
          run->error = g_strdup ("UserCanceled");
          g_ptr_array_add (batch->runs, run);
        }

      /* The replica: fine, every other day a manual sync too. */
      run = make_run (replica->name, day + 4 * HOUR + 30 * 60 * G_USEC_PER_SEC, 240,
                      WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_SUCCEEDED);
      g_ptr_array_add (batch->runs, run);
    }
  return batch;
}

gboolean
wsd_gui_fixture_write_log (const char *path, WsdImportBatch *batch, GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint line = 1;

  /* Lines in the order of their numbers, offsets recorded as written. */
  for (guint target = 1; target < 100000; target++)
    {
      gboolean found = FALSE;

      for (guint r = 0; r < batch->runs->len && !found; r++)
        {
          WsdRun *run = g_ptr_array_index (batch->runs, r);
          for (guint e = 0; run->evidence != NULL && e < run->evidence->len; e++)
            {
              WsdEvidence *ev = g_ptr_array_index (run->evidence, e);
              if (ev->line != target)
                continue;
              {
                g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ev->time / G_USEC_PER_SEC);
                g_autofree char *stamp = g_date_time_format (dt, "%Y-%m-%d %H:%M:%S.000 UTC");

                while (line < target)
                  {
                    g_string_append_printf (text, "%s\tInfo\tWsusService.9\tCatalogSyncAgentCore.Progress\tprogress line %u\r\n",
                                            stamp, line);
                    line++;
                  }
                ev->offset = text->len;
                g_string_append_printf (text, "%s\t%s\tWsusService.9\t%s\t%s\r\n", stamp,
                                        ev->level == WSD_LEVEL_ERROR ? "Error" : "Info", ev->component, ev->text);
                /* Multi-line records take as many line numbers. */
                for (const char *p = ev->text; (p = strchr (p, '\n')) != NULL; p++)
                  line++;
                line++;
                found = TRUE;
              }
              break;
            }
        }
      if (!found && line > target)
        continue;
      if (target > line + 20)
        break;
    }
  return g_file_set_contents (path, text->str, text->len, error);
}

gboolean
wsd_gui_fixture_make_store (const char *path, gint64 now, guint n_days, GError **error)
{
  g_autoptr(WsdStore) store = wsd_store_open (path, error);
  g_autoptr(WsdImportBatch) batch = NULL;
  WsdImportStats stats = { 0 };

  if (store == NULL)
    return FALSE;
  batch = wsd_gui_fixture_batch (now, n_days, NULL);
  if (!wsd_store_import_batch (store, batch, &stats, error))
    return FALSE;
  /* Cache each run's diagnosis, as an import from the window does. */
  {
    g_autoptr(WsdKnowledgeBase) kb = wsd_knowledge_base_new_builtin (error);
    g_autoptr(WsdAnalysis) analysis = kb ? wsd_analysis_new_from_store (store, kb, NULL, 0, error) : NULL;
    return analysis != NULL;
  }
}
