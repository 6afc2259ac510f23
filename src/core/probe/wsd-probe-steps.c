/* wsd-probe-steps.c: dns → tcp → proxy → tls → http → soap → content for
 * one target. Every step is its own libcurl transfer with its own bound;
 * the first failure skips the rest. */
#include "wsd-config.h"

#include <string.h>
#include <curl/curl.h>
#include <glib/gi18n-lib.h>

#include "wsd-probe-steps.h"
#include "wsd-probe-classifier.h"
#include "wsd-probe-resolve.h"
#include "wsd-probe-soap.h"
#include "wsd-probe-tls.h"

#define BODY_LIMIT (256 * 1024)
#define USER_AGENT "wsus-sync-doctor/" PACKAGE_VERSION " (synchronization check)"

typedef struct {
  const WsdProbeTargetSpec *spec;
  const WsdProbeSettings   *settings;
  char               *peer_host;      /* the proxy when there is one, else the upstream */
  guint16             peer_port;
  char               *peer_name;      /* "host:port" for sentences */
  char               *target_name;
  struct curl_slist  *pinned;         /* CURLOPT_RESOLVE entries from the dns step */
  char               *login;          /* DOMAIN\user */
  char               *soap_service_url;
} TargetRun;

typedef struct {
  GString  *body;
  char     *proxy_error;
  char     *server;
  char     *content_type;
  char      error_buffer[CURL_ERROR_SIZE];
  GCancellable *cancellable;
  WsdProbeTlsInfo *tls;               /* collected before the handle lets go */
} Capture;

static void
capture_init (Capture *capture, GCancellable *cancellable)
{
  memset (capture, 0, sizeof *capture);
  capture->body = g_string_new (NULL);
  capture->cancellable = cancellable;
}

static void
capture_clear (Capture *capture)
{
  g_string_free (capture->body, TRUE);
  g_free (capture->proxy_error);
  g_free (capture->server);
  g_free (capture->content_type);
}

static size_t
on_header (char *buffer, size_t size, size_t n_items, void *user_data)
{
  Capture *capture = user_data;
  gsize length = size * n_items;
  g_autofree char *line = g_strstrip (g_strndup (buffer, length));
  char *colon;

  if (g_str_has_prefix (line, "HTTP/"))
    {
      /* a new answer (after a 407 round, or the tunnel's end) */
      g_clear_pointer (&capture->proxy_error, g_free);
      g_clear_pointer (&capture->server, g_free);
      g_clear_pointer (&capture->content_type, g_free);
      return length;
    }
  colon = strchr (line, ':');
  if (colon == NULL)
    return length;
  *colon = '\0';
  if (g_ascii_strcasecmp (line, "X-Squid-Error") == 0 || g_ascii_strcasecmp (line, "Proxy-Status") == 0)
    {
      g_autofree char *value = g_strdup (g_strstrip (colon + 1));
      char *space = strchr (value, ' ');

      /* "ERR_CONNECT_FAIL 111" → "ERR_CONNECT_FAIL" */
      if (space != NULL)
        *space = '\0';
      g_free (capture->proxy_error);
      capture->proxy_error = g_utf8_make_valid (value, -1);
    }
  else if (g_ascii_strcasecmp (line, "Server") == 0)
    {
      g_free (capture->server);
      capture->server = g_utf8_make_valid (g_strstrip (colon + 1), -1);
    }
  else if (g_ascii_strcasecmp (line, "Content-Type") == 0)
    {
      g_free (capture->content_type);
      capture->content_type = g_utf8_make_valid (g_strstrip (colon + 1), -1);
    }
  return length;
}

static size_t
on_body (char *buffer, size_t size, size_t n_items, void *user_data)
{
  Capture *capture = user_data;
  gsize length = size * n_items;

  if (capture->body->len < BODY_LIMIT)
    g_string_append_len (capture->body, buffer, MIN (length, BODY_LIMIT - capture->body->len));
  return length;
}

static int
on_progress (void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
  Capture *capture = user_data;

  return g_cancellable_is_cancelled (capture->cancellable) ? 1 : 0;
}

