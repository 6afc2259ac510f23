/* wsd-window.c: the main window: server tree, history, details, actions. */
#include "wsd-config.h"

#include <glib/gi18n.h>

#include "wsd-diagnoser.h"
#include "wsd-incidents.h"
#include "wsd-format.h"
#include "wsd-log-viewer.h"
#include "wsd-run-item.h"
#include "wsd-window-private.h"

#include "wsd-probe-page.h"

/* Days of history the timeline strip reads. */
#define TIMELINE_DAYS 180
/* Runs read around the selected one to place it in its incident. */
#define INCIDENT_WINDOW (G_GINT64_CONSTANT (3) * 3600 * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (WsdWindow, wsd_window, ADW_TYPE_APPLICATION_WINDOW)

typedef enum {
  COLUMN_STARTED,
  COLUMN_FINISHED,
  COLUMN_SERVER,
  COLUMN_TYPE,
  COLUMN_RESULT,
  COLUMN_NEW,
  COLUMN_REVISED,
  COLUMN_EXPIRED,
  COLUMN_DIAGNOSIS,
  N_COLUMNS
} Column;

static const WsdRunSort column_sorts[N_COLUMNS] = {
  WSD_RUN_SORT_STARTED, WSD_RUN_SORT_FINISHED, WSD_RUN_SORT_SERVER, WSD_RUN_SORT_TYPE,
  WSD_RUN_SORT_RESULT, WSD_RUN_SORT_NEW, WSD_RUN_SORT_REVISED, WSD_RUN_SORT_EXPIRED,
  WSD_RUN_SORT_DIAGNOSIS,
};

/* ---- cells ---------------------------------------------------------- */

/* The diagnosis cell's tooltip is its own (maybe ellipsized) text, asked
 * for only when shown: gtk_widget_set_tooltip_text() in bind would query
 * the pointer (a display round trip) for each of the up to 200 rows a
 * jump rebinds. */
static gboolean
on_diagnosis_query_tooltip (GtkWidget *cell, int x, int y, gboolean keyboard, GtkTooltip *tooltip, gpointer data)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (cell));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  Column column = GPOINTER_TO_INT (data);

  if (column == COLUMN_RESULT)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_box_append (GTK_BOX (box), gtk_image_new ());
      gtk_box_append (GTK_BOX (box), gtk_inscription_new (NULL));
      gtk_widget_set_hexpand (gtk_widget_get_last_child (box), TRUE);
      gtk_list_item_set_child (list_item, box);
    }
  else
    {
      GtkWidget *cell = gtk_inscription_new (NULL);
      if (column == COLUMN_NEW || column == COLUMN_REVISED || column == COLUMN_EXPIRED)
        {
          gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 1);
          gtk_widget_add_css_class (cell, "numeric");
        }
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      if (column == COLUMN_DIAGNOSIS)
        {
          gtk_widget_set_has_tooltip (cell, TRUE);
          g_signal_connect (cell, "query-tooltip", G_CALLBACK (on_diagnosis_query_tooltip), NULL);
        }
      gtk_list_item_set_child (list_item, cell);
    }
}

