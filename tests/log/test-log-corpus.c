/* test-log-corpus.c: the runs reconstructed from each corpus case's
 * SoftwareDistribution.log files against the case's expected.json (start
 * to the second and result). Runs only when $WSD_SHARED_DIR/corpus exists;
 * cases with evidence in other formats (history, events, ConfigMgr logs,
 * bundles) are skipped here: their runs do not all come from the log. */
#include <json-glib/json-glib.h>

#include "wsd-log-import.h"
#include "wsd-types.h"

static gboolean
is_log_name (const char *name)
{
  return g_str_has_prefix (name, "SoftwareDistribution");
}

/* Collects the case's files: logs into @logs, anything else into @others. */
static void
collect (const char *dir, GPtrArray *logs, GPtrArray *others)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect (path, logs, others);
      else if (is_log_name (name))
        g_ptr_array_add (logs, g_steal_pointer (&path));
      else if (!g_str_equal (name, "expected.json"))
        g_ptr_array_add (others, g_steal_pointer (&path));
    }
}

static void
test_case (gconstpointer data)
{
  const char *dir = data;
  g_autoptr(GPtrArray) logs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_path = g_build_filename (dir, "expected.json", NULL);
  JsonArray *expected;

  collect (dir, logs, others);
  if (logs->len == 0 || others->len > 0)
    {
      g_autofree char *base = others->len > 0 ? g_path_get_basename (others->pdata[0]) : NULL;
      g_autofree char *why = logs->len == 0
        ? g_strdup ("no SoftwareDistribution.log in this case")
        : g_strdup_printf ("runs also come from %s (another reader's format)", base);
      g_test_skip (why);
      return;
    }

  for (guint i = 0; i < logs->len; i++)
    g_ptr_array_add (files, g_file_new_for_path (logs->pdata[i]));
  g_assert_true (wsd_log_import_files ((GFile *const *) files->pdata, (const char *const *) logs->pdata,
                                      logs->len, NULL, batch, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (batch->sources->len, ==, logs->len);

  g_assert_true (json_parser_load_from_file (parser, expected_path, &error));
  expected = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "runs");

  for (guint i = 0; i < batch->runs->len; i++)
    {
      WsdRun *run = batch->runs->pdata[i];
      g_autofree char *started = wsd_time_format_iso (run->started);
      g_test_message ("run %u: %s %s %s phase=%s error=%s evidence=%u", i, started,
                      wsd_run_type_to_string (run->type), wsd_result_to_string (run->result),
                      wsd_phase_to_string (run->phase), run->error, run->evidence->len);
    }
  g_assert_cmpuint (batch->runs->len, ==, json_array_get_length (expected));
  for (guint i = 0; i < batch->runs->len; i++)
    {
      WsdRun *run = batch->runs->pdata[i];
      JsonObject *want = json_array_get_object_element (expected, i);
      g_autofree char *started = wsd_time_format_iso (run->started);

      g_assert_cmpstr (started, ==, json_object_get_string_member (want, "started"));
      g_assert_cmpstr (wsd_result_to_string (run->result), ==, json_object_get_string_member (want, "result"));
      if (run->result == WSD_RESULT_FAILED)
        {
          g_assert_nonnull (run->error_text);
          g_assert_cmpint (run->phase, !=, WSD_PHASE_NONE);
        }
    }
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

int
main (int argc, char **argv)
{
  const char *shared = g_getenv ("WSD_SHARED_DIR");
  g_autofree char *corpus = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, NULL);

  corpus = g_build_filename (shared != NULL ? shared : "../shared", "corpus", NULL);
  dir = g_dir_open (corpus, 0, NULL);
  if (dir == NULL)
    {
      g_printerr ("no corpus at %s: skipped\n", corpus);
      return 77;   /* meson: skipped */
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (corpus, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (cases, g_steal_pointer (&path));
    }
  g_ptr_array_sort (cases, compare_paths);
  for (guint i = 0; i < cases->len; i++)
    {
      g_autofree char *base = g_path_get_basename (cases->pdata[i]);
      g_autofree char *test_path = g_strdup_printf ("/log-corpus/%s", base);
      g_test_add_data_func (test_path, cases->pdata[i], test_case);
    }
  return g_test_run ();
}
