/* wsd-finding-card.c: one finding as a card. */
#include "wsd-config.h"

#include <glib/gi18n.h>

#include "wsd-finding-card.h"
#include "wsd-format.h"

/* Evidence records shown per card; the rest are counted. */
#define MAX_EVIDENCE 3
/* An evidence record longer than this is cut in the card (the log view shows it whole). */
#define MAX_EVIDENCE_CHARS 600

struct _WsdFindingCard
{
  GtkBox      parent_instance;
  WsdFinding *finding;
};

G_DEFINE_FINAL_TYPE (WsdFindingCard, wsd_finding_card, GTK_TYPE_BOX)

enum { SHOW_EVIDENCE, N_SIGNALS };
static guint signals[N_SIGNALS];

static GtkWidget *
plain_label (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
badge (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "badge");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

static void
on_show_evidence_clicked (GtkButton *button, WsdFindingCard *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "evidence-index"));

  if (self->finding->evidence != NULL && index < self->finding->evidence->len)
    g_signal_emit (self, signals[SHOW_EVIDENCE], 0, g_ptr_array_index (self->finding->evidence, index));
}

static char *
evidence_excerpt (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (g_utf8_strlen (stripped, -1) > MAX_EVIDENCE_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (stripped, 0, MAX_EVIDENCE_CHARS);
      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&stripped);
}

static GtkWidget *
evidence_row (WsdFindingCard *self, const WsdEvidence *evidence, guint index)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *base = evidence->source_path ? g_path_get_basename (evidence->source_path) : g_strdup (_("evidence"));
  g_autofree char *where = evidence->line > 0 ? g_strdup_printf (_("%s, line %u"), base, evidence->line)
                                              : g_strdup (base);
  g_autofree char *excerpt = evidence_excerpt (evidence->text);
  GtkWidget *source = plain_label (where, "caption");
  GtkWidget *text = plain_label (excerpt, "evidence");
  GtkWidget *show = gtk_button_new_with_label (_("Show in Log"));

  gtk_widget_add_css_class (box, "evidence-box");
  gtk_widget_add_css_class (source, "dim-label");
  gtk_widget_set_hexpand (source, TRUE);
  gtk_widget_set_tooltip_text (source, evidence->source_path);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_widget_add_css_class (text, "monospace");
  gtk_widget_add_css_class (show, "flat");
  gtk_widget_add_css_class (show, "small-button");
  gtk_widget_set_valign (show, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (show, evidence->source_path != NULL);
  g_object_set_data (G_OBJECT (show), "evidence-index", GUINT_TO_POINTER (index));
  g_signal_connect (show, "clicked", G_CALLBACK (on_show_evidence_clicked), self);

  gtk_box_append (GTK_BOX (header), source);
  gtk_box_append (GTK_BOX (header), show);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), text);
  return box;
}

static GtkWidget *
section_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  return label;
}

