/* test-cli-output.c: what the text and JSON printers of $WSD_CLI show when
 * the evidence is hostile, and which servers they show. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "wsd-test-util.h"

static char *
write_file (WsdCliFixture *fixture, const char *name, const char *contents)
{
  return wsd_test_write_file (fixture->dir, name, contents, -1);
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
write_hostile_bundle (WsdCliFixture *fixture)
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
test_hostile_text (WsdCliFixture *fixture, gconstpointer data)
{
  g_autofree char *bundle = write_hostile_bundle (fixture);
  WsdCliResult result = wsd_cli_run (fixture, "import", bundle, NULL);
  const char *const commands[][3] = {
    { "diagnose", NULL }, { "runs", NULL }, { "runs", "--failed" }, { "servers", NULL }, { "check", NULL },
  };

  g_assert_cmpint (result.status, ==, 0);
  assert_terminal_safe ("import", result.out);
  wsd_cli_result_clear (&result);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      result = wsd_cli_run (fixture, commands[i][0], commands[i][1], NULL);
      g_assert_cmpint (result.status, <=, 2);
      assert_terminal_safe (commands[i][0], result.out);
      assert_terminal_safe (commands[i][0], result.err);
      wsd_cli_result_clear (&result);
    }

  /* The escapes are shown, not dropped. */
  result = wsd_cli_run (fixture, "diagnose", NULL);
  g_assert_nonnull (strstr (result.out, "\\x1b]0;owned\\x07"));
  g_assert_nonnull (strstr (result.out, "<U+202E>"));
  wsd_cli_result_clear (&result);
  result = wsd_cli_run (fixture, "servers", NULL);
  g_assert_nonnull (strstr (result.out, "wsus\\x1b]0;x\\x07<U+202E>01.corp.example"));
  wsd_cli_result_clear (&result);

  /* The same evidence given as a path to diagnose: names and errors too. */
  result = wsd_cli_run (fixture, "diagnose", bundle, NULL);
  g_assert_cmpint (result.status, ==, 0);
  assert_terminal_safe ("diagnose PATH", result.out);
  wsd_cli_result_clear (&result);
}

static void
test_hostile_json (WsdCliFixture *fixture, gconstpointer data)
{
  g_autofree char *bundle = write_hostile_bundle (fixture);
  const char *const commands[] = { "diagnose", "runs", "servers" };
  WsdCliResult result = wsd_cli_run (fixture, "import", bundle, NULL);

  g_assert_cmpint (result.status, ==, 0);
  wsd_cli_result_clear (&result);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      result = wsd_cli_run (fixture, commands[i], "--json", NULL);
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
      wsd_cli_result_clear (&result);
    }
}

/* Two servers: wsus01 synchronizes from wsus-hq; both have BITS disabled
 * (a configuration finding each); wsus01's last run failed. */
static void
import_two_servers (WsdCliFixture *fixture)
{
  g_autofree char *a = write_file (fixture, "a/bundle.json",
    "{ \"format\": \"wsus-sync-doctor-bundle\", \"version\": 1, \"collected_utc\": \"2026-11-20T08:00:00Z\",\n"
    "  \"server\": { \"name\": \"wsus01.corp.example\", \"sync_from_microsoft_update\": false,\n"
    "              \"upstream_server\": \"wsus-hq.corp.example\", \"upstream_port\": 8531, \"upstream_use_ssl\": true,\n"
    "              \"services\": { \"BITS\": { \"start_type\": \"Disabled\", \"status\": \"Stopped\" } } },\n"
    "  \"history\": [ { \"id\": \"6f1c1f5e-0000-4000-8000-000000000001\", \"start_utc\": \"2026-11-19T03:00:12Z\",\n"
    "                 \"end_utc\": \"2026-11-19T03:02:40Z\", \"started_manually\": false, \"result\": \"Failed\",\n"
    "                 \"error\": \"ProxyError\", \"error_text\": \"WebException: The remote server returned an error: (407) Proxy Authentication Required.\" } ] }\n");
  g_autofree char *b = write_file (fixture, "b/bundle.json",
    "{ \"format\": \"wsus-sync-doctor-bundle\", \"version\": 1, \"collected_utc\": \"2026-11-20T08:00:00Z\",\n"
    "  \"server\": { \"name\": \"wsus-hq.corp.example\", \"sync_from_microsoft_update\": true,\n"
    "              \"services\": { \"BITS\": { \"start_type\": \"Disabled\", \"status\": \"Stopped\" } } },\n"
    "  \"history\": [ { \"id\": \"6f1c1f5e-0000-4000-8000-000000000002\", \"start_utc\": \"2026-11-19T01:00:00Z\",\n"
    "                 \"end_utc\": \"2026-11-19T01:30:00Z\", \"started_manually\": false, \"result\": \"Succeeded\" } ] }\n");
  WsdCliResult result = wsd_cli_run (fixture, "import", a, b, NULL);

  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "2 servers added"));
  wsd_cli_result_clear (&result);
}

