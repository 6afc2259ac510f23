/* test-probe-classifier.c: the classifier, the SOAP reader and the target
 * set on their own, without a network. */
#include <errno.h>
#include <string.h>
#include <curl/curl.h>
#include <json-glib/json-glib.h>

#include "wsd-probe-classifier.h"
#include "wsd-probe-soap.h"
#include "wsd-probe-steps.h"
#include "wsd-probe-target-set.h"
#include "wsd-prober.h"

/* Classifies @o for @host and returns the step (status, rule, detail). */
static WsdProbeStep *
classify (const WsdProbeObservation *o, const char *host)
{
  WsdProbeStep *step = wsd_probe_step_new (o->step, WSD_PROBE_STATUS_OK);
  WsdProbeOutcome outcome;
  g_autofree char *schemes = wsd_probe_auth_schemes_to_string (o->proxy_auth_avail);

  wsd_probe_observation_outcome (o, &outcome);
  wsd_probe_classify (&outcome, step, host, 3000, schemes);
  wsd_probe_outcome_clear (&outcome);
  return step;
}

static void
assert_step (const WsdProbeObservation *o, const char *host, WsdProbeStatus status,
             const char *rule, const char *detail_part)
{
  WsdProbeStep *step = classify (o, host);

  g_assert_cmpstr (wsd_probe_status_to_string (step->status), ==, wsd_probe_status_to_string (status));
  g_assert_cmpstr (step->rule, ==, rule);
  if (detail_part != NULL)
    {
      g_assert_nonnull (step->detail);
      if (strstr (step->detail, detail_part) == NULL)
        g_error ("detail “%s” lacks “%s”", step->detail, detail_part);
    }
  wsd_probe_step_free (step);
}

static void
test_refused_versus_dropped (void)
{
  WsdProbeObservation o;

  wsd_probe_observation_init (&o, WSD_PROBE_STEP_TCP);
  o.curl_code = CURLE_COULDNT_CONNECT;
  o.os_errno = ECONNREFUSED;
  assert_step (&o, "wsus-hq:8531", WSD_PROBE_STATUS_FAILED, "firewall-blocked", "refused");

  /* the same CURLcode without ECONNREFUSED is not a refusal */
  o.os_errno = ETIMEDOUT;
  assert_step (&o, "wsus-hq:8531", WSD_PROBE_STATUS_FAILED, "firewall-blocked", "dropped");

  wsd_probe_observation_init (&o, WSD_PROBE_STEP_TCP);
  o.curl_code = CURLE_OPERATION_TIMEDOUT;
  assert_step (&o, "wsus-hq:8531", WSD_PROBE_STATUS_FAILED, "firewall-blocked", "within 3 s (packets dropped)");

  o.curl_code = CURLE_COULDNT_CONNECT;
  o.os_errno = EHOSTUNREACH;
  assert_step (&o, "wsus-hq:8531", WSD_PROBE_STATUS_FAILED, "firewall-blocked", "no route");

  /* toward the proxy it is never a firewall finding */
  o.via_proxy = TRUE;
  o.os_errno = ECONNREFUSED;
  assert_step (&o, "proxy:8080", WSD_PROBE_STATUS_FAILED, "proxy-unreachable", "refuses");
  o.os_errno = 0;
  o.curl_code = CURLE_OPERATION_TIMEDOUT;
  assert_step (&o, "proxy:8080", WSD_PROBE_STATUS_FAILED, "proxy-unreachable", "dropped");
}

static void
test_name_resolution (void)
{
  WsdProbeObservation o;

  wsd_probe_observation_init (&o, WSD_PROBE_STEP_DNS);
  o.resolve_failed = TRUE;
  o.resolve_message = "Name or service not known";
  assert_step (&o, "wsus-hq.invalid", WSD_PROBE_STATUS_FAILED, "upstream-name-resolution", "wsus-hq.invalid");
  o.via_proxy = TRUE;
  assert_step (&o, "proxy.invalid", WSD_PROBE_STATUS_FAILED, "proxy-unreachable", "proxy name");
  o.resolve_failed = FALSE;
  o.resolve_timed_out = TRUE;
  assert_step (&o, "proxy.invalid", WSD_PROBE_STATUS_FAILED, "proxy-unreachable", "3 s");

  wsd_probe_observation_init (&o, WSD_PROBE_STEP_HTTP);
  o.curl_code = CURLE_COULDNT_RESOLVE_PROXY;
  assert_step (&o, "proxy.invalid", WSD_PROBE_STATUS_FAILED, "proxy-unreachable", NULL);
  o.curl_code = CURLE_COULDNT_RESOLVE_HOST;
  assert_step (&o, "wsus-hq", WSD_PROBE_STATUS_FAILED, "upstream-name-resolution", NULL);
}

