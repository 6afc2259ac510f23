/* wsd-collection.h: folders and .zip files: a collector bundle when
 * they hold bundle.json (everything inside then belongs to its server),
 * otherwise every recognised file inside, recursively; files of no
 * known format are listed in batch->skipped. */
#pragma once

#include "wsd-readers.h"

G_BEGIN_DECLS

/* Reads one file found in a collection. Exactly one of @file (a file
 * in a folder, or a large zip member unpacked to a private temporary
 * file that is removed when the last reference to @file goes: keep a
 * reference to read it later) and @bytes (a small zip member) is set. Sets *out_recognized
 * to FALSE (and returns TRUE) for content of no known format. */
typedef gboolean (*WsdMemberReadFunc) (gpointer              user_data,
                                       GFile                *file,
                                       GBytes               *bytes,
                                       const char           *path,
                                       const WsdReadContext *context,
                                       WsdImportBatch       *batch,
                                       gboolean             *out_recognized,
                                       GCancellable         *cancellable,
                                       GError              **error);

typedef struct {
  WsdMemberReadFunc read;
  gpointer          user_data;
} WsdMemberReader;

/* Zip bounds: hostile archives fail with WSD_ERROR_TOO_LARGE. */
#define WSD_ZIP_MAX_ENTRIES       10000
#define WSD_ZIP_MAX_ENTRY_BYTES   ((gint64) 512 * 1024 * 1024)
#define WSD_ZIP_MAX_TOTAL_BYTES   ((gint64) 1024 * 1024 * 1024)
#define WSD_ZIP_MAX_RATIO         200     /* uncompressed / archive size … */
#define WSD_ZIP_RATIO_FLOOR       ((gint64) 32 * 1024 * 1024)  /* … once past this */
/* Each entry: uncompressed / compressed bytes it used, once past this. */
#define WSD_ZIP_ENTRY_RATIO_FLOOR ((gint64) 4 * 1024 * 1024)
/* Members up to this size are unpacked in memory, larger ones stream to
 * a private temporary file. */
#define WSD_ZIP_MEMBER_MEMORY_BYTES ((gsize) 8 * 1024 * 1024)
#define WSD_ZIP_MAX_BYTES         ((gsize) 1024 * 1024 * 1024)  /* the .zip itself */

/* The readers of this folder, for @member_reader = NULL. */
gboolean wsd_readers_read_member   (gpointer user_data, GFile *file, GBytes *bytes, const char *path,
                                    const WsdReadContext *context, WsdImportBatch *batch,
                                    gboolean *out_recognized, GCancellable *cancellable, GError **error);

gboolean wsd_collection_is_zip     (const guint8 *head, gsize len);

/* A folder or a .zip file. */
gboolean wsd_collection_import     (GFile                 *file,
                                    const char            *path,
                                    const WsdMemberReader *member_reader,
                                    const WsdReadContext  *context,
                                    WsdImportBatch        *batch,
                                    GCancellable          *cancellable,
                                    GError               **error);
/* A .zip held in memory. */
gboolean wsd_collection_import_zip (GBytes                *zip,
                                    const char            *path,
                                    const WsdMemberReader *member_reader,
                                    const WsdReadContext  *context,
                                    WsdImportBatch        *batch,
                                    GCancellable          *cancellable,
                                    GError               **error);

/* Any path: a folder or .zip as above, otherwise one file read by the
 * first reader that recognises it (WSD_ERROR_UNKNOWN_FORMAT if none). */
gboolean wsd_readers_import_path   (GFile                 *file,
                                    const char            *path,
                                    const WsdMemberReader *member_reader,
                                    const WsdReadContext  *context,
                                    WsdImportBatch        *batch,
                                    GCancellable          *cancellable,
                                    GError               **error);

G_END_DECLS
