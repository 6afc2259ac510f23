/* test-diagnoser.c: weighing of evidence, one scenario per rule family,
 * in English and in the .NET languages. */
#include "kb-fixtures.h"

#define SDL WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG
#define SCHED WSD_RUN_TYPE_SCHEDULED
#define MANUAL WSD_RUN_TYPE_MANUAL
#define FAILED WSD_RESULT_FAILED

static const char *proxy_facts =
  "{\"name\":\"wsus-br02.branch.corp.example\",\"sync_from_microsoft_update\":true,"
  "\"proxy\":{\"enabled\":true,\"host\":\"proxy.branch.corp.example\",\"port\":8080,\"user\":\"svc\","
  "\"domain\":\"BRANCH\",\"anonymous\":false,\"allow_basic_over_non_ssl\":true}}";

static GPtrArray *
diagnose_final (const char *final_text, const WsdServer *server)
{
  g_autoptr(WsdRun) run = fx_run (server ? server->name : NULL, "2026-10-02T03:00:18Z", SCHED, FAILED);
  fx_add (run, SDL, WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", 40, final_text);
  return fx_diagnose (fx_kb (), run, server, NULL);
}

static void
check_top (const char *final_text, const WsdServer *server, const char *expected)
{
  g_autoptr(GPtrArray) findings = diagnose_final (final_text, server);
  g_test_message ("%s → %s", final_text, fx_top (findings));
  g_assert_cmpstr (fx_top (findings), ==, expected);
  /* see-details on every failed run, never first */
  g_assert_nonnull (fx_find (findings, "see-details"));
  g_assert_cmpstr (fx_top (findings), !=, "see-details");
}

static void
test_proxy_auth (void)
{
  g_autoptr(GPtrArray) findings = NULL;
  WsdFinding *top;

  check_top ("WebException: The remote server returned an error: (407) Proxy Authentication Required.\n" FRAMES_AUTH,
             NULL, "proxy-auth");
  check_top ("WebException: Der Remoteserver hat einen Fehler zurückgegeben: (407) Proxyauthentifizierung erforderlich.\n"
             "   bei System.Net.HttpWebRequest.GetRequestStream()", NULL, "proxy-auth");
  check_top ("Download error: http://download.windowsupdate.com/x.cab failed in download: (-2145844841) denied", NULL, "proxy-auth");
  /* proxy-auth beats the generic upstream-http-error even when both match */
  findings = diagnose_final ("WebException: The request failed with HTTP status 407: Proxy Authentication Required "
                             "(then HTTP status 502 from the chain)", NULL);
  g_assert_cmpstr (fx_top (findings), ==, "proxy-auth");
  top = g_ptr_array_index (findings, 0);
  g_assert_cmpuint (top->evidence->len, ==, 1);
  g_assert_cmpstr (((WsdEvidence *) top->evidence->pdata[0])->source_path, ==, "SoftwareDistribution.log");
  g_assert_cmpuint (((WsdEvidence *) top->evidence->pdata[0])->line, ==, 40);
  g_assert_cmpfloat (top->confidence, >=, 0.9);
}

static void
test_proxy_vs_target (void)
{
  g_autoptr(WsdServer) server = fx_server ("wsus-br02.branch.corp.example", proxy_facts);
  g_autoptr(GPtrArray) refused = NULL;
  WsdFinding *cause;

  /* The configured proxy's name does not resolve: not the upstream's name. */
  check_top ("WebException: The remote name could not be resolved: 'proxy.branch.corp.example'\n" FRAMES_AUTH,
             server, "proxy-unreachable");
  check_top ("WebException: The proxy name could not be resolved: 'proxy.branch.corp.example'", NULL, "proxy-unreachable");
  /* Refused on the proxy's port: the proxy, not the firewall to Microsoft Update. */
  refused = diagnose_final ("WebException: Unable to connect to the remote server ---> System.Net.Sockets.SocketException: "
                            "No connection could be made because the target machine actively refused it 198.51.100.14:8080\n"
                            FRAMES_CONNECT FRAMES_AUTH, server);
  g_assert_cmpstr (fx_top (refused), ==, "proxy-unreachable");
  g_assert_null (fx_find (refused, "firewall-blocked"));
  cause = g_ptr_array_index (refused, 0);
  g_assert_nonnull (strstr (cause->detail, "proxy.branch.corp.example:8080"));
  g_assert_nonnull (strstr (cause->detail, "198.51.100.14:8080"));
  /* basic-auth-cleartext comes from the facts, after the causes */
  g_assert_nonnull (fx_find (refused, "basic-auth-cleartext"));
  /* Same refusal to the target port 443 is the firewall. */
  check_top ("WebException: Unable to connect to the remote server ---> System.Net.Sockets.SocketException: "
             "No connection could be made because the target machine actively refused it 203.0.113.41:443\n"
             FRAMES_CONNECT FRAMES_AUTH, server, "firewall-blocked");
}

static void
test_name_resolution (void)
{
  g_autoptr(GPtrArray) findings = diagnose_final ("WebException: The remote name could not be resolved: 'wsushq'\n" FRAMES_AUTH, NULL);
  WsdFinding *top = g_ptr_array_index (findings, 0);

  g_assert_cmpstr (top->rule, ==, "upstream-name-resolution");
  g_assert_cmpstr (top->detail, ==, "Name that could not be resolved: wsushq");
  /* Russian, French, German and Japanese .NET: the quoted host is the signal */
  check_top ("WebException: Не удается разрешить удаленное имя: 'wsus-central.corp.example'\n"
             "   в System.Net.HttpWebRequest.GetRequestStream()", NULL, "upstream-name-resolution");
  check_top ("WebException: Le nom distant n'a pas pu être résolu: 'wsus-central'", NULL, "upstream-name-resolution");
  check_top ("WebException: Der Remotename konnte nicht aufgelöst werden: 'wsus-central'", NULL, "upstream-name-resolution");
  check_top ("WebException: リモート名を解決できませんでした。: 'wsus-central'", NULL, "upstream-name-resolution");
  check_top ("Sync failed: hr=0x80072EE7", NULL, "upstream-name-resolution");
}

static void
test_connect_and_tls (void)
{
  /* French connect timeout: SocketException + DoConnect frames, no English text */
  check_top ("WebException: Impossible de se connecter au serveur distant ---> System.Net.Sockets.SocketException: "
             "Une tentative de connexion a échoué 203.0.113.41:443\n"
             "   à System.Net.Sockets.Socket.DoConnect(EndPoint endPointSnapshot, SocketAddress socketAddress)\n",
             NULL, "firewall-blocked");
  /* forcibly closed after connect is TLS, not the firewall */
  check_top ("WebException: The underlying connection was closed: An unexpected error occurred on a send. ---> "
             "System.IO.IOException: Unable to read data from the transport connection: An existing connection was "
             "forcibly closed by the remote host. ---> System.Net.Sockets.SocketException: An existing connection was "
             "forcibly closed by the remote host\n   at System.Net.Sockets.NetworkStream.Read(Byte[] buffer)", NULL, "tls-handshake");
  check_top ("WebException: The underlying connection was closed: An unexpected error occurred on a receive. ---> "
             "System.ComponentModel.Win32Exception: The client and server cannot communicate, because they do not possess a common algorithm",
             NULL, "tls-handshake");
  check_top ("Sync Failed: USSCommunicationError: WebException: The underlying connection was closed: Could not establish "
             "trust relationship for the SSL/TLS secure channel", NULL, "certificate-untrusted");
  check_top ("The given certificate chain has not Microsoft Root CA signed root (800B0109)", NULL, "certificate-untrusted");
  /* a timeout after the connection was made */
  check_top ("WebException: The operation has timed out\n   at System.Net.HttpWebRequest.GetResponse()\n"
             "   at Microsoft.UpdateServices.ServerSyncWebServices.ServerSync.ServerSyncProxy.GetUpdateData()", NULL, "operation-timeout");
  check_top ("WebException: Время ожидания операции истекло", NULL, "operation-timeout");
  /* ja-JP .NET writes "は", not "が" (net_timeout) */
  check_top ("WebException: 操作はタイムアウトしました。\n   場所 System.Net.HttpWebRequest.GetResponse()", NULL, "operation-timeout");
}

static void
test_http_and_soap (void)
{
  check_top ("WebException: The request failed with HTTP status 503: Service Unavailable.", NULL, "upstream-service-unavailable");
  check_top ("WebException: La demande a échoué avec l'état HTTP 503 : Service Unavailable.", NULL, "upstream-service-unavailable");
  check_top ("WebException: The request failed with HTTP status 404: Not Found.", NULL, "upstream-http-error");
  check_top ("WebException: The request failed with HTTP status 401: Unauthorized.", NULL, "upstream-auth-required");
  check_top ("SoapException: Fault occurred (ErrorCode=ServerBusy)", NULL, "upstream-busy");
  check_top ("USS ThrowException: Actor = https://wsus-core.corp.example:8531/ServerSyncWebService/ServerSyncWebService.asmx, "
             "ErrorCode=IncompatibleProtocolVersion, Message=", NULL, "protocol-incompatible");
  check_top ("USS ThrowException: Actor = https://fe2.update.microsoft.com/v6/ServerSyncWebService/ServerSyncWebService.asmx, "
             "Method = \"http://www.microsoft.com/SoftwareDistribution/GetUpdateData\", ErrorCode=InternalServerError, Message=",
             NULL, "decommissioned-endpoint");
  check_top ("System.Data.SqlClient.SqlException: Execution Timeout Expired.", NULL, "database-error");
  check_top ("COMException (0x80070422): The service cannot be started", NULL, "bits-service-disabled");
  check_top ("System.IO.IOException: Auf dem Datenträger ist nicht genügend Speicherplatz vorhanden.", NULL, "content-disk-full");
  check_top ("Download error: http://download.windowsupdate.com/c/a.cab failed in download: (-2145386477) The server does "
             "not support the necessary HTTP protocol.", NULL, "content-range-unsupported");
  check_top ("System.UnauthorizedAccessException: Access to the path 'E:\\WSUS\\WsusContent\\7C' is denied.", NULL,
             "content-dir-permissions");
  check_top ("System.NullReferenceException: Object reference not set to an instance of an object.", NULL, "unclassified");
}

/* Weighing rule 3: the final error beats errors retried past; retries
 * before it support it. */
static void
test_final_error_wins (void)
{
  g_autoptr(WsdRun) run = fx_run (NULL, "2026-10-02T03:00:18Z", SCHED, FAILED);
  g_autoptr(WsdRun) ok = fx_run (NULL, "2026-10-03T03:00:18Z", SCHED, WSD_RESULT_SUCCEEDED);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) none = NULL;

  fx_add (run, SDL, WSD_LEVEL_WARNING, "WebServiceCommunicationHelper.ProcessWebServiceProxyException", 10,
          "ProcessWebServiceProxyException found Exception was WebException. Action: Retry. Exception Details: "
          "System.Net.WebException: The remote server returned an error: (502) Bad Gateway.");
  fx_add (run, SDL, WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", 20,
          "WebException: The operation has timed out\n   at System.Net.HttpWebRequest.GetResponse()");
  findings = fx_diagnose (fx_kb (), run, NULL, NULL);
  g_assert_cmpstr (fx_top (findings), ==, "operation-timeout");

  /* A succeeded run has no cause, whatever it retried past. */
  fx_add (ok, SDL, WSD_LEVEL_WARNING, "WebServiceCommunicationHelper.ProcessWebServiceProxyException", 10,
          "Action: Retry. Exception Details: System.Net.WebException: The remote server returned an error: (407) Proxy Authentication Required.");
  none = fx_diagnose (fx_kb (), ok, NULL, NULL);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_invalid_cookie_final_only (void)
{
  g_autoptr(WsdRun) run = fx_run (NULL, "2026-10-09T05:00:14Z", SCHED, FAILED);
  g_autoptr(WsdRun) other = fx_run (NULL, "2026-10-09T05:00:14Z", SCHED, FAILED);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) past = NULL;

  fx_add (run, SDL, WSD_LEVEL_ERROR, "SoapUtilities.LogException", 10,
          "USS ThrowException: Actor = https://wsus-hq.corp.example:8531/ServerSyncWebService/ServerSyncWebService.asmx, ErrorCode=InvalidCookie, Message=Cookie has expired");
  fx_add (run, SDL, WSD_LEVEL_WARNING, "WebServiceCommunicationHelper.ProcessWebServiceProxyException", 11,
          "ProcessWebServiceProxyException found Exception was WebException. Action: Retry.");
  fx_add (run, SDL, WSD_LEVEL_ERROR, "SoapUtilities.LogException", 12,
          "USS ThrowException: Actor = https://wsus-hq.corp.example:8531/ServerSyncWebService/ServerSyncWebService.asmx, ErrorCode=InvalidAuthorizationCookie, Message=");
  fx_add (run, SDL, WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", 13, "SoapException: Fault occurred");
  findings = fx_diagnose (fx_kb (), run, NULL, NULL);
  g_assert_cmpstr (fx_top (findings), ==, "invalid-cookie");

  /* Retried past, then a different final error: not invalid-cookie. */
  fx_add (other, SDL, WSD_LEVEL_ERROR, "SoapUtilities.LogException", 10, "USS ThrowException: ErrorCode=InvalidCookie, Message=Cookie has expired");
  fx_add (other, SDL, WSD_LEVEL_WARNING, "WebServiceCommunicationHelper.ProcessWebServiceProxyException", 11, "Action: Retry.");
  fx_add (other, SDL, WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", 13,
          "WebException: The request failed with HTTP status 503: Service Unavailable.");
  past = fx_diagnose (fx_kb (), other, NULL, NULL);
  g_assert_cmpstr (fx_top (past), ==, "upstream-service-unavailable");
  g_assert_null (fx_find (past, "invalid-cookie"));
}

static void
test_health_noise (void)
{
  g_autoptr(WsdRun) run = fx_run (NULL, "2026-11-23T03:00:12Z", SCHED, FAILED);
  g_autoptr(GPtrArray) findings = NULL;

  fx_add (run, SDL, WSD_LEVEL_ERROR, "HmtWebServices.CheckDssAuthWebService", 5,
          "DssAuth WebService WebException:System.Net.WebException: The request failed with HTTP status 503: Service Unavailable.");
  fx_add (run, SDL, WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", 9,
          "WebException: Unable to connect to the remote server ---> System.Net.Sockets.SocketException: x 203.0.113.41:443\n" FRAMES_CONNECT);
  findings = fx_diagnose (fx_kb (), run, NULL, NULL);
  g_assert_cmpstr (fx_top (findings), ==, "firewall-blocked");
  g_assert_null (fx_find (findings, "upstream-service-unavailable"));
  g_assert_cmpint (fx_find (findings, "health-monitor-noise")->kind, ==, WSD_FINDING_NOTE);
}

static void
test_deferred_causes (void)
{
  g_autoptr(WsdRun) run = fx_run ("cm03.corp.example", "2026-10-14T02:00:03Z", SCHED, FAILED);
  g_autoptr(WsdRun) events = fx_run ("wsus05.corp.example", "2026-11-04T02:00:17Z", SCHED, FAILED);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) catalog = NULL;
  WsdEvidence *ev;

  run->configmgr = TRUE;
  fx_add (run, WSD_SOURCE_KIND_CONFIGMGR_LOG, WSD_LEVEL_ERROR, "SMS_WSUS_SYNC_MANAGER", 30,
          "Sync failed: WSUS server not configured. Please refer to WCM.log for configuration error details. Source: CWSyncMgr::DoSync");
  fx_add (run, WSD_SOURCE_KIND_WCM_LOG, WSD_LEVEL_ERROR, "SMS_WSUS_CONFIGURATION_MANAGER", 7,
          "System.Net.WebException: The request failed with HTTP status 503: Service Unavailable.\n"
          "   at Microsoft.UpdateServices.Administration.AdminProxy.CreateUpdateServer(Object[] args)");
  findings = fx_diagnose (fx_kb (), run, NULL, NULL);
  g_assert_cmpstr (fx_top (findings), ==, "upstream-service-unavailable");
  g_assert_nonnull (fx_find (findings, "configmgr-wsus-not-configured"));

  ev = fx_add (events, WSD_SOURCE_KIND_EVENT, WSD_LEVEL_ERROR, "Windows Server Update Services", 3, "Synchronization failed.");
  ev->event_id = 386;
  ev = fx_add (events, WSD_SOURCE_KIND_EVENT, WSD_LEVEL_WARNING, "Windows Server Update Services", 4,
               "The catalog was last synchronized 2 days ago.");
  ev->event_id = 10021;
  catalog = fx_diagnose (fx_kb (), events, NULL, NULL);
  g_assert_cmpstr (fx_top (catalog), ==, "catalog-sync-failed");
}

