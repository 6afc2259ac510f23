/* test-diagnoser-context.c: a status or code means different things in
 * different places. A web-service status must not be read off a content
 * download, a SOAP fault's own rule beats the generic HTTP one, and the
 * run's SynchronizationError says which endpoint a failure is about. */
#include "kb-fixtures.h"

#define SDL WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG
#define SCHED WSD_RUN_TYPE_SCHEDULED
#define FAILED WSD_RESULT_FAILED

/* One failed run whose final record is @text, logged by @component. */
static GPtrArray *
diagnose_record (const char *component, const char *text)
{
  g_autoptr(WsdRun) run = fx_run (NULL, "2027-04-06T03:00:09Z", SCHED, FAILED);
  fx_add (run, SDL, WSD_LEVEL_ERROR, component, 30, text);
  return fx_diagnose (fx_kb (), run, NULL, NULL);
}

static void
assert_absent (GPtrArray *findings, const char *rule)
{
  if (fx_find (findings, rule) != NULL)
    g_error ("%s must not be listed (top: %s)", rule, fx_top (findings));
}

/* A BITS 404 on a /Content/ file is a file missing upstream, not a web
 * service at the wrong port, even when the record does not come from
 * ContentSyncAgent (a history row's error text). */
static void
test_content_404_is_not_web_service (void)
{
  g_autoptr(GPtrArray) upstream = diagnose_record ("CatalogSyncAgentCore.CatalogSyncThreadProcess",
    "Download error: https://wsus-central.corp.example:8531/Content/F6/6DC1886C759C490A9FEAE7345087D6F6.cab "
    "failed in download: (-2145844844) HTTP status 404: The requested URL does not exist on the server.");
  g_autoptr(GPtrArray) relative = diagnose_record ("EventLogEventReporter.ReportEvent",
    "Content file download failed. Reason: HTTP status 404: The requested URL does not exist on the server. "
    "Source File: /Content/AB/FC270C1AE58F4DCB88A83F34C41FFAAB.cab Destination File: E:\\WSUS\\WsusContent\\AB\\x.cab");
  g_autoptr(GPtrArray) microsoft = diagnose_record ("ContentSyncAgent.JobError",
    "Download error: http://download.windowsupdate.com/c/msdownload/update/software/secu/2027/04/x.cab "
    "failed in download: (-2145844844)");
  g_autoptr(GPtrArray) asmx = diagnose_record ("CatalogSyncAgentCore.CatalogSyncThreadProcess",
    "WebException: The request failed with HTTP status 404: Not Found.\n"
    "   at Microsoft.UpdateServices.ServerSyncWebServices.ServerSync.ServerSyncProxy.GetAuthConfig()");

  g_assert_cmpstr (fx_top (upstream), ==, "update-missing-on-upstream");
  assert_absent (upstream, "upstream-http-error");
  g_assert_cmpstr (fx_top (relative), ==, "update-missing-on-upstream");
  assert_absent (relative, "upstream-http-error");
  assert_absent (microsoft, "upstream-http-error");
  assert_absent (microsoft, "update-missing-on-upstream");
  /* the web service's own 404 still is */
  g_assert_cmpstr (fx_top (asmx), ==, "upstream-http-error");
}

/* A 404 from the upstream on a EULA (.txt) alone is the EULA download
 * failing; with a .cab missing too, the update is missing upstream. */
static void
test_content_404_eula (void)
{
  g_autoptr(WsdRun) eula_run = fx_run (NULL, "2028-02-10T02:00:04Z", SCHED, FAILED);
  g_autoptr(WsdRun) mixed_run = fx_run (NULL, "2028-02-10T02:00:04Z", SCHED, FAILED);
  const char *txt = "Download error: http://wsus-hq5.corp.example:8530/Content/3F/2A1C0E7F55A0B9D4E81C3F0D6A7B9E1C2D4F603F.txt "
                    "failed in download: (-2145844844) HTTP status 404: The requested URL does not exist on the server.";
  const char *cab = "Download error: http://wsus-hq5.corp.example:8530/Content/88/7D2E9A0B1C3F4E5D6A7B8C9D0E1F2A3B4C5D6E88.cab "
                    "failed in download: (-2145844844) HTTP status 404: The requested URL does not exist on the server.";
  g_autoptr(GPtrArray) eula = NULL;
  g_autoptr(GPtrArray) mixed = NULL;

  fx_add (eula_run, SDL, WSD_LEVEL_ERROR, "ContentSyncAgent.JobError", 30, txt);
  eula = fx_diagnose (fx_kb (), eula_run, NULL, NULL);
  g_assert_cmpstr (fx_top (eula), ==, "eula-download-failed");
  assert_absent (eula, "update-missing-on-upstream");

  fx_add (mixed_run, SDL, WSD_LEVEL_ERROR, "ContentSyncAgent.JobError", 30, txt);
  fx_add (mixed_run, SDL, WSD_LEVEL_ERROR, "ContentSyncAgent.JobError", 31, cab);
  mixed = fx_diagnose (fx_kb (), mixed_run, NULL, NULL);
  g_assert_cmpstr (fx_top (mixed), ==, "update-missing-on-upstream");
}

