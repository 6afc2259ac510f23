/* wsd-store-import.c: writing an import batch in one transaction.
 *
 * Order of work: record the sources (skip the batch when every source was
 * imported before), upsert server facts, consolidate the batch's runs
 * (wsd-run-merger), merge each with a stored run of the same sync (of
 * its server, or of the placeholder server: wsd-store-unnamed.c) or
 * insert it, re-attach loose evidence stored earlier around new runs, and
 * finally attach the batch's loose evidence by time (KB weighing rule 7).
 */
#include <string.h>

#include "wsd-store-import.h"
#include "wsd-run-merger.h"



static void
import_clear (WsdStoreImport *import)
{
  g_clear_pointer (&import->server_ids, g_hash_table_unref);
  g_clear_pointer (&import->path_ids, g_hash_table_unref);
  g_clear_pointer (&import->new_runs_from, g_hash_table_unref);
  g_clear_pointer (&import->changed_runs, g_hash_table_unref);
}

void
wsd_store_import_note_changed (WsdStoreImport *import, gint64 run_id)
{
  if (run_id != 0)
    g_hash_table_add (import->changed_runs, wsd_store_boxed_int64 (run_id));
}

/* A diagnosis was made from what a run held then: once it holds more,
 * the cached one is stale (see wsd_store_import_batch()). */
static gboolean
clear_stale_diagnoses (WsdStoreImport *import, GError **error)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, import->changed_runs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(WsdStmt) stmt = wsd_store_statement (import->self,
        "UPDATE runs SET diagnosis_rule = NULL, diagnosis_title = NULL"
        " WHERE id = ? AND (diagnosis_rule IS NOT NULL OR diagnosis_title IS NOT NULL)", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *(gint64 *) key);
      if (!wsd_store_step_done (import->self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Sources */

static gboolean
record_sources (WsdStoreImport *import, GError **error)
{
  WsdStore *self = import->self;

  for (guint i = 0; i < import->batch->sources->len; i++)
    {
      WsdSource *source = g_ptr_array_index (import->batch->sources, i);
      g_autofree char *fingerprint = NULL;

      if (source->fingerprint != NULL)
        {
          g_auto(WsdStmt) stmt = wsd_store_statement (self, "SELECT 1 FROM sources WHERE fingerprint = ?", error);
          int rc;

          if (stmt == NULL)
            return FALSE;
          wsd_store_bind_text (stmt, 1, source->fingerprint);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            {
              import->stats.sources_skipped++;
              continue;
            }
          if (rc != SQLITE_DONE)
            return wsd_store_fail (self, error);
          fingerprint = g_strdup (source->fingerprint);
        }
      else
        {
          /* Nothing to recognise it by: never skipped; its records dedupe. */
          g_autofree char *uuid = g_uuid_string_random ();
          fingerprint = g_strconcat ("none:", uuid, NULL);
        }

      {
        g_auto(WsdStmt) stmt = wsd_store_statement (self,
          "INSERT INTO sources (path, format, fingerprint, size, records, imported) VALUES (?, ?, ?, ?, ?, ?)",
          error);

        if (stmt == NULL)
          return FALSE;
        wsd_store_bind_text (stmt, 1, source->path != NULL ? source->path : "");
        wsd_store_bind_text (stmt, 2, source->format);
        wsd_store_bind_text (stmt, 3, fingerprint);
        sqlite3_bind_int64 (stmt, 4, source->size);
        sqlite3_bind_int64 (stmt, 5, source->records);
        sqlite3_bind_int64 (stmt, 6, g_get_real_time ());
        if (!wsd_store_step_done (self, stmt, error))
          return FALSE;
        import->stats.sources_new++;
      }
    }
  return TRUE;
}

/* Servers */

gboolean
wsd_store_import_ensure_server (WsdStoreImport *import, const char *name, gint64 *out_id, GError **error)
{
  g_autofree char *key = g_ascii_strdown (name, -1);   /* Windows names ignore case */
  gint64 *cached = g_hash_table_lookup (import->server_ids, key);
  gboolean added;

  if (cached != NULL)
    {
      *out_id = *cached;
      return TRUE;
    }
  if (!wsd_store_import_find_or_add_id (import->self,
                                        "SELECT id FROM servers WHERE name = ?1 COLLATE NOCASE ORDER BY name = ?1 DESC, id LIMIT 1",
                                        "INSERT INTO servers (name) VALUES (?)", name, out_id, &added, error))
    return FALSE;
  if (added)
    import->stats.servers_added++;
  g_hash_table_insert (import->server_ids, g_steal_pointer (&key), wsd_store_boxed_int64 (*out_id));
  return TRUE;
}

/* A copy of @node without any member whose name mentions a password,
 * however deep: facts must never carry one into the database. */
static JsonNode *
strip_passwords (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(JsonObject) copy = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;
      JsonNode *result = json_node_new (JSON_NODE_OBJECT);

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &member))
        {
          g_autofree char *folded = g_utf8_strdown (name, -1);

          if (strstr (folded, "password") == NULL)
            json_object_set_member (copy, name, strip_passwords (member));
        }
      json_node_set_object (result, copy);
      return result;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(JsonArray) copy = json_array_new ();
      JsonNode *result = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, strip_passwords (json_array_get_element (array, i)));
      json_node_set_array (result, copy);
      return result;
    }
  return json_node_copy (node);
}

