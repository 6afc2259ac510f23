/* wsd-store-query.c: listing, counting and loading runs; summaries.
 *
 * Sorting, filtering and paging happen in sqlite. Every sort column has
 * an index ending in (started, rowid), so a page in any order reads the
 * index instead of sorting the table.
 */
#include <string.h>

#include "wsd-store-private.h"

void
wsd_run_query_init (WsdRunQuery *query)
{
  g_return_if_fail (query != NULL);
  memset (query, 0, sizeof *query);
  query->result = WSD_RESULT_UNKNOWN;
  query->sort = WSD_RUN_SORT_STARTED;
}

WsdRun *
wsd_store_run_from_row (sqlite3_stmt *stmt)
{
  WsdRun *run = wsd_run_new ();

  run->id = sqlite3_column_int64 (stmt, 0);
  run->server = wsd_store_column_dup (stmt, 1);
  run->history_id = wsd_store_column_dup (stmt, 2);
  run->started = sqlite3_column_int64 (stmt, 3);
  run->finished = sqlite3_column_int64 (stmt, 4);
  run->type = wsd_run_type_from_string ((const char *) sqlite3_column_text (stmt, 5));
  run->result = wsd_result_from_string ((const char *) sqlite3_column_text (stmt, 6));
  run->error = wsd_store_column_dup (stmt, 7);
  run->error_text = wsd_store_column_dup (stmt, 8);
  run->phase = sqlite3_column_type (stmt, 9) == SQLITE_NULL
             ? WSD_PHASE_NONE : wsd_phase_from_string ((const char *) sqlite3_column_text (stmt, 9));
  run->approximate_times = sqlite3_column_int (stmt, 10) != 0;
  run->configmgr = sqlite3_column_int (stmt, 11) != 0;
  run->new_updates = sqlite3_column_int (stmt, 12);
  run->revised_updates = sqlite3_column_int (stmt, 13);
  run->expired_updates = sqlite3_column_int (stmt, 14);
  run->incident = wsd_store_column_dup (stmt, 15);
  run->attempt = sqlite3_column_int (stmt, 16);
  return run;
}

gboolean
wsd_store_load_run_items (WsdStore *self, WsdRun *run, GError **error)
{
  int rc;

  {
    g_auto(WsdStmt) stmt = wsd_store_statement (self,
      "SELECT e.kind, p.path, e.line, e.byte_offset, e.time, e.level, e.component, e.text, e.event_id"
      " FROM evidence e JOIN paths p ON p.id = e.path_id WHERE e.run_id = ? ORDER BY e.time, e.line, e.id",
      error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, run->id);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        WsdEvidence *evidence = wsd_evidence_new ();

        evidence->kind = wsd_source_kind_from_string ((const char *) sqlite3_column_text (stmt, 0));
        evidence->source_path = wsd_store_column_dup (stmt, 1);
        evidence->line = sqlite3_column_int (stmt, 2);
        evidence->offset = sqlite3_column_int64 (stmt, 3);
        evidence->time = sqlite3_column_int64 (stmt, 4);
        evidence->level = wsd_level_from_string ((const char *) sqlite3_column_text (stmt, 5));
        evidence->component = wsd_store_column_dup (stmt, 6);
        evidence->text = wsd_store_column_dup (stmt, 7);
        evidence->event_id = sqlite3_column_int (stmt, 8);
        wsd_run_add_evidence (run, evidence);
      }
    if (rc != SQLITE_DONE)
      return wsd_store_fail (self, error);
  }
  {
    g_auto(WsdStmt) stmt = wsd_store_statement (self,
      "SELECT update_id, revision, error, error_text FROM update_errors WHERE run_id = ? ORDER BY id", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, run->id);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        WsdUpdateError *ue = wsd_update_error_new ();

        ue->update_id = wsd_store_column_dup (stmt, 0);
        ue->revision = sqlite3_column_int (stmt, 1);
        ue->error = wsd_store_column_dup (stmt, 2);
        ue->error_text = wsd_store_column_dup (stmt, 3);
        g_ptr_array_add (run->update_errors, ue);
      }
    if (rc != SQLITE_DONE)
      return wsd_store_fail (self, error);
  }
  return TRUE;
}

