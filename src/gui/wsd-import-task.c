/* wsd-import-task.c: importing in a thread. */
#include "wsd-config.h"

#include <glib/gi18n.h>

#include "wsd-import-task.h"
#ifdef WSD_HAVE_IMPORTER
#include "wsd-importer.h"
#endif

/* Progress reports per second at most. */
#define PROGRESS_INTERVAL (G_USEC_PER_SEC / 10)

typedef struct {
  char                 *store_path;
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
  WsdImportProgress     progress;
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
  g_main_context_invoke (data->context, deliver_progress, message);
}

#ifdef WSD_HAVE_IMPORTER
/* Runs on the import thread; report_progress() rate-limits and hops to the main context. */
static void
importer_progress (gint64 bytes_done, gint64 bytes_total, guint runs, gpointer user_data)
{
  ImportData *data = user_data;

  report_progress (data, bytes_done, bytes_total > 0 ? (guint64) bytes_total : 0, runs, NULL, FALSE);
}

static gboolean
_wsd_import_task_read (ImportData *data, WsdImportBatch *batch, GCancellable *cancellable, GError **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  for (guint i = 0; i < data->uris->len; i++)
    g_ptr_array_add (paths, g_ptr_array_index (data->uris, i));
  g_ptr_array_add (paths, NULL);
  return wsd_importer_read_paths ((const char *const *) paths->pdata, batch, cancellable,
                                  importer_progress, data, error);
}
#endif

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

#ifdef WSD_HAVE_IMPORTER
  {
    g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
    g_autoptr(WsdImportOutcome) outcome = g_new0 (WsdImportOutcome, 1);

    if (!_wsd_import_task_read (data, batch, cancellable, &error)
        || g_cancellable_set_error_if_cancelled (cancellable, &error)
        || !wsd_store_import_batch (store, batch, &outcome->stats, &error))
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
    outcome->skipped = g_ptr_array_ref (batch->skipped);
    g_task_return_pointer (task, g_steal_pointer (&outcome), (GDestroyNotify) wsd_import_outcome_free);
  }
#else
  g_task_return_new_error (task, WSD_ERROR, WSD_ERROR_UNREADABLE,
                           _("Reading evidence files is not available in this build yet"));
#endif
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
