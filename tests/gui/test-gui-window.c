/* test-gui-window.c: the whole window on a fixture history. */
#include "wsd-config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <adwaita.h>

#include "wsd-format.h"
#include "wsd-gui-fixture.h"
#include "wsd-run-item.h"
#include "wsd-run-list-model.h"
#include "wsd-window.h"

#define DAYS 30

typedef struct {
  char      *dir;
  char      *path;
  WsdStore  *store;
  WsdWindow *window;
} Fixture;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean empty = GPOINTER_TO_INT (data);

  f->dir = g_dir_make_tmp ("wsd-gui-window-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "history.sqlite3", NULL);
  if (!empty)
    {
      wsd_gui_fixture_make_store (f->path, g_get_real_time (), DAYS, &error);
      g_assert_no_error (error);
    }
  f->store = wsd_store_open (f->path, &error);
  g_assert_no_error (error);
  f->window = g_object_ref_sink (wsd_window_new (NULL, f->store));
  gtk_window_present (GTK_WINDOW (f->window));
  iterate ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->window);
  g_object_unref (f->store);
  iterate ();
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (f->path, suffixes[i], NULL);
      g_remove (file);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static guint
n_rows (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (wsd_window_get_run_model (f->window)));
}

static WsdRunItem *
row (Fixture *f, guint position)
{
  return g_list_model_get_item (G_LIST_MODEL (wsd_window_get_run_model (f->window)), position);
}

static gint64
store_count (Fixture *f, const char *server, WsdResult result, gboolean failed_only)
{
  WsdRunQuery query;

  wsd_run_query_init (&query);
  query.server = server;
  query.result = result;
  query.failed_only = failed_only;
  return wsd_store_count_runs (f->store, &query, NULL);
}

static void
test_opens (Fixture *f, gconstpointer data)
{
  g_assert_cmpstr (wsd_window_get_visible_page (f->window), ==, "overview");
  wsd_window_select_page (f->window, WSD_TREE_PAGE_RUNS, NULL);
  iterate ();
  g_assert_cmpstr (wsd_window_get_visible_page (f->window), ==, "runs");
  g_assert_cmpuint (n_rows (f), ==, store_count (f, NULL, WSD_RESULT_UNKNOWN, FALSE));
  g_assert_cmpuint (n_rows (f), >, 2 * DAYS);

  wsd_window_select_page (f->window, WSD_TREE_PAGE_RUNS, "wsus01.corp.example");
  iterate ();
  g_assert_cmpuint (n_rows (f), ==, store_count (f, "wsus01.corp.example", WSD_RESULT_UNKNOWN, FALSE));
  /* Newest first, and the status line counts this server's runs. */
  {
    g_autoptr(WsdRunItem) first = row (f, 0);
    g_autoptr(WsdRunItem) second = row (f, 1);
    g_autofree char *expected = g_strdup_printf ("%d synchronizations", (int) n_rows (f));

    g_assert_cmpint (wsd_run_item_get_started (first), >, wsd_run_item_get_started (second));
    g_assert_cmpstr (wsd_run_item_get_server (first), ==, "wsus01.corp.example");
    g_assert_true (g_str_has_prefix (wsd_window_get_status_text (f->window), expected));
    /* The fixture's runs are at fixed UTC hours: how long ago depends on the clock. */
    {
      WsdRunSummary summary;
      g_autofree char *ago = NULL;
      g_autofree char *success = NULL;

      g_assert_true (wsd_store_summarize_runs (f->store, "wsus01.corp.example", &summary, NULL));
      ago = wsd_format_relative_time (summary.last_success, g_get_real_time ());
      success = g_strdup_printf ("last success %s", ago);
      g_assert_cmpint (g_get_real_time () - summary.last_success, >, 3 * 86400 * G_USEC_PER_SEC);
      g_assert_nonnull (strstr (wsd_window_get_status_text (f->window), success));
    }
  }

  wsd_window_select_page (f->window, WSD_TREE_PAGE_CONFIGURATION, "wsus01.corp.example");
  iterate ();
  g_assert_cmpstr (wsd_window_get_visible_page (f->window), ==, "configuration");

  /* Synchronization check… opens the server's Probes page. */
  wsd_window_select_page (f->window, WSD_TREE_PAGE_RUNS, "wsus01.corp.example");
  iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-all-runs", NULL));
  iterate ();
  g_assert_cmpstr (wsd_window_get_visible_page (f->window), ==, "runs");
  wsd_window_select_page (f->window, WSD_TREE_PAGE_PROBES, "wsus01.corp.example");
  iterate ();
  g_assert_cmpstr (wsd_window_get_visible_page (f->window), ==, "probes");
}

