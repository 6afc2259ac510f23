/* test-cli-output.c: what the text and JSON printers of $WSD_CLI show when
 * the evidence is hostile, and which servers they show. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

typedef struct {
  char *dir;
  char *database;
} Fixture;

typedef struct {
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = g_dir_make_tmp ("wsd-cli-output-XXXXXX", NULL);
  fixture->database = g_build_filename (fixture->dir, "history.sqlite3", NULL);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->database);
}

/* Runs the CLI with --database and the NULL-terminated arguments. */
static Result
cli (Fixture *fixture, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Result result = { 0 };
  const char *arg;
  va_list args;
  int wait_status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("WSD_CLI"));
  g_ptr_array_add (argv, "--database");
  g_ptr_array_add (argv, fixture->database);
  va_start (args, fixture);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &result.out, &result.err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result.status = WEXITSTATUS (wait_status);
  return result;
}

static char *
write_file (Fixture *fixture, const char *name, const char *contents)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* Fails when @text holds a byte or character a terminal would act on:
 * C0 controls but \n and \t, DEL, C1 controls, bidi overrides, or bytes
 * that are not UTF-8. */
static void
assert_terminal_safe (const char *what, const char *text)
{
  const char *end = text + strlen (text);

  if (!g_utf8_validate (text, -1, NULL))
    g_error ("%s: output is not valid UTF-8:\n%s", what, text);
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean bad = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || (c >= 0x80 && c <= 0x9F)
                     || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
      if (bad)
        g_error ("%s: raw U+%04X at byte %td of the output:\n%s", what, c, p - text, text);
    }
}

/* A bundle whose server name and log lines carry terminal escapes: an OSC
 * title change ended by BEL, a clear screen, a C1 CSI, a right-to-left
 * override and a byte that is not UTF-8. */
static char *
write_hostile_bundle (Fixture *fixture)
{
  g_autofree char *log = NULL, *json = NULL;

  log = write_file (fixture, "hostile/logs/SoftwareDistribution.log",
    "2026-03-02 02:00:04.250 UTC\tInfo\tWsusService.12\tEventLogEventReporter.ReportEvent\tEventId=381,Type=Information,Category=Synchronization,Message=A scheduled synchronization was started.\n"
    "2026-03-02 02:00:04.400 UTC\tInfo\tWsusService.12\tServerSyncLib.InternetGetServerAuthConfig\tCalling GetAuthConfig on https://up\x1b[2J.corp.example:8531/ServerSyncWebService/ServerSyncWebService.asmx\n"
    "2026-03-02 02:01:09.000 UTC\tError\tWsusService.12\tCatalogSyncAgentCore.CatalogSyncThreadProcess\tWebException: The remote server returned an error: (407) Proxy Authentication Required. \x1b]0;owned\x07 \xc2\x9b" "31m \xe2\x80\xae" "cod.exe \x7f \x9b\n"
    "   at System.Net.HttpWebRequest.GetResponse()\x1b[2J\n"
    "2026-03-02 02:01:09.100 UTC\tInfo\tWsusService.12\tEventLogEventReporter.ReportEvent\tEventId=386,Type=Error,Category=Synchronization,Message=Synchronization failed. Reason: \x1b]0;owned\x07 (407) Proxy Authentication Required.\n"
    "2026-03-02 02:01:10.000 UTC\tInfo\tWsusService.12\tCatalogSyncAgent.SetSubscriptionStateWithRetry\tFiring event SyncFinish...\n");
  json = write_file (fixture, "hostile/bundle.json",
    "{ \"format\": \"wsus-sync-doctor-bundle\", \"version\": 1,\n"
    "  \"collected_utc\": \"2026-03-02T08:00:00Z\",\n"
    "  \"server\": { \"name\": \"wsus\\u001b]0;x\\u0007\\u202e01.corp.example\", \"wsus_version\": \"10.0\\u009b1m\",\n"
    "              \"upstream_server\": \"up\\u001b[2J.corp.example\", \"sync_from_microsoft_update\": false } }\n");
  return g_path_get_dirname (json);
}

static void
test_hostile_text (Fixture *fixture, gconstpointer data)
{
  g_autofree char *bundle = write_hostile_bundle (fixture);
  Result result = cli (fixture, "import", bundle, NULL);
  const char *const commands[][3] = {
    { "diagnose", NULL }, { "runs", NULL }, { "runs", "--failed" }, { "servers", NULL }, { "check", NULL },
  };

  g_assert_cmpint (result.status, ==, 0);
  assert_terminal_safe ("import", result.out);
  result_clear (&result);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      result = cli (fixture, commands[i][0], commands[i][1], NULL);
      g_assert_cmpint (result.status, <=, 2);
      assert_terminal_safe (commands[i][0], result.out);
      assert_terminal_safe (commands[i][0], result.err);
      result_clear (&result);
    }

  /* The escapes are shown, not dropped. */
  result = cli (fixture, "diagnose", NULL);
  g_assert_nonnull (strstr (result.out, "\\x1b]0;owned\\x07"));
  g_assert_nonnull (strstr (result.out, "<U+202E>"));
  result_clear (&result);
  result = cli (fixture, "servers", NULL);
  g_assert_nonnull (strstr (result.out, "wsus\\x1b]0;x\\x07<U+202E>01.corp.example"));
  result_clear (&result);

  /* The same evidence given as a path to diagnose: names and errors too. */
  result = cli (fixture, "diagnose", bundle, NULL);
  g_assert_cmpint (result.status, ==, 0);
  assert_terminal_safe ("diagnose PATH", result.out);
  result_clear (&result);
}

static void
test_hostile_json (Fixture *fixture, gconstpointer data)
{
  g_autofree char *bundle = write_hostile_bundle (fixture);
  const char *const commands[] = { "diagnose", "runs", "servers" };
  Result result = cli (fixture, "import", bundle, NULL);

  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      result = cli (fixture, commands[i], "--json", NULL);
      g_assert_cmpint (result.status, ==, 0);
      assert_terminal_safe (commands[i], result.out);
      /* Still JSON, and the text survives as \u escapes. */
      g_assert_true (json_parser_load_from_data (parser, result.out, -1, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (result.out, "\\u001b"));
      if (g_str_equal (commands[i], "servers"))
        {
          JsonObject *root = json_node_get_object (json_parser_get_root (parser));
          JsonObject *server = json_array_get_object_element (json_object_get_array_member (root, "servers"), 0);
          g_assert_cmpstr (json_object_get_string_member (server, "name"), ==,
                           "wsus\x1b]0;x\x07\xe2\x80\xae" "01.corp.example");
        }
      result_clear (&result);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli/output/hostile-text", Fixture, NULL, fixture_setup, test_hostile_text, fixture_teardown);
  g_test_add ("/cli/output/hostile-json", Fixture, NULL, fixture_setup, test_hostile_json, fixture_teardown);
  return g_test_run ();
}