static JsonObject *
diagnose_json (WsdCliFixture *fixture, JsonParser *parser, const char *server)
{
  WsdCliResult result = server != NULL ? wsd_cli_run (fixture, "diagnose", "--json", "--server", server, NULL)
                                 : wsd_cli_run (fixture, "diagnose", "--json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, result.out, -1, &error));
  g_assert_no_error (error);
  wsd_cli_result_clear (&result);
  return json_node_get_object (json_parser_get_root (parser));
}

static char *
rules_of_run (JsonObject *run)
{
  JsonArray *findings = json_object_get_array_member (run, "findings");
  GString *rules = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (findings); i++)
    g_string_append_printf (rules, "%s ", json_object_get_string_member (json_array_get_object_element (findings, i), "rule"));
  return g_string_free (rules, FALSE);
}

static void
test_server_filter (WsdCliFixture *fixture, gconstpointer data)
{
  g_autoptr(JsonParser) all_parser = json_parser_new ();
  g_autoptr(JsonParser) one_parser = json_parser_new ();
  g_autofree char *report = g_build_filename (fixture->dir, "report.html", NULL);
  g_autofree char *html = NULL, *all_rules = NULL, *one_rules = NULL;
  JsonObject *all, *one;
  JsonArray *servers, *runs;
  WsdCliResult result;

  import_two_servers (fixture);
  all = diagnose_json (fixture, all_parser, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (all, "servers")), ==, 2);

  /* Only the named server (in any case), diagnosed as with all of them. */
  one = diagnose_json (fixture, one_parser, "WSUS01.Corp.Example");
  servers = json_object_get_array_member (one, "servers");
  g_assert_cmpuint (json_array_get_length (servers), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (servers, 0), "name"), ==, "wsus01.corp.example");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (servers, 0), "configuration")), ==, 1);
  runs = json_object_get_array_member (one, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (runs, 0), "server"), ==, "wsus01.corp.example");
  one_rules = rules_of_run (json_array_get_object_element (runs, 0));
  for (guint i = 0; i < json_array_get_length (json_object_get_array_member (all, "runs")); i++)
    {
      JsonObject *run = json_array_get_object_element (json_object_get_array_member (all, "runs"), i);
      if (g_strcmp0 (json_object_get_string_member (run, "server"), "wsus01.corp.example") == 0)
        all_rules = rules_of_run (run);
    }
  g_assert_cmpstr (one_rules, ==, all_rules);
  g_assert_nonnull (strstr (one_rules, "proxy-auth"));

  result = wsd_cli_run (fixture, "diagnose", "--server", "wsus01.corp.example", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, "wsus01.corp.example "));
  g_assert_null (strstr (result.out, "wsus-hq"));
  wsd_cli_result_clear (&result);

  result = wsd_cli_run (fixture, "report", "--output", report, "--server", "wsus01.corp.example", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "1 synchronizations of 1 servers"));
  wsd_cli_result_clear (&result);
  g_assert_true (g_file_get_contents (report, &html, NULL, NULL));
  g_assert_null (strstr (html, "of 2 servers"));

  result = wsd_cli_run (fixture, "runs", "--server", "WSUS-HQ.corp.example", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "succeeded"));
  g_assert_null (strstr (result.out, "failed"));
  wsd_cli_result_clear (&result);

  result = wsd_cli_run (fixture, "check", "--server", "wsus-hq.CORP.example", NULL);
  g_assert_cmpint (result.status, ==, 1);   /* WARNING: succeeded, but BITS is disabled */
  g_assert_true (g_str_has_prefix (result.out, "WSUS SYNC WARNING - wsus-hq.corp.example: "));
  g_assert_nonnull (strstr (result.out, "servers=1 "));
  wsd_cli_result_clear (&result);
}