static void
test_failed_run_details (Fixture *f, gconstpointer data)
{
  GtkSingleSelection *selection;
  WsdDetailsPane *pane = wsd_window_get_details_pane (f->window);
  const WsdRun *run;
  g_autofree char *text = NULL;

  wsd_window_select_page (f->window, WSD_TREE_PAGE_RUNS, "wsus01.corp.example");
  iterate ();
  selection = wsd_window_get_selection (f->window);
  g_assert_null (wsd_details_pane_get_run (pane));

  /* The newest run is last night's second retry, a failure. */
  gtk_single_selection_set_selected (selection, 0);
  iterate ();
  run = wsd_details_pane_get_run (pane);
  g_assert_nonnull (run);
  g_assert_cmpint (run->result, ==, WSD_RESULT_FAILED);
  g_assert_cmpstr (run->error, ==, "ProxyError");
  text = wsd_details_pane_dup_text (pane);
  g_assert_nonnull (strstr (text, "Synchronization Failed"));
  g_assert_nonnull (strstr (text, "(407) Proxy Authentication Required"));

  /* The details follow the selection, as the arrow keys move it. */
  gtk_single_selection_set_selected (selection, 3);
  iterate ();
  {
    g_autoptr(WsdRunItem) item = row (f, 3);
    g_assert_cmpint (wsd_details_pane_get_run (pane)->id, ==, wsd_run_item_get_id (item));
  }
  gtk_single_selection_set_selected (selection, 0);
  iterate ();

  {
    g_autofree char *again = wsd_details_pane_dup_text (pane);
    const char *title = wsd_details_pane_get_diagnosis_title (pane);

    g_assert_nonnull (title);
    g_assert_nonnull (strstr (again, title));
    /* Numbered steps of the proxy-auth guidance. */
    g_assert_nonnull (strstr (again, "1.\n"));
    g_assert_nonnull (strstr (again, "2.\n"));
    g_assert_nonnull (strstr (g_ascii_strdown (again, -1), "proxy"));
  }
}

