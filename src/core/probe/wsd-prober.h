/* wsd-prober.h: the synchronization check. Targets are probed concurrently
 * (one thread each), the steps of one target one after the other; each
 * finished step is reported on the caller's main context as it arrives,
 * and the whole WsdProbeResult at the end. Read-only and bounded: every
 * step has its own timeout, TLS verification is always on, and
 * GetAuthorizationCookie runs only when asked for. */
#pragma once

#include <gio/gio.h>
#include "wsd-probe-result.h"
#include "wsd-probe-target-set.h"

G_BEGIN_DECLS

#define WSD_TYPE_PROBER (wsd_prober_get_type ())
G_DECLARE_FINAL_TYPE (WsdProber, wsd_prober, WSD, PROBER, GObject)

#define WSD_PROBER_DEFAULT_TIMEOUT_MS 10000

WsdProber *wsd_prober_new (void);

/* Bound of each step (default 10 s). */
void       wsd_prober_set_step_timeout         (WsdProber *self, gint64 timeout_ms);
gint64     wsd_prober_get_step_timeout         (WsdProber *self);
/* A PEM file whose certificates are trusted in addition to the system
 * bundle (an internal CA, Microsoft's roots). NULL = system bundle only. */
void       wsd_prober_set_extra_ca_file        (WsdProber *self, const char *path);
/* Opt-in: also call GetAuthorizationCookie, which may register this tool
 * in the upstream's list of downstream servers. Off by default. */
void       wsd_prober_set_authorization_cookie (WsdProber *self, gboolean enabled);

/* @target_index: position in @targets; @step: the finished step (owned by
 * the prober, valid during the call). Runs on the thread-default main
 * context of the caller of wsd_prober_run_async(). */
typedef void (*WsdProberStepFunc) (WsdProber            *prober,
                                   guint                 target_index,
                                   const WsdProbeTarget *target,
                                   const WsdProbeStep   *step,
                                   gpointer              user_data);

/* @targets: WsdProbeTargetSpec* (copied). @server: stored with the result
 * (may be NULL). Cancel aborts every transfer within ~100 ms; the task
 * then fails with G_IO_ERROR_CANCELLED. */
void            wsd_prober_run_async  (WsdProber           *self,
                                       GPtrArray           *targets,
                                       const char          *server,
                                       WsdProberStepFunc    step_func,
                                       gpointer             step_data,
                                       GDestroyNotify       step_data_destroy,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
WsdProbeResult *wsd_prober_run_finish (WsdProber     *self,
                                       GAsyncResult  *result,
                                       GError       **error);

/* Blocking form (CLI, tests, benchmark): runs its own main context. */
WsdProbeResult *wsd_prober_run        (WsdProber          *self,
                                       GPtrArray          *targets,
                                       const char         *server,
                                       WsdProberStepFunc   step_func,
                                       gpointer            step_data,
                                       GCancellable       *cancellable,
                                       GError            **error);

/* Whether any step failed (CLI exit status). */
gboolean        wsd_probe_result_has_failure (const WsdProbeResult *result);

G_END_DECLS
