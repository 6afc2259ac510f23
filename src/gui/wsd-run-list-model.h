/* wsd-run-list-model.h: the synchronization list as a lazy GListModel.
 *
 * Sorting, filtering and paging happen in sqlite (WsdRunQuery): the model
 * holds the matching run ids in order (read from an index, 8 bytes a run),
 * keeps a few pages of runs, and makes a WsdRunItem when a row is asked
 * for. A million stored runs cost an id list and the pages on screen,
 * never an object per run.
 *
 * A long id list is read by a worker thread on its own connection: a new
 * query counts its rows (a sort keeps the count), reads the first pages
 * with LIMIT/OFFSET and signals at once; deeper rows are placeholders
 * until the list arrives, then signalled again. A newer query cancels an
 * older read. The main thread never reads the whole list. */
#pragma once

#include <gio/gio.h>
#include "wsd-store.h"

G_BEGIN_DECLS

#define WSD_TYPE_RUN_LIST_MODEL (wsd_run_list_model_get_type ())
G_DECLARE_FINAL_TYPE (WsdRunListModel, wsd_run_list_model, WSD, RUN_LIST_MODEL, GObject)

#define WSD_RUN_LIST_PAGE_SIZE 100
/* Matching runs up to which the id list is read at once (a few ms). */
#define WSD_RUN_LIST_SYNC_LIMIT 50000

WsdRunListModel   *wsd_run_list_model_new        (WsdStore *store);
WsdStore          *wsd_run_list_model_get_store  (WsdRunListModel *self);
/* Copies @query (and its strings); counts (unless only the order
 * changed) and signals items-changed. */
void               wsd_run_list_model_set_query  (WsdRunListModel *self, const WsdRunQuery *query);
const WsdRunQuery *wsd_run_list_model_get_query  (WsdRunListModel *self);
/* Drops cached pages and re-counts (after an import). */
void               wsd_run_list_model_refresh    (WsdRunListModel *self);
/* TRUE while a worker reads the id list (property "loading"). */
gboolean           wsd_run_list_model_is_loading (WsdRunListModel *self);
/* Position of the run with @run_id, or GTK_INVALID_LIST_POSITION
 * (G_MAXUINT); while loading only the rows already read are known. */
guint              wsd_run_list_model_find       (WsdRunListModel *self, gint64 run_id);
/* The error of the last count or page query, NULL when it worked. */
const GError      *wsd_run_list_model_get_error  (WsdRunListModel *self);
/* Changes WSD_RUN_LIST_SYNC_LIMIT for this model (tests use 0 to take the
 * worker's path on a small store); applies from the next query. */
void               wsd_run_list_model_set_sync_limit (WsdRunListModel *self, guint n_runs);
/* Page queries run so far (tests and benchmarks). */
guint              wsd_run_list_model_get_n_page_fetches (WsdRunListModel *self);
/* Time spent in get_item() so far, and the longest single call, in µs
 * (benchmarks: the model's share of a frame). */
gint64             wsd_run_list_model_get_busy_usec      (WsdRunListModel *self);
gint64             wsd_run_list_model_get_longest_usec   (WsdRunListModel *self);

G_END_DECLS
