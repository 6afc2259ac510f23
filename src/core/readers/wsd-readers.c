/* wsd-readers.c: the table of readers and their shared helpers. */
#include "wsd-readers.h"

static const WsdReaderEntry readers[] = {
  { "bundle-json", wsd_bundle_json_sniff, wsd_bundle_json_read },
  { "history-json", wsd_history_json_sniff, wsd_history_json_read },
  { "history-clixml", wsd_history_clixml_sniff, wsd_history_clixml_read },
  { "events-xml", wsd_events_xml_sniff, wsd_events_xml_read },
  { "history-csv", wsd_history_csv_sniff, wsd_history_csv_read },
  { "events-csv", wsd_events_csv_sniff, wsd_events_csv_read },
  { "configmgr-log", wsd_configmgr_log_sniff, wsd_configmgr_log_read },
};

const WsdReaderEntry *
wsd_readers_table (gsize *n_entries)
{
  *n_entries = G_N_ELEMENTS (readers);
  return readers;
}

const WsdReaderEntry *
wsd_readers_detect (const WsdReaderInput *input)
{
  for (gsize i = 0; i < G_N_ELEMENTS (readers); i++)
    if (readers[i].sniff (input))
      return &readers[i];
  return NULL;
}

WsdSource *
wsd_readers_source_new (const WsdReaderInput *input, const char *format, guint records)
{
  WsdSource *source = wsd_source_new (input->path, format);

  source->fingerprint = g_strdup (input->fingerprint);
  source->size = (gint64) g_bytes_get_size (input->raw);
  source->records = records;
  return source;
}

static void
move_all (GPtrArray *to, GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (to, g_ptr_array_index (from, i));
  g_ptr_array_set_free_func (from, NULL);
  g_ptr_array_set_size (from, 0);
}

void
wsd_readers_absorb (WsdImportBatch *to, WsdImportBatch *from)
{
  GDestroyNotify notify;

  /* Each array keeps its own free func; steal the pointers without freeing. */
#define MOVE(field, free_func) \
  notify = (GDestroyNotify) (free_func); \
  move_all (to->field, from->field); \
  g_ptr_array_set_free_func (from->field, notify);
  MOVE (sources, wsd_source_free);
  MOVE (servers, wsd_server_free);
  MOVE (runs, wsd_run_free);
  MOVE (loose_evidence, wsd_evidence_free);
  MOVE (loose_servers, g_free);
  MOVE (skipped, g_free);
#undef MOVE
}
