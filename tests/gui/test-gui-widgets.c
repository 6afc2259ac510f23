/* test-gui-widgets.c: the window's widgets on their own (no store). */
#include "wsd-config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <adwaita.h>

#include "wsd-details-pane.h"
#include "wsd-finding-card.h"
#include "wsd-format.h"
#include "wsd-gui-fixture.h"
#include "wsd-log-viewer.h"
#include "wsd-timeline-strip.h"

#define DAY (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

static WsdFinding *
make_finding (void)
{
  WsdFinding *f = wsd_finding_new ("proxy-auth", WSD_FINDING_CAUSE);
  const char *steps[] = { "Open Options > Update Source and Proxy Server.",
                          "Re-enter the proxy account's password.", "Synchronize now.", NULL };
  const char *refs[] = { "https://learn.microsoft.com/troubleshoot/mem/configmgr/update-management/wsus-sync", NULL };
  WsdEvidence *e = wsd_evidence_new ();

  f->title = g_strdup ("The proxy refused the sync account <b>407</b>");
  f->summary = g_strdup ("The proxy asked for authentication & the configured account failed.");
  f->steps = g_strdupv ((char **) steps);
  f->references = g_strdupv ((char **) refs);
  f->confidence = 0.95;
  e->source_path = g_strdup ("/nonexistent/SoftwareDistribution.log");
  e->line = 1234;
  e->offset = 99;
  e->text = g_strdup ("WebException: (407) Proxy Authentication Required <script>alert(1)</script>");
  g_ptr_array_add (f->evidence, e);
  return f;
}

static void
test_format (void)
{
  g_autofree char *count = wsd_format_count (1234567);
  g_autofree char *small = wsd_format_count (17);
  g_autofree char *ago = wsd_format_relative_time (g_get_real_time () - 3 * DAY - 1000, g_get_real_time ());
  g_autofree char *duration = wsd_format_duration (1, 1 + 148 * G_USEC_PER_SEC);
  g_autofree char *utc = wsd_format_utc_time (G_GINT64_CONSTANT (1795143612) * G_USEC_PER_SEC);

  g_assert_cmpstr (count, ==, "1,234,567");
  g_assert_cmpstr (small, ==, "17");
  g_assert_cmpstr (ago, ==, "3 days ago");
  g_assert_cmpstr (duration, ==, "2 min 28 s");
  g_assert_cmpstr (utc, ==, "2026-11-20 03:00:12 UTC");
}

static void
test_details_pane (void)
{
  GtkWidget *window = gtk_window_new ();
  WsdDetailsPane *pane = WSD_DETAILS_PANE (wsd_details_pane_new ());
  g_autoptr(WsdRun) run = wsd_gui_fixture_failed_run (g_get_real_time () - DAY);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_finding_free);
  g_autofree char *text = NULL;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (pane));
  gtk_window_present (GTK_WINDOW (window));

  g_assert_null (wsd_details_pane_get_run (pane));
  g_ptr_array_add (findings, make_finding ());
  wsd_details_pane_show_run (pane, run, findings);

  g_assert_nonnull (wsd_details_pane_get_run (pane));
  g_assert_cmpstr (wsd_details_pane_get_diagnosis_title (pane), ==, "The proxy refused the sync account <b>407</b>");
  text = wsd_details_pane_dup_text (pane);
  /* Facts, the error name, the attempt, the title, every step in order. */
  g_assert_nonnull (strstr (text, "Synchronization Failed"));
  g_assert_nonnull (strstr (text, "ProxyError"));
  g_assert_nonnull (strstr (text, "Authorization"));
  g_assert_nonnull (strstr (text, "Retry 1 of 2"));
  g_assert_nonnull (strstr (text, "2 min 28 s"));
  g_assert_nonnull (strstr (text, "The proxy refused the sync account <b>407</b>"));
  g_assert_nonnull (strstr (text, "95% confidence"));
  g_assert_nonnull (strstr (text, "SoftwareDistribution.log, line 1234"));
  g_assert_nonnull (strstr (text, "Re-enter the proxy account's password."));
  g_assert_true (strstr (text, "1.\n") < strstr (text, "2.\n"));
  /* Evidence text is shown as written, never interpreted as markup. */
  g_assert_nonnull (strstr (text, "<script>alert(1)</script>"));
  /* The full error text, with its stack frames. */
  g_assert_nonnull (strstr (text, "at Microsoft.UpdateServices.ServerSync.ServerSyncProxy.GetAuthConfig()"));

  wsd_details_pane_clear (pane);
  g_assert_null (wsd_details_pane_get_run (pane));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
collect_labels (GtkWidget *widget, GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_labels (c, labels);
}

static void
test_finding_card_plain_text (void)
{
  g_autoptr(WsdFinding) finding = make_finding ();
  GtkWidget *card = g_object_ref_sink (wsd_finding_card_new (finding, 0));
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (card, labels);
  g_assert_cmpuint (labels->len, >, 5);
  for (guint i = 0; i < labels->len; i++)
    g_assert_false (gtk_label_get_use_markup (g_ptr_array_index (labels, i)));
  g_assert_true (gtk_widget_has_css_class (card, "diagnosis"));
  g_object_unref (card);
}

