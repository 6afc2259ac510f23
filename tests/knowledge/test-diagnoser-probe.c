/* test-diagnoser-probe.c: the latest probe as evidence. Probe results are
 * built by hand, one per step kind, and weighed against a failed 03:00 run:
 * agreement makes a cause certain, a probe alone ranks a cause only where
 * the run's own evidence is not more specific, an older probe counts less,
 * and warnings are never causes. */
#include "kb-fixtures.h"

#define SDL WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG
#define SCHED WSD_RUN_TYPE_SCHEDULED
#define FAILED WSD_RESULT_FAILED

#define RUN_START "2026-11-20T03:00:12Z"
#define PROBE_AFTER "2026-11-20T09:00:00Z"
#define PROBE_BEFORE "2026-11-19T09:00:00Z"
#define UPSTREAM "wsus-hq.corp.example:8531"
#define PROXY "proxy.branch.corp.example:8080"

#define CERTAIN 0.985

/* An error text no rule explains on its own. */
#define NO_CAUSE "WebException: The request was aborted: The request was canceled."

static const char *proxy_facts =
  "{\"name\":\"wsus-br02.branch.corp.example\",\"sync_from_microsoft_update\":false,"
  "\"upstream_server\":\"wsus-hq.corp.example\",\"upstream_port\":8531,\"upstream_use_ssl\":true,"
  "\"proxy\":{\"enabled\":true,\"host\":\"proxy.branch.corp.example\",\"port\":8080,\"user\":\"svc\","
  "\"domain\":\"BRANCH\",\"anonymous\":false,\"allow_basic_over_non_ssl\":true}}";

/* One target whose steps pass up to @kind, which ends with @status; a
 * failure skips the steps after it, as the prober does. */
static WsdProbeResult *
fx_probe (const char *started, const char *target_name, WsdProbeStepKind kind, WsdProbeStatus status,
          const char *rule, const char *detail)
{
  WsdProbeResult *probe = wsd_probe_result_new ();
  WsdProbeTarget *target = wsd_probe_target_new (target_name, "upstream");

  probe->server = g_strdup ("wsus-br02.branch.corp.example");
  probe->started = fx_time (started);
  for (WsdProbeStepKind k = WSD_PROBE_STEP_DNS; k < WSD_PROBE_N_STEPS; k++)
    {
      WsdProbeStep *step;
      if (k < kind)
        step = wsd_probe_step_new (k, WSD_PROBE_STATUS_OK);
      else if (k == kind)
        {
          step = wsd_probe_step_new (k, status);
          step->rule = g_strdup (rule);
          step->detail = g_strdup (detail);
        }
      else
        step = wsd_probe_step_new (k, status == WSD_PROBE_STATUS_FAILED ? WSD_PROBE_STATUS_SKIPPED : WSD_PROBE_STATUS_OK);
      g_ptr_array_add (target->steps, step);
    }
  g_ptr_array_add (probe->targets, target);
  return probe;
}

