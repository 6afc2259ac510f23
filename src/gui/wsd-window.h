/* wsd-window.h: the main window, laid out like the WSUS console. */
#pragma once

#include <adwaita.h>
#include "wsd-store.h"
#include "wsd-server-tree.h"
#include "wsd-details-pane.h"
#include "wsd-run-list-model.h"

G_BEGIN_DECLS

#define WSD_TYPE_WINDOW (wsd_window_get_type ())
G_DECLARE_FINAL_TYPE (WsdWindow, wsd_window, WSD, WINDOW, AdwApplicationWindow)

WsdWindow          *wsd_window_new              (GtkApplication *application, WsdStore *store);
WsdStore           *wsd_window_get_store        (WsdWindow *self);
/* Switches to another store (the demo's temporary one) and refreshes. */
void                wsd_window_set_store        (WsdWindow *self, WsdStore *store, const char *subtitle);
/* Re-reads servers, counts and the list; keeps the selected run. */
void                wsd_window_refresh          (WsdWindow *self);

void                wsd_window_select_page      (WsdWindow *self, WsdTreePage page, const char *server);
/* "empty", "overview", "runs", "probes" or "configuration" */
const char         *wsd_window_get_visible_page (WsdWindow *self);
WsdRunListModel    *wsd_window_get_run_model    (WsdWindow *self);
GtkSingleSelection *wsd_window_get_selection    (WsdWindow *self);
WsdDetailsPane     *wsd_window_get_details_pane (WsdWindow *self);
const char         *wsd_window_get_status_text  (WsdWindow *self);

/* Filters and sorting, as the search entry, the result buttons, the date
 * range and the column headers set them. */
void                wsd_window_set_search       (WsdWindow *self, const char *text);
/* WSD_RESULT_UNKNOWN = all, WSD_RESULT_FAILED, WSD_RESULT_SUCCEEDED */
void                wsd_window_set_result_filter (WsdWindow *self, WsdResult result);
/* µs UTC bounds, 0 = open */
void                wsd_window_set_period       (WsdWindow *self, gint64 since, gint64 until);
void                wsd_window_sort_by          (WsdWindow *self, WsdRunSort sort, gboolean descending);

/* Imports @files (GFile*) like the chooser and drag and drop do. */
void                wsd_window_import_files     (WsdWindow *self, GPtrArray *files);
gboolean            wsd_window_is_importing     (WsdWindow *self);
void                wsd_window_show_toast       (WsdWindow *self, const char *message);

G_END_DECLS
