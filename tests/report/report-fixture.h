/* report-fixture.h: realistic WsdAnalysis values built by hand, so the
 * report writer, its tests and its benchmark do not depend on readers. */
#pragma once

#include "wsd-analysis.h"

G_BEGIN_DECLS

typedef struct {
  guint   n_runs;       /* total runs, retries included */
  guint   n_failures;   /* failed runs among them (the builder hits it exactly) */
  guint   n_servers;    /* 1..4 */
  gint64  start;        /* µs UTC of the first day; 0 = 2026-10-01 */
  guint32 seed;
  gboolean with_probe;
} ReportFixtureSpec;

WsdAnalysis *report_fixture_build (const ReportFixtureSpec *spec);

/* A finding as the knowledge base would make it. */
WsdFinding  *report_fixture_finding (const char *rule, WsdFindingKind kind, const char *title,
                                     const char *summary, const char * const *steps,
                                     const char * const *references, double confidence);
WsdEvidence *report_fixture_evidence (const char *path, guint line, gint64 time, const char *text);
WsdServer   *report_fixture_server (const char *name, const char *facts_json);

G_END_DECLS
