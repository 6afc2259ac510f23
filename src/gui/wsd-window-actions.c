/* wsd-window-actions.c: the window's actions, keys and filters. */
#include "wsd-config.h"

#include <glib/gi18n.h>

#include "wsd-window-private.h"

static void
import_action (GtkWidget *widget, const char *name, GVariant *param)
{
  _wsd_window_open_import_chooser (WSD_WINDOW (widget), FALSE);
}

static void
import_folder_action (GtkWidget *widget, const char *name, GVariant *param)
{
  _wsd_window_open_import_chooser (WSD_WINDOW (widget), TRUE);
}

static void
cancel_import_action (GtkWidget *widget, const char *name, GVariant *param)
{
  _wsd_window_cancel_import (WSD_WINDOW (widget));
}

static void
export_action (GtkWidget *widget, const char *name, GVariant *param)
{
  _wsd_window_export_report (WSD_WINDOW (widget));
}

static void
refresh_action (GtkWidget *widget, const char *name, GVariant *param)
{
  wsd_window_refresh (WSD_WINDOW (widget));
}

static void
search_action (GtkWidget *widget, const char *name, GVariant *param)
{
  WsdWindow *self = WSD_WINDOW (widget);

  if (g_strcmp0 (wsd_window_get_visible_page (self), "runs") != 0)
    wsd_window_select_page (self, WSD_TREE_PAGE_RUNS, wsd_server_tree_get_server (self->server_tree));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_details_action (GtkWidget *widget, const char *name, GVariant *param)
{
  WsdWindow *self = WSD_WINDOW (widget);
  int height = gtk_widget_get_height (GTK_WIDGET (self->details_paned));

  /* Give the details at least half the height, as the console does. */
  if (gtk_paned_get_position (self->details_paned) > height / 2)
    gtk_paned_set_position (self->details_paned, height / 2);
  gtk_widget_grab_focus (GTK_WIDGET (self->details_pane));
}

static void
copy_error_action (GtkWidget *widget, const char *name, GVariant *param)
{
  WsdWindow *self = WSD_WINDOW (widget);
  const WsdRun *run = wsd_details_pane_get_run (self->details_pane);

  if (run != NULL && run->error_text != NULL)
    {
      gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), run->error_text);
      wsd_window_show_toast (self, _("Error text copied"));
    }
}

static void
synchronization_check_action (GtkWidget *widget, const char *name, GVariant *param)
{
  WsdWindow *self = WSD_WINDOW (widget);
  const char *server = wsd_server_tree_get_server (self->server_tree);

  if (server == NULL)
    return;
  wsd_window_select_page (self, WSD_TREE_PAGE_PROBES, server);
  /* The probe page starts the check itself when it offers the action. */
  if (self->probe_page != NULL)
    gtk_widget_activate_action (self->probe_page, "probe.run", NULL);
}

static void
show_all_runs_action (GtkWidget *widget, const char *name, GVariant *param)
{
  wsd_window_select_page (WSD_WINDOW (widget), WSD_TREE_PAGE_RUNS, NULL);
}

static gint64
calendar_day (GtkCalendar *calendar, int add_days)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (date),
                                                         g_date_time_get_month (date),
                                                         g_date_time_get_day_of_month (date), 0, 0, 0);
  g_autoptr(GDateTime) shifted = g_date_time_add_days (midnight, add_days);

  return g_date_time_to_unix (shifted) * G_USEC_PER_SEC;
}

static void
apply_period_action (GtkWidget *widget, const char *name, GVariant *param)
{
  WsdWindow *self = WSD_WINDOW (widget);
  gint64 since = calendar_day (self->since_calendar, 0);
  gint64 until = calendar_day (self->until_calendar, 1);

  if (until <= since)
    until = since + G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC;
  gtk_menu_button_popdown (self->period_button);
  wsd_window_set_period (self, since, until);
}

static void
clear_period_action (GtkWidget *widget, const char *name, GVariant *param)
{
  WsdWindow *self = WSD_WINDOW (widget);

  gtk_menu_button_popdown (self->period_button);
  wsd_timeline_strip_select_day (self->timeline, 0);
  wsd_window_set_period (self, 0, 0);
}

