/* wsd-overview-page.c: "All servers". */
#include "wsd-config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "wsd-format.h"
#include "wsd-overview-page.h"

struct _WsdOverviewPage
{
  GtkWidget   parent_instance;
  GtkLabel   *summary_label;
  GtkListBox *hierarchy_list;
  guint       n_servers;
};

G_DEFINE_FINAL_TYPE (WsdOverviewPage, wsd_overview_page, GTK_TYPE_WIDGET)

enum { SERVER_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

void
wsd_server_summary_free (WsdServerSummary *summary)
{
  if (summary == NULL)
    return;
  wsd_server_free (summary->server);
  g_free (summary->upstream);
  g_free (summary);
}


static WsdServerSummary *
summarize (WsdStore *store, WsdServer *server, GError **error)
{
  WsdServerSummary *summary = g_new0 (WsdServerSummary, 1);
  WsdRunSummary runs = { 0 };

  summary->server = server;
  summary->upstream = g_strdup (wsd_server_fact_string (server, "upstream_server"));
  if (!wsd_store_summarize_runs (store, server->name, &runs, error))
    {
      wsd_server_summary_free (summary);
      return NULL;
    }
  summary->runs = runs.runs;
  summary->last_run = runs.last_run;
  summary->last_result = runs.last_result;
  summary->last_success = runs.last_success;
  summary->streak = runs.failure_streak;
  return summary;
}


static void
add_subtree (GPtrArray *all, GPtrArray *out, GArray *depths, WsdServerSummary *node, int depth, guint budget)
{
  g_ptr_array_add (out, node);
  g_array_append_val (depths, depth);
  if (budget == 0)
    return;
  for (guint i = 0; i < all->len; i++)
    {
      WsdServerSummary *child = g_ptr_array_index (all, i);

      if (child != node && child->upstream != NULL
          && g_ascii_strcasecmp (child->upstream, node->server->name) == 0
          && !g_ptr_array_find (out, child, NULL))
        add_subtree (all, out, depths, child, depth + 1, budget - 1);
    }
}

static gboolean
has_known_upstream (GPtrArray *all, WsdServerSummary *summary)
{
  if (summary->upstream == NULL)
    return FALSE;
  for (guint i = 0; i < all->len; i++)
    {
      WsdServerSummary *other = g_ptr_array_index (all, i);
      if (other != summary && g_ascii_strcasecmp (other->server->name, summary->upstream) == 0)
        return TRUE;
    }
  return FALSE;
}

GPtrArray *
wsd_server_summaries_from_store (WsdStore *store, GArray **out_depths, GError **error)
{
  g_autoptr(GPtrArray) servers = wsd_store_list_servers (store, error);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) ordered = NULL;
  g_autoptr(GArray) depths = g_array_new (FALSE, FALSE, sizeof (int));

  if (servers == NULL)
    return NULL;
  all = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_server_summary_free);
  for (guint i = 0; i < servers->len; i++)
    {
      WsdServer *server = wsd_server_copy (g_ptr_array_index (servers, i));
      WsdServerSummary *summary = summarize (store, server, error);

      if (summary == NULL)   /* it took @server with it */
        return NULL;
      g_ptr_array_add (all, summary);
    }

  /* Roots: servers whose upstream is not imported (or Microsoft Update). */
  ordered = g_ptr_array_new ();
  for (guint i = 0; i < all->len; i++)
    if (!has_known_upstream (all, g_ptr_array_index (all, i)))
      add_subtree (all, ordered, depths, g_ptr_array_index (all, i), 0, 8);
  for (guint i = 0; i < all->len; i++)   /* cycles: list what is left */
    if (!g_ptr_array_find (ordered, g_ptr_array_index (all, i), NULL))
      add_subtree (all, ordered, depths, g_ptr_array_index (all, i), 0, 0);

  /* Hand over ownership in hierarchy order. */
  g_ptr_array_set_free_func (all, NULL);
  g_ptr_array_set_free_func (ordered, (GDestroyNotify) wsd_server_summary_free);
  if (out_depths != NULL)
    *out_depths = g_steal_pointer (&depths);
  return g_steal_pointer (&ordered);
}

