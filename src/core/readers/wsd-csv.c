/* wsd-csv.c: a small RFC 4180 reader with line tracking. */
#include "wsd-csv.h"

#include <string.h>
#include "wsd-types.h"

#define MAX_FIELDS 4096

static void
row_free (WsdCsvRow *row)
{
  g_strfreev (row->fields);
  g_free (row);
}

void
wsd_csv_free (WsdCsv *self)
{
  if (self == NULL)
    return;
  g_free (self->type_name);
  g_strfreev (self->header);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self);
}

/* Skips blank lines; returns the offset of the next non-blank line. */
static gsize
skip_blank_lines (const char *text, gsize len, gsize pos, guint *line)
{
  while (pos < len)
    {
      gsize p = pos;
      while (p < len && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r'))
        p++;
      if (p < len && text[p] == '\n')
        {
          pos = p + 1;
          (*line)++;
          continue;
        }
      if (p >= len)
        return len;
      break;
    }
  return pos;
}

/* The delimiter that splits the header line into most fields, counting
 * only outside quotes. */
static char
detect_delimiter (const char *line, gsize len)
{
  static const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  char best = ',';
  guint best_count = 0;

  for (gsize i = 0; i < len && line[i] != '\n'; i++)
    {
      if (line[i] == '"')
        quoted = !quoted;
      else if (!quoted)
        for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
          counts[c] += line[i] == candidates[c];
    }
  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    if (counts[c] > best_count)
      {
        best = candidates[c];
        best_count = counts[c];
      }
  return best;
}

typedef enum { ROW_OK, ROW_END, ROW_ERROR } RowStatus;

/* Reads one record starting at *pos; fields may span lines inside
 * quotes. */
static RowStatus
read_row (const char *text, gsize len, gsize *pos, guint *line, char delimiter,
          GPtrArray *fields, const char *path, GError **error)
{
  GString *field = g_string_new (NULL);
  gsize p = *pos;
  guint start_line = *line;

  if (p >= len)
    {
      g_string_free (field, TRUE);
      return ROW_END;
    }
  for (;;)
    {
      if (p < len && text[p] == '"')
        {
          guint quote_line = *line;
          p++;
          for (;;)
            {
              if (p >= len)
                {
                  wsd_reader_set_error (error, WSD_ERROR_DAMAGED, path, quote_line,
                                        "quoted field is never closed (unbalanced quotes)");
                  g_string_free (field, TRUE);
                  return ROW_ERROR;
                }
              if (text[p] == '"')
                {
                  if (p + 1 < len && text[p + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }
              if (text[p] == '\n')
                (*line)++;
              g_string_append_c (field, text[p]);
              p++;
            }
          /* Spaces may follow the closing quote; anything else means
           * the quotes do not balance. */
          while (p < len && (text[p] == ' ' || text[p] == '\t') && text[p] != delimiter)
            p++;
          if (p < len && text[p] != delimiter && text[p] != '\r' && text[p] != '\n')
            {
              wsd_reader_set_error (error, WSD_ERROR_DAMAGED, path, *line,
                                    "unexpected text after a closing quote (unbalanced quotes)");
              g_string_free (field, TRUE);
              return ROW_ERROR;
            }
        }
      else
        {
          while (p < len && text[p] != delimiter && text[p] != '\n')
            {
              if (text[p] != '\r' || (p + 1 < len && text[p + 1] != '\n'))
                g_string_append_c (field, text[p]);
              p++;
            }
        }
      if (fields->len >= MAX_FIELDS)
        {
          wsd_reader_set_error (error, WSD_ERROR_TOO_LARGE, path, start_line,
                                "more than %d fields in one row", MAX_FIELDS);
          g_string_free (field, TRUE);
          return ROW_ERROR;
        }
      g_ptr_array_add (fields, g_string_free (field, FALSE));
      field = g_string_new (NULL);
      if (p < len && text[p] == delimiter)
        {
          p++;
          continue;
        }
      while (p < len && text[p] == '\r')
        p++;
      if (p < len && text[p] == '\n')
        {
          p++;
          (*line)++;
        }
      break;
    }
  g_string_free (field, TRUE);
  *pos = p;
  return ROW_OK;
}

static gsize
skip_type_line (const char *text, gsize len, gsize pos, guint *line, char **out_type)
{
  if (pos + 5 <= len && strncmp (text + pos, "#TYPE", 5) == 0)
    {
      const char *nl = memchr (text + pos, '\n', len - pos);
      gsize end = nl != NULL ? (gsize) (nl - text) : len;
      if (out_type != NULL)
        *out_type = g_strstrip (g_strndup (text + pos + 5, end - pos - 5));
      (*line)++;
      return nl != NULL ? end + 1 : len;
    }
  return pos;
}

GStrv
wsd_csv_peek_header (const char *text, gsize len, char *out_delimiter)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  guint line = 1;
  gsize pos = skip_blank_lines (text, len, 0, &line);
  char delimiter;

  pos = skip_type_line (text, len, pos, &line, NULL);
  pos = skip_blank_lines (text, len, pos, &line);
  delimiter = detect_delimiter (text + pos, MIN (len - pos, 65536));
  /* A header is one physical line. */
  {
    const char *nl = memchr (text + pos, '\n', len - pos);
    gsize line_len = nl != NULL ? (gsize) (nl - text) - pos : len - pos;
    gsize p = 0;
    guint l = 1;
    g_autoptr(GError) error = NULL;

    if (read_row (text + pos, line_len, &p, &l, delimiter, fields, "", &error) != ROW_OK)
      return NULL;
  }
  if (fields->len < 2)
    return NULL;
  if (out_delimiter != NULL)
    *out_delimiter = delimiter;
  g_ptr_array_add (fields, NULL);
  return (GStrv) g_ptr_array_steal (fields, NULL);
}

WsdCsv *
wsd_csv_parse (const WsdReaderInput *input, GError **error)
{
  g_autoptr(WsdCsv) self = g_new0 (WsdCsv, 1);
  g_autoptr(GPtrArray) fields = NULL;
  const char *text = input->text;
  gsize len = input->text_len;
  guint line = 1;
  gsize pos;

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  pos = skip_blank_lines (text, len, 0, &line);
  pos = skip_type_line (text, len, pos, &line, &self->type_name);
  pos = skip_blank_lines (text, len, pos, &line);
  if (pos >= len)
    {
      wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, line, "no header line");
      return NULL;
    }
  self->delimiter = detect_delimiter (text + pos, MIN (len - pos, 65536));
  self->header_line = line;
  fields = g_ptr_array_new_with_free_func (g_free);
  if (read_row (text, len, &pos, &line, self->delimiter, fields, input->path, error) != ROW_OK)
    return NULL;
  g_ptr_array_add (fields, NULL);
  self->header = (GStrv) g_ptr_array_steal (fields, NULL);
  g_clear_pointer (&fields, g_ptr_array_unref);

  for (;;)
    {
      WsdCsvRow *row;
      RowStatus status;
      gsize start;
      guint start_line;

      pos = skip_blank_lines (text, len, pos, &line);
      start = pos;
      start_line = line;
      fields = g_ptr_array_new_with_free_func (g_free);
      status = read_row (text, len, &pos, &line, self->delimiter, fields, input->path, error);
      if (status == ROW_ERROR)
        return NULL;
      if (status == ROW_END)
        break;
      g_ptr_array_add (fields, NULL);
      row = g_new0 (WsdCsvRow, 1);
      row->line = start_line;
      row->offset = start;
      row->fields = (GStrv) g_ptr_array_steal (fields, NULL);
      g_clear_pointer (&fields, g_ptr_array_unref);
      g_ptr_array_add (self->rows, row);
    }
  return g_steal_pointer (&self);
}

int
wsd_csv_column (const WsdCsv *self, const char *name)
{
  for (int i = 0; self->header[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (self->header[i]), name) == 0)
      return i;
  return -1;
}

const char *
wsd_csv_field (const WsdCsvRow *row, int column)
{
  if (column < 0)
    return NULL;
  for (int i = 0; i <= column; i++)
    if (row->fields[i] == NULL)
      return NULL;
  return row->fields[column];
}
