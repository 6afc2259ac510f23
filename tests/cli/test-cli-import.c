/* test-cli-import.c: "import", "servers" and "runs" of $WSD_CLI against a
 * database in a temporary folder. */
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
  g_free (result->out);
  g_free (result->err);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = g_dir_make_tmp ("wsd-cli-XXXXXX", NULL);
  fixture->database = g_build_filename (fixture->dir, "history.sqlite3", NULL);
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
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "log", "fixtures", name, NULL);
}

static JsonArray *
runs_json (Fixture *fixture, JsonParser *parser, const char *extra)
{
  Result result = extra != NULL ? cli (fixture, "runs", "--json", extra, NULL)
                                : cli (fixture, "runs", "--json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, result.out, -1, &error));
  g_assert_no_error (error);
  result_clear (&result);
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "runs");
}

static void
test_import_and_list (Fixture *fixture, gconstpointer data)
{
  g_autofree char *log = fixture_path ("scheduled-tabs-lf.log");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  Result result = cli (fixture, "import", "--server", "wsus01.corp.example", log, NULL);
  JsonArray *runs;
  JsonObject *failed;
  JsonArray *sources;

  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "2 runs added"));
  g_assert_nonnull (strstr (result.out, log));
  result_clear (&result);

  runs = runs_json (fixture, parser, NULL);
  g_assert_cmpuint (json_array_get_length (runs), ==, 2);
  failed = json_array_get_object_element (runs, 1);
  g_assert_cmpstr (json_object_get_string_member (failed, "server"), ==, "wsus01.corp.example");
  g_assert_cmpstr (json_object_get_string_member (failed, "started"), ==, "2026-03-02T02:00:04Z");
  g_assert_cmpstr (json_object_get_string_member (failed, "finished"), ==, "2026-03-02T02:01:09Z");
  g_assert_cmpstr (json_object_get_string_member (failed, "type"), ==, "scheduled");
  g_assert_cmpstr (json_object_get_string_member (failed, "result"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (failed, "phase"), ==, "metadata");
  g_assert_cmpstr (json_object_get_string_member (failed, "error"), ==, "UssCommunicationError");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (failed, "error_text"), "UssCommunicationError: WebException"));
  g_assert_nonnull (json_object_get_string_member (failed, "id"));
  sources = json_object_get_array_member (failed, "sources");
  g_assert_cmpuint (json_array_get_length (sources), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sources, 0), "path"), ==, log);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (sources, 0), "line"), >, 0);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (runs, 0), "phase"));

  /* filters */
  runs = runs_json (fixture, parser2, "--failed");
  g_assert_cmpuint (json_array_get_length (runs), ==, 1);
  result = cli (fixture, "runs", "--json", "--since", "2026-03-02", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "2026-03-02T02:00:04Z"));
  g_assert_null (strstr (result.out, "2026-03-01T02:00:05Z"));
  result_clear (&result);
  /* A server the history does not know is an error, not an empty list. */
  result = cli (fixture, "runs", "--server", "other.corp.example", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_null (strstr (result.out, "2026-03"));
  g_assert_nonnull (strstr (result.err, "no server named “other.corp.example”"));
  result_clear (&result);

  /* text table */
  result = cli (fixture, "runs", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, "STARTED"));
  g_assert_nonnull (strstr (result.out, "2026-03-02T02:00:04Z 2026-03-02T02:01:09Z scheduled failed    metadata"));
  result_clear (&result);

  result = cli (fixture, "servers", "--json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "\"name\" : \"wsus01.corp.example\""));
  result_clear (&result);
  result = cli (fixture, "servers", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "wsus01.corp.example"));
  result_clear (&result);
}

