/* wsd-demo.c: the bundled demo evidence and its temporary history. */
#include "wsd-config.h"

#include <glib/gstdio.h>

#include "wsd-demo.h"

char *
wsd_demo_find_dir (void)
{
  const char *env = g_getenv ("WSD_DEMO_DIR");
  g_autofree char *source = g_build_filename (SOURCE_ROOT, "data", "demo", NULL);
  g_autofree char *installed = g_build_filename (PKGDATADIR, "demo", NULL);
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  gboolean uninstalled = self_path != NULL && g_str_has_prefix (self_path, BUILD_ROOT);

  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_DIR))
    return g_strdup (env);
  /* An uninstalled run reads the source tree; an installed one its data. */
  if (uninstalled && g_file_test (source, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&source);
  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);
  if (g_file_test (source, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&source);
  return NULL;
}

static int
compare_files (gconstpointer a, gconstpointer b)
{
  g_autofree char *pa = g_file_get_path (*(GFile **) a);
  g_autofree char *pb = g_file_get_path (*(GFile **) b);
  return g_strcmp0 (pa, pb);
}

GPtrArray *
wsd_demo_list_inputs (const char *dir, GError **error)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, error);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  const char *name;

  if (handle == NULL)
    return NULL;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      /* README and the like describe the demo; they are not evidence. */
      if (g_str_has_suffix (name, ".md") || g_str_equal (name, "meson.build") || name[0] == '.')
        continue;
      g_ptr_array_add (files, g_file_new_build_filename (dir, name, NULL));
    }
  g_ptr_array_sort (files, compare_files);
  return g_steal_pointer (&files);
}

char *
wsd_demo_temp_store_path (GError **error)
{
  g_autofree char *dir = g_dir_make_tmp ("wsus-sync-doctor-demo-XXXXXX", error);

  if (dir == NULL)
    return NULL;
  return g_build_filename (dir, "demo.sqlite3", NULL);
}

void
wsd_demo_remove_temp_store (const char *path)
{
  g_autofree char *dir = NULL;
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  if (path == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
  dir = g_path_get_dirname (path);
  g_rmdir (dir);
}
