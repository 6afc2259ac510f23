/* wsd-timeline-strip.h: one cell per day, coloured by that day's worst
 * result; clicking a day asks the window to show that day's runs. */
#pragma once

#include <gtk/gtk.h>
#include "wsd-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64    start;     /* µs UTC of local midnight */
  WsdResult worst;     /* WSD_RESULT_UNKNOWN with runs == 0: no sync that day */
  guint     runs;
  guint     failed;
} WsdTimelineDay;

#define WSD_TYPE_TIMELINE_STRIP (wsd_timeline_strip_get_type ())
G_DECLARE_FINAL_TYPE (WsdTimelineStrip, wsd_timeline_strip, WSD, TIMELINE_STRIP, GtkWidget)

GtkWidget *wsd_timeline_strip_new          (void);
/* @runs: WsdRun* (any order). Builds one day per local calendar day from
 * @last_day back @n_days days; @last_day 0 = the day of the newest run. */
void       wsd_timeline_strip_set_runs     (WsdTimelineStrip *self, GPtrArray *runs, gint64 last_day, guint n_days);
/* @summaries: WsdDaySummary of the days with runs, oldest first (see
 * wsd_store_list_days()); the strip ends with the newest of them. */
void       wsd_timeline_strip_set_days     (WsdTimelineStrip *self, GArray *summaries, guint n_days);
guint      wsd_timeline_strip_get_n_days   (WsdTimelineStrip *self);
const WsdTimelineDay *wsd_timeline_strip_get_day (WsdTimelineStrip *self, guint index);
/* Highlights the day starting at @day_start (0 = none). */
void       wsd_timeline_strip_select_day   (WsdTimelineStrip *self, gint64 day_start);
/* Worst of two results: failed > canceled > unknown/running > succeeded. */
WsdResult  wsd_result_worst                (WsdResult a, WsdResult b);

G_END_DECLS