static CURL *
new_handle (TargetRun *run, Capture *capture, const char *url, gboolean use_proxy)
{
  const WsdProbeSettings *settings = run->settings;
  const WsdProbeProxy *proxy = run->spec->proxy;
  CURL *curl = curl_easy_init ();

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, USER_AGENT);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS, (long) settings->timeout_ms);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, (long) settings->timeout_ms);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, capture->error_buffer);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, capture);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, capture);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, capture);
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (curl, CURLOPT_ACCEPT_ENCODING, NULL);   /* identity: easiest to parse */
  /* Verification is always on; there is deliberately no way to turn it off. */
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (curl, CURLOPT_CERTINFO, 1L);
  if (settings->ca_bundle != NULL)
    {
      struct curl_blob blob = { 0 };
      gsize size = 0;

      blob.data = (void *) g_bytes_get_data (settings->ca_bundle, &size);
      blob.len = size;
      blob.flags = CURL_BLOB_COPY;
      curl_easy_setopt (curl, CURLOPT_CAINFO_BLOB, &blob);
    }
  if (run->pinned != NULL)
    curl_easy_setopt (curl, CURLOPT_RESOLVE, run->pinned);

  if (use_proxy && proxy != NULL)
    {
      g_autofree char *proxy_url = strchr (proxy->host, ':') != NULL
        ? g_strdup_printf ("http://[%s]:%u", proxy->host, proxy->port)
        : g_strdup_printf ("http://%s:%u", proxy->host, proxy->port);

      curl_easy_setopt (curl, CURLOPT_PROXY, proxy_url);
      if (run->login != NULL)
        {
          /* As WSUS does it: NTLM or Negotiate, Basic only when allowed. */
          long schemes = CURLAUTH_NTLM | CURLAUTH_NEGOTIATE;

          if (proxy->allow_basic)
            schemes |= CURLAUTH_BASIC;
          curl_easy_setopt (curl, CURLOPT_PROXYUSERNAME, run->login);
          curl_easy_setopt (curl, CURLOPT_PROXYPASSWORD, proxy->password != NULL ? proxy->password : "");
          curl_easy_setopt (curl, CURLOPT_PROXYAUTH, schemes);
        }
    }
  else
    {
      /* Never pick up http_proxy from the environment: the check mirrors
       * the WSUS configuration, not this workstation's. */
      curl_easy_setopt (curl, CURLOPT_PROXY, "");
    }
  return curl;
}

/* Runs @curl on a private multi handle so a cancel is seen within 100 ms
 * even while connecting. */
static CURLcode
perform (CURL *curl, Capture *capture)
{
  CURLM *multi = curl_multi_init ();
  CURLcode code = CURLE_OK;
  gboolean done = FALSE;

  curl_multi_add_handle (multi, curl);
  while (!done)
    {
      int running = 0, left = 0;
      CURLMsg *message;
      CURLMcode multi_code = curl_multi_perform (multi, &running);

      while ((message = curl_multi_info_read (multi, &left)) != NULL)
        if (message->msg == CURLMSG_DONE)
          {
            code = message->data.result;
            done = TRUE;
          }
      if (done)
        break;
      if (multi_code != CURLM_OK)
        {
          code = CURLE_FAILED_INIT;
          break;
        }
      if (g_cancellable_is_cancelled (capture->cancellable))
        {
          code = CURLE_ABORTED_BY_CALLBACK;
          break;
        }
      curl_multi_poll (multi, NULL, 0, 100, NULL);
    }
  if (capture->tls != NULL && code == CURLE_OK)
    wsd_probe_tls_collect (curl, capture->tls);
  curl_multi_remove_handle (multi, curl);
  curl_multi_cleanup (multi);
  return code;
}

static void
observe_transfer (WsdProbeObservation *o, TargetRun *run, CURL *curl, CURLcode code, Capture *capture)
{
  curl_off_t connect_time = 0;

  o->curl_code = code;
  o->curl_message = capture->error_buffer[0] != '\0' ? capture->error_buffer : curl_easy_strerror (code);
  curl_easy_getinfo (curl, CURLINFO_OS_ERRNO, &o->os_errno);
  curl_easy_getinfo (curl, CURLINFO_HTTP_CONNECTCODE, &o->connect_code);
  curl_easy_getinfo (curl, CURLINFO_PROXYAUTH_AVAIL, &o->proxy_auth_avail);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &o->http_status);
  curl_easy_getinfo (curl, CURLINFO_CONNECT_TIME_T, &connect_time);
  o->connected = connect_time > 0;
  o->proxy_error = capture->proxy_error;
  o->canceled = g_cancellable_is_cancelled (run->settings->cancellable);
  if (run->spec->proxy != NULL)
    {
      o->basic_allowed = run->spec->proxy->allow_basic;
      o->credentials_given = run->login != NULL;
    }
}

