/* store-fixtures.h: building import batches for the store tests. */
#pragma once

#include <sqlite3.h>
#include "wsd-store.h"

#define T0 (G_GINT64_CONSTANT (1795143600) * G_USEC_PER_SEC)   /* 2026-11-20T03:00:00Z */
#define SEC(n) ((gint64) (n) * G_USEC_PER_SEC)

static inline WsdEvidence *
fixture_evidence (WsdSourceKind kind, const char *path, guint line, gint64 time, const char *text)
{
  WsdEvidence *evidence = wsd_evidence_new ();

  evidence->kind = kind;
  evidence->source_path = g_strdup (path);
  evidence->line = line;
  evidence->offset = line > 0 ? (gint64) line * 100 : -1;
  evidence->time = time;
  evidence->level = strstr (text, "rror") != NULL ? WSD_LEVEL_ERROR : WSD_LEVEL_INFO;
  evidence->component = g_strdup ("Fixture");
  evidence->text = g_strdup (text);
  return evidence;
}

static inline WsdRun *
fixture_run (const char *server, gint64 started, gint64 finished, WsdRunType type, WsdResult result)
{
  WsdRun *run = wsd_run_new ();

  run->server = g_strdup (server);
  run->started = started;
  run->finished = finished;
  run->type = type;
  run->result = result;
  return run;
}

static inline WsdSource *
fixture_source (const char *path, const char *fingerprint)
{
  WsdSource *source = wsd_source_new (path, "fixture");

  source->fingerprint = g_strdup (fingerprint);
  source->size = 1234;
  source->records = 10;
  return source;
}

/* A count from the database file behind the store's back. */
static inline gint64
fixture_sql_int (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 30000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static inline void
fixture_sql_exec (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 30000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static inline int
fixture_compare_lines (const char **a, const char **b)
{
  return strcmp (*a, *b);
}

/* Every row of every table, as text: "logically unchanged" means equal dumps. */
static inline char *
fixture_dump (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;
  GString *dump = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 30000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      /* Shadow tables of the search index have no rowid: sort the lines. */
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", sqlite3_column_text (tables, 0));
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *rows = NULL;

      g_string_append_printf (dump, "== %s\n", sqlite3_column_text (tables, 0));
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL), ==, SQLITE_OK);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          GString *line = g_string_new (NULL);

          for (int i = 0; i < sqlite3_column_count (rows); i++)
            {
              if (sqlite3_column_type (rows, i) == SQLITE_BLOB)
                {
                  const guchar *blob = sqlite3_column_blob (rows, i);
                  for (int b = 0; b < sqlite3_column_bytes (rows, i); b++)
                    g_string_append_printf (line, "%02x", blob[b]);
                  g_string_append_c (line, '|');
                }
              else
                g_string_append_printf (line, "%s|", sqlite3_column_type (rows, i) == SQLITE_NULL
                                                     ? "NULL" : (const char *) sqlite3_column_text (rows, i));
            }
          g_ptr_array_add (lines, g_string_free (line, FALSE));
        }
      sqlite3_finalize (rows);
      g_ptr_array_sort (lines, (GCompareFunc) fixture_compare_lines);
      for (guint i = 0; i < lines->len; i++)
        g_string_append_printf (dump, "%s\n", (const char *) g_ptr_array_index (lines, i));
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
  return g_string_free (dump, FALSE);
}
