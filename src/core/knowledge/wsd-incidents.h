/* wsd-incidents.h: grouping a server's retries into incidents. */
#pragma once

#include "wsd-run.h"
#include "wsd-server.h"

G_BEGIN_DECLS

/* Retries of a downstream's scheduled synchronization start 10 to 25
 * minutes after the attempt before (about 15). */
#define WSD_RETRY_MIN_GAP (G_GINT64_CONSTANT (10) * 60 * G_USEC_PER_SEC)
#define WSD_RETRY_MAX_GAP (G_GINT64_CONSTANT (25) * 60 * G_USEC_PER_SEC)
/* ConfigMgr retries a failed sync after 60 minutes. */
#define WSD_CM_RETRY_MIN_GAP (G_GINT64_CONSTANT (45) * 60 * G_USEC_PER_SEC)
#define WSD_CM_RETRY_MAX_GAP (G_GINT64_CONSTANT (75) * 60 * G_USEC_PER_SEC)

/* Sets incident/attempt on the runs of ONE server (@runs ordered by start).
 * A downstream's failed scheduled run and its up to two retries are one
 * incident (attempt 0, 1, 2); so are ConfigMgr's hourly retries. A server
 * is downstream when its facts say so, when a failed run's peer is not a
 * Microsoft host, or when a failed scheduled run is followed by scheduled
 * attempts about 15 and 30 minutes later. */
void     wsd_incidents_assign      (GPtrArray *runs, const WsdServer *server);

/* Whether the hosts a run's errors name include one that is not Microsoft's. */
gboolean wsd_run_names_non_microsoft_peer (const WsdRun *run, const WsdServer *server);

G_END_DECLS
