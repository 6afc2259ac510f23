/* test-gui-window.c: the whole window on a fixture history. */
#include "wsd-config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <adwaita.h>

#include "wsd-gui-fixture.h"
#include "wsd-run-item.h"
#include "wsd-window.h"

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  return g_test_run ();
}
