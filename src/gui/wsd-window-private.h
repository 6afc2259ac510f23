/* wsd-window-private.h: WsdWindow's fields, shared by wsd-window*.c. */
#pragma once

#include "wsd-window.h"
#include "wsd-actions-pane.h"
#include "wsd-config-page.h"
#include "wsd-knowledge-base.h"
#include "wsd-overview-page.h"
#include "wsd-timeline-strip.h"

G_BEGIN_DECLS

struct _WsdWindow
{
  AdwApplicationWindow parent_instance;

  /* template children */
  AdwToastOverlay   *toast_overlay;
  AdwWindowTitle    *window_title;
  GtkToggleButton   *search_button;
  GtkRevealer       *import_revealer;
  GtkSpinner        *import_spinner;
  GtkLabel          *import_label;
  GtkProgressBar    *import_progress;
  GtkStack          *main_stack;
  GtkPaned          *sidebar_paned;
  GtkPaned          *actions_paned;
  GtkPaned          *details_paned;
  WsdServerTree     *server_tree;
  GtkStack          *page_stack;
  WsdOverviewPage   *overview_page;
  WsdConfigPage     *config_page;
  GtkBox            *probes_box;
  WsdActionsPane    *actions_pane;
  GtkLabel          *runs_title;
  GtkLabel          *status_label;
  WsdTimelineStrip  *timeline;
  GtkSearchEntry    *search_entry;
  GtkToggleButton   *filter_all_button;
  GtkToggleButton   *filter_failed_button;
  GtkToggleButton   *filter_succeeded_button;
  GtkMenuButton     *period_button;
  AdwButtonContent  *period_button_content;
  GtkCalendar       *since_calendar;
  GtkCalendar       *until_calendar;
  GtkStack          *list_stack;
  GtkColumnView     *column_view;
  GtkColumnViewColumn *started_column;
  GtkColumnViewColumn *finished_column;
  GtkColumnViewColumn *server_column;
  GtkColumnViewColumn *type_column;
  GtkColumnViewColumn *result_column;
  GtkColumnViewColumn *new_column;
  GtkColumnViewColumn *revised_column;
  GtkColumnViewColumn *expired_column;
  GtkColumnViewColumn *diagnosis_column;
  WsdDetailsPane    *details_pane;

  /* state */
  WsdStore          *store;
  WsdKnowledgeBase  *kb;
  WsdRunListModel   *model;
  GtkSingleSelection *selection;
  GSettings         *settings;
  GCancellable      *cancellable;     /* cancelled when the window goes */
  GCancellable      *import_cancellable;
  GtkWidget         *probe_page;      /* WsdProbePage when built */

  WsdRunQuery        query;           /* strings below are owned */
  char              *query_server;
  char              *query_search;
  gint64             selected_run;    /* kept across refreshes */
  char              *status_text;
  guint              search_timeout;
  gboolean           importing;
  gboolean           exporting;
  gboolean           applying_sort;
  gboolean           syncing_entry;
};

/* wsd-window.c */
void      _wsd_window_apply_query        (WsdWindow *self);
void      _wsd_window_update_actions     (WsdWindow *self);

/* wsd-window-actions.c */
void      _wsd_window_class_actions_init (GtkWidgetClass *widget_class);
void      _wsd_window_actions_init       (WsdWindow *self);

/* wsd-window-import.c */
void      _wsd_window_import_init        (WsdWindow *self);
void      _wsd_window_open_import_chooser (WsdWindow *self, gboolean folders);
void      _wsd_window_cancel_import      (WsdWindow *self);
void      _wsd_window_export_report      (WsdWindow *self);

/* wsd-window-settings.c */
void      _wsd_window_settings_init      (WsdWindow *self);
void      _wsd_window_settings_save      (WsdWindow *self);

G_END_DECLS
