/* wsd-server-tree.c: the server tree, as a navigation sidebar. */
#include "wsd-config.h"

#include <glib/gi18n.h>

#include "wsd-format.h"
#include "wsd-server.h"
#include "wsd-server-tree.h"

struct _WsdServerTree
{
  GtkWidget   parent_instance;
  GtkListBox *list;
  WsdTreePage page;
  char       *server;
  gboolean    rebuilding;
};

G_DEFINE_FINAL_TYPE (WsdServerTree, wsd_server_tree, GTK_TYPE_WIDGET)

enum { PAGE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static GtkWidget *
make_row (WsdTreePage page, const char *server, const char *icon, const char *title,
          const char *subtitle, int depth)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *image = gtk_image_new_from_icon_name (icon);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new (NULL);

  /* Server names come from evidence: plain text. */
  gtk_label_set_text (GTK_LABEL (label), title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_margin_start (box, depth * 18);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), label);
  if (subtitle != NULL)
    {
      GtkWidget *sub = gtk_label_new (subtitle);
      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (sub, "caption");
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_box_append (GTK_BOX (labels), sub);
    }
  if (depth == 0)
    gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, server != NULL && depth > 0 ? server : NULL);

  g_object_set_data (G_OBJECT (row), "page", GINT_TO_POINTER (page));
  g_object_set_data_full (G_OBJECT (row), "server", g_strdup (server), g_free);
  return row;
}

static gboolean
row_matches (GtkListBoxRow *row, WsdTreePage page, const char *server)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "page")) == (int) page
         && g_strcmp0 (g_object_get_data (G_OBJECT (row), "server"), server) == 0
         && g_object_get_data (G_OBJECT (row), "header") == NULL;
}

static void
on_row_selected (GtkListBox *list, GtkListBoxRow *row, WsdServerTree *self)
{
  WsdTreePage page;
  const char *server;

  if (row == NULL || self->rebuilding)
    return;
  page = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "page"));
  server = g_object_get_data (G_OBJECT (row), "server");
  if (page == self->page && g_strcmp0 (server, self->server) == 0)
    return;
  self->page = page;
  g_free (self->server);
  self->server = g_strdup (server);
  g_signal_emit (self, signals[PAGE_CHANGED], 0);
}

static void
wsd_server_tree_dispose (GObject *object)
{
  WsdServerTree *self = WSD_SERVER_TREE (object);

  if (self->list != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->list));
      self->list = NULL;
    }
  g_clear_pointer (&self->server, g_free);
  G_OBJECT_CLASS (wsd_server_tree_parent_class)->dispose (object);
}

static void
wsd_server_tree_class_init (WsdServerTreeClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = wsd_server_tree_dispose;
  signals[PAGE_CHANGED] = g_signal_new ("page-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "servertree");
}

static void
wsd_server_tree_init (WsdServerTree *self)
{
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Servers"), -1);
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
  g_signal_connect (self->list, "row-selected", G_CALLBACK (on_row_selected), self);
  self->page = WSD_TREE_PAGE_OVERVIEW;
  wsd_server_tree_set_servers (self, NULL);
}

GtkWidget *
wsd_server_tree_new (void)
{
  return g_object_new (WSD_TYPE_SERVER_TREE, NULL);
}

static int
compare_servers (gconstpointer a, gconstpointer b)
{
  const WsdServer *sa = *(WsdServer **) a, *sb = *(WsdServer **) b;
  return g_utf8_collate (sa->name, sb->name);
}

void
wsd_server_tree_set_servers (WsdServerTree *self, GPtrArray *servers)
{
  GtkWidget *child;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  g_return_if_fail (WSD_IS_SERVER_TREE (self));

  self->rebuilding = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  gtk_list_box_append (self->list, make_row (WSD_TREE_PAGE_OVERVIEW, NULL, "network-workgroup-symbolic",
                                             _("All Servers"), NULL, 0));
  gtk_list_box_append (self->list, make_row (WSD_TREE_PAGE_RUNS, NULL, "view-list-symbolic",
                                             _("All Synchronizations"), NULL, 1));

  for (guint i = 0; servers != NULL && i < servers->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (servers, i));
  g_ptr_array_sort (sorted, compare_servers);

  for (guint i = 0; i < sorted->len; i++)
    {
      const WsdServer *server = g_ptr_array_index (sorted, i);
      GtkWidget *header = make_row (WSD_TREE_PAGE_RUNS, server->name, "network-server-symbolic",
                                    server->name, wsd_role_label (server->role), 0);

      g_object_set_data (G_OBJECT (header), "header", GINT_TO_POINTER (1));
      gtk_widget_add_css_class (header, "server-row");
      gtk_list_box_append (self->list, header);
      gtk_list_box_append (self->list, make_row (WSD_TREE_PAGE_RUNS, server->name, "view-list-symbolic",
                                                 _("Synchronizations"), NULL, 1));
      gtk_list_box_append (self->list, make_row (WSD_TREE_PAGE_PROBES, server->name,
                                                 "network-transmit-receive-symbolic", _("Probes"), NULL, 1));
      gtk_list_box_append (self->list, make_row (WSD_TREE_PAGE_CONFIGURATION, server->name,
                                                 "emblem-system-symbolic", _("Configuration"), NULL, 1));
    }
  self->rebuilding = FALSE;

  wsd_server_tree_select (self, self->page, self->server);
  if (gtk_list_box_get_selected_row (self->list) == NULL)
    wsd_server_tree_select (self, WSD_TREE_PAGE_OVERVIEW, NULL);
}

void
wsd_server_tree_select (WsdServerTree *self, WsdTreePage page, const char *server)
{
  g_return_if_fail (WSD_IS_SERVER_TREE (self));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && row_matches (GTK_LIST_BOX_ROW (row), page, server))
      {
        gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (row));
        return;
      }
}

WsdTreePage
wsd_server_tree_get_page (WsdServerTree *self)
{
  g_return_val_if_fail (WSD_IS_SERVER_TREE (self), WSD_TREE_PAGE_OVERVIEW);
  return self->page;
}

const char *
wsd_server_tree_get_server (WsdServerTree *self)
{
  g_return_val_if_fail (WSD_IS_SERVER_TREE (self), NULL);
  return self->server;
}
