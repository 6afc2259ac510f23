/* wsd-history-json.c: sync history as JSON: the bundle's `history`
 * array, {"history": […]}, and ConvertTo-Json from PowerShell 5.1
 * ("\/Date(ms)\/", enums as integers) and 7 (ISO dates, names or
 * integers). */
#include "wsd-readers.h"

#include <string.h>
#include "wsd-culture-date.h"
#include "wsd-history.h"
#include "wsd-sync-enums.h"

/* Member @names[i] of @object in any letter case. */
static JsonNode *
member (JsonObject *object, const char *const *names)
{
  g_autoptr(GList) list = json_object_get_members (object);

  for (guint i = 0; names[i] != NULL; i++)
    for (GList *l = list; l != NULL; l = l->next)
      if (g_ascii_strcasecmp (l->data, names[i]) == 0)
        return json_object_get_member (object, l->data);
  return NULL;
}

/* Scalar as text: strings as they are, numbers and booleans printed. */
static char *
scalar_text (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    return g_strdup_printf ("%.0f", json_node_get_double (node));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "True" : "False");
  return NULL;
}

/* A DateTime as either PowerShell writes it; PowerShell 5.1 writes an
 * object {"value": "/Date()/", "DateTime": "…"} for dates with extra
 * members. Dates without a zone are the API's UTC. */
static gint64
parse_date (JsonNode *node)
{
  g_autofree char *text = NULL;
  WsdCultureDate date;
  gint64 value;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      static const char *const value_names[] = { "value", NULL };
      node = member (json_node_get_object (node), value_names);
    }
  text = scalar_text (node);
  if (text == NULL || *text == '\0')
    return 0;
  if ((value = wsd_history_parse_ms_date (text)) != 0)
    return value;
  if (wsd_culture_date_split (text, &date))
    return wsd_culture_date_to_utc (&date, date.separator != '/', 0);
  return 0;
}

static WsdUpdateError *
parse_update_error (JsonObject *object)
{
  static const char *const id_names[] = { "update_id", "UpdateId", NULL };
  static const char *const rev_names[] = { "revision", "RevisionNumber", NULL };
  static const char *const error_names[] = { "error", NULL };
  static const char *const text_names[] = { "error_text", "ErrorText", NULL };
  WsdUpdateError *ue = wsd_update_error_new ();
  JsonNode *id = member (object, id_names);
  JsonNode *rev = member (object, rev_names);
  g_autofree char *error_value = scalar_text (member (object, error_names));

  /* UpdateId is an UpdateRevisionId object at enough -Depth. */
  if (id != NULL && JSON_NODE_HOLDS_OBJECT (id))
    {
      JsonObject *rid = json_node_get_object (id);
      if (rev == NULL)
        rev = member (rid, rev_names);
      id = member (rid, id_names);
    }
  ue->update_id = scalar_text (id);
  if (rev != NULL && JSON_NODE_HOLDS_VALUE (rev) && json_node_get_value_type (rev) == G_TYPE_INT64)
    ue->revision = (int) json_node_get_int (rev);
  ue->error = wsd_sync_update_error_normalize (error_value);
  ue->error_text = scalar_text (member (object, text_names));
  return ue;
}

