/* wsd-probe-target-set.c */
#include <string.h>
#include <gio/gio.h>

#include "wsd-probe-target-set.h"

/* protocol.md §2.2: the firewall list for Microsoft Update, and the probe
 * set it suggests. Wildcard entries are probed through a host they cover. */
typedef struct {
  const char        *host;
  guint16            port;
  gboolean           ssl;
  WsdProbeWants      wants;
  WsdProbeTlsPolicy  tls_policy;
} MicrosoftUpdateEndpoint;

static const MicrosoftUpdateEndpoint microsoft_update_endpoints[] = {
  /* the sync web service: TLS 1.2 only since July 2020 */
  { "sws.update.microsoft.com",    443, TRUE,  WSD_PROBE_WANT_TLS | WSD_PROBE_WANT_SOAP, WSD_PROBE_TLS_1_2_ONLY },
  /* content comes over plain HTTP even when metadata uses 443 */
  { "download.windowsupdate.com",   80, FALSE, WSD_PROBE_WANT_HTTP | WSD_PROBE_WANT_ROOT, WSD_PROBE_TLS_DEFAULT },
  { "dl.delivery.mp.microsoft.com", 80, FALSE, WSD_PROBE_WANT_HTTP | WSD_PROBE_WANT_ROOT, WSD_PROBE_TLS_DEFAULT },
  { "dl.delivery.mp.microsoft.com", 443, TRUE, WSD_PROBE_WANT_TLS, WSD_PROBE_TLS_DEFAULT },
  { "windowsupdate.microsoft.com",  80, FALSE, 0, WSD_PROBE_TLS_DEFAULT },
  { "download.microsoft.com",      443, TRUE,  WSD_PROBE_WANT_TLS, WSD_PROBE_TLS_DEFAULT },
  { "wustat.windows.com",           80, FALSE, 0, WSD_PROBE_TLS_DEFAULT },
  { "ntservicepack.microsoft.com",  80, FALSE, 0, WSD_PROBE_TLS_DEFAULT },
  { "go.microsoft.com",             80, FALSE, 0, WSD_PROBE_TLS_DEFAULT },
};

WsdProbeProxy *
wsd_probe_proxy_new (const char *host, guint16 port)
{
  WsdProbeProxy *self = g_new0 (WsdProbeProxy, 1);

  self->host = g_strdup (host);
  self->port = port != 0 ? port : 80;   /* WSUS's default proxy port */
  return self;
}

WsdProbeProxy *
wsd_probe_proxy_copy (const WsdProbeProxy *other)
{
  WsdProbeProxy *self;

  if (other == NULL)
    return NULL;
  self = wsd_probe_proxy_new (other->host, other->port);
  self->user = g_strdup (other->user);
  self->domain = g_strdup (other->domain);
  self->password = g_strdup (other->password);
  self->allow_basic = other->allow_basic;
  return self;
}

static void
wipe_string (char **text)
{
  if (*text == NULL)
    return;
  explicit_bzero (*text, strlen (*text));
  g_clear_pointer (text, g_free);
}

void
wsd_probe_proxy_set_password (WsdProbeProxy *self, const char *password)
{
  wipe_string (&self->password);
  self->password = g_strdup (password);
}

void
wsd_probe_proxy_free (WsdProbeProxy *self)
{
  if (self == NULL)
    return;
  wipe_string (&self->password);
  g_free (self->host);
  g_free (self->user);
  g_free (self->domain);
  g_free (self);
}

char *
wsd_probe_proxy_dup_login (const WsdProbeProxy *self)
{
  if (self == NULL || self->user == NULL || self->user[0] == '\0')
    return NULL;
  /* A user typed as DOMAIN\user or user@domain already names its domain. */
  if (self->domain == NULL || self->domain[0] == '\0'
      || strchr (self->user, '\\') != NULL || strchr (self->user, '@') != NULL)
    return g_strdup (self->user);
  return g_strdup_printf ("%s\\%s", self->domain, self->user);
}

WsdProbeTargetSpec *
wsd_probe_target_spec_new (const char *host, guint16 port, gboolean ssl, const char *kind)
{
  WsdProbeTargetSpec *self = g_new0 (WsdProbeTargetSpec, 1);

  self->host = g_strdup (host);
  self->port = port != 0 ? port : (ssl ? 443 : 80);
  self->ssl = ssl;
  self->kind = g_strdup (kind != NULL ? kind : "upstream");
  self->path_prefix = g_strdup ("");
  self->wants = (ssl ? WSD_PROBE_WANT_TLS : 0) | WSD_PROBE_WANT_UPSTREAM;
  return self;
}