static void
test_config_merge (void)
{
  g_autoptr(WsdServer) server = fx_server ("wsus07.corp.example",
    "{\"name\":\"wsus07.corp.example\",\"sync_from_microsoft_update\":true,"
    "\"services\":{\"BITS\":{\"start_type\":\"Disabled\",\"status\":\"Stopped\"}},"
    "\"iis\":{\"wsuspool_private_memory_kb\":1843200},"
    "\"content\":{\"store_locally\":true,\"local_path\":\"D:\\\\WSUS\",\"acl\":[{\"identity\":\"BUILTIN\\\\Administrators\",\"rights\":\"FullControl\"}]}}");
  g_autoptr(GPtrArray) findings = diagnose_final ("COMException: The service cannot be started (Exception from HRESULT: 0x80070422)", server);
  g_autoptr(GPtrArray) config = wsd_diagnose_server (fx_kb (), server, NULL);
  WsdFinding *bits = g_ptr_array_index (findings, 0);
  gboolean has_fact = FALSE;

  g_assert_cmpstr (bits->rule, ==, "bits-service-disabled");
  for (guint i = 0; i < bits->evidence->len; i++)
    has_fact |= strstr (((WsdEvidence *) bits->evidence->pdata[i])->text, "services.BITS.start_type = Disabled") != NULL;
  g_assert_true (has_fact);
  g_assert_cmpstr (bits->detail, ==, "BITS start type on this server: Disabled");
  /* merged, not listed twice */
  for (guint i = 1; i < findings->len; i++)
    g_assert_cmpstr (((WsdFinding *) findings->pdata[i])->rule, !=, "bits-service-disabled");
  g_assert_nonnull (fx_find (findings, "wsuspool-memory-limit"));
  g_assert_nonnull (fx_find (findings, "content-dir-permissions"));
  g_assert_cmpint (fx_find (findings, "content-dir-permissions")->kind, ==, WSD_FINDING_CONFIG);

  g_assert_nonnull (fx_find (config, "bits-service-disabled"));
  g_assert_nonnull (fx_find (config, "wsuspool-memory-limit"));
  g_assert_nonnull (fx_find (config, "content-dir-permissions"));
  /* no proxy in these facts: nothing to send in cleartext (see test_basic_auth_config) */
  g_assert_null (fx_find (config, "basic-auth-cleartext"));
}

