/* wsd-log-viewer.c: "Show in log". */
#include "wsd-config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "wsd-log-viewer.h"

/* Bytes read before and after the record's offset. */
#define CONTEXT_BYTES (48 * 1024)

struct _WsdLogViewer
{
  AdwWindow       parent_instance;
  AdwWindowTitle *window_title;
  GtkLabel       *origin_label;
  GtkTextView    *text_view;
  GCancellable   *cancellable;
  WsdEvidence    *evidence;
  GPtrArray      *run_evidence;
  gboolean        loaded;
  gboolean        from_file;
};

G_DEFINE_FINAL_TYPE (WsdLogViewer, wsd_log_viewer, ADW_TYPE_WINDOW)

typedef struct {
  char  *text;        /* UTF-8 excerpt */
  gsize  mark_start;  /* byte range of the record inside text */
  gsize  mark_end;
} Excerpt;

static void
excerpt_free (Excerpt *excerpt)
{
  g_free (excerpt->text);
  g_free (excerpt);
}

/* Reads the window of the file around the record, decoding UTF-16LE files
 * (their BOM says so) and repairing invalid UTF-8. */
static void
read_excerpt_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  const WsdEvidence *evidence = data;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (evidence->source_path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  guchar bom[3] = { 0 };
  gsize got = 0;
  gboolean utf16;
  gint64 start, record_at;
  g_autofree char *raw = NULL;
  g_autofree char *utf8 = NULL;
  Excerpt *excerpt;
  const char *mark;

  if (evidence->offset < 0 || (stream = g_file_read (file, cancellable, &error)) == NULL
      || !g_input_stream_read_all (G_INPUT_STREAM (stream), bom, sizeof bom, &got, cancellable, &error))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               error ? error->message : "no byte offset");
      return;
    }
  /* A .gz copy cannot be read at an offset: use the stored lines. */
  if (got >= 2 && bom[0] == 0x1f && bom[1] == 0x8b)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "compressed");
      return;
    }
  utf16 = got >= 2 && bom[0] == 0xff && bom[1] == 0xfe;
  start = MAX (0, evidence->offset - CONTEXT_BYTES);
  if (utf16)
    start &= ~(gint64) 1;
  if (!g_seekable_seek (G_SEEKABLE (stream), start, G_SEEK_SET, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  raw = g_malloc (2 * CONTEXT_BYTES + 2);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), raw, 2 * CONTEXT_BYTES, &got, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  record_at = evidence->offset - start;
  if (got == 0 || record_at >= (gint64) got)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the file is shorter than the record's offset");
      return;
    }

  excerpt = g_new0 (Excerpt, 1);
  if (utf16)
    {
      g_autofree char *before = g_convert (raw, record_at & ~(gint64) 1, "UTF-8", "UTF-16LE", NULL, NULL, NULL);
      utf8 = g_convert (raw, got & ~(gsize) 1, "UTF-8", "UTF-16LE", NULL, NULL, NULL);
      if (utf8 == NULL || before == NULL)
        {
          excerpt_free (excerpt);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "undecodable UTF-16");
          return;
        }
      excerpt->mark_start = strlen (before);
    }
  else
    {
      g_autofree char *before = g_utf8_make_valid (raw, record_at);
      utf8 = g_utf8_make_valid (raw, got);
      excerpt->mark_start = strlen (before);
    }
  excerpt->text = g_steal_pointer (&utf8);
  excerpt->mark_start = MIN (excerpt->mark_start, strlen (excerpt->text));

  /* The record runs to the end of its text's first line at least. */
  mark = strchr (excerpt->text + excerpt->mark_start, '\n');
  excerpt->mark_end = mark ? (gsize) (mark - excerpt->text) : strlen (excerpt->text);
  if (evidence->text != NULL && strchr (evidence->text, '\n') != NULL)
    excerpt->mark_end = MIN (strlen (excerpt->text), excerpt->mark_start + strlen (evidence->text));
  g_task_return_pointer (task, excerpt, (GDestroyNotify) excerpt_free);
}

static void
show_text (WsdLogViewer *self, const char *text, gsize mark_start, gsize mark_end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTag *tag = gtk_text_buffer_create_tag (buffer, NULL, "weight", PANGO_WEIGHT_BOLD,
                                                "paragraph-background", "rgba(53,132,228,0.18)", NULL);
  GtkTextIter start, end;
  GtkTextMark *mark;

  /* Plain text into a buffer: nothing in the log is interpreted. */
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) g_utf8_pointer_to_offset (text, text + mark_start));
  gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) g_utf8_pointer_to_offset (text, text + mark_end));
  gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
  gtk_text_buffer_place_cursor (buffer, &start);
  mark = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
  gtk_text_view_scroll_to_mark (self->text_view, mark, 0.1, TRUE, 0, 0.3);
  self->loaded = TRUE;
}

