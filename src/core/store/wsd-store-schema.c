/* wsd-store-schema.c: the schema and its forward migrations.
 *
 * wsd_store_migrations[i] moves a database from user_version i to i + 1.
 * Enumerations are stored as their canonical spellings (wsd-types.h), so
 * the file reads well in the sqlite3 shell and survives enum changes.
 * Times are µs UTC, 0 = unknown.
 */
#include "wsd-store-private.h"

const char *const wsd_store_migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE servers ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  role TEXT NOT NULL DEFAULT 'unknown',"
  "  version TEXT,"
  "  collected INTEGER NOT NULL DEFAULT 0,"
  "  facts TEXT,"                                   /* JSON, passwords stripped */
  "  updates_known INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE server_updates ("
  "  id INTEGER PRIMARY KEY,"
  "  server_id INTEGER NOT NULL REFERENCES servers (id) ON DELETE CASCADE,"
  "  update_id TEXT NOT NULL,"
  "  revision INTEGER NOT NULL DEFAULT -1,"
  "  title TEXT,"
  "  approved INTEGER NOT NULL DEFAULT 0,"
  "  declined INTEGER NOT NULL DEFAULT 0,"
  "  file_status TEXT,"
  "  UNIQUE (server_id, update_id, revision)"
  ");"
  "CREATE TABLE sources ("
  "  id INTEGER PRIMARY KEY,"
  "  path TEXT NOT NULL,"
  "  format TEXT,"
  "  fingerprint TEXT NOT NULL UNIQUE,"
  "  size INTEGER NOT NULL DEFAULT 0,"
  "  records INTEGER NOT NULL DEFAULT 0,"
  "  imported INTEGER NOT NULL"
  ");"
  "CREATE TABLE runs ("
  "  id INTEGER PRIMARY KEY,"
  "  server_id INTEGER NOT NULL REFERENCES servers (id) ON DELETE CASCADE,"
  "  history_id TEXT,"
  "  started INTEGER NOT NULL,"
  "  finished INTEGER NOT NULL DEFAULT 0,"
  "  type TEXT NOT NULL DEFAULT 'unknown',"
  "  result TEXT NOT NULL DEFAULT 'unknown',"
  "  error TEXT,"
  "  error_text TEXT,"
  "  phase TEXT,"                                   /* NULL = no error to place */
  "  approximate_times INTEGER NOT NULL DEFAULT 0,"
  "  configmgr INTEGER NOT NULL DEFAULT 0,"
  "  new_updates INTEGER NOT NULL DEFAULT -1,"
  "  revised_updates INTEGER NOT NULL DEFAULT -1,"
  "  expired_updates INTEGER NOT NULL DEFAULT -1,"
  "  incident TEXT,"
  "  attempt INTEGER NOT NULL DEFAULT 0,"
  "  diagnosis_rule TEXT,"
  "  diagnosis_title TEXT"
  ");"
  /* Natural key of a history row. */
  "CREATE UNIQUE INDEX runs_history ON runs (server_id, history_id) WHERE history_id IS NOT NULL;"
  /* One index per sortable column; the rowid each index ends with is the
   * stable tiebreak, so ORDER BY col, started, id never sorts. */
  "CREATE INDEX runs_server_started ON runs (server_id, started);"
  "CREATE INDEX runs_started ON runs (started);"
  "CREATE INDEX runs_finished ON runs (finished, started);"
  "CREATE INDEX runs_type ON runs (type, started);"
  "CREATE INDEX runs_result ON runs (result, started);"
  "CREATE INDEX runs_new ON runs (new_updates, started);"
  "CREATE INDEX runs_revised ON runs (revised_updates, started);"
  "CREATE INDEX runs_expired ON runs (expired_updates, started);"
  "CREATE INDEX runs_diagnosis ON runs (diagnosis_title, started);"
  "CREATE INDEX runs_server_result ON runs (server_id, result, started);"
  "CREATE TABLE paths ("
  "  id INTEGER PRIMARY KEY,"
  "  path TEXT NOT NULL UNIQUE"
  ");"
  "CREATE TABLE evidence ("
  "  id INTEGER PRIMARY KEY,"
  "  server_id INTEGER NOT NULL REFERENCES servers (id) ON DELETE CASCADE,"
  "  run_id INTEGER REFERENCES runs (id) ON DELETE CASCADE,"   /* NULL = not attached yet */
  "  loose INTEGER NOT NULL DEFAULT 0,"                         /* attached by time; may move */
  "  kind TEXT NOT NULL DEFAULT 'unknown',"
  "  path_id INTEGER NOT NULL REFERENCES paths (id),"
  "  line INTEGER NOT NULL DEFAULT 0,"
  "  byte_offset INTEGER NOT NULL DEFAULT -1,"
  "  time INTEGER NOT NULL DEFAULT 0,"
  "  level TEXT NOT NULL DEFAULT 'info',"
  "  component TEXT,"
  "  text TEXT NOT NULL DEFAULT '',"
  "  text_hash INTEGER NOT NULL,"
  "  event_id INTEGER NOT NULL DEFAULT 0"
  ");"
  /* A record is stored once per server whatever run claims it. */
  "CREATE UNIQUE INDEX evidence_identity ON evidence (server_id, path_id, line, time, text_hash);"
  "CREATE INDEX evidence_run ON evidence (run_id, time, line);"
  "CREATE INDEX evidence_loose ON evidence (server_id, time) WHERE loose = 1;"
  "CREATE TABLE update_errors ("
  "  id INTEGER PRIMARY KEY,"
  "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
  "  update_id TEXT NOT NULL DEFAULT '',"
  "  revision INTEGER NOT NULL DEFAULT -1,"
  "  error TEXT NOT NULL DEFAULT '',"
  "  error_text TEXT,"
  "  UNIQUE (run_id, update_id, revision, error)"
  ");"
  "CREATE TABLE probe_results ("
  "  id INTEGER PRIMARY KEY,"
  "  server TEXT,"                                  /* NULL = not made for a stored server */
  "  started INTEGER NOT NULL,"
  "  json TEXT NOT NULL"                            /* wsd_probe_result_to_json() */
  ");"
  "CREATE INDEX probe_results_server ON probe_results (server, started);",

  /* 1 → 2: substring search over error names, error texts and diagnoses
   * through a trigram index (the list's search must not scan a million
   * rows). External content: the text stays in runs only. */
  "CREATE VIRTUAL TABLE run_search USING fts5 ("
  "  error, error_text, diagnosis_title, content = 'runs', content_rowid = 'id', tokenize = 'trigram');"
  "CREATE TRIGGER runs_search_insert AFTER INSERT ON runs"
  "  WHEN NEW.error IS NOT NULL OR NEW.error_text IS NOT NULL OR NEW.diagnosis_title IS NOT NULL BEGIN"
  "  INSERT INTO run_search (rowid, error, error_text, diagnosis_title)"
  "    VALUES (NEW.id, NEW.error, NEW.error_text, NEW.diagnosis_title);"
  "END;"
  /* One trigger, so the old text is unindexed before the new is indexed. */
  "CREATE TRIGGER runs_search_update AFTER UPDATE OF error, error_text, diagnosis_title ON runs BEGIN"
  "  INSERT INTO run_search (run_search, rowid, error, error_text, diagnosis_title)"
  "    SELECT 'delete', OLD.id, OLD.error, OLD.error_text, OLD.diagnosis_title"
  "    WHERE OLD.error IS NOT NULL OR OLD.error_text IS NOT NULL OR OLD.diagnosis_title IS NOT NULL;"
  "  INSERT INTO run_search (rowid, error, error_text, diagnosis_title)"
  "    SELECT NEW.id, NEW.error, NEW.error_text, NEW.diagnosis_title"
  "    WHERE NEW.error IS NOT NULL OR NEW.error_text IS NOT NULL OR NEW.diagnosis_title IS NOT NULL;"
  "END;"
  "CREATE TRIGGER runs_search_delete AFTER DELETE ON runs"
  "  WHEN OLD.error IS NOT NULL OR OLD.error_text IS NOT NULL OR OLD.diagnosis_title IS NOT NULL BEGIN"
  "  INSERT INTO run_search (run_search, rowid, error, error_text, diagnosis_title)"
  "    VALUES ('delete', OLD.id, OLD.error, OLD.error_text, OLD.diagnosis_title);"
  "END;"
  "INSERT INTO run_search (rowid, error, error_text, diagnosis_title)"
  "  SELECT id, error, error_text, diagnosis_title FROM runs"
  "  WHERE error IS NOT NULL OR error_text IS NOT NULL OR diagnosis_title IS NOT NULL;"
  /* A record read again from a copy of its file under another name (the
   * bundle's log and the same log copied loose) is the same record. */
  "DELETE FROM evidence WHERE id NOT IN"
  "  (SELECT min (id) FROM evidence GROUP BY server_id, time, line, text_hash);"
  "DROP INDEX evidence_identity;"
  "CREATE UNIQUE INDEX evidence_identity ON evidence (server_id, time, line, text_hash);",
};

const guint wsd_store_n_migrations = G_N_ELEMENTS (wsd_store_migrations);

G_STATIC_ASSERT (G_N_ELEMENTS (wsd_store_migrations) == WSD_STORE_SCHEMA_VERSION);
