/* wsd-probe-page.c */
#include "wsd-config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "wsd-probe-page.h"
#include "wsd-probe-page-rows.h"
#include "wsd-knowledge-base.h"
#include "wsd-prober.h"
#include "wsd-probe-classifier.h"
#include "wsd-secret-store.h"

struct _WsdProbePage
{
  GtkWidget      parent_instance;

  GtkWidget     *scroller;
  GtkLabel      *title_label;
  GtkSwitch     *microsoft_update_switch;
  AdwEntryRow   *upstream_row;
  GtkWidget     *port_row;
  GtkSpinButton *port_spin;
  GtkWidget     *ssl_row;
  GtkSwitch     *ssl_switch;
  AdwExpanderRow *proxy_expander;
  AdwEntryRow   *proxy_host_row;
  GtkSpinButton *proxy_port_spin;
  AdwEntryRow   *proxy_user_row;
  AdwEntryRow   *proxy_password_row;
  GtkSwitch     *allow_basic_switch;
  GtkSpinner    *spinner;
  GtkLabel      *status_label;
  GtkBox        *results_box;
  GtkListBox    *history_list;

  WsdStore         *store;
  char             *server;
  WsdProber        *prober;
  WsdKnowledgeBase *kb;
  GCancellable     *run_cancellable;     /* the running check */
  GCancellable     *page_cancellable;    /* secret look-ups for this server */
  GPtrArray        *target_groups;       /* GtkWidget* per target of the shown result */
  WsdProbeResult   *shown;               /* what the results box shows */
  gboolean          password_pending;    /* the keyring has not answered yet */
  gboolean          run_requested;       /* Run came while it had not */
};

G_DEFINE_FINAL_TYPE (WsdProbePage, wsd_probe_page, GTK_TYPE_WIDGET)

static void
set_status (WsdProbePage *self, const char *text)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
}

static void
update_actions (WsdProbePage *self)
{
  gboolean running = self->run_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "probe.run", !running && self->server != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "probe.cancel", running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
}

static void
update_upstream_sensitivity (WsdProbePage *self)
{
  gboolean own_upstream = !gtk_switch_get_active (self->microsoft_update_switch);

  gtk_widget_set_sensitive (GTK_WIDGET (self->upstream_row), own_upstream);
  gtk_widget_set_sensitive (self->port_row, own_upstream);
  gtk_widget_set_sensitive (self->ssl_row, own_upstream);
}

static void
clear_results (WsdProbePage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_box))) != NULL)
    gtk_box_remove (self->results_box, child);
  g_ptr_array_set_size (self->target_groups, 0);
  g_clear_pointer (&self->shown, wsd_probe_result_free);
}

static const char *
rule_title (WsdProbePage *self, const char *rule)
{
  const char *title = self->kb != NULL ? wsd_knowledge_base_get_title (self->kb, rule) : NULL;

  return title != NULL ? title : wsd_probe_rule_title (rule);
}

/* Groups for @result's targets; with @steps, their steps too. */
static void
show_result (WsdProbePage *self, const WsdProbeResult *result, gboolean steps)
{
  clear_results (self);
  self->shown = wsd_probe_result_copy (result);
  if (!steps)
    for (guint i = 0; i < self->shown->targets->len; i++)
      g_ptr_array_set_size (((WsdProbeTarget *) g_ptr_array_index (self->shown->targets, i))->steps, 0);
  for (guint i = 0; i < result->targets->len; i++)
    {
      WsdProbeTarget *target = g_ptr_array_index (result->targets, i);
      GtkWidget *group = wsd_probe_target_group_new (target);

      for (guint j = 0; steps && j < target->steps->len; j++)
        {
          WsdProbeStep *step = g_ptr_array_index (target->steps, j);
          wsd_probe_target_group_add_step (group, step, step->rule ? rule_title (self, step->rule) : NULL);
        }
      g_ptr_array_add (self->target_groups, group);
      gtk_box_append (self->results_box, group);
    }
}

static void
load_history (WsdProbePage *self)
{
  g_autoptr(GPtrArray) results = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    {
      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (self->history_list, child);
      else
        break;
    }
  if (self->store == NULL || self->server == NULL)
    return;
  results = wsd_store_list_probe_results (self->store, self->server, NULL);
  /* newest first */
  for (guint i = results != NULL ? results->len : 0; i > 0; i--)
    gtk_list_box_append (self->history_list, wsd_probe_history_row_new (g_ptr_array_index (results, i - 1)));
}

