/* wsd-format.h: how the window spells times, counts and results. */
#pragma once

#include <glib.h>
#include "wsd-types.h"

G_BEGIN_DECLS

/* Local time "2026-11-20 04:00:12"; "" for 0. */
char       *wsd_format_list_time      (gint64 usec_utc);
/* Local time "Friday 20 November 2026, 04:00:12"; "—" for 0. */
char       *wsd_format_long_time      (gint64 usec_utc);
/* "2026-11-20 03:00:12 UTC" for a tooltip. */
char       *wsd_format_utc_time       (gint64 usec_utc);
/* "3 days ago", "5 minutes ago", "in the future" relative to @now. */
char       *wsd_format_relative_time  (gint64 usec_utc, gint64 now);
/* "2 min 28 s"; NULL when either end is unknown. */
char       *wsd_format_duration       (gint64 started, gint64 finished);
/* 1234567 → "1,234,567" with the locale's separator (',' without one). */
char       *wsd_format_count          (gint64 count);

const char *wsd_result_label          (WsdResult result);
const char *wsd_result_icon_name      (WsdResult result);
/* CSS class: "success", "error", "warning", "dim-label" */
const char *wsd_result_css_class      (WsdResult result);
const char *wsd_run_type_label        (WsdRunType type);
const char *wsd_phase_label           (WsdPhase phase);
const char *wsd_role_label            (WsdRole role);
const char *wsd_finding_kind_label    (WsdFindingKind kind);

G_END_DECLS
