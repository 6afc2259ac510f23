/* wsd-store.h: the durable synchronization history (sqlite3).
 *
 * One WsdStore is one sqlite connection; use one per thread. Several
 * connections (the window's reader and an import thread) may use the same
 * file at once: the database runs in WAL mode with a busy timeout, so
 * readers never see "database is locked".
 *
 * Schema is versioned with PRAGMA user_version and migrated forward on
 * open. An import is one transaction: all of it or nothing.
 */
#pragma once

#include <gio/gio.h>
#include "wsd-import-batch.h"
#include "wsd-finding.h"
#include "wsd-probe-result.h"

G_BEGIN_DECLS

#define WSD_TYPE_STORE (wsd_store_get_type ())
G_DECLARE_FINAL_TYPE (WsdStore, wsd_store, WSD, STORE, GObject)

/* The schema version this build writes. */
#define WSD_STORE_SCHEMA_VERSION 1

/* Opens (creating and migrating) the database at @path; NULL = in memory. */
WsdStore   *wsd_store_open          (const char *path, GError **error);
/* $XDG_DATA_HOME/wsus-sync-doctor/history.sqlite3 */
char       *wsd_store_default_path  (void);
const char *wsd_store_get_path      (WsdStore *self);   /* NULL when in memory */
int         wsd_store_get_schema_version (WsdStore *self);

typedef struct {
  guint sources_new;       /* sources not seen before */
  guint sources_skipped;   /* same fingerprint already imported */
  guint runs_added;
  guint runs_merged;       /* an existing run got more evidence/facts */
  guint evidence_added;
  guint servers_added;
} WsdImportStats;

/* Writes @batch in one transaction. Sources whose fingerprint was imported
 * before are skipped; runs are merged with stored runs of the same server
 * (same history id, or start times within WSD_RUN_MATCH_TOLERANCE) so the
 * same sync seen in a log, an event export and a history row is one run.
 * Loose evidence is attached to the run it belongs to by time (KB rule 7).
 * On error nothing is written. */
gboolean    wsd_store_import_batch  (WsdStore        *self,
                                     WsdImportBatch  *batch,
                                     WsdImportStats  *out_stats,
                                     GError         **error);

#define WSD_RUN_MATCH_TOLERANCE (120 * G_USEC_PER_SEC)

/* Servers with facts (updates are not loaded; see wsd_store_get_server). */
GPtrArray  *wsd_store_list_servers  (WsdStore *self, GError **error);   /* WsdServer* */
/* Full server including updates list; NULL + WSD_ERROR_NOT_FOUND when absent. */
WsdServer  *wsd_store_get_server    (WsdStore *self, const char *name, GError **error);

typedef enum {
  WSD_RUN_SORT_STARTED = 0,
  WSD_RUN_SORT_FINISHED,
  WSD_RUN_SORT_TYPE,
  WSD_RUN_SORT_RESULT,
  WSD_RUN_SORT_NEW,
  WSD_RUN_SORT_REVISED,
  WSD_RUN_SORT_EXPIRED,
  WSD_RUN_SORT_DIAGNOSIS,
  WSD_RUN_SORT_SERVER,
} WsdRunSort;

typedef struct {
  const char *server;       /* NULL = all servers */
  WsdResult   result;       /* WSD_RESULT_UNKNOWN = any */
  gboolean    failed_only;  /* failed or canceled */
  gint64      since;        /* µs UTC, 0 = no bound */
  gint64      until;        /* µs UTC, 0 = no bound */
  const char *search;       /* substring of error text, error name, diagnosis; NULL = none */
  WsdRunSort  sort;
  gboolean    descending;
  guint       offset;
  guint       limit;        /* 0 = no limit */
  gboolean    with_evidence;/* load evidence and update errors too */
} WsdRunQuery;

void        wsd_run_query_init      (WsdRunQuery *query);   /* sort by started, ascending */

/* Runs matching @query (sorting, filtering and paging happen in sqlite). */
GPtrArray  *wsd_store_list_runs     (WsdStore *self, const WsdRunQuery *query, GError **error);
gint64      wsd_store_count_runs    (WsdStore *self, const WsdRunQuery *query, GError **error);
/* One run with its evidence and update errors. */
WsdRun     *wsd_store_get_run       (WsdStore *self, gint64 run_id, GError **error);

/* Cached top finding of each run, so the list can show and sort by it. */
gboolean    wsd_store_set_diagnosis (WsdStore *self, gint64 run_id,
                                     const char *rule, const char *title, GError **error);
const char *wsd_store_get_diagnosis_title (WsdStore *self, gint64 run_id); /* may return NULL */

/* Probe results, newest last. */
gboolean        wsd_store_add_probe_result    (WsdStore *self, WsdProbeResult *result, GError **error);
WsdProbeResult *wsd_store_latest_probe_result (WsdStore *self, const char *server, GError **error);
GPtrArray      *wsd_store_list_probe_results  (WsdStore *self, const char *server, GError **error);

typedef struct {
  char   *path;
  char   *format;
  char   *fingerprint;
  gint64  imported;         /* µs UTC */
  guint   records;
} WsdImportRecord;
void        wsd_import_record_free  (WsdImportRecord *record);
GPtrArray  *wsd_store_list_imports  (WsdStore *self, GError **error);

G_END_DECLS
