/* wsd-analysis.h: the whole diagnosis of a store (or part of it), as the
 * CLI, the HTML report and the window consume it. */
#pragma once

#include "wsd-store.h"
#include "wsd-diagnoser.h"

G_BEGIN_DECLS

typedef struct {
  WsdRun    *run;        /* with evidence, incident and attempt filled */
  GPtrArray *findings;   /* WsdFinding*; see wsd_diagnose_run() */
} WsdRunDiagnosis;

typedef struct {
  gint64      generated;       /* µs UTC */
  gint64      since;           /* period shown; 0 = from the first run */
  gint64      until;           /* 0 = up to the last run */
  GPtrArray  *servers;         /* WsdServer* */
  GPtrArray  *runs;            /* WsdRunDiagnosis*, ordered by started */
  GHashTable *config_findings; /* server name → GPtrArray of WsdFinding* */
  GHashTable *probes;          /* server name → WsdProbeResult* (latest) */
} WsdAnalysis;

WsdRunDiagnosis *wsd_run_diagnosis_new  (WsdRun *run /* owned */, GPtrArray *findings /* owned */);
void             wsd_run_diagnosis_free (WsdRunDiagnosis *diagnosis);

WsdAnalysis     *wsd_analysis_new       (void);
void             wsd_analysis_free      (WsdAnalysis *analysis);

/* Reads runs (of @server, or all when NULL; since @since, 0 = all), computes
 * incidents and diagnoses every run and server. With @server (matched
 * without regard to case) only that server's runs, configuration findings
 * and probe are kept, though the other servers inform its diagnosis;
 * WSD_ERROR_NOT_FOUND when the store has no server of that name. */
WsdAnalysis     *wsd_analysis_new_from_store (WsdStore          *store,
                                              WsdKnowledgeBase  *kb,
                                              const char        *server,
                                              gint64             since,
                                              GError           **error);

/* Diagnoses @runs (WsdRun*, ordered by start; taken over) against the
 * servers and probes already in @analysis: incidents, config findings,
 * findings per run. */
void             wsd_analysis_diagnose  (WsdAnalysis *analysis, WsdKnowledgeBase *kb, GPtrArray *runs);

/* The contract's JSON (DESIGN.md, diagnose --json). */
JsonNode        *wsd_analysis_to_json   (WsdAnalysis *analysis);
JsonNode        *wsd_finding_to_json    (const WsdFinding *finding);

/* The server of @servers (WsdServer*) named @name: the exact name, else
 * the same name in another case; NULL when none. */
const WsdServer *wsd_analysis_find_server (GPtrArray *servers, const char *name);

/* The store files runs that name no server under "(unnamed)". */
gboolean         wsd_server_name_is_unnamed (const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdAnalysis, wsd_analysis_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdRunDiagnosis, wsd_run_diagnosis_free)

G_END_DECLS
