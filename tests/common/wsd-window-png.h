/* wsd-window-png.h: the screenshot programs' way of writing a window to PNG. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Renders @window as it is now with its own renderer and writes @path.
 * Prints the problem and returns FALSE when the file cannot be written. */
gboolean wsd_window_save_png (GtkWindow *window, const char *path);

G_END_DECLS
