/* wsd-diagnoser.h: run + evidence + server facts + latest probe → ranked
 * findings. Pure: no I/O, no global state. */
#pragma once

#include "wsd-knowledge-base.h"
#include "wsd-run.h"
#include "wsd-server.h"
#include "wsd-finding.h"
#include "wsd-probe-result.h"

G_BEGIN_DECLS

typedef struct {
  const WsdRun         *run;
  const WsdServer      *server;    /* facts of the run's server; may be NULL */
  const WsdServer      *upstream;  /* the server it syncs from, when imported; may be NULL */
  GPtrArray            *server_runs; /* WsdRun* of the same server by start time (incidents); may be NULL */
  const WsdProbeResult *probe;     /* latest probe of this server; may be NULL */
} WsdDiagnosisContext;

/* Findings for one run: for a failed run causes first, best first, so
 * element 0 is the diagnosis; notes and config findings after. */
GPtrArray *wsd_diagnose_run    (WsdKnowledgeBase *kb, const WsdDiagnosisContext *context); /* WsdFinding* */

/* Configuration findings from a server's facts (kind CONFIG). @related may
 * hold the other imported servers for cross-server checks. */
GPtrArray *wsd_diagnose_server (WsdKnowledgeBase *kb, const WsdServer *server, GPtrArray *related);

/* The imported server @server synchronizes from (its upstream_server fact
 * matched to a name in @servers, case-insensitive, short name vs FQDN). */
const WsdServer *wsd_find_upstream_server (const WsdServer *server, GPtrArray *servers);

G_END_DECLS
