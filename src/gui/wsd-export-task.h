/* wsd-export-task.h: writing the HTML report in a thread. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char    *server;     /* NULL = all servers */
  gint64   since;      /* µs UTC, 0 = whole history */
  gboolean redact;
} WsdExportOptions;

/* Progress 0..1 is delivered on the caller's main context. */
typedef void (*WsdExportProgressFunc) (double fraction, gpointer user_data);

void     wsd_export_task_run_async (const char            *store_path,
                                    GFile                 *output,
                                    const WsdExportOptions *options,
                                    GCancellable          *cancellable,
                                    WsdExportProgressFunc  progress,
                                    gpointer               progress_data,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
gboolean wsd_export_task_finish    (GAsyncResult *result, GError **error);

G_END_DECLS
