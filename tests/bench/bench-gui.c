/* bench-gui.c: the window over a million stored runs.
 *
 *   bench-gui [STORE.sqlite3] [N_RUNS]
 *
 * Builds (or reuses) a store with N_RUNS runs (default 1,000,000), then
 * measures, in one process: the time from creating the window to its first
 * painted frame with rows; a sort by every column (until the next painted
 * frame); the frame-clock intervals while the list is scrolled
 * programmatically, row by row and by jumps deep into the list; and peak
 * RSS. The same measurements on a 1,000-run store are the baseline: the
 * window's costs should not grow with the history. */
#include "wsd-config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <adwaita.h>

#include "wsd-window.h"

#define SERVERS 4
#define BATCH 50000

static const char *const servers[SERVERS] = {
  "wsus-hq.corp.example", "wsus01.corp.example", "wsus02.corp.example", "wsus-branch.corp.example",
};

static const char error_text[] =
  "System.Net.WebException: The remote server returned an error: (407) Proxy Authentication Required.\n"
  "   at System.Web.Services.Protocols.WebClientProtocol.GetWebResponse(WebRequest request)\n"
  "   at Microsoft.UpdateServices.ServerSync.ServerSyncProxy.GetAuthConfig()";

static gboolean
make_store (const char *path, guint n_runs, GError **error)
{
  g_autoptr(WsdStore) store = wsd_store_open (path, error);
  gint64 start = G_GINT64_CONSTANT (1500000000) * G_USEC_PER_SEC;
  guint made = 0;

  if (store == NULL)
    return FALSE;
  while (made < n_runs)
    {
      g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
      WsdImportStats stats;

      for (guint i = 0; i < BATCH && made < n_runs; i++, made++)
        {
          WsdRun *run = wsd_run_new ();
          guint slot = made / SERVERS;

          run->server = g_strdup (servers[made % SERVERS]);
          /* Each server syncs every 15 minutes. */
          run->started = start + (gint64) slot * 900 * G_USEC_PER_SEC + (made % SERVERS) * 60 * G_USEC_PER_SEC;
          run->finished = run->started + (60 + made % 240) * G_USEC_PER_SEC;
          run->type = made % 7 == 0 ? WSD_RUN_TYPE_MANUAL : WSD_RUN_TYPE_SCHEDULED;
          run->result = made % 20 == 3 ? WSD_RESULT_FAILED : made % 97 == 5 ? WSD_RESULT_CANCELED
                                                                               : WSD_RESULT_SUCCEEDED;
          run->new_updates = (int) (made % 23);
          run->revised_updates = (int) (made % 41);
          run->expired_updates = (int) (made % 5);
          if (run->result == WSD_RESULT_FAILED)
            {
              run->error = g_strdup ("ProxyError");
              run->error_text = g_strdup (error_text);
              run->phase = WSD_PHASE_AUTHORIZATION;
            }
          g_ptr_array_add (batch->runs, run);
        }
      if (!wsd_store_import_batch (store, batch, &stats, error))
        return FALSE;
    }
  return TRUE;
}

static GtkWidget *
find_type (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* One frame's phases. The handlers below run after GTK's own for the
 * same phase, so: before-paint → end of layout is the tick callback plus
 * the list's layout (our get_item() and row binding, GTK measuring the
 * rows); end of layout → end of paint is rendering (in software here). */
typedef struct {
  gboolean painted;
  gint64   last;
  gint64   frame_start;
  gint64   layout_end;
  gint64   paint_end;
  gint64   model_busy;    /* model's get_item() time at frame start */
  WsdRunListModel *model;
  GArray  *intervals;   /* double ms */
  GArray  *layouts;     /* double ms */
  GArray  *paints;      /* double ms */
  GArray  *model_times; /* double ms: the model's get_item() time in a frame */
  gboolean jumping;     /* the scroll has moved on to jumps */
  GArray  *jump_layouts; /* double ms: layout phase of the jump frames */
} Clock;

static void
on_before_paint (GdkFrameClock *clock, Clock *c)
{
  c->frame_start = g_get_monotonic_time ();
  c->layout_end = c->paint_end = 0;
  c->model_busy = c->model ? wsd_run_list_model_get_busy_usec (c->model) : 0;
}

static void
on_layout (GdkFrameClock *clock, Clock *c)
{
  c->layout_end = g_get_monotonic_time ();
}

static void
on_paint (GdkFrameClock *clock, Clock *c)
{
  c->paint_end = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock, Clock *c)
{
  gint64 now = g_get_monotonic_time ();

  c->last = now;
  c->painted = TRUE;
  if (c->layouts != NULL && c->frame_start != 0 && c->layout_end != 0 && c->paint_end != 0)
    {
      double layout = (c->layout_end - c->frame_start) / 1000.0;
      double paint = (c->paint_end - c->layout_end) / 1000.0;
      double model = (wsd_run_list_model_get_busy_usec (c->model) - c->model_busy) / 1000.0;

      g_array_append_val (c->jumping ? c->jump_layouts : c->layouts, layout);
      g_array_append_val (c->paints, paint);
      g_array_append_val (c->model_times, model);
    }
}

