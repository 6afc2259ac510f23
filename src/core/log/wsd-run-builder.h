/* wsd-run-builder.h: synchronization runs from SoftwareDistribution.log.
 *
 * Feed the records of one server's log files in log order (rolled-over
 * files oldest first); the builder reconstructs runs from the lifecycle
 * markers of wsd-log-markers.h:
 *
 *  - a run starts at EventId=381 (scheduled) or EventId=382 (manual); a
 *    manual run starts at its AdminDataAccess.StartSubscriptionManually
 *    line when that came at most WSD_RUN_BUILDER_MANUAL_WINDOW before 382;
 *  - it ends at 384 (succeeded), 386 (failed), 387 (canceled), or a
 *    SyncFinish without those (failed when an error record was seen,
 *    otherwise unknown); a 384/386/387 that follows a SyncFinish before the
 *    next start (within a day: the content phase) still completes that run,
 *    and the errors between them are final-error candidates; a service
 *    restart inside a run ends it as unknown; a log that ends inside a run
 *    leaves it running;
 *  - the run's final error is its last error record (health-monitor noise
 *    excepted): error_text is its full text, the phase comes from its stack
 *    frames, error is a SynchronizationError name it mentions; without an
 *    error record the 386 message is used; 364 content failures make the
 *    phase content when nothing more precise is known;
 *  - evidence: lifecycle lines, warnings and errors with their full text,
 *    Action: Retry records, 364 records, SCHANNEL lines, health-monitor
 *    errors. Records after a run ended and before the next run starts stay
 *    with the run before (KNOWLEDGE-BASE.md weighing rule 7); records
 *    before the first run go to the first run.
 *
 * Evidence per run is bounded: identical records (same component and first
 * line) are kept WSD_RUN_BUILDER_MAX_SIMILAR times, and at most
 * WSD_RUN_BUILDER_MAX_EVIDENCE records; lifecycle markers and the final
 * error are always kept.
 */
#pragma once

#include "wsd-log-reader.h"
#include "wsd-run.h"

G_BEGIN_DECLS

#define WSD_RUN_BUILDER_MANUAL_WINDOW (120 * G_USEC_PER_SEC)
#define WSD_RUN_BUILDER_MAX_SIMILAR   8
#define WSD_RUN_BUILDER_MAX_EVIDENCE  400

#define WSD_TYPE_RUN_BUILDER (wsd_run_builder_get_type ())
G_DECLARE_FINAL_TYPE (WsdRunBuilder, wsd_run_builder, WSD, RUN_BUILDER, GObject)

/* @server: the server the runs belong to, NULL when the log does not say. */
WsdRunBuilder *wsd_run_builder_new        (const char *server);

/* The path or URI evidence of the following records names. */
void           wsd_run_builder_set_source (WsdRunBuilder *self, const char *source_path);

/* A WsdLogRecordFilter: pass the builder as user data so the log reader
 * only copies records the builder will keep. */
gboolean       wsd_run_builder_filter     (const WsdLogRecord *head, gpointer builder);

void           wsd_run_builder_add_record (WsdRunBuilder *self, const WsdLogRecord *record);

/* Ends the input. Returns the runs ordered by start (transfer full,
 * WsdRun*); evidence that belongs to no run (a log without any run) is
 * moved into @out_loose (WsdEvidence*, may be NULL to drop it). */
GPtrArray     *wsd_run_builder_finish     (WsdRunBuilder *self, GPtrArray *out_loose);

G_END_DECLS
