/* wsd-timeline-strip.c: the history at a glance, one cell per day. */
#include "wsd-config.h"

#include <glib/gi18n.h>

#include "wsd-format.h"
#include "wsd-run.h"
#include "wsd-timeline-strip.h"

#define CELL 14
#define GAP 3
#define LABEL_HEIGHT 16

struct _WsdTimelineStrip
{
  GtkWidget parent_instance;
  GArray   *days;        /* WsdTimelineDay, oldest first */
  gint64    selected;
};

G_DEFINE_FINAL_TYPE (WsdTimelineStrip, wsd_timeline_strip, GTK_TYPE_WIDGET)

enum { DAY_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static int
severity (WsdResult result)
{
  switch (result)
    {
    case WSD_RESULT_FAILED:    return 4;
    case WSD_RESULT_CANCELED:  return 3;
    case WSD_RESULT_UNKNOWN:   return 2;
    case WSD_RESULT_RUNNING:   return 1;
    case WSD_RESULT_SUCCEEDED:
    default:                   return 0;
    }
}

WsdResult
wsd_result_worst (WsdResult a, WsdResult b)
{
  return severity (a) >= severity (b) ? a : b;
}

static gint64
local_midnight (gint64 usec_utc)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec_utc / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (local),
                                                         g_date_time_get_month (local),
                                                         g_date_time_get_day_of_month (local), 0, 0, 0);
  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}

/* Next local midnight: add a calendar day, so DST changes stay aligned. */
static gint64
next_midnight (gint64 midnight)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (midnight / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autoptr(GDateTime) next = g_date_time_add_days (local, 1);
  return local_midnight (g_date_time_to_unix (next) * G_USEC_PER_SEC);
}

static guint
visible_days (WsdTimelineStrip *self, int width)
{
  guint fit = MAX (1, (width + GAP) / (CELL + GAP));
  return MIN (fit, self->days->len);
}

static int
day_at (WsdTimelineStrip *self, double x, double y)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  guint shown = visible_days (self, width);
  int origin = width - (int) shown * (CELL + GAP) + GAP;
  int column;

  if (self->days->len == 0 || y > CELL + 2 || x < origin)
    return -1;
  column = ((int) x - origin) / (CELL + GAP);
  if (column < 0 || (guint) column >= shown)
    return -1;
  return self->days->len - shown + column;
}

static gboolean
lookup_color (GtkWidget *widget, const char *name, GdkRGBA *out, const char *fallback)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, out))
    return TRUE;
  G_GNUC_END_IGNORE_DEPRECATIONS
  return gdk_rgba_parse (out, fallback);
}

