/* make-screenshot: renders the window on the fixture history to a PNG,
 * with a failed synchronization selected (docs/window-*.png).
 *   make-screenshot [--dark] OUTPUT.png */
#include "wsd-config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <adwaita.h>

#include "wsd-gui-fixture.h"
#include "wsd-window.h"
#include "wsd-window-png.h"

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(WsdStore) store = NULL;
  WsdWindow *window;
  gboolean dark = argc > 2 && g_str_equal (argv[1], "--dark");
  const char *output = argv[argc - 1];

  if (argc < 2)
    {
      g_printerr ("usage: %s [--dark] OUTPUT.png\n", argv[0]);
      return 2;
    }
  gtk_init ();
  adw_init ();
  {
    /* What AdwApplication loads from the resource base path. */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, "/io/github/syncdoctor/WsusSyncDoctor/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                      "/io/github/syncdoctor/WsusSyncDoctor/icons");
  }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);

  dir = g_dir_make_tmp ("wsd-screenshot-XXXXXX", &error);
  path = g_build_filename (dir, "history.sqlite3", NULL);
  if (!wsd_gui_fixture_make_store (path, g_get_real_time (), 45, &error)
      || (store = wsd_store_open (path, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  window = wsd_window_new (NULL, store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1440, 960);
  gtk_window_present (GTK_WINDOW (window));
  wait_ms (300);
  wsd_window_select_page (window, WSD_TREE_PAGE_RUNS, "wsus01.corp.example");
  wait_ms (200);
  gtk_single_selection_set_selected (wsd_window_get_selection (window), 0);
  wait_ms (1500);

  if (!wsd_window_save_png (GTK_WINDOW (window), output))
    return 1;
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (store);
  store = NULL;
  for (const char *const *s = (const char *const[]) { "", "-wal", "-shm", NULL }; *s; s++)
    {
      g_autofree char *file = g_strconcat (path, *s, NULL);
      g_remove (file);
    }
  g_rmdir (dir);
  return 0;
}