static gint64
elapsed_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000;
}

static WsdProbeStep *
classified (TargetRun *run, WsdProbeStepKind kind, const WsdProbeObservation *o,
            const char *peer, gint64 elapsed_ms, WsdProbeOutcomeKind *out_kind)
{
  WsdProbeStep *step = wsd_probe_step_new (kind, WSD_PROBE_STATUS_OK);
  WsdProbeOutcome outcome;
  g_autofree char *schemes = wsd_probe_auth_schemes_to_string (o->proxy_auth_avail);

  wsd_probe_observation_outcome (o, &outcome);
  step->elapsed_ms = elapsed_ms;
  wsd_probe_classify (&outcome, step, outcome.peer == WSD_PROBE_PEER_PROXY ? run->peer_name : peer,
                      run->settings->timeout_ms, schemes);
  if (out_kind != NULL)
    *out_kind = outcome.kind;
  wsd_probe_outcome_clear (&outcome);
  return step;
}

static void
pin_addresses (TargetRun *run, const char *host, GStrv addresses, const guint16 *ports, guint n_ports)
{
  g_autoptr(GString) list = g_string_new (NULL);

  /* only literal-free names need pinning; libcurl skips literals anyway */
  for (guint i = 0; addresses[i] != NULL && i < 8; i++)
    g_string_append_printf (list, strchr (addresses[i], ':') ? "%s[%s]" : "%s%s", i > 0 ? "," : "", addresses[i]);
  for (guint i = 0; i < n_ports; i++)
    {
      g_autofree char *entry = g_strdup_printf ("%s:%u:%s", host, ports[i], list->str);
      run->pinned = curl_slist_append (run->pinned, entry);
    }
}

static WsdProbeStep *
step_dns (TargetRun *run)
{
  const WsdProbeTargetSpec *spec = run->spec;
  WsdProbeObservation o;
  g_auto(GStrv) addresses = NULL;
  g_autofree char *message = NULL;
  gint64 start = g_get_monotonic_time ();
  WsdProbeResolveStatus status;
  WsdProbeStep *step;

  status = wsd_probe_resolve (run->peer_host, run->settings->timeout_ms, run->settings->cancellable,
                              &addresses, &message);
  wsd_probe_observation_init (&o, WSD_PROBE_STEP_DNS);
  o.via_proxy = spec->proxy != NULL;
  o.canceled = status == WSD_PROBE_RESOLVE_CANCELED;
  o.resolve_failed = status == WSD_PROBE_RESOLVE_FAILED;
  o.resolve_timed_out = status == WSD_PROBE_RESOLVE_TIMED_OUT;
  o.resolve_message = message;
  step = classified (run, WSD_PROBE_STEP_DNS, &o, run->peer_host, elapsed_since (start), NULL);
  if (step->status != WSD_PROBE_STATUS_OK)
    return step;
  {
    g_autofree char *joined = g_strjoinv (", ", addresses);

    if (spec->proxy != NULL)
      step->detail = g_strdup_printf (_("proxy %s: %s"), run->peer_host, joined);
    else
      step->detail = g_strdup (joined);
  }
  if (spec->proxy != NULL)
    pin_addresses (run, run->peer_host, addresses, &run->peer_port, 1);
  else
    {
      guint16 ports[2] = { spec->port, wsd_probe_target_spec_content_port (spec) };
      pin_addresses (run, spec->host, addresses, ports, ports[0] == ports[1] ? 1 : 2);
    }
  return step;
}

static char *
peer_url (TargetRun *run, const char *scheme)
{
  return strchr (run->peer_host, ':') != NULL
    ? g_strdup_printf ("%s://[%s]:%u/", scheme, run->peer_host, run->peer_port)
    : g_strdup_printf ("%s://%s:%u/", scheme, run->peer_host, run->peer_port);
}