static void
test_timeline (void)
{
  WsdTimelineStrip *strip = WSD_TIMELINE_STRIP (g_object_ref_sink (wsd_timeline_strip_new ()));
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_free);
  gint64 now = g_get_real_time ();
  WsdRun *run;
  guint failed_days = 0, empty_days = 0, ok_days = 0;

  for (int d = 0; d < 10; d++)
    {
      if (d == 5)
        continue;   /* a day without any sync */
      run = wsd_run_new ();
      run->started = now - d * DAY;
      run->result = WSD_RESULT_SUCCEEDED;
      g_ptr_array_add (runs, run);
    }
  run = wsd_run_new ();   /* the same day as the newest: worst wins */
  run->started = now - 60 * G_USEC_PER_SEC;
  run->result = WSD_RESULT_FAILED;
  g_ptr_array_add (runs, run);

  wsd_timeline_strip_set_runs (strip, runs, 0, 14);
  g_assert_cmpuint (wsd_timeline_strip_get_n_days (strip), ==, 14);
  for (guint i = 0; i < 14; i++)
    {
      const WsdTimelineDay *day = wsd_timeline_strip_get_day (strip, i);
      if (day->runs == 0)
        empty_days++;
      else if (day->worst == WSD_RESULT_FAILED)
        failed_days++;
      else
        ok_days++;
      if (i > 0)
        g_assert_cmpint (day->start, >, wsd_timeline_strip_get_day (strip, i - 1)->start);
    }
  g_assert_cmpuint (failed_days, ==, 1);
  g_assert_cmpint (wsd_timeline_strip_get_day (strip, 13)->worst, ==, WSD_RESULT_FAILED);
  g_assert_cmpuint (wsd_timeline_strip_get_day (strip, 13)->runs, >=, 2);
  g_assert_cmpuint (ok_days, >=, 8);
  g_assert_cmpuint (empty_days, ==, 14 - failed_days - ok_days);
  g_assert_cmpint (wsd_result_worst (WSD_RESULT_SUCCEEDED, WSD_RESULT_CANCELED), ==, WSD_RESULT_CANCELED);
  g_object_unref (strip);
}

static gboolean
wait_loaded (WsdLogViewer *viewer, gboolean *from_file)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!wsd_log_viewer_is_loaded (viewer, from_file) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return wsd_log_viewer_is_loaded (viewer, from_file);
}

static void
test_log_viewer (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wsd-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "SoftwareDistribution.log", NULL);
  g_autoptr(GString) content = g_string_new (NULL);
  g_autoptr(WsdEvidence) evidence = wsd_evidence_new ();
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_evidence_free);
  WsdLogViewer *viewer;
  gboolean from_file = FALSE;
  g_autofree char *text = NULL;
  g_autofree char *fallback = NULL;

  for (int i = 1; i <= 400; i++)
    {
      if (i == 200)
        evidence->offset = content->len;
      g_string_append_printf (content, "2026-11-20 03:00:%02d.000 UTC\tInfo\tWsusService.9\tClass.Method\tline %d%s\r\n",
                              i % 60, i, i == 200 ? " <the one>" : "");
    }
  g_assert_true (g_file_set_contents (path, content->str, content->len, NULL));
  evidence->source_path = g_strdup (path);
  evidence->line = 200;
  evidence->text = g_strdup ("line 200 <the one>");

  viewer = wsd_log_viewer_new (NULL, evidence, NULL);
  g_assert_true (wait_loaded (viewer, &from_file));
  g_assert_true (from_file);
  text = wsd_log_viewer_dup_text (viewer);
  g_assert_nonnull (strstr (text, "line 199\r\n"));
  g_assert_nonnull (strstr (text, "line 200 <the one>"));
  g_assert_nonnull (strstr (text, "line 201\r\n"));
  gtk_window_destroy (GTK_WINDOW (viewer));

  /* The file is gone: the stored lines of that source are shown. */
  g_remove (path);
  g_rmdir (dir);
  g_ptr_array_add (stored, wsd_evidence_copy (evidence));
  viewer = wsd_log_viewer_new (NULL, evidence, stored);
  g_assert_true (wait_loaded (viewer, &from_file));
  g_assert_false (from_file);
  fallback = wsd_log_viewer_dup_text (viewer);
  g_assert_nonnull (strstr (fallback, "200: line 200 <the one>"));
  gtk_window_destroy (GTK_WINDOW (viewer));
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/gui/format", test_format);
  g_test_add_func ("/gui/details-pane", test_details_pane);
  g_test_add_func ("/gui/finding-card/plain-text", test_finding_card_plain_text);
  g_test_add_func ("/gui/timeline", test_timeline);
  g_test_add_func ("/gui/log-viewer", test_log_viewer);
  return g_test_run ();
}
