/* wsd-report-writer.h: the diagnosis as one self-contained HTML file
 * (inline CSS and SVG, no script, a Content-Security-Policy that forbids
 * every request, every piece of evidence text escaped). */
#pragma once

#include <gio/gio.h>
#include "wsd-analysis.h"

G_BEGIN_DECLS

typedef struct {
  gboolean    redact;   /* mask host, domain and user names and addresses */
  const char *title;    /* NULL = "WSUS synchronization report" */
} WsdReportOptions;

/* Streams the report to @stream (not closed). */
gboolean wsd_report_write        (const WsdAnalysis       *analysis,
                                  const WsdReportOptions  *options,
                                  GOutputStream           *stream,
                                  GCancellable            *cancellable,
                                  GError                 **error);

/* Writes the report to @path atomically: a temporary file in the same
 * folder, flushed to disk and renamed into place. On failure no report and
 * no temporary file is left behind and an existing @path is untouched. */
gboolean wsd_report_write_file   (const WsdAnalysis       *analysis,
                                  const WsdReportOptions  *options,
                                  const char              *path,
                                  GCancellable            *cancellable,
                                  GError                 **error);

/* wsd_report_write_file() in a worker thread. @analysis must stay alive
 * and unchanged until @callback runs. */
void     wsd_report_write_file_async  (const WsdAnalysis       *analysis,
                                       const WsdReportOptions  *options,
                                       const char              *path,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data);
gboolean wsd_report_write_file_finish (GAsyncResult  *result,
                                       GError       **error);

G_END_DECLS
