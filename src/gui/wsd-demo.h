/* wsd-demo.h: the bundled demo evidence and the temporary history it is
 * imported into (the user's own history is left alone). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* $WSD_DEMO_DIR, else the source tree's data/demo in uninstalled runs,
 * else PKGDATADIR/demo. NULL when none exists. */
char      *wsd_demo_find_dir        (void);
/* Files and folders directly inside @dir, as GFile*. */
GPtrArray *wsd_demo_list_inputs     (const char *dir, GError **error);
/* A fresh path for a temporary history file, in a private temp folder
 * that wsd_demo_remove_temp_store() deletes. */
char      *wsd_demo_temp_store_path (GError **error);
void       wsd_demo_remove_temp_store (const char *path);

G_END_DECLS