static char *
count_text (int count)
{
  return count < 0 ? g_strdup ("") : wsd_format_count (count);
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  Column column = GPOINTER_TO_INT (data);
  WsdRunItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;

  if (item == NULL)
    return;
  if (wsd_run_item_is_placeholder (item))
    {
      /* Still being read: an empty row, filled in when the list signals it. */
      if (column == COLUMN_RESULT)
        {
          gtk_image_clear (GTK_IMAGE (gtk_widget_get_first_child (child)));
          gtk_inscription_set_text (GTK_INSCRIPTION (gtk_widget_get_last_child (child)), NULL);
        }
      else
        gtk_inscription_set_text (GTK_INSCRIPTION (child), NULL);
      return;
    }

  switch (column)
    {
    case COLUMN_STARTED:  text = wsd_format_list_time (wsd_run_item_get_started (item)); break;
    case COLUMN_FINISHED: text = wsd_format_list_time (wsd_run_item_get_finished (item)); break;
    case COLUMN_SERVER:   text = g_strdup (wsd_run_item_get_server (item)); break;
    case COLUMN_TYPE:     text = g_strdup (wsd_run_type_label (wsd_run_item_get_run_type (item))); break;
    case COLUMN_NEW:      text = count_text (wsd_run_item_get_new_updates (item)); break;
    case COLUMN_REVISED:  text = count_text (wsd_run_item_get_revised_updates (item)); break;
    case COLUMN_EXPIRED:  text = count_text (wsd_run_item_get_expired_updates (item)); break;
    case COLUMN_DIAGNOSIS:
      if (wsd_run_item_get_diagnosis (item) != NULL)
        text = g_strdup (wsd_run_item_get_diagnosis (item));
      else if (wsd_run_item_get_result (item) == WSD_RESULT_FAILED && wsd_run_item_get_error (item) != NULL)
        text = g_strdup (wsd_run_item_get_error (item));
      break;
    case COLUMN_RESULT:
      {
        WsdResult result = wsd_run_item_get_result (item);
        GtkWidget *image = gtk_widget_get_first_child (child);
        GtkWidget *label = gtk_widget_get_last_child (child);

        /* Most rows show the result the reused cell showed before: setting
         * the same icon and class again would still resize and restyle it. */
        if (g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (image)), wsd_result_icon_name (result)) != 0)
          gtk_image_set_from_icon_name (GTK_IMAGE (image), wsd_result_icon_name (result));
        if (!gtk_widget_has_css_class (image, wsd_result_css_class (result)))
          gtk_widget_set_css_classes (image, (const char *[]) { wsd_result_css_class (result), NULL });
        gtk_inscription_set_text (GTK_INSCRIPTION (label), wsd_result_label (result));
        return;
      }
    case N_COLUMNS:
    default:
      break;
    }
  /* GtkInscription shows plain text: evidence-derived strings stay inert. */
  gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
  /* What the per-bind tooltip used to give assistive technologies. */
  if (column == COLUMN_DIAGNOSIS && text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else if (column == COLUMN_DIAGNOSIS)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* ---- sorting ---------------------------------------------------------- */

/* GTK 4.8 has no getter for the column view's primary sort column, so the
 * column sorters answer a probe: the first one asked is the primary
 * column, and the sign of the overall answer is the direction. */
static int probed_column = -1;

static int
probe_compare (gconstpointer a, gconstpointer b, gpointer data)
{
  if (probed_column < 0)
    probed_column = GPOINTER_TO_INT (data);
  return GTK_ORDERING_SMALLER;
}

static void
on_sorter_changed (GtkSorter *sorter, GtkSorterChange change, WsdWindow *self)
{
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;

  if (self->applying_sort)
    return;
  probed_column = -1;
  order = gtk_sorter_compare (sorter, a, b);
  if (probed_column < 0 || order == GTK_ORDERING_EQUAL)
    {
      self->query.sort = WSD_RUN_SORT_STARTED;
      self->query.descending = TRUE;
    }
  else
    {
      self->query.sort = column_sorts[probed_column];
      self->query.descending = order == GTK_ORDERING_LARGER;
    }
  _wsd_window_apply_query (self);
}

static GtkColumnViewColumn *
column_for (WsdWindow *self, Column column)
{
  GtkColumnViewColumn *columns[N_COLUMNS] = {
    self->started_column, self->finished_column, self->server_column, self->type_column,
    self->result_column, self->new_column, self->revised_column, self->expired_column,
    self->diagnosis_column,
  };
  return columns[column];
}

void
wsd_window_sort_by (WsdWindow *self, WsdRunSort sort, gboolean descending)
{
  g_return_if_fail (WSD_IS_WINDOW (self));

  for (int c = 0; c < N_COLUMNS; c++)
    if (column_sorts[c] == sort)
      {
        gtk_column_view_sort_by_column (self->column_view, column_for (self, c),
                                        descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
        return;
      }
}

static void
setup_columns (WsdWindow *self)
{
  for (int c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, GINT_TO_POINTER (c), NULL));

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (c));
      gtk_column_view_column_set_factory (column_for (self, c), factory);
      gtk_column_view_column_set_sorter (column_for (self, c), sorter);
      g_object_unref (factory);
    }
  g_signal_connect (gtk_column_view_get_sorter (self->column_view), "changed",
                    G_CALLBACK (on_sorter_changed), self);
}

/* ---- selection and details -------------------------------------------- */

static WsdServer *
get_server_quietly (WsdWindow *self, const char *name)
{
  g_autoptr(GError) error = NULL;

  if (name == NULL)
    return NULL;
  return wsd_store_get_server (self->store, name, &error);
}

