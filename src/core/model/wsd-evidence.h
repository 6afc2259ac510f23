/* wsd-evidence.h: one record of evidence (a log record, an event, a
 * history row, a probe step) with the place it came from. */
#pragma once

#include "wsd-types.h"

G_BEGIN_DECLS

typedef struct {
  WsdSourceKind kind;
  char     *source_path;   /* as the admin named it: a path or a URI */
  guint     line;          /* 1-based first line of the record; 0 = none */
  gint64    offset;        /* byte offset of the record in the source; -1 = none */
  gint64    time;          /* µs UTC; 0 = unknown */
  WsdLevel  level;
  char     *component;     /* Class.Method, event provider, CM component */
  char     *text;          /* the whole record, multi-line, as written */
  guint     event_id;      /* Windows/WSUS event id (381, 364, …); 0 = none */
} WsdEvidence;

WsdEvidence *wsd_evidence_new  (void);
WsdEvidence *wsd_evidence_copy (const WsdEvidence *evidence);
void         wsd_evidence_free (WsdEvidence *evidence);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdEvidence, wsd_evidence_free)

G_END_DECLS