/* Query building. Parameters have fixed numbers: ?1 server, ?2 result,
 * ?3 since, ?4 until, ?5 search pattern, ?6 limit, ?7 offset. */

static const char *
sort_column (WsdRunSort sort)
{
  switch (sort)
    {
    case WSD_RUN_SORT_FINISHED:  return "r.finished";
    case WSD_RUN_SORT_TYPE:      return "r.type";
    case WSD_RUN_SORT_RESULT:    return "r.result";
    case WSD_RUN_SORT_NEW:       return "r.new_updates";
    case WSD_RUN_SORT_REVISED:   return "r.revised_updates";
    case WSD_RUN_SORT_EXPIRED:   return "r.expired_updates";
    case WSD_RUN_SORT_DIAGNOSIS: return "r.diagnosis_title";
    case WSD_RUN_SORT_SERVER:    return "s.name";
    case WSD_RUN_SORT_STARTED:
    default:                     return NULL;
    }
}

/* The trigram index finds substrings of three characters or more;
 * shorter searches scan with LIKE. */
static gboolean
uses_index (const char *search)
{
  return search != NULL && g_utf8_validate (search, -1, NULL) && g_utf8_strlen (search, -1) >= 3;
}

/* The search as one FTS5 phrase: a substring, every character literal. */
static char *
match_phrase (const char *search)
{
  GString *phrase = g_string_new ("\"");

  for (const char *p = search; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (phrase, '"');
      g_string_append_c (phrase, *p);
    }
  g_string_append_c (phrase, '"');
  return g_string_free (phrase, FALSE);
}

static void
append_where (GString *sql, const WsdRunQuery *query)
{
  const char *glue = " WHERE ";

#define CLAUSE(text) G_STMT_START { g_string_append (sql, glue); g_string_append (sql, text); glue = " AND "; } G_STMT_END
  if (query->server != NULL)
    CLAUSE ("r.server_id = (SELECT id FROM servers WHERE name = ?1 COLLATE NOCASE ORDER BY name = ?1 DESC, id LIMIT 1)");
  if (query->result != WSD_RESULT_UNKNOWN)
    CLAUSE ("r.result = ?2");
  if (query->failed_only)
    CLAUSE ("r.result IN ('failed', 'canceled')");
  if (query->undiagnosed_only)
    CLAUSE ("r.diagnosis_rule IS NULL AND r.diagnosis_title IS NULL");
  if (query->since != 0)
    CLAUSE ("r.started >= ?3");
  if (query->until != 0)
    CLAUSE ("r.started < ?4");
  if (uses_index (query->search))
    CLAUSE ("r.id IN (SELECT rowid FROM run_search WHERE run_search MATCH ?5)");
  else if (query->search != NULL && *query->search != '\0')
    CLAUSE ("(r.error_text LIKE ?5 ESCAPE '\\' OR r.error LIKE ?5 ESCAPE '\\'"
            " OR r.diagnosis_title LIKE ?5 ESCAPE '\\')");
#undef CLAUSE
}

static void
append_order (GString *sql, const WsdRunQuery *query)
{
  const char *column = sort_column (query->sort);
  const char *direction = query->descending ? " DESC" : "";

  g_string_append (sql, " ORDER BY ");
  if (column != NULL)
    g_string_append_printf (sql, "%s%s, ", column, direction);
  g_string_append_printf (sql, "r.started%s, r.id%s", direction, direction);
  if (query->limit > 0 || query->offset > 0)
    g_string_append (sql, " LIMIT ?6 OFFSET ?7");
}

/* Servers drive the loop only when sorting by their name. */
static const char *
from_clause (const WsdRunQuery *query)
{
  if (query->sort == WSD_RUN_SORT_SERVER)
    return " FROM servers s CROSS JOIN runs r ON r.server_id = s.id";
  return " FROM runs r";
}

static char *
like_pattern (const char *search)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = search; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

