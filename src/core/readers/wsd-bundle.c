/* wsd-bundle.c: bundle.json (format "wsus-sync-doctor-bundle", version
 * 1; data/bundle-schema.json): the server's facts, its history and its
 * updates list. Members named like a password are never kept. */
#include "wsd-readers.h"

#include <string.h>
#include "wsd-bundle.h"
#include "wsd-history.h"

#define BUNDLE_FORMAT "wsus-sync-doctor-bundle"
#define BUNDLE_VERSION 1

static const char *const secret_words[] = { "password", "passwd", "pwd", "secret", "passphrase" };

gboolean
wsd_bundle_name_is_secret (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (secret_words); i++)
    if (strstr (lower, secret_words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static JsonNode *strip_secrets (JsonNode *node);

static JsonObject *
strip_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    if (!wsd_bundle_name_is_secret (l->data))
      json_object_set_member (copy, l->data, strip_secrets (json_object_get_member (object, l->data)));
  return copy;
}

/* A deep copy of @node without members named like a password. */
static JsonNode *
strip_secrets (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, strip_object (json_node_get_object (node)));
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonArray *copy = json_array_new ();
      JsonNode *result = json_node_new (JSON_NODE_ARRAY);
      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, strip_secrets (json_array_get_element (array, i)));
      json_node_take_array (result, copy);
      return result;
    }
  return json_node_copy (node);
}

static const char *
object_string (JsonObject *object, const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
object_bool (JsonObject *object, const char *name, gboolean fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

static GPtrArray *
read_updates (JsonArray *array)
{
  GPtrArray *updates = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_update_info_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      JsonNode *revision;
      WsdUpdateInfo *info;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      info = wsd_update_info_new ();
      info->update_id = g_strdup (object_string (object, "update_id"));
      revision = json_object_get_member (object, "revision");
      if (revision != NULL && JSON_NODE_HOLDS_VALUE (revision) && json_node_get_value_type (revision) == G_TYPE_INT64)
        info->revision = (int) json_node_get_int (revision);
      info->title = g_strdup (object_string (object, "title"));
      info->approved = object_bool (object, "approved", FALSE);
      info->declined = object_bool (object, "declined", FALSE);
      info->file_status = g_strdup (object_string (object, "file_status"));
      g_ptr_array_add (updates, info);
    }
  return updates;
}

WsdServer *
wsd_bundle_parse (JsonNode *root, const char *path, JsonArray **out_history, GError **error)
{
  JsonObject *object, *server_object;
  JsonNode *server_node, *version, *updates, *history, *collected;
  g_autoptr(WsdServer) server = NULL;
  const char *format, *name;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      wsd_reader_set_error (error, WSD_ERROR_DAMAGED, path, 0, "bundle.json is not a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);
  format = object_string (object, "format");
  if (format == NULL || !g_str_equal (format, BUNDLE_FORMAT))
    {
      wsd_reader_set_error (error, WSD_ERROR_UNKNOWN_FORMAT, path, 0,
                            "not a collector bundle (\"format\" is not \"%s\")", BUNDLE_FORMAT);
      return NULL;
    }
  version = json_object_get_member (object, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    {
      wsd_reader_set_error (error, WSD_ERROR_DAMAGED, path, 0, "bundle without a numeric \"version\"");
      return NULL;
    }
  if (json_node_get_int (version) != BUNDLE_VERSION)
    {
      wsd_reader_set_error (error, WSD_ERROR_DAMAGED, path, 0,
                            "bundle format version %" G_GINT64_FORMAT " is not supported (this reader knows %d)",
                            json_node_get_int (version), BUNDLE_VERSION);
      return NULL;
    }
  server_node = json_object_get_member (object, "server");
  server_object = server_node != NULL && JSON_NODE_HOLDS_OBJECT (server_node) ? json_node_get_object (server_node) : NULL;
  name = object_string (server_object, "name");
  if (name == NULL || *name == '\0')
    {
      wsd_reader_set_error (error, WSD_ERROR_DAMAGED, path, 0, "bundle without \"server\": {\"name\": …}");
      return NULL;
    }
  history = json_object_get_member (object, "history");
  if (history != NULL && !JSON_NODE_HOLDS_ARRAY (history) && !JSON_NODE_HOLDS_NULL (history))
    {
      wsd_reader_set_error (error, WSD_ERROR_DAMAGED, path, 0, "bundle \"history\" is not an array");
      return NULL;
    }

  server = wsd_server_new (name);
  server->facts = strip_object (server_object);
  server->role = wsd_server_role_from_facts (server);
  server->version = g_strdup (object_string (server_object, "wsus_version"));
  collected = json_object_get_member (object, "collected_utc");
  if (collected != NULL && JSON_NODE_HOLDS_VALUE (collected) && json_node_get_value_type (collected) == G_TYPE_STRING)
    server->collected = wsd_time_parse_iso (json_node_get_string (collected));
  updates = json_object_get_member (object, "updates");
  if (updates != NULL && JSON_NODE_HOLDS_ARRAY (updates))
    server->updates = read_updates (json_node_get_array (updates));
  if (out_history != NULL)
    *out_history = history != NULL && JSON_NODE_HOLDS_ARRAY (history) ? json_array_ref (json_node_get_array (history)) : NULL;
  return g_steal_pointer (&server);
}

gboolean
wsd_bundle_utc_offset (const WsdServer *server, gint64 *out_usec)
{
  gint64 minutes;

  if (!wsd_server_fact_int (server, "utc_offset_minutes", &minutes) || minutes < -24 * 60 || minutes > 24 * 60)
    return FALSE;
  *out_usec = minutes * 60 * G_USEC_PER_SEC;
  return TRUE;
}

gboolean
wsd_bundle_json_sniff (const WsdReaderInput *input)
{
  gsize i = 0;

  while (i < input->text_len && g_ascii_isspace (input->text[i]))
    i++;
  return i < input->text_len && input->text[i] == '{'
         && wsd_reader_input_head_contains (input, 4096, BUNDLE_FORMAT);
}

gboolean
wsd_bundle_json_read (const WsdReaderInput *input, const WsdReadContext *context,
                      WsdImportBatch *batch, GError **error)
{
  g_autoptr(WsdImportBatch) own = wsd_import_batch_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonArray) history = NULL;
  g_autoptr(GError) local_error = NULL;
  WsdServer *server;
  guint records;

  if (!json_parser_load_from_data (parser, input->text, input->text_len, &local_error))
    {
      wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, 0, "malformed JSON: %s", local_error->message);
      return FALSE;
    }
  server = wsd_bundle_parse (json_parser_get_root (parser), input->path, &history, error);
  if (server == NULL)
    return FALSE;
  g_ptr_array_add (own->servers, server);
  if (history != NULL && !wsd_history_json_rows (history, input->path, server->name, own, error))
    return FALSE;
  records = history != NULL ? json_array_get_length (history) : 0;
  g_ptr_array_add (own->sources, wsd_readers_source_new (input, "bundle-json", records));
  wsd_readers_absorb (batch, own);
  return TRUE;
}