static void
test_proxy_connect_reply (void)
{
  /* curl before 8.x: 56 for a refused tunnel; later: 7. Same finding. */
  const int codes[] = { CURLE_RECV_ERROR, CURLE_COULDNT_CONNECT, CURLE_OK };
  WsdProbeObservation o;

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      wsd_probe_observation_init (&o, WSD_PROBE_STEP_PROXY);
      o.via_proxy = o.tunnel = o.connected = TRUE;
      o.curl_code = codes[i];
      o.connect_code = 407;
      o.proxy_auth_avail = CURLAUTH_BASIC;
      o.credentials_given = TRUE;
      assert_step (&o, "proxy:8080", WSD_PROBE_STATUS_FAILED, "proxy-auth", "offers Basic");
      assert_step (&o, "proxy:8080", WSD_PROBE_STATUS_FAILED, "proxy-auth", "Allow basic authentication");
      o.basic_allowed = TRUE;
      assert_step (&o, "proxy:8080", WSD_PROBE_STATUS_FAILED, "proxy-auth", "wrong or expired password");
      o.credentials_given = FALSE;
      assert_step (&o, "proxy:8080", WSD_PROBE_STATUS_FAILED, "proxy-auth", "no credentials");

      o.connect_code = 403;
      assert_step (&o, "sws.update.microsoft.com:443", WSD_PROBE_STATUS_FAILED, "firewall-blocked", "policy");
      o.connect_code = 503;
      o.proxy_error = "ERR_DNS_FAIL";
      assert_step (&o, "wsus-hq:8531", WSD_PROBE_STATUS_FAILED, "upstream-name-resolution", "cannot resolve");
      o.proxy_error = "ERR_CONNECT_FAIL";
      assert_step (&o, "wsus-hq:8531", WSD_PROBE_STATUS_FAILED, "firewall-blocked", "cannot connect");
      o.proxy_error = NULL;
      o.connect_code = 502;
      assert_step (&o, "wsus-hq:8531", WSD_PROBE_STATUS_FAILED, "upstream-http-error", "502");
    }

  /* a plain-HTTP request through the proxy: its 407 is an ordinary answer */
  wsd_probe_observation_init (&o, WSD_PROBE_STEP_HTTP);
  o.via_proxy = o.connected = TRUE;
  o.http_status = 407;
  o.proxy_auth_avail = CURLAUTH_NTLM | CURLAUTH_NEGOTIATE;
  o.credentials_given = TRUE;
  assert_step (&o, "proxy:8080", WSD_PROBE_STATUS_FAILED, "proxy-auth", "NTLM, Negotiate");

  /* connected to the proxy, then no CONNECT reply */
  wsd_probe_observation_init (&o, WSD_PROBE_STEP_PROXY);
  o.via_proxy = o.tunnel = o.connected = TRUE;
  o.curl_code = CURLE_OPERATION_TIMEDOUT;
  assert_step (&o, "proxy:8080", WSD_PROBE_STATUS_FAILED, "proxy-unreachable", "did not answer");

  /* it worked, with Basic */
  wsd_probe_observation_init (&o, WSD_PROBE_STEP_PROXY);
  o.via_proxy = o.tunnel = o.connected = TRUE;
  o.connect_code = 200;
  o.basic_used = TRUE;
  assert_step (&o, "proxy:8080", WSD_PROBE_STATUS_WARNING, "basic-auth-cleartext", "cleartext");
  o.basic_used = FALSE;
  assert_step (&o, "proxy:8080", WSD_PROBE_STATUS_OK, NULL, NULL);
}

