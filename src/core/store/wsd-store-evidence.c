/* wsd-store-evidence.c: storing evidence records once per server, and
 * attaching loose records (events, WCM.log lines) to the run they belong
 * to by time (KB weighing rule 7). */
#include "wsd-store-import.h"
#include "wsd-run-merger.h"

/* Evidence */

gboolean
wsd_store_import_find_or_add_id (WsdStore *self, const char *select_sql, const char *insert_sql,
                                 const char *value, gint64 *out_id, gboolean *out_added, GError **error)
{
  int rc;

  *out_id = 0;
  *out_added = FALSE;
  {
    g_auto(WsdStmt) stmt = wsd_store_statement (self, select_sql, error);

    if (stmt == NULL)
      return FALSE;
    wsd_store_bind_text (stmt, 1, value);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      *out_id = sqlite3_column_int64 (stmt, 0);
    else if (rc != SQLITE_DONE)
      return wsd_store_fail (self, error);
  }
  if (rc == SQLITE_DONE && insert_sql != NULL)
    {
      g_auto(WsdStmt) stmt = wsd_store_statement (self, insert_sql, error);

      if (stmt == NULL)
        return FALSE;
      wsd_store_bind_text (stmt, 1, value);
      if (!wsd_store_step_done (self, stmt, error))
        return FALSE;
      *out_id = sqlite3_last_insert_rowid (self->db);
      *out_added = TRUE;
    }
  return TRUE;
}

gboolean
wsd_store_import_lookup_path (WsdStoreImport *import, const char *path, gboolean create, gint64 *out_id, GError **error)
{
  gint64 *cached = g_hash_table_lookup (import->path_ids, path);
  gboolean added;

  *out_id = 0;
  if (cached != NULL)
    {
      *out_id = *cached;
      return TRUE;
    }
  if (!wsd_store_import_find_or_add_id (import->self, "SELECT id FROM paths WHERE path = ?",
                                        create ? "INSERT INTO paths (path) VALUES (?)" : NULL,
                                        path, out_id, &added, error))
    return FALSE;
  if (*out_id == 0)
    return TRUE;
  g_hash_table_insert (import->path_ids, g_strdup (path), wsd_store_boxed_int64 (*out_id));
  return TRUE;
}

/* Stores one record (once per server); a record of a run claims the same
 * record stored earlier as loose or unattached evidence. */
