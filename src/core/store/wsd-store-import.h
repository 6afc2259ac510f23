/* wsd-store-import.h: state of one import, shared by wsd-store-import.c
 * (sources, servers, runs) and wsd-store-evidence.c (records, loose
 * records and their attachment to runs). Private to the store. */
#pragma once

#include "wsd-store-private.h"
#include "wsd-run-merger.h"

G_BEGIN_DECLS

typedef struct {
  WsdStore       *self;
  WsdImportBatch *batch;
  WsdImportStats  stats;
  GHashTable     *server_ids;     /* name → gint64* */
  GHashTable     *path_ids;       /* path → gint64* */
  GHashTable     *new_runs_from;
  GHashTable     *changed_runs;   /* gint64* run ids whose cached diagnosis is stale */  /* gint64* server id → gint64* earliest new run start */
  gboolean        moved_unnamed;  /* runs left the placeholder server */
} WsdStoreImport;

/* The id @select_sql (one text parameter) gives for @value; when there is
 * none and @insert_sql is not NULL, inserts @value with it and sets
 * *out_added. *out_id is 0 when nothing was found nor inserted. */
gboolean wsd_store_import_find_or_add_id       (WsdStore *self, const char *select_sql, const char *insert_sql,
                                                const char *value, gint64 *out_id, gboolean *out_added,
                                                GError **error);
gboolean wsd_store_import_lookup_path          (WsdStoreImport *import, const char *path, gboolean create,
                                                gint64 *out_id, GError **error);
gboolean wsd_store_import_store_evidence       (WsdStoreImport *import, gint64 server_id, gint64 run_id,
                                                gboolean loose, const WsdEvidence *evidence,
                                                gboolean *out_added, GError **error);
gboolean wsd_store_import_store_update_error   (WsdStoreImport *import, gint64 run_id, const WsdUpdateError *ue,
                                                gboolean *out_added, GError **error);
gboolean wsd_store_import_find_owner           (WsdStoreImport *import, gint64 server_id, gint64 time,
                                                gint64 *out_run_id, GError **error);
gboolean wsd_store_import_reattach_loose       (WsdStoreImport *import, gint64 server_id, gint64 from,
                                                GError **error);
gboolean wsd_store_import_store_loose_evidence (WsdStoreImport *import, GError **error);
void     wsd_store_import_note_changed         (WsdStoreImport *import, gint64 run_id);
gboolean wsd_store_import_ensure_server        (WsdStoreImport *import, const char *name, gint64 *out_id,
                                                GError **error);

void     wsd_store_import_note_run_start       (WsdStoreImport *import, gint64 server_id, gint64 started);
gboolean wsd_store_import_update_run           (WsdStoreImport *import, const WsdRun *run, GError **error);
/* The stored run of @server_id that @group is the same sync as, or NULL. */
gboolean wsd_store_import_find_stored_run      (WsdStoreImport *import, gint64 server_id, const WsdRunGroup *group,
                                                WsdRun **out_run, GError **error);

/* wsd-store-unnamed.c: runs of the placeholder server (a loose log read
 * without --server) and the same syncs of a named server. */
gboolean wsd_store_import_group_server          (WsdStoreImport *import, const WsdRunGroup *group,
                                                gint64 *out_server_id, GError **error);
gboolean wsd_store_import_absorb_unnamed       (WsdStoreImport *import, gint64 server_id, const WsdRunGroup *group,
                                                WsdRun **inout_stored, gboolean *inout_changed, GError **error);
gboolean wsd_store_import_drop_empty_unnamed   (WsdStoreImport *import, GError **error);

G_END_DECLS
