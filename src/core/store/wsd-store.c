/* wsd-store.c: sqlite3 persistence of runs, evidence, facts and probes. */
#include <errno.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "wsd-store.h"

struct _WsdStore
{
  GObject  parent_instance;
  sqlite3 *db;
  char    *path;
};

G_DEFINE_FINAL_TYPE (WsdStore, wsd_store, G_TYPE_OBJECT)

static void
wsd_store_finalize (GObject *object)
{
  WsdStore *self = WSD_STORE (object);

  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);
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
}

static gboolean
exec_sql (WsdStore *self, const char *sql, GError **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, WSD_ERROR, WSD_ERROR_STORE, "%s", message ? message : sqlite3_errmsg (self->db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* Forward migrations: migrations[i] moves user_version i to i + 1. */
static const char *migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE servers ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  role TEXT NOT NULL DEFAULT 'unknown',"
  "  version TEXT,"
  "  collected INTEGER NOT NULL DEFAULT 0,"
  "  facts TEXT"
  ");",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == WSD_STORE_SCHEMA_VERSION);

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
migrate (WsdStore *self, GError **error)
{
  int version = read_user_version (self);

  if (version > WSD_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, WSD_ERROR, WSD_ERROR_STORE,
                   "database schema %d is newer than this program understands (%d)",
                   version, WSD_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  for (; version < WSD_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", version + 1);

      if (!exec_sql (self, "BEGIN IMMEDIATE;", error))
        return FALSE;
      if (!exec_sql (self, migrations[version], error) || !exec_sql (self, bump, error))
        {
          exec_sql (self, "ROLLBACK;", NULL);
          return FALSE;
        }
      if (!exec_sql (self, "COMMIT;", error))
        return FALSE;
    }
  return TRUE;
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
      g_set_error (error, WSD_ERROR, WSD_ERROR_STORE, "cannot open database: %s",
                   self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }

  /* Readers and an import thread share the file: wait instead of failing. */
  sqlite3_busy_timeout (self->db, 30000);
  if (!exec_sql (self, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;", error))
    return NULL;
  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
wsd_store_get_path (WsdStore *self)
{
  return self->path;
}

int
wsd_store_get_schema_version (WsdStore *self)
{
  return read_user_version (self);
}
