/* wsd-readers.h: the readers of history exports, event exports,
 * ConfigMgr logs and collector bundles.
 *
 * Every reader sniffs a decoded input by content and reads it into an
 * import batch. A reader either adds everything it read or, on error,
 * nothing: it works on a batch of its own and hands it over at the end. */
#pragma once

#include "wsd-import-batch.h"
#include "wsd-reader-input.h"

G_BEGIN_DECLS

typedef struct {
  /* Names every run and piece of evidence read (a bundle's server.name). */
  const char *server;
  /* The server's offset east of UTC, for times written in local time
   * without a zone (Get-WinEvent's TimeCreated). */
  gboolean    utc_offset_known;
  gint64      utc_offset_usec;
} WsdReadContext;

typedef gboolean (*WsdReaderSniffFunc) (const WsdReaderInput *input);
typedef gboolean (*WsdReaderReadFunc)  (const WsdReaderInput *input,
                                        const WsdReadContext *context,
                                        WsdImportBatch       *batch,
                                        GError              **error);

typedef struct {
  const char         *name;   /* the WsdSource format, e.g. "history-csv" */
  WsdReaderSniffFunc  sniff;
  WsdReaderReadFunc   read;
} WsdReaderEntry;

/* The readers of this folder, most specific first. */
const WsdReaderEntry *wsd_readers_table  (gsize *n_entries);
/* The first reader whose sniff accepts @input, or NULL. */
const WsdReaderEntry *wsd_readers_detect (const WsdReaderInput *input);

/* Sync history: bundle `history` arrays, Export-Clixml, Export-Csv,
 * ConvertTo-Json (PowerShell 5.1 and 7). */
gboolean wsd_history_json_sniff   (const WsdReaderInput *input);
gboolean wsd_history_json_read    (const WsdReaderInput *input, const WsdReadContext *context,
                                   WsdImportBatch *batch, GError **error);
gboolean wsd_history_clixml_sniff (const WsdReaderInput *input);
gboolean wsd_history_clixml_read  (const WsdReaderInput *input, const WsdReadContext *context,
                                   WsdImportBatch *batch, GError **error);
gboolean wsd_history_csv_sniff    (const WsdReaderInput *input);
gboolean wsd_history_csv_read     (const WsdReaderInput *input, const WsdReadContext *context,
                                   WsdImportBatch *batch, GError **error);

/* Application events: wevtutil /f:xml and /f:RenderedXml, Get-WinEvent | Export-Csv. */
gboolean wsd_events_xml_sniff     (const WsdReaderInput *input);
gboolean wsd_events_xml_read      (const WsdReaderInput *input, const WsdReadContext *context,
                                   WsdImportBatch *batch, GError **error);
gboolean wsd_events_csv_sniff     (const WsdReaderInput *input);
gboolean wsd_events_csv_read      (const WsdReaderInput *input, const WsdReadContext *context,
                                   WsdImportBatch *batch, GError **error);

/* ConfigMgr wsyncmgr.log / WCM.log, SMS trace and CMTrace formats. */
gboolean wsd_configmgr_log_sniff  (const WsdReaderInput *input);
gboolean wsd_configmgr_log_read   (const WsdReaderInput *input, const WsdReadContext *context,
                                   WsdImportBatch *batch, GError **error);

/* A bundle.json on its own: server facts, history, updates. */
gboolean wsd_bundle_json_sniff    (const WsdReaderInput *input);
gboolean wsd_bundle_json_read     (const WsdReaderInput *input, const WsdReadContext *context,
                                   WsdImportBatch *batch, GError **error);

/* Helpers shared by the readers. */
WsdSource *wsd_readers_source_new (const WsdReaderInput *input, const char *format, guint records);
/* Moves everything from @from into @to. */
void       wsd_readers_absorb     (WsdImportBatch *to, WsdImportBatch *from);

G_END_DECLS