static void
show_run (WsdWindow *self, gint64 run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdRun) run = wsd_store_get_run (self->store, run_id, &error);
  g_autoptr(WsdServer) server = NULL;
  g_autoptr(WsdServer) upstream = NULL;
  g_autoptr(WsdProbeResult) probe = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) neighbours = NULL;

  if (run == NULL)
    {
      wsd_details_pane_clear (self->details_pane);
      if (error != NULL)
        wsd_window_show_toast (self, error->message);
      return;
    }

  server = get_server_quietly (self, run->server);
  if (server != NULL)
    upstream = get_server_quietly (self, wsd_server_fact_string (server, "upstream_server"));
  if (run->server != NULL)
    probe = wsd_store_latest_probe_result (self->store, run->server, NULL);

  /* Retries belong to the attempt before them: place the run among its
   * server's runs of those hours. */
  if (run->server != NULL)
    {
      WsdRunQuery query;

      wsd_run_query_init (&query);
      query.server = run->server;
      query.since = run->started - INCIDENT_WINDOW;
      query.until = run->started + INCIDENT_WINDOW;
      neighbours = wsd_store_list_runs (self->store, &query, NULL);
      if (neighbours != NULL)
        {
          wsd_incidents_assign (neighbours, server);
          for (guint i = 0; i < neighbours->len; i++)
            {
              WsdRun *other = g_ptr_array_index (neighbours, i);
              if (other->id == run->id && run->incident == NULL)
                {
                  run->incident = g_strdup (other->incident);
                  run->attempt = other->attempt;
                }
            }
        }
    }

  if (self->kb != NULL)
    {
      WsdDiagnosisContext context = { run, server, upstream, neighbours, probe };
      findings = wsd_diagnose_run (self->kb, &context);
    }
  wsd_details_pane_show_run (self->details_pane, run, findings);
}

static void
on_selected_item_changed (GtkSingleSelection *selection, GParamSpec *pspec, WsdWindow *self)
{
  WsdRunItem *item = gtk_single_selection_get_selected_item (selection);

  if (item != NULL && wsd_run_item_is_placeholder (item))
    {
      /* A row still being read: the details keep what they show. */
      _wsd_window_update_actions (self);
      return;
    }
  if (item == NULL)
    {
      /* items-changed drops the selection for a moment during a refresh. */
      if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
        {
          self->selected_run = 0;
          wsd_details_pane_clear (self->details_pane);
        }
      _wsd_window_update_actions (self);
      return;
    }
  if (wsd_run_item_get_id (item) != self->selected_run || wsd_details_pane_get_run (self->details_pane) == NULL)
    {
      self->selected_run = wsd_run_item_get_id (item);
      show_run (self, self->selected_run);
    }
  _wsd_window_update_actions (self);
}

static void
scroll_to (WsdWindow *self, guint position)
{
  /* gtk_column_view_scroll_to() is 4.12; the inner list view has the action. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

static void
reselect (WsdWindow *self)
{
  guint position = G_MAXUINT;

  if (self->selected_run != 0)
    position = wsd_run_list_model_find (self->model, self->selected_run);
  if (position != G_MAXUINT)
    {
      gtk_single_selection_set_selected (self->selection, position);
      scroll_to (self, position);
    }
  else if (wsd_run_list_model_is_loading (self->model))
    {
      /* Not among the rows read so far: on_list_loaded() looks again. */
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
    }
  else
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      self->selected_run = 0;
      wsd_details_pane_clear (self->details_pane);
    }
}

/* The whole id list arrived: the run selected before the query may be
 * deeper than the rows read first. */