static void
test_config_versions (void)
{
  g_autoptr(WsdServer) old = fx_server ("wsus3", "{\"name\":\"wsus3\",\"sync_from_microsoft_update\":true,"
                                        "\"wsus_version\":\"3.2.7600.283\",\"mu_url\":\"https://fe2.update.microsoft.com/v6\"}");
  g_autoptr(WsdServer) legacy = fx_server ("wsus4", "{\"name\":\"wsus4\",\"sync_from_microsoft_update\":true,"
                                           "\"wsus_version\":\"10.0.17763.678\",\"mu_url\":\"https://sws1.update.microsoft.com\"}");
  g_autoptr(WsdServer) down = fx_server ("wsus5", "{\"name\":\"wsus5\",\"sync_from_microsoft_update\":false,"
                                         "\"upstream_server\":\"hq\",\"wsus_version\":\"3.2.7600.283\"}");
  g_autoptr(GPtrArray) a = wsd_diagnose_server (fx_kb (), old, NULL);
  g_autoptr(GPtrArray) b = wsd_diagnose_server (fx_kb (), legacy, NULL);
  g_autoptr(GPtrArray) c = wsd_diagnose_server (fx_kb (), down, NULL);
  g_autoptr(GPtrArray) run_findings = diagnose_final ("WebException: The request failed with HTTP status 503: Service Unavailable.", legacy);

  g_assert_nonnull (fx_find (a, "wsus-deprecated-version"));
  g_assert_nonnull (fx_find (a, "decommissioned-endpoint"));
  g_assert_nonnull (fx_find (b, "decommissioned-endpoint"));   /* a warning on the configuration page */
  g_assert_null (fx_find (run_findings, "decommissioned-endpoint")); /* …but not on a run */
  g_assert_null (fx_find (c, "wsus-deprecated-version"));      /* downstream of WSUS: fine */
}

