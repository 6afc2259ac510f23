/* wsd-actions-pane.h: the console's Actions pane: buttons for the
 * window's actions and the export options (period, masking). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WSD_TYPE_ACTIONS_PANE (wsd_actions_pane_get_type ())
G_DECLARE_FINAL_TYPE (WsdActionsPane, wsd_actions_pane, WSD, ACTIONS_PANE, GtkWidget)

/* Binds the export options to "export-period-days" and "export-redact". */
void     wsd_actions_pane_bind_settings   (WsdActionsPane *self, GSettings *settings);
/* "wsus01.corp.example" or "All servers" heading. */
void     wsd_actions_pane_set_context     (WsdActionsPane *self, const char *context);
/* Days the report covers, 0 = whole history. */
guint    wsd_actions_pane_get_period_days (WsdActionsPane *self);
gboolean wsd_actions_pane_get_redact      (WsdActionsPane *self);

G_END_DECLS
