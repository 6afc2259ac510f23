/* test-store-concurrency.c: a reader next to an importing thread, and
 * imports killed with SIGKILL at random points.
 *
 * Run as "test-store-concurrency --import-child DB FIRST" it is the child
 * the crash test kills: it imports batch FIRST, FIRST+1, … into DB and
 * prints each batch number once its transaction has committed.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "store-fixtures.h"

#define RUNS_PER_BATCH 150
#define EVIDENCE_PER_RUN 8
#define LOOSE_PER_BATCH 30

/* Batch @n of a deterministic series: its own server, source and runs. */
static WsdImportBatch *
series_batch (guint n)
{
  WsdImportBatch *batch = wsd_import_batch_new ();
  g_autofree char *server = g_strdup_printf ("wsus%02u", n % 7);
  g_autofree char *fingerprint = g_strdup_printf ("series-%u", n);
  g_autofree char *path = g_strdup_printf ("logs/%u/SoftwareDistribution.log", n);

  g_ptr_array_add (batch->sources, fixture_source (path, fingerprint));
  for (guint r = 0; r < RUNS_PER_BATCH; r++)
    {
      gint64 started = T0 + SEC (86400) * n + SEC (1200) * r;
      WsdRun *run = fixture_run (server, started, started + SEC (100), WSD_RUN_TYPE_SCHEDULED,
                                 r % 3 == 0 ? WSD_RESULT_FAILED : WSD_RESULT_SUCCEEDED);

      run->history_id = g_strdup_printf ("%u-%u", n, r);
      if (run->result == WSD_RESULT_FAILED)
        run->error_text = g_strdup_printf ("System.Net.WebException: batch %u run %u failed\n   at Frame()", n, r);
      for (guint e = 0; e < EVIDENCE_PER_RUN; e++)
        wsd_run_add_evidence (run, fixture_evidence (WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG, path,
                                                     r * 100 + e + 1, started + SEC (e),
                                                     "2026-11-20 03:00:12.345 UTC Info w3wp.3 SoftwareDistribution Sync step"));
      g_ptr_array_add (batch->runs, run);
    }
  for (guint l = 0; l < LOOSE_PER_BATCH; l++)
    wsd_import_batch_add_loose_evidence (batch, server,
      fixture_evidence (WSD_SOURCE_KIND_EVENT, "events.xml", 0, T0 + SEC (86400) * n + SEC (1200) * l + SEC (500),
                        "Event 10021 warning"));
  return batch;
}

static int
import_child (const char *path, guint first)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = wsd_store_open (path, &error);

  if (store == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }
  for (guint n = first; n < first + 100000; n++)
    {
      g_autoptr(WsdImportBatch) batch = series_batch (n);

      printf ("B %u\n", n);
      fflush (stdout);
      if (!wsd_store_import_batch (store, batch, NULL, &error))
        {
          g_printerr ("child: %s\n", error->message);
          return 1;
        }
      /* Only now is batch n durable: tell the parent. */
      printf ("C %u\n", n);
      fflush (stdout);
    }
  return 0;
}

/* Every batch in the file is complete, and so is every batch reported
 * committed. Returns the number of complete batches (they are 0..N-1). */
static guint
check_series (const char *path, GHashTable *reported)
{
  guint batches;
  GHashTableIter iter;
  gpointer key;

  /* Killed while the first open still migrated: the migration is one
   * transaction, so the file holds no schema at all, and nothing can have
   * been reported committed. */
  if (fixture_sql_int (path, "SELECT count(*) FROM sqlite_master WHERE name = 'sources'") == 0)
    {
      g_assert_cmpint (fixture_sql_int (path, "PRAGMA user_version"), ==, 0);
      g_assert_cmpuint (g_hash_table_size (reported), ==, 0);
      return 0;
    }
  batches = fixture_sql_int (path, "SELECT count(*) FROM sources");

  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
    sqlite3_finalize (stmt);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  g_assert_cmpint (fixture_sql_int (path, "SELECT count(*) FROM runs"), ==, (gint64) batches * RUNS_PER_BATCH);
  g_assert_cmpint (fixture_sql_int (path, "SELECT count(*) FROM evidence WHERE loose = 0"), ==,
                   (gint64) batches * RUNS_PER_BATCH * EVIDENCE_PER_RUN);
  g_assert_cmpint (fixture_sql_int (path, "SELECT count(*) FROM evidence WHERE loose = 1"), ==,
                   (gint64) batches * LOOSE_PER_BATCH);
  /* Per batch (the history id's prefix): all runs, each with all its records. */
  g_assert_cmpint (fixture_sql_int (path,
    "SELECT count(DISTINCT substr (history_id, 1, instr (history_id, '-') - 1)) FROM runs"), ==, batches);
  g_assert_cmpint (fixture_sql_int (path,
    "SELECT count(*) FROM (SELECT substr (r.history_id, 1, instr (r.history_id, '-') - 1) AS batch,"
    " count(DISTINCT r.id) AS runs, count(e.id) AS records"
    " FROM runs r LEFT JOIN evidence e ON e.run_id = r.id AND e.loose = 0 GROUP BY batch)"
    " WHERE runs != " G_STRINGIFY (RUNS_PER_BATCH) " OR records != " G_STRINGIFY (RUNS_PER_BATCH * EVIDENCE_PER_RUN)
    " OR (SELECT count(*) FROM sources WHERE fingerprint = 'series-' || batch) != 1"), ==, 0);
  g_hash_table_iter_init (&iter, reported);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_cmpuint (GPOINTER_TO_UINT (key) - 1, <, batches);
  return batches;
}

