/* wsd-test-util.c: helpers the unit tests share. */
#include <glib/gstdio.h>
#include <sys/wait.h>

#include "wsd-test-util.h"

void
wsd_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        wsd_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

char *
wsd_test_write_file (const char *dir,
                     const char *name,
                     const void *data,
                     gssize      len)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, data, len, NULL));
  return path;
}

GByteArray *
wsd_test_utf16le (const char *utf8,
                  gboolean    with_bom)
{
  g_autofree gunichar2 *units = g_utf8_to_utf16 (utf8, -1, NULL, NULL, NULL);
  GByteArray *bytes = g_byte_array_new ();

  if (with_bom)
    g_byte_array_append (bytes, (const guint8 *) "\xFF\xFE", 2);
  for (gsize i = 0; units[i] != 0; i++)
    {
      guint8 pair[2] = { units[i] & 0xff, units[i] >> 8 };
      g_byte_array_append (bytes, pair, 2);
    }
  return bytes;
}

void
wsd_cli_fixture_setup (WsdCliFixture *fixture,
                       gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("wsd-cli-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  fixture->database = g_build_filename (fixture->dir, "history.sqlite3", NULL);
}

void
wsd_cli_fixture_teardown (WsdCliFixture *fixture,
                          gconstpointer  data)
{
  wsd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->database);
}

void
wsd_cli_result_clear (WsdCliResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

WsdCliResult
wsd_cli_run (WsdCliFixture *fixture,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  WsdCliResult result = { 0 };
  const char *arg;
  va_list args;
  int wait_status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("WSD_CLI"));
  g_ptr_array_add (argv, "--database");
  g_ptr_array_add (argv, fixture->database);
  va_start (args, fixture);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &result.out, &result.err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result.status = WEXITSTATUS (wait_status);
  return result;
}
