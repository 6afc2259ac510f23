/* bench-diagnoser.c: the whole knowledge base over 100,000 runs.
 *
 * Half of the runs failed, each with three to five evidence records of a
 * realistic size (final error with its stack, retries, a 386 event), drawn
 * from fourteen failure shapes in English, German, French and Russian.
 * Measured in the same process:
 *   diagnoser  — wsd_diagnose_run() on every run (literal automaton +
 *                signal pass, then rule groups on bitsets);
 *   baseline   — the naive prefilter the automaton replaces: every literal
 *                of every rule searched case-insensitively in every record
 *                of the failed runs (no rule evaluation at all). It is
 *                measured on the first BASELINE_SAMPLE failed runs and
 *                scaled to all of them (it is too slow to run in full).
 * Usage: bench-diagnoser [N_RUNS] */
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "wsd-diagnoser.h"
#include "wsd-analysis.h"
#include "wsd-knowledge-base-private.h"

#define BASELINE_SAMPLE (g_getenv ("WSD_BENCH_SAMPLE") ? (guint) atoi (g_getenv ("WSD_BENCH_SAMPLE")) : 2000u)

static const char *frames =
  "\n   at System.Net.HttpWebRequest.GetRequestStream(TransportContext& context)"
  "\n   at System.Web.Services.Protocols.SoapHttpClientProtocol.Invoke(String methodName, Object[] parameters)"
  "\n   at Microsoft.UpdateServices.ServerSyncWebServices.ServerSync.ServerSyncProxy.GetAuthConfig()"
  "\n   at Microsoft.UpdateServices.ServerSync.ServerSyncLib.InternetGetServerAuthConfig(ServerSyncProxy proxy, WebServiceCommunicationHelper webServiceHelper)"
  "\n   at Microsoft.UpdateServices.ServerSync.ServerSyncLib.Authenticate(AuthorizationManager authorizationManager, Boolean checkExpiration, ServerSyncProxy proxy, Cookie cookie, WebServiceCommunicationHelper webServiceHelper)"
  "\n   at Microsoft.UpdateServices.ServerSync.CatalogSyncAgentCore.SyncConfigUpdatesFromUSS()"
  "\n   at Microsoft.UpdateServices.ServerSync.CatalogSyncAgentCore.ExecuteSyncProtocol(Boolean allowRedirect)"
  "\n   at Microsoft.UpdateServices.ServerSync.CatalogSyncAgentCore.CatalogSyncThreadProcess()";

static const char *shapes[] = {
  "WebException: The remote server returned an error: (407) Proxy Authentication Required.",
  "WebException: Der Remoteserver hat einen Fehler zurückgegeben: (407) Proxyauthentifizierung erforderlich.",
  "WebException: The remote name could not be resolved: 'wsushq'",
  "WebException: Не удается разрешить удаленное имя: 'wsus-central.corp.example'",
  "WebException: Unable to connect to the remote server ---> System.Net.Sockets.SocketException: A connection attempt failed because the connected party did not properly respond after a period of time 203.0.113.41:443\n   at System.Net.Sockets.Socket.DoConnect(EndPoint endPointSnapshot, SocketAddress socketAddress)",
  "WebException: Impossible de se connecter au serveur distant ---> System.Net.Sockets.SocketException: Une tentative de connexion a échoué 203.0.113.41:443\n   à System.Net.Sockets.Socket.DoConnect(EndPoint endPointSnapshot, SocketAddress socketAddress)",
  "WebException: The underlying connection was closed: An unexpected error occurred on a send. ---> System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host.\n   at System.Net.Sockets.NetworkStream.Read(Byte[] buffer, Int32 offset, Int32 size)",
  "WebException: The request failed with HTTP status 503: Service Unavailable.",
  "WebException: The operation has timed out",
  "SoapException: Fault occurred (ErrorCode=ServerBusy)",
  "System.UnauthorizedAccessException: Access to the path 'E:\\WSUS\\WsusContent\\7C' is denied.",
  "COMException: The service cannot be started, either because it is disabled (Exception from HRESULT: 0x80070422)",
  "System.Data.SqlClient.SqlException: Execution Timeout Expired.",
  "System.NullReferenceException: Object reference not set to an instance of an object.",
};

