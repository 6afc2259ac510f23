/* wsd-cli-text.h: text the CLI prints, made safe for a terminal.
 *
 * Evidence, error text, server names, facts and rule text come from files
 * someone else wrote: an escape sequence in a log line must not reach the
 * admin's terminal, and bidi overrides must not reorder what is shown. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @text with C0 controls (except \n and \t), DEL, C1 controls
 * (U+0080–U+009F) and bidi overrides/isolates (U+202A–U+202E,
 * U+2066–U+2069) replaced by a visible escape ("\x1b", "<U+202E>"); bytes
 * that are not UTF-8 become "\xNN". The result is valid UTF-8. With
 * @single_line, \n, \r and \t are escaped as well (table cells). */
char *wsd_cli_safe_text   (const char *text, gboolean single_line);

/* Display width of @text (characters; the CLI's text is not East Asian). */
guint wsd_cli_text_width  (const char *text);

/* @text made safe on one line, cut to @max characters with "…" when
 * longer (@max 0 = no limit) and padded with spaces to @width. */
char *wsd_cli_cell        (const char *text, guint width, guint max);

/* g_print() of the formatted text made safe: every CLI text printer goes
 * through this. */
void  wsd_cli_print       (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Prints @root as pretty JSON. json-glib escapes C0 controls as \u00XX;
 * DEL, C1 controls and bidi overrides are escaped here too, and invalid
 * UTF-8 becomes U+FFFD, so the output is safe on a terminal. */
void  wsd_cli_print_json  (JsonNode *root);

/* Escapes DEL, C1 and bidi code points in JSON text as \uXXXX (they can
 * only be inside strings there) and replaces invalid UTF-8 by U+FFFD. */
char *wsd_cli_json_safe   (const char *json);

G_END_DECLS
