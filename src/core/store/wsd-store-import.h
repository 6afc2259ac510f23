/* wsd-store-import.h: state of one import, shared by wsd-store-import.c
 * (sources, servers, runs) and wsd-store-evidence.c (records, loose
 * records and their attachment to runs). Private to the store. */
#pragma once

#include "wsd-store-private.h"

G_BEGIN_DECLS

typedef struct {
  WsdStore       *self;
  WsdImportBatch *batch;
  WsdImportStats  stats;
  GHashTable     *server_ids;     /* name → gint64* */
  GHashTable     *path_ids;       /* path → gint64* */
  GHashTable     *new_runs_from;
  GHashTable     *changed_runs;   /* gint64* run ids whose cached diagnosis is stale */  /* gint64* server id → gint64* earliest new run start */
} WsdStoreImport;

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

G_END_DECLS
