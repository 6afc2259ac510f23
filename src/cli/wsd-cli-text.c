/* wsd-cli-text.c: terminal-safe text for the CLI. */
#include <stdio.h>
#include <string.h>

#include "wsd-cli-text.h"

static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* Whether @c must not reach a terminal as it is. */
static gboolean
is_unsafe (gunichar c, gboolean single_line)
{
  if (c == '\n' || c == '\t')
    return single_line;
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || is_bidi_control (c);
}

char *
wsd_cli_safe_text (const char *text, gboolean single_line)
{
  GString *out;
  const char *p, *end;

  if (text == NULL)
    return g_strdup ("");
  out = g_string_sized_new (strlen (text));
  p = text;
  end = text + strlen (text);
  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      if (!is_unsafe (c, single_line))
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c < 0x80)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_printf (out, "<U+%04X>", c);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

guint
wsd_cli_text_width (const char *text)
{
  return text != NULL ? (guint) g_utf8_strlen (text, -1) : 0;
}

char *
wsd_cli_cell (const char *text, guint width, guint max)
{
  g_autofree char *safe = wsd_cli_safe_text (text, TRUE);
  guint length = wsd_cli_text_width (safe);
  GString *cell;

  if (max > 1 && length > max)
    {
      g_autofree char *cut = g_utf8_substring (safe, 0, max - 1);
      g_free (safe);
      safe = g_strconcat (cut, "…", NULL);
      length = max;
    }
  cell = g_string_new (safe);
  for (; length < width; length++)
    g_string_append_c (cell, ' ');
  return g_string_free (cell, FALSE);
}

void
wsd_cli_print (const char *format, ...)
{
  g_autofree char *text = NULL;
  g_autofree char *safe = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  safe = wsd_cli_safe_text (text, FALSE);
  fputs (safe, stdout);
}

char *
wsd_cli_json_safe (const char *json)
{
  GString *out = g_string_sized_new (strlen (json));
  const char *p = json, *end = json + strlen (json);

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append (out, "\xEF\xBF\xBD");   /* U+FFFD */
          p++;
          continue;
        }
      if (c == 0x7F || (c >= 0x80 && c <= 0x9F) || is_bidi_control (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

void
wsd_cli_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *safe = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  safe = wsd_cli_json_safe (text);
  fputs (safe, stdout);
  fputc ('\n', stdout);
}
