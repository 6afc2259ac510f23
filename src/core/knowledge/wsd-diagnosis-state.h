/* wsd-diagnosis-state.h: the working state of one diagnosis, shared by the
 * matcher (wsd-diagnoser-match.c), the ranking (wsd-diagnoser.c), the
 * probe's weight (wsd-diagnoser-probe.c) and the checks and details
 * (wsd-diagnoser-checks.c). Internal to the knowledge folder. */
#pragma once

#include "wsd-diagnoser.h"
#include "wsd-knowledge-base-private.h"
#include "wsd-signals.h"

G_BEGIN_DECLS

typedef enum {
  WSD_ITEM_CONTEXT = 0,   /* info lines: lifecycle, "Calling … on URL" */
  WSD_ITEM_SUPPORT,       /* errors of the run, retries, events after it */
  WSD_ITEM_FINAL,         /* the final error */
  WSD_ITEM_NOISE,         /* health monitor */
} WsdItemRole;

typedef struct {
  const WsdEvidence *evidence;
  const char        *text;
  gsize              length;
  WsdItemRole        role;
  guint              event_id;
  gboolean           retry;      /* an "Action: Retry" record */
  guint64           *bits;
  WsdSignals         signals;
} WsdItem;

typedef struct {
  WsdRule   *rule;
  double     confidence;
  gboolean   final;
  gboolean   independent;
  GPtrArray *items;        /* WsdItem* that matched */
  GArray    *offsets;      /* guint offset of the match in each item; G_MAXUINT = none */
  GPtrArray *extra;        /* WsdEvidence* owned: facts, probe steps */
  gboolean   probe_only;   /* only the latest probe points here, not the run's own evidence */
  gboolean   probe_seen;   /* a probe step is evidence for it */
  gboolean   probe_after;  /* …from a probe made after the run ended */
} WsdHit;

/* A fact the run's evidence states, for servers whose configuration was
 * not exported (a loose log): the WSUS version it logged, whether its sync
 * peer is Microsoft Update. Server facts win over these. */
typedef struct {
  const char  *path;        /* as in the facts: "wsus_version" */
  char        *value;
  WsdEvidence *evidence;    /* the record that states it */
} WsdRunFact;

typedef struct {
  WsdKnowledgeBase          *kb;
  WsdLiteralSet             *literals;
  guint                      n_words;
  const WsdDiagnosisContext *context;
  const WsdRun              *run;
  const WsdServer           *server;
  GArray                    *items;        /* WsdItem */
  guint64                   *bit_storage;
  WsdEvidence               *error_pseudo; /* run->error_text as evidence */
  WsdEvidence               *endpoint_pseudo; /* the sync endpoint its neighbours name */
  WsdHit                   **hits;         /* by rule index; NULL = no match */
  guint                      n_rules;
  /* facts read once */
  const char                *proxy_host;
  gint64                     proxy_port;
  gboolean                   proxy_enabled;
  gboolean                   syncs_from_microsoft;   /* facts say so */
  gboolean                   downstream;
  GPtrArray                 *run_facts;    /* WsdRunFact*, see wsd_run_facts_derive() */
  gint                       run_index;    /* in context->server_runs; see wsd_diagnosis_run_index() */
  gboolean                   run_index_known;
} WsdDiagnosis;

/* How many runs either side neighbour look-ups read at most: a server's
 * history can hold years of runs, and only nearby ones say anything. */
#define WSD_NEIGHBOUR_SPAN 8

/* Position of the run in context->server_runs (sorted by start), found by
 * binary search; -1 when it is not there. */
gint      wsd_diagnosis_run_index (WsdDiagnosis *self);
/* First index in @runs (sorted by start) whose start is >= @started. */
guint     wsd_runs_lower_bound (GPtrArray *runs, gint64 started);

WsdItem  *wsd_diagnosis_item (WsdDiagnosis *self, guint index);
WsdHit   *wsd_hit_new  (WsdRule *rule);
void      wsd_hit_free (WsdHit *hit);

/* Matching (wsd-diagnoser-match.c): classify the items once they are all
 * added, then evaluate every rule twice (the second pass runs the groups
 * with WhenRule/UnlessRule, which read the first pass's hits). */
void      wsd_diagnosis_classify_items (WsdDiagnosis *self);
void      wsd_diagnosis_evaluate_rule  (WsdDiagnosis *self, WsdRule *rule, gboolean second_pass);
/* Where in @item's text a hit's recorded @offset points; G_MAXUINT = nowhere. */
guint     wsd_diagnosis_resolve_offset (WsdLiteralSet *literals, const WsdItem *item, guint offset);
gboolean  wsd_item_has_literal (WsdDiagnosis *self, const WsdItem *item, WsdBuiltinLiteral which);

/* Named checks (wsd-diagnoser-checks.c). */
gboolean  wsd_check_item (WsdDiagnosis *self, const char *check, const WsdItem *item);
gboolean  wsd_check_run  (WsdDiagnosis *self, const char *check, WsdHit *hit);
gboolean  wsd_check_server (const char *check, const WsdServer *server, GPtrArray *related,
                            GPtrArray *out_extra);
gboolean  wsd_facts_hold (const WsdServer *server, GPtrArray *conditions, GPtrArray *out_extra);
/* Facts of the server, else facts the run's evidence states. */
gboolean  wsd_facts_hold_for_run (WsdDiagnosis *self, GPtrArray *conditions, GPtrArray *out_extra);

void      wsd_diagnosis_add_item (WsdDiagnosis *self, const WsdEvidence *evidence);

/* A run's surroundings (wsd-diagnoser-context.c). Borrow before the items
 * are classified; derive the run facts after (NULL when the evidence does
 * not state @path). */
void      wsd_diagnosis_borrow_from_neighbours (WsdDiagnosis *self);
void      wsd_run_facts_derive (WsdDiagnosis *self);
const char *wsd_run_fact_value (WsdDiagnosis *self, const char *path);
void      wsd_run_facts_free   (GPtrArray *run_facts);
/* The URL of the sync web service @run's evidence names, or NULL. */
char     *wsd_run_sync_url     (const WsdRun *run, const WsdEvidence **out_evidence);
/* A rule's Detail lines with their {placeholders} filled; lines with a
 * placeholder that has no value here are dropped. NULL when none is left. */
char     *wsd_render_detail (WsdDiagnosis *self, WsdHit *hit, char **templates);
gboolean  wsd_run_is_downstream (WsdDiagnosis *self);
GPtrArray *wsd_diagnosis_failed_updates (WsdDiagnosis *self);
gboolean  wsd_diagnosis_split_by_upstream (WsdDiagnosis *self, GPtrArray **missing, GPtrArray **present);
const WsdServer *wsd_find_upstream (const WsdServer *server, GPtrArray *related);

/* The latest probe (wsd-diagnoser-probe.c). Weigh after both matching
 * passes, so that WhenRule/UnlessRule read only the run's own evidence. */
void      wsd_diagnosis_weigh_probe (WsdDiagnosis *self);
/* A [Match] group's Probe= condition: a failed step of one of @steps maps to @rule. */
gboolean  wsd_diagnosis_probe_failed_at (WsdDiagnosis *self, const WsdRule *rule, char **steps);

G_END_DECLS
