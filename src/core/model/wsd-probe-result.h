/* wsd-probe-result.h: what a synchronization check saw, step by step. */
#pragma once

#include "wsd-types.h"

G_BEGIN_DECLS

typedef enum {
  WSD_PROBE_STEP_DNS = 0,
  WSD_PROBE_STEP_TCP,
  WSD_PROBE_STEP_PROXY,
  WSD_PROBE_STEP_TLS,
  WSD_PROBE_STEP_HTTP,
  WSD_PROBE_STEP_SOAP,
  WSD_PROBE_STEP_CONTENT,
  WSD_PROBE_N_STEPS,
} WsdProbeStepKind;

typedef enum {
  WSD_PROBE_STATUS_OK = 0,
  WSD_PROBE_STATUS_FAILED,
  WSD_PROBE_STATUS_SKIPPED,
  WSD_PROBE_STATUS_WARNING,
} WsdProbeStatus;

typedef struct {
  WsdProbeStepKind step;
  WsdProbeStatus   status;
  gint64           elapsed_ms;
  char            *rule;      /* rule id a failure maps to; NULL when ok */
  char            *detail;
} WsdProbeStep;

typedef struct {
  char      *name;            /* "host:port" */
  char      *kind;            /* "upstream", "microsoft-update", "content" */
  GPtrArray *steps;           /* WsdProbeStep* */
} WsdProbeTarget;

typedef struct {
  gint64     id;              /* store row id; 0 until stored */
  char      *server;          /* server the check was made for; NULL = ad hoc */
  gint64     started;         /* µs UTC */
  GPtrArray *targets;         /* WsdProbeTarget* */
} WsdProbeResult;

const char     *wsd_probe_step_kind_to_string   (WsdProbeStepKind kind);
WsdProbeStepKind wsd_probe_step_kind_from_string (const char *text);
const char     *wsd_probe_status_to_string      (WsdProbeStatus status);
WsdProbeStatus  wsd_probe_status_from_string    (const char *text);

WsdProbeStep   *wsd_probe_step_new     (WsdProbeStepKind step, WsdProbeStatus status);
void            wsd_probe_step_free    (WsdProbeStep *step);
WsdProbeTarget *wsd_probe_target_new   (const char *name, const char *kind);
void            wsd_probe_target_free  (WsdProbeTarget *target);
WsdProbeResult *wsd_probe_result_new   (void);
WsdProbeResult *wsd_probe_result_copy  (const WsdProbeResult *result);
void            wsd_probe_result_free  (WsdProbeResult *result);

/* JSON per the DESIGN.md probe contract; the store keeps this text. */
char           *wsd_probe_result_to_json   (const WsdProbeResult *result);
WsdProbeResult *wsd_probe_result_from_json (const char *json, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdProbeResult, wsd_probe_result_free)

G_END_DECLS