static void
test_wsus2_replica (void)
{
  g_autoptr(WsdServer) replica = fx_server ("plant2", "{\"name\":\"plant2\",\"replica\":true,"
                                            "\"upstream_server\":\"hq\",\"wsus_version\":\"2.0.0.2472\"}");
  g_autoptr(WsdServer) sp1 = fx_server ("plant3", "{\"name\":\"plant3\",\"replica\":true,"
                                        "\"upstream_server\":\"hq\",\"wsus_version\":\"2.0.0.2620\"}");
  check_top ("WebException: The operation has timed out\n   at System.Net.HttpWebRequest.GetResponse()", replica, "wsus2-replica-timeout");
  check_top ("WebException: The operation has timed out\n   at System.Net.HttpWebRequest.GetResponse()", sp1, "operation-timeout");
}

/* The server's Configuration page: a WSUS 2.0 RTM replica is a risk before
 * any run times out; SP1 and non-replicas are not. */
static void
test_wsus2_replica_config (void)
{
  g_autoptr(WsdServer) replica = fx_server ("plant2", "{\"name\":\"plant2\",\"replica\":true,"
                                            "\"upstream_server\":\"hq\",\"wsus_version\":\"2.0.0.2472\"}");
  g_autoptr(WsdServer) sp1 = fx_server ("plant3", "{\"name\":\"plant3\",\"replica\":true,"
                                        "\"upstream_server\":\"hq\",\"wsus_version\":\"2.0.0.2620\"}");
  g_autoptr(WsdServer) autonomous = fx_server ("plant4", "{\"name\":\"plant4\",\"replica\":false,"
                                               "\"upstream_server\":\"hq\",\"wsus_version\":\"2.0.0.2472\"}");
  g_autoptr(GPtrArray) config = wsd_diagnose_server (fx_kb (), replica, NULL);
  g_autoptr(GPtrArray) fixed = wsd_diagnose_server (fx_kb (), sp1, NULL);
  g_autoptr(GPtrArray) not_replica = wsd_diagnose_server (fx_kb (), autonomous, NULL);
  WsdFinding *finding = fx_find (config, "wsus2-replica-timeout");
  gboolean version_shown = FALSE;

  g_assert_nonnull (finding);
  g_assert_cmpint (finding->kind, ==, WSD_FINDING_CONFIG);
  g_assert_nonnull (finding->title);
  g_assert_nonnull (finding->steps[0]);
  for (guint i = 0; i < finding->evidence->len; i++)
    version_shown |= strstr (((WsdEvidence *) finding->evidence->pdata[i])->text, "2.0.0.2472") != NULL;
  g_assert_true (version_shown);
  g_assert_null (fx_find (fixed, "wsus2-replica-timeout"));
  g_assert_null (fx_find (not_replica, "wsus2-replica-timeout"));
}

