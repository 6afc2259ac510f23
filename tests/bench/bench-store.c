/* bench-store.c: how fast the store imports and pages through a million runs.
 *
 *   bench-store [--runs N] [--evidence-runs N] [--database FILE] [--keep]
 *
 * 1. Imports one batch of --evidence-runs runs (default 100,000) with ten
 *    evidence lines each (1,000,000 lines) in one transaction.
 * 2. Fills the store up to --runs runs (default 1,000,000) in batches of
 *    100,000 runs with one line each.
 * 3. Times, for every sort column in both directions, the first page
 *    (LIMIT 50), a page in the middle (OFFSET runs/2), the whole id list
 *    (what the window's lazy model loads) and fetching a page by id; and
 *    the filters. Baselines in the same run: SELECT count(*) FROM runs, and
 *    the sqlite3 shell running the same middle-page query when installed.
 *
 * Not a test: run by hand; numbers go to docs/benchmarks.md.
 */
#include <stdio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "wsd-store.h"

#define T0 (G_GINT64_CONSTANT (1609462800) * G_USEC_PER_SEC)   /* 2021-01-01T01:00:00Z */

static const char *sort_names[] = {
  "started", "finished", "type", "result", "new", "revised", "expired", "diagnosis", "server",
};

static WsdImportBatch *
make_batch (guint first, guint count, guint evidence_per_run)
{
  WsdImportBatch *batch = wsd_import_batch_new ();
  g_autofree char *fingerprint = g_strdup_printf ("bench-%u", first);
  WsdSource *source = wsd_source_new ("SoftwareDistribution.log", "software-distribution-log");

  source->fingerprint = g_strdup (fingerprint);
  g_ptr_array_add (batch->sources, source);
  for (guint i = first; i < first + count; i++)
    {
      WsdRun *run = wsd_run_new ();
      guint32 mix = (guint32) i * 2654435761u;

      run->server = g_strdup_printf ("wsus%02u.corp.example", i % 20);
      /* Twenty servers, each syncing every 20 minutes. */
      run->started = T0 + (gint64) (i / 20) * 1200 * G_USEC_PER_SEC + (i % 20) * G_USEC_PER_SEC;
      run->finished = run->started + (60 + mix % 600) * G_USEC_PER_SEC;
      run->type = mix % 10 == 0 ? WSD_RUN_TYPE_MANUAL : WSD_RUN_TYPE_SCHEDULED;
      run->result = mix % 13 == 0 ? WSD_RESULT_FAILED : mix % 101 == 0 ? WSD_RESULT_CANCELED : WSD_RESULT_SUCCEEDED;
      run->new_updates = mix % 7 == 0 ? -1 : (int) (mix >> 8) % 40;
      run->revised_updates = (int) (mix >> 12) % 25;
      run->expired_updates = (int) (mix >> 16) % 5;
      if (run->result == WSD_RESULT_FAILED)
        {
          run->error = g_strdup (mix % 2 ? "UssCommunicationError" : "ImportUpdateError");
          run->error_text = g_strdup_printf ("System.Net.WebException: The request failed with HTTP status 407: "
                                             "Proxy Authentication Required. (run %u)", i);
          run->phase = WSD_PHASE_AUTHORIZATION;
        }
      for (guint e = 0; e < evidence_per_run; e++)
        {
          WsdEvidence *evidence = wsd_evidence_new ();

          evidence->kind = WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG;
          evidence->source_path = g_strdup ("SoftwareDistribution.log");
          evidence->line = i * 10 + e + 1;
          evidence->offset = (gint64) evidence->line * 180;
          evidence->time = run->started + e * G_USEC_PER_SEC;
          evidence->level = e == evidence_per_run - 1 && run->result == WSD_RESULT_FAILED ? WSD_LEVEL_ERROR : WSD_LEVEL_INFO;
          evidence->component = g_strdup ("SoftwareDistribution");
          evidence->text = g_strdup_printf ("2021-01-01 01:00:%02u.123 UTC\tInfo\tw3wp.%u\tSoftwareDistribution\t"
                                            "ServerSyncAgent step %u of run %u", e, i % 64, e, i);
          wsd_run_add_evidence (run, evidence);
        }
      g_ptr_array_add (batch->runs, run);
    }
  return batch;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_sqlite_shell (const char *path, const char *sql)
{
  g_autofree char *shell = g_find_program_in_path ("sqlite3");
  char *argv[] = { shell, (char *) path, (char *) sql, NULL };
  gint64 start;
  int status;

  if (shell == NULL)
    return -1;
  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL))
    return -1;
  return ms_since (start);
}

