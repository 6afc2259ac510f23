/* wsd-run-list-model.c: the synchronization list as a lazy GListModel. */
#include "wsd-config.h"

#include "wsd-run-item.h"
#include "wsd-run-list-model.h"

/* Pages kept: enough for a tall window plus a screen of scrolling each way. */
#define N_CACHED_PAGES 8
/* While the id list loads, pages this near the top are read with OFFSET
 * (microseconds); deeper OFFSET reads cost tens of ms, so those rows wait
 * for the list as placeholders. */
#define N_OFFSET_PAGES 5

typedef struct {
  guint      index;     /* page number; G_MAXUINT = empty slot */
  guint64    used;      /* LRU stamp */
  GPtrArray *runs;      /* WsdRun* */
} Page;

struct _WsdRunListModel
{
  GObject     parent_instance;
  WsdStore   *store;
  WsdRunQuery query;
  char       *server;   /* owned copies of the query's strings */
  char       *search;
  guint       n_items;
  GArray     *ids;      /* gint64 run ids in list order: 8 bytes a run */
  Page        pages[N_CACHED_PAGES];
  guint64     clock;
  guint       n_page_fetches;
  GError     *error;
  guint       sync_limit;
  GCancellable *loading;      /* set while a worker reads the id list */
  GHashTable *placeholder_pages; /* pages handed out as placeholders */
  gint64      busy_usec;
  gint64      longest_usec;
};

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WsdRunListModel, wsd_run_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
drop_pages (WsdRunListModel *self)
{
  for (guint i = 0; i < N_CACHED_PAGES; i++)
    {
      self->pages[i].index = G_MAXUINT;
      g_clear_pointer (&self->pages[i].runs, g_ptr_array_unref);
    }
}

static void
set_error (WsdRunListModel *self, GError *error)
{
  g_clear_error (&self->error);
  self->error = error;
  if (error != NULL)
    g_debug ("run list: %s", error->message);
}

static GPtrArray *
get_page (WsdRunListModel *self, guint index)
{
  Page *victim = &self->pages[0];
  GError *error = NULL;
  guint start;
  GPtrArray *runs;

  for (guint i = 0; i < N_CACHED_PAGES; i++)
    {
      if (self->pages[i].index == index)
        {
          self->pages[i].used = ++self->clock;
          return self->pages[i].runs;
        }
      if (self->pages[i].used < victim->used)
        victim = &self->pages[i];
    }

  start = index * WSD_RUN_LIST_PAGE_SIZE;
  if (self->ids != NULL)
    {
      if (start >= self->ids->len)
        return NULL;
      self->n_page_fetches++;
      runs = wsd_store_get_runs (self->store, &g_array_index (self->ids, gint64, start),
                                 MIN (WSD_RUN_LIST_PAGE_SIZE, self->ids->len - start), FALSE, &error);
    }
  else if (index < N_OFFSET_PAGES)
    {
      WsdRunQuery page_query = self->query;

      self->n_page_fetches++;
      page_query.offset = start;
      page_query.limit = WSD_RUN_LIST_PAGE_SIZE;
      runs = wsd_store_list_runs (self->store, &page_query, &error);
    }
  else
    return NULL;
  set_error (self, error);
  if (runs == NULL)
    return NULL;

  g_clear_pointer (&victim->runs, g_ptr_array_unref);
  victim->index = index;
  victim->used = ++self->clock;
  victim->runs = runs;
  return runs;
}

static GType
wsd_run_list_model_get_item_type (GListModel *model)
{
  return WSD_TYPE_RUN_ITEM;
}

static guint
wsd_run_list_model_get_n_items (GListModel *model)
{
  return WSD_RUN_LIST_MODEL (model)->n_items;
}

static gpointer
wsd_run_list_model_get_item (GListModel *model, guint position)
{
  WsdRunListModel *self = WSD_RUN_LIST_MODEL (model);
  guint page = position / WSD_RUN_LIST_PAGE_SIZE;
  guint in_page = position % WSD_RUN_LIST_PAGE_SIZE;
  gint64 started = g_get_monotonic_time ();
  GPtrArray *runs;
  WsdRunItem *item = NULL;

  if (position >= self->n_items)
    return NULL;
  runs = get_page (self, page);
  if (runs != NULL && in_page < runs->len)
    {
      const WsdRun *run = g_ptr_array_index (runs, in_page);
      item = wsd_run_item_new (run, wsd_store_get_diagnosis_title (self->store, run->id));
    }
  else if (self->ids == NULL)
    {
      /* Signalled again once the id list is there. */
      g_hash_table_add (self->placeholder_pages, GUINT_TO_POINTER (page));
      item = wsd_run_item_new_placeholder ();
    }
  started = g_get_monotonic_time () - started;
  self->busy_usec += started;
  self->longest_usec = MAX (self->longest_usec, started);
  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = wsd_run_list_model_get_item_type;
  iface->get_n_items = wsd_run_list_model_get_n_items;
  iface->get_item = wsd_run_list_model_get_item;
}

