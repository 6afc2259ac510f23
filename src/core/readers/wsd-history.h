/* wsd-history.h: what every sync-history reader shares: turning one
 * ISynchronizationInfo row into a run with its history evidence. */
#pragma once

#include "wsd-run.h"

G_BEGIN_DECLS

typedef struct {
  char      *id;
  gint64     started;
  gint64     finished;
  int        started_manually;   /* -1 = not given */
  gboolean   have_result;
  WsdResult  result;
  char      *error;              /* normalized name, NULL = no error */
  char      *error_text;
  GPtrArray *update_errors;      /* WsdUpdateError* */
  gboolean   approximate_times;
} WsdHistoryRow;

void    wsd_history_row_init  (WsdHistoryRow *row);
void    wsd_history_row_clear (WsdHistoryRow *row);

/* A run holding @row's facts and one HISTORY evidence record with the
 * row's result, error and full error text. */
WsdRun *wsd_history_row_to_run (WsdHistoryRow *row,
                                const char    *server,
                                const char    *path,
                                guint          line,
                                gint64         offset);

/* "True"/"False"/"1"/"0" → 1/0; -1 when not a boolean. */
int     wsd_history_parse_bool (const char *text);

/* PowerShell 5.1 "/Date(1509018104000)/" → µs UTC; 0 when not that form. */
gint64  wsd_history_parse_ms_date (const char *text);

G_END_DECLS

#include <json-glib/json-glib.h>
#include "wsd-import-batch.h"

G_BEGIN_DECLS
/* Rows of a bundle `history` array or of ConvertTo-Json output (either
 * spelling of the members) → runs in @batch. Errors name @path and the
 * row's index. */
gboolean wsd_history_json_rows (JsonArray      *rows,
                                const char     *path,
                                const char     *server,
                                WsdImportBatch *batch,
                                GError        **error);
G_END_DECLS
