/* make-probe-screenshot: the window on its Probes page after two real
 * checks (nginx and squid from probe-harness.sh): an earlier one that
 * passed with Basic authentication, the latest one refused with 407 because
 * "Allow basic authentication" is off (docs/probe-page-*.png).
 *   make-probe-screenshot [--dark] OUTPUT.png */
#include "wsd-config.h"

#include <string.h>
#include <gtk/gtk.h>
#include <adwaita.h>

#include "probe-test-harness.h"
#include "wsd-probe-page.h"
#include "wsd-window-png.h"
#include "wsd-window.h"

#define SERVER "wsus-br01.corp.example"

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
find_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_row (GtkWidget *root, GType type, const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, type, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
run_check (WsdProbePage *page)
{
  const WsdProbeResult *before = wsd_probe_page_get_result (page);

  gtk_widget_activate_action (GTK_WIDGET (page), "probe.run", NULL);
  while (!wsd_probe_page_is_running (page) && wsd_probe_page_get_result (page) == before)
    g_main_context_iteration (NULL, TRUE);
  while (wsd_probe_page_is_running (page))
    g_main_context_iteration (NULL, TRUE);
}

static void
add_server (WsdStore *store, ProbeHarness *harness)
{
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *facts = g_strdup_printf (
    "{\"name\":\"" SERVER "\",\"upstream_server\":\"localhost\",\"upstream_port\":%s,\"upstream_use_ssl\":true,"
    "\"proxy\":{\"enabled\":true,\"host\":\"127.0.0.1\",\"port\":%s,\"user\":\"%s\",\"domain\":\"\","
    "\"anonymous\":false,\"allow_basic_over_non_ssl\":true}}",
    probe_harness_get (harness, "HTTPS_OK_PORT"), probe_harness_get (harness, "SQUID_PORT"),
    probe_harness_get (harness, "PROXY_USER"));
  WsdServer *server = wsd_server_new (SERVER);
  WsdSource *source = wsd_source_new ("bundle.json", "bundle");

  json_parser_load_from_data (parser, facts, -1, NULL);
  server->facts = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  server->role = WSD_ROLE_DOWNSTREAM;
  source->fingerprint = g_compute_checksum_for_string (G_CHECKSUM_SHA256, facts, -1);
  g_ptr_array_add (batch->sources, source);
  g_ptr_array_add (batch->servers, server);
  wsd_store_import_batch (store, batch, NULL, NULL);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *skip = NULL;
  g_autoptr(WsdStore) store = NULL;
  ProbeHarness *harness;
  WsdWindow *window;
  WsdProbePage *page;
  gboolean dark = argc > 2 && g_str_equal (argv[1], "--dark");
  const char *output = argv[argc - 1];

  if (argc < 2)
    {
      g_printerr ("usage: %s [--dark] OUTPUT.png\n", argv[0]);
      return 2;
    }
  gtk_init ();
  adw_init ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  harness = probe_harness_start ("all", &skip);
  if (harness == NULL)
    {
      g_printerr ("%s\n", skip);
      return 77;
    }
  dir = g_dir_make_tmp ("wsd-probe-screenshot-XXXXXX", &error);
  path = g_build_filename (dir, "history.sqlite3", NULL);
  store = wsd_store_open (path, &error);
  add_server (store, harness);

  window = wsd_window_new (NULL, store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1440, 1000);
  gtk_window_present (GTK_WINDOW (window));
  wait_ms (300);
  wsd_window_select_page (window, WSD_TREE_PAGE_PROBES, SERVER);
  wait_ms (200);
  page = WSD_PROBE_PAGE (find_type (GTK_WIDGET (window), WSD_TYPE_PROBE_PAGE));
  wsd_probe_page_set_extra_ca_file (page, probe_harness_get (harness, "CA_FILE"));
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (page), ADW_TYPE_PASSWORD_ENTRY_ROW,
                                                 "Password (kept in the keyring)")),
                         probe_harness_get (harness, "PROXY_PASSWORD"));
  run_check (page);
  wait_ms (1100);   /* a second apart in the history */
  /* as the server would do it with "Allow basic authentication" off */
  gtk_switch_set_active (GTK_SWITCH (find_type (find_row (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW,
                                                          "Allow basic authentication"), GTK_TYPE_SWITCH)), FALSE);
  run_check (page);
  wait_ms (600);

  if (!wsd_window_save_png (GTK_WINDOW (window), output))
    return 1;
  gtk_window_destroy (GTK_WINDOW (window));
  probe_harness_stop (harness);
  {
    const char *remove[] = { "rm", "-rf", dir, NULL };
    g_spawn_sync (NULL, (char **) remove, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  return 0;
}
