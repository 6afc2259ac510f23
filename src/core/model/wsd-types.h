/* wsd-types.h: enums shared by every part of the core.
 *
 * Times everywhere in the core are gint64 microseconds since the Unix
 * epoch, UTC (g_get_real_time() units); 0 means "not known".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  WSD_RESULT_UNKNOWN = 0,
  WSD_RESULT_SUCCEEDED,
  WSD_RESULT_FAILED,
  WSD_RESULT_CANCELED,
  WSD_RESULT_RUNNING,
} WsdResult;

typedef enum {
  WSD_RUN_TYPE_UNKNOWN = 0,
  WSD_RUN_TYPE_SCHEDULED,
  WSD_RUN_TYPE_MANUAL,
} WsdRunType;

/* MS-WSUSSS phases; NONE = the run has no error to place. */
typedef enum {
  WSD_PHASE_NONE = 0,
  WSD_PHASE_UNKNOWN,
  WSD_PHASE_AUTHORIZATION,
  WSD_PHASE_METADATA,
  WSD_PHASE_DEPLOYMENTS,
  WSD_PHASE_CONTENT,
  WSD_PHASE_REPORTING,
} WsdPhase;

typedef enum {
  WSD_ROLE_UNKNOWN = 0,
  WSD_ROLE_UPSTREAM,
  WSD_ROLE_DOWNSTREAM,
  WSD_ROLE_REPLICA,
  WSD_ROLE_AUTONOMOUS,
} WsdRole;

/* Where a piece of evidence came from. */
typedef enum {
  WSD_SOURCE_KIND_UNKNOWN = 0,
  WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG,
  WSD_SOURCE_KIND_HISTORY,          /* bundle history, CSV, Clixml, JSON */
  WSD_SOURCE_KIND_EVENT,            /* Application event log export */
  WSD_SOURCE_KIND_CONFIGMGR_LOG,    /* wsyncmgr.log */
  WSD_SOURCE_KIND_WCM_LOG,          /* WCM.log */
  WSD_SOURCE_KIND_BUNDLE,           /* bundle.json facts */
  WSD_SOURCE_KIND_PROBE,
} WsdSourceKind;

/* Severity of one evidence record, normalised across formats. */
typedef enum {
  WSD_LEVEL_INFO = 0,
  WSD_LEVEL_WARNING,
  WSD_LEVEL_ERROR,
  WSD_LEVEL_CHANGE,
} WsdLevel;

typedef enum {
  WSD_FINDING_CAUSE = 0,
  WSD_FINDING_NOTE,
  WSD_FINDING_CONFIG,
} WsdFindingKind;

/* Canonical spellings used by the CLI/JSON contract (DESIGN.md). */
const char *wsd_result_to_string    (WsdResult result);
WsdResult   wsd_result_from_string  (const char *text);
const char *wsd_run_type_to_string  (WsdRunType type);
WsdRunType  wsd_run_type_from_string (const char *text);
/* Returns NULL for WSD_PHASE_NONE (JSON null). */
const char *wsd_phase_to_string     (WsdPhase phase);
WsdPhase    wsd_phase_from_string   (const char *text);
const char *wsd_role_to_string      (WsdRole role);
WsdRole     wsd_role_from_string    (const char *text);
const char *wsd_level_to_string     (WsdLevel level);
WsdLevel    wsd_level_from_string   (const char *text);
const char *wsd_finding_kind_to_string (WsdFindingKind kind);
WsdFindingKind wsd_finding_kind_from_string (const char *text);
const char *wsd_source_kind_to_string (WsdSourceKind kind);
WsdSourceKind wsd_source_kind_from_string (const char *text);

/* ISO 8601 "2026-11-20T03:00:12Z" (seconds precision); NULL for 0. */
char       *wsd_time_format_iso     (gint64 usec_utc);
/* Parses ISO 8601 with a zone; returns 0 when it cannot. */
gint64      wsd_time_parse_iso      (const char *text);

/* Errors raised by readers and the store. */
#define WSD_ERROR (wsd_error_quark ())
GQuark wsd_error_quark (void);

typedef enum {
  WSD_ERROR_UNKNOWN_FORMAT,   /* no reader recognises the input */
  WSD_ERROR_DAMAGED,          /* recognised, but broken at a line */
  WSD_ERROR_UNREADABLE,       /* cannot be opened/read */
  WSD_ERROR_TOO_LARGE,        /* a bound was hit (zip bomb, record cap) */
  WSD_ERROR_REFUSED,          /* unsafe input refused (../ paths in a zip) */
  WSD_ERROR_STORE,            /* sqlite failure */
  WSD_ERROR_NOT_FOUND,
  WSD_ERROR_INVALID,          /* bad argument or bad rule file */
} WsdErrorCode;

G_END_DECLS
