/* wsd-import-task.h: reading evidence and storing it, in a thread with its
 * own store connection, reporting progress to the main loop. */
#pragma once

#include <gio/gio.h>
#include "wsd-store.h"

G_BEGIN_DECLS

typedef struct {
  guint64 bytes_read;
  guint64 bytes_total;   /* 0 = not known (remote files, folders being walked) */
  guint   runs_read;
  char   *current;       /* the file being read */
} WsdImportTaskProgress;

/* Called on the caller's main context. */
typedef void (*WsdImportTaskProgressFunc) (const WsdImportTaskProgress *progress, gpointer user_data);

typedef struct {
  WsdImportStats stats;
  GPtrArray     *skipped;    /* char*: "path: reason" */
} WsdImportOutcome;

void              wsd_import_outcome_free (WsdImportOutcome *outcome);

/* @uris: char* URIs or paths (smb:// through gvfs works like a local file).
 * The store at @store_path gets the batch in one transaction; on error or
 * cancel nothing is stored. */
void              wsd_import_task_run_async (const char           *store_path,
                                             GPtrArray            *uris,
                                             GCancellable         *cancellable,
                                             WsdImportTaskProgressFunc progress,
                                             gpointer              progress_data,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
WsdImportOutcome *wsd_import_task_finish    (GAsyncResult *result, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdImportOutcome, wsd_import_outcome_free)

G_END_DECLS
