/* report-fixture.c: realistic WsdAnalysis values for report tests and the
 * report benchmark: a WSUS hierarchy, streaks of failures with retries,
 * findings with evidence and guidance, configuration findings, a probe. */
#include "report-fixture.h"

#include <string.h>

#define MINUTE (G_USEC_PER_SEC * G_GINT64_CONSTANT (60))
#define DAY (MINUTE * 60 * 24)

typedef struct {
  const char *name;
  const char *facts;
  gboolean    downstream;   /* scheduled failures are retried twice */
} ServerSpec;

static const ServerSpec servers[] = {
  { "wsus-hq.corp.example",
    "{\"name\":\"wsus-hq.corp.example\",\"wsus_version\":\"10.0.17763.6054\",\"os\":\"Windows Server 2019\","
    "\"sync_from_microsoft_update\":true,\"mu_url\":\"https://sws.update.microsoft.com\",\"redirector_change_number\":4002,"
    "\"proxy\":{\"enabled\":true,\"host\":\"proxy.corp.example\",\"port\":8080,\"user\":\"svc-wsus\",\"domain\":\"CORP\","
    "\"anonymous\":false,\"allow_basic_over_non_ssl\":true},"
    "\"content\":{\"store_locally\":true,\"local_path\":\"D:\\\\WSUS\",\"acl\":[{\"identity\":\"NT AUTHORITY\\\\NETWORK SERVICE\",\"rights\":\"FullControl\"},"
    "{\"identity\":\"CORP\\\\wsus-admins\",\"rights\":\"FullControl\"}]},"
    "\"services\":{\"BITS\":{\"start_type\":\"Manual\",\"status\":\"Running\"},\"WsusService\":{\"start_type\":\"Automatic\",\"status\":\"Running\"}},"
    "\"iis\":{\"wsuspool_state\":\"Started\",\"wsuspool_private_memory_kb\":1843200},"
    "\"schedule\":{\"automatic\":true,\"first_sync_utc\":\"03:00:00\",\"syncs_per_day\":1},"
    "\"languages\":[\"en\",\"de\",\"fr\"],\"approved_update_count\":5123,\"ip_addresses\":[\"10.20.1.15\",\"fd00:20:1::15\"],"
    "\"tls\":{\"schannel_lines_seen\":true,\"dotnet_strong_crypto\":true}}", FALSE },
  { "wsus01.corp.example",
    "{\"name\":\"wsus01.corp.example\",\"wsus_version\":\"10.0.17763.6054\",\"os\":\"Windows Server 2019\","
    "\"sync_from_microsoft_update\":false,\"upstream_server\":\"wsus-hq.corp.example\",\"upstream_port\":8531,"
    "\"upstream_use_ssl\":true,\"replica\":false,"
    "\"proxy\":{\"enabled\":false},"
    "\"content\":{\"store_locally\":true,\"local_path\":\"E:\\\\WSUS\"},"
    "\"services\":{\"BITS\":{\"start_type\":\"Manual\",\"status\":\"Running\"}},"
    "\"schedule\":{\"automatic\":true,\"first_sync_utc\":\"05:00:00\",\"syncs_per_day\":1},"
    "\"languages\":[\"en\",\"de\"],\"approved_update_count\":4980}", TRUE },
  { "wsus-br02.emea.corp.example",
    "{\"name\":\"wsus-br02.emea.corp.example\",\"wsus_version\":\"10.0.14393.4046\",\"os\":\"Windows Server 2016\","
    "\"sync_from_microsoft_update\":false,\"upstream_server\":\"wsus-hq.corp.example\",\"upstream_port\":8531,"
    "\"upstream_use_ssl\":true,\"replica\":true,\"proxy\":{\"enabled\":false},"
    "\"schedule\":{\"automatic\":true,\"first_sync_utc\":\"06:00:00\",\"syncs_per_day\":2}}", TRUE },
  { "SUP01", NULL, FALSE },
};

typedef struct {
  const char *rule;
  const char *title;
  const char *summary;
  const char *error;
  WsdPhase    phase;
  const char *log_text;     /* %s = the upstream host */
  const char *steps[5];
  const char *references[3];
} CauseSpec;

