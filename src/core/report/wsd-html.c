/* wsd-html.c: HTML escaping that holds for hostile text. */
#include "wsd-html.h"

#include <string.h>

/* U+FFFD REPLACEMENT CHARACTER */
#define REPLACEMENT "\xef\xbf\xbd"

/* Bidirectional formatting characters: they can make text display in an
 * order other than the one it has (Trojan Source tricks). */
static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
         || c == 0x200E || c == 0x200F || c == 0x061C;
}

static void
append_valid (GString *out, const char *text, gsize len)
{
  const char *p = text;
  const char *end = text + len;
  const char *run = p;   /* start of bytes that can be copied as they are */

  while (p < end)
    {
      guchar c = (guchar) *p;
      const char *entity = NULL;

      if (c < 0x80)
        {
          switch (c)
            {
            case '&': entity = "&amp;"; break;
            case '<': entity = "&lt;"; break;
            case '>': entity = "&gt;"; break;
            case '"': entity = "&quot;"; break;
            case '\'': entity = "&#39;"; break;
            case '\t': case '\n': case '\r': break;
            default:
              if (c < 0x20 || c == 0x7f)
                entity = REPLACEMENT;
              break;
            }
          if (entity != NULL)
            {
              g_string_append_len (out, run, p - run);
              g_string_append (out, entity);
              run = p + 1;
            }
          p++;
          continue;
        }

      /* Multi-byte: only C1 controls and bidi controls need care. */
      {
        gunichar u = g_utf8_get_char (p);
        const char *next = g_utf8_next_char (p);

        if ((u >= 0x80 && u <= 0x9f) || is_bidi_control (u))
          {
            g_string_append_len (out, run, p - run);
            if (is_bidi_control (u))
              g_string_append_printf (out, "[U+%04X]", u);
            else
              g_string_append (out, REPLACEMENT);
            run = next;
          }
        p = next;
      }
    }
  g_string_append_len (out, run, end - run);
}

void
wsd_html_append_escaped (GString *out, const char *text, gssize len)
{
  const char *end = NULL;

  if (text == NULL)
    return;
  if (len < 0)
    len = strlen (text);

  /* g_utf8_validate() stops at NUL; NULs are handled by append_valid(). */
  if (g_utf8_validate_len (text, len, &end))
    {
      append_valid (out, text, len);
      return;
    }
  {
    g_autofree char *valid = g_utf8_make_valid (text, len);
    append_valid (out, valid, strlen (valid));
  }
}

char *
wsd_html_escape (const char *text, gssize len)
{
  GString *out = g_string_new (NULL);

  wsd_html_append_escaped (out, text, len);
  return g_string_free (out, FALSE);
}

gboolean
wsd_html_url_is_safe (const char *url)
{
  const char *host;

  if (url == NULL || !g_utf8_validate (url, -1, NULL))
    return FALSE;
  if (g_ascii_strncasecmp (url, "https://", 8) == 0)
    host = url + 8;
  else if (g_ascii_strncasecmp (url, "http://", 7) == 0)
    host = url + 7;
  else
    return FALSE;
  if (*host == '\0' || *host == '/' || *host == '?' || *host == '#')
    return FALSE;
  for (const char *p = url; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c <= 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '"' || c == '\''
          || c == '<' || c == '>' || c == '`' || c == '\\' || is_bidi_control (c)
          || g_unichar_isspace (c))
        return FALSE;
    }
  return TRUE;
}
