/* test-cli-import.c: "import", "servers" and "runs" of $WSD_CLI against a
 * database in a temporary folder. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "wsd-test-util.h"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "log", "fixtures", name, NULL);
}

static JsonArray *
runs_json (WsdCliFixture *fixture, JsonParser *parser, const char *extra)
{
  WsdCliResult result = extra != NULL ? wsd_cli_run (fixture, "runs", "--json", extra, NULL)
                                      : wsd_cli_run (fixture, "runs", "--json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, result.out, -1, &error));
  g_assert_no_error (error);
  wsd_cli_result_clear (&result);
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "runs");
}

static void
test_import_and_list (WsdCliFixture *fixture, gconstpointer data)
{
  g_autofree char *log = fixture_path ("scheduled-tabs-lf.log");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  WsdCliResult result = wsd_cli_run (fixture, "import", "--server", "wsus01.corp.example", log, NULL);
  JsonArray *runs;
  JsonObject *failed;
  JsonArray *sources;

  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "2 runs added"));
  g_assert_nonnull (strstr (result.out, log));
  wsd_cli_result_clear (&result);

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
  result = wsd_cli_run (fixture, "runs", "--json", "--since", "2026-03-02", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "2026-03-02T02:00:04Z"));
  g_assert_null (strstr (result.out, "2026-03-01T02:00:05Z"));
  wsd_cli_result_clear (&result);
  /* A server the history does not know is an error, not an empty list. */
  result = wsd_cli_run (fixture, "runs", "--server", "other.corp.example", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_null (strstr (result.out, "2026-03"));
  g_assert_nonnull (strstr (result.err, "no server named “other.corp.example”"));
  wsd_cli_result_clear (&result);

  /* text table */
  result = wsd_cli_run (fixture, "runs", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, "STARTED"));
  g_assert_nonnull (strstr (result.out, "2026-03-02T02:00:04Z 2026-03-02T02:01:09Z scheduled failed    metadata"));
  wsd_cli_result_clear (&result);

  result = wsd_cli_run (fixture, "servers", "--json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "\"name\" : \"wsus01.corp.example\""));
  wsd_cli_result_clear (&result);
  result = wsd_cli_run (fixture, "servers", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "wsus01.corp.example"));
  wsd_cli_result_clear (&result);
}

static void
test_reimport_idempotent (WsdCliFixture *fixture, gconstpointer data)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "log", "fixtures", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *before = NULL, *after = NULL;
  WsdCliResult result = wsd_cli_run (fixture, "import", folder, NULL);
  guint n;

  g_assert_cmpint (result.status, ==, 0);
  wsd_cli_result_clear (&result);
  n = json_array_get_length (runs_json (fixture, parser, NULL));
  g_assert_cmpuint (n, >=, 10);
  json_generator_set_root (generator, json_parser_get_root (parser));
  before = json_generator_to_data (generator, NULL);

  result = wsd_cli_run (fixture, "import", folder, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "0 sources imported"));
  g_assert_nonnull (strstr (result.out, "0 runs added, 0 merged"));
  wsd_cli_result_clear (&result);
  runs_json (fixture, parser2, NULL);
  json_generator_set_root (generator, json_parser_get_root (parser2));
  after = json_generator_to_data (generator, NULL);
  g_assert_cmpstr (before, ==, after);
}

static void
test_damaged_leaves_store (WsdCliFixture *fixture, gconstpointer data)
{
  g_autofree char *good = fixture_path ("manual-spaces-crlf.log");
  g_autofree char *other_good = fixture_path ("scheduled-tabs-lf.log");
  g_autofree char *damaged = g_build_filename (fixture->dir, "damaged.log", NULL);
  g_autofree char *expected = g_strdup_printf ("%s:2: ", damaged);
  static const char text[] =
    "2026-03-01 02:00:05.500 UTC\tInfo\tWsusService.1\tEventLogEventReporter.ReportEvent\tEventId=381,Type=Information,Category=Synchronization,Message=A scheduled synchronization was started.\n"
    "2026-02-30 02:00:06.000 UTC\tInfo\tWsusService.1\tX.Y\tno such day\n";
  g_autoptr(JsonParser) parser = json_parser_new ();
  WsdCliResult result;

  g_assert_true (g_file_set_contents (damaged, text, -1, NULL));
  result = wsd_cli_run (fixture, "import", good, NULL);
  g_assert_cmpint (result.status, ==, 0);
  wsd_cli_result_clear (&result);

  /* a good file together with a damaged one: nothing of either is written */
  result = wsd_cli_run (fixture, "import", other_good, damaged, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, expected));
  wsd_cli_result_clear (&result);
  g_assert_cmpuint (json_array_get_length (runs_json (fixture, parser, NULL)), ==, 1);
}

static void
test_unknown_and_unreadable (WsdCliFixture *fixture, gconstpointer data)
{
  g_autofree char *unknown = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.log", NULL);
  WsdCliResult result;

  g_assert_true (g_file_set_contents (unknown, "just some notes\nabout a server\n", -1, NULL));
  result = wsd_cli_run (fixture, "import", unknown, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, unknown));
  g_assert_nonnull (strstr (result.err, "not a recognised evidence format"));
  wsd_cli_result_clear (&result);

  result = wsd_cli_run (fixture, "import", missing, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, missing));
  wsd_cli_result_clear (&result);

  /* inside a folder an unknown file is only skipped */
  result = wsd_cli_run (fixture, "import", fixture->dir, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "skipped"));
  g_assert_nonnull (strstr (result.out, "notes.txt: not a recognised evidence format"));
  wsd_cli_result_clear (&result);
}

static void
test_usage_errors (WsdCliFixture *fixture, gconstpointer data)
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
      WsdCliResult result = wsd_cli_run (fixture, cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL);
      g_assert_cmpint (result.status, ==, 2);
      g_assert_cmpstr (result.err, !=, "");
      wsd_cli_result_clear (&result);
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
  g_test_add ("/cli/import/list", WsdCliFixture, NULL, wsd_cli_fixture_setup, test_import_and_list, wsd_cli_fixture_teardown);
  g_test_add ("/cli/import/idempotent", WsdCliFixture, NULL, wsd_cli_fixture_setup, test_reimport_idempotent, wsd_cli_fixture_teardown);
  g_test_add ("/cli/import/damaged", WsdCliFixture, NULL, wsd_cli_fixture_setup, test_damaged_leaves_store, wsd_cli_fixture_teardown);
  g_test_add ("/cli/import/unknown", WsdCliFixture, NULL, wsd_cli_fixture_setup, test_unknown_and_unreadable, wsd_cli_fixture_teardown);
  g_test_add ("/cli/import/usage", WsdCliFixture, NULL, wsd_cli_fixture_setup, test_usage_errors, wsd_cli_fixture_teardown);
  return g_test_run ();
}