static char *
facts_to_json (JsonObject *facts)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) clean = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_node_set_object (node, facts);
  clean = strip_passwords (node);
  json_generator_set_root (generator, clean);
  return json_generator_to_data (generator, NULL);
}

static gboolean
store_server_facts (WsdStoreImport *import, WsdServer *server, GError **error)
{
  WsdStore *self = import->self;
  g_autofree char *facts = NULL;
  WsdRole role = server->role;
  gint64 id, collected = 0;

  if (server->name == NULL || *server->name == '\0')
    return TRUE;
  if (!wsd_store_import_ensure_server (import, server->name, &id, error))
    return FALSE;
  {
    g_auto(WsdStmt) stmt = wsd_store_statement (self, "SELECT collected FROM servers WHERE id = ?", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, id);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      return wsd_store_fail (self, error);
    collected = sqlite3_column_int64 (stmt, 0);
  }
  /* Older facts than the stored ones do not overwrite them. */
  if (server->collected != 0 && server->collected < collected)
    return TRUE;

  if (role == WSD_ROLE_UNKNOWN && server->facts != NULL)
    role = wsd_server_role_from_facts (server);
  if (server->facts != NULL)
    facts = facts_to_json (server->facts);
  {
    g_auto(WsdStmt) stmt = wsd_store_statement (self,
      "UPDATE servers SET role = CASE WHEN ?1 = 'unknown' THEN role ELSE ?1 END,"
      " version = coalesce (?2, version), collected = max (collected, ?3), facts = coalesce (?4, facts),"
      " updates_known = updates_known OR ?5 WHERE id = ?6", error);

    if (stmt == NULL)
      return FALSE;
    wsd_store_bind_text (stmt, 1, wsd_role_to_string (role));
    wsd_store_bind_text (stmt, 2, server->version);
    sqlite3_bind_int64 (stmt, 3, server->collected);
    wsd_store_bind_text (stmt, 4, facts);
    sqlite3_bind_int (stmt, 5, server->updates != NULL);
    sqlite3_bind_int64 (stmt, 6, id);
    if (!wsd_store_step_done (self, stmt, error))
      return FALSE;
  }
  if (server->updates == NULL)
    return TRUE;

  {
    g_auto(WsdStmt) stmt = wsd_store_statement (self, "DELETE FROM server_updates WHERE server_id = ?", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, id);
    if (!wsd_store_step_done (self, stmt, error))
      return FALSE;
  }
  for (guint i = 0; i < server->updates->len; i++)
    {
      WsdUpdateInfo *info = g_ptr_array_index (server->updates, i);
      g_auto(WsdStmt) stmt = NULL;

      if (info->update_id == NULL)
        continue;
      stmt = wsd_store_statement (self,
        "INSERT OR REPLACE INTO server_updates (server_id, update_id, revision, title, approved, declined, file_status)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      wsd_store_bind_text (stmt, 2, info->update_id);
      sqlite3_bind_int (stmt, 3, info->revision);
      wsd_store_bind_text (stmt, 4, info->title);
      sqlite3_bind_int (stmt, 5, info->approved);
      sqlite3_bind_int (stmt, 6, info->declined);
      wsd_store_bind_text (stmt, 7, info->file_status);
      if (!wsd_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Runs */

static void
bind_run_facts (sqlite3_stmt *stmt, const WsdRun *run)
{
  wsd_store_bind_text (stmt, 2, run->history_id);
  sqlite3_bind_int64 (stmt, 3, run->started);
  sqlite3_bind_int64 (stmt, 4, run->finished);
  wsd_store_bind_text (stmt, 5, wsd_run_type_to_string (run->type));
  wsd_store_bind_text (stmt, 6, wsd_result_to_string (run->result));
  wsd_store_bind_text (stmt, 7, run->error);
  wsd_store_bind_text (stmt, 8, run->error_text);
  wsd_store_bind_text (stmt, 9, wsd_phase_to_string (run->phase));
  sqlite3_bind_int (stmt, 10, run->approximate_times);
  sqlite3_bind_int (stmt, 11, run->configmgr);
  sqlite3_bind_int (stmt, 12, run->new_updates);
  sqlite3_bind_int (stmt, 13, run->revised_updates);
  sqlite3_bind_int (stmt, 14, run->expired_updates);
  wsd_store_bind_text (stmt, 15, run->incident);
  sqlite3_bind_int (stmt, 16, run->attempt);
}

/* A run starts at @started from now on: loose records from there on may
 * belong to it rather than to the run before. */
void
wsd_store_import_note_run_start (WsdStoreImport *import, gint64 server_id, gint64 started)
{
  gint64 *from = g_hash_table_lookup (import->new_runs_from, &server_id);

  if (from == NULL)
    g_hash_table_insert (import->new_runs_from, wsd_store_boxed_int64 (server_id), wsd_store_boxed_int64 (started));
  else
    *from = MIN (*from, started);
}

static gboolean
insert_run (WsdStoreImport *import, gint64 server_id, const WsdRun *run, gint64 *out_id, GError **error)
{
  WsdStore *self = import->self;
  g_auto(WsdStmt) stmt = wsd_store_statement (self,
    "INSERT INTO runs (server_id, history_id, started, finished, type, result, error, error_text, phase,"
    " approximate_times, configmgr, new_updates, revised_updates, expired_updates, incident, attempt)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, server_id);
  bind_run_facts (stmt, run);
  if (!wsd_store_step_done (self, stmt, error))
    return FALSE;
  *out_id = sqlite3_last_insert_rowid (self->db);
  import->stats.runs_added++;

  wsd_store_import_note_run_start (import, server_id, run->started);
  return TRUE;
}

gboolean
wsd_store_import_update_run (WsdStoreImport *import, const WsdRun *run, GError **error)
{
  WsdStore *self = import->self;
  g_auto(WsdStmt) stmt = wsd_store_statement (self,
    "UPDATE runs SET history_id = ?2, started = ?3, finished = ?4, type = ?5, result = ?6, error = ?7,"
    " error_text = ?8, phase = ?9, approximate_times = ?10, configmgr = ?11, new_updates = ?12,"
    " revised_updates = ?13, expired_updates = ?14, incident = ?15, attempt = ?16 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run->id);
  bind_run_facts (stmt, run);
  return wsd_store_step_done (self, stmt, error);
}

/* Guard of wsd_run_merger_can_merge() against a stored run: a stored run
 * that has records from a file the group also read is the same sync only
 * when they share a record. */
static gboolean
stored_evidence_compatible (WsdStoreImport *import, gint64 server_id, gint64 run_id,
                            const WsdRunGroup *group, gboolean *out_ok, GError **error)
{
  WsdStore *self = import->self;
  g_autoptr(GHashTable) stored_paths = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gboolean overlap = FALSE;
  int rc;

  *out_ok = TRUE;
  {
    g_auto(WsdStmt) stmt = wsd_store_statement (self,
      "SELECT DISTINCT path_id FROM evidence WHERE run_id = ? AND loose = 0", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, run_id);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_hash_table_add (stored_paths, wsd_store_boxed_int64 (sqlite3_column_int64 (stmt, 0)));
    if (rc != SQLITE_DONE)
      return wsd_store_fail (self, error);
  }
  if (g_hash_table_size (stored_paths) == 0)
    return TRUE;

  for (guint m = 0; m < group->members->len; m++)
    {
      const WsdRun *member = g_ptr_array_index (group->members, m);

      for (guint i = 0; i < member->evidence->len; i++)
        {
          const WsdEvidence *evidence = g_ptr_array_index (member->evidence, i);
          g_auto(WsdStmt) stmt = NULL;
          gint64 path_id;

          if (!wsd_store_import_lookup_path (import, evidence->source_path != NULL ? evidence->source_path : "",
                            FALSE, &path_id, error))
            return FALSE;
          if (path_id == 0 || !g_hash_table_contains (stored_paths, &path_id))
            continue;
          overlap = TRUE;
          stmt = wsd_store_statement (self,
            "SELECT 1 FROM evidence WHERE server_id = ? AND time = ? AND line = ? AND text_hash = ? AND run_id = ?",
            error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, server_id);
          sqlite3_bind_int64 (stmt, 2, evidence->time);
          sqlite3_bind_int64 (stmt, 3, evidence->line);
          sqlite3_bind_int64 (stmt, 4, wsd_evidence_text_hash (evidence->text));
          sqlite3_bind_int64 (stmt, 5, run_id);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            return TRUE;
          if (rc != SQLITE_DONE)
            return wsd_store_fail (self, error);
        }
    }
  *out_ok = !overlap;
  return TRUE;
}

gboolean
wsd_store_import_find_stored_run (WsdStoreImport *import, gint64 server_id, const WsdRunGroup *group, WsdRun **out_run, GError **error)
{
  WsdStore *self = import->self;
  const WsdRun *run = group->merged;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_free);
  guint best = G_MAXUINT;
  gint64 best_distance = G_MAXINT64;
  int rc;

  *out_run = NULL;
  if (run->history_id != NULL)
    {
      g_auto(WsdStmt) stmt = wsd_store_statement (self,
        "SELECT " WSD_STORE_RUN_COLUMNS " FROM runs r JOIN servers s ON s.id = r.server_id"
        " WHERE r.server_id = ? AND r.history_id = ?", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, server_id);
      wsd_store_bind_text (stmt, 2, run->history_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out_run = wsd_store_run_from_row (stmt);
          return TRUE;
        }
      if (rc != SQLITE_DONE)
        return wsd_store_fail (self, error);
    }

  {
    g_auto(WsdStmt) stmt = wsd_store_statement (self,
      "SELECT " WSD_STORE_RUN_COLUMNS " FROM runs r JOIN servers s ON s.id = r.server_id"
      " WHERE r.server_id = ?1 AND r.started BETWEEN ?2 - ?3 AND ?2 + ?3", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, server_id);
    sqlite3_bind_int64 (stmt, 2, run->started);
    sqlite3_bind_int64 (stmt, 3, WSD_RUN_MATCH_TOLERANCE);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_ptr_array_add (candidates, wsd_store_run_from_row (stmt));
    if (rc != SQLITE_DONE)
      return wsd_store_fail (self, error);
  }

  for (guint i = 0; i < candidates->len; i++)
    {
      WsdRun *candidate = g_ptr_array_index (candidates, i);
      gint64 distance = wsd_run_merger_distance (candidate, run);
      gboolean ok;

      if (distance >= best_distance || !wsd_run_merger_can_merge (candidate, run, WSD_RUN_MATCH_TOLERANCE))
        continue;
      if (!stored_evidence_compatible (import, server_id, candidate->id, group, &ok, error))
        return FALSE;
      if (ok)
        {
          best = i;
          best_distance = distance;
        }
    }
  if (best != G_MAXUINT)
    *out_run = g_ptr_array_steal_index (candidates, best);
  return TRUE;
}

static gboolean
store_group (WsdStoreImport *import, const WsdRunGroup *group, GError **error)
{
  g_autoptr(WsdRun) stored = NULL;
  gint64 server_id, run_id;
  gboolean changed = FALSE;

  if (!wsd_store_import_group_server (import, group, &server_id, error))
    return FALSE;
  if (!wsd_store_import_find_stored_run (import, server_id, group, &stored, error))
    return FALSE;
  /* The same sync read earlier from a loose log without a server name. */
  if (!wsd_store_import_absorb_unnamed (import, server_id, group, &stored, &changed, error))
    return FALSE;

  if (stored != NULL)
    {
      gint64 was_started = stored->started;

      run_id = stored->id;
      if (wsd_run_merger_merge_facts (stored, group->merged))
        {
          changed = TRUE;
          if (!wsd_store_import_update_run (import, stored, error))
            return FALSE;
          if (stored->started != was_started)
            wsd_store_import_note_run_start (import, server_id, MIN (stored->started, was_started));
        }
    }
  else if (!insert_run (import, server_id, group->merged, &run_id, error))
    return FALSE;

  for (guint m = 0; m < group->members->len; m++)
    {
      const WsdRun *member = g_ptr_array_index (group->members, m);

      for (guint i = 0; i < member->evidence->len; i++)
        {
          gboolean added;

          if (!wsd_store_import_store_evidence (import, server_id, run_id, FALSE, g_ptr_array_index (member->evidence, i),
                               &added, error))
            return FALSE;
          changed |= added;
        }
      for (guint i = 0; i < member->update_errors->len; i++)
        {
          gboolean added;

          if (!wsd_store_import_store_update_error (import, run_id, g_ptr_array_index (member->update_errors, i), &added, error))
            return FALSE;
          changed |= added;
        }
    }
  /* Every run of the batch is either added or merged into a stored one,
   * whether or not it brought anything new. */
  if (stored != NULL)
    import->stats.runs_merged++;
  if (stored != NULL && changed)
    wsd_store_import_note_changed (import, run_id);
  return TRUE;
}

static gboolean
import_in_transaction (WsdStoreImport *import, GError **error)
{
  WsdImportBatch *batch = import->batch;
  const char *fallback = batch->server_override != NULL ? batch->server_override : WSD_STORE_UNNAMED_SERVER;
  g_autoptr(GPtrArray) groups = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (!record_sources (import, error))
    return FALSE;
  if (batch->sources->len > 0 && import->stats.sources_new == 0)
    return TRUE;

  for (guint i = 0; i < batch->servers->len; i++)
    if (!store_server_facts (import, g_ptr_array_index (batch->servers, i), error))
      return FALSE;

  groups = wsd_run_merger_consolidate (batch->runs, fallback, WSD_RUN_MATCH_TOLERANCE);
  for (guint i = 0; i < groups->len; i++)
    if (!store_group (import, g_ptr_array_index (groups, i), error))
      return FALSE;

  g_hash_table_iter_init (&iter, import->new_runs_from);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!wsd_store_import_reattach_loose (import, *(gint64 *) key, *(gint64 *) value, error))
      return FALSE;

  return wsd_store_import_store_loose_evidence (import, error)
         && wsd_store_import_drop_empty_unnamed (import, error)
         && clear_stale_diagnoses (import, error);
}

gboolean
wsd_store_import_batch (WsdStore        *self,
                        WsdImportBatch  *batch,
                        WsdImportStats  *out_stats,
                        GError         **error)
{
  WsdStoreImport import = { self, batch, { 0 }, NULL, NULL, NULL, NULL, FALSE };
  gboolean ok;

  g_return_val_if_fail (WSD_IS_STORE (self), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_stats != NULL)
    memset (out_stats, 0, sizeof *out_stats);
  if (!wsd_store_exec (self, "BEGIN IMMEDIATE;", error))
    return FALSE;

  import.server_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import.path_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import.new_runs_from = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  import.changed_runs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  ok = import_in_transaction (&import, error);
  import_clear (&import);

  if (ok && !wsd_store_exec (self, "COMMIT;", error))
    ok = FALSE;
  if (!ok)
    {
      /* The statement cache may hold a half-stepped statement: reset all. */
      sqlite3_stmt *stmt = NULL;

      while ((stmt = sqlite3_next_stmt (self->db, stmt)) != NULL)
        sqlite3_reset (stmt);
      if (sqlite3_get_autocommit (self->db) == 0)
        wsd_store_exec (self, "ROLLBACK;", NULL);
      return FALSE;
    }
  if (out_stats != NULL)
    *out_stats = import.stats;
  return TRUE;
}
