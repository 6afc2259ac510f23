/* wsd-details-pane.c: Synchronization Details for the selected run. */
#include "wsd-config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "wsd-details-pane.h"
#include "wsd-finding-card.h"
#include "wsd-format.h"

struct _WsdDetailsPane
{
  GtkWidget  parent_instance;

  GtkStack  *stack;
  GtkWidget *scroller;
  GtkImage  *result_icon;
  GtkLabel  *title_label;
  GtkLabel  *subtitle_label;
  GtkGrid   *facts_grid;
  GtkExpander *error_expander;
  GtkLabel  *error_label;
  GtkLabel  *findings_heading;
  GtkBox    *findings_box;

  WsdRun    *run;
  char      *diagnosis_title;
  guint      n_facts;
};

G_DEFINE_FINAL_TYPE (WsdDetailsPane, wsd_details_pane, GTK_TYPE_WIDGET)

enum { SHOW_EVIDENCE, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
add_fact (WsdDetailsPane *self, const char *name, const char *value, const char *tooltip)
{
  GtkWidget *key = gtk_label_new (name);
  GtkWidget *val = gtk_label_new (NULL);
  guint row = self->n_facts / 2;
  guint col = (self->n_facts % 2) * 2;

  /* Plain text: error names and server names come from evidence. */
  gtk_label_set_text (GTK_LABEL (val), value != NULL ? value : "—");
  gtk_label_set_xalign (GTK_LABEL (key), 1);
  gtk_label_set_xalign (GTK_LABEL (val), 0);
  gtk_label_set_selectable (GTK_LABEL (val), TRUE);
  gtk_label_set_wrap (GTK_LABEL (val), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (val), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (val, TRUE);
  gtk_widget_add_css_class (key, "dim-label");
  gtk_widget_set_valign (key, GTK_ALIGN_START);
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (val, tooltip);
  gtk_grid_attach (self->facts_grid, key, col, row, 1, 1);
  gtk_grid_attach (self->facts_grid, val, col + 1, row, 1, 1);
  self->n_facts++;
}

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_GRID (parent))
        gtk_grid_remove (GTK_GRID (parent), child);
      else
        gtk_box_remove (GTK_BOX (parent), child);
    }
}

static char *
attempt_text (const WsdRun *run)
{
  if (run->incident == NULL)
    return NULL;
  switch (run->attempt)
    {
    case 0:  return g_strdup (_("First attempt"));
    case 1:  return g_strdup (_("Retry 1 of 2"));
    case 2:  return g_strdup (_("Retry 2 of 2"));
    default: return g_strdup_printf (_("Attempt %d"), run->attempt + 1);
    }
}

static void
on_show_evidence (WsdFindingCard *card, gpointer evidence, WsdDetailsPane *self)
{
  g_signal_emit (self, signals[SHOW_EVIDENCE], 0, evidence);
}

static void
copy_error (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WsdDetailsPane *self = WSD_DETAILS_PANE (widget);

  if (self->run != NULL && self->run->error_text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->run->error_text);
}

static void
wsd_details_pane_dispose (GObject *object)
{
  WsdDetailsPane *self = WSD_DETAILS_PANE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), WSD_TYPE_DETAILS_PANE);
  {
    GtkWidget *child;
    /* Unnamed template children too. */
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_pointer (&self->run, wsd_run_free);
  g_clear_pointer (&self->diagnosis_title, g_free);
  G_OBJECT_CLASS (wsd_details_pane_parent_class)->dispose (object);
}

static void
wsd_details_pane_class_init (WsdDetailsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wsd_details_pane_dispose;

  /* (WsdEvidence *) */
  signals[SHOW_EVIDENCE] = g_signal_new ("show-evidence", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/syncdoctor/WsusSyncDoctor/wsd-details-pane.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "detailspane");
  gtk_widget_class_bind_template_child (widget_class, WsdDetailsPane, stack);
  gtk_widget_class_bind_template_child (widget_class, WsdDetailsPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, WsdDetailsPane, result_icon);
  gtk_widget_class_bind_template_child (widget_class, WsdDetailsPane, title_label);
  gtk_widget_class_bind_template_child (widget_class, WsdDetailsPane, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, WsdDetailsPane, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, WsdDetailsPane, error_expander);
  gtk_widget_class_bind_template_child (widget_class, WsdDetailsPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, WsdDetailsPane, findings_heading);
  gtk_widget_class_bind_template_child (widget_class, WsdDetailsPane, findings_box);
  gtk_widget_class_install_action (widget_class, "details.copy-error", NULL, copy_error);
}

static void
wsd_details_pane_init (WsdDetailsPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.copy-error", FALSE);
}

GtkWidget *
wsd_details_pane_new (void)
{
  return g_object_new (WSD_TYPE_DETAILS_PANE, NULL);
}

