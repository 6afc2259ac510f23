/* wsd-application.c: the application: options, app actions, style. */
#include "wsd-config.h"

#include <glib/gi18n.h>

#include "wsd-application.h"
#include "wsd-demo.h"
#include "wsd-store.h"
#include "wsd-window.h"

struct _WsdApplication
{
  AdwApplication parent_instance;
  GSettings     *settings;
  char          *database;
  char          *demo_store;   /* temporary history of --demo / Open Demo Data */
  gboolean       demo;
};

G_DEFINE_FINAL_TYPE (WsdApplication, wsd_application, ADW_TYPE_APPLICATION)

GSettings *
wsd_application_new_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaSource) built = NULL;
  g_autofree char *build_dir = g_build_filename (BUILD_ROOT, "data", NULL);
  g_autofree char *compiled = g_build_filename (build_dir, "gschemas.compiled", NULL);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  /* Uninstalled runs: the schema compiled into the build tree. */
  if (schema == NULL && g_file_test (compiled, G_FILE_TEST_EXISTS))
    {
      built = g_settings_schema_source_new_from_directory (build_dir, source, FALSE, NULL);
      if (built != NULL)
        schema = g_settings_schema_source_lookup (built, APP_ID, FALSE);
    }
  if (schema == NULL)
    {
      g_warning ("GSettings schema %s not found; settings will not be kept", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static WsdWindow *
get_window (WsdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  return WSD_IS_WINDOW (window) ? WSD_WINDOW (window) : NULL;
}

static WsdStore *
open_user_store (WsdApplication *self, GError **error)
{
  g_autofree char *path = self->database ? g_strdup (self->database) : wsd_store_default_path ();
  return wsd_store_open (path, error);
}

static void
show_startup_error (WsdApplication *self, const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (NULL, _("Cannot Open the History"), NULL);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_demo (WsdApplication *self, WsdWindow *window)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = wsd_demo_find_dir ();
  g_autofree char *path = NULL;
  g_autoptr(WsdStore) store = NULL;
  g_autoptr(GPtrArray) inputs = NULL;

  if (dir == NULL)
    {
      wsd_window_show_toast (window, _("The demo data is not installed"));
      return;
    }
  if ((inputs = wsd_demo_list_inputs (dir, &error)) == NULL
      || (path = wsd_demo_temp_store_path (&error)) == NULL
      || (store = wsd_store_open (path, &error)) == NULL)
    {
      wsd_window_show_toast (window, error->message);
      return;
    }
  if (self->demo_store != NULL && g_strcmp0 (self->demo_store, path) != 0)
    wsd_demo_remove_temp_store (self->demo_store);
  g_free (self->demo_store);
  self->demo_store = g_strdup (path);

  /* A temporary history: the user's database is never touched. */
  wsd_window_set_store (window, store, _("Demo data (temporary)"));
  wsd_window_import_files (window, inputs);
}

static void
wsd_application_activate (GApplication *app)
{
  WsdApplication *self = WSD_APPLICATION (app);
  WsdWindow *window = get_window (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = NULL;

  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  if (self->demo)
    {
      g_autofree char *path = wsd_demo_temp_store_path (&error);
      if (path != NULL)
        store = wsd_store_open (path, &error);
    }
  else
    store = open_user_store (self, &error);
  if (store == NULL)
    {
      show_startup_error (self, error->message);
      return;
    }

  window = wsd_window_new (GTK_APPLICATION (app), store);
  gtk_window_present (GTK_WINDOW (window));
  if (self->demo)
    {
      self->demo = FALSE;
      open_demo (self, window);
    }
}

static void
wsd_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  WsdApplication *self = WSD_APPLICATION (app);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

  wsd_application_activate (app);
  for (int i = 0; i < n_files; i++)
    g_ptr_array_add (list, g_object_ref (files[i]));
  if (get_window (self) != NULL)
    wsd_window_import_files (get_window (self), list);
}

static int
wsd_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  WsdApplication *self = WSD_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("wsus-sync-doctor %s\n", PACKAGE_VERSION);
      return 0;
    }
  g_variant_dict_lookup (options, "database", "^ay", &self->database);
  self->demo = g_variant_dict_contains (options, "demo");
  return -1;
}