/* 503 names WsusPool only on a WSUS server: the sync services or the
 * upstream's content, not Microsoft's download servers. */
static void
test_content_503 (void)
{
  g_autoptr(GPtrArray) microsoft = diagnose_record ("ContentSyncAgent.JobError",
    "Download error: http://download.windowsupdate.com/d/msdownload/update/software/updt/2027/04/y.cab "
    "failed in download: (-2145844745) HTTP status 503");
  g_autoptr(GPtrArray) upstream = diagnose_record ("ContentSyncAgent.JobError",
    "Download error: https://wsus-central.corp.example:8531/Content/11/0011AA.cab failed in download: "
    "(-2145844745) HTTP status 503");
  g_autoptr(GPtrArray) proxy = diagnose_record ("ContentSyncAgent.JobError",
    "Download error: http://download.windowsupdate.com/c/msdownload/update/z.cab failed in download: "
    "(-2145844746) HTTP status 502: Proxy Error");

  assert_absent (microsoft, "upstream-service-unavailable");
  g_assert_cmpstr (fx_top (upstream), ==, "upstream-service-unavailable");
  /* a proxy's 502 is the proxy's, on any request */
  g_assert_cmpstr (fx_top (proxy), ==, "upstream-http-error");
}

#define FE2_FAULT \
  "USS ThrowException: Actor = https://fe2.update.microsoft.com/v6/ServerSyncWebService/ServerSyncWebService.asmx, " \
  "Method = \"http://www.microsoft.com/SoftwareDistribution/GetUpdateData\", ID=0f4b, ErrorCode=InternalServerError, Message="

/* protocol §1.11: InternalServerError from the retired fe2 endpoint is that
 * endpoint; from a WSUS upstream it is the upstream's web service failing.
 * Never both. HTTP 500 counts on its own only without a SOAP ErrorCode. */
static void
test_internal_server_error (void)
{
  g_autoptr(WsdServer) on_fe2 = fx_server ("wsus12.corp.example",
    "{\"name\":\"wsus12.corp.example\",\"sync_from_microsoft_update\":true,"
    "\"mu_url\":\"https://fe2.update.microsoft.com/v6\"}");
  g_autoptr(WsdRun) history = fx_run ("wsus12.corp.example", "2027-02-20T23:00:05Z", SCHED, FAILED);
  g_autoptr(GPtrArray) fe2 = diagnose_record ("SoapUtilities.LogException", FE2_FAULT);
  g_autoptr(GPtrArray) wsus = diagnose_record ("SoapUtilities.LogException",
    "USS ThrowException: Actor = https://wsus-core.corp.example:8531/ServerSyncWebService/ServerSyncWebService.asmx, "
    "Method = \"http://www.microsoft.com/SoftwareDistribution/GetRevisionIdList\", ErrorCode=InternalServerError, Message=");
  g_autoptr(GPtrArray) busy = diagnose_record ("SoapUtilities.LogException",
    "WebException: The request failed with HTTP status 500: Internal Server Error. SoapException: ErrorCode=ServerBusy");
  g_autoptr(GPtrArray) plain = diagnose_record ("CatalogSyncAgentCore.CatalogSyncThreadProcess",
    "WebException: The request failed with HTTP status 500: Internal Server Error.");
  g_autoptr(GPtrArray) row = NULL;

  g_assert_cmpstr (fx_top (fe2), ==, "decommissioned-endpoint");
  assert_absent (fe2, "upstream-http-error");
  g_assert_cmpstr (fx_top (wsus), ==, "upstream-http-error");
  assert_absent (wsus, "decommissioned-endpoint");
  g_assert_cmpstr (fx_top (busy), ==, "upstream-busy");
  assert_absent (busy, "upstream-http-error");
  g_assert_cmpstr (fx_top (plain), ==, "upstream-http-error");

  /* A history row without the Actor: the server's MUUrl names fe2. */
  fx_add (history, WSD_SOURCE_KIND_HISTORY, WSD_LEVEL_ERROR, NULL, 3,
          "SoapException: Fault occurred ErrorCode=InternalServerError");
  row = fx_diagnose (fx_kb (), history, on_fe2, NULL);
  g_assert_cmpstr (fx_top (row), ==, "decommissioned-endpoint");
  assert_absent (row, "upstream-http-error");
}