static void
on_history_activated (GtkListBox *list, GtkListBoxRow *row, WsdProbePage *self)
{
  const WsdProbeResult *result = g_object_get_data (G_OBJECT (row), "wsd-probe-result");
  g_autofree char *started = NULL;
  g_autofree char *text = NULL;

  if (result == NULL || self->run_cancellable != NULL)
    return;
  show_result (self, result, TRUE);
  started = wsd_time_format_iso (result->started);
  text = g_strdup_printf (_("Showing the check of %s"), started);
  set_status (self, text);
}

static void
on_password_found (GObject *source, GAsyncResult *result, gpointer user_data)
{
  WsdProbePage *self = user_data;
  g_autoptr(GError) error = NULL;
  char *password = wsd_secret_store_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->password_pending = FALSE;
  if (error != NULL)
    g_debug ("no proxy password from the Secret Service: %s", error->message);
  else if (password != NULL && gtk_editable_get_text (GTK_EDITABLE (self->proxy_password_row))[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->proxy_password_row), password);
  wsd_secret_store_free_password (password);
  /* "Synchronization check…" right after choosing the server */
  if (self->run_requested)
    {
      self->run_requested = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "probe.run", NULL);
    }
}

static char *
dup_entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
prefill (WsdProbePage *self, const WsdServer *server)
{
  g_autoptr(WsdProbeProxy) proxy = server != NULL ? wsd_probe_proxy_from_server (server) : NULL;
  g_autofree char *login = wsd_probe_proxy_dup_login (proxy);
  const char *upstream = server != NULL ? wsd_server_fact_string (server, "upstream_server") : NULL;
  gboolean from_mu = FALSE, ssl = FALSE;
  gint64 port = 0;

  if (server != NULL)
    {
      wsd_server_fact_bool (server, "sync_from_microsoft_update", &from_mu);
      wsd_server_fact_bool (server, "upstream_use_ssl", &ssl);
      wsd_server_fact_int (server, "upstream_port", &port);
    }
  gtk_switch_set_active (self->microsoft_update_switch, from_mu || (server != NULL && upstream == NULL));
  gtk_editable_set_text (GTK_EDITABLE (self->upstream_row), upstream != NULL ? upstream : "");
  gtk_switch_set_active (self->ssl_switch, ssl);
  gtk_spin_button_set_value (self->port_spin, port > 0 && port <= 65535 ? port : (ssl ? 8531 : 8530));

  adw_expander_row_set_enable_expansion (self->proxy_expander, proxy != NULL);
  adw_expander_row_set_expanded (self->proxy_expander, proxy != NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->proxy_host_row), proxy != NULL ? proxy->host : "");
  gtk_spin_button_set_value (self->proxy_port_spin, proxy != NULL ? proxy->port : 80);
  gtk_editable_set_text (GTK_EDITABLE (self->proxy_user_row), login != NULL ? login : "");
  gtk_editable_set_text (GTK_EDITABLE (self->proxy_password_row), "");
  gtk_switch_set_active (self->allow_basic_switch, proxy != NULL && proxy->allow_basic);
  update_upstream_sensitivity (self);

  self->password_pending = proxy != NULL && login != NULL;
  self->run_requested = FALSE;
  if (self->password_pending)
    wsd_secret_store_lookup_async (self->server, proxy->host, login, self->page_cancellable,
                                   on_password_found, self);
}

void
wsd_probe_page_set_server (WsdProbePage *self, WsdStore *store, const char *server)
{
  g_autoptr(WsdServer) facts = NULL;
  g_autoptr(WsdProbeResult) latest = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (WSD_IS_PROBE_PAGE (self));

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_cancellable_cancel (self->page_cancellable);
  g_clear_object (&self->page_cancellable);
  self->page_cancellable = g_cancellable_new ();

  g_set_object (&self->store, store);
  g_free (self->server);
  self->server = g_strdup (server);
  title = g_strdup_printf (_("Synchronization Check of %s"), server != NULL ? server : "");
  gtk_label_set_text (self->title_label, title);

  if (store != NULL && server != NULL)
    {
      facts = wsd_store_get_server (store, server, NULL);
      latest = wsd_store_latest_probe_result (store, server, NULL);
    }
  prefill (self, facts);
  clear_results (self);
  set_status (self, NULL);
  if (latest != NULL)
    {
      g_autofree char *started = wsd_time_format_iso (latest->started);
      g_autofree char *text = g_strdup_printf (_("Last check: %s"), started);

      show_result (self, latest, TRUE);
      set_status (self, text);
    }
  load_history (self);
  update_actions (self);
}

const char *
wsd_probe_page_get_server (WsdProbePage *self)
{
  return self->server;
}

