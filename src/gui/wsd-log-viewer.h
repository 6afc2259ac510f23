/* wsd-log-viewer.h: "Show in log": the original file around an evidence
 * record when it is still reachable (by byte offset), else the lines the
 * store kept. */
#pragma once

#include <adwaita.h>
#include "wsd-run.h"

G_BEGIN_DECLS

#define WSD_TYPE_LOG_VIEWER (wsd_log_viewer_get_type ())
G_DECLARE_FINAL_TYPE (WsdLogViewer, wsd_log_viewer, WSD, LOG_VIEWER, AdwWindow)

/* @run_evidence: the run's stored records (WsdEvidence*, may be NULL) used
 * when the file cannot be read. Reading happens in a thread. */
WsdLogViewer *wsd_log_viewer_new          (GtkWindow *parent, const WsdEvidence *evidence, GPtrArray *run_evidence);
/* TRUE once the text is in; @out_from_file tells which way it came. */
gboolean      wsd_log_viewer_is_loaded    (WsdLogViewer *self, gboolean *out_from_file);
char         *wsd_log_viewer_dup_text     (WsdLogViewer *self);

G_END_DECLS
