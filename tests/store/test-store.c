/* test-store.c: schema, import, merge, rollback and queries of WsdStore. */
#include <string.h>
#include <glib/gstdio.h>

#include "store-fixtures.h"
#include "wsd-run-merger.h"
#include "wsd-store-private.h"   /* the migrations, to build an old database */

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = g_dir_make_tmp ("wsd-store-XXXXXX", NULL);
  fixture->path = g_build_filename (fixture->dir, "sub", "history.sqlite3", NULL);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_autofree char *sub = g_path_get_dirname (fixture->path);
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (sub);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static WsdStore *
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  WsdStore *store = wsd_store_open (fixture->path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
import_ok (WsdStore *store, WsdImportBatch *batch, WsdImportStats *stats)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wsd_store_import_batch (store, batch, stats, &error));
  g_assert_no_error (error);
}

/* A log run: started/finished markers and a final error. */
static WsdRun *
log_run (const char *server, gint64 started, gint64 finished, WsdResult result, guint first_line)
{
  WsdRun *run = fixture_run (server, started, finished, WSD_RUN_TYPE_SCHEDULED, result);

  wsd_run_add_evidence (run, fixture_evidence (WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG, "SoftwareDistribution.log",
                                               first_line, started, "Sync started"));
  if (result == WSD_RESULT_FAILED)
    {
      run->error_text = g_strdup ("System.Net.WebException: The request failed with HTTP status 407: Proxy Authentication Required.");
      run->phase = WSD_PHASE_AUTHORIZATION;
      wsd_run_add_evidence (run, fixture_evidence (WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG, "SoftwareDistribution.log",
                                                   first_line + 5, finished, run->error_text));
    }
  return run;
}

/* Schema */

static void
test_migration_from_empty (Fixture *fixture, gconstpointer data)
{
  const char *tables[] = { "servers", "server_updates", "sources", "runs", "evidence", "update_errors",
                           "probe_results", "paths", "run_search" };

  /* An empty file is a database at user_version 0. */
  g_autofree char *sub = g_path_get_dirname (fixture->path);
  g_mkdir_with_parents (sub, 0700);
  g_assert_true (g_file_set_contents (fixture->path, "", 0, NULL));
  g_assert_cmpint (fixture_sql_int (fixture->path, "PRAGMA user_version"), ==, 0);

  {
    g_autoptr(WsdStore) store = open_store (fixture);

    g_assert_cmpint (wsd_store_get_schema_version (store), ==, WSD_STORE_SCHEMA_VERSION);
    g_assert_cmpstr (wsd_store_get_path (store), ==, fixture->path);
  }
  g_assert_cmpint (fixture_sql_int (fixture->path, "PRAGMA user_version"), ==, WSD_STORE_SCHEMA_VERSION);
  g_assert_cmpint (fixture_sql_int (fixture->path, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'",
                                              tables[i]);
      g_assert_cmpint (fixture_sql_int (fixture->path, sql), ==, 1);
    }

  /* Opening again migrates nothing and keeps data. */
  {
    g_autoptr(WsdStore) store = open_store (fixture);
    g_assert_cmpint (wsd_store_get_schema_version (store), ==, WSD_STORE_SCHEMA_VERSION);
  }
}