static GPtrArray *
diagnose (const char *final_text, const char *sync_error, const WsdServer *server, const WsdProbeResult *probe)
{
  g_autoptr(WsdRun) run = fx_run (server != NULL ? server->name : "wsus-br02.branch.corp.example", RUN_START, SCHED, FAILED);
  WsdDiagnosisContext context = { .run = run, .server = server, .probe = probe };

  run->error = g_strdup (sync_error);
  if (final_text != NULL)
    fx_add (run, SDL, WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", 40, final_text);
  return wsd_diagnose_run (fx_kb (), &context);
}

/* The evidence a probe step gave @finding, or NULL. */
static const WsdEvidence *
probe_evidence (const WsdFinding *finding, WsdProbeStepKind kind, const char *target)
{
  for (guint i = 0; finding != NULL && i < finding->evidence->len; i++)
    {
      const WsdEvidence *ev = g_ptr_array_index (finding->evidence, i);
      if (ev->kind == WSD_SOURCE_KIND_PROBE && ev->text != NULL
          && strstr (ev->text, target) != NULL
          && strstr (ev->text, wsd_probe_step_kind_to_string (kind)) != NULL
          && strstr (ev->text, "seen from this workstation") != NULL)
        return ev;
    }
  return NULL;
}

static guint
count_probe_evidence (GPtrArray *findings)
{
  guint n = 0;
  for (guint f = 0; f < findings->len; f++)
    {
      const WsdFinding *finding = g_ptr_array_index (findings, f);
      for (guint i = 0; i < finding->evidence->len; i++)
        n += ((WsdEvidence *) finding->evidence->pdata[i])->kind == WSD_SOURCE_KIND_PROBE;
    }
  return n;
}

/* The run's evidence and a later probe agree: certain, with both kinds of evidence. */
static void
assert_certain (GPtrArray *findings, const char *rule, WsdProbeStepKind kind, const char *target)
{
  WsdFinding *top = g_ptr_array_index (findings, 0);
  const WsdEvidence *ev;
  gboolean own = FALSE;

  g_assert_cmpstr (top->rule, ==, rule);
  g_assert_cmpint (top->kind, ==, WSD_FINDING_CAUSE);
  g_assert_cmpfloat (top->confidence, >=, CERTAIN);
  ev = probe_evidence (top, kind, target);
  g_assert_nonnull (ev);
  g_assert_cmpint (ev->time, ==, fx_time (PROBE_AFTER));
  for (guint i = 0; i < top->evidence->len; i++)
    own |= ((WsdEvidence *) top->evidence->pdata[i])->kind == SDL;
  g_assert_true (own);
}

static void
test_dns (void)
{
  g_autoptr(WsdServer) server = fx_server ("wsus-br02.branch.corp.example", proxy_facts);
  g_autoptr(WsdProbeResult) upstream = fx_probe (PROBE_AFTER, "wsushq:8530", WSD_PROBE_STEP_DNS, WSD_PROBE_STATUS_FAILED,
                                                 "upstream-name-resolution", "wsushq does not resolve (Name or service not known)");
  g_autoptr(WsdProbeResult) proxy = fx_probe (PROBE_AFTER, PROXY, WSD_PROBE_STEP_DNS, WSD_PROBE_STATUS_FAILED,
                                              "proxy-unreachable", "the proxy name proxy.branch.corp.example does not resolve");
  g_autoptr(GPtrArray) agree = diagnose ("WebException: The remote name could not be resolved: 'wsushq'\n" FRAMES_AUTH,
                                         NULL, NULL, upstream);
  g_autoptr(GPtrArray) alone = diagnose (NO_CAUSE, "UssCommunicationError", NULL, upstream);
  g_autoptr(GPtrArray) proxy_name = diagnose ("WebException: The proxy name could not be resolved: 'proxy.branch.corp.example'",
                                              NULL, server, proxy);
  WsdFinding *top;

  assert_certain (agree, "upstream-name-resolution", WSD_PROBE_STEP_DNS, "wsushq:8530");
  /* The probe alone: the cause, with the probe as its only evidence, not certain. */
  top = g_ptr_array_index (alone, 0);
  g_assert_cmpstr (top->rule, ==, "upstream-name-resolution");
  g_assert_nonnull (probe_evidence (top, WSD_PROBE_STEP_DNS, "wsushq:8530"));
  g_assert_cmpfloat (top->confidence, <, 0.9);
  g_assert_cmpfloat (top->confidence, >=, 0.6);
  g_assert_null (fx_find (alone, "unclassified"));
  /* The proxy's own name: a dns step that maps to proxy-unreachable. */
  assert_certain (proxy_name, "proxy-unreachable", WSD_PROBE_STEP_DNS, PROXY);
}

static void
test_tcp (void)
{
  g_autoptr(WsdServer) server = fx_server ("wsus-br02.branch.corp.example", proxy_facts);
  g_autoptr(WsdProbeResult) dropped = fx_probe (PROBE_AFTER, UPSTREAM, WSD_PROBE_STEP_TCP, WSD_PROBE_STATUS_FAILED,
                                                "firewall-blocked", "no answer from wsus-hq.corp.example:8531 within 3 s (packets dropped)");
  g_autoptr(WsdProbeResult) refused = fx_probe (PROBE_AFTER, PROXY, WSD_PROBE_STEP_TCP, WSD_PROBE_STATUS_FAILED,
                                                "proxy-unreachable", "the proxy proxy.branch.corp.example:8080 refuses connections");
  g_autoptr(GPtrArray) firewall = diagnose ("WebException: Unable to connect to the remote server ---> System.Net.Sockets.SocketException: "
                                            "A connection attempt failed because the connected party did not properly respond after a "
                                            "period of time 203.0.113.41:8531\n" FRAMES_CONNECT FRAMES_AUTH, NULL, NULL, dropped);
  g_autoptr(GPtrArray) proxy = diagnose ("WebException: Unable to connect to the remote server ---> System.Net.Sockets.SocketException: "
                                         "No connection could be made because the target machine actively refused it 198.51.100.14:8080\n"
                                         FRAMES_CONNECT FRAMES_AUTH, NULL, server, refused);

  assert_certain (firewall, "firewall-blocked", WSD_PROBE_STEP_TCP, UPSTREAM);
  assert_certain (proxy, "proxy-unreachable", WSD_PROBE_STEP_TCP, PROXY);
  /* the refused proxy is not the firewall, and the probe does not make it one */
  g_assert_null (fx_find (proxy, "firewall-blocked"));
}

static void
test_proxy_407 (void)
{
  g_autoptr(WsdProbeResult) probe = fx_probe (PROBE_AFTER, UPSTREAM, WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_FAILED, "proxy-auth",
                                              "the proxy asks for authentication (HTTP 407) and offers Basic: credentials rejected");
  g_autoptr(GPtrArray) alone = diagnose (NO_CAUSE, "UssCommunicationError", NULL, probe);
  g_autoptr(GPtrArray) agree = diagnose ("WebException: The remote server returned an error: (407) Proxy Authentication Required.\n"
                                         FRAMES_AUTH, NULL, NULL, probe);
  g_autoptr(GPtrArray) without = diagnose ("WebException: The remote server returned an error: (407) Proxy Authentication Required.\n"
                                           FRAMES_AUTH, NULL, NULL, NULL);
  WsdFinding *top = g_ptr_array_index (alone, 0);
  const WsdEvidence *ev;

  /* A failed 03:00 sync whose error names no cause and a 09:00 probe answering 407. */
  g_assert_cmpstr (top->rule, ==, "proxy-auth");
  ev = probe_evidence (top, WSD_PROBE_STEP_PROXY, UPSTREAM);
  g_assert_nonnull (ev);
  g_assert_nonnull (strstr (ev->text, "407"));
  g_assert_null (ev->source_path);
  assert_certain (agree, "proxy-auth", WSD_PROBE_STEP_PROXY, UPSTREAM);
  /* the probe is what made it certain */
  g_assert_cmpfloat (((WsdFinding *) without->pdata[0])->confidence, <, CERTAIN);
}

static void
test_proxy_refused (void)
{
  g_autoptr(WsdProbeResult) connect_fail = fx_probe (PROBE_AFTER, UPSTREAM, WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_FAILED,
                                                     "firewall-blocked",
                                                     "the proxy cannot connect to wsus-hq.corp.example:8531 (HTTP 503, ERR_CONNECT_FAIL)");
  g_autoptr(WsdProbeResult) silent = fx_probe (PROBE_AFTER, UPSTREAM, WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_FAILED,
                                               "proxy-unreachable", "the proxy proxy.branch.corp.example:8080 accepted the connection "
                                               "but did not answer within 3 s");
  g_autoptr(GPtrArray) firewall = diagnose ("WebException: Unable to connect to the remote server ---> System.Net.Sockets.SocketException: "
                                            "No connection could be made because the target machine actively refused it 203.0.113.41:8531\n"
                                            FRAMES_CONNECT FRAMES_AUTH, NULL, NULL, connect_fail);
  g_autoptr(GPtrArray) proxy = diagnose ("ProxyError: the proxy server did not answer", "ProxyError", NULL, silent);

  assert_certain (firewall, "firewall-blocked", WSD_PROBE_STEP_PROXY, UPSTREAM);
  assert_certain (proxy, "proxy-unreachable", WSD_PROBE_STEP_PROXY, UPSTREAM);
}

/* "Allow basic authentication" accepted by the proxy is a warning of the
 * proxy step: never a cause, shown as a note or with the configuration
 * finding of the same id. */
static void
test_basic_auth_warning (void)
{
  g_autoptr(WsdServer) server = fx_server ("wsus-br02.branch.corp.example", proxy_facts);
  g_autoptr(WsdProbeResult) probe = fx_probe (PROBE_AFTER, UPSTREAM, WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_WARNING,
                                              "basic-auth-cleartext", "the proxy accepted Basic authentication: the password crossed in cleartext");
  g_autoptr(GPtrArray) loose = diagnose (NO_CAUSE, NULL, NULL, probe);
  g_autoptr(GPtrArray) with_facts = diagnose (NO_CAUSE, NULL, server, probe);
  WsdFinding *note, *config;
  guint n = 0;

  g_assert_cmpstr (fx_top (loose), ==, "unclassified");
  note = fx_find (loose, "basic-auth-cleartext");
  g_assert_nonnull (note);
  g_assert_cmpint (note->kind, ==, WSD_FINDING_NOTE);
  g_assert_nonnull (probe_evidence (note, WSD_PROBE_STEP_PROXY, UPSTREAM));
  for (guint i = 0; i < loose->len; i++)
    if (((WsdFinding *) loose->pdata[i])->kind == WSD_FINDING_CAUSE)
      g_assert_cmpstr (((WsdFinding *) loose->pdata[i])->rule, ==, "unclassified");

  g_assert_cmpstr (fx_top (with_facts), ==, "unclassified");
  for (guint i = 0; i < with_facts->len; i++)
    n += g_str_equal (((WsdFinding *) with_facts->pdata[i])->rule, "basic-auth-cleartext");
  g_assert_cmpuint (n, ==, 1);
  config = fx_find (with_facts, "basic-auth-cleartext");
  g_assert_cmpint (config->kind, ==, WSD_FINDING_CONFIG);
  g_assert_nonnull (probe_evidence (config, WSD_PROBE_STEP_PROXY, UPSTREAM));
}

static void
test_tls (void)
{
  g_autoptr(WsdProbeResult) handshake = fx_probe (PROBE_AFTER, UPSTREAM, WSD_PROBE_STEP_TLS, WSD_PROBE_STATUS_FAILED, "tls-handshake",
                                                  "TLS handshake with wsus-hq.corp.example:8531 failed: no protocols available");
  g_autoptr(WsdProbeResult) unverifiable = fx_probe (PROBE_AFTER, UPSTREAM, WSD_PROBE_STEP_TLS, WSD_PROBE_STATUS_WARNING, NULL,
                                                     "the chain ends in a Microsoft root this workstation lacks: cannot be verified here");
  const char *closed = "WebException: The underlying connection was closed: An unexpected error occurred on a send. ---> "
                       "System.IO.IOException: Unable to read data from the transport connection: An existing connection was "
                       "forcibly closed by the remote host.\n   at System.Net.Sockets.NetworkStream.Read(Byte[] buffer)";
  g_autoptr(GPtrArray) agree = diagnose (closed, NULL, NULL, handshake);
  g_autoptr(GPtrArray) warned = diagnose (closed, NULL, NULL, unverifiable);
  g_autoptr(GPtrArray) without = diagnose (closed, NULL, NULL, NULL);

  assert_certain (agree, "tls-handshake", WSD_PROBE_STEP_TLS, UPSTREAM);
  /* a warning without a rule changes nothing */
  g_assert_cmpuint (warned->len, ==, without->len);
  for (guint i = 0; i < warned->len; i++)
    {
      g_assert_cmpstr (((WsdFinding *) warned->pdata[i])->rule, ==, ((WsdFinding *) without->pdata[i])->rule);
      g_assert_cmpfloat (((WsdFinding *) warned->pdata[i])->confidence, ==, ((WsdFinding *) without->pdata[i])->confidence);
    }
  g_assert_cmpuint (count_probe_evidence (warned), ==, 0);
}

static void
test_http_503 (void)
{
  g_autoptr(WsdProbeResult) probe = fx_probe (PROBE_AFTER, UPSTREAM, WSD_PROBE_STEP_HTTP, WSD_PROBE_STATUS_FAILED,
                                              "upstream-service-unavailable",
                                              "HTTP 503 Service Unavailable: WsusPool stopped or overloaded");
  g_autoptr(GPtrArray) agree = diagnose ("WebException: The request failed with HTTP status 503: Service Unavailable.", NULL, NULL, probe);

  assert_certain (agree, "upstream-service-unavailable", WSD_PROBE_STEP_HTTP, UPSTREAM);
}

static void
test_soap_server_busy (void)
{
  g_autoptr(WsdProbeResult) probe = fx_probe (PROBE_AFTER, UPSTREAM, WSD_PROBE_STEP_SOAP, WSD_PROBE_STATUS_FAILED,
                                              "upstream-busy", "SOAP fault ServerBusy: the upstream is too busy");
  g_autoptr(GPtrArray) alone = diagnose (NO_CAUSE, "UssCommunicationError", NULL, probe);
  g_autoptr(GPtrArray) agree = diagnose ("SoapException: Fault occurred\n   ErrorCode=ServerBusy", NULL, NULL, probe);

  g_assert_cmpstr (fx_top (alone), ==, "upstream-busy");
  g_assert_nonnull (probe_evidence (g_ptr_array_index (alone, 0), WSD_PROBE_STEP_SOAP, UPSTREAM));
  assert_certain (agree, "upstream-busy", WSD_PROBE_STEP_SOAP, UPSTREAM);
}

/* A probe describes the path when it was made: one made after the run
 * counts more than one made before it, and a probe alone never outranks
 * the specific final error of the run. */
static void
test_timing_and_rank (void)
{
  g_autoptr(WsdProbeResult) after = fx_probe (PROBE_AFTER, UPSTREAM, WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_FAILED, "proxy-auth",
                                              "the proxy asks for authentication (HTTP 407) and offers NTLM: credentials rejected");
  g_autoptr(WsdProbeResult) before = fx_probe (PROBE_BEFORE, UPSTREAM, WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_FAILED, "proxy-auth",
                                               "the proxy asks for authentication (HTTP 407) and offers NTLM: credentials rejected");
  const char *text_407 = "WebException: The remote server returned an error: (407) Proxy Authentication Required.\n" FRAMES_AUTH;
  const char *text_502 = "WebException: The request failed with HTTP status 502: Bad Gateway.";
  const char *text_sql = "SqlException: Timeout expired.  The timeout period elapsed prior to completion of the operation "
                         "or the server is not responding.\n   at System.Data.SqlClient.SqlConnection.OnError()";
  g_autoptr(GPtrArray) agree_after = diagnose (text_407, NULL, NULL, after);
  g_autoptr(GPtrArray) agree_before = diagnose (text_407, NULL, NULL, before);
  g_autoptr(GPtrArray) without = diagnose (text_407, NULL, NULL, NULL);
  g_autoptr(GPtrArray) alone_after = diagnose (NO_CAUSE, NULL, NULL, after);
  g_autoptr(GPtrArray) alone_before = diagnose (NO_CAUSE, NULL, NULL, before);
  g_autoptr(GPtrArray) generic_after = diagnose (text_502, NULL, NULL, after);
  g_autoptr(GPtrArray) generic_before = diagnose (text_502, NULL, NULL, before);
  g_autoptr(GPtrArray) sql_after = diagnose (text_sql, NULL, NULL, after);
  WsdFinding *f;
  double c_without = ((WsdFinding *) without->pdata[0])->confidence;
  double c_before = ((WsdFinding *) agree_before->pdata[0])->confidence;

  /* agreement: an older probe raises confidence less than a newer one */
  g_assert_cmpstr (fx_top (agree_before), ==, "proxy-auth");
  g_assert_cmpfloat (c_before, >, c_without);
  g_assert_cmpfloat (c_before, <, CERTAIN);
  g_assert_cmpfloat (((WsdFinding *) agree_after->pdata[0])->confidence, >=, CERTAIN);
  g_assert_nonnull (strstr (probe_evidence (agree_before->pdata[0], WSD_PROBE_STEP_PROXY, UPSTREAM)->text, "before"));
  g_assert_nonnull (strstr (probe_evidence (agree_after->pdata[0], WSD_PROBE_STEP_PROXY, UPSTREAM)->text, "after"));

  /* alone: still the cause when nothing else explains the run, less sure when older */
  g_assert_cmpstr (fx_top (alone_after), ==, "proxy-auth");
  g_assert_cmpstr (fx_top (alone_before), ==, "proxy-auth");
  g_assert_cmpfloat (((WsdFinding *) alone_before->pdata[0])->confidence, <,
                     ((WsdFinding *) alone_after->pdata[0])->confidence);

  /* a generic final error (an HTTP 502): the 407 seen now is more specific;
   * a 407 seen before the run is not evidence enough to outrank it */
  g_assert_cmpstr (fx_top (generic_after), ==, "proxy-auth");
  g_assert_cmpstr (fx_top (generic_before), ==, "upstream-http-error");
  f = fx_find (generic_before, "proxy-auth");
  g_assert_nonnull (f);
  g_assert_cmpint (f->kind, ==, WSD_FINDING_CAUSE);

  /* a specific final error of another kind stays the diagnosis; the probe's cause follows it */
  g_assert_cmpstr (fx_top (sql_after), ==, "database-error");
  f = fx_find (sql_after, "proxy-auth");
  g_assert_nonnull (f);
  g_assert_cmpint (f->kind, ==, WSD_FINDING_CAUSE);
  g_assert_nonnull (probe_evidence (f, WSD_PROBE_STEP_PROXY, UPSTREAM));
  g_assert_cmpfloat (f->confidence, <, ((WsdFinding *) sql_after->pdata[0])->confidence);
}

/* A synchronization that succeeded between the run and the probe shows the
 * path worked in between: the probe says nothing about that run. */
static void
test_success_in_between (void)
{
  g_autoptr(WsdProbeResult) probe = fx_probe (PROBE_AFTER, UPSTREAM, WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_FAILED, "proxy-auth",
                                              "the proxy asks for authentication (HTTP 407) and offers NTLM: credentials rejected");
  g_autoptr(WsdRun) failed = fx_run ("wsus-br02.branch.corp.example", RUN_START, SCHED, FAILED);
  g_autoptr(WsdRun) succeeded = fx_run ("wsus-br02.branch.corp.example", "2026-11-20T05:00:00Z", WSD_RUN_TYPE_MANUAL,
                                        WSD_RESULT_SUCCEEDED);
  g_autoptr(WsdRun) later = fx_run ("wsus-br02.branch.corp.example", "2026-11-20T07:00:00Z", SCHED, FAILED);
  g_autoptr(GPtrArray) server_runs = g_ptr_array_new ();
  g_autoptr(GPtrArray) stale = NULL;
  g_autoptr(GPtrArray) current = NULL;
  WsdDiagnosisContext context = { .probe = probe, .server_runs = server_runs };

  fx_add (failed, SDL, WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", 40, NO_CAUSE);
  fx_add (later, SDL, WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", 40, NO_CAUSE);
  g_ptr_array_add (server_runs, failed);
  g_ptr_array_add (server_runs, succeeded);
  g_ptr_array_add (server_runs, later);
  context.run = failed;
  stale = wsd_diagnose_run (fx_kb (), &context);
  context.run = later;
  current = wsd_diagnose_run (fx_kb (), &context);

  g_assert_cmpstr (fx_top (stale), ==, "unclassified");
  g_assert_cmpuint (count_probe_evidence (stale), ==, 0);
  g_assert_cmpstr (fx_top (current), ==, "proxy-auth");
}

/* Steps that are not failures, failures without a rule, and rule ids the
 * knowledge base does not hold are not evidence. */
static void
test_not_evidence (void)
{
  g_autoptr(WsdProbeResult) probe = wsd_probe_result_new ();
  WsdProbeTarget *target = wsd_probe_target_new (UPSTREAM, "upstream");
  WsdProbeStep *step;
  g_autoptr(GPtrArray) findings = NULL;

  probe->started = fx_time (PROBE_AFTER);
  step = wsd_probe_step_new (WSD_PROBE_STEP_DNS, WSD_PROBE_STATUS_OK);
  step->rule = g_strdup ("upstream-name-resolution");
  g_ptr_array_add (target->steps, step);
  step = wsd_probe_step_new (WSD_PROBE_STEP_TCP, WSD_PROBE_STATUS_SKIPPED);
  step->rule = g_strdup ("firewall-blocked");
  g_ptr_array_add (target->steps, step);
  step = wsd_probe_step_new (WSD_PROBE_STEP_TLS, WSD_PROBE_STATUS_FAILED);
  g_ptr_array_add (target->steps, step);
  step = wsd_probe_step_new (WSD_PROBE_STEP_HTTP, WSD_PROBE_STATUS_FAILED);
  step->rule = g_strdup ("no-such-rule");
  g_ptr_array_add (target->steps, step);
  step = wsd_probe_step_new (WSD_PROBE_STEP_SOAP, WSD_PROBE_STATUS_WARNING);
  step->rule = g_strdup ("upstream-busy");
  g_ptr_array_add (target->steps, step);
  g_ptr_array_add (probe->targets, target);

  findings = diagnose (NO_CAUSE, NULL, NULL, probe);
  g_assert_cmpstr (fx_top (findings), ==, "unclassified");
  g_assert_cmpuint (count_probe_evidence (findings), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/diagnoser/probe/dns", test_dns);
  g_test_add_func ("/diagnoser/probe/tcp", test_tcp);
  g_test_add_func ("/diagnoser/probe/proxy-407", test_proxy_407);
  g_test_add_func ("/diagnoser/probe/proxy-refused", test_proxy_refused);
  g_test_add_func ("/diagnoser/probe/basic-auth-warning", test_basic_auth_warning);
  g_test_add_func ("/diagnoser/probe/tls", test_tls);
  g_test_add_func ("/diagnoser/probe/http-503", test_http_503);
  g_test_add_func ("/diagnoser/probe/soap-server-busy", test_soap_server_busy);
  g_test_add_func ("/diagnoser/probe/timing-and-rank", test_timing_and_rank);
  g_test_add_func ("/diagnoser/probe/success-in-between", test_success_in_between);
  g_test_add_func ("/diagnoser/probe/not-evidence", test_not_evidence);
  return g_test_run ();
}
