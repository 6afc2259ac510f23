/* wsd-details-pane.h: Synchronization Details for the selected run: its
 * facts, the full error text and the findings as cards. */
#pragma once

#include <gtk/gtk.h>
#include "wsd-run.h"
#include "wsd-server.h"

G_BEGIN_DECLS

#define WSD_TYPE_DETAILS_PANE (wsd_details_pane_get_type ())
G_DECLARE_FINAL_TYPE (WsdDetailsPane, wsd_details_pane, WSD, DETAILS_PANE, GtkWidget)

GtkWidget    *wsd_details_pane_new        (void);
/* Shows @run (copied) and @findings (WsdFinding*, copied; may be NULL). */
void          wsd_details_pane_show_run   (WsdDetailsPane *self, const WsdRun *run, GPtrArray *findings);
void          wsd_details_pane_clear      (WsdDetailsPane *self);
const WsdRun *wsd_details_pane_get_run    (WsdDetailsPane *self);
/* The title of the first card (the diagnosis), NULL when none. */
const char   *wsd_details_pane_get_diagnosis_title (WsdDetailsPane *self);
/* Text of every label in the pane, for tests. */
char         *wsd_details_pane_dup_text   (WsdDetailsPane *self);

G_END_DECLS