static void
on_list_loaded (WsdRunListModel *model, GParamSpec *pspec, WsdWindow *self)
{
  if (model != self->model || wsd_run_list_model_is_loading (model))
    return;
  if (self->selected_run != 0
      && gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    reselect (self);
  _wsd_window_update_actions (self);
}

/* ---- the at-a-glance line ---------------------------------------------- */

static void
update_glance (WsdWindow *self)
{
  WsdRunSummary summary = { 0 };
  g_autoptr(GArray) days = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *total_count = NULL;
  g_autofree char *failed_count = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *failed_text = NULL;
  g_autofree char *success_text = NULL;
  g_autoptr(GError) error = NULL;

  if (!wsd_store_summarize_runs (self->store, self->query_server, &summary, &error))
    g_debug ("summary: %s", error->message);

  total_count = wsd_format_count (summary.runs);
  failed_count = wsd_format_count (summary.failed);
  total_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s synchronization", "%s synchronizations",
                                             summary.runs), total_count);
  failed_text = g_strdup_printf (_("%s failed"), failed_count);
  if (summary.last_success != 0)
    {
      g_autofree char *ago = wsd_format_relative_time (summary.last_success, g_get_real_time ());
      success_text = g_strdup_printf (_("last success %s"), ago);
    }
  else
    success_text = g_strdup (_("no success recorded"));

  g_free (self->status_text);
  self->status_text = g_strdup_printf ("%s · %s · %s", total_text, failed_text, success_text);
  gtk_label_set_text (self->status_label, self->status_text);

  /* Local days, as the admin reads the calendar. */
  days = wsd_store_list_days (self->store, self->query_server, g_date_time_get_utc_offset (now), NULL);
  wsd_timeline_strip_set_days (self->timeline, days, TIMELINE_DAYS);
}

/* ---- pages -------------------------------------------------------------- */

static void
update_runs_title (WsdWindow *self)
{
  g_autofree char *title = self->query_server != NULL
                           ? g_strdup_printf (_("Synchronizations of %s"), self->query_server)
                           : g_strdup (_("All Synchronizations"));

  gtk_label_set_text (self->runs_title, title);
  gtk_column_view_column_set_visible (self->server_column, self->query_server == NULL);
}

static void
show_configuration (WsdWindow *self, const char *name)
{
  g_autoptr(WsdServer) server = get_server_quietly (self, name);
  g_autoptr(GPtrArray) findings = NULL;

  if (server == NULL)
    server = wsd_server_new (name);
  if (self->kb != NULL)
    {
      g_autoptr(GPtrArray) related = wsd_store_list_servers (self->store, NULL);
      findings = wsd_diagnose_server (self->kb, server, related);
    }
  wsd_config_page_set_server (self->config_page, server, findings);
}

static void
show_probes (WsdWindow *self, const char *name)
{
  if (self->probe_page == NULL)
    {
      self->probe_page = wsd_probe_page_new ();
      gtk_widget_set_vexpand (self->probe_page, TRUE);
      gtk_box_append (self->probes_box, self->probe_page);
    }
  wsd_probe_page_set_server (WSD_PROBE_PAGE (self->probe_page), self->store, name);
}

static void
on_tree_page_changed (WsdServerTree *tree, WsdWindow *self)
{
  WsdTreePage page = wsd_server_tree_get_page (tree);
  const char *server = wsd_server_tree_get_server (tree);
  const char *names[] = { "overview", "runs", "probes", "configuration" };

  if (self->model == NULL)   /* being disposed */
    return;

  if (page == WSD_TREE_PAGE_RUNS && g_strcmp0 (server, self->query_server) != 0)
    {
      g_free (self->query_server);
      self->query_server = g_strdup (server);
      self->query.server = self->query_server;
      update_runs_title (self);
      _wsd_window_apply_query (self);
      update_glance (self);
    }
  else if (page == WSD_TREE_PAGE_CONFIGURATION)
    show_configuration (self, server);
  else if (page == WSD_TREE_PAGE_PROBES)
    show_probes (self, server);

  wsd_actions_pane_set_context (self->actions_pane, server != NULL ? server : _("All servers"));
  gtk_stack_set_visible_child_name (self->page_stack, names[page]);
  _wsd_window_update_actions (self);
}

static void
on_server_activated (WsdOverviewPage *page, const char *server, WsdWindow *self)
{
  wsd_server_tree_select (self->server_tree, WSD_TREE_PAGE_RUNS, server);
}

static void
on_day_activated (WsdTimelineStrip *strip, gint64 start, gint64 end, WsdWindow *self)
{
  wsd_timeline_strip_select_day (strip, start);
  wsd_window_set_period (self, start, end);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
}

static void
on_show_evidence (WsdDetailsPane *pane, gpointer evidence, WsdWindow *self)
{
  const WsdRun *run = wsd_details_pane_get_run (pane);
  WsdLogViewer *viewer = wsd_log_viewer_new (GTK_WINDOW (self), evidence, run ? run->evidence : NULL);

  gtk_window_present (GTK_WINDOW (viewer));
}

/* ---- queries ------------------------------------------------------------ */

