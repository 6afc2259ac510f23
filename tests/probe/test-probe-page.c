/* test-probe-page.c: the Probes page against the real harness servers
 * (nginx, squid): prefilled form, Run, the live steps with their findings,
 * the history, the password kept in the Secret Service and nowhere else.
 * Needs a display (Xvfb) and, for the keyring part, a Secret Service on the
 * session bus (./build-aux/dev test provides both). */
#define _GNU_SOURCE
#include <string.h>
#include <adwaita.h>
#include <libsecret/secret.h>

#include "probe-test-harness.h"
#include "wsd-probe-page.h"
#include "wsd-secret-store.h"
#include "wsd-store.h"

static ProbeHarness *harness;
static char *skip_reason;
static char *work_dir;

#define SKIP_UNLESS_READY() \
  G_STMT_START { if (skip_reason != NULL) { g_test_skip (skip_reason); return; } } G_STMT_END

static void
add_server (WsdStore *store, const char *name, const char *facts_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  WsdServer *server = wsd_server_new (name);
  WsdSource *source = wsd_source_new (name, "bundle");

  g_assert_true (json_parser_load_from_data (parser, facts_json, -1, NULL));
  server->facts = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  source->fingerprint = g_compute_checksum_for_string (G_CHECKSUM_SHA256, facts_json, -1);
  g_ptr_array_add (batch->sources, source);
  g_ptr_array_add (batch->servers, server);
  g_assert_true (wsd_store_import_batch (store, batch, NULL, &error));
  g_assert_no_error (error);
}

/* Run, as the button does: the page may first wait for the keyring. */
static void
run_and_wait (WsdProbePage *page)
{
  const WsdProbeResult *before = wsd_probe_page_get_result (page);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "probe.run", NULL));
  while (!wsd_probe_page_is_running (page) && wsd_probe_page_get_result (page) == before
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (wsd_probe_page_is_running (page));
  while (wsd_probe_page_is_running (page) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (wsd_probe_page_is_running (page));
}

/* Widgets below @root carrying object data @key. */
static void
collect (GtkWidget *root, const char *key, GPtrArray *out)
{
  if (g_object_get_data (G_OBJECT (root), key) != NULL)
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect (child, key, out);
}

static GtkWidget *
find_rule_row (GtkWidget *page, const char *rule)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (page, "wsd-rule", rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (g_object_get_data (g_ptr_array_index (rows, i), "wsd-rule"), rule) == 0)
      return g_ptr_array_index (rows, i);
  return NULL;
}

static guint
count_history_rows (GtkWidget *page)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (page, "wsd-probe-result", rows);
  return rows->len;
}