static WsdProbeStep *
step_tcp (TargetRun *run)
{
  Capture capture;
  WsdProbeObservation o;
  g_autofree char *url = peer_url (run, "http");
  gint64 start = g_get_monotonic_time ();
  CURL *curl;
  CURLcode code;
  WsdProbeStep *step;

  capture_init (&capture, run->settings->cancellable);
  curl = new_handle (run, &capture, url, FALSE);
  curl_easy_setopt (curl, CURLOPT_CONNECT_ONLY, 1L);
  code = perform (curl, &capture);
  wsd_probe_observation_init (&o, WSD_PROBE_STEP_TCP);
  observe_transfer (&o, run, curl, code, &capture);
  o.via_proxy = run->spec->proxy != NULL;
  step = classified (run, WSD_PROBE_STEP_TCP, &o, run->peer_name, elapsed_since (start), NULL);
  if (step->status == WSD_PROBE_STATUS_OK)
    {
      char *ip = NULL;
      long port = 0;

      curl_easy_getinfo (curl, CURLINFO_PRIMARY_IP, &ip);
      curl_easy_getinfo (curl, CURLINFO_PRIMARY_PORT, &port);
      step->detail = run->spec->proxy != NULL
        ? g_strdup_printf (_("connected to the proxy at %s port %ld"), ip ? ip : "?", port)
        : g_strdup_printf (_("connected to %s port %ld"), ip ? ip : "?", port);
    }
  curl_easy_cleanup (curl);
  capture_clear (&capture);
  return step;
}

static WsdProbeStep *
step_proxy (TargetRun *run)
{
  const WsdProbeTargetSpec *spec = run->spec;
  Capture capture;
  WsdProbeObservation o;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autofree char *schemes = NULL;
  gint64 start = g_get_monotonic_time ();
  WsdProbeOutcomeKind kind;
  CURL *curl;
  CURLcode code;
  WsdProbeStep *step;

  capture_init (&capture, run->settings->cancellable);
  if (spec->ssl)
    {
      /* CONNECT only: an http:// URL through a tunnel stops after the
       * proxy's reply, before any TLS. */
      url = strchr (spec->host, ':') != NULL
        ? g_strdup_printf ("http://[%s]:%u/", spec->host, spec->port)
        : g_strdup_printf ("http://%s:%u/", spec->host, spec->port);
      curl = new_handle (run, &capture, url, TRUE);
      curl_easy_setopt (curl, CURLOPT_HTTPPROXYTUNNEL, 1L);
      curl_easy_setopt (curl, CURLOPT_CONNECT_ONLY, 1L);
    }
  else
    {
      base = wsd_probe_target_spec_dup_base_url (spec);
      url = g_strconcat (base, "/", NULL);
      curl = new_handle (run, &capture, url, TRUE);
      curl_easy_setopt (curl, CURLOPT_NOBODY, 1L);
    }
  code = perform (curl, &capture);
  wsd_probe_observation_init (&o, WSD_PROBE_STEP_PROXY);
  observe_transfer (&o, run, curl, code, &capture);
  o.via_proxy = TRUE;
  o.tunnel = spec->ssl;
  /* libcurl picks NTLM or Negotiate over Basic when offered: Basic went out
   * only when nothing better was on offer. */
  o.basic_used = code == CURLE_OK && run->login != NULL && spec->proxy->allow_basic
                 && (o.proxy_auth_avail & CURLAUTH_BASIC)
                 && !(o.proxy_auth_avail & (CURLAUTH_NTLM | CURLAUTH_NEGOTIATE));
  step = classified (run, WSD_PROBE_STEP_PROXY, &o, run->target_name, elapsed_since (start), &kind);
  schemes = wsd_probe_auth_schemes_to_string (o.proxy_auth_avail);
  if (kind == WSD_PROBE_OUTCOME_OK)
    {
      if (spec->ssl)
        step->detail = g_strdup_printf (_("CONNECT %s: HTTP %ld"), run->target_name, o.connect_code ? o.connect_code : 200);
      else
        step->detail = g_strdup_printf (_("the proxy forwards requests to %s (HTTP %ld)"), run->target_name, o.http_status);
      if (o.proxy_auth_avail != 0)
        {
          g_autofree char *old = step->detail;
          step->detail = g_strdup_printf (_("%s; authenticated, the proxy offers %s"), old, schemes);
        }
    }
  curl_easy_cleanup (curl);
  capture_clear (&capture);
  return step;
}