static void
test_unknown_server (WsdCliFixture *fixture, gconstpointer data)
{
  g_autofree char *report = g_build_filename (fixture->dir, "report.html", NULL);
  const char *const commands[][4] = {
    { "diagnose", "--server", "nosuch", NULL },
    { "diagnose", "--json", "--server", "nosuch" },
    { "runs", "--server", "nosuch", NULL },
    { "report", "--server", "nosuch", "--output" },
  };
  WsdCliResult result;

  import_two_servers (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      result = wsd_cli_run (fixture, commands[i][0], commands[i][1], commands[i][2], commands[i][3],
                    g_str_equal (commands[i][0], "report") ? report : NULL, NULL);
      g_assert_cmpint (result.status, ==, 1);
      g_assert_cmpstr (result.out, ==, "");
      g_assert_nonnull (strstr (result.err, "no server named “nosuch”"));
      wsd_cli_result_clear (&result);
    }
  g_assert_false (g_file_test (report, G_FILE_TEST_EXISTS));

  /* check is a monitoring plugin: a server it cannot find is UNKNOWN. */
  result = wsd_cli_run (fixture, "check", "--server", "nosuch", NULL);
  g_assert_cmpint (result.status, ==, 3);
  g_assert_true (g_str_has_prefix (result.out, "WSUS SYNC UNKNOWN - "));
  g_assert_nonnull (strstr (result.out, "no server named “nosuch”"));
  wsd_cli_result_clear (&result);
}

static void
import_server (WsdCliFixture *fixture, const char *folder, const char *name, const char *started)
{
  g_autofree char *file = g_build_filename (folder, "bundle.json", NULL);
  g_autofree char *json = g_strdup_printf (
    "{ \"format\": \"wsus-sync-doctor-bundle\", \"version\": 1,\n"
    "  \"server\": { \"name\": \"%s\", \"wsus_version\": \"10.0.17763.678\" },\n"
    "  \"history\": [ { \"id\": \"%s\", \"start_utc\": \"%s\", \"end_utc\": \"%s\", \"result\": \"Succeeded\" } ] }\n",
    name, folder, started, started);
  g_autofree char *path = write_file (fixture, file, json);
  WsdCliResult result = wsd_cli_run (fixture, "import", path, NULL);

  g_assert_cmpint (result.status, ==, 0);
  wsd_cli_result_clear (&result);
}

/* Character offset of @needle in @line, or -1. */
static glong
char_offset (const char *line, const char *needle)
{
  const char *at = strstr (line, needle);
  return at != NULL ? g_utf8_pointer_to_offset (line, at) : -1;
}

/* Every line of @table has a word of @words at the character offset
 * where @header_word is in the header line. */
static void
assert_column (const char *table, const char *header_word, const char *const *words)
{
  g_auto(GStrv) lines = g_strsplit (table, "\n", -1);
  glong column = char_offset (lines[0], header_word);

  g_assert_cmpint (column, >, 0);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      gboolean aligned = FALSE;
      for (guint w = 0; words[w] != NULL; w++)
        aligned |= char_offset (lines[i], words[w]) == column;
      if (!aligned)
        g_error ("column %s is not aligned in line %u:\n%s", header_word, i, table);
    }
}

