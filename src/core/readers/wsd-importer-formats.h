/* wsd-importer-formats.h: the importer's entries for the formats of this
 * folder (history exports, event exports, ConfigMgr logs, bundle.json,
 * collector bundles as folders and zips), as WsdImportReader entries. */
#pragma once

#include "wsd-importer.h"

G_BEGIN_DECLS

/* Entries for the readers table of wsd-importer.c, most specific first. */
extern const WsdImportReader wsd_importer_bundle_folder_reader;
extern const WsdImportReader wsd_importer_zip_reader;
extern const WsdImportReader wsd_importer_evidence_readers[];
extern const guint           wsd_importer_n_evidence_readers;

/* TRUE when @folder holds bundle.json: it is then read whole, as one
 * server's bundle, not file by file. */
gboolean wsd_importer_is_bundle_folder (GFile *folder, GCancellable *cancellable);

/* When the evidence of one import names exactly one server (a history
 * export or event file beside a loose SoftwareDistribution.log, which names
 * none), the runs and loose evidence without a name are that server's, so
 * the same sync from the log and from the history is one run. Does
 * nothing under --server (the store applies the override) or when several
 * servers are named. */
void wsd_importer_name_unnamed (WsdImportBatch *batch);

G_END_DECLS
