/* wsd-probe-target-set.h: what a synchronization check probes: a server's
 * upstream through its proxy, one upstream given by hand, or the Microsoft
 * Update endpoints (protocol.md §2.2), kept in a data table. */
#pragma once

#include "wsd-probe-result.h"
#include "wsd-server.h"

G_BEGIN_DECLS

/* The proxy WSUS is configured with (Options → Update Source and Proxy
 * Server). The password is never part of a server's facts; the caller
 * supplies it from the Secret Service or stdin. */
typedef struct {
  char    *host;
  guint16  port;
  char    *user;             /* NULL = anonymous */
  char    *domain;           /* NULL = none; sent as DOMAIN\user */
  char    *password;         /* wiped on free */
  gboolean allow_basic;      /* "Allow basic authentication (password is sent in cleartext)" */
} WsdProbeProxy;

WsdProbeProxy *wsd_probe_proxy_new      (const char *host, guint16 port);
WsdProbeProxy *wsd_probe_proxy_copy     (const WsdProbeProxy *proxy);
void           wsd_probe_proxy_free     (WsdProbeProxy *proxy);
/* Replaces the password, wiping the old one. */
void           wsd_probe_proxy_set_password (WsdProbeProxy *proxy, const char *password);
/* "DOMAIN\user" or "user"; NULL when anonymous. */
char          *wsd_probe_proxy_dup_login    (const WsdProbeProxy *proxy);

/* Steps a target asks for; DNS and TCP are always probed. */
typedef enum {
  WSD_PROBE_WANT_TLS     = 1 << 0,
  WSD_PROBE_WANT_HTTP    = 1 << 1,   /* GET /selfupdate/wuident.cab */
  WSD_PROBE_WANT_SOAP    = 1 << 2,   /* GetAuthConfig */
  WSD_PROBE_WANT_CONTENT = 1 << 3,   /* the content port (N−1 rule) */
  WSD_PROBE_WANT_ROOT    = 1 << 4,   /* HEAD / instead of wuident.cab (Microsoft hosts) */
} WsdProbeWants;

#define WSD_PROBE_WANT_UPSTREAM (WSD_PROBE_WANT_HTTP | WSD_PROBE_WANT_SOAP | WSD_PROBE_WANT_CONTENT)

typedef enum {
  WSD_PROBE_TLS_DEFAULT = 0,         /* whatever both ends agree on */
  WSD_PROBE_TLS_1_2_ONLY,            /* what sws.update.microsoft.com demands of WSUS */
} WsdProbeTlsPolicy;

typedef struct {
  char              *host;
  guint16            port;
  gboolean           ssl;
  char              *kind;          /* "upstream", "microsoft-update" */
  char              *path_prefix;   /* "" or e.g. "/v6" (fe2's MUUrl) before the web service paths */
  WsdProbeWants      wants;
  WsdProbeTlsPolicy  tls_policy;
  WsdProbeProxy     *proxy;         /* NULL = direct */
} WsdProbeTargetSpec;

WsdProbeTargetSpec *wsd_probe_target_spec_new  (const char *host, guint16 port, gboolean ssl, const char *kind);
WsdProbeTargetSpec *wsd_probe_target_spec_copy (const WsdProbeTargetSpec *spec);
void                wsd_probe_target_spec_free (WsdProbeTargetSpec *spec);
/* "host:port" as the result names the target. */
char               *wsd_probe_target_spec_dup_name   (const WsdProbeTargetSpec *spec);
/* "http[s]://host:port" (IPv6 literals bracketed). */
char               *wsd_probe_target_spec_dup_base_url (const WsdProbeTargetSpec *spec);
/* The content port by the N−1 rule of MS-WSUSSS §2.1. */
guint16             wsd_probe_target_spec_content_port (const WsdProbeTargetSpec *spec);

/* "host", "host:port", "[v6]:port". Port 0 when absent. FALSE + error when malformed. */
gboolean            wsd_probe_parse_host_port (const char *text, char **out_host, guint16 *out_port, GError **error);

/* The Microsoft Update set (sws with TLS 1.2 and GetAuthConfig, download
 * and delivery hosts on 80/443, the rest of the firewall list), each
 * through @proxy (copied; may be NULL). */
GPtrArray          *wsd_probe_targets_microsoft_update (const WsdProbeProxy *proxy);  /* WsdProbeTargetSpec* */

/* What the server syncs from, with its proxy settings: its upstream WSUS
 * (upstream_server, upstream_port, upstream_use_ssl) or, when it syncs from
 * Microsoft Update, the Microsoft Update set. @password (may be NULL) goes
 * with the proxy user from the facts. NULL + error when the facts do not
 * say where the server syncs from. */
GPtrArray          *wsd_probe_targets_for_server (const WsdServer *server,
                                                  const char      *password,
                                                  GError         **error);
/* The proxy of a server's facts, NULL when it uses none. */
WsdProbeProxy      *wsd_probe_proxy_from_server  (const WsdServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdProbeProxy, wsd_probe_proxy_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdProbeTargetSpec, wsd_probe_target_spec_free)

G_END_DECLS