gboolean
wsd_history_json_rows (JsonArray *rows, const char *path, const char *server,
                       WsdImportBatch *batch, GError **error)
{
  static const char *const id_names[] = { "id", NULL };
  static const char *const start_names[] = { "start_utc", "StartTime", "StartUtc", NULL };
  static const char *const end_names[] = { "end_utc", "EndTime", "EndUtc", NULL };
  static const char *const manual_names[] = { "started_manually", "StartedManually", NULL };
  static const char *const result_names[] = { "result", NULL };
  static const char *const error_names[] = { "error", NULL };
  static const char *const text_names[] = { "error_text", "ErrorText", NULL };
  static const char *const ue_names[] = { "update_errors", "UpdateErrors", NULL };

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      JsonObject *object;
      JsonNode *ues;
      WsdHistoryRow row;
      g_autofree char *result = NULL;
      g_autofree char *error_value = NULL;
      g_autofree char *manual = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          wsd_reader_set_error (error, WSD_ERROR_DAMAGED, path, 0,
                                "history row %u is not an object", i + 1);
          return FALSE;
        }
      object = json_node_get_object (node);
      wsd_history_row_init (&row);
      row.started = parse_date (member (object, start_names));
      if (row.started == 0)
        {
          wsd_reader_set_error (error, WSD_ERROR_DAMAGED, path, 0,
                                "history row %u has no readable start time", i + 1);
          wsd_history_row_clear (&row);
          return FALSE;
        }
      row.finished = parse_date (member (object, end_names));
      row.id = scalar_text (member (object, id_names));
      manual = scalar_text (member (object, manual_names));
      row.started_manually = wsd_history_parse_bool (manual);
      result = scalar_text (member (object, result_names));
      row.have_result = result != NULL && wsd_sync_result_parse (result, &row.result);
      error_value = scalar_text (member (object, error_names));
      row.error = wsd_sync_error_normalize (error_value);
      row.error_text = scalar_text (member (object, text_names));
      ues = member (object, ue_names);
      if (ues != NULL && JSON_NODE_HOLDS_ARRAY (ues))
        {
          JsonArray *list = json_node_get_array (ues);
          for (guint k = 0; k < json_array_get_length (list); k++)
            {
              JsonNode *ue = json_array_get_element (list, k);
              /* -Depth truncation leaves type-name strings: nothing to read. */
              if (JSON_NODE_HOLDS_OBJECT (ue))
                g_ptr_array_add (row.update_errors, parse_update_error (json_node_get_object (ue)));
            }
        }
      g_ptr_array_add (batch->runs, wsd_history_row_to_run (&row, server, path, 0, -1));
      wsd_history_row_clear (&row);
    }
  return TRUE;
}

/* The rows of any history JSON shape, or NULL. */
static JsonArray *
history_rows (JsonNode *root)
{
  static const char *const start_names[] = { "start_utc", "StartTime", "StartUtc", NULL };
  static const char *const wrap_names[] = { "history", "value", NULL };

  if (root == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (root))
    return json_array_ref (json_node_get_array (root));
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *wrapped = member (object, wrap_names);

      if (wrapped != NULL && JSON_NODE_HOLDS_ARRAY (wrapped))
        return json_array_ref (json_node_get_array (wrapped));
      if (member (object, start_names) != NULL)
        {
          /* ConvertTo-Json of a single row is an object, not an array. */
          JsonArray *array = json_array_new ();
          json_array_add_element (array, json_node_copy (root));
          return array;
        }
    }
  return NULL;
}

gboolean
wsd_history_json_sniff (const WsdReaderInput *input)
{
  gsize i = 0;

  while (i < input->text_len && g_ascii_isspace (input->text[i]))
    i++;
  if (i >= input->text_len || (input->text[i] != '[' && input->text[i] != '{'))
    return FALSE;
  if (wsd_reader_input_head_contains (input, 65536, "wsus-sync-doctor-bundle"))
    return FALSE;
  return wsd_reader_input_head_contains (input, 65536, "\"history\"")
         || wsd_reader_input_head_contains (input, 65536, "\"StartTime\"")
         || wsd_reader_input_head_contains (input, 65536, "\"start_utc\"")
         || wsd_reader_input_head_contains (input, 65536, "\"StartUtc\"");
}

gboolean
wsd_history_json_read (const WsdReaderInput *input, const WsdReadContext *context,
                       WsdImportBatch *batch, GError **error)
{
  g_autoptr(WsdImportBatch) own = wsd_import_batch_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!json_parser_load_from_data (parser, input->text, input->text_len, &local_error))
    {
      /* json-glib's message already says "<data>:LINE:COL: …". */
      wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, 0, "malformed JSON: %s",
                            local_error->message);
      return FALSE;
    }
  rows = history_rows (json_parser_get_root (parser));
  if (rows == NULL)
    {
      wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, 0,
                            "JSON of the wrong shape: expected a history array, {\"history\": […]} "
                            "or one history row");
      return FALSE;
    }
  if (!wsd_history_json_rows (rows, input->path, context->server, own, error))
    return FALSE;
  g_ptr_array_add (own->sources, wsd_readers_source_new (input, "history-json", json_array_get_length (rows)));
  wsd_readers_absorb (batch, own);
  return TRUE;
}