void
_wsd_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_folder_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-details", NULL, show_details_action);
  gtk_widget_class_install_action (widget_class, "win.copy-error", NULL, copy_error_action);
  gtk_widget_class_install_action (widget_class, "win.synchronization-check", NULL, synchronization_check_action);
  gtk_widget_class_install_action (widget_class, "win.show-all-runs", NULL, show_all_runs_action);
  gtk_widget_class_install_action (widget_class, "win.apply-period", NULL, apply_period_action);
  gtk_widget_class_install_action (widget_class, "win.clear-period", NULL, clear_period_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.import-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK, "win.show-details", NULL);
}

static void
on_search_changed (GtkSearchEntry *entry, WsdWindow *self)
{
  if (self->syncing_entry)
    return;
  wsd_window_set_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_stop_search (GtkSearchEntry *entry, WsdWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
on_filter_toggled (GtkToggleButton *button, WsdWindow *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  if (button == self->filter_failed_button)
    wsd_window_set_result_filter (self, WSD_RESULT_FAILED);
  else if (button == self->filter_succeeded_button)
    wsd_window_set_result_filter (self, WSD_RESULT_SUCCEEDED);
  else
    wsd_window_set_result_filter (self, WSD_RESULT_UNKNOWN);
}

void
_wsd_window_actions_init (WsdWindow *self)
{
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->search_entry, "stop-search", G_CALLBACK (on_stop_search), self);
  gtk_search_entry_set_key_capture_widget (self->search_entry, NULL);
  g_signal_connect (self->filter_all_button, "toggled", G_CALLBACK (on_filter_toggled), self);
  g_signal_connect (self->filter_failed_button, "toggled", G_CALLBACK (on_filter_toggled), self);
  g_signal_connect (self->filter_succeeded_button, "toggled", G_CALLBACK (on_filter_toggled), self);
}

void
wsd_window_set_search (WsdWindow *self, const char *text)
{
  g_return_if_fail (WSD_IS_WINDOW (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (text, self->query_search) == 0)
    return;
  g_free (self->query_search);
  self->query_search = g_strdup (text);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text ? text : "") != 0)
    {
      /* Setting the text clears it first, which reports an empty search. */
      self->syncing_entry = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
      self->syncing_entry = FALSE;
    }
  _wsd_window_apply_query (self);
}

void
wsd_window_set_result_filter (WsdWindow *self, WsdResult result)
{
  GtkToggleButton *button;

  g_return_if_fail (WSD_IS_WINDOW (self));

  button = result == WSD_RESULT_FAILED ? self->filter_failed_button
           : result == WSD_RESULT_SUCCEEDED ? self->filter_succeeded_button
           : self->filter_all_button;
  if (!gtk_toggle_button_get_active (button))
    {
      gtk_toggle_button_set_active (button, TRUE);   /* comes back here through "toggled" */
      return;
    }
  /* "Failed" means what the console's filter means: failed or canceled. */
  self->query.result = result == WSD_RESULT_SUCCEEDED ? WSD_RESULT_SUCCEEDED : WSD_RESULT_UNKNOWN;
  self->query.failed_only = result == WSD_RESULT_FAILED;
  _wsd_window_apply_query (self);
}

void
wsd_window_set_period (WsdWindow *self, gint64 since, gint64 until)
{
  g_autofree char *label = NULL;

  g_return_if_fail (WSD_IS_WINDOW (self));

  self->query.since = since;
  self->query.until = until;
  if (since == 0 && until == 0)
    label = g_strdup (_("Any Date"));
  else
    {
      g_autoptr(GDateTime) from = g_date_time_new_from_unix_local (since / G_USEC_PER_SEC);
      g_autoptr(GDateTime) to = g_date_time_new_from_unix_local ((until - 1) / G_USEC_PER_SEC);
      g_autofree char *a = g_date_time_format (from, "%e %b %Y");
      g_autofree char *b = g_date_time_format (to, "%e %b %Y");

      label = g_strcmp0 (a, b) == 0 ? g_strdup (g_strstrip (a))
                                    : g_strdup_printf ("%s – %s", g_strstrip (a), g_strstrip (b));
    }
  adw_button_content_set_label (self->period_button_content, label);
  _wsd_window_apply_query (self);
}