static void
bind_query (sqlite3_stmt *stmt, const WsdRunQuery *query)
{
  /* Parameters the SQL does not use are out of range: harmless. */
  if (query->server != NULL)
    wsd_store_bind_text (stmt, 1, query->server);
  if (query->result != WSD_RESULT_UNKNOWN)
    wsd_store_bind_text (stmt, 2, wsd_result_to_string (query->result));
  if (query->since != 0)
    sqlite3_bind_int64 (stmt, 3, query->since);
  if (query->until != 0)
    sqlite3_bind_int64 (stmt, 4, query->until);
  if (uses_index (query->search))
    sqlite3_bind_text (stmt, 5, match_phrase (query->search), -1, g_free);
  else if (query->search != NULL && *query->search != '\0')
    sqlite3_bind_text (stmt, 5, like_pattern (query->search), -1, g_free);
  if (query->limit > 0 || query->offset > 0)
    {
      sqlite3_bind_int64 (stmt, 6, query->limit > 0 ? (gint64) query->limit : -1);
      sqlite3_bind_int64 (stmt, 7, query->offset);
    }
}

static const WsdRunQuery *
query_or_default (const WsdRunQuery *query, WsdRunQuery *fallback)
{
  if (query != NULL)
    return query;
  wsd_run_query_init (fallback);
  return fallback;
}

