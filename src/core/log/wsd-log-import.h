/* wsd-log-import.h: SoftwareDistribution.log files → an import batch.
 *
 * The files are one server's log and its rolled-over copies, in any order:
 * they are read oldest first (by their first timestamp, whatever their
 * names) through one run builder, so a run that spans a rollover is one
 * run. Each file becomes a WsdSource (SHA-256 of its bytes, size, record
 * count); runs go to batch->runs, evidence outside any run to
 * batch->loose_evidence. */
#pragma once

#include <gio/gio.h>
#include "wsd-import-batch.h"

G_BEGIN_DECLS

#define WSD_LOG_FORMAT "software-distribution-log"

/* Called now and then with the raw bytes read so far by this call. */
typedef void (*WsdLogImportProgress) (gint64 bytes_done, gpointer user_data);

/* @names: how errors and evidence name each file (paths or URIs as the
 * admin gave them). A file without any record gives WSD_ERROR_UNKNOWN_FORMAT
 * "NAME: not a SoftwareDistribution.log"; damage WSD_ERROR_DAMAGED
 * "NAME:LINE: …". On error @batch may hold part of the files: discard it. */
gboolean wsd_log_import_files (GFile *const        *files,
                               const char *const   *names,
                               guint                n_files,
                               const char          *server,
                               WsdImportBatch      *batch,
                               GCancellable        *cancellable,
                               WsdLogImportProgress progress,
                               gpointer             progress_data,
                               GError             **error);

G_END_DECLS
