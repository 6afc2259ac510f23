/* wsd-probe-page-rows.h: the rows of the Probes page: one group per
 * target, one row per step (status icon, timing, detail, and for a failure
 * the title of the finding it maps to), one row per earlier check. All text
 * is set escaped: details quote what servers and proxies answered. */
#pragma once

#include <adwaita.h>
#include "wsd-probe-result.h"

G_BEGIN_DECLS

const char *wsd_probe_step_title        (WsdProbeStepKind kind);

/* AdwPreferencesGroup titled with the target, "seen from this workstation". */
GtkWidget  *wsd_probe_target_group_new  (const WsdProbeTarget *target);
void        wsd_probe_target_group_set_running (GtkWidget *group, gboolean running);
/* @rule_title: the finding's title for a step with a rule (may be NULL). */
void        wsd_probe_target_group_add_step    (GtkWidget          *group,
                                                const WsdProbeStep *step,
                                                const char         *rule_title);

/* "2 failed, 1 warning" / "all steps passed" */
char       *wsd_probe_result_summary    (const WsdProbeResult *result);
/* An activatable row for an earlier check; the result is kept on the row
 * (object data "wsd-probe-result"). */
GtkWidget  *wsd_probe_history_row_new   (const WsdProbeResult *result);

G_END_DECLS
