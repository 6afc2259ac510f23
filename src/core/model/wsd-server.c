/* wsd-server.c */
#include "wsd-server.h"

WsdUpdateInfo *
wsd_update_info_new (void)
{
  WsdUpdateInfo *self = g_new0 (WsdUpdateInfo, 1);
  self->revision = -1;
  return self;
}

void
wsd_update_info_free (WsdUpdateInfo *self)
{
  if (self == NULL)
    return;
  g_free (self->update_id);
  g_free (self->title);
  g_free (self->file_status);
  g_free (self);
}

static WsdUpdateInfo *
update_info_copy (const WsdUpdateInfo *other, gpointer unused)
{
  WsdUpdateInfo *self = wsd_update_info_new ();
  self->update_id = g_strdup (other->update_id);
  self->revision = other->revision;
  self->title = g_strdup (other->title);
  self->approved = other->approved;
  self->declined = other->declined;
  self->file_status = g_strdup (other->file_status);
  return self;
}

WsdServer *
wsd_server_new (const char *name)
{
  WsdServer *self = g_new0 (WsdServer, 1);
  self->name = g_strdup (name);
  return self;
}

WsdServer *
wsd_server_copy (const WsdServer *other)
{
  WsdServer *self = wsd_server_new (other->name);

  self->id = other->id;
  self->role = other->role;
  self->version = g_strdup (other->version);
  self->collected = other->collected;
  if (other->facts != NULL)
    self->facts = json_object_ref (other->facts);
  if (other->updates != NULL)
    self->updates = g_ptr_array_copy (other->updates, (GCopyFunc) update_info_copy, NULL);
  if (self->updates != NULL)
    g_ptr_array_set_free_func (self->updates, (GDestroyNotify) wsd_update_info_free);
  return self;
}

void
wsd_server_free (WsdServer *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->version);
  g_clear_pointer (&self->facts, json_object_unref);
  g_clear_pointer (&self->updates, g_ptr_array_unref);
  g_free (self);
}

JsonNode *
wsd_server_fact_node (const WsdServer *self, const char *path)
{
  g_auto(GStrv) parts = NULL;
  JsonObject *object;
  JsonNode *node = NULL;

  if (self == NULL || self->facts == NULL || path == NULL)
    return NULL;

  parts = g_strsplit (path, ".", -1);
  object = self->facts;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL || !json_object_has_member (object, parts[i]))
        return NULL;
      node = json_object_get_member (object, parts[i]);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node;
}

const char *
wsd_server_fact_string (const WsdServer *self, const char *path)
{
  JsonNode *node = wsd_server_fact_node (self, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
wsd_server_fact_bool (const WsdServer *self, const char *path, gboolean *out_value)
{
  JsonNode *node = wsd_server_fact_node (self, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  if (out_value != NULL)
    *out_value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
wsd_server_fact_int (const WsdServer *self, const char *path, gint64 *out_value)
{
  JsonNode *node = wsd_server_fact_node (self, path);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  if (out_value != NULL)
    *out_value = type == G_TYPE_INT64 ? json_node_get_int (node) : (gint64) json_node_get_double (node);
  return TRUE;
}

WsdRole
wsd_server_role_from_facts (const WsdServer *self)
{
  gboolean value = FALSE;
  const char *upstream;

  if (wsd_server_fact_bool (self, "replica", &value) && value)
    return WSD_ROLE_REPLICA;
  upstream = wsd_server_fact_string (self, "upstream_server");
  if (wsd_server_fact_bool (self, "sync_from_microsoft_update", &value))
    {
      if (value)
        return WSD_ROLE_UPSTREAM;
      if (upstream != NULL && *upstream != '\0')
        return WSD_ROLE_DOWNSTREAM;
    }
  if (upstream != NULL && *upstream != '\0')
    return WSD_ROLE_DOWNSTREAM;
  return WSD_ROLE_UNKNOWN;
}
