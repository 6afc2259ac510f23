/* wsd-run.h: one synchronization attempt of one server. */
#pragma once

#include "wsd-evidence.h"

G_BEGIN_DECLS

typedef struct {
  char *update_id;
  int   revision;          /* -1 = unknown */
  char *error;             /* SynchronizationUpdateError name */
  char *error_text;
} WsdUpdateError;

WsdUpdateError *wsd_update_error_new  (void);
WsdUpdateError *wsd_update_error_copy (const WsdUpdateError *error);
void            wsd_update_error_free (WsdUpdateError *error);

typedef struct {
  gint64      id;                 /* store row id; 0 until stored */
  char       *server;             /* server name; NULL = not named by the evidence */
  char       *history_id;         /* ISynchronizationInfo.Id when known */
  gint64      started;            /* µs UTC */
  gint64      finished;           /* µs UTC; 0 = unknown / still running */
  WsdRunType  type;
  WsdResult   result;
  char       *error;              /* SynchronizationError name, or "Unknown(7)" */
  char       *error_text;         /* full text of the final error */
  WsdPhase    phase;
  gboolean    approximate_times;  /* times were read without a zone */
  gboolean    configmgr;          /* a ConfigMgr (wsyncmgr) sync of a SUP */
  int         new_updates;        /* -1 = unknown */
  int         revised_updates;
  int         expired_updates;

  /* Filled by the incident pass (wsd-incidents), not by readers. */
  char       *incident;           /* incident id shared by retries; NULL = none */
  int         attempt;            /* 0 = first attempt, 1 = retry 1, 2 = retry 2 */

  GPtrArray  *evidence;           /* WsdEvidence*, ordered by time/line */
  GPtrArray  *update_errors;      /* WsdUpdateError* */
} WsdRun;

WsdRun *wsd_run_new  (void);
WsdRun *wsd_run_copy (const WsdRun *run);
void    wsd_run_free (WsdRun *run);

/* Takes ownership of @evidence. */
void    wsd_run_add_evidence (WsdRun *run, WsdEvidence *evidence);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdRun, wsd_run_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdUpdateError, wsd_update_error_free)

G_END_DECLS
