/* wsd-config-page.c: a server's Configuration node. */
#include "wsd-config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "wsd-config-page.h"
#include "wsd-finding-card.h"
#include "wsd-format.h"

struct _WsdConfigPage
{
  GtkWidget  parent_instance;
  GtkLabel  *title_label;
  GtkLabel  *subtitle_label;
  GtkLabel  *findings_heading;
  GtkBox    *findings_box;
  GtkBox    *facts_box;
  guint      n_facts;
};

G_DEFINE_FINAL_TYPE (WsdConfigPage, wsd_config_page, GTK_TYPE_WIDGET)

static void
wsd_config_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), WSD_TYPE_CONFIG_PAGE);
  {
    GtkWidget *child;
    /* Unnamed template children too. */
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);
  }
  G_OBJECT_CLASS (wsd_config_page_parent_class)->dispose (object);
}

static void
wsd_config_page_class_init (WsdConfigPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = wsd_config_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/syncdoctor/WsusSyncDoctor/wsd-config-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, WsdConfigPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, WsdConfigPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, WsdConfigPage, findings_heading);
  gtk_widget_class_bind_template_child (widget_class, WsdConfigPage, findings_box);
  gtk_widget_class_bind_template_child (widget_class, WsdConfigPage, facts_box);
}

static void
wsd_config_page_init (WsdConfigPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
wsd_config_page_new (void)
{
  return g_object_new (WSD_TYPE_CONFIG_PAGE, NULL);
}

static char *
node_to_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (type == G_TYPE_DOUBLE)
        return g_strdup_printf ("%g", json_node_get_double (node));
    }
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  return json_to_string (node, FALSE);
}

/* "upstream_use_ssl" → "Upstream use ssl" */
static char *
humanize (const char *key)
{
  char *text = g_strdup (key);

  for (char *p = text; *p; p++)
    if (*p == '_')
      *p = ' ';
  if (*text)
    *text = g_ascii_toupper (*text);
  return text;
}

static void
add_fact_row (WsdConfigPage *self, AdwPreferencesGroup *group, const char *key, JsonNode *node)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = humanize (key);
  g_autofree char *value = node_to_text (node);
  GtkWidget *label = gtk_label_new (NULL);

  /* Facts come from the bundle: plain text everywhere. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_text (GTK_LABEL (label), value);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);
  self->n_facts++;
}

static void
add_object_group (WsdConfigPage *self, const char *title, JsonObject *object)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autoptr(GList) members = json_object_get_members (object);
  g_autofree char *heading = humanize (title);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), heading);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          /* One level deeper ("services.BITS") flattens into "BITS: start type …". */
          JsonObject *inner = json_node_get_object (node);
          g_autoptr(GList) inner_members = json_object_get_members (inner);

          for (GList *m = inner_members; m != NULL; m = m->next)
            {
              g_autofree char *key = g_strdup_printf ("%s %s", (char *) l->data, (char *) m->data);
              add_fact_row (self, ADW_PREFERENCES_GROUP (group), key, json_object_get_member (inner, m->data));
            }
        }
      else
        add_fact_row (self, ADW_PREFERENCES_GROUP (group), l->data, node);
    }
  gtk_box_append (self->facts_box, group);
}

void
wsd_config_page_set_server (WsdConfigPage *self, const WsdServer *server, GPtrArray *findings)
{
  GtkWidget *child;

  g_return_if_fail (WSD_IS_CONFIG_PAGE (self));
  g_return_if_fail (server != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->findings_box))) != NULL)
    gtk_box_remove (self->findings_box, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->facts_box))) != NULL)
    gtk_box_remove (self->facts_box, child);
  self->n_facts = 0;

  gtk_label_set_text (self->title_label, server->name);
  if (server->facts == NULL)
    gtk_label_set_text (self->subtitle_label,
                        _("No configuration facts were imported for this server. Import a collector bundle "
                          "made by Collect-WsusSyncDiagnostics.ps1 to see its settings."));
  else
    {
      g_autofree char *collected = wsd_format_long_time (server->collected);
      g_autofree char *subtitle = g_strdup_printf (_("%s · version %s · facts collected %s"),
                                                   wsd_role_label (server->role),
                                                   server->version != NULL ? server->version : _("unknown"),
                                                   collected);
      gtk_label_set_text (self->subtitle_label, subtitle);
    }

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    gtk_box_append (self->findings_box, wsd_finding_card_new (g_ptr_array_index (findings, i), i + 1));
  gtk_widget_set_visible (GTK_WIDGET (self->findings_heading), findings != NULL && findings->len > 0);

  if (server->facts != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (server->facts);
      GtkWidget *general = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (general), _("General"));
      gtk_box_append (self->facts_box, general);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *node = json_object_get_member (server->facts, l->data);

          if (JSON_NODE_HOLDS_OBJECT (node))
            add_object_group (self, l->data, json_node_get_object (node));
          else
            add_fact_row (self, ADW_PREFERENCES_GROUP (general), l->data, node);
        }
    }
}

guint
wsd_config_page_get_n_facts (WsdConfigPage *self)
{
  g_return_val_if_fail (WSD_IS_CONFIG_PAGE (self), 0);
  return self->n_facts;
}