const WsdProbeResult *
wsd_probe_page_get_result (WsdProbePage *self)
{
  return self->shown;
}

gboolean
wsd_probe_page_is_running (WsdProbePage *self)
{
  return self->run_cancellable != NULL;
}

void
wsd_probe_page_set_step_timeout (WsdProbePage *self, gint64 timeout_ms)
{
  wsd_prober_set_step_timeout (self->prober, timeout_ms);
}

void
wsd_probe_page_set_extra_ca_file (WsdProbePage *self, const char *path)
{
  wsd_prober_set_extra_ca_file (self->prober, path);
}

/* The proxy of the form; NULL when none. The password goes to the Secret
 * Service, never anywhere else. */
static WsdProbeProxy *
form_proxy (WsdProbePage *self)
{
  g_autofree char *host = dup_entry_text (self->proxy_host_row);
  g_autofree char *user = dup_entry_text (self->proxy_user_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->proxy_password_row));
  WsdProbeProxy *proxy;

  if (!adw_expander_row_get_enable_expansion (self->proxy_expander) || host[0] == '\0')
    return NULL;
  proxy = wsd_probe_proxy_new (host, (guint16) gtk_spin_button_get_value_as_int (self->proxy_port_spin));
  proxy->allow_basic = gtk_switch_get_active (self->allow_basic_switch);
  if (user[0] != '\0')
    {
      proxy->user = g_steal_pointer (&user);
      wsd_probe_proxy_set_password (proxy, password);
    }
  return proxy;
}

static void
on_password_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!wsd_secret_store_save_finish (result, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("the proxy password could not be kept in the Secret Service: %s", error->message);
}

static void
on_step (WsdProber *prober, guint index, const WsdProbeTarget *target, const WsdProbeStep *step, gpointer user_data)
{
  WsdProbePage *self = user_data;
  WsdProbeTarget *shown;

  if (self->shown == NULL || index >= self->target_groups->len)
    return;
  wsd_probe_target_group_add_step (g_ptr_array_index (self->target_groups, index), step,
                                   step->rule ? rule_title (self, step->rule) : NULL);
  shown = g_ptr_array_index (self->shown->targets, index);
  g_ptr_array_add (shown->steps, wsd_probe_step_new (step->step, step->status));
  {
    WsdProbeStep *copy = g_ptr_array_index (shown->steps, shown->steps->len - 1);
    copy->elapsed_ms = step->elapsed_ms;
    copy->rule = g_strdup (step->rule);
    copy->detail = g_strdup (step->detail);
  }
}

/* After the next layout: the results (and the buttons above them) come
 * into view, since the form above them is taller than most windows. */
static gboolean
scroll_to_results (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  WsdProbePage *self = WSD_PROBE_PAGE (widget);
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->scroller));
  graphene_rect_t bounds;

  if (content != NULL && gtk_widget_compute_bounds (GTK_WIDGET (self->results_box), content, &bounds))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)),
                              MAX (0, bounds.origin.y - 72));
  return G_SOURCE_REMOVE;
}

static void
on_run_done (GObject *source, GAsyncResult *async_result, gpointer user_data)
{
  g_autoptr(WsdProbePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdProbeResult) result = wsd_prober_run_finish (WSD_PROBER (source), async_result, &error);

  g_clear_object (&self->run_cancellable);
  for (guint i = 0; i < self->target_groups->len; i++)
    wsd_probe_target_group_set_running (g_ptr_array_index (self->target_groups, i), FALSE);
  update_actions (self);

  if (result == NULL)
    {
      set_status (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? _("The check was canceled")
                                                                               : error->message);
      return;
    }
  if (g_strcmp0 (result->server, self->server) != 0)
    return;   /* another server is shown now */
  show_result (self, result, TRUE);
  gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_results, NULL, NULL);
  if (self->store != NULL && !wsd_store_add_probe_result (self->store, result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The result could not be kept: %s"), error->message);
      set_status (self, text);
    }
  else
    {
      g_autofree char *summary = wsd_probe_result_summary (result);
      set_status (self, summary);
    }
  load_history (self);
}

