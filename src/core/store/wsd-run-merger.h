/* wsd-run-merger.h: deciding when two runs are the same synchronization,
 * and merging what they say.
 *
 * Pure functions over WsdRun (no sqlite): the store uses them to merge the
 * runs of one import among themselves and with the runs it already holds,
 * so the same sync seen as a history row, as log lines and as 381/384
 * events is one run.
 */
#pragma once

#include "wsd-run.h"

G_BEGIN_DECLS

/* 64-bit FNV-1a of @text (NULL hashes like ""); part of an evidence
 * record's identity (server, line, time, text hash). */
gint64   wsd_evidence_text_hash     (const char *text);

/* TRUE when @a and @b may describe the same synchronization attempt of
 * one server (the caller compares server names):
 * - both history ids known and different: never;
 * - both types known and different: never;
 * - start times more than @tolerance µs apart: never;
 * - one finished (exact times) before the other started: never;
 * - both carry evidence from the same source path but share no evidence
 *   record there: never (one source never reports one sync twice);
 * otherwise yes. Equal history ids match whatever the times say. */
gboolean wsd_run_merger_can_merge   (const WsdRun *a, const WsdRun *b, gint64 tolerance);

/* A score for picking among several runs that can merge: lower is better
 * (equal history ids score 0, otherwise 1 + |Δstarted|). */
gint64   wsd_run_merger_distance    (const WsdRun *a, const WsdRun *b);

/* Merges the facts of @from into @into, keeping the most informative:
 * a known result beats unknown/running and a history row's result beats
 * the others; exact times beat approximate ones and a history row's times
 * beat a log's; known type, phase and counts beat unknown; the non-empty,
 * longer error text wins. Evidence and update errors are not touched.
 * Returns TRUE when @into changed. */
gboolean wsd_run_merger_merge_facts (WsdRun *into, const WsdRun *from);

/* wsd_run_merger_merge_facts() plus the union of evidence (by line, time
 * and text) and update errors (by update id, revision, error);
 * @from's items are copied. Returns TRUE when @into changed. */
gboolean wsd_run_merger_merge       (WsdRun *into, const WsdRun *from);

/* A copy of @run's facts with empty evidence and update-error arrays. */
WsdRun  *wsd_run_copy_facts         (const WsdRun *run);

/* Runs of one import that are one synchronization. */
typedef struct {
  char      *server;    /* the server name every member is filed under */
  WsdRun    *merged;    /* owned: the merged facts (evidence arrays empty) */
  GPtrArray *members;   /* borrowed WsdRun*: the runs of the batch it came from */
} WsdRunGroup;

void     wsd_run_group_free         (WsdRunGroup *group);

/* Groups @runs (WsdRun*, not modified, must outlive the result) into
 * synchronizations: runs of the same server (run->server, else
 * @fallback_server; names compared ignoring ASCII case, as Windows does)
 * that wsd_run_merger_can_merge() with the group's
 * merged facts and each of its members; the nearest start wins.
 * Returns WsdRunGroup* ordered by server, then start. */
GPtrArray *wsd_run_merger_consolidate (GPtrArray  *runs,
                                       const char *fallback_server,
                                       gint64      tolerance);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdRunGroup, wsd_run_group_free)

G_END_DECLS