static void
test_tls (void)
{
  WsdProbeObservation o;

  wsd_probe_observation_init (&o, WSD_PROBE_STEP_TLS);
  o.connected = TRUE;
  o.curl_code = CURLE_PEER_FAILED_VERIFICATION;
  o.tls_verify_error = WSD_PROBE_TLS_VERIFY_UNKNOWN_ISSUER;
  o.tls_top_issuer = "Microsoft Root Certificate Authority 2011";
  o.tls_top_is_microsoft_root = TRUE;
  /* not a network fault: a warning without a rule */
  assert_step (&o, "sws.update.microsoft.com:443", WSD_PROBE_STATUS_WARNING, NULL, "cannot be verified here");

  o.tls_top_issuer = "Contoso TLS Inspection CA";
  o.tls_top_is_microsoft_root = FALSE;
  assert_step (&o, "sws.update.microsoft.com:443", WSD_PROBE_STATUS_FAILED, "certificate-untrusted", "inspects TLS");
  assert_step (&o, "wsus-hq.corp:8531", WSD_PROBE_STATUS_FAILED, "certificate-untrusted", "Contoso TLS Inspection CA");

  o.tls_verify_error = WSD_PROBE_TLS_VERIFY_EXPIRED;
  o.tls_not_after = "2020-02-01";
  assert_step (&o, "wsus-hq.corp:8531", WSD_PROBE_STATUS_FAILED, "certificate-untrusted", "expired on 2020-02-01");

  o.tls_verify_error = WSD_PROBE_TLS_VERIFY_OK;
  o.curl_message = "SSL: no alternative certificate subject name matches target host name 'localhost'";
  o.tls_names = "other.example";
  assert_step (&o, "localhost:8531", WSD_PROBE_STATUS_FAILED, "certificate-untrusted", "it names other.example");

  o.curl_code = CURLE_SSL_CONNECT_ERROR;
  o.curl_message = "error:0A00042E:SSL routines::tlsv1 alert protocol version";
  assert_step (&o, "sws.update.microsoft.com:443", WSD_PROBE_STATUS_FAILED, "tls-handshake", "protocol version");

  /* the proxy's FIN after the ClientHello */
  o.curl_code = CURLE_RECV_ERROR;
  assert_step (&o, "sws.update.microsoft.com:443", WSD_PROBE_STATUS_FAILED, "tls-handshake", "TLS version or cipher");

  wsd_probe_observation_init (&o, WSD_PROBE_STEP_TLS);
  o.tls_expires_in_days = 5;
  o.tls_not_after = "2026-12-01";
  assert_step (&o, "wsus-hq:8531", WSD_PROBE_STATUS_WARNING, NULL, "expires soon");
  o.tls_expires_in_days = 300;
  assert_step (&o, "wsus-hq:8531", WSD_PROBE_STATUS_OK, NULL, NULL);
}

static void
test_http_status (void)
{
  const struct { long status; WsdProbeStatus expect; const char *rule; } cases[] = {
    { 200, WSD_PROBE_STATUS_OK, NULL },
    { 206, WSD_PROBE_STATUS_OK, NULL },
    { 503, WSD_PROBE_STATUS_FAILED, "upstream-service-unavailable" },
    { 404, WSD_PROBE_STATUS_FAILED, "upstream-http-error" },
    { 500, WSD_PROBE_STATUS_FAILED, "upstream-http-error" },
    { 502, WSD_PROBE_STATUS_FAILED, "upstream-http-error" },
    { 401, WSD_PROBE_STATUS_FAILED, "upstream-auth-required" },
    { 403, WSD_PROBE_STATUS_FAILED, "upstream-auth-required" },
  };
  WsdProbeObservation o;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      wsd_probe_observation_init (&o, WSD_PROBE_STEP_HTTP);
      o.connected = TRUE;
      o.http_status = cases[i].status;
      assert_step (&o, "wsus-hq:8530", cases[i].expect, cases[i].rule, NULL);
    }
  /* a Microsoft host that answers at all is reachable */
  wsd_probe_observation_init (&o, WSD_PROBE_STEP_HTTP);
  o.http_status = 404;
  o.any_status_ok = TRUE;
  assert_step (&o, "download.windowsupdate.com:80", WSD_PROBE_STATUS_OK, NULL, NULL);

  wsd_probe_observation_init (&o, WSD_PROBE_STEP_CONTENT);
  o.http_status = 404;
  assert_step (&o, "wsus-hq:8530", WSD_PROBE_STATUS_FAILED, "upstream-http-error", "/Content/");

  wsd_probe_observation_init (&o, WSD_PROBE_STEP_SOAP);
  o.connected = TRUE;
  o.curl_code = CURLE_OPERATION_TIMEDOUT;
  assert_step (&o, "wsus-hq:8530", WSD_PROBE_STATUS_FAILED, "operation-timeout", "connected, but no answer");
}