static GPtrArray *
diagnose_with_sync_error (const char *sync_error, const char *text)
{
  g_autoptr(WsdRun) run = fx_run (NULL, "2027-03-24T02:00:04Z", SCHED, FAILED);
  run->error = g_strdup (sync_error);
  fx_add (run, WSD_SOURCE_KIND_HISTORY, WSD_LEVEL_ERROR, NULL, 16, text);
  return fx_diagnose (fx_kb (), run, NULL, NULL);
}

#define REFUSED_8080 \
  "WebException: Unable to connect to the remote server ---> System.Net.Sockets.SocketException: " \
  "No connection could be made because the target machine actively refused it 198.51.100.30:8080\n" \
  FRAMES_CONNECT FRAMES_AUTH

/* Without any configuration facts, SynchronizationError ProxyError says the
 * refused address or unresolved name is the proxy's. */
static void
test_proxy_error_names_proxy (void)
{
  g_autoptr(GPtrArray) refused = diagnose_with_sync_error ("ProxyError", REFUSED_8080);
  g_autoptr(GPtrArray) unresolved = diagnose_with_sync_error ("ProxyError",
    "WebException: The remote name could not be resolved: 'proxy-old.corp.example'\n" FRAMES_AUTH);
  g_autoptr(GPtrArray) auth = diagnose_with_sync_error ("ProxyError",
    "WebException: The request failed with HTTP status 407: Proxy Authentication Required.\n" FRAMES_AUTH);
  g_autoptr(GPtrArray) direct = diagnose_with_sync_error ("UssCommunicationError", REFUSED_8080);
  WsdFinding *top;

  g_assert_cmpstr (fx_top (refused), ==, "proxy-unreachable");
  assert_absent (refused, "firewall-blocked");
  top = g_ptr_array_index (refused, 0);
  g_assert_nonnull (top->detail);
  g_assert_nonnull (strstr (top->detail, "198.51.100.30:8080"));
  g_assert_cmpstr (fx_top (unresolved), ==, "proxy-unreachable");
  assert_absent (unresolved, "upstream-name-resolution");
  /* with 407 it is the proxy's credentials */
  g_assert_cmpstr (fx_top (auth), ==, "proxy-auth");
  assert_absent (auth, "proxy-unreachable");
  /* without ProxyError or facts, a refused port is the firewall's */
  g_assert_cmpstr (fx_top (direct), ==, "firewall-blocked");
}

/* The configured proxy's name in "remote name could not be resolved" is
 * the proxy, for every group of upstream-name-resolution. */
static void
test_quoted_proxy_name (void)
{
  g_autoptr(WsdServer) server = fx_server ("wsus-br02.branch.corp.example",
    "{\"name\":\"wsus-br02.branch.corp.example\",\"sync_from_microsoft_update\":true,"
    "\"proxy\":{\"enabled\":true,\"host\":\"proxy.branch.corp.example\",\"port\":8080}}");
  g_autoptr(WsdRun) run = fx_run (server->name, "2027-03-24T02:00:04Z", SCHED, FAILED);
  g_autoptr(GPtrArray) findings = NULL;

  fx_add (run, SDL, WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", 9,
          "WebException: Не удается разрешить удаленное имя: 'proxy.branch.corp.example'\n"
          "   в System.Net.HttpWebRequest.GetRequestStream()");
  findings = fx_diagnose (fx_kb (), run, server, NULL);
  g_assert_cmpstr (fx_top (findings), ==, "proxy-unreachable");
  assert_absent (findings, "upstream-name-resolution");
}

/* The final record keeps only the outer "Unable to connect" (zh-CN here);
 * the Action: Retry record before it names the proxy's address and port. */