/* basic-auth-cleartext is a config-only id: the Configuration page shows
 * it whenever the proxy settings allow Basic over a non-SSL connection. */
static void
test_basic_auth_config (void)
{
  g_autoptr(WsdServer) basic = fx_server ("wsus-br02.branch.corp.example", proxy_facts);
  g_autoptr(WsdServer) ntlm = fx_server ("wsus-br03", "{\"name\":\"wsus-br03\",\"sync_from_microsoft_update\":true,"
    "\"proxy\":{\"enabled\":true,\"host\":\"proxy.branch.corp.example\",\"port\":8080,\"user\":\"svc\","
    "\"anonymous\":false,\"allow_basic_over_non_ssl\":false}}");
  g_autoptr(WsdServer) anonymous = fx_server ("wsus-br04", "{\"name\":\"wsus-br04\",\"sync_from_microsoft_update\":true,"
    "\"proxy\":{\"enabled\":true,\"host\":\"proxy.branch.corp.example\",\"port\":8080,"
    "\"anonymous\":true,\"allow_basic_over_non_ssl\":true}}");
  g_autoptr(GPtrArray) config = wsd_diagnose_server (fx_kb (), basic, NULL);
  g_autoptr(GPtrArray) ntlm_config = wsd_diagnose_server (fx_kb (), ntlm, NULL);
  g_autoptr(GPtrArray) anonymous_config = wsd_diagnose_server (fx_kb (), anonymous, NULL);
  WsdFinding *finding = fx_find (config, "basic-auth-cleartext");
  gboolean fact_shown = FALSE;

  g_assert_nonnull (finding);
  g_assert_cmpint (finding->kind, ==, WSD_FINDING_CONFIG);
  g_assert_cmpfloat (finding->confidence, >, 0);
  for (guint i = 0; i < finding->evidence->len; i++)
    fact_shown |= strstr (((WsdEvidence *) finding->evidence->pdata[i])->text, "allow_basic_over_non_ssl") != NULL;
  g_assert_true (fact_shown);
  g_assert_nonnull (finding->detail);
  g_assert_nonnull (strstr (finding->detail, "proxy.branch.corp.example"));
  g_assert_null (fx_find (ntlm_config, "basic-auth-cleartext"));
  g_assert_null (fx_find (anonymous_config, "basic-auth-cleartext"));
}