static void
test_migration_from_version_1 (Fixture *fixture, gconstpointer data)
{
  g_autofree char *sub = g_path_get_dirname (fixture->path);
  g_autoptr(WsdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *v1 = g_strconcat (wsd_store_migrations[0],
    "INSERT INTO servers (name) VALUES ('wsus01');"
    "INSERT INTO runs (server_id, started, result, error, error_text)"
    "  VALUES (1, 1000, 'failed', 'ProxyError', 'The remote server returned an error: (407) Proxy Authentication Required.');"
    "INSERT INTO runs (server_id, started, result) VALUES (1, 2000, 'succeeded');"
    "INSERT INTO paths (path) VALUES ('a/SoftwareDistribution.log'), ('b/SoftwareDistribution.log');"
    "INSERT INTO evidence (server_id, run_id, path_id, line, time, text, text_hash)"
    "  VALUES (1, 1, 1, 7, 1000, 'x', 42), (1, 1, 2, 7, 1000, 'x', 42), (1, 1, 2, 8, 1000, 'y', 43);"
    "PRAGMA user_version = 1;", NULL);
  WsdRunQuery query;

  g_mkdir_with_parents (sub, 0700);
  fixture_sql_exec (fixture->path, v1);
  store = open_store (fixture);
  g_assert_cmpint (wsd_store_get_schema_version (store), ==, WSD_STORE_SCHEMA_VERSION);
  wsd_run_query_init (&query);
  query.search = "proxy authentication";
  g_assert_cmpint (wsd_store_count_runs (store, &query, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (wsd_store_count_runs (store, NULL, &error), ==, 2);
  /* The same record under two file names is kept once. */
  g_assert_cmpint (fixture_sql_int (fixture->path, "SELECT count(*) FROM evidence"), ==, 2);
}

static void
test_newer_schema_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = NULL;
  g_autofree char *sub = g_path_get_dirname (fixture->path);

  g_mkdir_with_parents (sub, 0700);
  fixture_sql_exec (fixture->path, "CREATE TABLE future (x); PRAGMA user_version = 99;");
  store = wsd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "newer"));
  /* Left untouched. */
  g_assert_cmpint (fixture_sql_int (fixture->path, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (fixture_sql_int (fixture->path, "SELECT count(*) FROM sqlite_master WHERE name = 'runs'"), ==, 0);
}

static void
test_not_a_database (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = NULL;
  g_autofree char *sub = g_path_get_dirname (fixture->path);
  g_autofree char *contents = NULL;

  g_mkdir_with_parents (sub, 0700);
  g_assert_true (g_file_set_contents (fixture->path, "This is not a database, it is a text file.\n"
                                      "It is long enough to fill the header of a database page......\n", -1, NULL));
  store = wsd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, WSD_ERROR, WSD_ERROR_STORE);
  g_assert_true (g_file_get_contents (fixture->path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "This is not a database"));
}

/* Import */

static WsdImportBatch *
history_batch (void)
{
  WsdImportBatch *batch = wsd_import_batch_new ();
  WsdRun *run;
  WsdUpdateError *ue;

  g_ptr_array_add (batch->sources, fixture_source ("bundle/bundle.json", "sha-history-1"));
  run = fixture_run ("wsus01", T0 + SEC (12), T0 + SEC (160), WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_FAILED);
  run->history_id = g_strdup ("6b1f0b0e-0000-4000-8000-000000000001");
  run->error = g_strdup ("ImportUpdateError");
  run->error_text = g_strdup ("Some updates could not be imported.");
  run->new_updates = 3;
  ue = wsd_update_error_new ();
  ue->update_id = g_strdup ("a1b2");
  ue->revision = 201;
  ue->error = g_strdup ("MetadataInvalid");
  g_ptr_array_add (run->update_errors, ue);
  wsd_run_add_evidence (run, fixture_evidence (WSD_SOURCE_KIND_HISTORY, "bundle/bundle.json", 0, T0 + SEC (12),
                                               "history row 6b1f0b0e: Failed ImportUpdateError"));
  g_ptr_array_add (batch->runs, run);
  g_ptr_array_add (batch->runs, fixture_run ("wsus01", T0 + SEC (86400), T0 + SEC (86500),
                                             WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_SUCCEEDED));
  return batch;
}

static void
test_idempotent_reimport (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = open_store (fixture);
  g_autoptr(WsdImportBatch) batch = history_batch ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  WsdImportStats stats;

  import_ok (store, batch, &stats);
  g_assert_cmpuint (stats.sources_new, ==, 1);
  g_assert_cmpuint (stats.runs_added, ==, 2);
  g_assert_cmpuint (stats.servers_added, ==, 1);
  g_assert_cmpuint (stats.evidence_added, ==, 1);

  before = fixture_dump (fixture->path);
  import_ok (store, batch, &stats);
  g_assert_cmpuint (stats.sources_new, ==, 0);
  g_assert_cmpuint (stats.sources_skipped, ==, 1);
  g_assert_cmpuint (stats.runs_added + stats.runs_merged + stats.evidence_added + stats.servers_added, ==, 0);
  after = fixture_dump (fixture->path);
  g_assert_cmpstr (before, ==, after);

  /* The same content under a new fingerprint (a copy with another name
   * re-read): sources grow, runs and evidence do not. */
  g_free (((WsdSource *) g_ptr_array_index (batch->sources, 0))->fingerprint);
  ((WsdSource *) g_ptr_array_index (batch->sources, 0))->fingerprint = g_strdup ("sha-history-2");
  import_ok (store, batch, &stats);
  g_assert_cmpuint (stats.sources_new, ==, 1);
  g_assert_cmpuint (stats.runs_added + stats.evidence_added, ==, 0);
  g_assert_cmpuint (stats.runs_merged, ==, 2);   /* its runs merged, with nothing new */
  g_assert_cmpint (wsd_store_count_runs (store, NULL, NULL), ==, 2);
  g_assert_cmpint (fixture_sql_int (fixture->path, "SELECT count(*) FROM update_errors"), ==, 1);

  /* The same records read from a copy under another name, for a server
   * spelled in capitals (Windows names ignore case): nothing new. */
  {
    g_autoptr(WsdImportBatch) copy = history_batch ();

    for (guint i = 0; i < copy->runs->len; i++)
      {
        WsdRun *run = g_ptr_array_index (copy->runs, i);

        g_free (run->server);
        run->server = g_strdup ("WSUS01");
        for (guint e = 0; e < run->evidence->len; e++)
          {
            WsdEvidence *evidence = g_ptr_array_index (run->evidence, e);

            g_free (evidence->source_path);
            evidence->source_path = g_strdup ("C:/Users/admin/Desktop/copy of bundle.json");
          }
      }
    g_free (((WsdSource *) g_ptr_array_index (copy->sources, 0))->fingerprint);
    ((WsdSource *) g_ptr_array_index (copy->sources, 0))->fingerprint = g_strdup ("sha-history-3");
    import_ok (store, copy, &stats);
    g_assert_cmpuint (stats.sources_new, ==, 1);
    g_assert_cmpuint (stats.runs_added + stats.evidence_added + stats.servers_added, ==, 0);
    g_assert_cmpuint (stats.runs_merged, ==, 2);
    g_assert_cmpint (fixture_sql_int (fixture->path, "SELECT count(*) FROM servers"), ==, 1);
    g_assert_cmpint (fixture_sql_int (fixture->path, "SELECT count(*) FROM evidence"), ==, 1);
  }
  {
    g_autoptr(WsdServer) server = wsd_store_get_server (store, "Wsus01", NULL);
    WsdRunQuery query;

    g_assert_nonnull (server);
    g_assert_cmpstr (server->name, ==, "wsus01");
    wsd_run_query_init (&query);
    query.server = "WSUS01";
    g_assert_cmpint (wsd_store_count_runs (store, &query, NULL), ==, 2);
  }
}

static void
test_merge_three_sources (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = open_store (fixture);
  g_autoptr(WsdImportBatch) first = wsd_import_batch_new ();
  g_autoptr(WsdImportBatch) second = history_batch ();
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  WsdImportStats stats;
  WsdRun *run;
  WsdRun *events_run;

  /* First import: the log (times 2 s off the history's) and the events
   * export with a 381 start and a 10021 warning after the run. */
  g_ptr_array_add (first->sources, fixture_source ("SoftwareDistribution.log", "sha-log"));
  g_ptr_array_add (first->sources, fixture_source ("events.xml", "sha-events"));
  g_ptr_array_add (first->runs, log_run (NULL, T0 + SEC (10), T0 + SEC (158), WSD_RESULT_FAILED, 100));
  events_run = fixture_run (NULL, T0 + SEC (11), 0, WSD_RUN_TYPE_UNKNOWN, WSD_RESULT_RUNNING);
  wsd_run_add_evidence (events_run, fixture_evidence (WSD_SOURCE_KIND_EVENT, "events.xml", 3, T0 + SEC (11),
                                                      "Event 381: A scheduled synchronization was started."));
  events_run->evidence->pdata[0] = events_run->evidence->pdata[0];
  ((WsdEvidence *) g_ptr_array_index (events_run->evidence, 0))->event_id = 381;
  g_ptr_array_add (first->runs, events_run);
  wsd_import_batch_add_loose_evidence (first, NULL,
    fixture_evidence (WSD_SOURCE_KIND_EVENT, "events.xml", 9, T0 + SEC (3600), "Event 10021: The catalog was last synchronized successfully 2 days ago."));
  first->server_override = g_strdup ("wsus01");
  import_ok (store, first, &stats);
  g_assert_cmpuint (stats.runs_added, ==, 1);     /* log run + event run consolidated */
  g_assert_cmpuint (stats.evidence_added, ==, 4);

  /* Second import: the bundle's history row of the same sync. */
  import_ok (store, second, &stats);
  g_assert_cmpuint (stats.runs_added, ==, 1);     /* only the next day's run */
  g_assert_cmpuint (stats.runs_merged, ==, 1);

  runs = wsd_store_list_runs (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  run = wsd_store_get_run (store, ((WsdRun *) g_ptr_array_index (runs, 0))->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (run->server, ==, "wsus01");
  g_assert_cmpstr (run->history_id, ==, "6b1f0b0e-0000-4000-8000-000000000001");
  g_assert_cmpint (run->started, ==, T0 + SEC (12));      /* the history's times win */
  g_assert_cmpint (run->finished, ==, T0 + SEC (160));
  g_assert_cmpint (run->result, ==, WSD_RESULT_FAILED);
  g_assert_cmpint (run->type, ==, WSD_RUN_TYPE_SCHEDULED);
  g_assert_cmpstr (run->error, ==, "ImportUpdateError");
  g_assert_true (g_str_has_prefix (run->error_text, "System.Net.WebException"));   /* the longer text */
  g_assert_cmpint (run->phase, ==, WSD_PHASE_AUTHORIZATION);
  g_assert_cmpint (run->new_updates, ==, 3);
  g_assert_cmpuint (run->evidence->len, ==, 5);
  g_assert_cmpuint (run->update_errors->len, ==, 1);
  /* Ordered by time, then line; the late 10021 belongs to this run (rule 7). */
  for (guint i = 1; i < run->evidence->len; i++)
    g_assert_cmpint (((WsdEvidence *) g_ptr_array_index (run->evidence, i - 1))->time, <=,
                     ((WsdEvidence *) g_ptr_array_index (run->evidence, i))->time);
  g_assert_cmpuint (((WsdEvidence *) g_ptr_array_index (run->evidence, 4))->event_id, ==, 0);
  g_assert_nonnull (strstr (((WsdEvidence *) g_ptr_array_index (run->evidence, 4))->text, "10021"));
  g_assert_cmpint (((WsdEvidence *) g_ptr_array_index (run->evidence, 0))->offset, ==, 100 * 100);   /* log line 100 at T0+10 s comes first */
  wsd_run_free (run);
}

static void
test_distinct_runs_not_merged (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = open_store (fixture);
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(WsdImportBatch) grown = wsd_import_batch_new ();
  WsdImportStats stats;

  /* A failed sync and a manual retry 60 s later in the same log: two runs. */
  g_ptr_array_add (batch->runs, log_run ("wsus01", T0, T0 + SEC (20), WSD_RESULT_FAILED, 10));
  g_ptr_array_add (batch->runs, log_run ("wsus01", T0 + SEC (60), T0 + SEC (90), WSD_RESULT_FAILED, 50));
  /* Different history ids at the same time: two runs. */
  g_ptr_array_add (batch->runs, fixture_run ("wsus02", T0, 0, WSD_RUN_TYPE_MANUAL, WSD_RESULT_SUCCEEDED));
  g_ptr_array_add (batch->runs, fixture_run ("wsus02", T0, 0, WSD_RUN_TYPE_MANUAL, WSD_RESULT_SUCCEEDED));
  ((WsdRun *) g_ptr_array_index (batch->runs, 2))->history_id = g_strdup ("h-1");
  ((WsdRun *) g_ptr_array_index (batch->runs, 3))->history_id = g_strdup ("h-2");
  /* Same time, different known types: two runs. */
  g_ptr_array_add (batch->runs, fixture_run ("wsus03", T0, 0, WSD_RUN_TYPE_MANUAL, WSD_RESULT_SUCCEEDED));
  g_ptr_array_add (batch->runs, fixture_run ("wsus03", T0 + SEC (1), 0, WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_SUCCEEDED));
  import_ok (store, batch, &stats);
  g_assert_cmpuint (stats.runs_added, ==, 6);

  /* The log grew: the first run read again (same lines) merges, a new
   * line completes it, nothing is duplicated. */
  g_ptr_array_add (grown->runs, log_run ("wsus01", T0, T0 + SEC (20), WSD_RESULT_FAILED, 10));
  wsd_run_add_evidence (g_ptr_array_index (grown->runs, 0),
                        fixture_evidence (WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG, "SoftwareDistribution.log", 16,
                                          T0 + SEC (20), "SyncFinish"));
  import_ok (store, grown, &stats);
  g_assert_cmpuint (stats.runs_added, ==, 0);
  g_assert_cmpuint (stats.runs_merged, ==, 1);
  g_assert_cmpuint (stats.evidence_added, ==, 1);
  g_assert_cmpint (wsd_store_count_runs (store, NULL, NULL), ==, 6);
}

static void
test_loose_evidence_before_and_after_runs (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = open_store (fixture);
  g_autoptr(WsdImportBatch) events = wsd_import_batch_new ();
  g_autoptr(WsdImportBatch) logs = wsd_import_batch_new ();
  g_autoptr(WsdImportBatch) more_events = wsd_import_batch_new ();
  g_autoptr(GError) error = NULL;
  WsdImportStats stats;
  g_autoptr(GPtrArray) runs = NULL;
  WsdRun *day1, *day2;

  /* Events arrive first: nothing to attach them to yet. */
  g_ptr_array_add (events->sources, fixture_source ("events.xml", "sha-ev-1"));
  wsd_import_batch_add_loose_evidence (events, "wsus01",
    fixture_evidence (WSD_SOURCE_KIND_EVENT, "events.xml", 1, T0 - SEC (600), "Event 364: Content file download failed."));
  wsd_import_batch_add_loose_evidence (events, "wsus01",
    fixture_evidence (WSD_SOURCE_KIND_EVENT, "events.xml", 2, T0 + SEC (7200), "Event 10021 warning"));
  wsd_import_batch_add_loose_evidence (events, "wsus01",
    fixture_evidence (WSD_SOURCE_KIND_EVENT, "events.xml", 3, T0 - SEC (86400), "Event 10022 long before any run"));
  import_ok (store, events, &stats);
  g_assert_cmpuint (stats.evidence_added, ==, 3);
  g_assert_cmpuint (stats.evidence_unattached, ==, 3);
  g_assert_cmpint (fixture_sql_int (fixture->path, "SELECT count(*) FROM evidence WHERE run_id IS NULL"), ==, 3);

  /* Runs arrive later: the records re-attach by time. */
  g_ptr_array_add (logs->sources, fixture_source ("SoftwareDistribution.log", "sha-log-1"));
  g_ptr_array_add (logs->runs, log_run ("wsus01", T0, T0 + SEC (60), WSD_RESULT_FAILED, 10));
  g_ptr_array_add (logs->runs, log_run ("wsus01", T0 + SEC (86400), T0 + SEC (86460), WSD_RESULT_SUCCEEDED, 900));
  import_ok (store, logs, &stats);
  g_assert_cmpuint (stats.runs_added, ==, 2);

  /* A record after both runs arrives in a later import. */
  g_ptr_array_add (more_events->sources, fixture_source ("events2.xml", "sha-ev-2"));
  wsd_import_batch_add_loose_evidence (more_events, "wsus01",
    fixture_evidence (WSD_SOURCE_KIND_EVENT, "events2.xml", 1, T0 + SEC (90000), "Event 10021 after day 2"));
  import_ok (store, more_events, &stats);
  g_assert_cmpuint (stats.evidence_added, ==, 1);
  g_assert_cmpuint (stats.evidence_unattached, ==, 0);

  runs = wsd_store_list_runs (store, &(WsdRunQuery) { .with_evidence = TRUE }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  day1 = g_ptr_array_index (runs, 0);
  day2 = g_ptr_array_index (runs, 1);
  /* 364 ten minutes before the first run (within the lead), its own two
   * lines, the 10021 two hours after it. */
  g_assert_cmpuint (day1->evidence->len, ==, 4);
  g_assert_nonnull (strstr (((WsdEvidence *) g_ptr_array_index (day1->evidence, 0))->text, "364"));
  g_assert_nonnull (strstr (((WsdEvidence *) g_ptr_array_index (day1->evidence, 3))->text, "10021"));
  g_assert_cmpuint (day2->evidence->len, ==, 2);
  g_assert_nonnull (strstr (((WsdEvidence *) g_ptr_array_index (day2->evidence, 1))->text, "after day 2"));
  /* The record a day before any run stays unattached. */
  g_assert_cmpint (fixture_sql_int (fixture->path, "SELECT count(*) FROM evidence WHERE run_id IS NULL"), ==, 1);

  /* A manual run between them arrives last: the day-1 10021 (after it) moves to it. */
  {
    g_autoptr(WsdImportBatch) manual = wsd_import_batch_new ();
    g_autoptr(WsdRun) reread = NULL;
    WsdRun *run = fixture_run ("wsus01", T0 + SEC (3600), T0 + SEC (3700), WSD_RUN_TYPE_MANUAL, WSD_RESULT_FAILED);

    run->history_id = g_strdup ("manual-1");
    g_ptr_array_add (manual->runs, run);
    import_ok (store, manual, &stats);
    g_assert_cmpuint (stats.runs_added, ==, 1);
    reread = wsd_store_get_run (store, day1->id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (reread->evidence->len, ==, 3);
    g_assert_cmpint (fixture_sql_int (fixture->path,
      "SELECT count(*) FROM evidence e JOIN runs r ON r.id = e.run_id WHERE r.history_id = 'manual-1'"), ==, 1);
  }
}

static void
test_failed_batch_changes_nothing (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = open_store (fixture);
  g_autoptr(WsdImportBatch) good = history_batch ();
  g_autoptr(WsdImportBatch) bad = wsd_import_batch_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  WsdImportStats stats = { 1, 1, 1, 1, 1, 1, 1 };
  WsdServer *server;
  WsdRun *run;
  WsdUpdateError *ue;

  import_ok (store, good, NULL);
  /* A real constraint failure late in the import: the trigger aborts the
   * insert of one update error, after servers, runs and evidence went in. */
  fixture_sql_exec (fixture->path,
    "CREATE TRIGGER inject_failure BEFORE INSERT ON update_errors WHEN NEW.update_id = 'boom'"
    " BEGIN SELECT RAISE (ABORT, 'injected failure'); END;");
  before = fixture_dump (fixture->path);

  g_ptr_array_add (bad->sources, fixture_source ("other/bundle.json", "sha-bad"));
  server = wsd_server_new ("wsus09");
  server->collected = T0;
  g_ptr_array_add (bad->servers, server);
  for (int i = 0; i < 50; i++)
    g_ptr_array_add (bad->runs, log_run ("wsus09", T0 + SEC (3600) * i, T0 + SEC (3600) * i + SEC (30),
                                         WSD_RESULT_FAILED, 10 * i + 1));
  /* Merges into the stored history run too, changing its facts. */
  run = fixture_run ("wsus01", T0 + SEC (12), T0 + SEC (160), WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_FAILED);
  run->history_id = g_strdup ("6b1f0b0e-0000-4000-8000-000000000001");
  run->error_text = g_strdup ("a much longer error text than the stored one, which would replace it");
  ue = wsd_update_error_new ();
  ue->update_id = g_strdup ("boom");
  g_ptr_array_add (run->update_errors, ue);
  g_ptr_array_add (bad->runs, run);
  wsd_import_batch_add_loose_evidence (bad, "wsus09", fixture_evidence (WSD_SOURCE_KIND_EVENT, "e.xml", 1, T0, "x"));

  g_assert_false (wsd_store_import_batch (store, bad, &stats, &error));
  g_assert_error (error, WSD_ERROR, WSD_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "injected failure"));
  g_assert_cmpuint (stats.runs_added + stats.evidence_added + stats.servers_added + stats.sources_new, ==, 0);
  after = fixture_dump (fixture->path);
  g_assert_cmpstr (before, ==, after);

  /* The store is still usable by the same connection. */
  g_clear_error (&error);
  g_assert_cmpint (wsd_store_count_runs (store, NULL, &error), ==, 2);
  fixture_sql_exec (fixture->path, "DROP TRIGGER inject_failure;");
  import_ok (store, bad, &stats);
  g_assert_cmpuint (stats.runs_added, ==, 50);
}

static void
test_servers_and_facts (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = open_store (fixture);
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(WsdImportBatch) older = wsd_import_batch_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  g_autoptr(WsdServer) stored = NULL;
  WsdServer *server;
  WsdUpdateInfo *info;
  gint64 port = 0;

  g_assert_true (json_parser_load_from_data (parser,
    "{\"name\":\"wsus01\",\"wsus_version\":\"10.0.17763.678\",\"upstream_server\":\"hq\",\"upstream_port\":8531,"
    "\"proxy\":{\"host\":\"proxy\",\"user\":\"svc\",\"Password\":\"hunter2\",\"proxyPassword\":\"hunter2\"},"
    "\"accounts\":[{\"name\":\"a\",\"password\":\"hunter2\"}]}", -1, NULL));
  server = wsd_server_new ("wsus01");
  server->version = g_strdup ("10.0.17763.678");
  server->collected = T0;
  server->facts = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  server->updates = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_update_info_free);
  info = wsd_update_info_new ();
  info->update_id = g_strdup ("a1b2");
  info->revision = 201;
  info->title = g_strdup ("2026-11 Cumulative Update");
  info->approved = TRUE;
  info->file_status = g_strdup ("downloaded");
  g_ptr_array_add (server->updates, info);
  g_ptr_array_add (batch->servers, server);
  import_ok (store, batch, NULL);

  g_assert_cmpint (fixture_sql_int (fixture->path,
    "SELECT count(*) FROM servers WHERE facts LIKE '%hunter2%' OR facts LIKE '%assword%'"), ==, 0);

  servers = wsd_store_list_servers (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (servers->len, ==, 1);
  g_assert_null (((WsdServer *) g_ptr_array_index (servers, 0))->updates);
  stored = wsd_store_get_server (store, "wsus01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->role, ==, WSD_ROLE_DOWNSTREAM);
  g_assert_cmpstr (stored->version, ==, "10.0.17763.678");
  g_assert_cmpstr (wsd_server_fact_string (stored, "proxy.user"), ==, "svc");
  g_assert_null (wsd_server_fact_node (stored, "proxy.Password"));
  g_assert_true (wsd_server_fact_int (stored, "upstream_port", &port));
  g_assert_cmpint (port, ==, 8531);
  g_assert_cmpuint (stored->updates->len, ==, 1);
  info = g_ptr_array_index (stored->updates, 0);
  g_assert_cmpstr (info->title, ==, "2026-11 Cumulative Update");
  g_assert_true (info->approved);
  g_assert_cmpint (info->revision, ==, 201);

  /* Older facts do not replace newer ones. */
  server = wsd_server_new ("wsus01");
  server->version = g_strdup ("3.2.7600.226");
  server->collected = T0 - SEC (86400);
  g_ptr_array_add (older->servers, server);
  import_ok (store, older, NULL);
  wsd_server_free (g_steal_pointer (&stored));
  stored = wsd_store_get_server (store, "wsus01", &error);
  g_assert_cmpstr (stored->version, ==, "10.0.17763.678");

  g_assert_null (wsd_store_get_server (store, "nope", &error));
  g_assert_error (error, WSD_ERROR, WSD_ERROR_NOT_FOUND);
}

static void
test_probe_results (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(WsdProbeResult) latest = NULL;

  g_assert_null (wsd_store_latest_probe_result (store, "wsus01", &error));
  g_assert_no_error (error);
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(WsdProbeResult) result = wsd_probe_result_new ();
      WsdProbeTarget *target = wsd_probe_target_new ("hq:8531", "upstream");
      WsdProbeStep *step = wsd_probe_step_new (WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_FAILED);

      step->rule = g_strdup ("proxy-auth");
      step->detail = g_strdup_printf ("407 attempt %d", i);
      g_ptr_array_add (target->steps, step);
      g_ptr_array_add (result->targets, target);
      result->server = g_strdup (i == 2 ? NULL : "wsus01");
      result->started = T0 + SEC (3600) * i;
      g_assert_true (wsd_store_add_probe_result (store, result, &error));
      g_assert_cmpint (result->id, >, 0);
    }
  latest = wsd_store_latest_probe_result (store, "wsus01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (latest->started, ==, T0 + SEC (3600));
  g_assert_cmpstr (latest->server, ==, "wsus01");
  g_assert_cmpstr (((WsdProbeStep *) g_ptr_array_index (((WsdProbeTarget *) g_ptr_array_index (latest->targets, 0))->steps, 0))->detail,
                   ==, "407 attempt 1");
  all = wsd_store_list_probe_results (store, NULL, &error);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_null (((WsdProbeResult *) g_ptr_array_index (all, 2))->server);
}

/* Queries */

static const char *errors[] = { "UssCommunicationError", "ImportUpdateError", NULL };

static void
fill_for_queries (WsdStore *store)
{
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(GPtrArray) ids = NULL;

  g_ptr_array_add (batch->sources, fixture_source ("h.csv", "sha-q"));
  for (int i = 0; i < 60; i++)
    {
      WsdResult result = (WsdResult[]) { WSD_RESULT_SUCCEEDED, WSD_RESULT_FAILED, WSD_RESULT_CANCELED,
                                         WSD_RESULT_SUCCEEDED, WSD_RESULT_RUNNING }[i % 5];
      WsdRun *run = fixture_run (i % 3 == 0 ? "wsus02" : "wsus01", T0 + SEC (3600) * ((i * 37) % 60),
                                 0, i % 2 ? WSD_RUN_TYPE_MANUAL : WSD_RUN_TYPE_SCHEDULED, result);

      run->history_id = g_strdup_printf ("h-%d", i);
      run->finished = run->started + SEC (60 + (i * 13) % 50);
      run->new_updates = i % 7 == 0 ? -1 : (i * 11) % 17;
      run->revised_updates = (i * 5) % 9;
      run->expired_updates = i % 4;
      if (result == WSD_RESULT_FAILED || result == WSD_RESULT_CANCELED)
        {
          run->error = g_strdup (errors[i % 2]);
          run->error_text = g_strdup_printf ("failure %d: 100%% of the_proxy went wrong", i);
        }
      g_ptr_array_add (batch->runs, run);
    }
  import_ok (store, batch, NULL);

  ids = wsd_store_list_runs (store, NULL, NULL);
  for (guint i = 0; i < ids->len; i++)
    {
      WsdRun *run = g_ptr_array_index (ids, i);

      if (i % 4 == 0)
        g_assert_true (wsd_store_set_diagnosis (store, run->id, "proxy-auth",
                                                i % 8 ? "The proxy rejected the credentials" : "A firewall drops the connection",
                                                NULL));
    }
}

static gint64
sort_key (WsdStore *store, const WsdRun *run, WsdRunSort sort, const char **text)
{
  *text = NULL;
  switch (sort)
    {
    case WSD_RUN_SORT_STARTED:   return run->started;
    case WSD_RUN_SORT_FINISHED:  return run->finished;
    case WSD_RUN_SORT_TYPE:      *text = wsd_run_type_to_string (run->type); return 0;
    case WSD_RUN_SORT_RESULT:    *text = wsd_result_to_string (run->result); return 0;
    case WSD_RUN_SORT_NEW:       return run->new_updates;
    case WSD_RUN_SORT_REVISED:   return run->revised_updates;
    case WSD_RUN_SORT_EXPIRED:   return run->expired_updates;
    case WSD_RUN_SORT_DIAGNOSIS: *text = wsd_store_get_diagnosis_title (store, run->id); return 0;
    case WSD_RUN_SORT_SERVER:    *text = run->server; return 0;
    default:                     g_assert_not_reached ();
    }
}

/* -1, 0, 1 as the store must order a before b. */
static int
expected_order (WsdStore *store, const WsdRun *a, const WsdRun *b, WsdRunSort sort)
{
  const char *ta, *tb;
  gint64 ka = sort_key (store, a, sort, &ta), kb = sort_key (store, b, sort, &tb);
  int cmp;

  if (sort == WSD_RUN_SORT_TYPE || sort == WSD_RUN_SORT_RESULT || sort == WSD_RUN_SORT_DIAGNOSIS
      || sort == WSD_RUN_SORT_SERVER)
    cmp = (ta == NULL || tb == NULL) ? (ta == NULL) - (tb == NULL) : 0;
  else
    cmp = 0;
  if (cmp == 0 && ta != NULL && tb != NULL)
    cmp = strcmp (ta, tb) < 0 ? 1 : strcmp (ta, tb) > 0 ? -1 : 0;   /* ascending: smaller first */
  if (cmp != 0)
    return cmp > 0 ? -1 : 1;
  if (ka != kb)
    return ka < kb ? -1 : 1;
  if (a->started != b->started)
    return a->started < b->started ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

static void
test_query_sorts (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = open_store (fixture);

  fill_for_queries (store);
  for (WsdRunSort sort = WSD_RUN_SORT_STARTED; sort <= WSD_RUN_SORT_SERVER; sort++)
    for (int descending = 0; descending <= 1; descending++)
      {
        WsdRunQuery query;
        g_autoptr(GPtrArray) runs = NULL;
        g_autoptr(GArray) ids = NULL;
        g_autoptr(GError) error = NULL;

        wsd_run_query_init (&query);
        query.sort = sort;
        query.descending = descending;
        runs = wsd_store_list_runs (store, &query, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (runs->len, ==, 60);
        for (guint i = 1; i < runs->len; i++)
          {
            int order = expected_order (store, g_ptr_array_index (runs, i - 1), g_ptr_array_index (runs, i), sort);

            if (order != (descending ? 1 : -1))
              g_error ("sort %d%s: rows %u and %u out of order", sort, descending ? " desc" : "", i - 1, i);
          }

        /* The id list has the same order; pages of it match. */
        ids = wsd_store_list_run_ids (store, &query, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (ids->len, ==, 60);
        for (guint i = 0; i < ids->len; i++)
          g_assert_cmpint (g_array_index (ids, gint64, i), ==, ((WsdRun *) g_ptr_array_index (runs, i))->id);
        for (guint offset = 0; offset < 60; offset += 25)
          {
            g_autoptr(GPtrArray) page = NULL;
            g_autoptr(GPtrArray) by_id = NULL;

            query.offset = offset;
            query.limit = 25;
            page = wsd_store_list_runs (store, &query, &error);
            g_assert_no_error (error);
            g_assert_cmpuint (page->len, ==, MIN (25, 60 - offset));
            by_id = wsd_store_get_runs (store, &g_array_index (ids, gint64, offset), page->len, FALSE, &error);
            g_assert_no_error (error);
            for (guint i = 0; i < page->len; i++)
              {
                g_assert_cmpint (((WsdRun *) g_ptr_array_index (page, i))->id, ==,
                                 ((WsdRun *) g_ptr_array_index (runs, offset + i))->id);
                g_assert_cmpint (((WsdRun *) g_ptr_array_index (by_id, i))->id, ==,
                                 ((WsdRun *) g_ptr_array_index (runs, offset + i))->id);
              }
          }
      }
}

static void
test_query_filters (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = open_store (fixture);
  g_autoptr(GPtrArray) all = NULL;
  WsdRunQuery query;
  guint expected;

  fill_for_queries (store);
  all = wsd_store_list_runs (store, NULL, NULL);

#define CHECK(condition) G_STMT_START { \
    g_autoptr(GPtrArray) got = wsd_store_list_runs (store, &query, NULL); \
    expected = 0; \
    for (guint i = 0; i < all->len; i++) { WsdRun *run = g_ptr_array_index (all, i); (void) run; if (condition) expected++; } \
    g_assert_cmpuint (got->len, ==, expected); \
    g_assert_cmpint (wsd_store_count_runs (store, &query, NULL), ==, expected); \
    for (guint i = 0; i < got->len; i++) { WsdRun *run = g_ptr_array_index (got, i); (void) run; g_assert_true (condition); } \
  } G_STMT_END

  wsd_run_query_init (&query);
  query.server = "wsus02";
  CHECK (g_str_equal (run->server, "wsus02"));
  g_assert_cmpuint (expected, ==, 20);

  wsd_run_query_init (&query);
  query.result = WSD_RESULT_CANCELED;
  CHECK (run->result == WSD_RESULT_CANCELED);
  g_assert_cmpuint (expected, ==, 12);

  wsd_run_query_init (&query);
  query.failed_only = TRUE;
  query.server = "wsus01";
  CHECK ((run->result == WSD_RESULT_FAILED || run->result == WSD_RESULT_CANCELED) && g_str_equal (run->server, "wsus01"));
  g_assert_cmpuint (expected, >, 0);

  wsd_run_query_init (&query);
  query.since = T0 + SEC (3600) * 10;
  query.until = T0 + SEC (3600) * 20;
  CHECK (run->started >= T0 + SEC (3600) * 10 && run->started < T0 + SEC (3600) * 20);
  g_assert_cmpuint (expected, ==, 10);

  /* Search: LIKE wildcards are literal, case does not matter. */
  wsd_run_query_init (&query);
  query.search = "USSCOMMUNICATION";
  CHECK (g_strcmp0 (run->error, "UssCommunicationError") == 0);
  g_assert_cmpuint (expected, >, 0);
  query.search = "100%";
  CHECK (run->error_text != NULL);
  query.search = "100%%";
  CHECK (FALSE);
  query.search = "the_proxy";
  CHECK (run->error_text != NULL);
  query.search = "the%proxy";
  CHECK (FALSE);
  query.search = "firewall drops";
  CHECK (g_strcmp0 (wsd_store_get_diagnosis_title (store, run->id), "A firewall drops the connection") == 0);
  g_assert_cmpuint (expected, >, 0);
  query.search = "";
  CHECK (TRUE);
  g_assert_cmpuint (expected, ==, 60);
  /* Under three characters the search scans with LIKE: same meaning. */
  query.search = "0%";
  CHECK (run->error_text != NULL);
  query.search = "%";
  CHECK (run->error_text != NULL);
  query.search = "_";
  CHECK (run->error_text != NULL);
  query.search = "\"x";
  CHECK (FALSE);
  query.search = "say \"hi\" OR NOT";
  CHECK (FALSE);
  query.search = "ImportUpdateError";
  CHECK (g_strcmp0 (run->error, "ImportUpdateError") == 0);
  /* A changed diagnosis is found by its new title only. */
  {
    g_autoptr(GPtrArray) found = NULL;
    gint64 id;

    query.search = "A firewall drops";
    found = wsd_store_list_runs (store, &query, NULL);
    g_assert_cmpuint (found->len, >, 0);
    id = ((WsdRun *) g_ptr_array_index (found, 0))->id;
    g_assert_true (wsd_store_set_diagnosis (store, id, "tls-handshake", "TLS handshake fails", NULL));
    g_assert_cmpint (wsd_store_count_runs (store, &query, NULL), ==, found->len - 1);
    query.search = "handshake";
    g_assert_cmpint (wsd_store_count_runs (store, &query, NULL), ==, 1);
    g_assert_true (wsd_store_set_diagnosis (store, id, NULL, NULL, NULL));
    g_assert_cmpint (wsd_store_count_runs (store, &query, NULL), ==, 0);
  }
  g_assert_cmpint (fixture_sql_int (fixture->path,
    "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), ==, 1);
  fixture_sql_exec (fixture->path, "INSERT INTO run_search (run_search) VALUES ('integrity-check');");
#undef CHECK
}

static void
test_summaries (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = open_store (fixture);
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) days = NULL;
  WsdRunSummary summary;
  WsdResult results[] = { WSD_RESULT_SUCCEEDED, WSD_RESULT_FAILED, WSD_RESULT_SUCCEEDED,
                          WSD_RESULT_FAILED, WSD_RESULT_CANCELED, WSD_RESULT_FAILED };

  g_assert_true (wsd_store_summarize_runs (store, NULL, &summary, &error));
  g_assert_cmpint (summary.runs, ==, 0);
  g_assert_cmpint (summary.last_success, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    g_ptr_array_add (batch->runs, fixture_run ("wsus01", T0 + SEC (43200) * i, 0, WSD_RUN_TYPE_SCHEDULED, results[i]));
  g_ptr_array_add (batch->runs, fixture_run ("wsus02", T0, 0, WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_SUCCEEDED));
  import_ok (store, batch, NULL);

  g_assert_true (wsd_store_summarize_runs (store, "wsus01", &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary.runs, ==, 6);
  g_assert_cmpint (summary.failed, ==, 4);
  g_assert_cmpint (summary.last_success, ==, T0 + SEC (43200) * 2);
  g_assert_cmpint (summary.last_run, ==, T0 + SEC (43200) * 5);
  g_assert_cmpuint (summary.failure_streak, ==, 3);
  g_assert_cmpint (summary.last_result, ==, WSD_RESULT_FAILED);
  g_assert_true (wsd_store_summarize_runs (store, NULL, &summary, &error));
  g_assert_cmpint (summary.runs, ==, 7);

  /* T0 is 03:00 UTC: days at UTC, runs every 12 h → 3 days of 2 runs. */
  days = wsd_store_list_days (store, "wsus01", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 3);
  g_assert_cmpint (g_array_index (days, WsdDaySummary, 0).day, ==, T0 - SEC (3 * 3600));
  g_assert_cmpint (g_array_index (days, WsdDaySummary, 0).worst, ==, WSD_RESULT_FAILED);
  g_assert_cmpuint (g_array_index (days, WsdDaySummary, 0).failed, ==, 1);
  g_assert_cmpint (g_array_index (days, WsdDaySummary, 2).worst, ==, WSD_RESULT_FAILED);
  g_assert_cmpuint (g_array_index (days, WsdDaySummary, 2).runs, ==, 2);
  g_clear_pointer (&days, g_array_unref);
  /* At UTC-05:00 the 03:00 run belongs to the day before. */
  days = wsd_store_list_days (store, "wsus01", -SEC (5 * 3600), &error);
  g_assert_cmpuint (days->len, ==, 4);
  g_assert_cmpint (g_array_index (days, WsdDaySummary, 0).worst, ==, WSD_RESULT_SUCCEEDED);
}

static void
test_diagnosis (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = open_store (fixture);
  g_autoptr(WsdImportBatch) batch = history_batch ();
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  import_ok (store, batch, NULL);
  runs = wsd_store_list_runs (store, NULL, NULL);
  id = ((WsdRun *) g_ptr_array_index (runs, 0))->id;
  g_assert_null (wsd_store_get_diagnosis_title (store, id));
  g_assert_true (wsd_store_set_diagnosis (store, id, "import-update-error", "Updates could not be imported", &error));
  g_assert_cmpstr (wsd_store_get_diagnosis_title (store, id), ==, "Updates could not be imported");
  g_assert_true (wsd_store_set_diagnosis (store, id, NULL, NULL, &error));
  g_assert_null (wsd_store_get_diagnosis_title (store, id));
  g_assert_false (wsd_store_set_diagnosis (store, 999999, "x", "y", &error));
  g_assert_error (error, WSD_ERROR, WSD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (wsd_store_get_run (store, 999999, &error));
  g_assert_error (error, WSD_ERROR, WSD_ERROR_NOT_FOUND);
}

static void
test_diagnosis_cache (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = open_store (fixture);
  g_autoptr(WsdImportBatch) batch = history_batch ();
  g_autoptr(WsdImportBatch) later = wsd_import_batch_new ();
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdRun) run = NULL;
  WsdDiagnosisUpdate updates[3];
  WsdRunQuery query;
  gint64 first, second;

  import_ok (store, batch, NULL);
  runs = wsd_store_list_runs (store, NULL, NULL);
  first = ((WsdRun *) g_ptr_array_index (runs, 0))->id;
  second = ((WsdRun *) g_ptr_array_index (runs, 1))->id;

  wsd_run_query_init (&query);
  query.undiagnosed_only = TRUE;
  g_assert_cmpint (wsd_store_count_runs (store, &query, NULL), ==, 2);
  updates[0] = (WsdDiagnosisUpdate) { first, "import-update-error", "Updates could not be imported" };
  updates[1] = (WsdDiagnosisUpdate) { second, "see-details", "See the details" };
  updates[2] = (WsdDiagnosisUpdate) { 987654, "x", "no such run: skipped" };
  g_assert_true (wsd_store_set_diagnoses (store, updates, G_N_ELEMENTS (updates), &error));
  g_assert_no_error (error);
  g_assert_cmpint (wsd_store_count_runs (store, &query, NULL), ==, 0);

  /* Re-importing what the store holds changes nothing, diagnoses stay. */
  g_free (((WsdSource *) g_ptr_array_index (batch->sources, 0))->fingerprint);
  ((WsdSource *) g_ptr_array_index (batch->sources, 0))->fingerprint = g_strdup ("sha-again");
  import_ok (store, batch, NULL);
  g_assert_cmpint (wsd_store_count_runs (store, &query, NULL), ==, 0);

  /* A late 10021 for the first run: its diagnosis is stale, the other's is not. */
  wsd_import_batch_add_loose_evidence (later, "wsus01",
    fixture_evidence (WSD_SOURCE_KIND_EVENT, "events.xml", 4, T0 + SEC (600), "Event 10021"));
  import_ok (store, later, NULL);
  g_assert_null (wsd_store_get_diagnosis_title (store, first));
  g_assert_cmpstr (wsd_store_get_diagnosis_title (store, second), ==, "See the details");
  g_assert_cmpint (wsd_store_count_runs (store, &query, NULL), ==, 1);

  g_assert_true (wsd_store_clear_diagnoses (store, "WSUS01", &error));
  g_assert_cmpint (wsd_store_count_runs (store, &query, NULL), ==, 2);

  g_assert_true (wsd_store_set_incident (store, second, "incident-7", 2, &error));
  run = wsd_store_get_run (store, second, &error);
  g_assert_cmpstr (run->incident, ==, "incident-7");
  g_assert_cmpint (run->attempt, ==, 2);
  g_assert_false (wsd_store_set_incident (store, 987654, "x", 0, &error));
  g_assert_error (error, WSD_ERROR, WSD_ERROR_NOT_FOUND);
}

static void
test_imports_and_unnamed (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = open_store (fixture);
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) runs = NULL;

  g_ptr_array_add (batch->sources, fixture_source ("SoftwareDistribution.log", "sha-a"));
  g_ptr_array_add (batch->runs, log_run (NULL, T0, T0 + SEC (30), WSD_RESULT_FAILED, 1));
  import_ok (store, batch, NULL);
  records = wsd_store_list_imports (store, NULL);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((WsdImportRecord *) g_ptr_array_index (records, 0))->fingerprint, ==, "sha-a");
  g_assert_cmpint (((WsdImportRecord *) g_ptr_array_index (records, 0))->size, ==, 1234);
  g_assert_cmpuint (((WsdImportRecord *) g_ptr_array_index (records, 0))->records, ==, 10);
  g_assert_cmpint (((WsdImportRecord *) g_ptr_array_index (records, 0))->imported, >, 0);
  runs = wsd_store_list_runs (store, NULL, NULL);
  g_assert_cmpstr (((WsdRun *) g_ptr_array_index (runs, 0))->server, ==, "(unnamed)");
}

static void
test_hostile_text (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WsdStore) store = open_store (fixture);
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(WsdRun) stored = NULL;
  g_autofree char *huge = g_malloc (4 * 1024 * 1024 + 1);
  const char *nasty = "'); DROP TABLE runs; --\xff\xfe\x01\x1b[31m \"quoted\" %_\\ \xe2\x80\xae";
  WsdRunQuery query;
  WsdRun *run;

  memset (huge, 'A', 4 * 1024 * 1024);
  huge[4 * 1024 * 1024] = '\0';
  run = fixture_run ("srv'; DELETE FROM servers; --", T0, T0 + SEC (5), WSD_RUN_TYPE_MANUAL, WSD_RESULT_FAILED);
  run->error = g_strdup (nasty);
  run->error_text = g_strdup (huge);
  run->history_id = g_strdup (nasty);
  wsd_run_add_evidence (run, fixture_evidence (WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG, nasty, 1, T0, nasty));
  wsd_run_add_evidence (run, fixture_evidence (WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG, "big.log", 2, T0, huge));
  g_ptr_array_add (batch->runs, run);
  import_ok (store, batch, NULL);

  runs = wsd_store_list_runs (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);
  stored = wsd_store_get_run (store, ((WsdRun *) g_ptr_array_index (runs, 0))->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->server, ==, "srv'; DELETE FROM servers; --");
  g_assert_cmpstr (stored->error, ==, nasty);
  g_assert_cmpstr (stored->history_id, ==, nasty);
  g_assert_cmpuint (strlen (stored->error_text), ==, 4 * 1024 * 1024);
  g_assert_cmpuint (stored->evidence->len, ==, 2);

  wsd_run_query_init (&query);
  for (const char *const *search = (const char *const[]) { nasty, "DROP TABLE", "\xff\xfe", "\"", "AAAA", "%_\\",
                                                           "\"quoted\" %", NULL };
       *search != NULL; search++)
    {
      query.search = *search;
      g_assert_cmpint (wsd_store_count_runs (store, &query, &error), ==, 1);
      g_assert_no_error (error);
    }
  query.server = "SRV'; delete from servers; --";
  query.search = NULL;
  g_assert_cmpint (wsd_store_count_runs (store, &query, &error), ==, 1);
  g_assert_cmpint (fixture_sql_int (fixture->path,
    "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), ==, 1);
}

/* The pure merger */

static void
test_merger_rules (void)
{
  g_autoptr(WsdRun) log = fixture_run (NULL, T0 + SEC (2), T0 + SEC (30), WSD_RUN_TYPE_UNKNOWN, WSD_RESULT_RUNNING);
  g_autoptr(WsdRun) history = fixture_run (NULL, T0, T0 + SEC (31), WSD_RUN_TYPE_MANUAL, WSD_RESULT_FAILED);
  g_autoptr(WsdRun) approx = fixture_run (NULL, T0 + SEC (60), 0, WSD_RUN_TYPE_MANUAL, WSD_RESULT_UNKNOWN);

  history->history_id = g_strdup ("h");
  history->error = g_strdup ("UssCommunicationError");
  log->error = g_strdup ("Unknown(7)");
  log->phase = WSD_PHASE_UNKNOWN;
  approx->approximate_times = TRUE;

  g_assert_true (wsd_run_merger_can_merge (log, history, WSD_RUN_MATCH_TOLERANCE));
  g_assert_false (wsd_run_merger_can_merge (log, history, SEC (1)));
  g_assert_true (wsd_run_merger_can_merge (history, approx, WSD_RUN_MATCH_TOLERANCE));   /* approximate: no overlap check */

  g_assert_true (wsd_run_merger_merge (log, history));
  g_assert_cmpint (log->started, ==, T0);
  g_assert_cmpint (log->finished, ==, T0 + SEC (31));
  g_assert_cmpint (log->result, ==, WSD_RESULT_FAILED);
  g_assert_cmpint (log->type, ==, WSD_RUN_TYPE_MANUAL);
  g_assert_cmpstr (log->error, ==, "UssCommunicationError");
  g_assert_cmpstr (log->history_id, ==, "h");
  g_assert_false (wsd_run_merger_merge (log, history));   /* nothing new the second time */

  /* Approximate times never replace exact ones. */
  g_assert_false (wsd_run_merger_merge_facts (log, approx) && log->started == approx->started);
  g_assert_cmpint (log->started, ==, T0);
  g_assert_cmpint (wsd_evidence_text_hash ("a"), !=, wsd_evidence_text_hash ("b"));
  g_assert_cmpint (wsd_evidence_text_hash (NULL), ==, wsd_evidence_text_hash (""));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/store/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("schema/migration-from-empty", test_migration_from_empty);
  ADD ("schema/migration-from-1", test_migration_from_version_1);
  ADD ("schema/newer-refused", test_newer_schema_refused);
  ADD ("schema/not-a-database", test_not_a_database);
  ADD ("import/idempotent", test_idempotent_reimport);
  ADD ("import/merge-three-sources", test_merge_three_sources);
  ADD ("import/distinct-runs", test_distinct_runs_not_merged);
  ADD ("import/loose-evidence", test_loose_evidence_before_and_after_runs);
  ADD ("import/failure-rolls-back", test_failed_batch_changes_nothing);
  ADD ("import/unnamed-and-records", test_imports_and_unnamed);
  ADD ("import/hostile-text", test_hostile_text);
  ADD ("servers/facts", test_servers_and_facts);
  ADD ("probes", test_probe_results);
  ADD ("query/sorts", test_query_sorts);
  ADD ("query/filters", test_query_filters);
  ADD ("query/summaries", test_summaries);
  ADD ("diagnosis", test_diagnosis);
  ADD ("diagnosis-cache", test_diagnosis_cache);
#undef ADD
  g_test_add_func ("/store/merger/rules", test_merger_rules);

  return g_test_run ();
}
