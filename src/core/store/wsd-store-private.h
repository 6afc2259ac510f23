/* wsd-store-private.h: what the store's source files share. */
#pragma once

#include <sqlite3.h>

#include "wsd-store.h"

G_BEGIN_DECLS

struct _WsdStore
{
  GObject     parent_instance;
  sqlite3    *db;
  char       *path;
  GHashTable *statements;   /* SQL text → sqlite3_stmt*, prepared once */
  GCancellable *cancellable; /* interrupts queries, see wsd_store_set_cancellable */
};

/* Evidence that names no server and was imported without --server is
 * filed under this server name. */
#define WSD_STORE_UNNAMED_SERVER "(unnamed)"

/* A cached statement, reset and with its bindings cleared; reset again
 * automatically when the g_auto variable holding it goes out of scope, so
 * no read transaction stays open. */
typedef sqlite3_stmt *WsdStmt;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (WsdStmt, sqlite3_reset, NULL)

sqlite3_stmt *wsd_store_statement (WsdStore *self, const char *sql, GError **error);
gboolean      wsd_store_exec      (WsdStore *self, const char *sql, GError **error);
gboolean      wsd_store_fail      (WsdStore *self, GError **error);   /* sets error, returns FALSE */
/* Steps a statement that returns no row. */
gboolean      wsd_store_step_done (WsdStore *self, sqlite3_stmt *stmt, GError **error);

void          wsd_store_bind_text (sqlite3_stmt *stmt, int index, const char *text);  /* NULL → NULL */
char         *wsd_store_column_dup (sqlite3_stmt *stmt, int column);   /* NULL → NULL */
gint64       *wsd_store_boxed_int64 (gint64 value);   /* g_free() it */

/* Statements a reader uses to rebuild a run. */
WsdRun       *wsd_store_run_from_row   (sqlite3_stmt *stmt);   /* columns of WSD_STORE_RUN_COLUMNS */
gboolean      wsd_store_load_run_items (WsdStore *self, WsdRun *run, GError **error);

#define WSD_STORE_RUN_COLUMNS \
  "r.id, s.name, r.history_id, r.started, r.finished, r.type, r.result, r.error, r.error_text, " \
  "r.phase, r.approximate_times, r.configmgr, r.new_updates, r.revised_updates, r.expired_updates, " \
  "r.incident, r.attempt"

extern const char *const wsd_store_migrations[];
extern const guint wsd_store_n_migrations;

G_END_DECLS