static void
test_cross_server (void)
{
  g_autoptr(WsdServer) up = fx_server ("wsus-hq2.corp.example", "{\"name\":\"wsus-hq2.corp.example\",\"sync_from_microsoft_update\":true,"
                                       "\"approved_update_count\":6124,\"languages\":[\"en\",\"de\",\"fr\"]}");
  g_autoptr(WsdServer) down = fx_server ("wsus-br11.branch.corp.example", "{\"name\":\"wsus-br11.branch.corp.example\","
                                         "\"sync_from_microsoft_update\":false,\"upstream_server\":\"WSUS-HQ2\"}");
  g_autoptr(WsdServer) replica = fx_server ("rep03", "{\"name\":\"rep03\",\"replica\":true,\"upstream_server\":\"wsus-hq2.corp.example\","
                                            "\"approved_update_count\":5987,\"languages\":[\"en\",\"de\"]}");
  g_autoptr(GPtrArray) related = g_ptr_array_new ();
  g_autoptr(WsdRun) run = fx_run (down->name, "2026-10-26T06:00:11Z", SCHED, FAILED);
  g_autoptr(WsdRun) approvals = fx_run ("rep03", "2026-11-02T04:00:00Z", SCHED, FAILED);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) mismatch = NULL;
  g_autoptr(GPtrArray) config = NULL;
  WsdUpdateInfo *info;
  WsdFinding *top;

  g_ptr_array_add (related, up);
  g_ptr_array_add (related, down);
  g_assert_true (wsd_find_upstream_server (down, related) == up);   /* short name vs FQDN, any case */
  up->updates = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_update_info_free);
  info = wsd_update_info_new ();
  info->update_id = g_strdup ("11111111-2222-3333-4444-555555555555");
  g_ptr_array_add (up->updates, info);
  down->updates = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_update_info_free);
  info = wsd_update_info_new ();
  info->update_id = g_strdup ("e757f616-6b1b-428c-bdac-b848ef9837b9");
  g_ptr_array_add (down->updates, info);
  fx_add (run, SDL, WSD_LEVEL_ERROR, "ContentSyncAgent.JobError", 10,
          "Download error: http://wsus-hq2.corp.example:8530/Content/DD/8163.cab failed in download: (-2145844844) HTTP status 404: The requested URL does not exist on the server.");
  fx_add (run, SDL, WSD_LEVEL_WARNING, "ContentSyncAgent.ProcessBITSNotificationQueue", 11,
          "ContentSyncAgent recieved Failure for Item: e757f616-6b1b-428c-bdac-b848ef9837b9, Item fails");
  findings = fx_diagnose (fx_kb (), run, down, up);
  top = g_ptr_array_index (findings, 0);
  g_assert_cmpstr (top->rule, ==, "update-missing-on-upstream");
  g_test_message ("%s", top->detail);
  g_assert_nonnull (strstr (top->detail, "Not in the update list of the upstream wsus-hq2.corp.example: e757f616-6b1b-428c-bdac-b848ef9837b9"));
  g_assert_null (strstr (top->detail, "transient"));

  fx_add (approvals, SDL, WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", 5,
          "ApprovalError: 137 of 6124 approvals received from the upstream server could not be applied");
  mismatch = fx_diagnose (fx_kb (), approvals, replica, up);
  top = g_ptr_array_index (mismatch, 0);
  g_assert_cmpstr (top->rule, ==, "replica-approval-mismatch");
  g_assert_nonnull (strstr (top->detail, "parent wsus-hq2.corp.example has 6124, this replica has 5987"));
  g_assert_nonnull (strstr (top->detail, "parent en, de, fr, this replica en, de"));
  g_ptr_array_add (related, replica);
  config = wsd_diagnose_server (fx_kb (), replica, related);
  g_assert_nonnull (fx_find (config, "replica-approval-mismatch"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/diagnoser/proxy-auth", test_proxy_auth);
  g_test_add_func ("/diagnoser/proxy-vs-target", test_proxy_vs_target);
  g_test_add_func ("/diagnoser/name-resolution", test_name_resolution);
  g_test_add_func ("/diagnoser/connect-and-tls", test_connect_and_tls);
  g_test_add_func ("/diagnoser/http-and-soap", test_http_and_soap);
  g_test_add_func ("/diagnoser/final-error-wins", test_final_error_wins);
  g_test_add_func ("/diagnoser/invalid-cookie-final-only", test_invalid_cookie_final_only);
  g_test_add_func ("/diagnoser/health-noise", test_health_noise);
  g_test_add_func ("/diagnoser/deferred-causes", test_deferred_causes);
  g_test_add_func ("/diagnoser/config-merge", test_config_merge);
  g_test_add_func ("/diagnoser/config-versions", test_config_versions);
  g_test_add_func ("/diagnoser/wsus2-replica", test_wsus2_replica);
  g_test_add_func ("/diagnoser/wsus2-replica-config", test_wsus2_replica_config);
  g_test_add_func ("/diagnoser/basic-auth-config", test_basic_auth_config);
  g_test_add_func ("/diagnoser/cross-server", test_cross_server);
  return g_test_run ();
}