static void
tls_detail (WsdProbeStep *step, const WsdProbeTlsInfo *tls)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (tls->version != NULL)
    g_string_append (text, tls->version);
  if (tls->cipher != NULL)
    g_string_append_printf (text, "%s%s", text->len ? ", " : "", tls->cipher);
  if (tls->leaf_subject != NULL)
    g_string_append_printf (text, _("%scertificate for %s"), text->len ? "; " : "", tls->leaf_names ? tls->leaf_names : tls->leaf_subject);
  if (tls->leaf_issuer != NULL)
    g_string_append_printf (text, _(" issued by %s"), tls->leaf_issuer);
  if (tls->top_issuer != NULL && tls->chain_length > 1)
    g_string_append_printf (text, _(", chain of %u up to %s"), tls->chain_length, tls->top_issuer);
  if (tls->leaf_not_after != NULL)
    g_string_append_printf (text, _(", valid until %s"), tls->leaf_not_after);
  if (step->status == WSD_PROBE_STATUS_OK)
    {
      g_free (step->detail);
      step->detail = g_string_free (g_steal_pointer (&text), FALSE);
    }
  else if (text->len > 0 && step->detail != NULL)
    {
      g_autofree char *old = step->detail;
      step->detail = g_strdup_printf ("%s (%s)", old, text->str);
    }
}

static WsdProbeStep *
step_tls (TargetRun *run, gboolean *out_blocks)
{
  const WsdProbeTargetSpec *spec = run->spec;
  Capture capture;
  WsdProbeObservation o;
  WsdProbeTlsInfo tls;
  g_autofree char *base = wsd_probe_target_spec_dup_base_url (spec);
  g_autofree char *url = g_strconcat (base, "/", NULL);
  gint64 start = g_get_monotonic_time ();
  WsdProbeOutcomeKind kind;
  CURL *curl;
  CURLcode code;
  WsdProbeStep *step;

  capture_init (&capture, run->settings->cancellable);
  wsd_probe_tls_info_init (&tls);
  capture.tls = &tls;
  curl = new_handle (run, &capture, url, TRUE);
  curl_easy_setopt (curl, CURLOPT_CONNECT_ONLY, 1L);
  if (spec->tls_policy == WSD_PROBE_TLS_1_2_ONLY)
    curl_easy_setopt (curl, CURLOPT_SSLVERSION, (long) (CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2));
  else
    curl_easy_setopt (curl, CURLOPT_SSLVERSION, (long) CURL_SSLVERSION_DEFAULT);
  wsd_probe_tls_attach (curl, &tls);
  code = perform (curl, &capture);

  wsd_probe_observation_init (&o, WSD_PROBE_STEP_TLS);
  observe_transfer (&o, run, curl, code, &capture);
  o.via_proxy = spec->proxy != NULL;
  o.tunnel = spec->proxy != NULL;
  o.tls_verify_error = tls.verify;
  o.tls_top_issuer = tls.top_issuer;
  o.tls_top_is_microsoft_root = tls.top_is_microsoft_root;
  o.tls_not_after = code == CURLE_OK ? tls.leaf_not_after : tls.failed_not_after;
  o.tls_names = tls.leaf_names;
  o.tls_expires_in_days = tls.leaf_days_left;
  step = classified (run, WSD_PROBE_STEP_TLS, &o, run->target_name, elapsed_since (start), &kind);
  tls_detail (step, &tls);
  /* Nothing after TLS can be verified when the chain cannot. */
  *out_blocks = kind == WSD_PROBE_OUTCOME_TLS_MICROSOFT_ROOT;

  curl_easy_cleanup (curl);
  capture_clear (&capture);
  wsd_probe_tls_info_clear (&tls);
  return step;
}

