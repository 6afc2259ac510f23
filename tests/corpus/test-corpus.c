/* test-corpus.c: the labelled evidence cases, end to end.
 *
 * Each case folder (the shared corpus in $WSD_SHARED_DIR/corpus and our own
 * in tests/knowledge/cases) is handed whole to
 * "wsus-sync-doctor-cli --memory diagnose --json", which imports every
 * file through the importer into an in-memory store and runs the analysis;
 * the result must match the case's expected.json: every run (server,
 * started to the second, result), findings[0].rule of failed runs, the
 * "also" findings present and the "not" rules absent. */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <string.h>

static JsonNode *
diagnose (const char *dir, char **out_error)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *name;
  int status = 0;

  g_ptr_array_add (args, g_strdup (g_getenv ("WSD_CLI")));
  g_ptr_array_add (args, g_strdup ("--memory"));
  g_ptr_array_add (args, g_strdup ("diagnose"));
  g_ptr_array_add (args, g_strdup ("--json"));
  while ((name = g_dir_read_name (handle)) != NULL)
    if (!g_str_equal (name, "expected.json"))
      g_ptr_array_add (args, g_build_filename (dir, name, NULL));
  g_ptr_array_add (args, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) args->pdata, NULL, 0, NULL, NULL, &out, &err, &status, NULL));
  if (!g_spawn_check_wait_status (status, NULL))
    {
      *out_error = g_steal_pointer (&err);
      return NULL;
    }
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  return json_node_ref (json_parser_get_root (parser));
}

static const char *
string_or_null (JsonObject *object, const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static gboolean
has_rule (JsonObject *run, const char *rule)
{
  JsonArray *findings = json_object_get_array_member (run, "findings");
  for (guint i = 0; i < json_array_get_length (findings); i++)
    if (g_strcmp0 (string_or_null (json_array_get_object_element (findings, i), "rule"), rule) == 0)
      return TRUE;
  return FALSE;
}

static void
test_case (gconstpointer data)
{
  const char *dir = data;
  g_autofree char *expected_path = g_build_filename (dir, "expected.json", NULL);
  g_autoptr(JsonParser) expected_parser = json_parser_new ();
  g_autoptr(JsonNode) got = NULL;
  g_autofree char *error = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  JsonObject *expected, *root;
  JsonArray *expected_runs, *runs, *not_rules;
  const char *default_server;

  g_assert_true (json_parser_load_from_file (expected_parser, expected_path, NULL));
  got = diagnose (dir, &error);
  if (got == NULL)
    {
      g_test_fail_printf ("%s: diagnose failed: %s", dir, error);
      return;
    }
  expected = json_node_get_object (json_parser_get_root (expected_parser));
  root = json_node_get_object (got);
  expected_runs = json_object_get_array_member (expected, "runs");
  runs = json_object_get_array_member (root, "runs");
  default_server = string_or_null (expected, "server");

  if (json_array_get_length (runs) != json_array_get_length (expected_runs))
    g_string_append_printf (problems, "\n  %u runs, expected %u", json_array_get_length (runs),
                            json_array_get_length (expected_runs));
  for (guint i = 0; i < json_array_get_length (expected_runs); i++)
    {
      JsonObject *want = json_array_get_object_element (expected_runs, i);
      const char *started = string_or_null (want, "started");
      const char *server = json_object_has_member (want, "server") ? string_or_null (want, "server") : default_server;
      JsonObject *run = NULL;

      for (guint r = 0; r < json_array_get_length (runs) && run == NULL; r++)
        {
          JsonObject *candidate = json_array_get_object_element (runs, r);
          const char *got_started = string_or_null (candidate, "started");
          if (got_started != NULL && strncmp (got_started, started, 19) == 0
              && g_strcmp0 (string_or_null (candidate, "server"), server) == 0)
            run = candidate;
        }
      if (run == NULL)
        {
          g_string_append_printf (problems, "\n  no run of %s at %s", server ? server : "(unnamed)", started);
          continue;
        }
      if (g_strcmp0 (string_or_null (run, "result"), string_or_null (want, "result")) != 0)
        g_string_append_printf (problems, "\n  %s: result %s, expected %s", started,
                                string_or_null (run, "result"), string_or_null (want, "result"));
      if (json_object_has_member (want, "rule"))
        {
          JsonArray *findings = json_object_get_array_member (run, "findings");
          const char *top = json_array_get_length (findings) > 0
                            ? string_or_null (json_array_get_object_element (findings, 0), "rule") : NULL;
          if (g_strcmp0 (top, string_or_null (want, "rule")) != 0)
            g_string_append_printf (problems, "\n  %s: findings[0] %s, expected %s", started, top,
                                    string_or_null (want, "rule"));
        }
      if (json_object_has_member (want, "also"))
        {
          JsonArray *also = json_object_get_array_member (want, "also");
          for (guint a = 0; a < json_array_get_length (also); a++)
            if (!has_rule (run, json_array_get_string_element (also, a)))
              g_string_append_printf (problems, "\n  %s: %s missing", started, json_array_get_string_element (also, a));
        }
    }
  not_rules = json_object_has_member (expected, "not") ? json_object_get_array_member (expected, "not") : NULL;
  for (guint n = 0; not_rules != NULL && n < json_array_get_length (not_rules); n++)
    for (guint r = 0; r < json_array_get_length (runs); r++)
      if (has_rule (json_array_get_object_element (runs, r), json_array_get_string_element (not_rules, n)))
        g_string_append_printf (problems, "\n  %s: %s must not appear",
                                string_or_null (json_array_get_object_element (runs, r), "started"),
                                json_array_get_string_element (not_rules, n));
  if (problems->len > 0)
    g_test_fail_printf ("%s:%s", dir, problems->str);
}

static void
test_no_cases (void)
{
  g_test_skip ("no corpus found");
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
add_cases (const char *root, GPtrArray *keep)
{
  g_autoptr(GDir) handle = g_dir_open (root, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *expected = g_build_filename (root, name, "expected.json", NULL);
      if (g_file_test (expected, G_FILE_TEST_EXISTS))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      char *dir = g_build_filename (root, g_ptr_array_index (names, i), NULL);
      g_autofree char *path = g_strdup_printf ("/corpus/%s", (const char *) g_ptr_array_index (names, i));
      g_ptr_array_add (keep, dir);
      g_test_add_data_func (path, dir, test_case);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *shared = g_build_filename (g_getenv ("WSD_SHARED_DIR") ? g_getenv ("WSD_SHARED_DIR") : "", "corpus", NULL);
  g_autofree char *own = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "knowledge", "cases", NULL);

  g_test_init (&argc, &argv, NULL);
  add_cases (shared, keep);
  add_cases (own, keep);
  if (keep->len == 0)
    {
      g_test_add_func ("/corpus/none", test_no_cases);
    }
  return g_test_run ();
}
