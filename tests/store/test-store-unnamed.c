/* test-store-unnamed: a loose SoftwareDistribution.log imported without
 * --server files its runs under the placeholder server; the same syncs
 * from a collector bundle (which names the server), imported before or
 * after, are one run each (DESIGN.md, Runs). And the import counters. */
#include <string.h>
#include <glib/gstdio.h>

#include "store-fixtures.h"

#define DAY(n) ((gint64) (n) * 24 * 3600 * G_USEC_PER_SEC)
#define HQ "wsus-hq.corp.example"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = g_dir_make_tmp ("wsd-store-unnamed-XXXXXX", NULL);
  fixture->path = g_build_filename (fixture->dir, "history.sqlite3", NULL);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
import_ok (WsdStore *store, WsdImportBatch *batch, WsdImportStats *stats)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wsd_store_import_batch (store, batch, stats, &error));
  g_assert_no_error (error);
}

/* The sync of day @day as a SoftwareDistribution.log at @path tells it:
 * the same lines whichever copy of the log is read. */
static WsdRun *
log_run (const char *server, const char *path, guint day)
{
  gint64 started = T0 + DAY (day);
  WsdResult result = day % 2 == 0 ? WSD_RESULT_FAILED : WSD_RESULT_SUCCEEDED;
  WsdRun *run = fixture_run (server, started, started + SEC (35), WSD_RUN_TYPE_SCHEDULED, result);

  wsd_run_add_evidence (run, fixture_evidence (WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG, path, 10 * day + 1,
                                               started, "EventId=381 A scheduled synchronization was started."));
  if (result == WSD_RESULT_FAILED)
    {
      run->error_text = g_strdup ("WebException: The request failed with HTTP status 407: Proxy Authentication Required.");
      wsd_run_add_evidence (run, fixture_evidence (WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG, path, 10 * day + 2,
                                                   started + SEC (35), run->error_text));
    }
  return run;
}

/* A loose log of days [@first, @first + @n), read without --server. */
static WsdImportBatch *
loose_log (const char *fingerprint, guint first, guint n)
{
  WsdImportBatch *batch = wsd_import_batch_new ();

  g_ptr_array_add (batch->sources, fixture_source ("Desktop/SoftwareDistribution.log", fingerprint));
  for (guint day = first; day < first + n; day++)
    g_ptr_array_add (batch->runs, log_run (NULL, "Desktop/SoftwareDistribution.log", day));
  return batch;
}

/* The collector bundle of @server: facts, the history rows and the same
 * log lines, days [0, @n). */
static WsdImportBatch *
bundle (const char *server, const char *fingerprint, guint n)
{
  WsdImportBatch *batch = wsd_import_batch_new ();
  g_autofree char *log_path = g_strdup_printf ("WsusSyncDiagnostics-%s/logs/SoftwareDistribution.log", server);
  WsdServer *facts = wsd_server_new (server);

  g_ptr_array_add (batch->servers, facts);
  g_ptr_array_add (batch->sources, fixture_source (log_path, fingerprint));
  for (guint day = 0; day < n; day++)
    {
      WsdRun *log = log_run (server, log_path, day);
      WsdRun *history = fixture_run (server, log->started + SEC (2), log->finished + SEC (1),
                                     WSD_RUN_TYPE_SCHEDULED, log->result);

      history->history_id = g_strdup_printf ("00000000-0000-4000-8000-%012u", day);
      history->error = g_strdup (log->result == WSD_RESULT_FAILED ? "UssCommunicationError" : NULL);
      g_ptr_array_add (batch->runs, log);
      g_ptr_array_add (batch->runs, history);
    }
  return batch;
}

static gint64
count (Fixture *fixture, const char *sql)
{
  return fixture_sql_int (fixture->path, sql);
}

static void
assert_one_row_per_sync (Fixture *fixture, guint days)
{
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM runs"), ==, days);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM runs r JOIN servers s ON s.id = r.server_id"
                                   " WHERE s.name = '" HQ "'"), ==, days);
  /* Nothing is left on the placeholder server, which is gone. */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM servers WHERE name = '(unnamed)'"), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM evidence e JOIN servers s ON s.id = e.server_id"
                                   " WHERE s.name <> '" HQ "'"), ==, 0);
  /* Every record is attached to a run of its own server, once. */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM evidence e JOIN runs r ON r.id = e.run_id"
                                   " WHERE r.server_id = e.server_id"), ==,
                   count (fixture, "SELECT count(*) FROM evidence"));
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM runs WHERE history_id IS NULL"), ==, 0);
}

