/* wsd-store-unnamed.c: a SoftwareDistribution.log does not name its
 * server, so one imported loose without --server files its runs under the
 * placeholder server. The same syncs read from a collector bundle (which
 * names the server) must still be one row each, whichever came first:
 * - a batch bringing runs of a named server takes over the stored
 *   placeholder runs that are the same sync (evidence and all);
 * - a placeholder run of a batch that is the same sync as a stored run of
 *   exactly one named server is filed under that server (several: it
 *   cannot be told whose log it is, and it stays unnamed).
 */
#include "wsd-store-import.h"

static gboolean
is_placeholder (const char *name)
{
  return g_ascii_strcasecmp (name, WSD_STORE_UNNAMED_SERVER) == 0;
}

/* The placeholder server's id, or 0 when it is not stored. */
static gboolean
lookup_placeholder (WsdStoreImport *import, gint64 *out_id, GError **error)
{
  g_auto(WsdStmt) stmt = wsd_store_statement (import->self, "SELECT id FROM servers WHERE name = ?", error);
  int rc;

  *out_id = 0;
  if (stmt == NULL)
    return FALSE;
  wsd_store_bind_text (stmt, 1, WSD_STORE_UNNAMED_SERVER);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return wsd_store_fail (import->self, error);
  return TRUE;
}

/* The one named server with a stored run that @group is the same sync
 * as; 0 when none or several. */
static gboolean
single_named_match (WsdStoreImport *import, gint64 placeholder_id, const WsdRunGroup *group,
                    gint64 *out_server_id, GError **error)
{
  g_autoptr(GArray) servers = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint matches = 0;
  int rc;

  *out_server_id = 0;
  {
    g_auto(WsdStmt) stmt = wsd_store_statement (import->self,
      "SELECT DISTINCT server_id FROM runs WHERE server_id <> ?1 AND started BETWEEN ?2 - ?3 AND ?2 + ?3", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, placeholder_id);
    sqlite3_bind_int64 (stmt, 2, group->merged->started);
    sqlite3_bind_int64 (stmt, 3, WSD_RUN_MATCH_TOLERANCE);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (servers, id);
      }
    if (rc != SQLITE_DONE)
      return wsd_store_fail (import->self, error);
  }
  for (guint i = 0; i < servers->len; i++)
    {
      g_autoptr(WsdRun) run = NULL;
      gint64 id = g_array_index (servers, gint64, i);

      if (!wsd_store_import_find_stored_run (import, id, group, &run, error))
        return FALSE;
      if (run != NULL)
        {
          matches++;
          *out_server_id = id;
        }
    }
  if (matches != 1)
    *out_server_id = 0;
  return TRUE;
}

gboolean
wsd_store_import_group_server (WsdStoreImport *import, const WsdRunGroup *group, gint64 *out_server_id,
                               GError **error)
{
  gint64 placeholder_id = 0, named_id = 0;

  if (import->batch->server_override == NULL && is_placeholder (group->server))
    {
      if (!lookup_placeholder (import, &placeholder_id, error)
          || !single_named_match (import, placeholder_id, group, &named_id, error))
        return FALSE;
      if (named_id != 0)
        {
          *out_server_id = named_id;
          return TRUE;
        }
    }
  return wsd_store_import_ensure_server (import, group->server, out_server_id, error);
}

/* @sql with those of ?1, ?2, ?3 it has bound to @a, @b, @c. */
static gboolean
run_statement (WsdStoreImport *import, const char *sql, gint64 a, gint64 b, gint64 c, GError **error)
{
  g_auto(WsdStmt) stmt = wsd_store_statement (import->self, sql, error);

  const gint64 values[] = { a, b, c };

  if (stmt == NULL)
    return FALSE;
  for (int i = 0; i < sqlite3_bind_parameter_count (stmt) && i < 3; i++)
    sqlite3_bind_int64 (stmt, i + 1, values[i]);
  return wsd_store_step_done (import->self, stmt, error);
}

/* Moves the records of run @from to server @server_id and run @to; a
 * record that server already holds (the same line of another copy of the
 * log) is kept once, attached to @to when it had no run. */