WsdProbeTargetSpec *
wsd_probe_target_spec_copy (const WsdProbeTargetSpec *other)
{
  WsdProbeTargetSpec *self = wsd_probe_target_spec_new (other->host, other->port, other->ssl, other->kind);

  self->wants = other->wants;
  g_free (self->path_prefix);
  self->path_prefix = g_strdup (other->path_prefix);
  self->tls_policy = other->tls_policy;
  self->proxy = wsd_probe_proxy_copy (other->proxy);
  return self;
}

void
wsd_probe_target_spec_free (WsdProbeTargetSpec *self)
{
  if (self == NULL)
    return;
  g_free (self->host);
  g_free (self->kind);
  g_free (self->path_prefix);
  wsd_probe_proxy_free (self->proxy);
  g_free (self);
}

static gboolean
is_ipv6_literal (const char *host)
{
  return strchr (host, ':') != NULL;
}

char *
wsd_probe_target_spec_dup_name (const WsdProbeTargetSpec *self)
{
  if (is_ipv6_literal (self->host))
    return g_strdup_printf ("[%s]:%u", self->host, self->port);
  return g_strdup_printf ("%s:%u", self->host, self->port);
}

char *
wsd_probe_target_spec_dup_base_url (const WsdProbeTargetSpec *self)
{
  return g_strdup_printf (is_ipv6_literal (self->host) ? "%s://[%s]:%u" : "%s://%s:%u",
                          self->ssl ? "https" : "http", self->host, self->port);
}

guint16
wsd_probe_target_spec_content_port (const WsdProbeTargetSpec *self)
{
  /* HTTPS on 443 → HTTP on 80; HTTPS on N → HTTP on N−1; HTTP → same port
   * (protocol.md §1.2: the spec's "HTTP → 80" predates custom ports). */
  if (!self->ssl)
    return self->port;
  if (self->port == 443)
    return 80;
  return self->port - 1;
}

gboolean
wsd_probe_parse_host_port (const char *text, char **out_host, guint16 *out_port, GError **error)
{
  g_autofree char *host = NULL;
  const char *port_text = NULL;
  guint64 port = 0;

  if (text == NULL || text[0] == '\0')
    goto bad;
  if (text[0] == '[')
    {
      const char *end = strchr (text, ']');

      if (end == NULL || end == text + 1)
        goto bad;
      host = g_strndup (text + 1, end - text - 1);
      if (end[1] == ':')
        port_text = end + 2;
      else if (end[1] != '\0')
        goto bad;
    }
  else
    {
      const char *colon = strchr (text, ':');

      if (colon != NULL && strchr (colon + 1, ':') != NULL)
        host = g_strdup (text);          /* a bare IPv6 literal */
      else if (colon != NULL)
        {
          host = g_strndup (text, colon - text);
          port_text = colon + 1;
        }
      else
        host = g_strdup (text);
    }
  if (host[0] == '\0' || strpbrk (host, " /?#@\\") != NULL)
    goto bad;
  if (port_text != NULL
      && (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL)))
    goto bad;

  *out_host = g_steal_pointer (&host);
  *out_port = (guint16) port;
  return TRUE;

bad:
  g_set_error (error, WSD_ERROR, WSD_ERROR_INVALID,
               "“%s” is not a host name with an optional port (HOST[:PORT])", text ? text : "");
  return FALSE;
}

GPtrArray *
wsd_probe_targets_microsoft_update (const WsdProbeProxy *proxy)
{
  GPtrArray *targets = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_probe_target_spec_free);

  for (guint i = 0; i < G_N_ELEMENTS (microsoft_update_endpoints); i++)
    {
      const MicrosoftUpdateEndpoint *e = &microsoft_update_endpoints[i];
      WsdProbeTargetSpec *spec = wsd_probe_target_spec_new (e->host, e->port, e->ssl, "microsoft-update");

      spec->wants = e->wants;
      spec->tls_policy = e->tls_policy;
      spec->proxy = wsd_probe_proxy_copy (proxy);
      g_ptr_array_add (targets, spec);
    }
  return targets;
}