static void
test_soap_faults (void)
{
  const struct { const char *code; const char *host; const char *rule; } cases[] = {
    { "ServerBusy", "wsus-hq:8530", "upstream-busy" },
    { "IncompatibleProtocolVersion", "wsus-hq:8530", "protocol-incompatible" },
    { "InvalidAuthorizationCookie", "wsus-hq:8530", "invalid-cookie" },
    { "InvalidCookie", "wsus-hq:8530", "invalid-cookie" },
    { "ServerChanged", "wsus-hq:8530", "invalid-cookie" },
    { "FileDigestsMissing", "wsus-hq:8530", "update-missing-on-upstream" },
    { "InternalServerError", "fe2.update.microsoft.com:443", "decommissioned-endpoint" },
    { "InternalServerError", "wsus-hq:8530", "upstream-http-error" },
    { "", "wsus-hq:8530", "upstream-http-error" },
  };
  WsdProbeObservation o;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      wsd_probe_observation_init (&o, WSD_PROBE_STEP_SOAP);
      o.connected = o.soap_checked = TRUE;
      o.http_status = 500;
      o.soap_error_code = cases[i].code;
      assert_step (&o, cases[i].host, WSD_PROBE_STATUS_FAILED, cases[i].rule, NULL);
    }
  wsd_probe_observation_init (&o, WSD_PROBE_STEP_SOAP);
  o.connected = o.soap_checked = TRUE;
  o.http_status = 200;
  assert_step (&o, "wsus-hq:8530", WSD_PROBE_STATUS_FAILED, "upstream-http-error", "DssTargeting");
  o.soap_has_dss_targeting = TRUE;
  assert_step (&o, "wsus-hq:8530", WSD_PROBE_STATUS_OK, NULL, NULL);
  o.http_status = 503;
  o.soap_has_dss_targeting = FALSE;
  assert_step (&o, "wsus-hq:8530", WSD_PROBE_STATUS_FAILED, "upstream-service-unavailable", NULL);
}

static void
test_rule_titles (void)
{
  const char *rules[] = {
    "upstream-name-resolution", "proxy-unreachable", "proxy-auth", "firewall-blocked", "tls-handshake",
    "certificate-untrusted", "upstream-service-unavailable", "upstream-http-error", "upstream-auth-required",
    "upstream-busy", "protocol-incompatible", "invalid-cookie", "operation-timeout", "basic-auth-cleartext",
    "decommissioned-endpoint", "update-missing-on-upstream",
  };
  g_autofree char *schemes = wsd_probe_auth_schemes_to_string (CURLAUTH_BASIC | CURLAUTH_NTLM);

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    g_assert_nonnull (wsd_probe_rule_title (rules[i]));
  g_assert_null (wsd_probe_rule_title ("no-such-rule"));
  g_assert_cmpstr (schemes, ==, "Basic, NTLM");
}