void
wsd_details_pane_clear (WsdDetailsPane *self)
{
  g_return_if_fail (WSD_IS_DETAILS_PANE (self));

  g_clear_pointer (&self->run, wsd_run_free);
  g_clear_pointer (&self->diagnosis_title, g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.copy-error", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
wsd_details_pane_show_run (WsdDetailsPane *self, const WsdRun *run, GPtrArray *findings)
{
  g_autofree char *title = NULL;
  g_autofree char *started = NULL;
  g_autofree char *started_utc = NULL;
  g_autofree char *finished = NULL;
  g_autofree char *finished_utc = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *attempt = NULL;
  g_autofree char *subtitle = NULL;
  gboolean has_error_text;
  guint rank = 0;

  g_return_if_fail (WSD_IS_DETAILS_PANE (self));
  g_return_if_fail (run != NULL);

  g_clear_pointer (&self->run, wsd_run_free);
  g_clear_pointer (&self->diagnosis_title, g_free);
  self->run = wsd_run_copy (run);

  gtk_image_set_from_icon_name (self->result_icon, wsd_result_icon_name (run->result));
  for (guint i = 0; i < 5; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon),
                                 wsd_result_css_class ((WsdResult) i));
  gtk_widget_add_css_class (GTK_WIDGET (self->result_icon), wsd_result_css_class (run->result));

  switch (run->result)
    {
    case WSD_RESULT_SUCCEEDED: title = g_strdup (_("Synchronization Succeeded")); break;
    case WSD_RESULT_FAILED:    title = g_strdup (_("Synchronization Failed")); break;
    case WSD_RESULT_CANCELED:  title = g_strdup (_("Synchronization Canceled")); break;
    case WSD_RESULT_RUNNING:   title = g_strdup (_("Synchronization Running")); break;
    case WSD_RESULT_UNKNOWN:
    default:                   title = g_strdup (_("Synchronization Result Unknown")); break;
    }
  gtk_label_set_text (self->title_label, title);

  started = wsd_format_long_time (run->started);
  started_utc = wsd_format_utc_time (run->started);
  finished = wsd_format_long_time (run->finished);
  finished_utc = wsd_format_utc_time (run->finished);
  duration = wsd_format_duration (run->started, run->finished);
  attempt = attempt_text (run);
  subtitle = g_strdup_printf ("%s · %s", run->server != NULL ? run->server : _("Unnamed server"), started);
  gtk_label_set_text (self->subtitle_label, subtitle);

  remove_children (GTK_WIDGET (self->facts_grid));
  self->n_facts = 0;
  add_fact (self, _("Result"), wsd_result_label (run->result), NULL);
  add_fact (self, _("Type"), wsd_run_type_label (run->type), NULL);
  add_fact (self, _("Started"), started, started_utc);
  add_fact (self, _("Finished"), finished, run->finished != 0 ? finished_utc : NULL);
  if (duration != NULL)
    add_fact (self, _("Duration"), duration, NULL);
  if (run->error != NULL)
    add_fact (self, _("Error"), run->error, NULL);
  if (wsd_phase_label (run->phase) != NULL)
    add_fact (self, _("Phase"), wsd_phase_label (run->phase), NULL);
  if (attempt != NULL)
    add_fact (self, _("Incident"), attempt, run->incident);
  if (run->new_updates >= 0 || run->revised_updates >= 0 || run->expired_updates >= 0)
    {
      g_autofree char *counts = g_strdup_printf (_("%d new, %d revised, %d expired"),
                                                 MAX (run->new_updates, 0), MAX (run->revised_updates, 0),
                                                 MAX (run->expired_updates, 0));
      add_fact (self, _("Updates"), counts, NULL);
    }
  if (run->approximate_times)
    add_fact (self, _("Times"), _("Approximate (read without a time zone)"), NULL);
  if (run->configmgr)
    add_fact (self, _("Source"), _("Configuration Manager software update point"), NULL);

  has_error_text = run->error_text != NULL && *run->error_text != '\0';
  gtk_label_set_text (self->error_label, has_error_text ? run->error_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_expander), has_error_text);
  gtk_expander_set_expanded (self->error_expander, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.copy-error", has_error_text);

  remove_children (GTK_WIDGET (self->findings_box));
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      const WsdFinding *finding = g_ptr_array_index (findings, i);
      GtkWidget *card = wsd_finding_card_new (finding, rank++);

      if (i == 0 && finding->kind == WSD_FINDING_CAUSE)
        self->diagnosis_title = g_strdup (finding->title);
      g_signal_connect (card, "show-evidence", G_CALLBACK (on_show_evidence), self);
      gtk_box_append (self->findings_box, card);
    }
  gtk_label_set_text (self->findings_heading,
                      findings == NULL || findings->len == 0
                      ? (run->result == WSD_RESULT_FAILED ? _("No diagnosis for this synchronization")
                                                          : _("Nothing to diagnose"))
                      : run->result == WSD_RESULT_FAILED ? _("Diagnosis") : _("Notes"));

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
  gtk_stack_set_visible_child_name (self->stack, "run");
}

const WsdRun *
wsd_details_pane_get_run (WsdDetailsPane *self)
{
  g_return_val_if_fail (WSD_IS_DETAILS_PANE (self), NULL);
  return self->run;
}

const char *
wsd_details_pane_get_diagnosis_title (WsdDetailsPane *self)
{
  g_return_val_if_fail (WSD_IS_DETAILS_PANE (self), NULL);
  return self->diagnosis_title;
}

static void
collect_text (GtkWidget *widget, GString *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

char *
wsd_details_pane_dup_text (WsdDetailsPane *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (WSD_IS_DETAILS_PANE (self), NULL);
  collect_text (gtk_stack_get_visible_child (self->stack), out);
  /* A collapsed expander keeps its child out of the tree. */
  if (!gtk_expander_get_expanded (self->error_expander) && gtk_widget_get_visible (GTK_WIDGET (self->error_expander)))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (self->error_label));
  return g_string_free (out, FALSE);
}
