/* wsd-secret-store.c */
#include <string.h>
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
  /* values copied: the table may outlive the caller's strings */
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (table, "server", g_strdup (server ? server : ""));
  g_hash_table_insert (table, "proxy", g_strdup (proxy ? proxy : ""));
  g_hash_table_insert (table, "user", g_strdup (user ? user : ""));
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

typedef struct {
  GHashTable *attributes;
  char       *label;
  char       *password;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_hash_table_unref (data->attributes);
  g_free (data->label);
  if (data->password != NULL)
    explicit_bzero (data->password, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static void
on_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* A fresh or headless session has no default keyring, and creating one
 * means a password prompt nobody can answer: the password then goes to the
 * Secret Service's session collection, kept in memory until logout. */
static void
on_default_collection (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretCollection) collection = secret_collection_for_alias_finish (result, &error);
  const char *target = SECRET_COLLECTION_DEFAULT;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (collection == NULL)
    {
      g_debug ("no default keyring%s%s: the proxy password is kept for this session",
               error ? ": " : "", error ? error->message : "");
      target = SECRET_COLLECTION_SESSION;
    }
  secret_password_storev (proxy_password_schema (), data->attributes, target, data->label,
                          data->password, g_task_get_cancellable (task), on_stored, g_object_ref (task));
}

void
wsd_secret_store_save_async (const char *server, const char *proxy, const char *user, const char *password,
                             GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GHashTable) table = attributes (server, proxy, user);
  g_autofree char *label = g_strdup_printf (_("Proxy password of %s at %s (WSUS Sync Doctor, %s)"),
                                            user ? user : "", proxy ? proxy : "", server ? server : "");

  SaveData *data = g_new0 (SaveData, 1);

  g_task_set_source_tag (task, wsd_secret_store_save_async);
  data->attributes = g_hash_table_ref (table);
  data->label = g_strdup (label);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  secret_collection_for_alias (NULL, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE, cancellable,
                               on_default_collection, task);
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