static const CauseSpec causes[] = {
  { "proxy-auth", "The proxy server requires authentication (HTTP 407)",
    "The proxy refused the request with 407 Proxy Authentication Required: WSUS's proxy credentials are missing, wrong or expired.",
    "UssCommunicationError", WSD_PHASE_AUTHORIZATION,
    "WebServiceCommunicationHelper.ProcessWebServiceProxyException\tSystem.Net.WebException: The request failed with HTTP status 407: "
    "Proxy Authentication Required ( Forefront TMG requires authorization to fulfill the request. Access to the Web Proxy filter is denied.  ).\n"
    "   at System.Web.Services.Protocols.SoapHttpClientProtocol.ReadResponse(SoapClientMessage message, WebResponse response, Stream responseStream, Boolean asyncCall)\n"
    "   at Microsoft.UpdateServices.ServerSyncWebServices.ServerSync.ServerSyncProxy.GetAuthConfig()\n"
    "   at Microsoft.UpdateServices.ServerSync.ServerSyncLib.InternetGetServerAuthConfig(ServerSyncProxy proxy, WebServiceCommunicationHelper webServiceHelper)",
    { "In the WSUS console open Options › Update Source and Proxy Server › Proxy Server.",
      "Check the user name and domain (CORP\\svc-wsus) and enter the current password: an expired or changed password is the usual cause.",
      "Ask the proxy administrators which authentication schemes the proxy accepts for this account.",
      "Click Synchronize now and watch the synchronization result.", NULL },
    { "https://learn.microsoft.com/troubleshoot/mem/configmgr/update-management/troubleshoot-wsus-synchronization-issues",
      "https://learn.microsoft.com/windows-server/administration/windows-server-update-services/manage/wsus-messages-and-troubleshooting-tips", NULL } },
  { "firewall-blocked", "The connection to the update source timed out (firewall)",
    "The TCP connection to the update source was not answered: a firewall drops the packets.",
    "UssCommunicationError", WSD_PHASE_AUTHORIZATION,
    "WebServiceCommunicationHelper.ProcessWebServiceProxyException\tSystem.Net.WebException: Unable to connect to the remote server ---> "
    "System.Net.Sockets.SocketException: A connection attempt failed because the connected party did not properly respond after a period of time, "
    "or established connection failed because connected host has failed to respond 10.20.1.15:8531\n"
    "   at System.Net.Sockets.Socket.DoConnect(EndPoint endPointSnapshot, SocketAddress socketAddress)\n"
    "   at System.Net.ServicePoint.ConnectSocketInternal(Boolean connectFailure, Socket s4, Socket s6, Socket& socket, IPAddress& address)",
    { "Allow outbound TCP 8531 from this server to https://%s:8531 on every firewall in between.",
      "From the server run: Test-NetConnection %s -Port 8531.",
      "Click Synchronize now once the rule is in place.", NULL },
    { "https://learn.microsoft.com/windows-server/administration/windows-server-update-services/deploy/2-configure-wsus", NULL } },
  { "upstream-name-resolution", "The name of the upstream server cannot be resolved",
    "DNS has no address for the upstream server's name as WSUS has it configured.",
    "UssCommunicationError", WSD_PHASE_AUTHORIZATION,
    "WebServiceCommunicationHelper.ProcessWebServiceProxyException\tSystem.Net.WebException: The remote name could not be resolved: '%s'\n"
    "   at System.Web.Services.Protocols.WebClientProtocol.GetWebResponse(WebRequest request)\n"
    "   at System.Web.Services.Protocols.HttpWebClientProtocol.GetWebResponse(WebRequest request)",
    { "Check the upstream server name in Options › Update Source and Proxy Server: use the same form (NetBIOS or FQDN) as the upstream's console.",
      "Run ping %s and nslookup %s on this server.",
      "As a workaround enter the upstream's IP address, then fix DNS.", NULL },
    { "https://learn.microsoft.com/troubleshoot/windows-server/networking/troubleshoot-dns-name-resolution", NULL } },
  { "upstream-service-unavailable", "The upstream's web services answered 503 Service Unavailable",
    "IIS returned 503: the WsusPool application pool stopped, usually after reaching its private memory limit.",
    "UssCommunicationError", WSD_PHASE_METADATA,
    "CatalogSyncAgentCore.ExecuteSyncProtocol\tSystem.Net.WebException: The request failed with HTTP status 503: Service Unavailable.\n"
    "   at Microsoft.UpdateServices.ServerSyncWebServices.ServerSync.ServerSyncProxy.GetUpdateData(Cookie cookie, UpdateIdentity[] updateIds)\n"
    "   at Microsoft.UpdateServices.ServerSync.CatalogSyncAgentCore.GetUpdateDataInChunksAndImport(List`1 neededUpdates, ArrayList allUpdates, Boolean isConfigData)",
    { "On %s open IIS Manager › Application Pools › WsusPool and start it if it is stopped.",
      "Raise Private Memory Limit (KB) of WsusPool to 4,000,000 or 0 (no limit), and Queue Length to 2000.",
      "Recycle WsusPool and synchronize again.", NULL },
    { "https://learn.microsoft.com/troubleshoot/mem/configmgr/update-management/windows-server-update-services-best-practices", NULL } },
  { "database-error", "The WSUS database timed out",
    "SUSDB did not answer in time while importing update metadata; the database needs maintenance.",
    "ImportUpdateError", WSD_PHASE_METADATA,
    "CatalogSyncAgentCore.GetUpdateDataInChunksAndImport\tSystem.Data.SqlClient.SqlException (0x80131904): Timeout expired.  "
    "The timeout period elapsed prior to completion of the operation or the server is not responding.\n"
    "   at System.Data.SqlClient.SqlConnection.OnError(SqlException exception, Boolean breakConnection, Action`1 wrapCloseInAction)\n"
    "   at Microsoft.UpdateServices.Internal.DatabaseAccess.DBConnection.ExecuteCommandNoResult()",
    { "Run the WSUS maintenance script (re-index SUSDB, update statistics).",
      "Decline superseded updates and remove unneeded products and classifications (Drivers!).",
      "Synchronize again outside business hours.", NULL },
    { "https://learn.microsoft.com/troubleshoot/mem/configmgr/update-management/reindex-the-wsus-database", NULL } },
};