static void
run_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  WsdProbePage *self = WSD_PROBE_PAGE (widget);
  g_autoptr(WsdProbeProxy) proxy = form_proxy (self);
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(WsdProbeResult) skeleton = wsd_probe_result_new ();

  if (self->run_cancellable != NULL || self->server == NULL)
    return;
  if (self->password_pending)
    {
      self->run_requested = TRUE;
      set_status (self, _("Reading the proxy password from the keyring…"));
      return;
    }
  if (gtk_switch_get_active (self->microsoft_update_switch))
    targets = wsd_probe_targets_microsoft_update (proxy);
  else
    {
      g_autofree char *text = dup_entry_text (self->upstream_row);
      g_autofree char *host = NULL;
      guint16 port = 0;
      g_autoptr(GError) error = NULL;
      WsdProbeTargetSpec *spec;

      if (!wsd_probe_parse_host_port (text, &host, &port, &error))
        {
          set_status (self, _("Enter the upstream server's name (and the port below)"));
          gtk_widget_grab_focus (GTK_WIDGET (self->upstream_row));
          return;
        }
      spec = wsd_probe_target_spec_new (host, port != 0 ? port : (guint16) gtk_spin_button_get_value_as_int (self->port_spin),
                                        gtk_switch_get_active (self->ssl_switch), "upstream");
      spec->proxy = wsd_probe_proxy_copy (proxy);
      targets = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_probe_target_spec_free);
      g_ptr_array_add (targets, spec);
    }

  if (proxy != NULL && proxy->user != NULL && proxy->password != NULL && proxy->password[0] != '\0')
    {
      g_autofree char *login = wsd_probe_proxy_dup_login (proxy);
      wsd_secret_store_save_async (self->server, proxy->host, login, proxy->password, NULL, on_password_saved, NULL);
    }

  /* the groups first, so every step has a place to land as it arrives */
  skeleton->server = g_strdup (self->server);
  skeleton->started = g_get_real_time ();
  for (guint i = 0; i < targets->len; i++)
    {
      g_autofree char *name = wsd_probe_target_spec_dup_name (g_ptr_array_index (targets, i));
      g_ptr_array_add (skeleton->targets, wsd_probe_target_new (name, ((WsdProbeTargetSpec *) g_ptr_array_index (targets, i))->kind));
    }
  show_result (self, skeleton, FALSE);
  for (guint i = 0; i < self->target_groups->len; i++)
    wsd_probe_target_group_set_running (g_ptr_array_index (self->target_groups, i), TRUE);

  self->run_cancellable = g_cancellable_new ();
  gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_results, NULL, NULL);
  set_status (self, _("Checking, as seen from this workstation…"));
  update_actions (self);
  wsd_prober_run_async (self->prober, targets, self->server, on_step, self, NULL, self->run_cancellable,
                        on_run_done, g_object_ref (self));
}

static void
cancel_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  WsdProbePage *self = WSD_PROBE_PAGE (widget);

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
}

static void
wsd_probe_page_dispose (GObject *object)
{
  WsdProbePage *self = WSD_PROBE_PAGE (object);

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  if (self->page_cancellable != NULL)
    g_cancellable_cancel (self->page_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), WSD_TYPE_PROBE_PAGE);
  G_OBJECT_CLASS (wsd_probe_page_parent_class)->dispose (object);
}

static void
wsd_probe_page_finalize (GObject *object)
{
  WsdProbePage *self = WSD_PROBE_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->prober);
  g_clear_object (&self->kb);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->page_cancellable);
  g_clear_pointer (&self->target_groups, g_ptr_array_unref);
  g_clear_pointer (&self->shown, wsd_probe_result_free);
  g_free (self->server);
  G_OBJECT_CLASS (wsd_probe_page_parent_class)->finalize (object);
}

static void
wsd_probe_page_class_init (WsdProbePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wsd_probe_page_dispose;
  object_class->finalize = wsd_probe_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/syncdoctor/WsusSyncDoctor/wsd-probe-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, microsoft_update_switch);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, upstream_row);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, port_row);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, port_spin);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, ssl_row);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, ssl_switch);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, proxy_expander);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, proxy_host_row);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, proxy_port_spin);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, proxy_user_row);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, proxy_password_row);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, allow_basic_switch);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, results_box);
  gtk_widget_class_bind_template_child (widget_class, WsdProbePage, history_list);

  gtk_widget_class_install_action (widget_class, "probe.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "probe.cancel", NULL, cancel_action);
}

static void
wsd_probe_page_init (WsdProbePage *self)
{
  g_type_ensure (ADW_TYPE_PASSWORD_ENTRY_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->prober = wsd_prober_new ();
  self->kb = wsd_knowledge_base_new_builtin (NULL);
  self->target_groups = g_ptr_array_new ();
  self->page_cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->microsoft_update_switch, "notify::active",
                            G_CALLBACK (update_upstream_sensitivity), self);
  g_signal_connect (self->history_list, "row-activated", G_CALLBACK (on_history_activated), self);
  update_actions (self);
}

GtkWidget *
wsd_probe_page_new (void)
{
  return g_object_new (WSD_TYPE_PROBE_PAGE, NULL);
}