static WsdProbeStep *
step_http (TargetRun *run)
{
  const WsdProbeTargetSpec *spec = run->spec;
  gboolean root_only = (spec->wants & WSD_PROBE_WANT_ROOT) != 0;
  Capture capture;
  WsdProbeObservation o;
  g_autofree char *base = wsd_probe_target_spec_dup_base_url (spec);
  g_autofree char *url = root_only ? g_strconcat (base, "/", NULL)
                                   : g_strconcat (base, spec->path_prefix, "/selfupdate/wuident.cab", NULL);
  gint64 start = g_get_monotonic_time ();
  WsdProbeOutcomeKind kind;
  curl_off_t size = 0;
  CURL *curl;
  CURLcode code;
  WsdProbeStep *step;

  capture_init (&capture, run->settings->cancellable);
  curl = new_handle (run, &capture, url, TRUE);
  if (root_only)
    curl_easy_setopt (curl, CURLOPT_NOBODY, 1L);
  else
    curl_easy_setopt (curl, CURLOPT_RANGE, "0-4095");   /* enough to see a cabinet */
  code = perform (curl, &capture);
  wsd_probe_observation_init (&o, WSD_PROBE_STEP_HTTP);
  observe_transfer (&o, run, curl, code, &capture);
  o.via_proxy = spec->proxy != NULL;
  o.tunnel = spec->proxy != NULL && spec->ssl;
  o.any_status_ok = root_only;
  step = classified (run, WSD_PROBE_STEP_HTTP, &o, run->target_name, elapsed_since (start), &kind);
  curl_easy_getinfo (curl, CURLINFO_SIZE_DOWNLOAD_T, &size);
  if (kind == WSD_PROBE_OUTCOME_OK)
    {
      gboolean cabinet = capture.body->len >= 4 && memcmp (capture.body->str, "MSCF", 4) == 0;

      step->detail = root_only
        ? g_strdup_printf (_("HTTP %ld from %s (the host answers)"), o.http_status, run->target_name)
        : g_strdup_printf (_("GET %s/selfupdate/wuident.cab: HTTP %ld, %s"), spec->path_prefix, o.http_status,
                           cabinet ? _("a cabinet file") : (capture.content_type ? capture.content_type : _("no content type")));
    }
  if (capture.server != NULL && step->detail != NULL)
    {
      g_autofree char *old = step->detail;
      step->detail = g_strdup_printf ("%s; Server: %s", old, capture.server);
    }
  curl_easy_cleanup (curl);
  capture_clear (&capture);
  return step;
}

static void
soap_post (TargetRun *run, Capture *capture, const char *url, const char *action, const char *envelope,
           WsdProbeObservation *o, CURLcode *out_code, CURL **out_curl)
{
  struct curl_slist *headers = NULL;
  CURL *curl = new_handle (run, capture, url, TRUE);
  g_autofree char *action_header = g_strdup_printf ("SOAPAction: %s", action);

  headers = curl_slist_append (headers, "Content-Type: text/xml; charset=utf-8");
  headers = curl_slist_append (headers, action_header);
  headers = curl_slist_append (headers, "Expect:");
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, envelope);
  *out_code = perform (curl, capture);
  observe_transfer (o, run, curl, *out_code, capture);
  o->via_proxy = run->spec->proxy != NULL;
  o->tunnel = run->spec->proxy != NULL && run->spec->ssl;
  curl_slist_free_all (headers);
  *out_curl = curl;
}

/* One SOAP call of the SOAP step, classified; @answer keeps what the
 * server answered. @for_cookie: the call asks for an authorization cookie. */
static WsdProbeStep *
soap_call (TargetRun *run, const char *url, const char *action, const char *request, gboolean for_cookie,
           gint64 start, WsdProbeSoapAnswer *answer, WsdProbeOutcomeKind *kind)
{
  Capture capture;
  WsdProbeObservation o;
  CURL *curl = NULL;
  CURLcode code;
  WsdProbeStep *step;

  capture_init (&capture, run->settings->cancellable);
  wsd_probe_observation_init (&o, WSD_PROBE_STEP_SOAP);
  soap_post (run, &capture, url, action, request, &o, &code, &curl);
  wsd_probe_soap_parse (capture.body->str, capture.body->len, answer);
  o.soap_checked = TRUE;
  o.soap_has_dss_targeting = for_cookie ? answer->cookie_data : answer->dss_targeting;
  o.soap_error_code = answer->fault ? answer->error_code : NULL;
  step = classified (run, WSD_PROBE_STEP_SOAP, &o, run->target_name, elapsed_since (start), kind);
  curl_easy_cleanup (curl);
  capture_clear (&capture);
  return step;
}