WsdProbeProxy *
wsd_probe_proxy_from_server (const WsdServer *server)
{
  gboolean enabled = FALSE, anonymous = FALSE, allow_basic = FALSE;
  gint64 port = 0;
  const char *host = wsd_server_fact_string (server, "proxy.host");
  WsdProbeProxy *proxy;

  if (host == NULL || host[0] == '\0')
    return NULL;
  /* A bundle that names a proxy but does not say "enabled" still uses it. */
  if (wsd_server_fact_bool (server, "proxy.enabled", &enabled) && !enabled)
    return NULL;
  wsd_server_fact_int (server, "proxy.port", &port);
  proxy = wsd_probe_proxy_new (host, port > 0 && port <= 65535 ? (guint16) port : 80);
  wsd_server_fact_bool (server, "proxy.anonymous", &anonymous);
  if (!anonymous)
    {
      proxy->user = g_strdup (wsd_server_fact_string (server, "proxy.user"));
      proxy->domain = g_strdup (wsd_server_fact_string (server, "proxy.domain"));
    }
  if (wsd_server_fact_bool (server, "proxy.allow_basic_over_non_ssl", &allow_basic))
    proxy->allow_basic = allow_basic;
  return proxy;
}

static gboolean
host_from_url (const char *url, char **out_host, guint16 *out_port, gboolean *out_ssl, char **out_path)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *path;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;
  path = g_uri_get_path (uri);
  *out_path = g_strdup (path);
  if (g_str_has_suffix (*out_path, "/"))
    (*out_path)[strlen (*out_path) - 1] = '\0';
  *out_ssl = g_strcmp0 (g_uri_get_scheme (uri), "https") == 0;
  *out_host = g_strdup (g_uri_get_host (uri));
  *out_port = g_uri_get_port (uri) > 0 ? (guint16) g_uri_get_port (uri) : 0;
  return TRUE;
}

GPtrArray *
wsd_probe_targets_for_server (const WsdServer *server, const char *password, GError **error)
{
  g_autoptr(WsdProbeProxy) proxy = wsd_probe_proxy_from_server (server);
  gboolean from_mu = FALSE, ssl = FALSE;
  const char *upstream = wsd_server_fact_string (server, "upstream_server");
  g_autoptr(GPtrArray) targets = NULL;
  WsdProbeTargetSpec *spec;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  guint16 port = 0;
  gint64 fact_port = 0;

  if (proxy != NULL && password != NULL)
    wsd_probe_proxy_set_password (proxy, password);

  wsd_server_fact_bool (server, "sync_from_microsoft_update", &from_mu);
  if (from_mu || (upstream == NULL || upstream[0] == '\0'))
    {
      const char *mu_url = wsd_server_fact_string (server, "mu_url");

      if (!from_mu)
        {
          g_set_error (error, WSD_ERROR, WSD_ERROR_NOT_FOUND,
                       "the facts of %s name no upstream server and no Microsoft Update source",
                       server->name);
          return NULL;
        }
      targets = wsd_probe_targets_microsoft_update (proxy);
      /* A server pointed at another MUUrl (sws1, the retired fe2) is probed
       * there, so the check sees what the server would see. */
      if (mu_url != NULL && host_from_url (mu_url, &host, &port, &ssl, &path)
          && g_ascii_strcasecmp (host, "sws.update.microsoft.com") != 0)
        {
          spec = wsd_probe_target_spec_new (host, port, ssl, "microsoft-update");
          g_free (spec->path_prefix);
          spec->path_prefix = g_steal_pointer (&path);
          spec->wants = (ssl ? WSD_PROBE_WANT_TLS : 0) | WSD_PROBE_WANT_SOAP;
          spec->proxy = wsd_probe_proxy_copy (proxy);
          g_ptr_array_insert (targets, 0, spec);
        }
      return g_steal_pointer (&targets);
    }

  wsd_server_fact_bool (server, "upstream_use_ssl", &ssl);
  if (!wsd_server_fact_int (server, "upstream_port", &fact_port) || fact_port <= 0 || fact_port > 65535)
    fact_port = ssl ? 8531 : 8530;   /* WSUS 6.2 and later defaults */
  targets = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_probe_target_spec_free);
  spec = wsd_probe_target_spec_new (upstream, (guint16) fact_port, ssl, "upstream");
  spec->proxy = g_steal_pointer (&proxy);
  g_ptr_array_add (targets, spec);
  return g_steal_pointer (&targets);
}
