/* probe-test-harness.h: starts probe-harness.sh (nginx, squid) for a test
 * program and reads what it wrote; helpers to run and inspect probes. */
#pragma once

#include "wsd-prober.h"

G_BEGIN_DECLS

typedef struct {
  char       *dir;
  GHashTable *env;
  int         refused_fd;  /* holds REFUSED_PORT: bound, never listening */
} ProbeHarness;

/* NULL with @out_skip_reason set when a program is missing. */
ProbeHarness   *probe_harness_start (const char *what, char **out_skip_reason);
void            probe_harness_stop  (ProbeHarness *harness);
const char     *probe_harness_get   (ProbeHarness *harness, const char *key);
guint16         probe_harness_port  (ProbeHarness *harness, const char *key);

/* One target, default settings but @timeout_ms and @ca_file. */
WsdProbeResult *probe_one           (WsdProbeTargetSpec *spec, gint64 timeout_ms, const char *ca_file);
/* The step of @kind in @target, NULL when absent. */
WsdProbeStep   *probe_find_step     (WsdProbeTarget *target, WsdProbeStepKind kind);
/* Asserts status and rule of one step of the first target. */
void            probe_assert_step   (WsdProbeResult *result, WsdProbeStepKind kind,
                                     WsdProbeStatus status, const char *rule);
/* Runs the CLI with @argv (NULL-terminated, without the program), feeding
 * @stdin_text; returns its exit status. */
int             probe_run_cli       (const char * const *argv, const char *stdin_text,
                                     char **out_stdout, char **out_stderr);

G_END_DECLS