static GtkWidget *
find_by_type_and_title (GtkWidget *root, GType type, const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type_and_title (child, type, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
row_text (GtkWidget *page, GType type, const char *title)
{
  GtkWidget *row = find_by_type_and_title (page, type, title);

  g_assert_nonnull (row);
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  return g_file_get_contents (path, &data, &length, NULL) && memmem (data, length, needle, strlen (needle)) != NULL;
}

static gboolean
secret_service_available (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);

  return service != NULL && error == NULL;
}

static char *
lookup_secret (const char *server, const char *proxy, const char *user)
{
  static const SecretSchema schema = {
    WSD_SECRET_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    { { "server", SECRET_SCHEMA_ATTRIBUTE_STRING }, { "proxy", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } }
  };
  g_autoptr(GError) error = NULL;

  return secret_password_lookup_sync (&schema, NULL, &error, "server", server, "proxy", proxy, "user", user, NULL);
}

static void
test_check_through_squid (void)
{
  g_autofree char *db = NULL;
  g_autofree char *facts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = NULL;
  g_autoptr(GDir) listing = NULL;
  const WsdProbeResult *result;
  WsdProbeTarget *target;
  GtkWidget *window, *page, *finding;
  const char *password;
  g_autoptr(GPtrArray) step_rows = g_ptr_array_new ();

  SKIP_UNLESS_READY ();
  password = probe_harness_get (harness, "PROXY_PASSWORD");
  db = g_build_filename (work_dir, "history.sqlite3", NULL);
  store = wsd_store_open (db, &error);
  g_assert_no_error (error);
  facts = g_strdup_printf (
    "{\"name\":\"wsus01.test\",\"upstream_server\":\"localhost\",\"upstream_port\":%s,\"upstream_use_ssl\":true,"
    "\"proxy\":{\"enabled\":true,\"host\":\"127.0.0.1\",\"port\":%s,\"user\":\"%s\",\"anonymous\":false,"
    "\"allow_basic_over_non_ssl\":true}}",
    probe_harness_get (harness, "HTTPS_OK_PORT"), probe_harness_get (harness, "SQUID_PORT"),
    probe_harness_get (harness, "PROXY_USER"));
  add_server (store, "wsus01.test", facts);

  window = gtk_window_new ();
  page = wsd_probe_page_new ();
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  wsd_probe_page_set_step_timeout (WSD_PROBE_PAGE (page), 5000);
  wsd_probe_page_set_extra_ca_file (WSD_PROBE_PAGE (page), probe_harness_get (harness, "CA_FILE"));
  wsd_probe_page_set_server (WSD_PROBE_PAGE (page), store, "wsus01.test");

  /* prefilled from the facts */
  g_assert_cmpstr (row_text (page, ADW_TYPE_ENTRY_ROW, "Upstream server"), ==, "localhost");
  g_assert_cmpstr (row_text (page, ADW_TYPE_ENTRY_ROW, "Proxy server name"), ==, "127.0.0.1");
  g_assert_cmpstr (row_text (page, ADW_TYPE_ENTRY_ROW, "User name (DOMAIN\\user; empty for anonymous)"), ==,
                   probe_harness_get (harness, "PROXY_USER"));
  g_assert_null (wsd_probe_page_get_result (WSD_PROBE_PAGE (page)));
  g_assert_cmpuint (count_history_rows (page), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (find_by_type_and_title (page, ADW_TYPE_PASSWORD_ENTRY_ROW,
                                                               "Password (kept in the keyring)")), password);
  run_and_wait (WSD_PROBE_PAGE (page));

  result = wsd_probe_page_get_result (WSD_PROBE_PAGE (page));
  g_assert_nonnull (result);
  g_assert_cmpuint (result->targets->len, ==, 1);
  target = g_ptr_array_index (result->targets, 0);
  g_assert_cmpuint (target->steps->len, ==, 7);   /* dns tcp proxy tls http soap content */
  collect (page, "wsd-step", step_rows);
  g_assert_cmpuint (step_rows->len, ==, 7);
  /* Basic went out: the cleartext note is shown with its finding's title */
  finding = find_rule_row (page, "basic-auth-cleartext");
  g_assert_nonnull (finding);
  g_assert_nonnull (g_object_get_data (G_OBJECT (finding), "wsd-rule-title"));
  g_assert_false (wsd_probe_result_has_failure (result));

  /* kept in the history */
  g_assert_cmpuint (count_history_rows (page), ==, 1);
  {
    g_autoptr(WsdProbeResult) stored = wsd_store_latest_probe_result (store, "wsus01.test", &error);
    g_assert_no_error (error);
    g_assert_nonnull (stored);
  }

  /* the password: in the Secret Service, nowhere in the database */
  if (secret_service_available ())
    {
      char *kept = NULL;
      gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

      while ((kept = lookup_secret ("wsus01.test", "127.0.0.1", probe_harness_get (harness, "PROXY_USER"))) == NULL
             && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE);
      g_assert_cmpstr (kept, ==, password);
      secret_password_free (kept);

      /* a new page finds it there, even when Run comes at once (the
       * window's "Synchronization check…" does that) */
      {
        GtkWidget *other = wsd_probe_page_new ();
        GtkWidget *other_window = gtk_window_new ();

        gtk_window_set_child (GTK_WINDOW (other_window), other);
        wsd_probe_page_set_step_timeout (WSD_PROBE_PAGE (other), 5000);
        wsd_probe_page_set_extra_ca_file (WSD_PROBE_PAGE (other), probe_harness_get (harness, "CA_FILE"));
        wsd_probe_page_set_server (WSD_PROBE_PAGE (other), store, "wsus01.test");
        /* the earlier check is shown on arrival */
        g_assert_nonnull (wsd_probe_page_get_result (WSD_PROBE_PAGE (other)));
        run_and_wait (WSD_PROBE_PAGE (other));
        g_assert_cmpstr (row_text (other, ADW_TYPE_PASSWORD_ENTRY_ROW, "Password (kept in the keyring)"), ==, password);
        g_assert_false (wsd_probe_result_has_failure (wsd_probe_page_get_result (WSD_PROBE_PAGE (other))));
        g_assert_cmpuint (count_history_rows (other), ==, 2);
        gtk_window_destroy (GTK_WINDOW (other_window));
      }
    }
  else
    g_test_message ("no Secret Service on the session bus: keyring part not checked");

  g_clear_object (&store);
  listing = g_dir_open (work_dir, 0, &error);
  g_assert_no_error (error);
  for (const char *file = g_dir_read_name (listing); file != NULL; file = g_dir_read_name (listing))
    {
      g_autofree char *path = g_build_filename (work_dir, file, NULL);
      g_assert_false (file_contains (path, password));
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_failure_shows_finding (void)
{
  g_autofree char *db = NULL;
  g_autofree char *facts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = NULL;
  GtkWidget *window, *page, *finding;

  SKIP_UNLESS_READY ();
  db = g_build_filename (work_dir, "failure.sqlite3", NULL);
  store = wsd_store_open (db, &error);
  g_assert_no_error (error);
  facts = g_strdup_printf ("{\"name\":\"wsus02.test\",\"upstream_server\":\"127.0.0.1\",\"upstream_port\":%s,"
                           "\"upstream_use_ssl\":false}", probe_harness_get (harness, "HTTP_BUSY_PORT"));
  add_server (store, "wsus02.test", facts);

  window = gtk_window_new ();
  page = wsd_probe_page_new ();
  gtk_window_set_child (GTK_WINDOW (window), page);
  wsd_probe_page_set_step_timeout (WSD_PROBE_PAGE (page), 5000);
  wsd_probe_page_set_server (WSD_PROBE_PAGE (page), store, "wsus02.test");
  run_and_wait (WSD_PROBE_PAGE (page));

  g_assert_true (wsd_probe_result_has_failure (wsd_probe_page_get_result (WSD_PROBE_PAGE (page))));
  finding = find_rule_row (page, "upstream-busy");
  g_assert_nonnull (finding);
  /* the finding's title from the knowledge base, as plain text */
  g_assert_nonnull (g_object_get_data (G_OBJECT (finding), "wsd-rule-title"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (finding)), ==,
                   g_object_get_data (G_OBJECT (finding), "wsd-rule-title"));

  /* a second run adds to the history */
  run_and_wait (WSD_PROBE_PAGE (page));
  g_assert_cmpuint (count_history_rows (page), ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    skip_reason = g_strdup ("no display (run under Xvfb: ./build-aux/dev test)");
  else
    {
      adw_init ();
      harness = probe_harness_start ("all", &skip_reason);
      work_dir = g_dir_make_tmp ("wsd-probe-page-XXXXXX", NULL);
    }
  g_test_add_func ("/probe/page/check-through-squid", test_check_through_squid);
  g_test_add_func ("/probe/page/failure-shows-finding", test_failure_shows_finding);
  status = g_test_run ();
  if (harness != NULL)
    probe_harness_stop (harness);
  if (work_dir != NULL)
    {
      const char *remove[] = { "rm", "-rf", work_dir, NULL };
      g_spawn_sync (NULL, (char **) remove, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  return status;
}
