/* wsd-store.h: the durable synchronization history (sqlite3).
 *
 * One WsdStore is one sqlite connection; use one per thread (a WsdStore
 * must not be used by two threads at once). Several connections (the
 * window's reader and an import thread) may use the same file at once:
 * the database runs in WAL mode with a 30 s busy timeout and writers take
 * the write lock up front (BEGIN IMMEDIATE), so neither side sees
 * "database is locked" and readers never wait for an import.
 *
 * Schema is versioned with PRAGMA user_version and migrated forward on
 * open (see wsd-store-schema.c). An import is one transaction: all of it
 * or nothing.
 *
 * Errors: every function that takes a GError sets WSD_ERROR_STORE for a
 * sqlite failure (the message names the database problem) and
 * WSD_ERROR_NOT_FOUND where documented. Returned objects and arrays are
 * new, owned by the caller (free with the type's _free / g_ptr_array_unref
 * / g_array_unref); arrays of pointers carry their free function.
 *
 * Server names: a run or loose record that names no server is filed under
 * the batch's server_override, else under the server "(unnamed)". Names
 * are matched ignoring ASCII case, as Windows does ("WSUS01" is "wsus01").
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
#define WSD_STORE_SCHEMA_VERSION 2

/* Opens (creating and migrating) the database at @path; NULL = in memory
 * (private to this connection: a second WsdStore cannot see it, so a
 * reader and an import thread need a file, e.g. a temporary one for demo
 * data). Creates missing parent folders (0700).
 * Fails with WSD_ERROR_STORE when the file is not a database, cannot be
 * opened, or was written by a newer schema (it is then left untouched). */
WsdStore   *wsd_store_open          (const char *path, GError **error);
/* $XDG_DATA_HOME/wsus-sync-doctor/history.sqlite3 (newly allocated). */
char       *wsd_store_default_path  (void);
const char *wsd_store_get_path      (WsdStore *self);   /* NULL when in memory */
/* PRAGMA user_version of the open database (WSD_STORE_SCHEMA_VERSION after open). */
int         wsd_store_get_schema_version (WsdStore *self);

typedef struct {
  guint sources_new;       /* sources not seen before */
  guint sources_skipped;   /* same fingerprint already imported */
  guint runs_added;
  guint runs_merged;       /* runs of the batch found already stored (merged into them,
                            * whether or not they brought anything new) */
  guint evidence_added;
  guint servers_added;
  guint evidence_unattached; /* loose records stored with no run to belong to (yet) */
} WsdImportStats;

/* Writes @batch in one transaction (BEGIN IMMEDIATE … COMMIT; on any error
 * ROLLBACK: the store is exactly as before, and @out_stats is zeroed).
 * @batch is not modified.
 *
 * - Sources whose fingerprint was imported before are skipped (counted in
 *   sources_skipped); when every source of a batch with sources was
 *   imported before, nothing is written. A source without fingerprint is
 *   never skipped (its records still deduplicate).
 * - Server facts are stored with every member whose name contains
 *   "password" removed; facts collected earlier than the stored ones do
 *   not replace them; an updates list replaces the stored list.
 * - Runs are merged among themselves first, then with stored runs of the
 *   same server: the same history id, or start times within
 *   WSD_RUN_MATCH_TOLERANCE (same type when both know it, overlapping
 *   times, nearest wins; two runs built from the same file are two syncs
 *   unless they share a record) — see wsd-run-merger.h for which values
 *   win. So the same sync seen in a log, an event export and a history
 *   row is one run, and importing the same evidence twice adds nothing.
 * - Runs without a server name (a loose log read without
 *   server_override) go to the placeholder server "(unnamed)", unless
 *   they are the same sync as stored runs of exactly one named server:
 *   they then merge into those. A batch with runs of a named server takes
 *   over the stored placeholder runs that are the same syncs (evidence
 *   and all; the placeholder server goes when nothing is left on it).
 * - Evidence records are stored once per server (line, time, text: the
 *   same record read from a copy of its file under another name is not
 *   stored twice); update errors once per run (update id, revision, error).
 * - Loose evidence (batch->loose_evidence) is attached by time to a run of
 *   its server (KB rule 7): the last run started at or before it, which
 *   owns everything until the next run starts; a record before the first
 *   run goes to that run when it starts within WSD_LOOSE_EVIDENCE_LEAD,
 *   otherwise (or with no time) it is kept unattached
 *   (evidence_unattached) and not shown with any run. Loose records are
 *   re-attached when a later import brings runs they belong to.
 */