static gboolean
move_evidence (WsdStoreImport *import, gint64 from, gint64 server_id, gint64 to, GError **error)
{
  return run_statement (import,
           "UPDATE evidence SET run_id = ?3 WHERE server_id = ?2 AND run_id IS NULL AND EXISTS"
           " (SELECT 1 FROM evidence u WHERE u.run_id = ?1 AND u.time = evidence.time"
           "  AND u.line = evidence.line AND u.text_hash = evidence.text_hash)", from, server_id, to, error)
         && run_statement (import,
           "DELETE FROM evidence WHERE run_id = ?1 AND EXISTS"
           " (SELECT 1 FROM evidence d WHERE d.server_id = ?2 AND d.time = evidence.time"
           "  AND d.line = evidence.line AND d.text_hash = evidence.text_hash)", from, server_id, to, error)
         && run_statement (import, "UPDATE evidence SET server_id = ?2, run_id = ?3 WHERE run_id = ?1",
                           from, server_id, to, error);
}

gboolean
wsd_store_import_absorb_unnamed (WsdStoreImport *import, gint64 server_id, const WsdRunGroup *group,
                                 WsdRun **inout_stored, gboolean *inout_changed, GError **error)
{
  gint64 placeholder_id;

  if (is_placeholder (group->server))
    return TRUE;
  if (!lookup_placeholder (import, &placeholder_id, error))
    return FALSE;
  if (placeholder_id == 0 || placeholder_id == server_id)
    return TRUE;

  for (;;)
    {
      g_autoptr(WsdRun) unnamed = NULL;
      WsdRun *stored = *inout_stored;

      if (!wsd_store_import_find_stored_run (import, placeholder_id, group, &unnamed, error))
        return FALSE;
      if (unnamed == NULL)
        return TRUE;
      import->moved_unnamed = TRUE;
      *inout_changed = TRUE;
      if (stored == NULL)
        {
          /* The run itself changes server. */
          if (!run_statement (import, "UPDATE runs SET server_id = ?2 WHERE id = ?1",
                              unnamed->id, server_id, 0, error)
              || !move_evidence (import, unnamed->id, server_id, unnamed->id, error))
            return FALSE;
          g_free (unnamed->server);
          unnamed->server = g_strdup (group->server);
          wsd_store_import_note_run_start (import, server_id, unnamed->started);
          wsd_store_import_note_changed (import, unnamed->id);
          *inout_stored = g_steal_pointer (&unnamed);
          continue;
        }
      /* Merged into the named server's run, then gone. */
      if (wsd_run_merger_merge_facts (stored, unnamed) && !wsd_store_import_update_run (import, stored, error))
        return FALSE;
      if (!move_evidence (import, unnamed->id, server_id, stored->id, error)
          || !run_statement (import, "UPDATE OR IGNORE update_errors SET run_id = ?2 WHERE run_id = ?1",
                             unnamed->id, stored->id, 0, error)
          || !run_statement (import, "DELETE FROM runs WHERE id = ?1", unnamed->id, 0, 0, error))
        return FALSE;
      wsd_store_import_note_changed (import, stored->id);
    }
}

gboolean
wsd_store_import_drop_empty_unnamed (WsdStoreImport *import, GError **error)
{
  g_auto(WsdStmt) stmt = NULL;

  if (!import->moved_unnamed)
    return TRUE;
  stmt = wsd_store_statement (import->self,
    "DELETE FROM servers WHERE name = ? AND NOT EXISTS (SELECT 1 FROM runs WHERE server_id = servers.id)"
    " AND NOT EXISTS (SELECT 1 FROM evidence WHERE server_id = servers.id)", error);
  if (stmt == NULL)
    return FALSE;
  wsd_store_bind_text (stmt, 1, WSD_STORE_UNNAMED_SERVER);
  if (!wsd_store_step_done (import->self, stmt, error))
    return FALSE;
  /* Its id may be cached for this import. */
  g_hash_table_remove_all (import->server_ids);
  return TRUE;
}