static void
test_shortened_final_proxy_refused (void)
{
  g_autoptr(WsdServer) server = fx_server ("wsus-sh1.apac.contoso.example",
    "{\"name\":\"wsus-sh1.apac.contoso.example\",\"sync_from_microsoft_update\":true,"
    "\"proxy\":{\"enabled\":true,\"host\":\"192.0.2.80\",\"port\":8080}}");
  g_autoptr(WsdRun) run = fx_run (server->name, "2027-12-14T18:00:05Z", SCHED, FAILED);
  g_autoptr(WsdRun) plain = fx_run (NULL, "2027-12-14T18:00:05Z", SCHED, FAILED);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) without_proxy = NULL;
  const char *retry = "ProcessWebServiceProxyException found Exception was WebException. Action: Retry. Exception Details: "
                      "System.Net.WebException: 无法连接到远程服务器 ---> System.Net.Sockets.SocketException: "
                      "由于目标计算机积极拒绝，无法连接。 192.0.2.80:8080\n"
                      "   在 System.Net.Sockets.Socket.DoConnect(EndPoint endPointSnapshot, SocketAddress socketAddress)";
  const char *final = "WebException: 无法连接到远程服务器\n   在 System.Net.HttpWebRequest.GetRequestStream()";

  fx_add (run, SDL, WSD_LEVEL_WARNING, "WebServiceCommunicationHelper.ProcessWebServiceProxyException", 4, retry);
  fx_add (run, SDL, WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", 9, final);
  findings = fx_diagnose (fx_kb (), run, server, NULL);
  g_assert_cmpstr (fx_top (findings), ==, "proxy-unreachable");
  assert_absent (findings, "firewall-blocked");

  /* no proxy configured: the same records are a blocked connection */
  fx_add (plain, SDL, WSD_LEVEL_WARNING, "WebServiceCommunicationHelper.ProcessWebServiceProxyException", 4, retry);
  fx_add (plain, SDL, WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", 9, final);
  without_proxy = fx_diagnose (fx_kb (), plain, NULL, NULL);
  g_assert_cmpstr (fx_top (without_proxy), ==, "firewall-blocked");
}

#define INFO_VERSION(v) \
  "Initializing ClientWebService ProcessID = 1560, Process Start Time = 1/15/2027 1:00:00 AM, Product Version = " v
#define CALLING(url) "Calling GetAuthConfig on " url "/ServerSyncWebService/ServerSyncWebService.asmx"
#define UNTRUSTED "The given certificate chain has not Microsoft Root CA signed root (800B0109)"

/* A run whose version line was logged before it (in @earlier) and whose
 * sync peer is @peer. */
static GPtrArray *
diagnose_logged_version (const char *version_line, const char *peer)
{
  g_autoptr(WsdRun) earlier = fx_run (NULL, "2027-01-15T01:00:06Z", SCHED, WSD_RESULT_SUCCEEDED);
  g_autoptr(WsdRun) run = fx_run (NULL, "2027-01-16T01:00:06Z", SCHED, FAILED);
  g_autoptr(GPtrArray) runs = g_ptr_array_new ();
  WsdDiagnosisContext context = { .run = run, .server_runs = runs };

  fx_add (earlier, SDL, WSD_LEVEL_INFO, "ClientImplementation..ctor", 2, version_line);
  fx_add (run, SDL, WSD_LEVEL_INFO, "ServerSyncLib.InternetGetServerAuthConfig", 5, peer);
  fx_add (run, SDL, WSD_LEVEL_ERROR, "SusService.ValidateServerCertificate", 6, UNTRUSTED);
  g_ptr_array_add (runs, earlier);
  g_ptr_array_add (runs, run);
  return wsd_diagnose_run (fx_kb (), &context);
}

/* wsus-deprecated-version from a loose log: WSUS 3.0 SP2 syncing from
 * Microsoft Update, never under a WSUS upstream or on a newer version. */
static void
test_deprecated_version_from_log (void)
{
  g_autoptr(GPtrArray) mu = diagnose_logged_version (INFO_VERSION ("3.2.7600.283"), CALLING ("https://sws.update.microsoft.com"));
  g_autoptr(GPtrArray) wsus = diagnose_logged_version (INFO_VERSION ("3.2.7600.283"), CALLING ("https://wsus10.corp.example:8531"));
  g_autoptr(GPtrArray) newer = diagnose_logged_version (INFO_VERSION ("10.0.17763.1"), CALLING ("https://sws.update.microsoft.com"));
  WsdFinding *note;
  gboolean cites_version = FALSE;

  g_assert_cmpstr (fx_top (mu), ==, "certificate-untrusted");
  note = fx_find (mu, "wsus-deprecated-version");
  g_assert_nonnull (note);
  g_assert_cmpint (note->kind, ==, WSD_FINDING_NOTE);
  g_assert_cmpstr (note->detail, ==, "WSUS version: 3.2.7600.283");
  for (guint i = 0; i < note->evidence->len; i++)
    cites_version |= ((WsdEvidence *) g_ptr_array_index (note->evidence, i))->line == 2;
  g_assert_true (cites_version);
  assert_absent (wsus, "wsus-deprecated-version");
  assert_absent (newer, "wsus-deprecated-version");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/diagnoser-context/content-404", test_content_404_is_not_web_service);
  g_test_add_func ("/diagnoser-context/content-404-eula", test_content_404_eula);
  g_test_add_func ("/diagnoser-context/content-503", test_content_503);
  g_test_add_func ("/diagnoser-context/internal-server-error", test_internal_server_error);
  g_test_add_func ("/diagnoser-context/proxy-error", test_proxy_error_names_proxy);
  g_test_add_func ("/diagnoser-context/quoted-proxy-name", test_quoted_proxy_name);
  g_test_add_func ("/diagnoser-context/shortened-final-proxy-refused", test_shortened_final_proxy_refused);
  g_test_add_func ("/diagnoser-context/deprecated-version-from-log", test_deprecated_version_from_log);
  return g_test_run ();
}
