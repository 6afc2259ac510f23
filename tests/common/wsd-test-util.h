/* wsd-test-util.h: helpers the unit tests share (temporary folders, files,
 * running the built CLI, UTF-16 encoding). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deletes @path and everything below it. */
void        wsd_test_remove_tree  (const char *path);

/* Writes @len bytes (-1: up to the NUL) to @dir/@name, creating the folders
 * on the way; returns the path. */
char       *wsd_test_write_file   (const char *dir,
                                   const char *name,
                                   const void *data,
                                   gssize      len);

/* @utf8 as UTF-16LE bytes, with a byte order mark when @with_bom. */
GByteArray *wsd_test_utf16le      (const char *utf8,
                                   gboolean    with_bom);

/* A temporary folder with a database path inside it, for CLI tests. */
typedef struct {
  char *dir;
  char *database;
} WsdCliFixture;

typedef struct {
  int   status;
  char *out;
  char *err;
} WsdCliResult;

void         wsd_cli_fixture_setup    (WsdCliFixture *fixture,
                                       gconstpointer  data);
void         wsd_cli_fixture_teardown (WsdCliFixture *fixture,
                                       gconstpointer  data);
void         wsd_cli_result_clear     (WsdCliResult  *result);

/* Runs $WSD_CLI with --database and the NULL-terminated arguments. */
WsdCliResult wsd_cli_run              (WsdCliFixture *fixture,
                                       ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