/* A tiny deterministic generator: tests and benchmarks must repeat. */
static guint32
next_random (guint32 *state)
{
  *state ^= *state << 13;
  *state ^= *state >> 17;
  *state ^= *state << 5;
  return *state;
}

WsdEvidence *
report_fixture_evidence (const char *path, guint line, gint64 time, const char *text)
{
  WsdEvidence *evidence = wsd_evidence_new ();

  evidence->kind = WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG;
  evidence->source_path = g_strdup (path);
  evidence->line = line;
  evidence->time = time;
  evidence->level = WSD_LEVEL_ERROR;
  evidence->text = g_strdup (text);
  return evidence;
}

WsdFinding *
report_fixture_finding (const char *rule, WsdFindingKind kind, const char *title, const char *summary,
                        const char * const *steps, const char * const *references, double confidence)
{
  WsdFinding *finding = wsd_finding_new (rule, kind);

  finding->title = g_strdup (title);
  finding->summary = g_strdup (summary);
  g_strfreev (finding->steps);
  finding->steps = g_strdupv ((char **) (steps != NULL ? steps : (const char * const[]) { NULL }));
  g_strfreev (finding->references);
  finding->references = g_strdupv ((char **) (references != NULL ? references : (const char * const[]) { NULL }));
  finding->confidence = confidence;
  return finding;
}

WsdServer *
report_fixture_server (const char *name, const char *facts_json)
{
  WsdServer *server = wsd_server_new (name);

  if (facts_json != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, facts_json, -1, NULL))
        g_error ("fixture facts of %s are not JSON", name);
      server->facts = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
      server->version = g_strdup (wsd_server_fact_string (server, "wsus_version"));
      server->role = wsd_server_role_from_facts (server);
      if (wsd_server_fact_node (server, "replica") != NULL)
        {
          gboolean replica = FALSE;
          wsd_server_fact_bool (server, "replica", &replica);
          if (replica)
            server->role = WSD_ROLE_REPLICA;
        }
    }
  return server;
}