static void
test_crash_safety (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wsd-crash-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.sqlite3", NULL);
  g_autoptr(GHashTable) reported = g_hash_table_new (NULL, NULL);
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  guint batches = 0;
  guint mid_import_kills = 0;

  for (int round = 0; round < 10; round++)
    {
      g_autofree char *first = g_strdup_printf ("%u", batches);
      char *argv[] = { (char *) self_path, (char *) "--import-child", path, first, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GIOChannel) channel = NULL;
      GPid pid;
      int out_fd, status;
      char *line = NULL;
      gsize length;
      guint delay_ms = g_test_rand_int_range (20, 400);
      gboolean in_import = FALSE;

      g_assert_true (g_spawn_async_with_pipes (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                               &pid, NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);
      g_usleep (delay_ms * 1000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
      g_spawn_close_pid (pid);

      channel = g_io_channel_unix_new (out_fd);
      g_io_channel_set_close_on_unref (channel, TRUE);
      while (g_io_channel_read_line (channel, &line, &length, NULL, NULL) == G_IO_STATUS_NORMAL)
        {
          in_import = line[0] == 'B';
          if (line[0] == 'C')
            g_hash_table_add (reported, GUINT_TO_POINTER ((guint) g_ascii_strtoull (line + 2, NULL, 10) + 1));
          g_free (line);
        }

      batches = check_series (path, reported);
      if (in_import)
        mid_import_kills++;
      g_test_message ("round %d: killed after %u ms%s, %u batches complete, %u reported", round, delay_ms,
                      in_import ? " inside an import" : "", batches, g_hash_table_size (reported));

      /* The store opens (recovering the WAL) and still imports. */
      {
        g_autoptr(WsdStore) store = wsd_store_open (path, &error);

        g_assert_no_error (error);
        g_assert_cmpint (wsd_store_count_runs (store, NULL, &error), ==, (gint64) batches * RUNS_PER_BATCH);
      }
    }
  g_assert_cmpuint (batches, >, 0);
  /* Imports take most of the child's time: some kills must land inside one. */
  g_test_message ("%u of 10 kills landed inside an import", mid_import_kills);
  g_assert_cmpuint (mid_import_kills, >, 0);

  {
    const char *suffixes[] = { "", "-wal", "-shm" };
    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
}

/* Concurrency */

typedef struct {
  const char   *path;
  gint          writer_done;
  guint         batches;
  guint         reads;
  gint64        max_seen;
} Shared;

static gpointer
writer_thread (gpointer data)
{
  Shared *shared = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = wsd_store_open (shared->path, &error);

  g_assert_no_error (error);
  for (guint n = 0; n < shared->batches; n++)
    {
      g_autoptr(WsdImportBatch) batch = series_batch (n);

      g_assert_true (wsd_store_import_batch (store, batch, NULL, &error));
      g_assert_no_error (error);
    }
  g_atomic_int_set (&shared->writer_done, 1);
  return NULL;
}

static gpointer
reader_thread (gpointer data)
{
  Shared *shared = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = wsd_store_open (shared->path, &error);
  gint64 last = 0;

  g_assert_no_error (error);
  while (!g_atomic_int_get (&shared->writer_done))
    {
      WsdRunQuery query;
      g_autoptr(GPtrArray) page = NULL;
      g_autoptr(GArray) ids = NULL;
      WsdRunSummary summary;
      gint64 count;

      wsd_run_query_init (&query);
      query.sort = (WsdRunSort) (shared->reads % (WSD_RUN_SORT_SERVER + 1));
      query.descending = TRUE;
      query.limit = 50;
      count = wsd_store_count_runs (store, &query, &error);
      g_assert_no_error (error);
      /* A batch is visible whole or not at all, and never goes away. */
      g_assert_cmpint (count % RUNS_PER_BATCH, ==, 0);
      g_assert_cmpint (count, >=, last);
      last = count;
      page = wsd_store_list_runs (store, &query, &error);
      g_assert_no_error (error);
      /* Counted before listing: a batch may have landed in between. */
      g_assert_cmpuint (page->len, >=, MIN (50, count));
      g_assert_cmpuint (page->len, <=, 50);
      if (page->len > 0)
        {
          g_autoptr(WsdRun) run = wsd_store_get_run (store, ((WsdRun *) g_ptr_array_index (page, 0))->id, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (run->evidence->len, >=, EVIDENCE_PER_RUN);
        }
      query.failed_only = TRUE;
      ids = wsd_store_list_run_ids (store, &query, &error);
      g_assert_no_error (error);
      g_assert_true (wsd_store_summarize_runs (store, NULL, &summary, &error));
      g_assert_no_error (error);
      shared->reads++;
    }
  shared->max_seen = last;
  return NULL;
}

static void
test_reader_and_writer (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wsd-concurrency-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.sqlite3", NULL);
  Shared shared = { path, 0, 30, 0, 0 };
  GThread *writer, *reader;

  /* Create the schema first so both threads open a migrated file. */
  g_object_unref (wsd_store_open (path, NULL));
  reader = g_thread_new ("reader", reader_thread, &shared);
  writer = g_thread_new ("writer", writer_thread, &shared);
  g_thread_join (writer);
  g_thread_join (reader);
  g_test_message ("%u reads while importing %u batches", shared.reads, shared.batches);
  g_assert_cmpuint (shared.reads, >, 0);
  g_assert_cmpint (fixture_sql_int (path, "SELECT count(*) FROM runs"), ==, shared.batches * RUNS_PER_BATCH);

  {
    const char *suffixes[] = { "", "-wal", "-shm" };
    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
}

int
main (int argc, char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "--import-child"))
    return import_child (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/concurrency/reader-and-writer", test_reader_and_writer);
  g_test_add_func ("/store/crash/sigkill-during-imports", test_crash_safety);
  return g_test_run ();
}
