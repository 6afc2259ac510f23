/* wsd-probe-steps.h: the steps of one target, run one after the other on
 * the calling thread (the prober gives each target its own thread). */
#pragma once

#include <gio/gio.h>
#include "wsd-probe-target-set.h"

G_BEGIN_DECLS

typedef struct {
  gint64        timeout_ms;            /* bound of every step */
  GBytes       *ca_bundle;             /* PEM: system bundle + extra CA; NULL = libcurl's default */
  gboolean      authorization_cookie;  /* opt-in GetAuthorizationCookie */
  GCancellable *cancellable;
} WsdProbeSettings;

/* Called once per step in order, skipped steps included; takes @step. */
typedef void (*WsdProbeStepDone) (WsdProbeStep *step, gpointer user_data);

/* The steps @spec asks for, in order. */
guint wsd_probe_plan_steps (const WsdProbeTargetSpec *spec, WsdProbeStepKind out_steps[WSD_PROBE_N_STEPS]);

void  wsd_probe_run_target (const WsdProbeTargetSpec *spec,
                            const WsdProbeSettings   *settings,
                            WsdProbeStepDone          done,
                            gpointer                  user_data);

G_END_DECLS