static char *
fill_host (const char *format, const char *host)
{
  g_autoptr(GString) text = g_string_new (format);
  g_string_replace (text, "%s", host, 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static WsdRun *
make_run (const ServerSpec *server, gint64 started, gboolean failed, const CauseSpec *cause,
          guint *line, GPtrArray **out_findings, guint32 *random)
{
  WsdRun *run = wsd_run_new ();
  const char *upstream = server->downstream ? "wsus-hq.corp.example" : "sws.update.microsoft.com";
  g_autofree char *record = NULL;
  g_autofree char *log_path = g_strdup_printf ("%s/SoftwareDistribution.log", server->name);

  run->server = g_strdup (server->name);
  run->started = started;
  run->type = WSD_RUN_TYPE_SCHEDULED;
  *line += 40 + next_random (random) % 200;
  *out_findings = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_finding_free);
  if (!failed)
    {
      run->result = WSD_RESULT_SUCCEEDED;
      run->finished = started + (2 + next_random (random) % 25) * MINUTE;
      run->new_updates = next_random (random) % 40;
      run->revised_updates = next_random (random) % 80;
      run->expired_updates = next_random (random) % 6;
      wsd_run_add_evidence (run, report_fixture_evidence (log_path, *line, started,
        "EventLogEventReporter.ReportEvent\tEventId=384,Type=Information,Category=Synchronization,Message=Synchronization completed successfully."));
      return run;
    }

  run->result = WSD_RESULT_FAILED;
  run->finished = started + (1 + next_random (random) % 3) * MINUTE;
  run->error = g_strdup (cause->error);
  run->phase = cause->phase;
  record = fill_host (cause->log_text, upstream);
  run->error_text = g_strdup (strchr (record, '\t') + 1);
  {
    WsdEvidence *evidence = report_fixture_evidence (log_path, *line, started + 30 * G_USEC_PER_SEC, record);
    g_autofree char *event = g_strdup ("EventLogEventReporter.ReportEvent\tEventId=386,Type=Error,Category=Synchronization,"
                                       "Message=Synchronization failed. Reason: see the details of the failed synchronization.");
    WsdEvidence *event_record = report_fixture_evidence (log_path, *line + 9, run->finished, event);
    char *steps[G_N_ELEMENTS (cause->steps)] = { NULL };
    WsdFinding *finding;

    for (guint i = 0; cause->steps[i] != NULL; i++)
      steps[i] = fill_host (cause->steps[i], upstream);
    evidence->component = g_strdup ("WsusService.17");
    finding = report_fixture_finding (cause->rule, WSD_FINDING_CAUSE, cause->title, cause->summary,
                                      (const char * const *) steps, cause->references, 0.9);
    for (guint i = 0; steps[i] != NULL; i++)
      g_free (steps[i]);
    finding->detail = g_strdup_printf ("Failing host: %s", upstream);
    g_ptr_array_add (finding->evidence, wsd_evidence_copy (evidence));
    g_ptr_array_add (*out_findings, finding);
    wsd_run_add_evidence (run, evidence);
    wsd_run_add_evidence (run, event_record);
  }
  g_ptr_array_add (*out_findings, report_fixture_finding ("see-details", WSD_FINDING_NOTE,
    "Read the error in the synchronization's details",
    "The first line of the error names the exception and the host that failed; the full text is above.",
    NULL, NULL, 0));
  return run;
}

static int
compare_runs (gconstpointer a, gconstpointer b)
{
  const WsdRun *ra = (*(WsdRunDiagnosis * const *) a)->run;
  const WsdRun *rb = (*(WsdRunDiagnosis * const *) b)->run;
  return ra->started < rb->started ? -1 : ra->started > rb->started;
}

WsdAnalysis *
report_fixture_build (const ReportFixtureSpec *spec)
{
  WsdAnalysis *analysis = wsd_analysis_new ();
  guint n_servers = CLAMP (spec->n_servers, 1, G_N_ELEMENTS (servers));
  guint32 random = spec->seed != 0 ? spec->seed : 0x9e3779b9;
  gint64 start = spec->start != 0 ? spec->start : G_GINT64_CONSTANT (1790812800) * G_USEC_PER_SEC; /* 2026-10-01 */
  guint runs_left = spec->n_runs, failures_left = MIN (spec->n_failures, spec->n_runs);
  guint per_server = (spec->n_runs + n_servers - 1) / n_servers;
  guint days = CLAMP (per_server, 14, 365);
  guint slots = MAX (1, (per_server + days - 1) / days);
  gint64 slot_len = DAY / slots;
  gint64 last = start;

  for (guint s = 0; s < n_servers; s++)
    g_ptr_array_add (analysis->servers, report_fixture_server (servers[s].name, servers[s].facts));

  for (guint s = 0; s < n_servers && runs_left > 0; s++)
    {
      const ServerSpec *server = &servers[s];
      guint quota = s + 1 == n_servers ? runs_left : MIN (per_server, runs_left);
      guint fail_quota = s + 1 == n_servers ? failures_left
                         : MIN (failures_left, (guint) ((guint64) spec->n_failures * quota / spec->n_runs));
      guint streak = 0, line = 1, incidents = 0, tail;
      const CauseSpec *cause = &causes[0];
      gint64 t = start + (3 + s) * 60 * MINUTE;

      runs_left -= quota;
      failures_left -= fail_quota;
      tail = s == 1 ? MIN (fail_quota, 9u) : 0;
      while (quota > 0)
        {
          /* Failures come in streaks of one cause, as they do in real life. */
          gboolean failed;

          if (streak == 0 && fail_quota > tail && next_random (&random) % MAX (1, quota / fail_quota * 3) == 0)
            {
              streak = 1 + next_random (&random) % 9;
              cause = &causes[next_random (&random) % G_N_ELEMENTS (causes)];
            }
          /* The downstream server ends in a current streak behind a firewall
           * (what its network check shows). */
          if (tail > 0 && quota <= tail)
            cause = &causes[1], streak = MAX (streak, 1);
          failed = fail_quota > 0 && (streak > 0 || fail_quota >= quota);
          if (failed && streak == 0)
            streak = 1;

          {
            guint attempts = failed && server->downstream ? MIN (3u, MIN (quota, fail_quota)) : 1;
            g_autofree char *incident = attempts > 1 ? g_strdup_printf ("%s-%u", server->name, ++incidents) : NULL;

            for (guint a = 0; a < attempts; a++)
              {
                GPtrArray *findings = NULL;
                WsdRun *run = make_run (server, t + a * 15 * MINUTE, failed, cause, &line, &findings, &random);

                run->incident = g_strdup (incident);
                run->attempt = incident != NULL ? (int) a : 0;
                if (a > 0)
                  g_ptr_array_add (findings, report_fixture_finding ("retry-schedule", WSD_FINDING_NOTE,
                    "Automatic retry of a downstream server",
                    "A downstream server retries a failed scheduled synchronization twice, about 15 minutes apart.",
                    NULL, NULL, 0));
                last = MAX (last, run->finished);
                g_ptr_array_add (analysis->runs, wsd_run_diagnosis_new (run, findings));
                quota--;
                if (failed)
                  fail_quota--;
              }
          }
          if (streak > 0)
            streak--;
          t += slot_len;
        }
    }
  g_ptr_array_sort (analysis->runs, compare_runs);

  {
    GPtrArray *config = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_finding_free);
    static const char * const basic_steps[] = {
      "In Options › Update Source and Proxy Server clear \"Allow basic authentication (password is sent in cleartext)\".",
      "Use an account the proxy accepts with NTLM or Kerberos.", NULL };
    WsdFinding *finding = report_fixture_finding ("basic-auth-cleartext", WSD_FINDING_CONFIG,
      "Proxy basic authentication sends the password in cleartext",
      "The proxy settings allow basic authentication over a connection that is not encrypted.",
      basic_steps, NULL, 0);

    g_ptr_array_add (finding->evidence, report_fixture_evidence ("bundle.json", 0, 0,
      "\"proxy\": { \"host\": \"proxy.corp.example\", \"user\": \"svc-wsus\", \"domain\": \"CORP\", \"allow_basic_over_non_ssl\": true }"));
    g_ptr_array_add (config, finding);
    g_ptr_array_add (config, report_fixture_finding ("wsuspool-memory-limit", WSD_FINDING_CONFIG,
      "WsusPool's private memory limit is at its default",
      "1,843,200 KB is too little for a server with many clients: WsusPool stops and the web services answer 503.",
      (const char * const[]) { "Set Private Memory Limit (KB) of WsusPool to 4,000,000 or 0.", NULL }, NULL, 0));
    g_hash_table_insert (analysis->config_findings, g_strdup (servers[0].name), config);
  }

  if (spec->with_probe && n_servers > 1)
    {
      WsdProbeResult *probe = wsd_probe_result_new ();
      WsdProbeTarget *target = wsd_probe_target_new ("wsus-hq.corp.example:8531", "upstream");
      WsdProbeStep *step;

      probe->server = g_strdup (servers[1].name);
      probe->started = last + 2 * 60 * MINUTE;
      step = wsd_probe_step_new (WSD_PROBE_STEP_DNS, WSD_PROBE_STATUS_OK);
      step->elapsed_ms = 3;
      step->detail = g_strdup ("10.20.1.15, fd00:20:1::15");
      g_ptr_array_add (target->steps, step);
      step = wsd_probe_step_new (WSD_PROBE_STEP_TCP, WSD_PROBE_STATUS_FAILED);
      step->elapsed_ms = 3000;
      step->rule = g_strdup ("firewall-blocked");
      step->detail = g_strdup ("no answer from 10.20.1.15:8531 within 3 s (packets dropped)");
      g_ptr_array_add (target->steps, step);
      for (WsdProbeStepKind kind = WSD_PROBE_STEP_TLS; kind <= WSD_PROBE_STEP_SOAP; kind++)
        g_ptr_array_add (target->steps, wsd_probe_step_new (kind, WSD_PROBE_STATUS_SKIPPED));
      g_ptr_array_add (probe->targets, target);
      g_hash_table_insert (analysis->probes, g_strdup (servers[1].name), probe);
    }

  analysis->generated = last + 3 * 60 * MINUTE;
  return analysis;
}