gboolean    wsd_store_import_batch  (WsdStore        *self,
                                     WsdImportBatch  *batch,
                                     WsdImportStats  *out_stats,
                                     GError         **error);

#define WSD_RUN_MATCH_TOLERANCE (120 * G_USEC_PER_SEC)
/* How long before a server's first run a loose record may still be its. */
#define WSD_LOOSE_EVIDENCE_LEAD (G_GINT64_CONSTANT (3) * 3600 * G_USEC_PER_SEC)

/* Servers with facts, ordered by name (updates are not loaded: ->updates
 * is NULL; see wsd_store_get_server). */
GPtrArray  *wsd_store_list_servers  (WsdStore *self, GError **error);   /* WsdServer* */
/* Full server including its updates list (NULL when no list was ever
 * imported); NULL + WSD_ERROR_NOT_FOUND when absent. */
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

/* Sort order: the sort column, then started, then id (stable), all in
 * the same direction. TYPE and RESULT sort by their canonical spelling;
 * unknown counts (-1) and missing diagnoses sort first ascending. */
typedef struct {
  const char *server;       /* NULL = all servers */
  WsdResult   result;       /* WSD_RESULT_UNKNOWN = any */
  gboolean    failed_only;  /* failed or canceled */
  gint64      since;        /* µs UTC, 0 = no bound; started >= since */
  gint64      until;        /* µs UTC, 0 = no bound; started < until */
  const char *search;       /* substring (case-insensitive for ASCII, wildcards
                               taken literally) of error text, error name,
                               diagnosis title; NULL/"" = none */
  WsdRunSort  sort;
  gboolean    descending;
  guint       offset;
  guint       limit;        /* 0 = no limit */
  gboolean    with_evidence;/* load evidence and update errors too */
  gboolean    undiagnosed_only; /* runs with no cached diagnosis (see wsd_store_set_diagnosis) */
} WsdRunQuery;

void        wsd_run_query_init      (WsdRunQuery *query);   /* all runs, by started, ascending */

/* Runs matching @query (sorting, filtering and paging happen in sqlite);
 * @query NULL = all runs by start. WsdRun* with ->id and ->server set;
 * evidence and update errors only with query->with_evidence. A page
 * with an offset reads its ids from the sort index first, so a deep page
 * costs no more than wsd_store_list_run_ids() up to it. */
GPtrArray  *wsd_store_list_runs     (WsdStore *self, const WsdRunQuery *query, GError **error);
/* Number of runs matching @query (offset and limit ignored); -1 on error. */
gint64      wsd_store_count_runs    (WsdStore *self, const WsdRunQuery *query, GError **error);
/* One run with its evidence (ordered by time, then line) and update
 * errors; NULL + WSD_ERROR_NOT_FOUND when absent. */
WsdRun     *wsd_store_get_run       (WsdStore *self, gint64 run_id, GError **error);

/* For a lazy list over a million runs: the ids of the runs matching
 * @query in its order (offset/limit honoured), as a GArray of gint64,
 * read from an index (no row is loaded). Fetch the visible rows with
 * wsd_store_get_runs(); OFFSET paging over a deep page reads every row
 * before it, an id list does not. */
GArray     *wsd_store_list_run_ids  (WsdStore *self, const WsdRunQuery *query, GError **error);
/* The runs with @ids, in the order of @ids (ids no longer stored are left
 * out), with evidence and update errors when @with_evidence. */
GPtrArray  *wsd_store_get_runs      (WsdStore      *self,
                                     const gint64  *ids,
                                     guint          n_ids,
                                     gboolean       with_evidence,
                                     GError       **error);