static void
test_soap_reader (void)
{
  const char *response =
    "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
    "<GetAuthConfigResponse xmlns=\"http://www.microsoft.com/SoftwareDistribution\"><GetAuthConfigResult>"
    "<LastChange>2006-06-07T20:41:50.883Z</LastChange><AuthInfo><AuthPlugInInfo><PlugInID>DssTargeting</PlugInID>"
    "<ServiceUrl>DssAuthWebService/DssAuthWebService.asmx</ServiceUrl><Parameter /></AuthPlugInInfo></AuthInfo>"
    "</GetAuthConfigResult></GetAuthConfigResponse></soap:Body></soap:Envelope>";
  const char *fault =
    "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
    "<faultcode>soap:Client</faultcode><faultstring>System.Web.Services.Protocols.SoapException: Fault occurred\n at X</faultstring>"
    "<detail><ErrorCode>InvalidCookie</ErrorCode><Message /><ID>247dfffd-a6b4-4a57-b9d4-2e464b668cd3</ID></detail>"
    "</soap:Fault></soap:Body></soap:Envelope>";
  const char *fault12 =
    "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body><env:Fault>"
    "<env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text>busy</env:Text></env:Reason>"
    "<env:Detail><ErrorCode>ServerBusy</ErrorCode></env:Detail></env:Fault></env:Body></env:Envelope>";
  const char *hostile =
    "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
    "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
    "<ServiceUrl>&e;</ServiceUrl></soap:Body></soap:Envelope>";
  WsdProbeSoapAnswer answer;

  wsd_probe_soap_parse (response, strlen (response), &answer);
  g_assert_true (answer.parsed);
  g_assert_false (answer.fault);
  g_assert_true (answer.dss_targeting);
  g_assert_cmpstr (answer.service_url, ==, "DssAuthWebService/DssAuthWebService.asmx");
  wsd_probe_soap_answer_clear (&answer);

  wsd_probe_soap_parse (fault, strlen (fault), &answer);
  g_assert_true (answer.fault);
  g_assert_cmpstr (answer.error_code, ==, "InvalidCookie");
  g_assert_cmpstr (answer.fault_string, ==, "System.Web.Services.Protocols.SoapException: Fault occurred");
  wsd_probe_soap_answer_clear (&answer);

  wsd_probe_soap_parse (fault12, strlen (fault12), &answer);
  g_assert_true (answer.fault);
  g_assert_cmpstr (answer.error_code, ==, "ServerBusy");
  wsd_probe_soap_answer_clear (&answer);

  wsd_probe_soap_parse (hostile, strlen (hostile), &answer);
  g_assert_true (answer.service_url == NULL || strstr (answer.service_url, "root:") == NULL);
  wsd_probe_soap_answer_clear (&answer);

  wsd_probe_soap_parse ("<html>It works</html>", 21, &answer);
  g_assert_false (answer.parsed);
  g_assert_false (answer.dss_targeting);
  wsd_probe_soap_answer_clear (&answer);
  wsd_probe_soap_parse ("\xff\xfe garbage <<<", 14, &answer);
  g_assert_false (answer.parsed);
  wsd_probe_soap_answer_clear (&answer);

  /* only read-only calls are ever built */
  g_assert_nonnull (strstr (wsd_probe_soap_get_auth_config_request (), "<GetAuthConfig"));
  g_assert_null (strstr (wsd_probe_soap_get_auth_config_request (), "DownloadFiles"));
  g_assert_null (strstr (wsd_probe_soap_get_auth_config_request (), "Rollup"));
}