gboolean
wsd_store_import_store_evidence (WsdStoreImport *import, gint64 server_id, gint64 run_id, gboolean loose,
                const WsdEvidence *evidence, gboolean *out_added, GError **error)
{
  WsdStore *self = import->self;
  gint64 path_id, hash = wsd_evidence_text_hash (evidence->text);

  *out_added = FALSE;
  if (!wsd_store_import_lookup_path (import, evidence->source_path != NULL ? evidence->source_path : "", TRUE, &path_id, error))
    return FALSE;
  {
    g_auto(WsdStmt) stmt = wsd_store_statement (self,
      "INSERT OR IGNORE INTO evidence (server_id, run_id, loose, kind, path_id, line, byte_offset, time,"
      " level, component, text, text_hash, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, server_id);
    if (run_id != 0)
      sqlite3_bind_int64 (stmt, 2, run_id);
    sqlite3_bind_int (stmt, 3, loose);
    wsd_store_bind_text (stmt, 4, wsd_source_kind_to_string (evidence->kind));
    sqlite3_bind_int64 (stmt, 5, path_id);
    sqlite3_bind_int64 (stmt, 6, evidence->line);
    sqlite3_bind_int64 (stmt, 7, evidence->offset);
    sqlite3_bind_int64 (stmt, 8, evidence->time);
    wsd_store_bind_text (stmt, 9, wsd_level_to_string (evidence->level));
    wsd_store_bind_text (stmt, 10, evidence->component);
    wsd_store_bind_text (stmt, 11, evidence->text != NULL ? evidence->text : "");
    sqlite3_bind_int64 (stmt, 12, hash);
    sqlite3_bind_int64 (stmt, 13, evidence->event_id);
    if (!wsd_store_step_done (self, stmt, error))
      return FALSE;
  }
  if (sqlite3_changes (self->db) > 0)
    {
      *out_added = TRUE;
      import->stats.evidence_added++;
      return TRUE;
    }
  if (run_id != 0 && !loose)
    {
      g_auto(WsdStmt) stmt = wsd_store_statement (self,
        "UPDATE evidence SET run_id = ?, loose = 0 WHERE server_id = ? AND time = ? AND line = ?"
        " AND text_hash = ? AND (run_id IS NULL OR loose = 1)", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, run_id);
      sqlite3_bind_int64 (stmt, 2, server_id);
      sqlite3_bind_int64 (stmt, 3, evidence->time);
      sqlite3_bind_int64 (stmt, 4, evidence->line);
      sqlite3_bind_int64 (stmt, 5, hash);
      if (!wsd_store_step_done (self, stmt, error))
        return FALSE;
      *out_added = sqlite3_changes (self->db) > 0;
    }
  return TRUE;
}

gboolean
wsd_store_import_store_update_error (WsdStoreImport *import, gint64 run_id, const WsdUpdateError *ue, gboolean *out_added, GError **error)
{
  WsdStore *self = import->self;
  g_auto(WsdStmt) stmt = wsd_store_statement (self,
    "INSERT OR IGNORE INTO update_errors (run_id, update_id, revision, error, error_text) VALUES (?, ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  wsd_store_bind_text (stmt, 2, ue->update_id != NULL ? ue->update_id : "");
  sqlite3_bind_int (stmt, 3, ue->revision);
  wsd_store_bind_text (stmt, 4, ue->error != NULL ? ue->error : "");
  wsd_store_bind_text (stmt, 5, ue->error_text);
  if (!wsd_store_step_done (self, stmt, error))
    return FALSE;
  *out_added = sqlite3_changes (self->db) > 0;
  return TRUE;
}

/* The run of @server_id a record at @time belongs to: the last run started
 * at or before it (KB rule 7: what follows a run until the next starts is
 * that run's), else the first run after it when within
 * WSD_LOOSE_EVIDENCE_LEAD; 0 when none. */
gboolean
wsd_store_import_find_owner (WsdStoreImport *import, gint64 server_id, gint64 time, gint64 *out_run_id, GError **error)
{
  WsdStore *self = import->self;
  int rc;

  *out_run_id = 0;
  if (time == 0)
    return TRUE;
  {
    g_auto(WsdStmt) stmt = wsd_store_statement (self,
      "SELECT id FROM runs WHERE server_id = ? AND started <= ? ORDER BY started DESC, id DESC LIMIT 1", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, server_id);
    sqlite3_bind_int64 (stmt, 2, time);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      {
        *out_run_id = sqlite3_column_int64 (stmt, 0);
        return TRUE;
      }
    if (rc != SQLITE_DONE)
      return wsd_store_fail (self, error);
  }
  {
    g_auto(WsdStmt) stmt = wsd_store_statement (self,
      "SELECT id FROM runs WHERE server_id = ?1 AND started > ?2 AND started <= ?2 + ?3"
      " ORDER BY started, id LIMIT 1", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, server_id);
    sqlite3_bind_int64 (stmt, 2, time);
    sqlite3_bind_int64 (stmt, 3, WSD_LOOSE_EVIDENCE_LEAD);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      *out_run_id = sqlite3_column_int64 (stmt, 0);
    else if (rc != SQLITE_DONE)
      return wsd_store_fail (self, error);
  }
  return TRUE;
}

/* New runs can own loose records stored by earlier imports. */
gboolean
wsd_store_import_reattach_loose (WsdStoreImport *import, gint64 server_id, gint64 from, GError **error)
{
  WsdStore *self = import->self;
  g_autoptr(GArray) moves = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  int rc;

  {
    g_auto(WsdStmt) stmt = wsd_store_statement (self,
      "SELECT id, time, coalesce (run_id, 0) FROM evidence WHERE server_id = ? AND loose = 1 AND time >= ?"
      " ORDER BY time", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, server_id);
    sqlite3_bind_int64 (stmt, 2, from - WSD_LOOSE_EVIDENCE_LEAD);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 move[2] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 2) };
        gint64 owner;

        if (!wsd_store_import_find_owner (import, server_id, sqlite3_column_int64 (stmt, 1), &owner, error))
          return FALSE;
        if (owner != move[1])
          {
            wsd_store_import_note_changed (import, move[1]);
            wsd_store_import_note_changed (import, owner);
            move[1] = owner;
            g_array_append_val (moves, move);
          }
      }
    if (rc != SQLITE_DONE)
      return wsd_store_fail (self, error);
  }
  for (guint i = 0; i < moves->len; i++)
    {
      gint64 *move = &g_array_index (moves, gint64, 2 * i);
      g_auto(WsdStmt) stmt = wsd_store_statement (self, "UPDATE evidence SET run_id = ? WHERE id = ?", error);

      if (stmt == NULL)
        return FALSE;
      if (move[1] != 0)
        sqlite3_bind_int64 (stmt, 1, move[1]);
      sqlite3_bind_int64 (stmt, 2, move[0]);
      if (!wsd_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
wsd_store_import_store_loose_evidence (WsdStoreImport *import, GError **error)
{
  WsdImportBatch *batch = import->batch;

  for (guint i = 0; i < batch->loose_evidence->len; i++)
    {
      const WsdEvidence *evidence = g_ptr_array_index (batch->loose_evidence, i);
      const char *name = i < batch->loose_servers->len ? g_ptr_array_index (batch->loose_servers, i) : NULL;
      gint64 server_id, run_id;
      gboolean added;

      if (name == NULL)
        name = batch->server_override != NULL ? batch->server_override : WSD_STORE_UNNAMED_SERVER;
      if (!wsd_store_import_ensure_server (import, name, &server_id, error)
          || !wsd_store_import_find_owner (import, server_id, evidence->time, &run_id, error)
          || !wsd_store_import_store_evidence (import, server_id, run_id, TRUE, evidence, &added, error))
        return FALSE;
      if (added && run_id == 0)
        import->stats.evidence_unattached++;
      if (added)
        wsd_store_import_note_changed (import, run_id);
    }
  return TRUE;
}