static void
wait_paint (Clock *c, GtkWidget *widget)
{
  c->painted = FALSE;
  gtk_widget_queue_draw (widget);
  while (!c->painted)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct {
  Clock         *clock;
  GtkAdjustment *adjustment;
  int            ticks;
  gint64         last;
  GArray        *intervals;
} Scroll;

/* One step per frame, as a smooth scroll would: row by row, then jumps. */
static gboolean
scroll_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  Scroll *s = data;
  gint64 now = g_get_monotonic_time ();
  double upper = gtk_adjustment_get_upper (s->adjustment) - gtk_adjustment_get_page_size (s->adjustment);

  if (s->last != 0)
    {
      double ms = (now - s->last) / 1000.0;
      g_array_append_val (s->intervals, ms);
    }
  s->last = now;
  if (s->ticks < 600)
    gtk_adjustment_set_value (s->adjustment, gtk_adjustment_get_value (s->adjustment) + 3 * 22);
  else
    {
      s->clock->jumping = TRUE;
      gtk_adjustment_set_value (s->adjustment, upper * g_random_double ());
    }
  return ++s->ticks < 660 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static double
since_ms (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return strtol (line + 6, NULL, 10);
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
percentiles (GArray *values, double *p99, double *max)
{
  g_array_sort (values, compare_double);
  *max = values->len > 0 ? g_array_index (values, double, values->len - 1) : 0;
  *p99 = values->len > 0 ? g_array_index (values, double, (values->len * 99) / 100) : 0;
}

/* Of values percentiles() has sorted. */
static double
median (GArray *values)
{
  return values->len > 0 ? g_array_index (values, double, values->len / 2) : 0;
}

/* Until the model's worker has delivered the whole id list. */
static double
wait_loaded (WsdRunListModel *model, gint64 t0)
{
  while (wsd_run_list_model_is_loading (model))
    g_main_context_iteration (NULL, TRUE);
  return since_ms (t0);
}

static void
measure (const char *label, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = wsd_store_open (path, &error);
  const char *sort_names[] = { "started", "finished", "type", "result", "new", "revised", "expired",
                               "diagnosis", "server" };
  WsdWindow *window;
  Clock c = { 0 };
  gint64 t0;
  double first_frame, worst_sort = 0, worst_list = 0;
  guint rows, over16 = 0;
  double max_gap = 0, p99;
  GdkFrameClock *frame_clock;

  g_assert_no_error (error);
  t0 = g_get_monotonic_time ();
  window = wsd_window_new (NULL, store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  wsd_window_select_page (window, WSD_TREE_PAGE_RUNS, NULL);
  gtk_window_present (GTK_WINDOW (window));
  /* Presenting realizes the window: its frame clock exists now. */
  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (frame_clock, "before-paint", G_CALLBACK (on_before_paint), &c);
  g_signal_connect (frame_clock, "layout", G_CALLBACK (on_layout), &c);
  g_signal_connect (frame_clock, "paint", G_CALLBACK (on_paint), &c);
  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (on_after_paint), &c);
  while (!c.painted)
    g_main_context_iteration (NULL, TRUE);
  first_frame = since_ms (t0);
  c.model = wsd_window_get_run_model (window);
  rows = g_list_model_get_n_items (G_LIST_MODEL (wsd_window_get_run_model (window)));
  g_print ("%s: %u runs\n", label, rows);
  g_print ("  first frame with rows: %.1f ms (whole id list there after %.1f ms)\n", first_frame,
           wait_loaded (c.model, t0));

  for (guint s = 0; s < G_N_ELEMENTS (sort_names); s++)
    for (int descending = 0; descending < 2; descending++)
      {
        double ms, list_ms;
        guint fetches = wsd_run_list_model_get_n_page_fetches (wsd_window_get_run_model (window));
        t0 = g_get_monotonic_time ();
        wsd_window_sort_by (window, (WsdRunSort) s, descending);
        wait_paint (&c, find_type (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW));
        ms = since_ms (t0);
        fetches = wsd_run_list_model_get_n_page_fetches (wsd_window_get_run_model (window)) - fetches;
        /* The worker's read goes on after the frame; the next sort would
         * cancel it, so let it finish to time each sort on its own. */
        list_ms = wait_loaded (c.model, t0);
        worst_sort = MAX (worst_sort, ms);
        worst_list = MAX (worst_list, list_ms);
        g_print ("  sort by %-9s %s: %7.1f ms (%u pages read; whole id list after %.1f ms)\n", sort_names[s],
                 descending ? "desc" : "asc ", ms, fetches, list_ms);
      }
  wsd_window_sort_by (window, WSD_RUN_SORT_STARTED, TRUE);
  wait_paint (&c, GTK_WIDGET (window));
  wait_loaded (c.model, g_get_monotonic_time ());

  /* Scroll: 600 frames of 3 rows each, then 60 jumps to random depths. */
  {
    Scroll scroll = { .clock = &c };
    GtkWidget *view = find_type (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);

    scroll.adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_parent (view)));
    scroll.intervals = c.intervals = g_array_new (FALSE, FALSE, sizeof (double));
    c.layouts = g_array_new (FALSE, FALSE, sizeof (double));
    c.jump_layouts = g_array_new (FALSE, FALSE, sizeof (double));
    c.jumping = FALSE;
    c.paints = g_array_new (FALSE, FALSE, sizeof (double));
    c.model_times = g_array_new (FALSE, FALSE, sizeof (double));
    c.last = 0;
    gtk_widget_add_tick_callback (view, scroll_tick, &scroll, NULL);
    while (scroll.ticks < 660)
      g_main_context_iteration (NULL, TRUE);
  }
  g_array_sort (c.intervals, compare_double);
  {
    GtkWidget *lv = find_type (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW);
    guint n = 0;
    for (GtkWidget *ch = gtk_widget_get_first_child (lv); ch; ch = gtk_widget_get_next_sibling (ch))
      n++;
    /* GTK 4.8's list view keeps up to 200 row widgets: a jump rebinds them all. */
    g_print ("  row widgets in the list: %u\n", n);
  }
  for (guint i = 0; i < c.intervals->len; i++)
    {
      double gap = g_array_index (c.intervals, double, i);
      max_gap = MAX (max_gap, gap);
      if (gap > 16.7 + 17)   /* a frame missed: main loop stalled over a frame */
        over16++;
    }
  p99 = g_array_index (c.intervals, double, (c.intervals->len * 99) / 100);
  g_print ("  scrolling: %u frames, frame interval p99 %.1f ms, max %.1f ms, %u missed frames\n",
           c.intervals->len, p99, max_gap, over16);
  {
    double layout_p99, layout_max, jump_p99, jump_max, paint_p99, paint_max, model_p99, model_max;

    percentiles (c.layouts, &layout_p99, &layout_max);
    percentiles (c.jump_layouts, &jump_p99, &jump_max);
    percentiles (c.paints, &paint_p99, &paint_max);
    percentiles (c.model_times, &model_p99, &model_max);
    g_print ("  per frame: layout (model + binding + GTK layout) p99 %.1f / max %.1f ms; "
             "rendering p99 %.1f / max %.1f ms\n", layout_p99, layout_max, paint_p99, paint_max);
    g_print ("  layout: %u frames of 3 rows median %.1f / p99 %.1f / max %.1f ms; "
             "%u jumps median %.1f / p99 %.1f / max %.1f ms\n",
             c.layouts->len, median (c.layouts), layout_p99, layout_max,
             c.jump_layouts->len, median (c.jump_layouts), jump_p99, jump_max);
    g_print ("  per frame: the model's get_item() p99 %.2f / max %.2f ms; longest single get_item() %.2f ms\n",
             model_p99, model_max, wsd_run_list_model_get_longest_usec (c.model) / 1000.0);
  }
  g_print ("  worst sort %.1f ms (whole id list after at most %.1f ms)\n", worst_sort, worst_list);
  g_array_unref (c.layouts);
  g_array_unref (c.jump_layouts);
  g_array_unref (c.paints);
  g_array_unref (c.model_times);
  g_array_unref (c.intervals);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (argc > 1 ? argv[1]
                                             : g_build_filename (g_get_tmp_dir (), "wsd-bench-gui-1m.sqlite3", NULL));
  guint n_runs = argc > 2 ? (guint) atoi (argv[2]) : 1000000;
  g_autofree char *small = g_build_filename (g_get_tmp_dir (), "wsd-bench-gui-1k.sqlite3", NULL);
  gint64 t0;

  gtk_init ();
  adw_init ();

  {
    g_autoptr(WsdStore) probe = wsd_store_open (path, &error);
    gint64 have = probe ? wsd_store_count_runs (probe, NULL, NULL) : -1;

    g_assert_no_error (error);
    if (have != (gint64) n_runs)
      {
        g_clear_object (&probe);
        g_remove (path);
        t0 = g_get_monotonic_time ();
        if (!make_store (path, n_runs, &error))
          g_error ("%s", error->message);
        g_print ("made %s with %u runs in %.1f s\n", path, n_runs, since_ms (t0) / 1000);
      }
  }
  g_remove (small);
  if (!make_store (small, 1000, &error))
    g_error ("%s", error->message);

  measure ("baseline (1,000 runs)", small);
  measure ("history", path);
  g_print ("peak RSS: %.1f MB\n", peak_rss_kb () / 1024.0);
  g_remove (small);
  return 0;
}
