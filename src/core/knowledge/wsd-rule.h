/* wsd-rule.h: one knowledge-base rule as read from a .rule key file.
 *
 * [Rule] holds the words (Title, Summary, Steps, Notes, Detail are
 * translatable, Detail lines whose {placeholders} the diagnoser cannot fill
 * are dropped). Each [Match] / [Match N] group is one way the rule matches:
 * every key of a group must hold (AND), any value of a key may (OR). Each
 * [Config] / [Config N] group is a condition on a server's facts.
 *
 * Probe results need no key: every failed step of the latest probe whose
 * rule id (the prober's classification) is this rule's id is evidence for
 * it, weighed by the diagnoser (wsd-diagnoser-probe.c). Probe= is still
 * read so that older rule files load: beside other keys it is a condition
 * (the group holds only when a failed step of those kinds maps to this
 * rule); a group of Probe= alone adds nothing and is skipped. */
#pragma once

#include "wsd-types.h"

G_BEGIN_DECLS

typedef enum {
  WSD_SCOPE_ERRORS = 0,  /* final error and the errors of the run (default) */
  WSD_SCOPE_FINAL,       /* only the final error of the run */
  WSD_SCOPE_NOISE,       /* only health-monitor records */
  WSD_SCOPE_ANY,         /* errors and events, including context */
} WsdMatchScope;

typedef struct {
  char *path;
  char *op;     /* "=", "!=", "^=", "~=", "<", ">=" */
  char *value;
} WsdFactCondition;

typedef struct {
  char          *name;           /* "Match 2" */
  guint          line;           /* line of the group header */
  WsdMatchScope  scope;
  char         **sync_errors;
  char         **exception_types;
  char         **identifiers;
  char         **text;
  char         **hosts;
  char         **not_text;
  char         **probe;          /* probe step names: a condition, see below */
  char         **when_rule;
  char         **unless_rule;    /* not when one of these rules matched the run */
  char         **checks;         /* named checks the diagnoser implements */
  char         **soap_codes;
  GArray        *hresults;       /* guint32 */
  GArray        *http_statuses;  /* guint */
  GArray        *event_ids;      /* guint */
  GPtrArray     *facts;          /* WsdFactCondition* */
  GPtrArray     *regexes;        /* GRegex* */
  double         confidence;     /* < 0: default */
  gboolean       attach;         /* config groups: attach to failed runs */
  char          *severity;       /* config groups: override */

  /* Filled by the knowledge base when it compiles its literal set. */
  GArray        *lit_any;        /* ids of exception types, identifiers, text, hosts (OR per key) */
  GArray        *lit_exception_types;
  GArray        *lit_identifiers;
  GArray        *lit_text;
  GArray        *lit_hosts;
  GArray        *lit_not;
  gboolean       language_independent;
  gboolean       has_item_keys;  /* some key is tested on each record */
  gboolean       produced_in_c;  /* retry-schedule, see-details, unclassified */
  gboolean       probe_only;     /* Probe= and nothing else: superseded, skipped */
  GPtrArray     *item_checks;    /* const char*, borrowed from checks */
  GPtrArray     *run_checks;
} WsdMatchGroup;

typedef struct {
  char          *id;
  WsdFindingKind kind;
  char          *severity;
  int            rank;
  gboolean       defer;          /* top cause only when nothing else matched */
  char          *source;
  char          *origin;         /* file name or resource path */
  char          *title;          /* translated at load time */
  char          *summary;
  char         **steps;
  char          *notes;
  char         **detail;
  char         **references;
  GPtrArray     *matches;        /* WsdMatchGroup* */
  GPtrArray     *configs;        /* WsdMatchGroup* (Facts / Checks only) */
  guint          index;          /* position in the knowledge base, set when it compiles */
} WsdRule;

/* Parses and validates one rule file. Problems are appended to @problems as
 * "ORIGIN:LINE: message"; NULL is returned when there was any. */
WsdRule  *wsd_rule_new_from_data (const char *data, gsize length, const char *origin,
                                  GPtrArray *problems);
void      wsd_rule_free          (WsdRule *rule);

gboolean  wsd_match_group_has_check (const WsdMatchGroup *group, const char *check);

/* Named checks a rule may use; the diagnoser implements them. */
extern const char * const wsd_rule_known_checks[];

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdRule, wsd_rule_free)

G_END_DECLS