static void
test_content_port_rule (void)
{
  const struct { guint16 port; gboolean ssl; guint16 content; } cases[] = {
    { 8531, TRUE, 8530 }, { 443, TRUE, 80 }, { 8530, FALSE, 8530 }, { 80, FALSE, 80 }, { 9443, TRUE, 9442 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(WsdProbeTargetSpec) spec = wsd_probe_target_spec_new ("wsus-hq", cases[i].port, cases[i].ssl, NULL);
      g_assert_cmpuint (wsd_probe_target_spec_content_port (spec), ==, cases[i].content);
    }
}

static void
test_parse_host_port (void)
{
  const struct { const char *text; const char *host; guint16 port; gboolean ok; } cases[] = {
    { "wsus-hq.corp.example", "wsus-hq.corp.example", 0, TRUE },
    { "wsus-hq:8531", "wsus-hq", 8531, TRUE },
    { "[2001:db8::1]:8530", "2001:db8::1", 8530, TRUE },
    { "2001:db8::1", "2001:db8::1", 0, TRUE },
    { "wsus-hq:0", NULL, 0, FALSE },
    { "wsus-hq:70000", NULL, 0, FALSE },
    { "wsus-hq:80x", NULL, 0, FALSE },
    { "http://wsus-hq", NULL, 0, FALSE },
    { "", NULL, 0, FALSE },
    { "[::1", NULL, 0, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *host = NULL;
      g_autoptr(GError) error = NULL;
      guint16 port = 0;
      gboolean ok = wsd_probe_parse_host_port (cases[i].text, &host, &port, &error);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        {
          g_assert_cmpstr (host, ==, cases[i].host);
          g_assert_cmpuint (port, ==, cases[i].port);
        }
      else
        g_assert_error (error, WSD_ERROR, WSD_ERROR_INVALID);
    }
}

static WsdProbeTargetSpec *
find_target (GPtrArray *targets, const char *host, guint16 port)
{
  for (guint i = 0; i < targets->len; i++)
    {
      WsdProbeTargetSpec *spec = g_ptr_array_index (targets, i);
      if (g_str_equal (spec->host, host) && spec->port == port)
        return spec;
    }
  return NULL;
}

static void
test_microsoft_update_set (void)
{
  g_autoptr(WsdProbeProxy) proxy = wsd_probe_proxy_new ("proxy.corp", 8080);
  g_autoptr(GPtrArray) targets = wsd_probe_targets_microsoft_update (proxy);
  WsdProbeTargetSpec *sws = find_target (targets, "sws.update.microsoft.com", 443);
  WsdProbeTargetSpec *download = find_target (targets, "download.windowsupdate.com", 80);
  WsdProbeStepKind plan[WSD_PROBE_N_STEPS];
  guint n;

  g_assert_nonnull (sws);
  g_assert_true (sws->ssl);
  g_assert_cmpint (sws->tls_policy, ==, WSD_PROBE_TLS_1_2_ONLY);
  g_assert_true (sws->wants & WSD_PROBE_WANT_SOAP);
  g_assert_nonnull (download);
  g_assert_false (download->ssl);
  g_assert_nonnull (find_target (targets, "dl.delivery.mp.microsoft.com", 80));
  g_assert_nonnull (find_target (targets, "dl.delivery.mp.microsoft.com", 443));
  g_assert_nonnull (find_target (targets, "download.microsoft.com", 443));
  g_assert_nonnull (find_target (targets, "go.microsoft.com", 80));
  for (guint i = 0; i < targets->len; i++)
    {
      WsdProbeTargetSpec *spec = g_ptr_array_index (targets, i);
      g_assert_cmpstr (spec->kind, ==, "microsoft-update");
      g_assert_nonnull (spec->proxy);
      g_assert_cmpstr (spec->proxy->host, ==, "proxy.corp");
    }
  n = wsd_probe_plan_steps (sws, plan);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpint (plan[2], ==, WSD_PROBE_STEP_PROXY);
  g_assert_cmpint (plan[3], ==, WSD_PROBE_STEP_TLS);
  g_assert_cmpint (plan[4], ==, WSD_PROBE_STEP_SOAP);
}

static WsdServer *
server_from_json (const char *name, const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  WsdServer *server = wsd_server_new (name);

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  server->facts = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  return server;
}

static void
test_targets_from_facts (void)
{
  g_autoptr(WsdServer) downstream = server_from_json ("wsus01",
    "{\"upstream_server\":\"wsus-hq.corp.example\",\"upstream_port\":8531,\"upstream_use_ssl\":true,"
    "\"proxy\":{\"enabled\":true,\"host\":\"proxy.corp.example\",\"port\":8080,\"user\":\"svc-wsus\","
    "\"domain\":\"CORP\",\"anonymous\":false,\"allow_basic_over_non_ssl\":true}}");
  g_autoptr(WsdServer) anonymous = server_from_json ("wsus02",
    "{\"upstream_server\":\"wsus-hq\",\"proxy\":{\"enabled\":true,\"host\":\"proxy\",\"user\":\"x\",\"anonymous\":true}}");
  g_autoptr(WsdServer) mu = server_from_json ("wsus03",
    "{\"sync_from_microsoft_update\":true,\"mu_url\":\"https://fe2.update.microsoft.com/v6\","
    "\"proxy\":{\"enabled\":false,\"host\":\"proxy\"}}");
  g_autoptr(WsdServer) nothing = server_from_json ("wsus04", "{\"os\":\"Windows Server 2019\"}");
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *login = NULL;
  WsdProbeTargetSpec *spec;

  targets = wsd_probe_targets_for_server (downstream, "secret", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 1);
  spec = g_ptr_array_index (targets, 0);
  g_assert_cmpstr (spec->host, ==, "wsus-hq.corp.example");
  g_assert_cmpuint (spec->port, ==, 8531);
  g_assert_true (spec->ssl);
  g_assert_nonnull (spec->proxy);
  g_assert_cmpuint (spec->proxy->port, ==, 8080);
  g_assert_true (spec->proxy->allow_basic);
  g_assert_cmpstr (spec->proxy->password, ==, "secret");
  login = wsd_probe_proxy_dup_login (spec->proxy);
  g_assert_cmpstr (login, ==, "CORP\\svc-wsus");
  g_clear_pointer (&targets, g_ptr_array_unref);

  targets = wsd_probe_targets_for_server (anonymous, NULL, &error);
  g_assert_no_error (error);
  spec = g_ptr_array_index (targets, 0);
  g_assert_cmpuint (spec->port, ==, 8530);   /* WSUS 6.2+ default */
  g_assert_nonnull (spec->proxy);
  g_assert_cmpuint (spec->proxy->port, ==, 80);
  g_assert_null (spec->proxy->user);
  g_clear_pointer (&targets, g_ptr_array_unref);

  targets = wsd_probe_targets_for_server (mu, NULL, &error);
  g_assert_no_error (error);
  spec = g_ptr_array_index (targets, 0);
  g_assert_cmpstr (spec->host, ==, "fe2.update.microsoft.com");
  g_assert_cmpstr (spec->path_prefix, ==, "/v6");
  g_assert_null (spec->proxy);
  g_assert_nonnull (find_target (targets, "sws.update.microsoft.com", 443));
  g_clear_pointer (&targets, g_ptr_array_unref);

  targets = wsd_probe_targets_for_server (nothing, NULL, &error);
  g_assert_null (targets);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_NOT_FOUND);
}

static void
test_proxy_login_and_wipe (void)
{
  g_autoptr(WsdProbeProxy) proxy = wsd_probe_proxy_new ("proxy", 0);
  g_autoptr(WsdProbeProxy) copy = NULL;
  char *login;

  g_assert_null (wsd_probe_proxy_dup_login (proxy));
  proxy->user = g_strdup ("CORP\\svc");
  proxy->domain = g_strdup ("OTHER");
  login = wsd_probe_proxy_dup_login (proxy);
  g_assert_cmpstr (login, ==, "CORP\\svc");
  g_free (login);
  wsd_probe_proxy_set_password (proxy, "one");
  wsd_probe_proxy_set_password (proxy, "two");
  copy = wsd_probe_proxy_copy (proxy);
  g_assert_cmpstr (copy->password, ==, "two");
}

static void
test_empty_run (void)
{
  g_autoptr(WsdProber) prober = wsd_prober_new ();
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdProbeResult) result = NULL;
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "wsd-no-such-ca.pem", NULL);

  result = wsd_prober_run (prober, targets, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->targets->len, ==, 0);
  g_assert_false (wsd_probe_result_has_failure (result));
  g_clear_pointer (&result, wsd_probe_result_free);

  /* a CA file that is not there stops the run before any probe */
  wsd_prober_set_extra_ca_file (prober, missing);
  result = wsd_prober_run (prober, targets, NULL, NULL, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/probe/classifier/refused-versus-dropped", test_refused_versus_dropped);
  g_test_add_func ("/probe/classifier/name-resolution", test_name_resolution);
  g_test_add_func ("/probe/classifier/proxy-connect-reply", test_proxy_connect_reply);
  g_test_add_func ("/probe/classifier/tls", test_tls);
  g_test_add_func ("/probe/classifier/http-status", test_http_status);
  g_test_add_func ("/probe/classifier/soap-faults", test_soap_faults);
  g_test_add_func ("/probe/classifier/rule-titles", test_rule_titles);
  g_test_add_func ("/probe/soap/reader", test_soap_reader);
  g_test_add_func ("/probe/targets/content-port-rule", test_content_port_rule);
  g_test_add_func ("/probe/targets/parse-host-port", test_parse_host_port);
  g_test_add_func ("/probe/targets/microsoft-update", test_microsoft_update_set);
  g_test_add_func ("/probe/targets/from-facts", test_targets_from_facts);
  g_test_add_func ("/probe/targets/proxy-login", test_proxy_login_and_wipe);
  g_test_add_func ("/probe/prober/empty-and-bad-ca", test_empty_run);
  return g_test_run ();
}