static WsdProbeStep *
step_soap (TargetRun *run)
{
  const WsdProbeTargetSpec *spec = run->spec;
  WsdProbeSoapAnswer answer = { 0 };
  g_autofree char *base = wsd_probe_target_spec_dup_base_url (spec);
  g_autofree char *url = g_strconcat (base, spec->path_prefix, WSD_PROBE_SOAP_SERVER_SYNC_PATH, NULL);
  gint64 start = g_get_monotonic_time ();
  WsdProbeOutcomeKind kind;
  WsdProbeStep *step;

  step = soap_call (run, url, WSD_PROBE_SOAP_ACTION_GET_AUTH_CONFIG, wsd_probe_soap_get_auth_config_request (),
                    FALSE, start, &answer, &kind);
  if (kind == WSD_PROBE_OUTCOME_OK)
    step->detail = g_strdup_printf (_("GetAuthConfig answered: DssTargeting at %s"),
                                    answer.service_url ? answer.service_url : "?");
  else if (answer.fault_string != NULL && step->detail != NULL)
    {
      g_autofree char *old = step->detail;
      g_autofree char *first = g_utf8_substring (answer.fault_string, 0, 160);
      step->detail = g_strdup_printf ("%s: %s", old, first);
    }
  run->soap_service_url = g_strdup (answer.service_url);
  wsd_probe_soap_answer_clear (&answer);

  /* GetAuthorizationCookie may add an entry to the upstream's table of
   * downstream servers: only when the user asked for it. */
  if (kind == WSD_PROBE_OUTCOME_OK && run->settings->authorization_cookie && run->soap_service_url != NULL
      && strstr (run->soap_service_url, "://") == NULL && strstr (run->soap_service_url, "..") == NULL)
    {
      g_autofree char *auth_url = g_strconcat (base, spec->path_prefix, "/", run->soap_service_url, NULL);
      WsdProbeStep *cookie_step;

      cookie_step = soap_call (run, auth_url, WSD_PROBE_SOAP_ACTION_GET_AUTHORIZATION_COOKIE,
                               wsd_probe_soap_get_authorization_cookie_request (), TRUE, start, &answer, &kind);
      if (kind == WSD_PROBE_OUTCOME_OK)
        {
          g_autofree char *old = step->detail;
          step->detail = g_strdup_printf (_("%s; GetAuthorizationCookie answered a cookie"), old);
          step->elapsed_ms = cookie_step->elapsed_ms;
          wsd_probe_step_free (cookie_step);
        }
      else
        {
          g_autofree char *old = cookie_step->detail;
          cookie_step->detail = g_strdup_printf (_("GetAuthorizationCookie: %s"), old ? old : "?");
          wsd_probe_step_free (step);
          step = cookie_step;
        }
      wsd_probe_soap_answer_clear (&answer);
    }
  return step;
}

static WsdProbeStep *
step_content (TargetRun *run)
{
  const WsdProbeTargetSpec *spec = run->spec;
  guint16 port = wsd_probe_target_spec_content_port (spec);
  Capture capture;
  WsdProbeObservation o;
  g_autofree char *url = strchr (spec->host, ':') != NULL
    ? g_strdup_printf ("http://[%s]:%u%s/Content/", spec->host, port, spec->path_prefix)
    : g_strdup_printf ("http://%s:%u%s/Content/", spec->host, port, spec->path_prefix);
  g_autofree char *content_name = g_strdup_printf ("%s:%u", spec->host, port);
  gint64 start = g_get_monotonic_time ();
  WsdProbeOutcomeKind kind;
  CURL *curl;
  CURLcode code;
  WsdProbeStep *step;

  capture_init (&capture, run->settings->cancellable);
  curl = new_handle (run, &capture, url, TRUE);
  curl_easy_setopt (curl, CURLOPT_NOBODY, 1L);
  code = perform (curl, &capture);
  wsd_probe_observation_init (&o, WSD_PROBE_STEP_CONTENT);
  observe_transfer (&o, run, curl, code, &capture);
  o.via_proxy = spec->proxy != NULL;
  o.tunnel = FALSE;
  /* IIS refuses to list /Content/ (403): the virtual directory answers. */
  o.any_status_ok = o.http_status == 401 || o.http_status == 403;
  step = classified (run, WSD_PROBE_STEP_CONTENT, &o, content_name, elapsed_since (start), &kind);
  if (kind == WSD_PROBE_OUTCOME_OK)
    step->detail = g_strdup_printf (_("HEAD http://%s/Content/: HTTP %ld"), content_name, o.http_status);
  if (spec->ssl && step->detail != NULL)
    {
      g_autofree char *old = step->detail;
      step->detail = g_strdup_printf (_("%s (content over HTTP on port %u for HTTPS on %u)"), old, port, spec->port);
    }
  curl_easy_cleanup (curl);
  capture_clear (&capture);
  return step;
}