void
_wsd_window_apply_query (WsdWindow *self)
{
  if (self->model == NULL)
    return;
  self->query.server = self->query_server;
  self->query.search = self->query_search;
  /* With an item selected, GtkSingleSelection looks for it through every
   * new row on items-changed: a million get_item() calls. Drop the
   * selection first; reselect() puts it back by id. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  wsd_run_list_model_set_query (self->model, &self->query);
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0 ? "list" : "no-match");
  reselect (self);
  _wsd_window_update_actions (self);
}

void
wsd_window_refresh (WsdWindow *self)
{
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GArray) depths = NULL;
  g_autoptr(GError) error = NULL;
  WsdRunQuery all;
  gint64 total;
  GPtrArray *servers;

  g_return_if_fail (WSD_IS_WINDOW (self));

  summaries = wsd_server_summaries_from_store (self->store, &depths, &error);
  if (summaries == NULL)
    g_debug ("servers: %s", error->message);
  servers = g_ptr_array_new ();
  for (guint i = 0; summaries != NULL && i < summaries->len; i++)
    g_ptr_array_add (servers, ((WsdServerSummary *) g_ptr_array_index (summaries, i))->server);
  wsd_server_tree_set_servers (self->server_tree, servers);
  g_ptr_array_unref (servers);
  wsd_overview_page_update (self->overview_page, summaries, depths);

  wsd_run_query_init (&all);
  total = wsd_store_count_runs (self->store, &all, NULL);
  gtk_stack_set_visible_child_name (self->main_stack,
                                    total > 0 || (summaries != NULL && summaries->len > 0) ? "content" : "empty");

  /* The list keeps its place: same query, new rows, same selected run. */
  _wsd_window_apply_query (self);
  update_glance (self);
  if (wsd_server_tree_get_page (self->server_tree) == WSD_TREE_PAGE_CONFIGURATION)
    show_configuration (self, wsd_server_tree_get_server (self->server_tree));
}

void
_wsd_window_update_actions (WsdWindow *self)
{
  if (self->details_pane == NULL)
    return;
  gboolean has_run = wsd_details_pane_get_run (self->details_pane) != NULL;
  gboolean on_server = wsd_server_tree_get_server (self->server_tree) != NULL;
  gboolean has_history = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "content") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", !self->importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", self->importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-report", has_history && !self->exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-details", has_run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-error",
                                 has_run && wsd_details_pane_get_run (self->details_pane)->error_text != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.synchronization-check", on_server);
}

/* ---- GObject ------------------------------------------------------------ */

static void
wsd_window_dispose (GObject *object)
{
  WsdWindow *self = WSD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_handle_id (&self->search_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), WSD_TYPE_WINDOW);
  g_clear_object (&self->selection);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->kb);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->query_server, g_free);
  g_clear_pointer (&self->query_search, g_free);
  g_clear_pointer (&self->status_text, g_free);
  G_OBJECT_CLASS (wsd_window_parent_class)->dispose (object);
}

static void
wsd_window_class_init (WsdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wsd_window_dispose;

  g_type_ensure (WSD_TYPE_SERVER_TREE);
  g_type_ensure (WSD_TYPE_OVERVIEW_PAGE);
  g_type_ensure (WSD_TYPE_CONFIG_PAGE);
  g_type_ensure (WSD_TYPE_TIMELINE_STRIP);
  g_type_ensure (WSD_TYPE_DETAILS_PANE);
  g_type_ensure (WSD_TYPE_ACTIONS_PANE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/syncdoctor/WsusSyncDoctor/wsd-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, WsdWindow, name)
  BIND (toast_overlay); BIND (window_title); BIND (search_button);
  BIND (import_revealer); BIND (import_spinner); BIND (import_label); BIND (import_progress);
  BIND (main_stack); BIND (sidebar_paned); BIND (actions_paned); BIND (details_paned);
  BIND (server_tree); BIND (page_stack); BIND (overview_page); BIND (config_page); BIND (probes_box);
  BIND (actions_pane); BIND (runs_title); BIND (status_label); BIND (timeline);
  BIND (search_entry); BIND (filter_all_button); BIND (filter_failed_button); BIND (filter_succeeded_button);
  BIND (period_button); BIND (period_button_content); BIND (since_calendar); BIND (until_calendar);
  BIND (list_stack); BIND (column_view);
  BIND (started_column); BIND (finished_column); BIND (server_column); BIND (type_column);
  BIND (result_column); BIND (new_column); BIND (revised_column); BIND (expired_column);
  BIND (diagnosis_column); BIND (details_pane);
#undef BIND

  _wsd_window_class_actions_init (widget_class);
}