static void
wsd_timeline_strip_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  WsdTimelineStrip *self = WSD_TIMELINE_STRIP (widget);
  int width = gtk_widget_get_width (widget);
  guint shown = visible_days (self, width);
  int origin = width - (int) shown * (CELL + GAP) + GAP;
  GdkRGBA failed, canceled, succeeded, other, empty, accent, fg;
  int last_month = -1;

  lookup_color (widget, "error_color", &failed, "#e01b24");
  lookup_color (widget, "warning_color", &canceled, "#e5a50a");
  lookup_color (widget, "success_color", &succeeded, "#2ec27e");
  lookup_color (widget, "accent_color", &accent, "#3584e4");
  lookup_color (widget, "window_fg_color", &fg, "#000000");
  other = fg; other.alpha = 0.35f;
  empty = fg; empty.alpha = 0.08f;

  for (guint i = 0; i < shown; i++)
    {
      const WsdTimelineDay *day = &g_array_index (self->days, WsdTimelineDay, self->days->len - shown + i);
      graphene_rect_t bounds = GRAPHENE_RECT_INIT (origin + i * (CELL + GAP), 1, CELL, CELL);
      GskRoundedRect rounded;
      const GdkRGBA *color = &empty;
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (day->start / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);

      if (day->runs > 0)
        {
          switch (day->worst)
            {
            case WSD_RESULT_FAILED:    color = &failed; break;
            case WSD_RESULT_CANCELED:  color = &canceled; break;
            case WSD_RESULT_SUCCEEDED: color = &succeeded; break;
            default:                   color = &other; break;
            }
        }

      gsk_rounded_rect_init_from_rect (&rounded, &bounds, 3);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, color, &bounds);
      gtk_snapshot_pop (snapshot);

      if (day->start == self->selected)
        {
          GskRoundedRect outline;
          graphene_rect_t around = GRAPHENE_RECT_INIT (bounds.origin.x - 1.5f, bounds.origin.y - 1.5f,
                                                       CELL + 3, CELL + 3);
          float widths[4] = { 2, 2, 2, 2 };
          GdkRGBA colors[4] = { fg, fg, fg, fg };

          gsk_rounded_rect_init_from_rect (&outline, &around, 4);
          gtk_snapshot_append_border (snapshot, &outline, widths, colors);
        }

      /* A month label where a month starts (or at the left edge). */
      if (g_date_time_get_month (local) != last_month
          && (g_date_time_get_day_of_month (local) == 1 || i == 0)
          && (i == 0 || i + 3 < shown))
        {
          g_autofree char *month = g_date_time_format (local, i == 0 || g_date_time_get_month (local) == 1
                                                              ? "%b %Y" : "%b");
          PangoLayout *layout = gtk_widget_create_pango_layout (widget, month);
          GdkRGBA dim = fg;

          dim.alpha = 0.6f;
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (bounds.origin.x, CELL + 3));
          gtk_snapshot_append_layout (snapshot, layout, &dim);
          gtk_snapshot_restore (snapshot);
          g_object_unref (layout);
          last_month = g_date_time_get_month (local);
        }
      else if (last_month == -1)
        last_month = g_date_time_get_month (local);
    }
}

static void
wsd_timeline_strip_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                            int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 7 * (CELL + GAP);
      *natural = 60 * (CELL + GAP);
    }
  else
    *minimum = *natural = CELL + 4 + LABEL_HEIGHT;
}

static gboolean
on_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, gpointer data)
{
  WsdTimelineStrip *self = WSD_TIMELINE_STRIP (widget);
  int index = day_at (self, x, y);
  const WsdTimelineDay *day;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;

  if (index < 0)
    return FALSE;
  day = &g_array_index (self->days, WsdTimelineDay, index);
  utc = g_date_time_new_from_unix_utc (day->start / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  date = g_date_time_format (local, "%a %e %b %Y");
  if (day->runs == 0)
    text = g_strdup_printf (_("%s: no synchronization"), date);
  else if (day->failed == 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u synchronization, worst %s",
                                         "%s: %u synchronizations, worst %s", day->runs),
                            date, day->runs, wsd_result_label (day->worst));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u synchronization, %u failed",
                                         "%s: %u synchronizations, %u failed", day->runs),
                            date, day->runs, day->failed);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, WsdTimelineStrip *self)
{
  int index = day_at (self, x, y);
  const WsdTimelineDay *day;

  if (index < 0)
    return;
  day = &g_array_index (self->days, WsdTimelineDay, index);
  g_signal_emit (self, signals[DAY_ACTIVATED], 0, day->start, next_midnight (day->start));
}

static void
wsd_timeline_strip_finalize (GObject *object)
{
  g_array_unref (WSD_TIMELINE_STRIP (object)->days);
  G_OBJECT_CLASS (wsd_timeline_strip_parent_class)->finalize (object);
}