static void
apply_color_scheme (WsdApplication *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *scheme = self->settings ? g_settings_get_string (self->settings, "color-scheme")
                                           : g_strdup ("default");

  adw_style_manager_set_color_scheme (manager,
                                      g_str_equal (scheme, "dark") ? ADW_COLOR_SCHEME_FORCE_DARK
                                      : g_str_equal (scheme, "light") ? ADW_COLOR_SCHEME_FORCE_LIGHT
                                      : ADW_COLOR_SCHEME_DEFAULT);
}

static void
about_action (GSimpleAction *action, GVariant *param, gpointer data)
{
  WsdApplication *self = data;
  const char *developers[] = { "The WSUS Sync Doctor developers", NULL };

  adw_show_about_window (GTK_WINDOW (get_window (self)),
                         "application-name", _("WSUS Sync Doctor"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The WSUS Sync Doctor developers"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Find out why a WSUS synchronization failed and what to do about it"),
                         "website", "https://github.com/syncdoctor/wsus-sync-doctor",
                         "issue-url", "https://github.com/syncdoctor/wsus-sync-doctor/issues",
                         NULL);
}

static void
demo_action (GSimpleAction *action, GVariant *param, gpointer data)
{
  WsdApplication *self = data;

  if (get_window (self) != NULL)
    open_demo (self, get_window (self));
}

static void
quit_action (GSimpleAction *action, GVariant *param, gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (data));

  if (window != NULL)
    gtk_window_close (window);
  g_application_quit (G_APPLICATION (data));
}

static void
on_color_scheme_changed (GSettings *settings, const char *key, WsdApplication *self)
{
  apply_color_scheme (self);
}

static void
wsd_application_startup (GApplication *app)
{
  WsdApplication *self = WSD_APPLICATION (app);
  static const GActionEntry entries[] = {
    { "about", about_action },
    { "demo", demo_action },
    { "quit", quit_action },
  };

  G_APPLICATION_CLASS (wsd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  self->settings = wsd_application_new_settings ();
  if (self->settings != NULL)
    {
      g_autoptr(GAction) scheme = g_settings_create_action (self->settings, "color-scheme");
      g_action_map_add_action (G_ACTION_MAP (app), scheme);
      g_signal_connect (self->settings, "changed::color-scheme", G_CALLBACK (on_color_scheme_changed), self);
    }
  apply_color_scheme (self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         (const char *[]) { "<Control>question", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close",
                                         (const char *[]) { "<Control>w", NULL });
}

static void
wsd_application_shutdown (GApplication *app)
{
  WsdApplication *self = WSD_APPLICATION (app);

  G_APPLICATION_CLASS (wsd_application_parent_class)->shutdown (app);
  if (self->demo_store != NULL)
    wsd_demo_remove_temp_store (self->demo_store);
}

static void
wsd_application_finalize (GObject *object)
{
  WsdApplication *self = WSD_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->demo_store, g_free);
  G_OBJECT_CLASS (wsd_application_parent_class)->finalize (object);
}

static void
wsd_application_class_init (WsdApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = wsd_application_finalize;
  app_class->activate = wsd_application_activate;
  app_class->open = wsd_application_open;
  app_class->startup = wsd_application_startup;
  app_class->shutdown = wsd_application_shutdown;
  app_class->handle_local_options = wsd_application_handle_local_options;
}

static void
wsd_application_init (WsdApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the bundled demo data in a temporary history"), NULL },
    { "database", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Use this history file"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

WsdApplication *
wsd_application_new (void)
{
  return g_object_new (WSD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/syncdoctor/WsusSyncDoctor",
                       NULL);
}