static void
on_row_activated (GtkListBox *list, GtkListBoxRow *row, WsdOverviewPage *self)
{
  const char *name = g_object_get_data (G_OBJECT (row), "server");

  if (name != NULL)
    g_signal_emit (self, signals[SERVER_ACTIVATED], 0, name);
}

static void
wsd_overview_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), WSD_TYPE_OVERVIEW_PAGE);
  {
    GtkWidget *child;
    /* Unnamed template children too. */
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);
  }
  G_OBJECT_CLASS (wsd_overview_page_parent_class)->dispose (object);
}

static void
wsd_overview_page_class_init (WsdOverviewPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = wsd_overview_page_dispose;
  signals[SERVER_ACTIVATED] = g_signal_new ("server-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/syncdoctor/WsusSyncDoctor/wsd-overview-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, WsdOverviewPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, WsdOverviewPage, hierarchy_list);
}

static void
wsd_overview_page_init (WsdOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->hierarchy_list, "row-activated", G_CALLBACK (on_row_activated), self);
}

GtkWidget *
wsd_overview_page_new (void)
{
  return g_object_new (WSD_TYPE_OVERVIEW_PAGE, NULL);
}

static GtkWidget *
status_badge (const WsdServerSummary *s)
{
  g_autofree char *text = NULL;
  GtkWidget *label;
  const char *css;

  if (s->runs == 0)
    {
      text = g_strdup (_("No history"));
      css = "dim-label";
    }
  else if (s->streak > 0)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d failure in a row", "%d failures in a row",
                                           s->streak), (int) s->streak);
      css = "error";
    }
  else if (s->last_result == WSD_RESULT_SUCCEEDED)
    {
      text = g_strdup (_("Healthy"));
      css = "success";
    }
  else
    {
      text = g_strdup (wsd_result_label (s->last_result));
      css = "warning";
    }
  label = gtk_label_new (text);
  gtk_widget_add_css_class (label, "badge");
  gtk_widget_add_css_class (label, css);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

void
wsd_overview_page_update (WsdOverviewPage *self, GPtrArray *summaries, GArray *depths)
{
  GtkWidget *child;
  gint64 now = g_get_real_time ();
  guint failing = 0;
  g_autofree char *summary = NULL;

  g_return_if_fail (WSD_IS_OVERVIEW_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->hierarchy_list))) != NULL)
    gtk_list_box_remove (self->hierarchy_list, child);

  self->n_servers = summaries != NULL ? summaries->len : 0;
  for (guint i = 0; i < self->n_servers; i++)
    {
      const WsdServerSummary *s = g_ptr_array_index (summaries, i);
      int depth = depths != NULL && i < depths->len ? g_array_index (depths, int, i) : 0;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (depth == 0 ? "network-server-symbolic"
                                                                 : "mail-forward-symbolic");
      g_autofree char *last_success = wsd_format_relative_time (s->last_success, now);
      g_autofree char *role = NULL;
      g_autofree char *subtitle = NULL;

      if (s->streak > 0)
        failing++;
      if (s->upstream != NULL)
        role = g_strdup_printf (_("%s of %s"), wsd_role_label (s->server->role), s->upstream);
      else
        role = g_strdup (wsd_role_label (s->server->role));
      subtitle = g_strdup_printf (_("%s · last success %s"), role, last_success);

      /* Names come from evidence: AdwActionRow titles are markup, so escape. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->server->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), status_badge (s));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_margin_start (icon, depth * 24);
      g_object_set_data_full (G_OBJECT (row), "server", g_strdup (s->server->name), g_free);
      gtk_list_box_append (self->hierarchy_list, row);
    }

  if (self->n_servers == 0)
    summary = g_strdup (_("No server has been imported yet."));
  else if (failing == 0)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u server, all synchronizing.",
                                            "%u servers, all synchronizing.", self->n_servers),
                               self->n_servers);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u server, %u failing since its last success.",
                                            "%u servers, %u failing since their last success.",
                                            self->n_servers),
                               self->n_servers, failing);
  gtk_label_set_text (self->summary_label, summary);
}

guint
wsd_overview_page_get_n_servers (WsdOverviewPage *self)
{
  g_return_val_if_fail (WSD_IS_OVERVIEW_PAGE (self), 0);
  return self->n_servers;
}