static void
test_filter_and_sort (Fixture *f, gconstpointer data)
{
  guint all, failed, succeeded;

  wsd_window_select_page (f->window, WSD_TREE_PAGE_RUNS, NULL);
  iterate ();
  all = n_rows (f);

  wsd_window_set_result_filter (f->window, WSD_RESULT_FAILED);
  failed = n_rows (f);
  g_assert_cmpuint (failed, ==, store_count (f, NULL, WSD_RESULT_UNKNOWN, TRUE));
  g_assert_cmpuint (failed, >, 0);
  g_assert_cmpuint (failed, <, all);
  for (guint i = 0; i < failed; i++)
    {
      g_autoptr(WsdRunItem) item = row (f, i);
      WsdResult result = wsd_run_item_get_result (item);
      g_assert_true (result == WSD_RESULT_FAILED || result == WSD_RESULT_CANCELED);
    }

  wsd_window_set_result_filter (f->window, WSD_RESULT_SUCCEEDED);
  succeeded = n_rows (f);
  g_assert_cmpuint (succeeded, ==, store_count (f, NULL, WSD_RESULT_SUCCEEDED, FALSE));
  g_assert_cmpuint (succeeded + failed, ==, all);

  /* Search runs in sqlite over the error text. */
  wsd_window_set_result_filter (f->window, WSD_RESULT_UNKNOWN);
  wsd_window_set_search (f->window, "UnauthorizedAccessException");
  g_assert_cmpuint (n_rows (f), ==, 1);
  wsd_window_set_search (f->window, "(407)");
  g_assert_cmpuint (n_rows (f), ==, 12);
  wsd_window_set_search (f->window, "no such text anywhere");
  g_assert_cmpuint (n_rows (f), ==, 0);
  wsd_window_set_search (f->window, NULL);
  g_assert_cmpuint (n_rows (f), ==, all);

  /* Sorting by a column header, both ways. */
  wsd_window_sort_by (f->window, WSD_RUN_SORT_STARTED, FALSE);
  {
    g_autoptr(WsdRunItem) first = row (f, 0);
    g_autoptr(WsdRunItem) last = row (f, all - 1);
    g_assert_cmpint (wsd_run_item_get_started (first), <, wsd_run_item_get_started (last));
  }
  wsd_window_sort_by (f->window, WSD_RUN_SORT_STARTED, TRUE);
  {
    g_autoptr(WsdRunItem) first = row (f, 0);
    g_autoptr(WsdRunItem) last = row (f, all - 1);
    g_assert_cmpint (wsd_run_item_get_started (first), >, wsd_run_item_get_started (last));
  }
  wsd_window_sort_by (f->window, WSD_RUN_SORT_RESULT, FALSE);
  {
    /* Canonical spellings in order: canceled < failed < succeeded. */
    g_autoptr(WsdRunItem) first = row (f, 0);
    g_autoptr(WsdRunItem) last = row (f, all - 1);
    g_assert_cmpint (wsd_run_item_get_result (first), ==, WSD_RESULT_CANCELED);
    g_assert_cmpint (wsd_run_item_get_result (last), ==, WSD_RESULT_SUCCEEDED);
  }
  wsd_window_sort_by (f->window, WSD_RUN_SORT_NEW, TRUE);
  {
    g_autoptr(WsdRunItem) first = row (f, 0);
    g_assert_cmpint (wsd_run_item_get_new_updates (first), ==, 22);
  }
  wsd_window_sort_by (f->window, WSD_RUN_SORT_SERVER, FALSE);
  {
    g_autoptr(WsdRunItem) first = row (f, 0);
    g_assert_cmpstr (wsd_run_item_get_server (first), ==, "wsus-branch.corp.example");
  }
}

static void
test_period (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) week_ago = g_date_time_add_days (midnight, -7);
  g_autoptr(GDateTime) six_ago = g_date_time_add_days (midnight, -6);
  gint64 since = g_date_time_to_unix (week_ago) * G_USEC_PER_SEC;
  gint64 until = g_date_time_to_unix (six_ago) * G_USEC_PER_SEC;

  wsd_window_select_page (f->window, WSD_TREE_PAGE_RUNS, NULL);
  iterate ();
  wsd_window_set_period (f->window, since, until);
  /* One day: one run of each server. */
  g_assert_cmpuint (n_rows (f), ==, 3);
  for (guint i = 0; i < n_rows (f); i++)
    {
      g_autoptr(WsdRunItem) item = row (f, i);
      g_assert_cmpint (wsd_run_item_get_started (item), >=, since);
      g_assert_cmpint (wsd_run_item_get_started (item), <, until);
    }
  wsd_window_set_period (f->window, 0, 0);
  g_assert_cmpuint (n_rows (f), ==, store_count (f, NULL, WSD_RESULT_UNKNOWN, FALSE));
}