static void
test_loose_log_then_bundle (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = wsd_store_open (fixture->path, NULL);
  g_autoptr(WsdImportBatch) loose = loose_log ("sha-loose", 0, 6);
  g_autoptr(WsdImportBatch) named = bundle (HQ, "sha-bundle", 6);
  WsdImportStats stats;

  import_ok (store, loose, &stats);
  g_assert_cmpuint (stats.runs_added, ==, 6);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM runs r JOIN servers s ON s.id = r.server_id"
                                   " WHERE s.name = '(unnamed)'"), ==, 6);

  import_ok (store, named, &stats);
  g_assert_cmpuint (stats.runs_added, ==, 0);
  g_assert_cmpuint (stats.runs_merged, ==, 6);
  assert_one_row_per_sync (fixture, 6);
  /* The loose copy's records are the bundle copy's (same lines): the
   * log records of 6 syncs (3 failed), once. */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM evidence WHERE path_id IN"
                                   " (SELECT id FROM paths WHERE path LIKE '%SoftwareDistribution.log')"), ==, 9);
}

static void
test_bundle_then_loose_log (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = wsd_store_open (fixture->path, NULL);
  g_autoptr(WsdImportBatch) named = bundle (HQ, "sha-bundle", 6);
  g_autoptr(WsdImportBatch) loose = loose_log ("sha-loose", 0, 6);
  g_autoptr(WsdImportBatch) older = loose_log ("sha-older", 20, 1);
  WsdImportStats stats;

  import_ok (store, named, &stats);
  g_assert_cmpuint (stats.runs_added, ==, 6);
  import_ok (store, loose, &stats);
  g_assert_cmpuint (stats.runs_added, ==, 0);
  g_assert_cmpuint (stats.runs_merged, ==, 6);
  assert_one_row_per_sync (fixture, 6);

  /* A sync no named server knows stays under the placeholder. */
  import_ok (store, older, &stats);
  g_assert_cmpuint (stats.runs_added, ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM runs r JOIN servers s ON s.id = r.server_id"
                                   " WHERE s.name = '(unnamed)'"), ==, 1);
}

static void
test_loose_log_matching_two_servers (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = wsd_store_open (fixture->path, NULL);
  g_autoptr(WsdImportBatch) first = bundle ("wsus-a", "sha-a", 2);
  g_autoptr(WsdImportBatch) second = bundle ("wsus-b", "sha-b", 2);
  g_autoptr(WsdImportBatch) loose = loose_log ("sha-loose", 0, 2);
  WsdImportStats stats;

  import_ok (store, first, NULL);
  import_ok (store, second, NULL);
  /* Which server's log this is cannot be told: it stays unnamed. */
  import_ok (store, loose, &stats);
  g_assert_cmpuint (stats.runs_added, ==, 2);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM runs r JOIN servers s ON s.id = r.server_id"
                                   " WHERE s.name = '(unnamed)'"), ==, 2);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM runs"), ==, 6);
}

static void
test_changed_copy_counts_merged_runs (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = wsd_store_open (fixture->path, NULL);
  g_autoptr(WsdImportBatch) log = loose_log ("sha-1", 0, 3);
  g_autoptr(WsdImportBatch) grown = loose_log ("sha-2", 0, 4);
  WsdImportStats stats;

  import_ok (store, log, &stats);
  g_assert_cmpuint (stats.runs_added, ==, 3);
  g_assert_cmpuint (stats.runs_merged, ==, 0);
  /* The log grew by one sync: three runs merge (nothing new in them),
   * one is added. */
  import_ok (store, grown, &stats);
  g_assert_cmpuint (stats.sources_new, ==, 1);
  g_assert_cmpuint (stats.runs_added, ==, 1);
  g_assert_cmpuint (stats.runs_merged, ==, 3);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM runs"), ==, 4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/store/unnamed/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("loose-log-then-bundle", test_loose_log_then_bundle);
  ADD ("bundle-then-loose-log", test_bundle_then_loose_log);
  ADD ("loose-log-matching-two-servers", test_loose_log_matching_two_servers);
  ADD ("changed-copy-counts-merged-runs", test_changed_copy_counts_merged_runs);
#undef ADD
  return g_test_run ();
}
