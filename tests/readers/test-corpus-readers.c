/* test-corpus-readers: every case of the shared corpus, whatever its
 * formats, imported through the importer (all readers) and merged by the
 * store, gives exactly the runs its expected.json lists, in order (start
 * to the second, result, server). Also checks the readers of this folder
 * alone: the runs they give are among the expected ones. Skipped when
 * ../shared/corpus is absent. */
#include "readers-test-util.h"
#include "wsd-importer.h"
#include "wsd-store.h"

static gboolean
holds_software_distribution_log (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_str_has_prefix (name, "SoftwareDistribution"))
        return TRUE;
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && holds_software_distribution_log (path))
        return TRUE;
    }
  return FALSE;
}

static void
check_case (gconstpointer data)
{
  const char *dir = data;
  g_autofree char *expected_path = g_build_filename (dir, "expected.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = NULL;
  g_autoptr(WsdStore) store = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  JsonObject *expected;
  JsonArray *expected_runs;
  const char *case_server = NULL;
  gboolean partial = holds_software_distribution_log (dir);

  g_assert_true (json_parser_load_from_file (parser, expected_path, &error));
  expected = json_node_get_object (json_parser_get_root (parser));
  expected_runs = json_object_get_array_member (expected, "runs");
  if (!json_object_get_null_member (expected, "server"))
    case_server = json_object_get_string_member (expected, "server");

  if (strstr (g_test_get_path (), "/own/") != NULL)
    {
      batch = import_path (dir, &error);
      g_assert_no_error (error);
      if (batch->runs->len == 0)
        {
          g_assert_true (partial);
          g_test_skip ("only SoftwareDistribution.log evidence");
          return;
        }
    }
  else
    {
      const char *paths[] = { dir, NULL };
      batch = wsd_import_batch_new ();
      g_assert_true (wsd_importer_read_paths (paths, batch, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      partial = FALSE;
    }
  store = wsd_store_open (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wsd_store_import_batch (store, batch, NULL, &error));
  g_assert_no_error (error);
  runs = wsd_store_list_runs (store, NULL, &error);
  g_assert_no_error (error);

  if (!partial)
    g_assert_cmpuint (runs->len, ==, json_array_get_length (expected_runs));
  for (guint i = 0; i < runs->len; i++)
    {
      WsdRun *run = g_ptr_array_index (runs, i);
      g_autofree char *started = wsd_time_format_iso (run->started);
      gboolean found = FALSE;

      for (guint k = 0; k < json_array_get_length (expected_runs) && !found; k++)
        {
          JsonObject *want = json_array_get_object_element (expected_runs, k);
          const char *server = json_object_has_member (want, "server")
                               ? json_object_get_string_member (want, "server") : case_server;

          if (g_strcmp0 (json_object_get_string_member (want, "started"), started) != 0)
            continue;
          if (server != NULL && g_strcmp0 (server, run->server) != 0)
            continue;
          found = TRUE;
          g_assert_cmpstr (wsd_result_to_string (run->result), ==, json_object_get_string_member (want, "result"));
          /* Exact in order too when this folder's readers read every file. */
          if (!partial)
            g_assert_cmpuint (k, ==, i);
        }
      if (!found)
        g_error ("%s: run of %s started %s (%s) is not in expected.json", dir,
                 run->server != NULL ? run->server : "(unnamed)", started, wsd_result_to_string (run->result));
    }
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

int
main (int argc, char **argv)
{
  const char *shared = g_getenv ("WSD_SHARED_DIR");
  g_autofree char *corpus = shared != NULL ? g_build_filename (shared, "corpus", NULL) : NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);
  dir = corpus != NULL ? g_dir_open (corpus, 0, NULL) : NULL;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *expected = g_build_filename (corpus, name, "expected.json", NULL);
      if (g_file_test (expected, G_FILE_TEST_EXISTS))
        g_ptr_array_add (cases, g_build_filename (corpus, name, NULL));
    }
  g_ptr_array_sort (cases, compare_paths);
  for (guint i = 0; i < cases->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (cases, i));
      g_autofree char *all_path = g_strdup_printf ("/readers/corpus/all/%s", base);
      g_autofree char *own_path = g_strdup_printf ("/readers/corpus/own/%s", base);
      g_test_add_data_func (all_path, g_ptr_array_index (cases, i), check_case);
      g_test_add_data_func (own_path, g_ptr_array_index (cases, i), check_case);
    }
  if (cases->len == 0)
    g_test_add_func ("/readers/corpus/absent", (GTestFunc) g_test_skip);
  return g_test_run ();
}