static void
wsd_window_init (WsdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  wsd_run_query_init (&self->query);
  self->query.sort = WSD_RUN_SORT_STARTED;
  self->query.descending = TRUE;

  setup_columns (self);
  g_signal_connect (self->server_tree, "page-changed", G_CALLBACK (on_tree_page_changed), self);
  g_signal_connect (self->overview_page, "server-activated", G_CALLBACK (on_server_activated), self);
  g_signal_connect (self->timeline, "day-activated", G_CALLBACK (on_day_activated), self);
  g_signal_connect (self->details_pane, "show-evidence", G_CALLBACK (on_show_evidence), self);

  _wsd_window_actions_init (self);
  _wsd_window_import_init (self);
  _wsd_window_settings_init (self);
}

static void
load_knowledge_base (WsdWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = NULL;

  self->kb = wsd_knowledge_base_new_default (&warnings, &error);
  if (self->kb == NULL)
    g_debug ("knowledge base: %s", error->message);
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    g_warning ("rule skipped: %s", (char *) g_ptr_array_index (warnings, i));
}

WsdWindow *
wsd_window_new (GtkApplication *application, WsdStore *store)
{
  WsdWindow *self;

  g_return_val_if_fail (WSD_IS_STORE (store), NULL);

  self = g_object_new (WSD_TYPE_WINDOW, "application", application, NULL);
  load_knowledge_base (self);
  wsd_window_set_store (self, store, NULL);
  return self;
}

WsdStore *
wsd_window_get_store (WsdWindow *self)
{
  g_return_val_if_fail (WSD_IS_WINDOW (self), NULL);
  return self->store;
}

void
wsd_window_set_store (WsdWindow *self, WsdStore *store, const char *subtitle)
{
  g_autofree char *path_subtitle = NULL;

  g_return_if_fail (WSD_IS_WINDOW (self));
  g_return_if_fail (WSD_IS_STORE (store));

  g_set_object (&self->store, store);
  g_clear_object (&self->selection);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  self->selected_run = 0;
  wsd_details_pane_clear (self->details_pane);

  self->model = wsd_run_list_model_new (store);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_list_loaded), self, 0);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected-item", G_CALLBACK (on_selected_item_changed), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  if (subtitle == NULL && wsd_store_get_path (store) != NULL)
    subtitle = path_subtitle = g_path_get_basename (wsd_store_get_path (store));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  self->applying_sort = TRUE;
  gtk_column_view_sort_by_column (self->column_view, self->started_column, GTK_SORT_DESCENDING);
  self->applying_sort = FALSE;
  wsd_window_refresh (self);
}

void
wsd_window_select_page (WsdWindow *self, WsdTreePage page, const char *server)
{
  g_return_if_fail (WSD_IS_WINDOW (self));
  wsd_server_tree_select (self->server_tree, page, server);
}

const char *
wsd_window_get_visible_page (WsdWindow *self)
{
  g_return_val_if_fail (WSD_IS_WINDOW (self), NULL);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "empty") == 0)
    return "empty";
  return gtk_stack_get_visible_child_name (self->page_stack);
}

WsdRunListModel *
wsd_window_get_run_model (WsdWindow *self)
{
  g_return_val_if_fail (WSD_IS_WINDOW (self), NULL);
  return self->model;
}

GtkSingleSelection *
wsd_window_get_selection (WsdWindow *self)
{
  g_return_val_if_fail (WSD_IS_WINDOW (self), NULL);
  return self->selection;
}

WsdDetailsPane *
wsd_window_get_details_pane (WsdWindow *self)
{
  g_return_val_if_fail (WSD_IS_WINDOW (self), NULL);
  return self->details_pane;
}

const char *
wsd_window_get_status_text (WsdWindow *self)
{
  g_return_val_if_fail (WSD_IS_WINDOW (self), NULL);
  return self->status_text;
}

void
wsd_window_show_toast (WsdWindow *self, const char *message)
{
  AdwToast *toast;

  g_return_if_fail (WSD_IS_WINDOW (self));
  /* AdwToast titles are markup: escape whatever names a file or a line. */
  {
    g_autofree char *escaped = g_markup_escape_text (message, -1);
    toast = adw_toast_new (escaped);
  }
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
