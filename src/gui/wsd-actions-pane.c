/* wsd-actions-pane.c: the console's Actions pane. */
#include "wsd-config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "wsd-actions-pane.h"

static const guint period_days[] = { 0, 7, 30, 90, 365 };

struct _WsdActionsPane
{
  GtkWidget       parent_instance;
  GtkLabel       *context_label;
  GtkDropDown    *period_dropdown;
  GtkCheckButton *redact_check;
};

G_DEFINE_FINAL_TYPE (WsdActionsPane, wsd_actions_pane, GTK_TYPE_WIDGET)

static void
wsd_actions_pane_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), WSD_TYPE_ACTIONS_PANE);
  {
    GtkWidget *child;
    /* Unnamed template children too. */
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);
  }
  G_OBJECT_CLASS (wsd_actions_pane_parent_class)->dispose (object);
}

static void
wsd_actions_pane_class_init (WsdActionsPaneClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = wsd_actions_pane_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/syncdoctor/WsusSyncDoctor/wsd-actions-pane.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "actionspane");
  gtk_widget_class_bind_template_child (widget_class, WsdActionsPane, context_label);
  gtk_widget_class_bind_template_child (widget_class, WsdActionsPane, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WsdActionsPane, redact_check);
}

static void
wsd_actions_pane_init (WsdActionsPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static gboolean
days_to_position (GValue *value, GVariant *variant, gpointer data)
{
  gint32 days = g_variant_get_int32 (variant);
  guint best = 0;

  /* The longest listed period that fits in @days. */
  for (guint i = 0; i < G_N_ELEMENTS (period_days); i++)
    if (days > 0 && (gint32) period_days[i] <= days)
      best = i;
  g_value_set_uint (value, best);
  return TRUE;
}

static GVariant *
position_to_days (const GValue *value, const GVariantType *type, gpointer data)
{
  guint position = g_value_get_uint (value);
  return g_variant_new_int32 (position < G_N_ELEMENTS (period_days) ? period_days[position] : 0);
}

void
wsd_actions_pane_bind_settings (WsdActionsPane *self, GSettings *settings)
{
  g_return_if_fail (WSD_IS_ACTIONS_PANE (self));

  g_settings_bind (settings, "export-redact", self->redact_check, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "export-period-days", self->period_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT, days_to_position, position_to_days, NULL, NULL);
}

void
wsd_actions_pane_set_context (WsdActionsPane *self, const char *context)
{
  g_return_if_fail (WSD_IS_ACTIONS_PANE (self));
  gtk_label_set_text (self->context_label, context);
}

guint
wsd_actions_pane_get_period_days (WsdActionsPane *self)
{
  guint position;

  g_return_val_if_fail (WSD_IS_ACTIONS_PANE (self), 0);
  position = gtk_drop_down_get_selected (self->period_dropdown);
  return position < G_N_ELEMENTS (period_days) ? period_days[position] : 0;
}

gboolean
wsd_actions_pane_get_redact (WsdActionsPane *self)
{
  g_return_val_if_fail (WSD_IS_ACTIONS_PANE (self), FALSE);
  return gtk_check_button_get_active (self->redact_check);
}
