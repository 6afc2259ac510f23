/* wsd-store.c: opening and migrating the database; servers, diagnoses,
 * probe results and import records. Imports are in wsd-store-import.c,
 * run queries in wsd-store-query.c. */
#include <errno.h>
#include <glib/gstdio.h>

#include "wsd-store-private.h"

G_DEFINE_FINAL_TYPE (WsdStore, wsd_store, G_TYPE_OBJECT)

static void
wsd_store_finalize (GObject *object)
{
  WsdStore *self = WSD_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (wsd_store_parent_class)->finalize (object);
}

static void
wsd_store_class_init (WsdStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wsd_store_finalize;
}

static void
wsd_store_init (WsdStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
}

gboolean
wsd_store_fail (WsdStore *self, GError **error)
{
  if (sqlite3_errcode (self->db) == SQLITE_INTERRUPT && g_cancellable_is_cancelled (self->cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "database: query cancelled");
      return FALSE;
    }
  g_set_error (error, WSD_ERROR, WSD_ERROR_STORE, "database: %s", sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
wsd_store_exec (WsdStore *self, const char *sql, GError **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, WSD_ERROR, WSD_ERROR_STORE, "database: %s",
                   message != NULL ? message : sqlite3_errmsg (self->db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
wsd_store_statement (WsdStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          wsd_store_fail (self, error);
          sqlite3_finalize (stmt);
          return NULL;
        }
      g_hash_table_insert (self->statements, g_strdup (sql), stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

gboolean
wsd_store_step_done (WsdStore *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return wsd_store_fail (self, error);
  return TRUE;
}

void
wsd_store_bind_text (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
wsd_store_column_dup (sqlite3_stmt *stmt, int column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gint64 *
wsd_store_boxed_int64 (gint64 value)
{
  return g_memdup2 (&value, sizeof value);
}

static int
read_user_version (WsdStore *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
check_version (WsdStore *self, int version, GError **error)
{
  if (version < 0)
    return wsd_store_fail (self, error);
  if (version > WSD_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, WSD_ERROR, WSD_ERROR_STORE,
                   "%s: database schema %d is newer than this program understands (%d); "
                   "use a newer WSUS Sync Doctor",
                   self->path != NULL ? self->path : "in-memory database",
                   version, WSD_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (WsdStore *self, GError **error)
{
  int version = read_user_version (self);

  if (!check_version (self, version, error))
    return FALSE;
  if (version == WSD_STORE_SCHEMA_VERSION)
    return TRUE;

  /* Another process may be migrating the same file: decide under the lock. */
  if (!wsd_store_exec (self, "BEGIN IMMEDIATE;", error))
    return FALSE;
  version = read_user_version (self);
  if (!check_version (self, version, error))
    {
      wsd_store_exec (self, "ROLLBACK;", NULL);
      return FALSE;
    }
  for (; version < WSD_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", version + 1);

      if (!wsd_store_exec (self, wsd_store_migrations[version], error)
          || !wsd_store_exec (self, bump, error))
        {
          wsd_store_exec (self, "ROLLBACK;", NULL);
          return FALSE;
        }
    }
  return wsd_store_exec (self, "COMMIT;", error);
}

char *
wsd_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "wsus-sync-doctor", "history.sqlite3", NULL);
}

WsdStore *
wsd_store_open (const char *path, GError **error)
{
  g_autoptr(WsdStore) self = g_object_new (WSD_TYPE_STORE, NULL);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

  if (path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          g_set_error (error, WSD_ERROR, WSD_ERROR_STORE, "cannot create %s: %s", dir, g_strerror (errno));
          return NULL;
        }
      self->path = g_strdup (path);
    }

  if (sqlite3_open_v2 (path != NULL ? path : ":memory:", &self->db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, WSD_ERROR, WSD_ERROR_STORE, "cannot open database %s: %s",
                   path != NULL ? path : ":memory:",
                   self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, TRUE);

  /* Readers and an import thread share the file: wait instead of failing. */
  sqlite3_busy_timeout (self->db, 30000);
  if (!wsd_store_exec (self, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
                             "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768;", error))
    {
      g_prefix_error (error, "%s: ", path != NULL ? path : ":memory:");
      return NULL;
    }
  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Called every few thousand virtual machine steps of a query. */
static int
check_cancelled (void *data)
{
  return g_cancellable_is_cancelled (data);
}

void
wsd_store_set_cancellable (WsdStore *self, GCancellable *cancellable)
{
  g_return_if_fail (WSD_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  g_set_object (&self->cancellable, cancellable);
  sqlite3_progress_handler (self->db, cancellable != NULL ? 4000 : 0,
                            cancellable != NULL ? check_cancelled : NULL, cancellable);
}

const char *
wsd_store_get_path (WsdStore *self)
{
  g_return_val_if_fail (WSD_IS_STORE (self), NULL);
  return self->path;
}

int
wsd_store_get_schema_version (WsdStore *self)
{
  g_return_val_if_fail (WSD_IS_STORE (self), -1);
  return read_user_version (self);
}

/* Servers */

static WsdServer *
server_from_row (sqlite3_stmt *stmt)
{
  WsdServer *server = wsd_server_new ((const char *) sqlite3_column_text (stmt, 1));
  const char *facts = (const char *) sqlite3_column_text (stmt, 5);

  server->id = sqlite3_column_int64 (stmt, 0);
  server->role = wsd_role_from_string ((const char *) sqlite3_column_text (stmt, 2));
  server->version = wsd_store_column_dup (stmt, 3);
  server->collected = sqlite3_column_int64 (stmt, 4);
  if (facts != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, facts, -1, NULL)
          && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        server->facts = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }
  return server;
}

#define SERVER_COLUMNS "id, name, role, version, collected, facts, updates_known"

GPtrArray *
wsd_store_list_servers (WsdStore *self, GError **error)
{
  g_auto(WsdStmt) stmt = NULL;
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_server_free);
  int rc;

  g_return_val_if_fail (WSD_IS_STORE (self), NULL);

  stmt = wsd_store_statement (self, "SELECT " SERVER_COLUMNS " FROM servers ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (servers, server_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      wsd_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&servers);
}

static gboolean
load_updates (WsdStore *self, WsdServer *server, GError **error)
{
  g_auto(WsdStmt) stmt = NULL;
  int rc;

  stmt = wsd_store_statement (self,
    "SELECT update_id, revision, title, approved, declined, file_status FROM server_updates "
    "WHERE server_id = ? ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, server->id);
  server->updates = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_update_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WsdUpdateInfo *info = wsd_update_info_new ();

      info->update_id = wsd_store_column_dup (stmt, 0);
      info->revision = sqlite3_column_int (stmt, 1);
      info->title = wsd_store_column_dup (stmt, 2);
      info->approved = sqlite3_column_int (stmt, 3) != 0;
      info->declined = sqlite3_column_int (stmt, 4) != 0;
      info->file_status = wsd_store_column_dup (stmt, 5);
      g_ptr_array_add (server->updates, info);
    }
  return rc == SQLITE_DONE || wsd_store_fail (self, error);
}

WsdServer *
wsd_store_get_server (WsdStore *self, const char *name, GError **error)
{
  g_autoptr(WsdServer) server = NULL;
  gboolean updates_known;
  int rc;

  g_return_val_if_fail (WSD_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  {
    g_auto(WsdStmt) stmt = wsd_store_statement (self, "SELECT " SERVER_COLUMNS " FROM servers WHERE name = ?1 COLLATE NOCASE ORDER BY name = ?1 DESC, id LIMIT 1", error);

    if (stmt == NULL)
      return NULL;
    wsd_store_bind_text (stmt, 1, name);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_DONE)
      {
        g_set_error (error, WSD_ERROR, WSD_ERROR_NOT_FOUND, "no server named “%s” in the store", name);
        return NULL;
      }
    if (rc != SQLITE_ROW)
      {
        wsd_store_fail (self, error);
        return NULL;
      }
    server = server_from_row (stmt);
    updates_known = sqlite3_column_int (stmt, 6) != 0;
  }
  if (updates_known && !load_updates (self, server, error))
    return NULL;
  return g_steal_pointer (&server);
}

/* Diagnoses */

/* Runs the UPDATE @stmt of run @run_id; a run that is not stored is an error. */
static gboolean
step_run_update (WsdStore *self, sqlite3_stmt *stmt, gint64 run_id, GError **error)
{
  if (!wsd_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, WSD_ERROR, WSD_ERROR_NOT_FOUND, "no run %" G_GINT64_FORMAT " in the store", run_id);
      return FALSE;
    }
  return TRUE;
}

/* The statement that sets the diagnosis of one run, bound; NULL on error. */
static sqlite3_stmt *
diagnosis_statement (WsdStore *self, gint64 run_id, const char *rule, const char *title, GError **error)
{
  sqlite3_stmt *stmt = wsd_store_statement (self,
    "UPDATE runs SET diagnosis_rule = ?, diagnosis_title = ? WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  wsd_store_bind_text (stmt, 1, rule);
  wsd_store_bind_text (stmt, 2, title);
  sqlite3_bind_int64 (stmt, 3, run_id);
  return stmt;
}

gboolean
wsd_store_set_diagnosis (WsdStore *self, gint64 run_id, const char *rule, const char *title, GError **error)
{
  g_auto(WsdStmt) stmt = NULL;

  g_return_val_if_fail (WSD_IS_STORE (self), FALSE);

  stmt = diagnosis_statement (self, run_id, rule, title, error);
  return stmt != NULL && step_run_update (self, stmt, run_id, error);
}

gboolean
wsd_store_set_diagnoses (WsdStore *self, const WsdDiagnosisUpdate *updates, guint n_updates, GError **error)
{
  g_return_val_if_fail (WSD_IS_STORE (self), FALSE);
  g_return_val_if_fail (updates != NULL || n_updates == 0, FALSE);

  if (!wsd_store_exec (self, "BEGIN IMMEDIATE;", error))
    return FALSE;
  for (guint i = 0; i < n_updates; i++)
    {
      g_auto(WsdStmt) stmt = diagnosis_statement (self, updates[i].run_id, updates[i].rule,
                                                  updates[i].title, error);

      if (stmt == NULL || !wsd_store_step_done (self, stmt, error))
        goto fail;
    }
  if (wsd_store_exec (self, "COMMIT;", error))
    return TRUE;
fail:
  if (sqlite3_get_autocommit (self->db) == 0)
    wsd_store_exec (self, "ROLLBACK;", NULL);
  return FALSE;
}

gboolean
wsd_store_clear_diagnoses (WsdStore *self, const char *server, GError **error)
{
  g_auto(WsdStmt) stmt = NULL;

  g_return_val_if_fail (WSD_IS_STORE (self), FALSE);

  stmt = wsd_store_statement (self,
    "UPDATE runs SET diagnosis_rule = NULL, diagnosis_title = NULL"
    " WHERE (diagnosis_rule IS NOT NULL OR diagnosis_title IS NOT NULL) AND (?1 IS NULL OR server_id ="
    " (SELECT id FROM servers WHERE name = ?1 COLLATE NOCASE ORDER BY name = ?1 DESC, id LIMIT 1))", error);
  if (stmt == NULL)
    return FALSE;
  wsd_store_bind_text (stmt, 1, server);
  return wsd_store_step_done (self, stmt, error);
}

gboolean
wsd_store_set_incident (WsdStore *self, gint64 run_id, const char *incident, int attempt, GError **error)
{
  g_auto(WsdStmt) stmt = NULL;

  g_return_val_if_fail (WSD_IS_STORE (self), FALSE);

  stmt = wsd_store_statement (self, "UPDATE runs SET incident = ?, attempt = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  wsd_store_bind_text (stmt, 1, incident);
  sqlite3_bind_int (stmt, 2, attempt);
  sqlite3_bind_int64 (stmt, 3, run_id);
  return step_run_update (self, stmt, run_id, error);
}

const char *
wsd_store_get_diagnosis_title (WsdStore *self, gint64 run_id)
{
  g_auto(WsdStmt) stmt = NULL;

  g_return_val_if_fail (WSD_IS_STORE (self), NULL);

  stmt = wsd_store_statement (self, "SELECT diagnosis_title FROM runs WHERE id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;
  /* Titles are the few rule titles: interning keeps the pointer valid. */
  return g_intern_string ((const char *) sqlite3_column_text (stmt, 0));
}

/* Probe results */

gboolean
wsd_store_add_probe_result (WsdStore *self, WsdProbeResult *result, GError **error)
{
  g_auto(WsdStmt) stmt = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (WSD_IS_STORE (self), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  json = wsd_probe_result_to_json (result);
  stmt = wsd_store_statement (self, "INSERT INTO probe_results (server, started, json) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  wsd_store_bind_text (stmt, 1, result->server);
  sqlite3_bind_int64 (stmt, 2, result->started);
  wsd_store_bind_text (stmt, 3, json);
  if (!wsd_store_step_done (self, stmt, error))
    return FALSE;
  result->id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

static WsdProbeResult *
probe_from_row (sqlite3_stmt *stmt, GError **error)
{
  WsdProbeResult *result = wsd_probe_result_from_json ((const char *) sqlite3_column_text (stmt, 3), error);

  if (result == NULL)
    {
      g_prefix_error (error, "stored probe result %" G_GINT64_FORMAT ": ", (gint64) sqlite3_column_int64 (stmt, 0));
      return NULL;
    }
  result->id = sqlite3_column_int64 (stmt, 0);
  g_free (result->server);
  result->server = wsd_store_column_dup (stmt, 1);
  result->started = sqlite3_column_int64 (stmt, 2);
  return result;
}

WsdProbeResult *
wsd_store_latest_probe_result (WsdStore *self, const char *server, GError **error)
{
  g_auto(WsdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (WSD_IS_STORE (self), NULL);

  stmt = wsd_store_statement (self,
    "SELECT id, server, started, json FROM probe_results WHERE ?1 IS NULL OR server = ?1 "
    "ORDER BY started DESC, id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  wsd_store_bind_text (stmt, 1, server);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      wsd_store_fail (self, error);
      return NULL;
    }
  return probe_from_row (stmt, error);
}

GPtrArray *
wsd_store_list_probe_results (WsdStore *self, const char *server, GError **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_probe_result_free);
  g_auto(WsdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (WSD_IS_STORE (self), NULL);

  stmt = wsd_store_statement (self,
    "SELECT id, server, started, json FROM probe_results WHERE ?1 IS NULL OR server = ?1 "
    "ORDER BY started, id", error);
  if (stmt == NULL)
    return NULL;
  wsd_store_bind_text (stmt, 1, server);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WsdProbeResult *result = probe_from_row (stmt, error);

      if (result == NULL)
        return NULL;
      g_ptr_array_add (results, result);
    }
  if (rc != SQLITE_DONE)
    {
      wsd_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&results);
}

/* Import records */

void
wsd_import_record_free (WsdImportRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->path);
  g_free (record->format);
  g_free (record->fingerprint);
  g_free (record);
}

GPtrArray *
wsd_store_list_imports (WsdStore *self, GError **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_import_record_free);
  g_auto(WsdStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (WSD_IS_STORE (self), NULL);

  stmt = wsd_store_statement (self,
    "SELECT path, format, fingerprint, imported, records, size FROM sources ORDER BY imported, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WsdImportRecord *record = g_new0 (WsdImportRecord, 1);

      record->path = wsd_store_column_dup (stmt, 0);
      record->format = wsd_store_column_dup (stmt, 1);
      record->fingerprint = wsd_store_column_dup (stmt, 2);
      record->imported = sqlite3_column_int64 (stmt, 3);
      record->records = sqlite3_column_int (stmt, 4);
      record->size = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (records, record);
    }
  if (rc != SQLITE_DONE)
    {
      wsd_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&records);
}