static int
compare_line (gconstpointer a, gconstpointer b)
{
  const WsdEvidence *ea = *(WsdEvidence **) a, *eb = *(WsdEvidence **) b;
  return (ea->line > eb->line) - (ea->line < eb->line);
}

static void
show_stored_lines (WsdLogViewer *self, const char *reason)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GPtrArray) same_source = g_ptr_array_new ();
  gsize mark_start = 0, mark_end = 0;
  g_autofree char *origin = g_strdup_printf (_("The original file cannot be read here (%s). "
                                               "These are the lines the history kept from it."), reason);

  for (guint i = 0; self->run_evidence != NULL && i < self->run_evidence->len; i++)
    {
      WsdEvidence *e = g_ptr_array_index (self->run_evidence, i);
      if (g_strcmp0 (e->source_path, self->evidence->source_path) == 0)
        g_ptr_array_add (same_source, e);
    }
  if (same_source->len == 0)
    g_ptr_array_add (same_source, self->evidence);
  g_ptr_array_sort (same_source, compare_line);

  for (guint i = 0; i < same_source->len; i++)
    {
      WsdEvidence *e = g_ptr_array_index (same_source, i);
      gboolean is_it = e == self->evidence
                       || (e->line == self->evidence->line && g_strcmp0 (e->text, self->evidence->text) == 0);

      if (i > 0)
        g_string_append (text, "⋮\n");
      if (is_it)
        mark_start = text->len;
      g_string_append_printf (text, "%u: %s\n", e->line, e->text != NULL ? e->text : "");
      if (is_it)
        mark_end = text->len - 1;
    }
  gtk_label_set_text (self->origin_label, origin);
  self->from_file = FALSE;
  show_text (self, text->str, mark_start, mark_end);
  g_string_free (text, TRUE);
}

static void
on_excerpt_read (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(WsdLogViewer) self = data;
  g_autoptr(GError) error = NULL;
  Excerpt *excerpt = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *origin = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (excerpt == NULL)
    {
      show_stored_lines (self, error->message);
      return;
    }
  origin = g_strdup_printf (_("%s, around line %u (read from the original file)"),
                            self->evidence->source_path, self->evidence->line);
  gtk_label_set_text (self->origin_label, origin);
  self->from_file = TRUE;
  show_text (self, excerpt->text, excerpt->mark_start, excerpt->mark_end);
  excerpt_free (excerpt);
}

static void
wsd_log_viewer_dispose (GObject *object)
{
  WsdLogViewer *self = WSD_LOG_VIEWER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->evidence, wsd_evidence_free);
  g_clear_pointer (&self->run_evidence, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), WSD_TYPE_LOG_VIEWER);
  G_OBJECT_CLASS (wsd_log_viewer_parent_class)->dispose (object);
}

static void
wsd_log_viewer_class_init (WsdLogViewerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = wsd_log_viewer_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/syncdoctor/WsusSyncDoctor/wsd-log-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, WsdLogViewer, window_title);
  gtk_widget_class_bind_template_child (widget_class, WsdLogViewer, origin_label);
  gtk_widget_class_bind_template_child (widget_class, WsdLogViewer, text_view);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wsd_log_viewer_init (WsdLogViewer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

WsdLogViewer *
wsd_log_viewer_new (GtkWindow *parent, const WsdEvidence *evidence, GPtrArray *run_evidence)
{
  WsdLogViewer *self;
  g_autoptr(GTask) task = NULL;
  g_autofree char *base = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (evidence != NULL, NULL);

  self = g_object_new (WSD_TYPE_LOG_VIEWER, "transient-for", parent, NULL);
  self->evidence = wsd_evidence_copy (evidence);
  if (run_evidence != NULL)
    self->run_evidence = g_ptr_array_ref (run_evidence);

  base = evidence->source_path ? g_path_get_basename (evidence->source_path) : g_strdup (_("Evidence"));
  subtitle = g_strdup_printf (_("Line %u"), evidence->line);
  adw_window_title_set_title (self->window_title, base);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), base);

  if (evidence->source_path == NULL)
    {
      show_stored_lines (self, _("no file is named"));
      return self;
    }
  task = g_task_new (self, self->cancellable, on_excerpt_read, g_object_ref (self));
  g_task_set_source_tag (task, wsd_log_viewer_new);
  g_task_set_task_data (task, wsd_evidence_copy (evidence), (GDestroyNotify) wsd_evidence_free);
  g_task_run_in_thread (task, read_excerpt_thread);
  return self;
}

gboolean
wsd_log_viewer_is_loaded (WsdLogViewer *self, gboolean *out_from_file)
{
  g_return_val_if_fail (WSD_IS_LOG_VIEWER (self), FALSE);
  if (out_from_file != NULL)
    *out_from_file = self->from_file;
  return self->loaded;
}

char *
wsd_log_viewer_dup_text (WsdLogViewer *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (WSD_IS_LOG_VIEWER (self), NULL);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
