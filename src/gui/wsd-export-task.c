/* wsd-export-task.c: writing the HTML report in a thread with its own
 * store connection. */
#include "wsd-config.h"

#include <glib/gi18n.h>

#include "wsd-export-task.h"
#include "wsd-store.h"
#ifdef WSD_HAVE_REPORT
#include "wsd-report.h"
#endif

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
#ifdef WSD_HAVE_REPORT
  if (!_wsd_export_task_write (store, data, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
#else
  g_task_return_new_error (task, WSD_ERROR, WSD_ERROR_INVALID,
                           _("Writing reports is not available in this build yet"));
#endif
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
