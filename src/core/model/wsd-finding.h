/* wsd-finding.h: one knowledge-base rule that matched a run or a server. */
#pragma once

#include "wsd-evidence.h"

G_BEGIN_DECLS

typedef struct {
  char          *rule;        /* rule id from KNOWLEDGE-BASE.md */
  WsdFindingKind kind;
  char          *title;       /* translated */
  char          *summary;     /* translated */
  char         **steps;       /* translated, numbered in order; may be empty */
  char          *notes;       /* translated; may be NULL */
  char         **references;  /* URLs */
  char          *detail;      /* run-specific text: failing host, retry position… */
  double         confidence;  /* 0..1 */
  GPtrArray     *evidence;    /* WsdEvidence* (copies) that matched */
} WsdFinding;

WsdFinding *wsd_finding_new  (const char *rule, WsdFindingKind kind);
WsdFinding *wsd_finding_copy (const WsdFinding *finding);
void        wsd_finding_free (WsdFinding *finding);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdFinding, wsd_finding_free)

G_END_DECLS