GArray *
wsd_store_list_run_ids (WsdStore *self, const WsdRunQuery *query, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) sql = g_string_new ("SELECT r.id");
  g_auto(WsdStmt) stmt = NULL;
  WsdRunQuery fallback;
  int rc;

  g_return_val_if_fail (WSD_IS_STORE (self), NULL);
  query = query_or_default (query, &fallback);

  g_string_append (sql, from_clause (query));
  append_where (sql, query);
  append_order (sql, query);
  stmt = wsd_store_statement (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_query (stmt, query);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      wsd_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gint64
wsd_store_count_runs (WsdStore *self, const WsdRunQuery *query, GError **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM runs r");
  g_auto(WsdStmt) stmt = NULL;
  WsdRunQuery fallback, unpaged;

  g_return_val_if_fail (WSD_IS_STORE (self), -1);
  unpaged = *query_or_default (query, &fallback);
  unpaged.offset = unpaged.limit = 0;

  append_where (sql, &unpaged);
  stmt = wsd_store_statement (self, sql->str, error);
  if (stmt == NULL)
    return -1;
  bind_query (stmt, &unpaged);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      wsd_store_fail (self, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

static WsdRun *
get_run_row (WsdStore *self, gint64 run_id, GError **error)
{
  g_auto(WsdStmt) stmt = wsd_store_statement (self,
    "SELECT " WSD_STORE_RUN_COLUMNS " FROM runs r JOIN servers s ON s.id = r.server_id WHERE r.id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return wsd_store_run_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, WSD_ERROR, WSD_ERROR_NOT_FOUND, "no run %" G_GINT64_FORMAT " in the store", run_id);
  else
    wsd_store_fail (self, error);
  return NULL;
}

WsdRun *
wsd_store_get_run (WsdStore *self, gint64 run_id, GError **error)
{
  g_autoptr(WsdRun) run = NULL;

  g_return_val_if_fail (WSD_IS_STORE (self), NULL);

  run = get_run_row (self, run_id, error);
  if (run == NULL || !wsd_store_load_run_items (self, run, error))
    return NULL;
  return g_steal_pointer (&run);
}

GPtrArray *
wsd_store_get_runs (WsdStore *self, const gint64 *ids, guint n_ids, gboolean with_evidence, GError **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_free);

  g_return_val_if_fail (WSD_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(GError) local_error = NULL;
      WsdRun *run = get_run_row (self, ids[i], &local_error);

      if (run == NULL)
        {
          if (g_error_matches (local_error, WSD_ERROR, WSD_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_ptr_array_add (runs, run);
      if (with_evidence && !wsd_store_load_run_items (self, run, error))
        return NULL;
    }
  return g_steal_pointer (&runs);
}

/* A deep page is read as ids from the sort column's index first: skipping
 * OFFSET rows then touches no table row, so it costs about as much as
 * the id list up to it, whatever the sort. Without an offset the rows are
 * read in one pass. */
GPtrArray *
wsd_store_list_runs (WsdStore *self, const WsdRunQuery *query, GError **error)
{
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GString) sql = NULL;
  g_auto(WsdStmt) stmt = NULL;
  WsdRunQuery fallback;
  int rc;

  g_return_val_if_fail (WSD_IS_STORE (self), NULL);
  query = query_or_default (query, &fallback);

  if (query->offset > 0)
    {
      g_autoptr(GArray) ids = wsd_store_list_run_ids (self, query, error);

      if (ids == NULL)
        return NULL;
      return wsd_store_get_runs (self, (const gint64 *) (gpointer) ids->data, ids->len, query->with_evidence, error);
    }

  runs = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_free);
  sql = g_string_new ("SELECT " WSD_STORE_RUN_COLUMNS);
  g_string_append (sql, query->sort == WSD_RUN_SORT_SERVER
                        ? " FROM servers s CROSS JOIN runs r ON r.server_id = s.id"
                        : " FROM runs r CROSS JOIN servers s ON s.id = r.server_id");
  append_where (sql, query);
  append_order (sql, query);
  stmt = wsd_store_statement (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_query (stmt, query);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (runs, wsd_store_run_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      wsd_store_fail (self, error);
      return NULL;
    }
  sqlite3_reset (stmt);

  if (query->with_evidence)
    for (guint i = 0; i < runs->len; i++)
      if (!wsd_store_load_run_items (self, g_ptr_array_index (runs, i), error))
        return NULL;
  return g_steal_pointer (&runs);
}

/* One small indexed query per figure: a single pass over a million
 * rows would cost more than all of them. */
static gboolean
summary_int (WsdStore *self, const char *sql_all, const char *sql_server, const char *server,
             gint64 bound, gint64 *out_value, GError **error)
{
  g_auto(WsdStmt) stmt = wsd_store_statement (self, server != NULL ? sql_server : sql_all, error);
  int rc;

  *out_value = 0;
  if (stmt == NULL)
    return FALSE;
  if (server != NULL)
    wsd_store_bind_text (stmt, 1, server);
  sqlite3_bind_int64 (stmt, 2, bound);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_value = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return wsd_store_fail (self, error);
  return TRUE;
}

#define IN_SERVER " server_id = (SELECT id FROM servers WHERE name = ?1 COLLATE NOCASE ORDER BY name = ?1 DESC, id LIMIT 1) "

gboolean
wsd_store_summarize_runs (WsdStore *self, const char *server, WsdRunSummary *out, GError **error)
{
  gint64 streak = 0, last_result = 0;

  g_return_val_if_fail (WSD_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!summary_int (self, "SELECT count(*) FROM runs WHERE ?2 = 0",
                    "SELECT count(*) FROM runs WHERE" IN_SERVER "AND ?2 = 0", server, 0, &out->runs, error)
      || !summary_int (self, "SELECT count(*) FROM runs WHERE result IN ('failed', 'canceled') AND ?2 = 0",
                       "SELECT count(*) FROM runs WHERE" IN_SERVER "AND result IN ('failed', 'canceled') AND ?2 = 0",
                       server, 0, &out->failed, error)
      || !summary_int (self, "SELECT max (started) FROM runs WHERE ?2 = 0",
                       "SELECT max (started) FROM runs WHERE" IN_SERVER "AND ?2 = 0", server, 0, &out->last_run, error)
      || !summary_int (self, "SELECT max (started) FROM runs WHERE result = 'succeeded' AND ?2 = 0",
                       "SELECT max (started) FROM runs WHERE" IN_SERVER "AND result = 'succeeded' AND ?2 = 0",
                       server, 0, &out->last_success, error)
      || !summary_int (self, "SELECT count(*) FROM runs WHERE result IN ('failed', 'canceled') AND started > ?2",
                       "SELECT count(*) FROM runs WHERE" IN_SERVER "AND result IN ('failed', 'canceled') AND started > ?2",
                       server, out->last_success, &streak, error)
      || !summary_int (self, "SELECT id FROM runs WHERE ?2 = 0 ORDER BY started DESC, id DESC LIMIT 1",
                       "SELECT id FROM runs WHERE" IN_SERVER "AND ?2 = 0 ORDER BY started DESC, id DESC LIMIT 1",
                       server, 0, &last_result, error))
    return FALSE;
  out->failure_streak = (guint) streak;
  out->last_result = WSD_RESULT_UNKNOWN;
  if (last_result != 0)
    {
      g_auto(WsdStmt) stmt = wsd_store_statement (self, "SELECT result FROM runs WHERE id = ?", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, last_result);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        return wsd_store_fail (self, error);
      out->last_result = wsd_result_from_string ((const char *) sqlite3_column_text (stmt, 0));
    }
  return TRUE;
}

static int
badness (WsdResult result)
{
  switch (result)
    {
    case WSD_RESULT_FAILED:    return 4;
    case WSD_RESULT_CANCELED:  return 3;
    case WSD_RESULT_RUNNING:   return 2;
    case WSD_RESULT_UNKNOWN:   return 1;
    case WSD_RESULT_SUCCEEDED:
    default:                   return 0;
    }
}

static int
compare_days (gconstpointer a, gconstpointer b)
{
  gint64 x = ((const WsdDaySummary *) a)->day, y = ((const WsdDaySummary *) b)->day;

  return x < y ? -1 : x > y;
}

GArray *
wsd_store_list_days (WsdStore *self, const char *server, gint64 utc_offset, GError **error)
{
  g_autoptr(GArray) days = g_array_new (FALSE, TRUE, sizeof (WsdDaySummary));
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_auto(WsdStmt) stmt = NULL;
  const char *last_result = NULL;
  WsdResult result = WSD_RESULT_UNKNOWN;
  WsdDaySummary *summary = NULL;
  int rc;

  g_return_val_if_fail (WSD_IS_STORE (self), NULL);

  /* Rows come in the order of a (result, started) index, which holds
   * both columns: no table row is read, nothing is sorted, and days of
   * one result arrive in order (sqlite would sort to GROUP BY a day). */
  stmt = wsd_store_statement (self, server != NULL
    ? "SELECT result, started FROM runs INDEXED BY runs_server_result"
      " WHERE server_id = (SELECT id FROM servers WHERE name = ?1 COLLATE NOCASE ORDER BY name = ?1 DESC, id LIMIT 1)"
      " ORDER BY result, started"
    : "SELECT result, started FROM runs INDEXED BY runs_result ORDER BY result, started", error);
  if (stmt == NULL)
    return NULL;
  if (server != NULL)
    wsd_store_bind_text (stmt, 1, server);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      gint64 local = sqlite3_column_int64 (stmt, 1) + utc_offset;
      gint64 day = (local - ((local % G_GINT64_CONSTANT (86400000000)) + G_GINT64_CONSTANT (86400000000))
                            % G_GINT64_CONSTANT (86400000000)) - utc_offset;

      if (last_result == NULL || g_strcmp0 (text, last_result) != 0)
        {
          result = wsd_result_from_string (text);
          last_result = g_intern_string (text);
          summary = NULL;
        }
      if (summary == NULL || summary->day != day)
        {
          gpointer position = g_hash_table_lookup (index, &day);

          if (position == NULL)
            {
              WsdDaySummary fresh = { day, 0, 0, WSD_RESULT_SUCCEEDED };

              g_array_append_val (days, fresh);
              position = GUINT_TO_POINTER (days->len);
              g_hash_table_insert (index, wsd_store_boxed_int64 (day), position);
            }
          summary = &g_array_index (days, WsdDaySummary, GPOINTER_TO_UINT (position) - 1);
          if (badness (result) > badness (summary->worst))
            summary->worst = result;
        }
      summary->runs++;
      if (result == WSD_RESULT_FAILED || result == WSD_RESULT_CANCELED)
        summary->failed++;
    }
  if (rc != SQLITE_DONE)
    {
      wsd_store_fail (self, error);
      return NULL;
    }
  g_array_sort (days, compare_days);
  return g_steal_pointer (&days);
}