/* At a glance: counts for a status line and the All servers overview. */
typedef struct {
  gint64    runs;
  gint64    failed;          /* failed or canceled */
  gint64    last_run;        /* start of the newest run, µs UTC; 0 = none */
  gint64    last_success;    /* start of the newest succeeded run; 0 = never */
  guint     failure_streak;  /* failed/canceled runs started after last_success */
  WsdResult last_result;     /* result of the newest run; UNKNOWN when none */
} WsdRunSummary;

/* Summary of @server's runs (NULL = all servers). */
gboolean    wsd_store_summarize_runs (WsdStore *self, const char *server,
                                      WsdRunSummary *out_summary, GError **error);

typedef struct {
  gint64    day;             /* µs UTC of the day's local midnight */
  guint     runs;
  guint     failed;          /* failed or canceled */
  WsdResult worst;           /* failed > canceled > running > unknown > succeeded */
} WsdDaySummary;

/* One WsdDaySummary per day that has runs, oldest first, for the timeline
 * strip. Days are local days for @utc_offset (µs east of UTC, e.g.
 * g_date_time_get_utc_offset()); @server NULL = all servers. */
GArray     *wsd_store_list_days     (WsdStore *self, const char *server,
                                     gint64 utc_offset, GError **error);

/* Cached top finding of each run, so the list can show, sort and search
 * by it. @rule/@title NULL clear it. WSD_ERROR_NOT_FOUND when the run is
 * absent. An import clears the cached diagnosis of every stored run it
 * changes (new facts, evidence or update errors, loose records attached
 * or moved): after an import, diagnose the runs a query with
 * failed_only + undiagnosed_only lists. */
gboolean    wsd_store_set_diagnosis (WsdStore *self, gint64 run_id,
                                     const char *rule, const char *title, GError **error);

typedef struct {
  gint64      run_id;
  const char *rule;         /* NULL with title NULL = clear */
  const char *title;
} WsdDiagnosisUpdate;

/* wsd_store_set_diagnosis() for many runs in one transaction (all or
 * nothing); runs no longer stored are skipped. */
gboolean    wsd_store_set_diagnoses (WsdStore *self, const WsdDiagnosisUpdate *updates,
                                     guint n_updates, GError **error);
/* Clears the cached diagnoses of @server's runs (NULL = all), e.g. after
 * new facts or probe results changed what the diagnoser would say. */
gboolean    wsd_store_clear_diagnoses (WsdStore *self, const char *server, GError **error);

/* Stores the incident pass's grouping of a run (WsdRun.incident/attempt;
 * @incident NULL = none). WSD_ERROR_NOT_FOUND when the run is absent. */
gboolean    wsd_store_set_incident  (WsdStore *self, gint64 run_id,
                                     const char *incident, int attempt, GError **error);
/* The cached title, or NULL when none (or no such run). The string is
 * interned (g_intern_string): valid for the life of the process. */
const char *wsd_store_get_diagnosis_title (WsdStore *self, gint64 run_id);

/* Probe results, stored as wsd_probe_result_to_json() text with their
 * server (result->server, NULL = made for no stored server) and start.
 * add sets result->id. latest: the newest for @server (NULL = any
 * server), or NULL with no error when there is none. list: oldest first,
 * @server NULL = all. */
gboolean        wsd_store_add_probe_result    (WsdStore *self, WsdProbeResult *result, GError **error);
WsdProbeResult *wsd_store_latest_probe_result (WsdStore *self, const char *server, GError **error);
GPtrArray      *wsd_store_list_probe_results  (WsdStore *self, const char *server, GError **error);

/* One imported source (a file of a batch). */
typedef struct {
  char   *path;
  char   *format;
  char   *fingerprint;
  gint64  imported;         /* µs UTC */
  guint   records;
  gint64  size;             /* bytes read */
} WsdImportRecord;
void        wsd_import_record_free  (WsdImportRecord *record);
/* WsdImportRecord*, oldest import first. */
GPtrArray  *wsd_store_list_imports  (WsdStore *self, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdImportRecord, wsd_import_record_free)

G_END_DECLS
