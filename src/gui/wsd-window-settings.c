/* wsd-window-settings.c: window size and pane positions in GSettings. */
#include "wsd-config.h"

#include "wsd-application.h"
#include "wsd-window-private.h"

void
_wsd_window_settings_save (WsdWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
on_close_request (GtkWindow *window, gpointer data)
{
  _wsd_window_settings_save (WSD_WINDOW (window));
  return FALSE;
}

void
_wsd_window_settings_init (WsdWindow *self)
{
  self->settings = wsd_application_new_settings ();
  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* Pane positions follow the user's drags straight into settings. */
  g_settings_bind (self->settings, "sidebar-position", self->sidebar_paned, "position", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "details-position", self->details_paned, "position", G_SETTINGS_BIND_DEFAULT);
  if (g_settings_get_int (self->settings, "actions-position") > 0)
    g_settings_bind (self->settings, "actions-position", self->actions_paned, "position", G_SETTINGS_BIND_DEFAULT);
  else
    g_settings_bind (self->settings, "actions-position", self->actions_paned, "position", G_SETTINGS_BIND_SET);
  wsd_actions_pane_bind_settings (self->actions_pane, self->settings);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
}
