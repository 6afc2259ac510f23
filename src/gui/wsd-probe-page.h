/* wsd-probe-page.h: a server's Probes page: the "Synchronization check…"
 * form prefilled from the server's facts (upstream, port, SSL, proxy, user,
 * allow basic; the password from the Secret Service), Run/Cancel (actions
 * probe.run and probe.cancel), the live list of steps as they arrive, and
 * the history of earlier checks. */
#pragma once

#include <adwaita.h>
#include "wsd-store.h"
#include "wsd-probe-result.h"

G_BEGIN_DECLS

#define WSD_TYPE_PROBE_PAGE (wsd_probe_page_get_type ())
G_DECLARE_FINAL_TYPE (WsdProbePage, wsd_probe_page, WSD, PROBE_PAGE, GtkWidget)

GtkWidget            *wsd_probe_page_new        (void);
/* Shows @server of @store (cancels a running check of another server). */
void                  wsd_probe_page_set_server (WsdProbePage *self, WsdStore *store, const char *server);
const char           *wsd_probe_page_get_server (WsdProbePage *self);
/* The result shown (the running check's, or an earlier one); may be NULL. */
const WsdProbeResult *wsd_probe_page_get_result (WsdProbePage *self);
gboolean              wsd_probe_page_is_running (WsdProbePage *self);
/* Bound of each step (tests use short ones); default 10 s. */
void                  wsd_probe_page_set_step_timeout (WsdProbePage *self, gint64 timeout_ms);
/* An extra CA file for TLS checks (an internal CA); NULL = system bundle. */
void                  wsd_probe_page_set_extra_ca_file (WsdProbePage *self, const char *path);

G_END_DECLS
