/* wsd-configmgr-log.h: records of ConfigMgr site-server logs in either
 * line format (formats.md §6.1):
 *   SMS trace  message $$<COMPONENT><MM-DD-YYYY HH:MM:SS.mmm+bias><thread=N (0xN)>
 *   CMTrace    <![LOG[message]LOG]!><time="HH:MM:SS.mmm+bias" date="MM-DD-YYYY" component="…" type="N" …>
 * UTC = local time + bias minutes; "~~" in a message is a newline. */
#pragma once

#include "wsd-reader-input.h"

G_BEGIN_DECLS

typedef struct {
  char   *component;
  gint64  time;        /* µs UTC */
  int     type;        /* CMTrace 1 info, 2 warning, 3 error; 0 = not given */
  char   *message;     /* "~~" already turned into newlines */
  guint   line;
  gint64  offset;
} WsdCmRecord;

void       wsd_cm_record_free   (WsdCmRecord *record);
/* Every record of @input; FALSE with an error naming the line when a
 * record's stamp cannot be read. */
GPtrArray *wsd_cm_log_parse     (const WsdReaderInput *input, GError **error);
gboolean   wsd_cm_log_looks_like (const char *text, gsize len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdCmRecord, wsd_cm_record_free)

G_END_DECLS
