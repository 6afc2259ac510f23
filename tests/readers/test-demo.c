/* test-demo: the demo bundles of data/demo import as a WSUS pair with
 * several kinds of failure and 15-minute retries on the downstream. */
#include "readers-test-util.h"

static void
test_demo_pair (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("WSD_SOURCE_ROOT"), "data", "demo", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = import_path (path, &error);
  g_autoptr(GHashTable) errors = g_hash_table_new (g_str_hash, g_str_equal);
  guint failed = 0, retries = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (batch->servers->len, ==, 2);
  for (guint i = 0; i < batch->servers->len; i++)
    {
      WsdServer *server = g_ptr_array_index (batch->servers, i);
      if (g_str_equal (server->name, "wsus-hq.corp.example"))
        g_assert_cmpint (server->role, ==, WSD_ROLE_UPSTREAM);
      else
        {
          g_assert_cmpstr (server->name, ==, "wsus-br01.branch.corp.example");
          g_assert_cmpint (server->role, ==, WSD_ROLE_DOWNSTREAM);
          g_assert_cmpstr (wsd_server_fact_string (server, "upstream_server"), ==, "wsus-hq.corp.example");
        }
      g_assert_nonnull (server->updates);
      g_assert_cmpuint (server->updates->len, >, 10);
    }
  g_assert_cmpuint (batch->runs->len, >, 200);
  for (guint i = 0; i < batch->runs->len; i++)
    {
      WsdRun *run = g_ptr_array_index (batch->runs, i);
      if (run->result != WSD_RESULT_FAILED || run->history_id == NULL)
        continue;
      failed++;
      g_hash_table_add (errors, run->error);
      /* A downstream retry: another failed scheduled run 15 minutes earlier. */
      for (guint k = 0; k < batch->runs->len; k++)
        {
          WsdRun *other = g_ptr_array_index (batch->runs, k);
          gint64 gap = run->started - other->started;
          if (other->history_id != NULL && g_strcmp0 (other->server, run->server) == 0 && other->result == WSD_RESULT_FAILED
              && gap > 14 * 60 * G_USEC_PER_SEC && gap < 16 * 60 * G_USEC_PER_SEC)
            retries++;
        }
    }
  g_assert_cmpuint (failed, >=, 12);
  g_assert_cmpuint (retries, >=, 6);
  g_assert_true (g_hash_table_contains (errors, "UssCommunicationError"));
  g_assert_true (g_hash_table_contains (errors, "LocalDbTooBusy"));
  /* README.md and the two logs: this folder's readers do not read SoftwareDistribution.log. */
  g_assert_cmpuint (batch->skipped->len, ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/readers/demo/pair", test_demo_pair);
  return g_test_run ();
}