static gint64
cpu_us (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static WsdEvidence *
evidence (WsdLevel level, const char *component, guint line, const char *text)
{
  WsdEvidence *ev = wsd_evidence_new ();
  ev->kind = WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG;
  ev->source_path = g_strdup ("SoftwareDistribution.log");
  ev->line = line;
  ev->level = level;
  ev->component = g_strdup (component);
  ev->text = g_strdup (text);
  return ev;
}

static WsdRun *
make_run (guint i)
{
  WsdRun *run = wsd_run_new ();
  run->started = G_GINT64_CONSTANT (1790000000000000) + (gint64) i * 3600 * G_USEC_PER_SEC;
  run->type = WSD_RUN_TYPE_SCHEDULED;
  run->result = (i % 2 == 0) ? WSD_RESULT_FAILED : WSD_RESULT_SUCCEEDED;
  wsd_run_add_evidence (run, evidence (WSD_LEVEL_INFO, "EventLogEventReporter.ReportEvent", i * 10,
                        "EventId=381,Type=Information,Category=Synchronization,Message=A scheduled synchronization was started."));
  if (run->result == WSD_RESULT_FAILED)
    {
      const char *shape = shapes[(i / 2) % G_N_ELEMENTS (shapes)];
      g_autofree char *retry = g_strdup_printf ("ProcessWebServiceProxyException found Exception was WebException. "
                                                "Action: Retry. Exception Details: System.Net.%s%s", shape, frames);
      g_autofree char *final = g_strconcat (shape, frames, NULL);
      g_autofree char *event = g_strdup_printf ("EventId=386,Type=Error,Category=Synchronization,Message=Synchronization failed. Reason: %s", shape);
      wsd_run_add_evidence (run, evidence (WSD_LEVEL_WARNING, "WebServiceCommunicationHelper.ProcessWebServiceProxyException", i * 10 + 2, retry));
      wsd_run_add_evidence (run, evidence (WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", i * 10 + 12, final));
      wsd_run_add_evidence (run, evidence (WSD_LEVEL_INFO, "EventLogEventReporter.ReportEvent", i * 10 + 22, event));
    }
  else
    wsd_run_add_evidence (run, evidence (WSD_LEVEL_INFO, "EventLogEventReporter.ReportEvent", i * 10 + 5,
                          "EventId=384,Type=Information,Category=Synchronization,Message=Synchronization completed successfully."));
  return run;
}

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdKnowledgeBase) kb = wsd_knowledge_base_new_builtin (&error);
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_free);
  WsdLiteralSet *literals;
  gint64 start, diagnose_us, baseline_us, cpu_start, diagnose_cpu, baseline_cpu;
  guint64 findings = 0, hits = 0, bytes = 0;
  GHashTable *tops = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint sampled = 0;

  if (kb == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (runs, make_run (i));

  start = g_get_monotonic_time ();
  cpu_start = cpu_us ();
  for (guint i = 0; i < n; i++)
    {
      WsdDiagnosisContext context = { .run = g_ptr_array_index (runs, i) };
      GPtrArray *result = wsd_diagnose_run (kb, &context);
      findings += result->len;
      if (result->len > 0)
        g_hash_table_add (tops, g_strdup (((WsdFinding *) result->pdata[0])->rule));
      g_ptr_array_unref (result);
    }
  diagnose_us = g_get_monotonic_time () - start;
  diagnose_cpu = cpu_us () - cpu_start;

  literals = wsd_knowledge_base_get_literals (kb);
  start = g_get_monotonic_time ();
  cpu_start = cpu_us ();
  for (guint i = 0; i < n; i++)
    {
      WsdRun *run = g_ptr_array_index (runs, i);
      if (run->result != WSD_RESULT_FAILED)
        continue;
      if (sampled++ == BASELINE_SAMPLE)
        break;
      for (guint e = 0; e < run->evidence->len; e++)
        {
          const WsdEvidence *ev = g_ptr_array_index (run->evidence, e);
          gsize length = strlen (ev->text);
          bytes += length;
          for (guint l = 0; l < wsd_literal_set_get_n (literals); l++)
            hits += wsd_ascii_strcasestr (ev->text, length, wsd_literal_set_get (literals, l)) != NULL;
        }
    }
  baseline_us = g_get_monotonic_time () - start;
  baseline_cpu = cpu_us () - cpu_start;
  baseline_cpu = (gint64) ((double) baseline_cpu * ((n + 1) / 2) / MIN (sampled, BASELINE_SAMPLE));
  /* scale the sample to all failed runs */
  baseline_us = (gint64) ((double) baseline_us * ((n + 1) / 2) / MIN (sampled, BASELINE_SAMPLE));
  bytes = (guint64) ((double) bytes * ((n + 1) / 2) / MIN (sampled, BASELINE_SAMPLE));

  g_print ("runs: %u (%u failed), evidence bytes of failed runs: %" G_GUINT64_FORMAT ", literals: %u, rules: %u\n",
           n, (n + 1) / 2, bytes, wsd_literal_set_get_n (literals), wsd_knowledge_base_get_n_rules (kb));
  g_print ("diagnoser (automaton + rules): %.3f s CPU, %.3f s wall  (%.2f us CPU/run, %" G_GUINT64_FORMAT " findings, %u distinct top rules)\n",
           diagnose_cpu / 1e6, diagnose_us / 1e6, (double) diagnose_cpu / n, findings, g_hash_table_size (tops));
  g_print ("baseline (per-literal search, no rules; %u failed runs measured, scaled): %.3f s CPU, %.3f s wall  (%" G_GUINT64_FORMAT " literal hits in the sample)\n",
           MIN (sampled, BASELINE_SAMPLE), baseline_cpu / 1e6, baseline_us / 1e6, hits);
  g_print ("speed-up over the baseline (CPU): %.1fx\n", (double) baseline_cpu / diagnose_cpu);

  /* The product's path: wsd_analysis_diagnose() (incidents, every run, its
   * slices on all cores), on the same runs. */
  {
    g_autoptr(WsdAnalysis) analysis = wsd_analysis_new ();
    GPtrArray *copies = g_ptr_array_new_full (n, (GDestroyNotify) wsd_run_free);
    gint64 analysis_us;

    for (guint i = 0; i < n; i++)
      g_ptr_array_add (copies, wsd_run_copy (g_ptr_array_index (runs, i)));
    start = g_get_monotonic_time ();
    cpu_start = cpu_us ();
    wsd_analysis_diagnose (analysis, kb, copies);
    analysis_us = g_get_monotonic_time () - start;
    g_print ("analysis (wsd_analysis_diagnose, %u cores): %.3f s wall, %.3f s CPU, %u runs diagnosed\n",
             g_get_num_processors (), analysis_us / 1e6, (cpu_us () - cpu_start) / 1e6, analysis->runs->len);
    g_ptr_array_unref (copies);
  }
  g_hash_table_unref (tops);
  return diagnose_cpu < 1000000 ? 0 : 1;
}
