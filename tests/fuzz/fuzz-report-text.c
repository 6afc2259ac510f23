/* fuzz-report-text.c: any bytes through the report's redactor and HTML
 * escaper: never a crash, always valid UTF-8, never a markup character. */
#include <string.h>

#include "wsd-html.h"
#include "wsd-redactor.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  WsdRedactor *redactor = wsd_redactor_new ();
  GString *redacted = g_string_new (NULL);
  GString *escaped = g_string_new (NULL);
  char *url = g_strndup ((const char *) data, size);

  wsd_redactor_learn (redactor, url);
  wsd_redactor_append (redactor, redacted, (const char *) data, size);
  wsd_html_append_escaped (escaped, redacted->str, redacted->len);
  g_assert_true (g_utf8_validate (escaped->str, escaped->len, NULL));
  g_assert_null (memchr (escaped->str, '<', escaped->len));
  g_assert_null (memchr (escaped->str, '>', escaped->len));
  g_assert_null (memchr (escaped->str, '"', escaped->len));
  g_assert_null (memchr (escaped->str, '\'', escaped->len));
  if (wsd_html_url_is_safe (url))
    g_assert_true (g_ascii_strncasecmp (url, "http", 4) == 0);

  g_free (url);
  g_string_free (escaped, TRUE);
  g_string_free (redacted, TRUE);
  g_object_unref (redactor);
  return 0;
}
