/* wsd-import-task.c: importing in a thread. */
#include "wsd-config.h"

#include <glib/gi18n.h>

#include "wsd-import-task.h"
#include "wsd-analysis.h"
#include "wsd-importer.h"

/* Progress reports per second at most. */
#define PROGRESS_INTERVAL (G_USEC_PER_SEC / 10)

typedef struct {
  char                 *store_path;
  char                 *current;
  GPtrArray            *uris;
  WsdImportTaskProgressFunc progress;
  gpointer              progress_data;
  GMainContext         *context;
  gint64                last_report;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_free (data->store_path);
  g_free (data->current);
  g_ptr_array_unref (data->uris);
  g_main_context_unref (data->context);
  g_free (data);
}

void
wsd_import_outcome_free (WsdImportOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_clear_pointer (&outcome->skipped, g_ptr_array_unref);
  g_free (outcome);
}

typedef struct {
  WsdImportTaskProgress     progress;
  WsdImportTaskProgressFunc func;
  gpointer              data;
} ProgressMessage;

static gboolean
deliver_progress (gpointer user_data)
{
  ProgressMessage *message = user_data;

  message->func (&message->progress, message->data);
  g_free (message->progress.current);
  g_free (message);
  return G_SOURCE_REMOVE;
}

static void
report_progress (ImportData *data, guint64 bytes, guint64 total, guint runs, const char *current, gboolean force)
{
  gint64 now = g_get_monotonic_time ();
  ProgressMessage *message;

  if (data->progress == NULL || (!force && now - data->last_report < PROGRESS_INTERVAL))
    return;
  data->last_report = now;
  message = g_new0 (ProgressMessage, 1);
  message->progress.bytes_read = bytes;
  message->progress.bytes_total = total;
  message->progress.runs_read = runs;
  message->progress.current = g_strdup (current);
  message->func = data->progress;
  message->data = data->progress_data;
  /* An idle source, never g_main_context_invoke(): that would run the
   * callback in this thread whenever the main loop is not iterating. */
  {
    GSource *source = g_idle_source_new ();
    g_source_set_callback (source, deliver_progress, message, NULL);
    g_source_attach (source, data->context);
    g_source_unref (source);
  }
}

static void
on_importer_progress (gint64 bytes_done, gint64 bytes_total, guint runs, gpointer user_data)
{
  ImportData *data = user_data;

  report_progress (data, MAX (bytes_done, 0), MAX (bytes_total, 0), runs, data->current, FALSE);
}

/* Diagnoses the runs of each server from a little before the earliest run
 * the batch brought (retries belong to the attempt before them), so the
 * list can show and sort by each run's diagnosis. */
static void
diagnose_new_runs (WsdStore *store, WsdImportBatch *batch)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdKnowledgeBase) kb = wsd_knowledge_base_new_default (NULL, &error);
  g_autoptr(GHashTable) earliest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean unnamed = FALSE;
  GHashTableIter iter;
  gpointer key, value;

  if (kb == NULL)
    {
      g_warning ("knowledge base: %s", error->message);
      return;
    }
  for (guint i = 0; i < batch->runs->len; i++)
    {
      const WsdRun *run = g_ptr_array_index (batch->runs, i);
      const char *server = run->server != NULL ? run->server : batch->server_override;
      gpointer seen;

      if (server == NULL)
        {
          unnamed = TRUE;
          continue;
        }
      if (!g_hash_table_lookup_extended (earliest, server, NULL, &seen)
          || (run->started != 0 && run->started < (gint64) GPOINTER_TO_SIZE (seen)))
        g_hash_table_insert (earliest, g_strdup (server), GSIZE_TO_POINTER ((gsize) run->started));
    }
  if (unnamed || batch->loose_evidence->len > 0)
    {
      /* Runs without a server name, or evidence attached to older runs. */
      g_autoptr(WsdAnalysis) all = wsd_analysis_new_from_store (store, kb, NULL, 0, &error);
      return;
    }
  g_hash_table_iter_init (&iter, earliest);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 since = (gint64) GPOINTER_TO_SIZE (value);
      g_autoptr(WsdAnalysis) analysis = NULL;

      since = since > 0 ? MAX (1, since - G_GINT64_CONSTANT (2) * 3600 * G_USEC_PER_SEC) : 0;
      analysis = wsd_analysis_new_from_store (store, kb, key, since, &error);
      if (analysis == NULL)
        {
          g_warning ("diagnosis of %s: %s", (char *) key, error->message);
          g_clear_error (&error);
        }
    }
}

static void
import_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ImportData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = NULL;

  if (data->store_path == NULL)
    {
      g_task_return_new_error (task, WSD_ERROR, WSD_ERROR_STORE, _("Importing needs a history file, not an in-memory history"));
      return;
    }
  /* A connection of this thread's own: the window keeps reading meanwhile. */
  store = wsd_store_open (data->store_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  {
    g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
    g_autoptr(WsdImportOutcome) outcome = g_new0 (WsdImportOutcome, 1);
    g_autoptr(GPtrArray) paths = g_ptr_array_copy (data->uris, NULL, NULL);

    /* The copy would free the strings too: they stay data->uris'. */
    g_ptr_array_set_free_func (paths, NULL);
    g_ptr_array_add (paths, NULL);
    if (!wsd_importer_read_paths ((const char *const *) paths->pdata, batch, cancellable,
                                  on_importer_progress, data, &error)
        || g_cancellable_set_error_if_cancelled (cancellable, &error)
        || !wsd_store_import_batch (store, batch, &outcome->stats, &error))
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
    report_progress (data, 1, 1, batch->runs->len, NULL, TRUE);
    diagnose_new_runs (store, batch);
    outcome->skipped = g_ptr_array_ref (batch->skipped);
    g_task_return_pointer (task, g_steal_pointer (&outcome), (GDestroyNotify) wsd_import_outcome_free);
  }
}

void
wsd_import_task_run_async (const char           *store_path,
                           GPtrArray            *uris,
                           GCancellable         *cancellable,
                           WsdImportTaskProgressFunc progress,
                           gpointer              progress_data,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ImportData *data = g_new0 (ImportData, 1);

  g_return_if_fail (uris != NULL);

  data->store_path = g_strdup (store_path);
  data->uris = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < uris->len; i++)
    g_ptr_array_add (data->uris, g_strdup (g_ptr_array_index (uris, i)));
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();

  g_task_set_source_tag (task, wsd_import_task_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

WsdImportOutcome *
wsd_import_task_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