static void
test_table_alignment (WsdCliFixture *fixture, gconstpointer data)
{
  const char *const long_name = "wsus-branch-office-with-a-rather-long-name-01.eu-west.corp.example";
  const char *const roles[] = { "unknown", "upstream", "downstream", "autonomous", "replica", NULL };
  const char *const stamps[] = { "2026-", NULL };
  WsdCliResult result;

  import_server (fixture, "s1", "a", "2026-11-18T01:00:00Z");
  import_server (fixture, "s2", "wsüs-zweigstelle-münchen.corp.example", "2026-11-19T01:00:00Z");
  import_server (fixture, "s3", long_name, "2026-11-20T01:00:00Z");

  result = wsd_cli_run (fixture, "servers", NULL);
  g_assert_cmpint (result.status, ==, 0);
  assert_column (result.out, "ROLE", roles);
  g_assert_nonnull (strstr (result.out, "wsüs-zweigstelle-münchen.corp.example "));
  /* A name too long for the column is cut, not wrapped. */
  g_assert_null (strstr (result.out, long_name));
  g_assert_nonnull (strstr (result.out, "…"));
  wsd_cli_result_clear (&result);

  result = wsd_cli_run (fixture, "runs", NULL);
  g_assert_cmpint (result.status, ==, 0);
  assert_column (result.out, "STARTED", stamps);
  wsd_cli_result_clear (&result);
}

static void
test_check_unnamed (WsdCliFixture *fixture, gconstpointer data)
{
  g_autofree char *log = write_file (fixture, "SoftwareDistribution.log",
    "2026-03-02 02:00:04.250 UTC\tInfo\tWsusService.12\tEventLogEventReporter.ReportEvent\tEventId=381,Type=Information,Category=Synchronization,Message=A scheduled synchronization was started.\n"
    "2026-03-02 02:01:09.000 UTC\tError\tWsusService.12\tCatalogSyncAgentCore.CatalogSyncThreadProcess\tWebException: The remote server returned an error: (407) Proxy Authentication Required.\n"
    "2026-03-02 02:01:09.100 UTC\tInfo\tWsusService.12\tEventLogEventReporter.ReportEvent\tEventId=386,Type=Error,Category=Synchronization,Message=Synchronization failed.\n");
  WsdCliResult result = wsd_cli_run (fixture, "import", log, NULL);

  g_assert_cmpint (result.status, ==, 0);
  wsd_cli_result_clear (&result);
  result = wsd_cli_run (fixture, "check", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_true (g_str_has_prefix (result.out, "WSUS SYNC CRITICAL - (unnamed): synchronization failed"));
  wsd_cli_result_clear (&result);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli/output/hostile-text", WsdCliFixture, NULL, wsd_cli_fixture_setup, test_hostile_text, wsd_cli_fixture_teardown);
  g_test_add ("/cli/output/hostile-json", WsdCliFixture, NULL, wsd_cli_fixture_setup, test_hostile_json, wsd_cli_fixture_teardown);
  g_test_add ("/cli/output/server-filter", WsdCliFixture, NULL, wsd_cli_fixture_setup, test_server_filter, wsd_cli_fixture_teardown);
  g_test_add ("/cli/output/unknown-server", WsdCliFixture, NULL, wsd_cli_fixture_setup, test_unknown_server, wsd_cli_fixture_teardown);
  g_test_add ("/cli/output/table-alignment", WsdCliFixture, NULL, wsd_cli_fixture_setup, test_table_alignment, wsd_cli_fixture_teardown);
  g_test_add ("/cli/output/check-unnamed", WsdCliFixture, NULL, wsd_cli_fixture_setup, test_check_unnamed, wsd_cli_fixture_teardown);
  return g_test_run ();
}
