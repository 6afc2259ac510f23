/* wsd-probe-classifier.c */
#include "wsd-config.h"

#include <errno.h>
#include <string.h>
#include <curl/curl.h>
#include <glib/gi18n-lib.h>

#include "wsd-probe-classifier.h"

#define ANY_STEP  (-1)
#define ANY_PEER  (-1)

/* One row of the classification table: the first row that matches wins,
 * so specific rows (a SOAP ErrorCode, a 407) stand before general ones. */
typedef struct {
  int                  step;          /* WsdProbeStepKind or ANY_STEP */
  WsdProbeOutcomeKind  outcome;
  int                  peer;          /* WsdProbePeer or ANY_PEER */
  long                 code_low;      /* code range; 0, 0 = any */
  long                 code_high;
  const char          *text;          /* exact outcome text; NULL = any */
  const char          *host_contains; /* NULL = any host */
  WsdProbeStatus       status;
  const char          *rule;          /* NULL = no rule (ok, or a warning that is no fault) */
  const char          *detail;        /* {host} {code} {text} {timeout} {schemes} */
} ClassifierRow;

static const ClassifierRow classifier_rows[] = {
  { ANY_STEP, WSD_PROBE_OUTCOME_OK, ANY_PEER, 0, 0, NULL, NULL, WSD_PROBE_STATUS_OK, NULL, NULL },
  { ANY_STEP, WSD_PROBE_OUTCOME_CANCELED, ANY_PEER, 0, 0, NULL, NULL, WSD_PROBE_STATUS_SKIPPED, NULL,
    N_("canceled") },

  /* name resolution */
  { ANY_STEP, WSD_PROBE_OUTCOME_RESOLVE_FAILED, WSD_PROBE_PEER_PROXY, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "proxy-unreachable", N_("the proxy name {host} does not resolve ({text})") },
  { ANY_STEP, WSD_PROBE_OUTCOME_RESOLVE_TIMEOUT, WSD_PROBE_PEER_PROXY, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "proxy-unreachable", N_("no DNS answer for the proxy name {host} within {timeout}") },
  { ANY_STEP, WSD_PROBE_OUTCOME_RESOLVE_FAILED, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-name-resolution", N_("{host} does not resolve ({text})") },
  { ANY_STEP, WSD_PROBE_OUTCOME_RESOLVE_TIMEOUT, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-name-resolution", N_("no DNS answer for {host} within {timeout}") },

  /* the proxy itself cannot be reached: never a firewall finding */
  { ANY_STEP, WSD_PROBE_OUTCOME_CONNECT_REFUSED, WSD_PROBE_PEER_PROXY, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "proxy-unreachable", N_("the proxy {host} refuses connections (nothing listens on that port)") },
  { ANY_STEP, WSD_PROBE_OUTCOME_CONNECT_DROPPED, WSD_PROBE_PEER_PROXY, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "proxy-unreachable", N_("no answer from the proxy {host} within {timeout} (packets dropped)") },
  { ANY_STEP, WSD_PROBE_OUTCOME_CONNECT_UNREACHABLE, WSD_PROBE_PEER_PROXY, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "proxy-unreachable", N_("no route to the proxy {host} ({text})") },
  { ANY_STEP, WSD_PROBE_OUTCOME_CONNECT_FAILED, WSD_PROBE_PEER_PROXY, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "proxy-unreachable", N_("cannot connect to the proxy {host}: {text}") },
  { ANY_STEP, WSD_PROBE_OUTCOME_PROXY_TIMEOUT, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "proxy-unreachable", N_("the proxy {host} accepted the connection but did not answer within {timeout}") },

  /* the upstream (or a Microsoft host) cannot be reached */
  { ANY_STEP, WSD_PROBE_OUTCOME_CONNECT_REFUSED, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "firewall-blocked", N_("connection refused by {host} (port closed, service not listening, or a rejecting firewall)") },
  { ANY_STEP, WSD_PROBE_OUTCOME_CONNECT_DROPPED, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "firewall-blocked", N_("no answer from {host} within {timeout} (packets dropped)") },
  { ANY_STEP, WSD_PROBE_OUTCOME_CONNECT_UNREACHABLE, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "firewall-blocked", N_("no route to {host} ({text})") },
  { ANY_STEP, WSD_PROBE_OUTCOME_CONNECT_FAILED, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "firewall-blocked", N_("cannot connect to {host}: {text}") },

  /* the proxy's own answer (CONNECT reply, or its error page for plain HTTP) */
  { ANY_STEP, WSD_PROBE_OUTCOME_PROXY_REPLY, ANY_PEER, 407, 407, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "proxy-auth", N_("the proxy asks for authentication (HTTP 407) and offers {schemes}: {text}") },
  { ANY_STEP, WSD_PROBE_OUTCOME_PROXY_REPLY, ANY_PEER, 0, 0, "ERR_DNS_FAIL", NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-name-resolution", N_("the proxy cannot resolve {host} (HTTP {code}, {text})") },
  { ANY_STEP, WSD_PROBE_OUTCOME_PROXY_REPLY, ANY_PEER, 0, 0, "ERR_CONNECT_FAIL", NULL,
    WSD_PROBE_STATUS_FAILED, "firewall-blocked", N_("the proxy cannot connect to {host} (HTTP {code}, {text})") },
  { ANY_STEP, WSD_PROBE_OUTCOME_PROXY_REPLY, ANY_PEER, 403, 403, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "firewall-blocked", N_("the proxy refuses the way to {host} (HTTP 403: its policy blocks the destination)") },
  { ANY_STEP, WSD_PROBE_OUTCOME_PROXY_REPLY, ANY_PEER, 504, 504, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "firewall-blocked", N_("the proxy got no answer from {host} (HTTP 504)") },
  { ANY_STEP, WSD_PROBE_OUTCOME_PROXY_REPLY, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-http-error", N_("the proxy answers HTTP {code} for {host}") },
  { ANY_STEP, WSD_PROBE_OUTCOME_BASIC_CLEARTEXT, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_WARNING, "basic-auth-cleartext",
    N_("the proxy accepted Basic authentication: the password crossed the network in cleartext") },

  /* TLS */
  { ANY_STEP, WSD_PROBE_OUTCOME_TLS_HANDSHAKE, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "tls-handshake", N_("TLS handshake with {host} failed: {text}") },
  { ANY_STEP, WSD_PROBE_OUTCOME_TLS_MICROSOFT_ROOT, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_WARNING, NULL,
    N_("cannot be verified here: the chain ends in “{text}”, a Microsoft root this workstation lacks (not a network fault; add it with a CA file to verify)") },
  { ANY_STEP, WSD_PROBE_OUTCOME_TLS_UNTRUSTED, ANY_PEER, 0, 0, NULL, "microsoft.com",
    WSD_PROBE_STATUS_FAILED, "certificate-untrusted",
    N_("untrusted issuer “{text}”, which is not Microsoft: a proxy or firewall inspects TLS") },
  { ANY_STEP, WSD_PROBE_OUTCOME_TLS_UNTRUSTED, ANY_PEER, 0, 0, NULL, "windowsupdate.com",
    WSD_PROBE_STATUS_FAILED, "certificate-untrusted",
    N_("untrusted issuer “{text}”, which is not Microsoft: a proxy or firewall inspects TLS") },
  { ANY_STEP, WSD_PROBE_OUTCOME_TLS_UNTRUSTED, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "certificate-untrusted",
    N_("the certificate chain is not trusted: issuer “{text}” is unknown here (an internal CA needs a CA file; a proxy may inspect TLS)") },
  { ANY_STEP, WSD_PROBE_OUTCOME_TLS_EXPIRED, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "certificate-untrusted", N_("the certificate of {host} expired on {text}") },
  { ANY_STEP, WSD_PROBE_OUTCOME_TLS_NOT_YET_VALID, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "certificate-untrusted", N_("the certificate of {host} is not valid before {text} (check the clocks)") },
  { ANY_STEP, WSD_PROBE_OUTCOME_TLS_NAME_MISMATCH, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "certificate-untrusted", N_("the certificate is not for {host}: it names {text}") },
  { ANY_STEP, WSD_PROBE_OUTCOME_TLS_EXPIRES_SOON, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_WARNING, NULL, N_("the certificate of {host} expires soon ({text})") },
  { WSD_PROBE_STEP_TLS, WSD_PROBE_OUTCOME_TIMEOUT, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "tls-handshake", N_("no TLS answer from {host} within {timeout}") },
  { WSD_PROBE_STEP_TLS, WSD_PROBE_OUTCOME_CONNECTION_CLOSED, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "tls-handshake",
    N_("the connection was closed during the TLS handshake (TLS version or cipher not accepted?): {text}") },

  /* SOAP faults: protocol.md §1.11 */
  { ANY_STEP, WSD_PROBE_OUTCOME_SOAP_FAULT, ANY_PEER, 0, 0, "ServerBusy", NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-busy", N_("SOAP fault ServerBusy: the upstream is too busy") },
  { ANY_STEP, WSD_PROBE_OUTCOME_SOAP_FAULT, ANY_PEER, 0, 0, "IncompatibleProtocolVersion", NULL,
    WSD_PROBE_STATUS_FAILED, "protocol-incompatible", N_("SOAP fault IncompatibleProtocolVersion") },
  { ANY_STEP, WSD_PROBE_OUTCOME_SOAP_FAULT, ANY_PEER, 0, 0, "InvalidAuthorizationCookie", NULL,
    WSD_PROBE_STATUS_FAILED, "invalid-cookie", N_("SOAP fault InvalidAuthorizationCookie") },
  { ANY_STEP, WSD_PROBE_OUTCOME_SOAP_FAULT, ANY_PEER, 0, 0, "InvalidCookie", NULL,
    WSD_PROBE_STATUS_FAILED, "invalid-cookie", N_("SOAP fault InvalidCookie") },
  { ANY_STEP, WSD_PROBE_OUTCOME_SOAP_FAULT, ANY_PEER, 0, 0, "ServerChanged", NULL,
    WSD_PROBE_STATUS_FAILED, "invalid-cookie", N_("SOAP fault ServerChanged: the upstream's identity changed") },
  { ANY_STEP, WSD_PROBE_OUTCOME_SOAP_FAULT, ANY_PEER, 0, 0, "FileDigestsMissing", NULL,
    WSD_PROBE_STATUS_FAILED, "update-missing-on-upstream", N_("SOAP fault FileDigestsMissing") },
  { ANY_STEP, WSD_PROBE_OUTCOME_SOAP_FAULT, ANY_PEER, 0, 0, "InternalServerError", "fe2.update.microsoft.com",
    WSD_PROBE_STATUS_FAILED, "decommissioned-endpoint",
    N_("SOAP fault InternalServerError from the retired fe2 endpoint: switch MUUrl to sws.update.microsoft.com") },
  { ANY_STEP, WSD_PROBE_OUTCOME_SOAP_FAULT, ANY_PEER, 0, 0, "", NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-http-error", N_("SOAP fault without an ErrorCode (HTTP {code})") },
  { ANY_STEP, WSD_PROBE_OUTCOME_SOAP_FAULT, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-http-error", N_("SOAP fault {text} (HTTP {code})") },
  { ANY_STEP, WSD_PROBE_OUTCOME_SOAP_UNEXPECTED, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-http-error",
    N_("HTTP {code}, but no GetAuthConfig answer naming DssTargeting: not a WSUS sync web service") },

  /* HTTP status of the upstream (protocol.md §3.3, §6.3) */
  { ANY_STEP, WSD_PROBE_OUTCOME_HTTP_STATUS, ANY_PEER, 503, 503, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-service-unavailable", N_("HTTP 503 Service Unavailable: WsusPool stopped or overloaded") },
  { ANY_STEP, WSD_PROBE_OUTCOME_HTTP_STATUS, ANY_PEER, 401, 401, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-auth-required", N_("HTTP 401: the upstream requires authentication") },
  { ANY_STEP, WSD_PROBE_OUTCOME_HTTP_STATUS, ANY_PEER, 403, 403, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-auth-required", N_("HTTP 403: access refused (authentication, Require SSL or a client certificate)") },
  { WSD_PROBE_STEP_CONTENT, WSD_PROBE_OUTCOME_HTTP_STATUS, ANY_PEER, 404, 404, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-http-error", N_("HTTP 404: no /Content/ virtual directory on {host}") },
  { ANY_STEP, WSD_PROBE_OUTCOME_HTTP_STATUS, ANY_PEER, 404, 404, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-http-error", N_("HTTP 404: not a WSUS site on this port, or a missing virtual directory") },
  { ANY_STEP, WSD_PROBE_OUTCOME_HTTP_STATUS, ANY_PEER, 502, 502, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-http-error", N_("HTTP 502 Bad Gateway") },
  { ANY_STEP, WSD_PROBE_OUTCOME_HTTP_STATUS, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-http-error", N_("HTTP {code}") },

  /* connected, then nothing */
  { ANY_STEP, WSD_PROBE_OUTCOME_TIMEOUT, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "operation-timeout", N_("connected, but no answer from {host} within {timeout}") },
  { ANY_STEP, WSD_PROBE_OUTCOME_CONNECTION_CLOSED, ANY_PEER, 0, 0, NULL, NULL,
    WSD_PROBE_STATUS_FAILED, "upstream-http-error", N_("the connection was closed without an answer: {text}") },
};

typedef struct {
  const char *rule;
  const char *title;
} RuleTitle;

static const RuleTitle rule_titles[] = {
  { "upstream-name-resolution",     N_("The upstream server's name cannot be resolved") },
  { "proxy-unreachable",            N_("The proxy server cannot be reached") },
  { "proxy-auth",                   N_("The proxy server requires authentication") },
  { "firewall-blocked",             N_("A firewall blocks the connection") },
  { "tls-handshake",                N_("The TLS handshake fails") },
  { "certificate-untrusted",        N_("The server certificate is not trusted") },
  { "upstream-service-unavailable", N_("The upstream web service is unavailable") },
  { "upstream-http-error",          N_("The upstream answers with an HTTP error") },
  { "upstream-auth-required",       N_("The upstream requires authentication") },
  { "upstream-busy",                N_("The upstream server is busy") },
  { "protocol-incompatible",        N_("The server-server protocol versions do not match") },
  { "invalid-cookie",               N_("The upstream refuses the synchronization cookie") },
  { "update-missing-on-upstream",   N_("Updates are missing on the upstream server") },
  { "decommissioned-endpoint",      N_("The Microsoft Update endpoint is decommissioned") },
  { "operation-timeout",            N_("The operation timed out") },
  { "basic-auth-cleartext",         N_("Basic authentication sends the proxy password in cleartext") },
};

void
wsd_probe_outcome_clear (WsdProbeOutcome *outcome)
{
  g_clear_pointer (&outcome->text, g_free);
  memset (outcome, 0, sizeof *outcome);
}

void
wsd_probe_observation_init (WsdProbeObservation *observation, WsdProbeStepKind step)
{
  memset (observation, 0, sizeof *observation);
  observation->step = step;
  observation->tls_expires_in_days = G_MAXINT64;
}

char *
wsd_probe_auth_schemes_to_string (long mask)
{
  static const struct { long bit; const char *name; } schemes[] = {
    { CURLAUTH_BASIC, "Basic" }, { CURLAUTH_DIGEST, "Digest" }, { CURLAUTH_NTLM, "NTLM" },
    { CURLAUTH_NEGOTIATE, "Negotiate" }, { CURLAUTH_BEARER, "Bearer" },
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (mask & schemes[i].bit)
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", schemes[i].name);
  if (text->len == 0)
    g_string_append (text, _("no scheme"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
set_outcome (WsdProbeOutcome *out, WsdProbeOutcomeKind kind, WsdProbePeer peer, long code, const char *text)
{
  out->kind = kind;
  out->peer = peer;
  out->code = code;
  out->text = g_strdup (text);
}

static gboolean
is_connect_stage (const WsdProbeObservation *o)
{
  return !o->connected
         && (o->curl_code == CURLE_COULDNT_CONNECT || o->curl_code == CURLE_OPERATION_TIMEDOUT);
}

static void
outcome_of_connect_failure (const WsdProbeObservation *o, WsdProbeOutcome *out)
{
  WsdProbePeer peer = o->via_proxy ? WSD_PROBE_PEER_PROXY : WSD_PROBE_PEER_UPSTREAM;

  /* errno, not the CURLcode, tells a closed port from a silent firewall. */
  if (o->os_errno == ECONNREFUSED)
    set_outcome (out, WSD_PROBE_OUTCOME_CONNECT_REFUSED, peer, 0, NULL);
  else if (o->os_errno == EHOSTUNREACH || o->os_errno == ENETUNREACH)
    set_outcome (out, WSD_PROBE_OUTCOME_CONNECT_UNREACHABLE, peer, 0, g_strerror (o->os_errno));
  else if (o->curl_code == CURLE_OPERATION_TIMEDOUT || o->os_errno == ETIMEDOUT)
    set_outcome (out, WSD_PROBE_OUTCOME_CONNECT_DROPPED, peer, 0, NULL);
  else
    set_outcome (out, WSD_PROBE_OUTCOME_CONNECT_FAILED, peer, 0,
                 o->os_errno != 0 ? g_strerror (o->os_errno) : o->curl_message);
}

static void
outcome_of_tls_verify (const WsdProbeObservation *o, WsdProbeOutcome *out)
{
  WsdProbePeer peer = WSD_PROBE_PEER_UPSTREAM;
  const char *message = o->curl_message != NULL ? o->curl_message : "";

  switch (o->tls_verify_error)
    {
    case WSD_PROBE_TLS_VERIFY_EXPIRED:
      set_outcome (out, WSD_PROBE_OUTCOME_TLS_EXPIRED, peer, 0, o->tls_not_after);
      return;
    case WSD_PROBE_TLS_VERIFY_NOT_YET_VALID:
      set_outcome (out, WSD_PROBE_OUTCOME_TLS_NOT_YET_VALID, peer, 0, o->tls_not_after);
      return;
    case WSD_PROBE_TLS_VERIFY_NAME:
      set_outcome (out, WSD_PROBE_OUTCOME_TLS_NAME_MISMATCH, peer, 0, o->tls_names);
      return;
    case WSD_PROBE_TLS_VERIFY_UNKNOWN_ISSUER:
      if (o->tls_top_is_microsoft_root)
        set_outcome (out, WSD_PROBE_OUTCOME_TLS_MICROSOFT_ROOT, peer, 0, o->tls_top_issuer);
      else
        set_outcome (out, WSD_PROBE_OUTCOME_TLS_UNTRUSTED, peer, 0,
                     o->tls_top_issuer != NULL ? o->tls_top_issuer : message);
      return;
    default:
      break;
    }
  /* libcurl checks the host name itself after the handshake. */
  if (strstr (message, "subject name") != NULL || strstr (message, "does not match") != NULL)
    set_outcome (out, WSD_PROBE_OUTCOME_TLS_NAME_MISMATCH, peer, 0,
                 o->tls_names != NULL ? o->tls_names : message);
  else
    set_outcome (out, WSD_PROBE_OUTCOME_TLS_UNTRUSTED, peer, 0,
                 o->tls_top_issuer != NULL ? o->tls_top_issuer : message);
}

static const char *
proxy_auth_hint (const WsdProbeObservation *o)
{
  if (!o->credentials_given)
    return _("no credentials were given");
  if ((o->proxy_auth_avail & (CURLAUTH_NTLM | CURLAUTH_NEGOTIATE)) == 0
      && (o->proxy_auth_avail & CURLAUTH_BASIC) && !o->basic_allowed)
    return _("WSUS sends Basic only when “Allow basic authentication” is set");
  return _("the credentials were refused (wrong or expired password?)");
}

static void
outcome_of_success (const WsdProbeObservation *o, WsdProbeOutcome *out)
{
  /* A plain-HTTP request through a proxy gets the proxy's own 407 or error
   * page as an ordinary answer. */
  if (o->via_proxy && !o->tunnel && (o->http_status == 407 || o->proxy_error != NULL))
    {
      set_outcome (out, WSD_PROBE_OUTCOME_PROXY_REPLY, WSD_PROBE_PEER_PROXY, o->http_status,
                   o->http_status == 407 ? proxy_auth_hint (o) : o->proxy_error);
      return;
    }

  switch (o->step)
    {
    case WSD_PROBE_STEP_PROXY:
      if (o->tunnel && o->connect_code != 0 && (o->connect_code < 200 || o->connect_code > 299))
        set_outcome (out, WSD_PROBE_OUTCOME_PROXY_REPLY, WSD_PROBE_PEER_PROXY, o->connect_code,
                     o->connect_code == 407 ? proxy_auth_hint (o) : o->proxy_error);
      else if (o->basic_used)
        set_outcome (out, WSD_PROBE_OUTCOME_BASIC_CLEARTEXT, WSD_PROBE_PEER_PROXY, 0, NULL);
      else
        set_outcome (out, WSD_PROBE_OUTCOME_OK, WSD_PROBE_PEER_PROXY, 0, NULL);
      return;

    case WSD_PROBE_STEP_TLS:
      if (o->tls_expires_in_days < 30)
        set_outcome (out, WSD_PROBE_OUTCOME_TLS_EXPIRES_SOON, WSD_PROBE_PEER_UPSTREAM, 0, o->tls_not_after);
      else
        set_outcome (out, WSD_PROBE_OUTCOME_OK, WSD_PROBE_PEER_UPSTREAM, 0, NULL);
      return;

    case WSD_PROBE_STEP_SOAP:
      if (o->soap_error_code != NULL)
        set_outcome (out, WSD_PROBE_OUTCOME_SOAP_FAULT, WSD_PROBE_PEER_UPSTREAM, o->http_status, o->soap_error_code);
      else if (o->http_status >= 200 && o->http_status <= 299 && o->soap_has_dss_targeting)
        set_outcome (out, WSD_PROBE_OUTCOME_OK, WSD_PROBE_PEER_UPSTREAM, o->http_status, NULL);
      else if (o->http_status >= 200 && o->http_status <= 299)
        set_outcome (out, WSD_PROBE_OUTCOME_SOAP_UNEXPECTED, WSD_PROBE_PEER_UPSTREAM, o->http_status, NULL);
      else
        set_outcome (out, WSD_PROBE_OUTCOME_HTTP_STATUS, WSD_PROBE_PEER_UPSTREAM, o->http_status, NULL);
      return;

    case WSD_PROBE_STEP_HTTP:
    case WSD_PROBE_STEP_CONTENT:
      if (o->any_status_ok || (o->http_status >= 200 && o->http_status <= 399))
        set_outcome (out, WSD_PROBE_OUTCOME_OK, WSD_PROBE_PEER_UPSTREAM, o->http_status, NULL);
      else
        set_outcome (out, WSD_PROBE_OUTCOME_HTTP_STATUS, WSD_PROBE_PEER_UPSTREAM, o->http_status, NULL);
      return;

    default:
      set_outcome (out, WSD_PROBE_OUTCOME_OK, WSD_PROBE_PEER_UPSTREAM, 0, NULL);
      return;
    }
}

void
wsd_probe_observation_outcome (const WsdProbeObservation *o, WsdProbeOutcome *out)
{
  memset (out, 0, sizeof *out);

  if (o->canceled || o->curl_code == CURLE_ABORTED_BY_CALLBACK)
    {
      set_outcome (out, WSD_PROBE_OUTCOME_CANCELED, WSD_PROBE_PEER_UPSTREAM, 0, NULL);
      return;
    }
  if (o->step == WSD_PROBE_STEP_DNS)
    {
      WsdProbePeer peer = o->via_proxy ? WSD_PROBE_PEER_PROXY : WSD_PROBE_PEER_UPSTREAM;

      if (o->resolve_timed_out)
        set_outcome (out, WSD_PROBE_OUTCOME_RESOLVE_TIMEOUT, peer, 0, NULL);
      else if (o->resolve_failed)
        set_outcome (out, WSD_PROBE_OUTCOME_RESOLVE_FAILED, peer, 0, o->resolve_message);
      else
        set_outcome (out, WSD_PROBE_OUTCOME_OK, peer, 0, NULL);
      return;
    }
  if (o->curl_code == CURLE_OK)
    {
      outcome_of_success (o, out);
      return;
    }

  /* The proxy answered CONNECT with something else than 2xx: whatever
   * CURLcode this curl version chose for it (56 before, 7 now). */
  if (o->connect_code != 0 && (o->connect_code < 200 || o->connect_code > 299))
    {
      set_outcome (out, WSD_PROBE_OUTCOME_PROXY_REPLY, WSD_PROBE_PEER_PROXY, o->connect_code,
                   o->connect_code == 407 ? proxy_auth_hint (o) : o->proxy_error);
      return;
    }

  switch (o->curl_code)
    {
    case CURLE_COULDNT_RESOLVE_PROXY:
      set_outcome (out, WSD_PROBE_OUTCOME_RESOLVE_FAILED, WSD_PROBE_PEER_PROXY, 0, o->curl_message);
      return;
    case CURLE_COULDNT_RESOLVE_HOST:
      set_outcome (out, WSD_PROBE_OUTCOME_RESOLVE_FAILED, WSD_PROBE_PEER_UPSTREAM, 0, o->curl_message);
      return;
    case CURLE_PEER_FAILED_VERIFICATION:
      outcome_of_tls_verify (o, out);
      return;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CERTPROBLEM:
      /* OpenSSL reports a refused chain as a handshake failure when it is
       * the verify callback that stopped it. */
      if (o->tls_verify_error != WSD_PROBE_TLS_VERIFY_OK)
        outcome_of_tls_verify (o, out);
      else
        set_outcome (out, WSD_PROBE_OUTCOME_TLS_HANDSHAKE, WSD_PROBE_PEER_UPSTREAM, 0, o->curl_message);
      return;
    default:
      break;
    }

  if (is_connect_stage (o))
    {
      outcome_of_connect_failure (o, out);
      return;
    }
  if (o->tunnel && o->connect_code == 0 && o->curl_code == CURLE_OPERATION_TIMEDOUT)
    {
      set_outcome (out, WSD_PROBE_OUTCOME_PROXY_TIMEOUT, WSD_PROBE_PEER_PROXY, 0, NULL);
      return;
    }
  switch (o->curl_code)
    {
    case CURLE_OPERATION_TIMEDOUT:
      set_outcome (out, WSD_PROBE_OUTCOME_TIMEOUT, WSD_PROBE_PEER_UPSTREAM, 0, NULL);
      return;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      set_outcome (out, WSD_PROBE_OUTCOME_CONNECTION_CLOSED,
                   o->via_proxy && o->connect_code == 0 && o->tunnel ? WSD_PROBE_PEER_PROXY : WSD_PROBE_PEER_UPSTREAM,
                   0, o->curl_message);
      return;
    default:
      set_outcome (out, WSD_PROBE_OUTCOME_CONNECT_FAILED,
                   o->via_proxy ? WSD_PROBE_PEER_PROXY : WSD_PROBE_PEER_UPSTREAM, 0,
                   o->curl_message != NULL && o->curl_message[0] ? o->curl_message : curl_easy_strerror (o->curl_code));
      return;
    }
}

static gboolean
row_matches (const ClassifierRow *row, const WsdProbeOutcome *outcome, WsdProbeStepKind step, const char *host)
{
  if (row->step != ANY_STEP && row->step != (int) step)
    return FALSE;
  if (row->outcome != outcome->kind)
    return FALSE;
  if (row->peer != ANY_PEER && row->peer != (int) outcome->peer)
    return FALSE;
  if ((row->code_low != 0 || row->code_high != 0)
      && (outcome->code < row->code_low || outcome->code > row->code_high))
    return FALSE;
  if (row->text != NULL && g_strcmp0 (row->text, outcome->text != NULL ? outcome->text : "") != 0)
    return FALSE;
  if (row->host_contains != NULL && (host == NULL || strstr (host, row->host_contains) == NULL))
    return FALSE;
  return TRUE;
}

static char *
format_timeout (gint64 timeout_ms)
{
  if (timeout_ms % 1000 == 0)
    return g_strdup_printf (dngettext (GETTEXT_PACKAGE, "%d s", "%d s", (gulong) (timeout_ms / 1000)),
                            (int) (timeout_ms / 1000));
  return g_strdup_printf ("%.1f s", timeout_ms / 1000.0);
}

static char *
expand_detail (const char *template, const WsdProbeOutcome *outcome, const char *host,
               gint64 timeout_ms, const char *schemes)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *timeout = format_timeout (timeout_ms);
  g_autofree char *code = g_strdup_printf ("%ld", outcome->code);

  for (const char *p = template; *p != '\0'; p++)
    {
      const char *value = NULL;
      gsize skip = 0;

      if (g_str_has_prefix (p, "{host}"))
        value = host, skip = strlen ("{host}");
      else if (g_str_has_prefix (p, "{code}"))
        value = code, skip = strlen ("{code}");
      else if (g_str_has_prefix (p, "{text}"))
        value = outcome->text, skip = strlen ("{text}");
      else if (g_str_has_prefix (p, "{timeout}"))
        value = timeout, skip = strlen ("{timeout}");
      else if (g_str_has_prefix (p, "{schemes}"))
        value = schemes, skip = strlen ("{schemes}");
      if (skip > 0)
        {
          g_string_append (text, value != NULL && value[0] != '\0' ? value : "?");
          p += skip - 1;
        }
      else
        g_string_append_c (text, *p);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
wsd_probe_classify (const WsdProbeOutcome *outcome, WsdProbeStep *step, const char *host,
                    gint64 timeout_ms, const char *schemes)
{
  for (guint i = 0; i < G_N_ELEMENTS (classifier_rows); i++)
    {
      const ClassifierRow *row = &classifier_rows[i];

      if (!row_matches (row, outcome, step->step, host))
        continue;
      step->status = row->status;
      g_free (step->rule);
      step->rule = g_strdup (row->rule);
      if (row->detail != NULL)
        {
          g_free (step->detail);
          step->detail = expand_detail (_(row->detail), outcome, host, timeout_ms, schemes);
        }
      return;
    }
  /* Every outcome has a row; reaching here is a table bug. */
  g_warn_if_reached ();
  step->status = WSD_PROBE_STATUS_FAILED;
}

const char *
wsd_probe_rule_title (const char *rule)
{
  for (guint i = 0; rule != NULL && i < G_N_ELEMENTS (rule_titles); i++)
    if (g_str_equal (rule_titles[i].rule, rule))
      return _(rule_titles[i].title);
  return NULL;
}
