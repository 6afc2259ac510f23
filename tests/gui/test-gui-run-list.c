/* test-gui-run-list.c: the lazy run list when a worker reads its id list.
 *
 * The sync limit is set to 0 so a small store takes the path a million
 * runs take: count, first pages by OFFSET, placeholders deeper down, the
 * id list from a worker thread, and a newer query cancelling an older one. */
#include "wsd-config.h"

#include <glib/gstdio.h>

#include "wsd-gui-fixture.h"
#include "wsd-run-item.h"
#include "wsd-run-list-model.h"

#define DAYS 300   /* three servers: about 1,000 runs, deeper than the OFFSET pages */

typedef struct {
  char            *dir;
  char            *path;
  WsdStore        *store;
  WsdRunListModel *model;
  GArray          *changes;   /* guint triples: position, removed, added */
  guint            loading_notifies;
} Fixture;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, Fixture *f)
{
  guint change[3] = { position, removed, added };

  g_array_append_vals (f->changes, change, 3);
}

static void
on_loading (GObject *model, GParamSpec *pspec, Fixture *f)
{
  f->loading_notifies++;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("wsd-gui-run-list-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "history.sqlite3", NULL);
  wsd_gui_fixture_make_store (f->path, g_get_real_time (), DAYS, &error);
  g_assert_no_error (error);
  f->store = wsd_store_open (f->path, &error);
  g_assert_no_error (error);
  f->model = wsd_run_list_model_new (f->store);
  wsd_run_list_model_set_sync_limit (f->model, 0);
  f->changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (f->model, "items-changed", G_CALLBACK (on_items_changed), f);
  g_signal_connect (f->model, "notify::loading", G_CALLBACK (on_loading), f);
}

static void
wait_loaded (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (wsd_run_list_model_is_loading (f->model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (wsd_run_list_model_is_loading (f->model));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  wait_loaded (f);
  g_clear_object (&f->model);
  g_clear_object (&f->store);
  g_array_unref (f->changes);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (f->path, suffixes[i], NULL);
      g_remove (file);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static GArray *
expected_ids (Fixture *f, const WsdRunQuery *query)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = wsd_store_list_run_ids (f->store, query, &error);

  g_assert_no_error (error);
  return ids;
}

static gint64
id_at (Fixture *f, guint position)
{
  g_autoptr(WsdRunItem) item = g_list_model_get_item (G_LIST_MODEL (f->model), position);

  g_assert_nonnull (item);
  return wsd_run_item_get_id (item);
}

static void
test_sort_in_background (Fixture *f, gconstpointer data)
{
  WsdRunQuery query;
  g_autoptr(GArray) ids = NULL;
  guint n, deep;
  gboolean signalled = FALSE;

  wsd_run_query_init (&query);
  query.sort = WSD_RUN_SORT_FINISHED;
  query.descending = TRUE;
  ids = expected_ids (f, &query);
  n = ids->len;
  g_assert_cmpuint (n, >, 8 * WSD_RUN_LIST_PAGE_SIZE);
  deep = n - 7;

  wsd_run_list_model_set_query (f->model, &query);
  g_assert_true (wsd_run_list_model_is_loading (f->model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, n);
  /* The first pages are there at once, in the new order. */
  g_assert_cmpint (id_at (f, 0), ==, g_array_index (ids, gint64, 0));
  g_assert_cmpint (id_at (f, 4 * WSD_RUN_LIST_PAGE_SIZE + 99), ==,
                   g_array_index (ids, gint64, 4 * WSD_RUN_LIST_PAGE_SIZE + 99));
  /* Deeper rows wait for the id list. */
  {
    g_autoptr(WsdRunItem) item = g_list_model_get_item (G_LIST_MODEL (f->model), deep);
    g_assert_true (wsd_run_item_is_placeholder (item));
  }
  g_assert_cmpuint (wsd_run_list_model_find (f->model, g_array_index (ids, gint64, 3)), ==, 3);
  g_assert_cmpuint (wsd_run_list_model_find (f->model, g_array_index (ids, gint64, deep)), ==, G_MAXUINT);

  g_array_set_size (f->changes, 0);
  wait_loaded (f);
  g_assert_null (wsd_run_list_model_get_error (f->model));
  /* The placeholder's page is signalled again, as itself. */
  for (guint i = 0; i < f->changes->len; i += 3)
    {
      guint *c = &g_array_index (f->changes, guint, i);
      if (c[0] == deep / WSD_RUN_LIST_PAGE_SIZE * WSD_RUN_LIST_PAGE_SIZE && c[1] == c[2] && c[1] > 0)
        signalled = TRUE;
    }
  g_assert_true (signalled);
  g_assert_cmpint (id_at (f, deep), ==, g_array_index (ids, gint64, deep));
  g_assert_cmpuint (wsd_run_list_model_find (f->model, g_array_index (ids, gint64, deep)), ==, deep);
  for (guint i = 0; i < n; i += 37)
    g_assert_cmpint (id_at (f, i), ==, g_array_index (ids, gint64, i));
}

static void
test_newer_query_wins (Fixture *f, gconstpointer data)
{
  WsdRunQuery query;
  g_autoptr(GArray) ids = NULL;

  wsd_run_query_init (&query);
  query.sort = WSD_RUN_SORT_TYPE;
  wsd_run_list_model_set_query (f->model, &query);
  query.sort = WSD_RUN_SORT_NEW;
  query.descending = TRUE;
  wsd_run_list_model_set_query (f->model, &query);
  f->loading_notifies = 0;
  wait_loaded (f);
  /* One read finished (the newer); the older one's result was dropped. */
  g_assert_cmpuint (f->loading_notifies, ==, 1);

  ids = expected_ids (f, &query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, ids->len);
  for (guint i = 0; i < ids->len; i += 13)
    g_assert_cmpint (id_at (f, i), ==, g_array_index (ids, gint64, i));
}

static void
test_filter_counts_first (Fixture *f, gconstpointer data)
{
  WsdRunQuery query;
  g_autoptr(GArray) ids = NULL;

  wsd_run_query_init (&query);
  query.failed_only = TRUE;
  query.descending = TRUE;
  ids = expected_ids (f, &query);
  g_assert_cmpuint (ids->len, >, 0);

  wsd_run_list_model_set_query (f->model, &query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, ids->len);
  g_assert_cmpint (id_at (f, 0), ==, g_array_index (ids, gint64, 0));
  wait_loaded (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, ids->len);
  g_assert_cmpint (id_at (f, ids->len - 1), ==, g_array_index (ids, gint64, ids->len - 1));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/run-list/sort-in-background", test_sort_in_background);
  ADD ("/run-list/newer-query-wins", test_newer_query_wins);
  ADD ("/run-list/filter-counts-first", test_filter_counts_first);
#undef ADD
  return g_test_run ();
}
