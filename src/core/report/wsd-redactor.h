/* wsd-redactor.h: masks host names, domain names, user names and
 * addresses in report text, consistently (the same host gets the same
 * alias everywhere it appears).
 *
 * Kept as they are, on purpose: Microsoft's public hosts (microsoft.com,
 * windowsupdate.com and their subdomains), because the reader needs to see
 * which Microsoft endpoint failed and they say nothing about the admin's
 * network; loopback addresses and "localhost"; Windows' built-in accounts
 * (NT AUTHORITY\…, BUILTIN\…, NT SERVICE\…, IIS APPPOOL\…). */
#pragma once

#include <glib-object.h>
#include "wsd-server.h"

G_BEGIN_DECLS

#define WSD_TYPE_REDACTOR (wsd_redactor_get_type ())
G_DECLARE_FINAL_TYPE (WsdRedactor, wsd_redactor, WSD, REDACTOR, GObject)

WsdRedactor *wsd_redactor_new          (void);

/* Names known from facts, so they are masked even where the text gives no
 * hint (a single-label NetBIOS name, a user name on its own). */
void         wsd_redactor_add_host     (WsdRedactor *self, const char *name);
void         wsd_redactor_add_domain   (WsdRedactor *self, const char *name);
void         wsd_redactor_add_user     (WsdRedactor *self, const char *name);
/* Learns a server's name, upstream, proxy host/user/domain from its facts. */
void         wsd_redactor_add_server   (WsdRedactor *self, const WsdServer *server);

/* Scans @text for names without writing anything, so names first seen late
 * in a report are known (and masked) from its first line on. */
void         wsd_redactor_learn        (WsdRedactor *self, const char *text);

/* Appends @text (-1 = NUL-terminated) to @out with every name masked. */
void         wsd_redactor_append       (WsdRedactor *self, GString *out,
                                        const char *text, gssize len);
char        *wsd_redactor_redact       (WsdRedactor *self, const char *text);

/* The alias of a name used as a host ("host-3"), learning it if new. */
const char  *wsd_redactor_host_alias   (WsdRedactor *self, const char *name);

/* TRUE when @host is one of the public hosts kept as they are. */
gboolean     wsd_redactor_is_public_host (const char *host, gssize len);

G_END_DECLS