guint
wsd_probe_plan_steps (const WsdProbeTargetSpec *spec, WsdProbeStepKind out_steps[WSD_PROBE_N_STEPS])
{
  guint n = 0;

  out_steps[n++] = WSD_PROBE_STEP_DNS;
  out_steps[n++] = WSD_PROBE_STEP_TCP;
  if (spec->proxy != NULL)
    out_steps[n++] = WSD_PROBE_STEP_PROXY;
  if (spec->ssl && (spec->wants & WSD_PROBE_WANT_TLS))
    out_steps[n++] = WSD_PROBE_STEP_TLS;
  if (spec->wants & WSD_PROBE_WANT_HTTP)
    out_steps[n++] = WSD_PROBE_STEP_HTTP;
  if (spec->wants & WSD_PROBE_WANT_SOAP)
    out_steps[n++] = WSD_PROBE_STEP_SOAP;
  if (spec->wants & WSD_PROBE_WANT_CONTENT)
    out_steps[n++] = WSD_PROBE_STEP_CONTENT;
  return n;
}

void
wsd_probe_run_target (const WsdProbeTargetSpec *spec, const WsdProbeSettings *settings,
                      WsdProbeStepDone done, gpointer user_data)
{
  WsdProbeStepKind plan[WSD_PROBE_N_STEPS];
  guint n_steps = wsd_probe_plan_steps (spec, plan);
  g_autofree char *skip_reason = NULL;
  TargetRun run = { 0 };

  run.spec = spec;
  run.settings = settings;
  run.peer_host = g_strdup (spec->proxy != NULL ? spec->proxy->host : spec->host);
  run.peer_port = spec->proxy != NULL ? spec->proxy->port : spec->port;
  run.peer_name = g_strdup_printf (strchr (run.peer_host, ':') ? "[%s]:%u" : "%s:%u", run.peer_host, run.peer_port);
  run.target_name = wsd_probe_target_spec_dup_name (spec);
  run.login = wsd_probe_proxy_dup_login (spec->proxy);

  for (guint i = 0; i < n_steps; i++)
    {
      WsdProbeStep *step = NULL;
      gboolean blocks = FALSE;

      if (skip_reason == NULL && g_cancellable_is_cancelled (settings->cancellable))
        skip_reason = g_strdup (_("canceled"));
      if (skip_reason != NULL)
        {
          step = wsd_probe_step_new (plan[i], WSD_PROBE_STATUS_SKIPPED);
          step->detail = g_strdup (skip_reason);
          done (step, user_data);
          continue;
        }
      switch (plan[i])
        {
        case WSD_PROBE_STEP_DNS:     step = step_dns (&run); break;
        case WSD_PROBE_STEP_TCP:     step = step_tcp (&run); break;
        case WSD_PROBE_STEP_PROXY:   step = step_proxy (&run); break;
        case WSD_PROBE_STEP_TLS:     step = step_tls (&run, &blocks); break;
        case WSD_PROBE_STEP_HTTP:    step = step_http (&run); break;
        case WSD_PROBE_STEP_SOAP:    step = step_soap (&run); break;
        case WSD_PROBE_STEP_CONTENT: step = step_content (&run); break;
        default: g_assert_not_reached ();
        }
      if (step->status == WSD_PROBE_STATUS_FAILED)
        skip_reason = g_strdup_printf (_("not run: the %s step failed"), wsd_probe_step_kind_to_string (plan[i]));
      else if (blocks)
        skip_reason = g_strdup (_("not run: the certificate cannot be verified here"));
      else if (step->status == WSD_PROBE_STATUS_SKIPPED)
        skip_reason = g_strdup (step->detail ? step->detail : _("canceled"));
      done (step, user_data);
    }

  if (run.login != NULL)
    explicit_bzero (run.login, strlen (run.login));
  g_free (run.login);
  g_free (run.peer_host);
  g_free (run.peer_name);
  g_free (run.target_name);
  g_free (run.soap_service_url);
  curl_slist_free_all (run.pinned);
}
