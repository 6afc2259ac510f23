/* wsd-export-task.c: writing the HTML report in a thread with its own
 * store connection. */
#include "wsd-config.h"

#include <glib/gi18n.h>

#include "wsd-export-task.h"
#include "wsd-store.h"
#include "wsd-analysis.h"
#include "wsd-report-writer.h"

typedef struct {
  char                 *store_path;
  GFile                *output;
  WsdExportOptions      options;
  WsdExportProgressFunc progress;
  gpointer              progress_data;
  GMainContext         *context;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_free (data->store_path);
  g_object_unref (data->output);
  g_free (data->options.server);
  g_main_context_unref (data->context);
  g_free (data);
}

typedef struct {
  WsdExportProgressFunc func;
  gpointer              data;
  double                fraction;
} ProgressMessage;

static gboolean
deliver_progress (gpointer user_data)
{
  ProgressMessage *message = user_data;

  message->func (message->fraction, message->data);
  g_free (message);
  return G_SOURCE_REMOVE;
}

static void
report (ExportData *data, double fraction)
{
  ProgressMessage *message;

  if (data->progress == NULL)
    return;
  message = g_new0 (ProgressMessage, 1);
  message->func = data->progress;
  message->data = data->progress_data;
  message->fraction = fraction;
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
export_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = NULL;

  if (data->store_path == NULL || (store = wsd_store_open (data->store_path, &error)) == NULL)
    {
      if (error == NULL)
        g_set_error (&error, WSD_ERROR, WSD_ERROR_STORE, _("Exporting needs a history file"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  {
    g_autoptr(WsdKnowledgeBase) kb = wsd_knowledge_base_new_default (NULL, &error);
    g_autoptr(WsdAnalysis) analysis = NULL;
    g_autofree char *path = g_file_get_path (data->output);
    WsdReportOptions options = { data->options.redact, NULL };

    if (kb == NULL
        || (report (data, 0.1), analysis = wsd_analysis_new_from_store (store, kb, data->options.server,
                                                                        data->options.since, &error)) == NULL)
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
    report (data, 0.6);
    if (path == NULL)
      {
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                 _("Reports can only be saved to a local folder"));
        return;
      }
    if (!wsd_report_write_file (analysis, &options, path, cancellable, &error))
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
    report (data, 1.0);
    g_task_return_boolean (task, TRUE);
  }
}

void
wsd_export_task_run_async (const char             *store_path,
                           GFile                  *output,
                           const WsdExportOptions *options,
                           GCancellable           *cancellable,
                           WsdExportProgressFunc   progress,
                           gpointer                progress_data,
                           GAsyncReadyCallback     callback,
                           gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ExportData *data = g_new0 (ExportData, 1);

  data->store_path = g_strdup (store_path);
  data->output = g_object_ref (output);
  data->options = *options;
  data->options.server = g_strdup (options->server);
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_task_set_source_tag (task, wsd_export_task_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
wsd_export_task_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