static void
build (WsdFindingCard *self, guint rank)
{
  const WsdFinding *f = self->finding;
  GtkBox *box = GTK_BOX (self);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name (f->kind == WSD_FINDING_CAUSE ? "dialog-warning-symbolic"
                                                  : f->kind == WSD_FINDING_CONFIG ? "emblem-system-symbolic"
                                                  : "dialog-information-symbolic");
  GtkWidget *title = plain_label (f->title != NULL ? f->title : f->rule, "title-4");
  g_autofree char *confidence = g_strdup_printf (_("%d%% confidence"), (int) (f->confidence * 100 + 0.5));
  guint n_steps = f->steps != NULL ? g_strv_length (f->steps) : 0;

  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "finding-card");
  if (rank == 0 && f->kind == WSD_FINDING_CAUSE)
    gtk_widget_add_css_class (GTK_WIDGET (self), "diagnosis");

  gtk_widget_add_css_class (icon, f->kind == WSD_FINDING_CAUSE ? "error" : "accent");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_margin_top (icon, 3);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (header), icon);
  gtk_box_append (GTK_BOX (header), title);
  if (rank == 0 && f->kind == WSD_FINDING_CAUSE)
    gtk_box_append (GTK_BOX (header), badge (_("Diagnosis"), "diagnosis-badge"));
  else
    gtk_box_append (GTK_BOX (header), badge (wsd_finding_kind_label (f->kind), NULL));
  if (f->kind == WSD_FINDING_CAUSE)
    gtk_box_append (GTK_BOX (header), badge (confidence, "confidence-badge"));
  gtk_box_append (box, header);

  if (f->summary != NULL && *f->summary != '\0')
    gtk_box_append (box, plain_label (f->summary, NULL));
  if (f->detail != NULL && *f->detail != '\0')
    gtk_box_append (box, plain_label (f->detail, "dim-label"));

  if (f->evidence != NULL && f->evidence->len > 0)
    {
      gtk_box_append (box, section_heading (_("Evidence")));
      for (guint i = 0; i < f->evidence->len && i < MAX_EVIDENCE; i++)
        gtk_box_append (box, evidence_row (self, g_ptr_array_index (f->evidence, i), i));
      if (f->evidence->len > MAX_EVIDENCE)
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more record",
                                                                "%u more records",
                                                                f->evidence->len - MAX_EVIDENCE),
                                                   f->evidence->len - MAX_EVIDENCE);
          gtk_box_append (box, plain_label (more, "dim-label"));
        }
    }

  if (n_steps > 0)
    {
      GtkWidget *grid = gtk_grid_new ();

      gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
      gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
      gtk_widget_add_css_class (grid, "steps");
      gtk_box_append (box, section_heading (_("What to do")));
      for (guint i = 0; i < n_steps; i++)
        {
          g_autofree char *number = g_strdup_printf ("%u.", i + 1);
          GtkWidget *n = gtk_label_new (number);
          GtkWidget *step = plain_label (f->steps[i], NULL);

          gtk_widget_add_css_class (n, "step-number");
          gtk_widget_set_valign (n, GTK_ALIGN_START);
          gtk_label_set_xalign (GTK_LABEL (n), 1);
          gtk_widget_set_hexpand (step, TRUE);
          gtk_label_set_selectable (GTK_LABEL (step), TRUE);
          gtk_grid_attach (GTK_GRID (grid), n, 0, i, 1, 1);
          gtk_grid_attach (GTK_GRID (grid), step, 1, i, 1, 1);
        }
      gtk_box_append (box, grid);
    }

  if (f->notes != NULL && *f->notes != '\0')
    gtk_box_append (box, plain_label (f->notes, "dim-label"));

  if (f->references != NULL && f->references[0] != NULL)
    {
      GtkWidget *links = gtk_flow_box_new ();

      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (links), GTK_SELECTION_NONE);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (links), 3);
      gtk_box_append (box, section_heading (_("References")));
      for (guint i = 0; f->references[i] != NULL; i++)
        {
          g_autoptr(GUri) uri = g_uri_parse (f->references[i], G_URI_FLAGS_NONE, NULL);
          GtkWidget *link;

          /* Only web links become buttons; anything else stays text. */
          if (uri != NULL && (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0
                              || g_strcmp0 (g_uri_get_scheme (uri), "http") == 0))
            {
              g_autofree char *label = g_strdup_printf ("%s%s", g_uri_get_host (uri), g_uri_get_path (uri));
              link = gtk_link_button_new_with_label (f->references[i], label);
              gtk_widget_set_tooltip_text (link, f->references[i]);
              gtk_widget_set_halign (link, GTK_ALIGN_START);
              if (GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (link))))
                gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (link))),
                                         PANGO_ELLIPSIZE_MIDDLE);
            }
          else
            link = plain_label (f->references[i], "dim-label");
          gtk_flow_box_append (GTK_FLOW_BOX (links), link);
        }
      gtk_box_append (box, links);
    }
}

static void
wsd_finding_card_finalize (GObject *object)
{
  g_clear_pointer (&WSD_FINDING_CARD (object)->finding, wsd_finding_free);
  G_OBJECT_CLASS (wsd_finding_card_parent_class)->finalize (object);
}

static void
wsd_finding_card_class_init (WsdFindingCardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wsd_finding_card_finalize;

  /* (WsdEvidence *) the record to show in its log */
  signals[SHOW_EVIDENCE] = g_signal_new ("show-evidence", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
wsd_finding_card_init (WsdFindingCard *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 8);
}

GtkWidget *
wsd_finding_card_new (const WsdFinding *finding, guint rank)
{
  WsdFindingCard *self;

  g_return_val_if_fail (finding != NULL, NULL);

  self = g_object_new (WSD_TYPE_FINDING_CARD, NULL);
  self->finding = wsd_finding_copy (finding);
  build (self, rank);
  return GTK_WIDGET (self);
}

const WsdFinding *
wsd_finding_card_get_finding (WsdFindingCard *self)
{
  g_return_val_if_fail (WSD_IS_FINDING_CARD (self), NULL);
  return self->finding;
}
