/* make-fixture-store: writes the window tests' fixture history to a file
 * (screenshots, trying the window by hand). */
#include "wsd-config.h"

#include <stdlib.h>

#include "wsd-gui-fixture.h"

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  guint days = argc > 2 ? (guint) atoi (argv[2]) : 45;

  if (argc < 2)
    {
      g_printerr ("usage: %s PATH [DAYS]\n", argv[0]);
      return 2;
    }
  if (!wsd_gui_fixture_make_store (argv[1], g_get_real_time (), days, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}