static void
wsd_run_list_model_finalize (GObject *object)
{
  WsdRunListModel *self = WSD_RUN_LIST_MODEL (object);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_pointer (&self->placeholder_pages, g_hash_table_unref);
  drop_pages (self);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (wsd_run_list_model_parent_class)->finalize (object);
}

static void
wsd_run_list_model_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WsdRunListModel *self = WSD_RUN_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING: g_value_set_boolean (value, self->loading != NULL); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wsd_run_list_model_class_init (WsdRunListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wsd_run_list_model_finalize;
  object_class->get_property = wsd_run_list_model_get_property;
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wsd_run_list_model_init (WsdRunListModel *self)
{
  wsd_run_query_init (&self->query);
  self->sync_limit = WSD_RUN_LIST_SYNC_LIMIT;
  self->placeholder_pages = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < N_CACHED_PAGES; i++)
    self->pages[i].index = G_MAXUINT;
}

/* ---- the id list ---------------------------------------------------- */

typedef struct {
  char       *path;
  WsdRunQuery query;
  char       *server;
  char       *search;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_free (data->server);
  g_free (data->search);
  g_free (data);
}

/* Its own connection: the main thread's is not for sharing, and WAL lets
 * both read at once. */
static void
load_ids_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = wsd_store_open (data->path, &error);
  GArray *ids = NULL;

  if (store != NULL)
    {
      wsd_store_set_cancellable (store, cancellable);
      ids = wsd_store_list_run_ids (store, &data->query, &error);
    }
  if (ids == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

/* Old rows gone first, then the new ones. GTK 4.8's list views look for
 * each removed row's item among the added ones (get_item() over the whole
 * new list); with the old rows gone first there is nothing to look for.
 * The model reads empty in between, as the first signal says. */
static void
replace_all_rows (WsdRunListModel *self, guint old_n, guint new_n)
{
  if (old_n > 0)
    {
      self->n_items = 0;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
    }
  self->n_items = new_n;
  if (new_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, new_n);
}

static void
on_ids_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  WsdRunListModel *self = WSD_RUN_LIST_MODEL (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GHashTable) placeholders = NULL;
  GHashTableIter iter;
  gpointer page;

  /* A newer query cancelled this one and started its own. */
  if (g_task_get_cancellable (G_TASK (result)) != self->loading)
    return;
  g_clear_object (&self->loading);
  placeholders = g_steal_pointer (&self->placeholder_pages);
  self->placeholder_pages = g_hash_table_new (NULL, NULL);

  if (ids == NULL)
    set_error (self, g_steal_pointer (&error));
  else if (ids->len != self->n_items)
    {
      /* An import landed between the count and the list. */
      drop_pages (self);
      self->ids = g_steal_pointer (&ids);
      replace_all_rows (self, self->n_items, self->ids->len);
    }
  else
    {
      self->ids = g_steal_pointer (&ids);
      g_hash_table_iter_init (&iter, placeholders);
      while (g_hash_table_iter_next (&iter, &page, NULL))
        {
          guint start = GPOINTER_TO_UINT (page) * WSD_RUN_LIST_PAGE_SIZE;
          guint n = MIN (WSD_RUN_LIST_PAGE_SIZE, self->n_items - start);

          g_list_model_items_changed (G_LIST_MODEL (self), start, n, n);
        }
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
start_loading (WsdRunListModel *self)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data = g_new0 (LoadData, 1);

  data->path = g_strdup (wsd_store_get_path (self->store));
  data->query = self->query;
  data->server = g_strdup (self->server);
  data->search = g_strdup (self->search);
  data->query.server = data->server;
  data->query.search = data->search;

  self->loading = g_cancellable_new ();
  task = g_task_new (self, self->loading, on_ids_loaded, NULL);
  g_task_set_source_tag (task, start_loading);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_ids_thread);
}

/* A new query: count (unless @recount is FALSE: the same rows in another
 * order), read the whole id list at once when it is short or the store
 * is in memory, else leave it to a worker; then signal. */