static void
test_refresh_keeps_selection (Fixture *f, gconstpointer data)
{
  GtkSingleSelection *selection;
  gint64 id;

  wsd_window_select_page (f->window, WSD_TREE_PAGE_RUNS, NULL);
  iterate ();
  selection = wsd_window_get_selection (f->window);
  gtk_single_selection_set_selected (selection, 5);
  iterate ();
  id = wsd_details_pane_get_run (wsd_window_get_details_pane (f->window))->id;

  wsd_window_refresh (f->window);
  iterate ();
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 5);
  g_assert_cmpint (wsd_details_pane_get_run (wsd_window_get_details_pane (f->window))->id, ==, id);

  /* A filter that keeps the run keeps it selected, wherever it moves. */
  wsd_window_sort_by (f->window, WSD_RUN_SORT_STARTED, FALSE);
  {
    g_autoptr(WsdRunItem) item = gtk_single_selection_get_selected_item (selection)
                                 ? g_object_ref (gtk_single_selection_get_selected_item (selection)) : NULL;
    g_assert_nonnull (item);
    g_assert_cmpint (wsd_run_item_get_id (item), ==, id);
  }

  /* With the id list read by a worker (as for a million runs), the run is
   * selected again once the list is there, and the details never leave it. */
  {
    WsdRunListModel *model = wsd_window_get_run_model (f->window);
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    g_autoptr(WsdRunItem) item = NULL;

    wsd_run_list_model_set_sync_limit (model, 0);
    wsd_window_sort_by (f->window, WSD_RUN_SORT_RESULT, TRUE);
    g_assert_true (wsd_run_list_model_is_loading (model));
    g_assert_cmpint (wsd_details_pane_get_run (wsd_window_get_details_pane (f->window))->id, ==, id);
    while (wsd_run_list_model_is_loading (model) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    iterate ();
    item = gtk_single_selection_get_selected_item (selection)
           ? g_object_ref (gtk_single_selection_get_selected_item (selection)) : NULL;
    g_assert_nonnull (item);
    g_assert_cmpint (wsd_run_item_get_id (item), ==, id);
    g_assert_cmpint (wsd_details_pane_get_run (wsd_window_get_details_pane (f->window))->id, ==, id);
  }
}

static void
test_empty_state (Fixture *f, gconstpointer data)
{
  g_assert_cmpstr (wsd_window_get_visible_page (f->window), ==, "empty");
  g_assert_cmpuint (n_rows (f), ==, 0);
}

static void
wait_import (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (wsd_window_is_importing (f->window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (wsd_window_is_importing (f->window));
  iterate ();
}

static void
test_import (Fixture *f, gconstpointer data)
{
  g_autofree char *log = g_test_build_filename (G_TEST_DIST, "data", "SoftwareDistribution.log", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_cmpstr (wsd_window_get_visible_page (f->window), ==, "empty");
  g_ptr_array_add (files, g_file_new_for_path (log));
  wsd_window_import_files (f->window, files);
  g_assert_true (wsd_window_is_importing (f->window));
  wait_import (f);

  /* The same path the chooser and drag and drop take: the list refreshes. */
  g_assert_cmpstr (wsd_window_get_visible_page (f->window), !=, "empty");
  wsd_window_select_page (f->window, WSD_TREE_PAGE_RUNS, NULL);
  iterate ();
  g_assert_cmpuint (n_rows (f), >=, 2);
  g_assert_cmpuint (n_rows (f), ==, store_count (f, NULL, WSD_RESULT_UNKNOWN, FALSE));
  {
    /* Importing it again adds nothing. */
    guint before = n_rows (f);
    wsd_window_import_files (f->window, files);
    wait_import (f);
    g_assert_cmpuint (n_rows (f), ==, before);
  }
}

static void
test_import_error (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (files, g_file_new_for_path ("/nonexistent/SoftwareDistribution.log"));
  wsd_window_import_files (f->window, files);
  wait_import (f);
  /* Nothing stored; the window still shows its empty state. */
  g_assert_cmpstr (wsd_window_get_visible_page (f->window), ==, "empty");
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      gtk_window_destroy (l->data);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func, empty) \
  g_test_add (path, Fixture, GINT_TO_POINTER (empty), fixture_setup, func, fixture_teardown)
  ADD ("/window/opens-on-fixture", test_opens, FALSE);
  ADD ("/window/failed-run-details", test_failed_run_details, FALSE);
  ADD ("/window/filter-and-sort", test_filter_and_sort, FALSE);
  ADD ("/window/period", test_period, FALSE);
  ADD ("/window/refresh-keeps-selection", test_refresh_keeps_selection, FALSE);
  ADD ("/window/empty-state", test_empty_state, TRUE);
  ADD ("/window/import", test_import, TRUE);
  ADD ("/window/import-error", test_import_error, TRUE);
#undef ADD
  return g_test_run ();
}
