/* wsd-html.h: HTML escaping that holds for hostile text. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @text (@len bytes, -1 = NUL-terminated) escaped for both HTML
 * text and double-quoted attribute values: & < > " ' become references,
 * invalid UTF-8 becomes U+FFFD, NUL and other control characters (but tab,
 * CR, LF) become U+FFFD, and invisible bidirectional controls (RTL
 * override…) are shown as a visible "[U+202E]" so they cannot reorder what
 * the reader sees. */
void     wsd_html_append_escaped (GString *out, const char *text, gssize len);

/* An escaped copy (convenience for tests and small strings). */
char    *wsd_html_escape         (const char *text, gssize len);

/* TRUE when @url may become an href: an absolute http:// or https:// URL
 * with a host and no whitespace, quotes, angle brackets or control
 * characters. Anything else is shown as text only. */
gboolean wsd_html_url_is_safe    (const char *url);

G_END_DECLS