static void
test_reimport_idempotent (Fixture *fixture, gconstpointer data)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "log", "fixtures", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *before = NULL, *after = NULL;
  Result result = cli (fixture, "import", folder, NULL);
  guint n;

  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);
  n = json_array_get_length (runs_json (fixture, parser, NULL));
  g_assert_cmpuint (n, >=, 10);
  json_generator_set_root (generator, json_parser_get_root (parser));
  before = json_generator_to_data (generator, NULL);

  result = cli (fixture, "import", folder, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "0 sources imported"));
  g_assert_nonnull (strstr (result.out, "0 runs added, 0 merged"));
  result_clear (&result);
  runs_json (fixture, parser2, NULL);
  json_generator_set_root (generator, json_parser_get_root (parser2));
  after = json_generator_to_data (generator, NULL);
  g_assert_cmpstr (before, ==, after);
}

static void
test_damaged_leaves_store (Fixture *fixture, gconstpointer data)
{
  g_autofree char *good = fixture_path ("manual-spaces-crlf.log");
  g_autofree char *other_good = fixture_path ("scheduled-tabs-lf.log");
  g_autofree char *damaged = g_build_filename (fixture->dir, "damaged.log", NULL);
  g_autofree char *expected = g_strdup_printf ("%s:2: ", damaged);
  static const char text[] =
    "2026-03-01 02:00:05.500 UTC\tInfo\tWsusService.1\tEventLogEventReporter.ReportEvent\tEventId=381,Type=Information,Category=Synchronization,Message=A scheduled synchronization was started.\n"
    "2026-02-30 02:00:06.000 UTC\tInfo\tWsusService.1\tX.Y\tno such day\n";
  g_autoptr(JsonParser) parser = json_parser_new ();
  Result result;

  g_assert_true (g_file_set_contents (damaged, text, -1, NULL));
  result = cli (fixture, "import", good, NULL);
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);

  /* a good file together with a damaged one: nothing of either is written */
  result = cli (fixture, "import", other_good, damaged, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, expected));
  result_clear (&result);
  g_assert_cmpuint (json_array_get_length (runs_json (fixture, parser, NULL)), ==, 1);
}

static void
test_unknown_and_unreadable (Fixture *fixture, gconstpointer data)
{
  g_autofree char *unknown = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.log", NULL);
  Result result;

  g_assert_true (g_file_set_contents (unknown, "just some notes\nabout a server\n", -1, NULL));
  result = cli (fixture, "import", unknown, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, unknown));
  g_assert_nonnull (strstr (result.err, "not a recognised evidence format"));
  result_clear (&result);

  result = cli (fixture, "import", missing, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, missing));
  result_clear (&result);

  /* inside a folder an unknown file is only skipped */
  result = cli (fixture, "import", fixture->dir, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "skipped"));
  g_assert_nonnull (strstr (result.out, "notes.txt: not a recognised evidence format"));
  result_clear (&result);
}

static void
test_usage_errors (Fixture *fixture, gconstpointer data)
{
  const char *const cases[][4] = {
    { "import", NULL },
    { "import", "--bogus", "x", NULL },
    { "runs", "--since", "yesterday-ish", NULL },
    { "runs", "--nope", NULL },
    { "runs", "extra", NULL },
    { "servers", "--json", "extra", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Result result = cli (fixture, cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL);
      g_assert_cmpint (result.status, ==, 2);
      g_assert_cmpstr (result.err, !=, "");
      result_clear (&result);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("WSD_CLI") == NULL || !g_file_test (g_getenv ("WSD_CLI"), G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("WSD_CLI is not set to the built CLI: skipped\n");
      return 77;
    }
  g_test_add ("/cli/import/list", Fixture, NULL, fixture_setup, test_import_and_list, fixture_teardown);
  g_test_add ("/cli/import/idempotent", Fixture, NULL, fixture_setup, test_reimport_idempotent, fixture_teardown);
  g_test_add ("/cli/import/damaged", Fixture, NULL, fixture_setup, test_damaged_leaves_store, fixture_teardown);
  g_test_add ("/cli/import/unknown", Fixture, NULL, fixture_setup, test_unknown_and_unreadable, fixture_teardown);
  g_test_add ("/cli/import/usage", Fixture, NULL, fixture_setup, test_usage_errors, fixture_teardown);
  return g_test_run ();
}
