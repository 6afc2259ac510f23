/* wsd-run-list-model.c: the synchronization list as a lazy GListModel. */
#include "wsd-config.h"

#include "wsd-run-item.h"
#include "wsd-run-list-model.h"

/* Pages kept: enough for a tall window plus a screen of scrolling each way. */
#define N_CACHED_PAGES 8

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
};

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

  self->n_page_fetches++;
  start = index * WSD_RUN_LIST_PAGE_SIZE;
  if (self->ids == NULL || start >= self->ids->len)
    return NULL;
  runs = wsd_store_get_runs (self->store, &g_array_index (self->ids, gint64, start),
                             MIN (WSD_RUN_LIST_PAGE_SIZE, self->ids->len - start), FALSE, &error);
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
  GPtrArray *runs;
  guint in_page = position % WSD_RUN_LIST_PAGE_SIZE;
  const WsdRun *run;

  if (position >= self->n_items)
    return NULL;
  runs = get_page (self, position / WSD_RUN_LIST_PAGE_SIZE);
  if (runs == NULL || in_page >= runs->len)
    return NULL;
  run = g_ptr_array_index (runs, in_page);
  return wsd_run_item_new (run, wsd_store_get_diagnosis_title (self->store, run->id));
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

  drop_pages (self);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (wsd_run_list_model_parent_class)->finalize (object);
}

static void
wsd_run_list_model_class_init (WsdRunListModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wsd_run_list_model_finalize;
}

static void
wsd_run_list_model_init (WsdRunListModel *self)
{
  wsd_run_query_init (&self->query);
  for (guint i = 0; i < N_CACHED_PAGES; i++)
    self->pages[i].index = G_MAXUINT;
}

/* The ids of every matching run, in order, read from an index: deep
 * pages then cost what the first page costs. */
static guint
count_rows (WsdRunListModel *self)
{
  GError *error = NULL;

  g_clear_pointer (&self->ids, g_array_unref);
  self->ids = wsd_store_list_run_ids (self->store, &self->query, &error);
  set_error (self, error);
  return self->ids != NULL ? self->ids->len : 0;
}

WsdRunListModel *
wsd_run_list_model_new (WsdStore *store)
{
  WsdRunListModel *self;

  g_return_val_if_fail (WSD_IS_STORE (store), NULL);

  self = g_object_new (WSD_TYPE_RUN_LIST_MODEL, NULL);
  self->store = g_object_ref (store);
  self->n_items = count_rows (self);
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
  guint old_n, new_n;

  g_return_if_fail (WSD_IS_RUN_LIST_MODEL (self));

  old_n = self->n_items;
  drop_pages (self);
  new_n = count_rows (self);

  /* Two steps: GTK 4.8's list views look for each removed row's item
   * among the added ones (get_item() over the whole new list); with the
   * old rows gone first there is nothing to look for. The model reads
   * empty in between, as the first signal says. */
  if (old_n > 0)
    {
      self->n_items = 0;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
    }
  self->n_items = new_n;
  if (new_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, new_n);
}

void
wsd_run_list_model_set_query (WsdRunListModel *self, const WsdRunQuery *query)
{
  g_return_if_fail (WSD_IS_RUN_LIST_MODEL (self));
  g_return_if_fail (query != NULL);

  g_free (self->server);
  g_free (self->search);
  self->server = g_strdup (query->server);
  self->search = (query->search != NULL && *query->search != '\0') ? g_strdup (query->search) : NULL;
  self->query = *query;
  self->query.server = self->server;
  self->query.search = self->search;
  self->query.offset = 0;
  self->query.limit = 0;
  self->query.with_evidence = FALSE;
  wsd_run_list_model_refresh (self);
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

  for (guint i = 0; self->ids != NULL && i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == run_id)
      return i;
  return G_MAXUINT;
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
