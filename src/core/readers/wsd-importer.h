/* wsd-importer.h: evidence paths → one import batch.
 *
 * wsd_importer_read_paths() takes what the admin named (local paths or
 * GIO URIs such as smb://… through gvfs), expands folders recursively,
 * recognises every file by its CONTENT (never by its name) and hands it to
 * the reader of its format. Adding a format is one entry in the readers
 * table of wsd-importer.c:
 *
 *   { "history-csv", sniff_history_csv, read_history_csv, FALSE },
 *
 * - sniff (head): TRUE when the file is of this format. head->text is the
 *   decoded UTF-8 start of the file (gzip undone, BOM and UTF-16 handled),
 *   head->raw its first raw bytes (for binary formats such as .zip).
 * - read (files, job, error): appends sources, runs, servers and loose
 *   evidence to job->batch; errors are WSD_ERROR_* with messages
 *   "PATH: …" or "PATH:LINE: …" naming the file. Call
 *   wsd_import_job_progress() now and then.
 * - per_folder: TRUE when the files of this format found in one folder are
 *   read by one call (rolled-over logs); otherwise one call per file.
 *
 * A file of no known format is listed in batch->skipped as
 * "PATH: not a recognised evidence format" when it was found inside a
 * folder, and is an error (WSD_ERROR_UNKNOWN_FORMAT naming it) when it was
 * named explicitly. On any error the batch must be discarded: nothing of a
 * failed import is stored.
 */
#pragma once

#include <gio/gio.h>
#include "wsd-import-batch.h"

G_BEGIN_DECLS

/* @bytes_total counts the sizes of all files to read (0 when unknown);
 * @runs the runs read so far. Called from the importing thread. */
typedef void (*WsdImportProgressFunc) (gint64   bytes_done,
                                       gint64   bytes_total,
                                       guint    runs,
                                       gpointer user_data);

typedef struct {
  GFile      *file;
  char       *name;      /* as errors and evidence name it: the admin's path/URI */
  gint64      size;      /* -1 = unknown */
  gboolean    explicit;  /* named on its own, not found inside a folder */
} WsdImportFile;

typedef struct {
  const char   *text;       /* decoded head, UTF-8, NUL-terminated */
  gsize         text_len;
  const guint8 *raw;        /* first raw bytes of the file */
  gsize         raw_len;
} WsdImportHead;

typedef struct {
  WsdImportBatch        *batch;
  GCancellable          *cancellable;
  gint64                 bytes_total;
  gint64                 bytes_done;    /* files finished before the current read */
  WsdImportProgressFunc  progress;
  gpointer               progress_data;
} WsdImportJob;

typedef struct {
  const char *name;                                          /* format, as WsdSource.format */
  gboolean  (*sniff) (const WsdImportHead *head);
  gboolean  (*read)  (WsdImportFile *const *files, guint n_files,
                      WsdImportJob *job, GError **error);
  gboolean    per_folder;
} WsdImportReader;

/* Reports @current_bytes read of the file(s) being read now. */
void      wsd_import_job_progress      (WsdImportJob *job, gint64 current_bytes);

/* The reader whose sniff accepts @head, or NULL. */
const WsdImportReader *wsd_importer_find_reader (const WsdImportHead *head);

gboolean  wsd_importer_read_paths      (const char *const     *paths_or_uris,
                                        WsdImportBatch        *batch,
                                        GCancellable          *cancellable,
                                        WsdImportProgressFunc  progress,
                                        gpointer               progress_data,
                                        GError               **error);

G_END_DECLS
