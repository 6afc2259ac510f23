/* wsd-secret-store.c */
#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "wsd-secret-store.h"

static const SecretSchema *
proxy_password_schema (void)
{
  static const SecretSchema schema = {
    WSD_SECRET_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "proxy",  SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user",   SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

static GHashTable *
attributes (const char *server, const char *proxy, const char *user)
{
  GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (table, "server", (gpointer) (server ? server : ""));
  g_hash_table_insert (table, "proxy", (gpointer) (proxy ? proxy : ""));
  g_hash_table_insert (table, "user", (gpointer) (user ? user : ""));
  return table;
}

static void
on_lookup (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

void
wsd_secret_store_lookup_async (const char *server, const char *proxy, const char *user,
                               GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GHashTable) table = attributes (server, proxy, user);

  g_task_set_source_tag (task, wsd_secret_store_lookup_async);
  secret_password_lookupv (proxy_password_schema (), table, cancellable, on_lookup, task);
}

char *
wsd_secret_store_lookup_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_store (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
wsd_secret_store_save_async (const char *server, const char *proxy, const char *user, const char *password,
                             GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GHashTable) table = attributes (server, proxy, user);
  g_autofree char *label = g_strdup_printf (_("Proxy password of %s at %s (WSUS Sync Doctor, %s)"),
                                            user ? user : "", proxy ? proxy : "", server ? server : "");

  g_task_set_source_tag (task, wsd_secret_store_save_async);
  secret_password_storev (proxy_password_schema (), table, SECRET_COLLECTION_DEFAULT, label, password,
                          cancellable, on_store, task);
}

gboolean
wsd_secret_store_save_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_clear (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
wsd_secret_store_clear_async (const char *server, const char *proxy, const char *user,
                              GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GHashTable) table = attributes (server, proxy, user);

  g_task_set_source_tag (task, wsd_secret_store_clear_async);
  secret_password_clearv (proxy_password_schema (), table, cancellable, on_clear, task);
}

gboolean
wsd_secret_store_clear_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
wsd_secret_store_free_password (char *password)
{
  secret_password_free (password);   /* wipes before freeing */
}
