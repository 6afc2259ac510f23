/* wsd-import-batch.h: everything one import read, before it is stored.
 *
 * Readers append to a batch; the store writes a whole batch in one
 * transaction (all of it or nothing). */
#pragma once

#include "wsd-run.h"
#include "wsd-server.h"

G_BEGIN_DECLS

typedef struct {
  char          *path;         /* as the admin named it */
  char          *fingerprint;  /* SHA-256 of the content read */
  char          *format;       /* "software-distribution-log", "history-csv", … */
  gint64         size;         /* bytes read */
  guint          records;      /* records / rows / events read */
  guint          skipped;      /* records of other sources left out (other event providers) */
} WsdSource;

WsdSource *wsd_source_new  (const char *path, const char *format);
void       wsd_source_free (WsdSource *source);

typedef struct {
  char      *server_override;  /* --server NAME: applies to runs without a name */
  GPtrArray *sources;          /* WsdSource* */
  GPtrArray *servers;          /* WsdServer* with facts */
  GPtrArray *runs;             /* WsdRun*, possibly several per sync before merging */
  GPtrArray *loose_evidence;   /* WsdEvidence* to attach to runs by time (events, WCM) */
  GPtrArray *loose_servers;    /* char* server name of each loose_evidence item (NULL = unnamed) */
  GPtrArray *skipped;          /* char*: "path: reason" for files of no known format */
} WsdImportBatch;

WsdImportBatch *wsd_import_batch_new  (void);
void            wsd_import_batch_free (WsdImportBatch *batch);

/* Takes ownership. @server may be NULL (not named by the evidence). */
void wsd_import_batch_add_loose_evidence (WsdImportBatch *batch,
                                          const char     *server,
                                          WsdEvidence    *evidence);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdImportBatch, wsd_import_batch_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdSource, wsd_source_free)

G_END_DECLS