static double
time_count_baseline (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start = g_get_monotonic_time ();

  sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  sqlite3_prepare_v2 (db, "SELECT count(*) FROM runs", -1, &stmt, NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ms_since (start);
}

int
main (int argc, char **argv)
{
  int total = 1000000, evidence_runs = 100000;
  g_autofree char *database = NULL;
  gboolean keep = FALSE;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &total, "Runs in the store", "N" },
    { "evidence-runs", 0, 0, G_OPTION_ARG_INT, &evidence_runs, "Runs of the first batch (10 lines each)", "N" },
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "Database file (default: a temporary one)", "FILE" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the database", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— store benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = NULL;
  g_autofree char *dir = NULL;
  WsdImportStats stats;
  gint64 start;
  guint filled;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (database == NULL)
    {
      dir = g_dir_make_tmp ("bench-store-XXXXXX", NULL);
      database = g_build_filename (dir, "history.sqlite3", NULL);
    }
  store = wsd_store_open (database, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* 1. One big batch. */
  {
    g_autoptr(WsdImportBatch) batch = NULL;
    gint64 built = g_get_monotonic_time ();

    batch = make_batch (0, evidence_runs, 10);
    printf ("build batch: %u runs, %u lines in %.0f ms\n", batch->runs->len, batch->runs->len * 10, ms_since (built));
    start = g_get_monotonic_time ();
    if (!wsd_store_import_batch (store, batch, &stats, &error))
      {
        g_printerr ("%s\n", error->message);
        return 1;
      }
    printf ("import: %u runs, %u evidence lines in one transaction: %.2f s\n",
            stats.runs_added, stats.evidence_added, ms_since (start) / 1000);
    start = g_get_monotonic_time ();
    if (!wsd_store_import_batch (store, batch, &stats, &error))
      return 1;
    printf ("re-import of the same batch (skipped by fingerprint): %.1f ms\n", ms_since (start));
  }

  /* 2. Fill up. */
  start = g_get_monotonic_time ();
  for (filled = evidence_runs; filled < (guint) total; filled += 100000)
    {
      g_autoptr(WsdImportBatch) batch = make_batch (filled, MIN (100000, total - filled), 1);

      if (!wsd_store_import_batch (store, batch, &stats, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  printf ("fill to %d runs: %.1f s\n", total, ms_since (start) / 1000);
  g_clear_object (&store);

  /* 3. Queries on a fresh connection (cold statement cache, like a window opening). */
  start = g_get_monotonic_time ();
  store = wsd_store_open (database, &error);
  printf ("open: %.1f ms\n", ms_since (start));
  printf ("baseline: SELECT count(*) FROM runs: %.1f ms\n", time_count_baseline (database));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT id, started FROM runs ORDER BY started, id LIMIT 50 OFFSET %d", total / 2);
    printf ("baseline: sqlite3 shell, middle page by started (process start included): %.1f ms\n",
            time_sqlite_shell (database, sql));
  }

  printf ("\n%-10s %-4s %10s %10s %10s %10s %10s\n", "sort", "dir", "count ms", "page1 ms", "middle ms", "ids ms", "byid ms");
  for (int sort = WSD_RUN_SORT_STARTED; sort <= WSD_RUN_SORT_SERVER; sort++)
    for (int descending = 0; descending <= 1; descending++)
      {
        WsdRunQuery query;
        g_autoptr(GPtrArray) first = NULL;
        g_autoptr(GPtrArray) middle = NULL;
        g_autoptr(GPtrArray) by_id = NULL;
        g_autoptr(GArray) ids = NULL;
        double count_ms, first_ms, middle_ms, ids_ms, by_id_ms;

        wsd_run_query_init (&query);
        query.sort = sort;
        query.descending = descending;
        start = g_get_monotonic_time ();
        wsd_store_count_runs (store, &query, NULL);
        count_ms = ms_since (start);
        query.limit = 50;
        start = g_get_monotonic_time ();
        first = wsd_store_list_runs (store, &query, NULL);
        first_ms = ms_since (start);
        query.offset = total / 2;
        start = g_get_monotonic_time ();
        middle = wsd_store_list_runs (store, &query, NULL);
        middle_ms = ms_since (start);
        query.offset = query.limit = 0;
        start = g_get_monotonic_time ();
        ids = wsd_store_list_run_ids (store, &query, NULL);
        ids_ms = ms_since (start);
        start = g_get_monotonic_time ();
        by_id = wsd_store_get_runs (store, &g_array_index (ids, gint64, ids->len / 2), 50, FALSE, NULL);
        by_id_ms = ms_since (start);
        g_assert (first->len == 50 && middle->len == 50 && ids->len == (guint) total && by_id->len == 50);
        printf ("%-10s %-4s %10.1f %10.1f %10.1f %10.1f %10.1f\n", sort_names[sort], descending ? "desc" : "asc",
                count_ms, first_ms, middle_ms, ids_ms, by_id_ms);
      }

  {
    struct { const char *name; WsdRunQuery query; } filters[] = {
      { "failed only", { .failed_only = TRUE } },
      { "one server", { .server = "wsus07.corp.example" } },
      { "one server, failed", { .server = "wsus07.corp.example", .failed_only = TRUE } },
      { "last 30 days", { .since = T0 + (gint64) (total / 20 - 30 * 72) * 1200 * G_USEC_PER_SEC } },
      { "search \"407\"", { .search = "HTTP status 407" } },
      { "search, no match", { .search = "no such text anywhere" } },
    };

    printf ("\n%-22s %10s %10s %10s\n", "filter (by started desc)", "count ms", "page1 ms", "ids ms");
    for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
      {
        WsdRunQuery query = filters[i].query;
        g_autoptr(GPtrArray) first = NULL;
        g_autoptr(GArray) ids = NULL;
        double count_ms, first_ms, ids_ms;
        gint64 count;

        query.descending = TRUE;
        start = g_get_monotonic_time ();
        count = wsd_store_count_runs (store, &query, NULL);
        count_ms = ms_since (start);
        query.limit = 50;
        start = g_get_monotonic_time ();
        first = wsd_store_list_runs (store, &query, NULL);
        first_ms = ms_since (start);
        query.limit = 0;
        start = g_get_monotonic_time ();
        ids = wsd_store_list_run_ids (store, &query, NULL);
        ids_ms = ms_since (start);
        printf ("%-22s %10.1f %10.1f %10.1f   (%" G_GINT64_FORMAT " runs)\n", filters[i].name, count_ms, first_ms, ids_ms, count);
      }
  }
  {
    WsdRunSummary summary;
    g_autoptr(GArray) days = NULL;

    start = g_get_monotonic_time ();
    wsd_store_summarize_runs (store, NULL, &summary, NULL);
    printf ("\nsummary of all runs: %.1f ms\n", ms_since (start));
    start = g_get_monotonic_time ();
    days = wsd_store_list_days (store, NULL, 0, NULL);
    printf ("timeline days (%u): %.1f ms\n", days->len, ms_since (start));
  }

  g_clear_object (&store);
  if (!keep)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (database, suffixes[i], NULL);
          g_unlink (file);
        }
      if (dir != NULL)
        g_rmdir (dir);
    }
  return 0;
}
