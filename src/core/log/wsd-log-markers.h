/* wsd-log-markers.h: what SoftwareDistribution.log records mean.
 *
 * Every signature the run builder reacts to lives in the data tables of
 * wsd-log-markers.c (formats.md §1.5–§1.8): lifecycle markers, the
 * stack-frame → phase table, SynchronizationError names, health-monitor
 * components and what makes a record worth keeping as evidence. */
#pragma once

#include "wsd-log-reader.h"

G_BEGIN_DECLS

typedef enum {
  WSD_LOG_MARKER_NONE = 0,
  WSD_LOG_MARKER_MANUAL_REQUEST,   /* AdminDataAccess.StartSubscriptionManually (w3wp) */
  WSD_LOG_MARKER_START_SCHEDULED,  /* EventId=381 */
  WSD_LOG_MARKER_START_MANUAL,     /* EventId=382 */
  WSD_LOG_MARKER_SUCCEEDED,        /* EventId=384 */
  WSD_LOG_MARKER_FAILED,           /* EventId=386 "Synchronization failed. Reason: …" */
  WSD_LOG_MARKER_OTHER_END,        /* EventId=387: canceled / other completion */
  WSD_LOG_MARKER_SYNC_FINISH,      /* "Firing event SyncFinish" */
  WSD_LOG_MARKER_CONTENT_START,    /* EventId=361 */
  WSD_LOG_MARKER_CONTENT_FAILED,   /* EventId=364 "Content file download failed." */
  WSD_LOG_MARKER_SERVICE_START,    /* the WSUS service (re)started */
  WSD_LOG_MARKER_COUNTS,           /* "New updates: N, revised updates: N, expired updates: N" */
} WsdLogMarker;

WsdLogMarker wsd_log_marker_classify   (const WsdLogRecord *record);
const char  *wsd_log_marker_to_string  (WsdLogMarker marker);

/* Phase from the innermost stack frame of @text that the phase table
 * knows, else from the SOAP "Method = …/Name" of the message, else
 * WSD_PHASE_UNKNOWN. Frames of any language ("at", "bei", "à", "в"). */
WsdPhase     wsd_log_phase_from_text      (const char *text);
/* Phase of a record's own Class.Method (ContentSyncAgent.JobError → content). */
WsdPhase     wsd_log_phase_from_component (const char *component);

/* The SynchronizationError name @text mentions as a word, or NULL. */
const char  *wsd_log_find_sync_error      (const char *text);

/* Health monitor records (HmtWebServices.*): noise for sync diagnosis. */
gboolean     wsd_log_is_health_component  (const char *component);

/* A record a run keeps as evidence besides lifecycle markers (check those
 * with wsd_log_marker_classify()): warnings/errors, admin changes, health
 * monitor, SCHANNEL, Action: Retry, the WSUS product version, the
 * "Calling METHOD on URL" lines that name the sync peer, and (inside a run)
 * Info records that carry an HRESULT, HTTP status or exception. */
gboolean     wsd_log_record_is_notable    (const WsdLogRecord *head, gboolean inside_run);

/* Parses the counts line; returns FALSE when @message does not state them. */
gboolean     wsd_log_parse_counts         (const char *message, int *new_updates,
                                           int *revised_updates, int *expired_updates);

/* The text after "Reason: " in a 386 message (up to its end), or NULL. */
const char  *wsd_log_failure_reason       (const char *message);

G_END_DECLS
