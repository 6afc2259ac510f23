/* wsd-secret-store.h: proxy passwords in the Secret Service (libsecret),
 * the only place they are kept. One secret per (server, proxy, user). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WSD_SECRET_SCHEMA_NAME "io.github.syncdoctor.WsusSyncDoctor.ProxyPassword"

/* Finishes with the password (free with wsd_secret_store_free_password())
 * or NULL when none is stored. */
void      wsd_secret_store_lookup_async  (const char          *server,
                                          const char          *proxy,
                                          const char          *user,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
char     *wsd_secret_store_lookup_finish (GAsyncResult  *result,
                                          GError       **error);

void      wsd_secret_store_save_async    (const char          *server,
                                          const char          *proxy,
                                          const char          *user,
                                          const char          *password,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  wsd_secret_store_save_finish   (GAsyncResult  *result,
                                          GError       **error);

void      wsd_secret_store_clear_async   (const char          *server,
                                          const char          *proxy,
                                          const char          *user,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  wsd_secret_store_clear_finish  (GAsyncResult  *result,
                                          GError       **error);

/* Wipes and frees a password from lookup. */
void      wsd_secret_store_free_password (char *password);

G_END_DECLS
