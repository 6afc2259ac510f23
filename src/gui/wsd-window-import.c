/* wsd-window-import.c: Import… (chooser, drag and drop, GIO locations),
 * its progress bar with Cancel, and Export report…. */
#include "wsd-config.h"

#include <glib/gi18n.h>

#include "wsd-export-task.h"
#include "wsd-import-task.h"
#include "wsd-window-private.h"

/* ---- import -------------------------------------------------------------- */

static void
on_import_progress (const WsdImportTaskProgress *progress, gpointer user_data)
{
  WsdWindow *self = user_data;
  g_autofree char *size = g_format_size (progress->bytes_read);
  g_autofree char *base = progress->current ? g_path_get_basename (progress->current) : NULL;
  g_autofree char *text = NULL;

  if (!self->importing)
    return;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reading %s — %s, %u synchronization",
                                       "Reading %s — %s, %u synchronizations", progress->runs_read),
                          base ? base : "…", size, progress->runs_read);
  gtk_label_set_text (self->import_label, text);
  if (progress->bytes_total > 0)
    gtk_progress_bar_set_fraction (self->import_progress,
                                   MIN (1.0, (double) progress->bytes_read / progress->bytes_total));
  else
    gtk_progress_bar_pulse (self->import_progress);
}

static void
show_error_dialog (WsdWindow *self, const char *heading, const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);

  /* The body is plain text (file names and lines come from the user's files). */
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
end_busy (WsdWindow *self)
{
  self->importing = FALSE;
  self->exporting = FALSE;
  gtk_spinner_stop (self->import_spinner);
  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);
  _wsd_window_update_actions (self);
}

static void
on_import_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(WsdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportOutcome) outcome = wsd_import_task_finish (result, &error);
  g_autofree char *message = NULL;

  end_busy (self);
  g_clear_object (&self->import_cancellable);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  if (outcome == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        wsd_window_show_toast (self, _("Import canceled; the history is unchanged"));
      else
        show_error_dialog (self, _("Import Failed"), error->message);
      return;
    }

  wsd_window_refresh (self);
  if (outcome->stats.runs_added == 0 && outcome->stats.runs_merged == 0 && outcome->stats.sources_skipped > 0)
    message = g_strdup (_("Already imported: nothing new"));
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u new synchronization",
                                            "Imported %u new synchronizations", outcome->stats.runs_added),
                               outcome->stats.runs_added);
  if (outcome->skipped != NULL && outcome->skipped->len > 0)
    {
      g_autofree char *with_skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u file skipped",
                                                                    "%s · %u files skipped",
                                                                    outcome->skipped->len),
                                                       message, outcome->skipped->len);
      g_free (message);
      message = g_steal_pointer (&with_skipped);
    }
  wsd_window_show_toast (self, message);
}

void
wsd_window_import_files (WsdWindow *self, GPtrArray *files)
{
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *label = NULL;

  g_return_if_fail (WSD_IS_WINDOW (self));
  g_return_if_fail (files != NULL);

  if (self->importing || files->len == 0)
    return;
  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      /* Local files go by path; gvfs locations (smb://…) by URI. */
      g_ptr_array_add (uris, g_file_is_native (file) ? g_file_get_path (file) : g_file_get_uri (file));
    }

  self->importing = TRUE;
  self->import_cancellable = g_cancellable_new ();
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Importing %u item…", "Importing %u items…", files->len),
                           files->len);
  gtk_label_set_text (self->import_label, label);
  gtk_progress_bar_set_fraction (self->import_progress, 0);
  gtk_spinner_start (self->import_spinner);
  gtk_widget_set_visible (gtk_widget_get_last_child (gtk_revealer_get_child (self->import_revealer)), TRUE);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
  _wsd_window_update_actions (self);

  wsd_import_task_run_async (wsd_store_get_path (self->store), uris, self->import_cancellable,
                             on_import_progress, self, on_import_done, g_object_ref (self));
}

gboolean
wsd_window_is_importing (WsdWindow *self)
{
  g_return_val_if_fail (WSD_IS_WINDOW (self), FALSE);
  return self->importing;
}

void
_wsd_window_cancel_import (WsdWindow *self)
{
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

static void
remember_folder (WsdWindow *self, GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *uri = NULL;

  if (parent == NULL || self->settings == NULL)
    return;
  uri = g_file_get_uri (parent);
  g_settings_set_string (self->settings, "last-folder", uri);
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, WsdWindow *self)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (list, g_list_model_get_item (files, i));
      if (list->len > 0)
        remember_folder (self, g_ptr_array_index (list, 0));
      wsd_window_import_files (self, list);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
open_chooser (WsdWindow *self, gboolean folders)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) evidence = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autofree char *last = self->settings ? g_settings_get_string (self->settings, "last-folder") : NULL;

  chooser = gtk_file_chooser_native_new (folders ? _("Import Evidence Folders") : _("Import Evidence"),
                                         GTK_WINDOW (self),
                                         folders ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                 : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (!folders)
    {
      gtk_file_filter_set_name (evidence, _("Logs, exports and bundles"));
      for (const char *const *p = (const char *const[]) { "*.log", "*.lo_", "*.gz", "*.zip", "*.csv", "*.json",
                                                         "*.xml", "*.clixml", "*.txt", NULL }; *p; p++)
        gtk_file_filter_add_pattern (evidence, *p);
      gtk_file_filter_set_name (all, _("All files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), evidence);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
    }
  if (last != NULL && *last != '\0')
    {
      g_autoptr(GFile) folder = g_file_new_for_uri (last);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_wsd_window_open_import_chooser (WsdWindow *self, gboolean folders)
{
  open_chooser (self, folders);
}

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, WsdWindow *self)
{
  GSList *files;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    g_ptr_array_add (list, g_object_ref (l->data));
  wsd_window_import_files (self, list);
  return list->len > 0;
}

void
_wsd_window_import_init (WsdWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/* ---- export -------------------------------------------------------------- */

static void
on_export_progress (double fraction, gpointer user_data)
{
  WsdWindow *self = user_data;

  if (self->exporting)
    gtk_progress_bar_set_fraction (self->import_progress, fraction);
}

static void
on_export_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(WsdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  end_busy (self);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  if (!wsd_export_task_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error_dialog (self, _("Export Failed"), error->message);
      return;
    }
  wsd_window_show_toast (self, _("Report saved"));
}

static void
on_export_response (GtkNativeDialog *chooser, int response, WsdWindow *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      guint days = wsd_actions_pane_get_period_days (self->actions_pane);
      WsdExportOptions options = {
        (char *) wsd_server_tree_get_server (self->server_tree),
        days > 0 ? g_get_real_time () - (gint64) days * 86400 * G_USEC_PER_SEC : 0,
        wsd_actions_pane_get_redact (self->actions_pane),
      };

      self->exporting = TRUE;
      gtk_label_set_text (self->import_label, _("Writing the report…"));
      gtk_progress_bar_set_fraction (self->import_progress, 0);
      gtk_widget_set_visible (gtk_widget_get_last_child (gtk_revealer_get_child (self->import_revealer)), FALSE);
      gtk_spinner_start (self->import_spinner);
      gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
      _wsd_window_update_actions (self);
      wsd_export_task_run_async (wsd_store_get_path (self->store), file, &options, self->cancellable,
                                 on_export_progress, self, on_export_done, g_object_ref (self));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
_wsd_window_export_report (WsdWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf ("wsus-sync-report-%s.html", date);

  chooser = gtk_file_chooser_native_new (_("Export Report"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