static void
wsd_timeline_strip_class_init (WsdTimelineStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = wsd_timeline_strip_finalize;
  widget_class->snapshot = wsd_timeline_strip_snapshot;
  widget_class->measure = wsd_timeline_strip_measure;

  /* (day start, next day start), µs UTC */
  signals[DAY_ACTIVATED] = g_signal_new ("day-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  gtk_widget_class_set_css_name (widget_class, "timelinestrip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
wsd_timeline_strip_init (WsdTimelineStrip *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->days = g_array_new (FALSE, TRUE, sizeof (WsdTimelineDay));
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Daily synchronization results"), -1);
}

GtkWidget *
wsd_timeline_strip_new (void)
{
  return g_object_new (WSD_TYPE_TIMELINE_STRIP, NULL);
}

/* Empty cells for @n_days calendar days ending with @last_day's. */
static void
make_days (WsdTimelineStrip *self, gint64 last_day, guint n_days)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 day;

  g_array_set_size (self->days, 0);
  if (last_day == 0 || n_days == 0)
    return;
  /* Walk back from the last day's midnight, one calendar day at a time. */
  day = local_midnight (last_day);
  for (guint i = 0; i < n_days; i++)
    {
      g_array_prepend_val (starts, day);
      day = local_midnight (day - G_GINT64_CONSTANT (12) * 3600 * G_USEC_PER_SEC);
    }
  for (guint i = 0; i < starts->len; i++)
    {
      WsdTimelineDay d = { g_array_index (starts, gint64, i), WSD_RESULT_SUCCEEDED, 0, 0 };
      g_array_append_val (self->days, d);
    }
}

/* The cell whose day holds @time, NULL when outside the strip. */
static WsdTimelineDay *
day_of (WsdTimelineStrip *self, gint64 time)
{
  guint lo = 0, hi = self->days->len;
  WsdTimelineDay *d;

  if (hi == 0 || time < g_array_index (self->days, WsdTimelineDay, 0).start)
    return NULL;
  while (hi - lo > 1)   /* last day whose start <= time */
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (self->days, WsdTimelineDay, mid).start <= time)
        lo = mid;
      else
        hi = mid;
    }
  d = &g_array_index (self->days, WsdTimelineDay, lo);
  if (lo == self->days->len - 1 && time >= next_midnight (d->start))
    return NULL;
  return d;
}

void
wsd_timeline_strip_set_runs (WsdTimelineStrip *self, GPtrArray *runs, gint64 last_day, guint n_days)
{
  gint64 newest = 0;

  g_return_if_fail (WSD_IS_TIMELINE_STRIP (self));

  for (guint i = 0; runs != NULL && i < runs->len; i++)
    newest = MAX (newest, ((WsdRun *) g_ptr_array_index (runs, i))->started);
  make_days (self, last_day != 0 ? last_day : newest, n_days);
  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      const WsdRun *run = g_ptr_array_index (runs, i);
      WsdTimelineDay *d = day_of (self, run->started);

      if (d == NULL)
        continue;
      d->worst = d->runs == 0 ? run->result : wsd_result_worst (d->worst, run->result);
      d->runs++;
      if (run->result == WSD_RESULT_FAILED || run->result == WSD_RESULT_CANCELED)
        d->failed++;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
wsd_timeline_strip_set_days (WsdTimelineStrip *self, GArray *summaries, guint n_days)
{
  gint64 last_day = 0;

  g_return_if_fail (WSD_IS_TIMELINE_STRIP (self));

  if (summaries != NULL && summaries->len > 0)
    last_day = g_array_index (summaries, WsdDaySummary, summaries->len - 1).day;
  make_days (self, last_day, n_days);
  for (guint i = 0; summaries != NULL && i < summaries->len; i++)
    {
      const WsdDaySummary *s = &g_array_index (summaries, WsdDaySummary, i);
      /* Noon of that day: safe from DST shifts of midnight. */
      WsdTimelineDay *d = day_of (self, s->day + G_GINT64_CONSTANT (12) * 3600 * G_USEC_PER_SEC);

      if (d == NULL)
        continue;
      d->runs = s->runs;
      d->failed = s->failed;
      d->worst = s->worst;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
wsd_timeline_strip_get_n_days (WsdTimelineStrip *self)
{
  g_return_val_if_fail (WSD_IS_TIMELINE_STRIP (self), 0);
  return self->days->len;
}

const WsdTimelineDay *
wsd_timeline_strip_get_day (WsdTimelineStrip *self, guint index)
{
  g_return_val_if_fail (WSD_IS_TIMELINE_STRIP (self), NULL);
  g_return_val_if_fail (index < self->days->len, NULL);
  return &g_array_index (self->days, WsdTimelineDay, index);
}

void
wsd_timeline_strip_select_day (WsdTimelineStrip *self, gint64 day_start)
{
  g_return_if_fail (WSD_IS_TIMELINE_STRIP (self));
  self->selected = day_start;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
