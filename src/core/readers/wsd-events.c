/* wsd-events.c: WSUS events to runs and evidence. */
#include "wsd-events.h"

#include <string.h>

typedef enum {
  EVENT_START,
  EVENT_END,
} EventRole;

/* formats.md §4.1: 381/382/384 verified, 386 inferred, 387 unverified
 * (taken as a canceled or otherwise ended sync). */
static const struct {
  guint      id;
  EventRole  role;
  WsdRunType type;
  WsdResult  result;
} lifecycle_events[] = {
  { 381, EVENT_START, WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_UNKNOWN },
  { 382, EVENT_START, WSD_RUN_TYPE_MANUAL, WSD_RESULT_UNKNOWN },
  { 384, EVENT_END, WSD_RUN_TYPE_UNKNOWN, WSD_RESULT_SUCCEEDED },
  { 386, EVENT_END, WSD_RUN_TYPE_UNKNOWN, WSD_RESULT_FAILED },
  { 387, EVENT_END, WSD_RUN_TYPE_UNKNOWN, WSD_RESULT_CANCELED },
};

void
wsd_event_record_free (WsdEventRecord *self)
{
  if (self == NULL)
    return;
  g_free (self->computer);
  g_free (self->message);
  g_free (self);
}

WsdLevel
wsd_events_level_from_number (gint64 level)
{
  switch (level)
    {
    case 1:
    case 2: return WSD_LEVEL_ERROR;
    case 3: return WSD_LEVEL_WARNING;
    default: return WSD_LEVEL_INFO;
    }
}

static int
lifecycle_index (guint id)
{
  for (guint i = 0; i < G_N_ELEMENTS (lifecycle_events); i++)
    if (lifecycle_events[i].id == id)
      return (int) i;
  return -1;
}

static int
compare_records (gconstpointer a, gconstpointer b)
{
  const WsdEventRecord *ra = *(WsdEventRecord *const *) a;
  const WsdEventRecord *rb = *(WsdEventRecord *const *) b;

  if (ra->time != rb->time)
    return ra->time < rb->time ? -1 : 1;
  return ra->line < rb->line ? -1 : ra->line > rb->line;
}

static WsdEvidence *
record_evidence (const WsdEventRecord *record, const char *path)
{
  WsdEvidence *evidence = wsd_evidence_new ();

  evidence->kind = WSD_SOURCE_KIND_EVENT;
  evidence->source_path = g_strdup (path);
  evidence->line = record->line;
  evidence->offset = record->offset;
  evidence->time = record->time;
  evidence->level = record->level;
  evidence->component = g_strdup (WSD_EVENTS_PROVIDER);
  evidence->text = g_strdup (record->message != NULL ? record->message : "");
  evidence->event_id = record->id;
  return evidence;
}

/* "Synchronization failed. Reason: X" → "X"; NULL when no reason. */
static char *
failure_reason (const char *message)
{
  const char *reason;
  g_autofree char *text = NULL;

  if (message == NULL || (reason = strstr (message, "Reason:")) == NULL)
    return NULL;
  text = g_strstrip (g_strdup (reason + strlen ("Reason:")));
  if (*text == '\0')
    return NULL;
  return g_steal_pointer (&text);
}

static const char *
server_of (const WsdEventRecord *record, const WsdReadContext *context)
{
  if (context->server != NULL)
    return context->server;
  return record->computer != NULL && *record->computer != '\0' ? record->computer : NULL;
}

void
wsd_events_build (GPtrArray *records, const char *path, const WsdReadContext *context,
                  gboolean approximate_times, WsdImportBatch *batch)
{
  /* Open run per server: events of several computers may share a file. */
  g_autoptr(GHashTable) open_runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_ptr_array_sort (records, compare_records);
  for (guint i = 0; i < records->len; i++)
    {
      WsdEventRecord *record = g_ptr_array_index (records, i);
      const char *server = server_of (record, context);
      const char *key = server != NULL ? server : "";
      int index = lifecycle_index (record->id);
      WsdRun *run = g_hash_table_lookup (open_runs, key);

      if (index < 0)
        {
          wsd_import_batch_add_loose_evidence (batch, server, record_evidence (record, path));
          continue;
        }
      if (lifecycle_events[index].role == EVENT_START)
        {
          /* A start while another is open: that one never completed. */
          run = wsd_run_new ();
          run->server = g_strdup (server);
          run->started = record->time;
          run->type = lifecycle_events[index].type;
          run->result = WSD_RESULT_UNKNOWN;
          run->approximate_times = approximate_times;
          wsd_run_add_evidence (run, record_evidence (record, path));
          g_ptr_array_add (batch->runs, run);
          g_hash_table_replace (open_runs, g_strdup (key), run);
          continue;
        }
      if (run == NULL)
        {
          /* A completion whose start is not in the export. */
          wsd_import_batch_add_loose_evidence (batch, server, record_evidence (record, path));
          continue;
        }
      run->finished = record->time;
      run->result = lifecycle_events[index].result;
      if (run->result == WSD_RESULT_FAILED)
        run->error_text = failure_reason (record->message);
      wsd_run_add_evidence (run, record_evidence (record, path));
      g_hash_table_remove (open_runs, key);
    }
}