static void
reload (WsdRunListModel *self, gboolean recount)
{
  const char *path = wsd_store_get_path (self->store);
  gboolean was_loading = self->loading != NULL;
  guint old_n = self->n_items;
  guint new_n = old_n;
  GError *error = NULL;

  if (self->loading != NULL)
    {
      g_cancellable_cancel (self->loading);
      g_clear_object (&self->loading);
    }
  g_hash_table_remove_all (self->placeholder_pages);
  drop_pages (self);
  g_clear_pointer (&self->ids, g_array_unref);
  set_error (self, NULL);

  if (recount && path != NULL)
    {
      gint64 n = wsd_store_count_runs (self->store, &self->query, &error);

      set_error (self, error);
      new_n = n > 0 ? (guint) MIN (n, G_MAXUINT - 1) : 0;
    }
  if (path == NULL || new_n <= self->sync_limit || self->error != NULL)
    {
      self->ids = wsd_store_list_run_ids (self->store, &self->query, &error);
      if (error != NULL)
        set_error (self, error);
      new_n = self->ids != NULL ? self->ids->len : 0;
    }
  else
    start_loading (self);

  replace_all_rows (self, old_n, new_n);
  if (was_loading != (self->loading != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

WsdRunListModel *
wsd_run_list_model_new (WsdStore *store)
{
  WsdRunListModel *self;

  g_return_val_if_fail (WSD_IS_STORE (store), NULL);

  self = g_object_new (WSD_TYPE_RUN_LIST_MODEL, NULL);
  self->store = g_object_ref (store);
  reload (self, TRUE);
  return self;
}

WsdStore *
wsd_run_list_model_get_store (WsdRunListModel *self)
{
  g_return_val_if_fail (WSD_IS_RUN_LIST_MODEL (self), NULL);
  return self->store;
}

void
wsd_run_list_model_refresh (WsdRunListModel *self)
{
  g_return_if_fail (WSD_IS_RUN_LIST_MODEL (self));
  reload (self, TRUE);
}

static gboolean
same_rows (const WsdRunQuery *a, const WsdRunQuery *b)
{
  return g_strcmp0 (a->server, b->server) == 0 && a->result == b->result && a->failed_only == b->failed_only
         && a->since == b->since && a->until == b->until && g_strcmp0 (a->search, b->search) == 0
         && a->undiagnosed_only == b->undiagnosed_only;
}

void
wsd_run_list_model_set_query (WsdRunListModel *self, const WsdRunQuery *query)
{
  g_autofree char *old_server = NULL;
  g_autofree char *old_search = NULL;
  WsdRunQuery old;

  g_return_if_fail (WSD_IS_RUN_LIST_MODEL (self));
  g_return_if_fail (query != NULL);

  old = self->query;
  old_server = g_steal_pointer (&self->server);
  old_search = g_steal_pointer (&self->search);
  self->server = g_strdup (query->server);
  self->search = (query->search != NULL && *query->search != '\0') ? g_strdup (query->search) : NULL;
  self->query = *query;
  self->query.server = self->server;
  self->query.search = self->search;
  self->query.offset = 0;
  self->query.limit = 0;
  self->query.with_evidence = FALSE;
  reload (self, self->error != NULL || !same_rows (&old, &self->query));
}

const WsdRunQuery *
wsd_run_list_model_get_query (WsdRunListModel *self)
{
  g_return_val_if_fail (WSD_IS_RUN_LIST_MODEL (self), NULL);
  return &self->query;
}

guint
wsd_run_list_model_find (WsdRunListModel *self, gint64 run_id)
{
  g_return_val_if_fail (WSD_IS_RUN_LIST_MODEL (self), G_MAXUINT);

  if (self->ids == NULL)
    {
      for (guint p = 0; p < N_CACHED_PAGES; p++)
        for (guint i = 0; self->pages[p].runs != NULL && i < self->pages[p].runs->len; i++)
          if (((WsdRun *) g_ptr_array_index (self->pages[p].runs, i))->id == run_id)
            return self->pages[p].index * WSD_RUN_LIST_PAGE_SIZE + i;
      return G_MAXUINT;
    }
  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == run_id)
      return i;
  return G_MAXUINT;
}

gboolean
wsd_run_list_model_is_loading (WsdRunListModel *self)
{
  g_return_val_if_fail (WSD_IS_RUN_LIST_MODEL (self), FALSE);
  return self->loading != NULL;
}

void
wsd_run_list_model_set_sync_limit (WsdRunListModel *self, guint n_runs)
{
  g_return_if_fail (WSD_IS_RUN_LIST_MODEL (self));
  self->sync_limit = n_runs;
}

const GError *
wsd_run_list_model_get_error (WsdRunListModel *self)
{
  g_return_val_if_fail (WSD_IS_RUN_LIST_MODEL (self), NULL);
  return self->error;
}

guint
wsd_run_list_model_get_n_page_fetches (WsdRunListModel *self)
{
  g_return_val_if_fail (WSD_IS_RUN_LIST_MODEL (self), 0);
  return self->n_page_fetches;
}

gint64
wsd_run_list_model_get_busy_usec (WsdRunListModel *self)
{
  g_return_val_if_fail (WSD_IS_RUN_LIST_MODEL (self), 0);
  return self->busy_usec;
}

gint64
wsd_run_list_model_get_longest_usec (WsdRunListModel *self)
{
  g_return_val_if_fail (WSD_IS_RUN_LIST_MODEL (self), 0);
  return self->longest_usec;
}
