/* wsd-history-clixml.c: Export-Clixml of GetSynchronizationHistory().
 * The richest export: enums carry both name and number, DateTimes keep
 * their zone, strings escape control characters as _xHHHH_. */
#include "wsd-readers.h"

#include <string.h>
#include "wsd-history.h"
#include "wsd-sync-enums.h"
#include "wsd-xml-input.h"

static int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);
      if (digit < 0)
        return -1;
      value = value << 4 | digit;
    }
  return value;
}

/* "_x000D__x000A_" → "\r\n"; surrogate pairs come as two escapes. */
static char *
decode_escapes (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  const char *p = text;

  while (*p != '\0')
    {
      int unit;

      if (p[0] == '_' && p[1] == 'x' && strlen (p) >= 7 && p[6] == '_' && (unit = hex4 (p + 2)) >= 0)
        {
          gunichar ch = unit;
          p += 7;
          if (unit >= 0xD800 && unit <= 0xDBFF && p[0] == '_' && p[1] == 'x' && strlen (p) >= 7 && p[6] == '_')
            {
              int low = hex4 (p + 2);
              if (low >= 0xDC00 && low <= 0xDFFF)
                {
                  ch = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                  p += 7;
                }
            }
          if ((ch >= 0xD800 && ch <= 0xDFFF) || ch == 0)
            ch = 0xFFFD;
          g_string_append_unichar (out, ch);
          continue;
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static char *
attr (xmlNodePtr node, const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

/* The property list of an <Obj>: <Props> for real objects, <MS> for the
 * note properties of Select-Object output. */
static GPtrArray *
properties (xmlNodePtr obj)
{
  GPtrArray *list = g_ptr_array_new ();

  for (xmlNodePtr group = obj != NULL ? obj->children : NULL; group != NULL; group = group->next)
    if (wsd_xml_name_is (group, "Props") || wsd_xml_name_is (group, "MS"))
      for (xmlNodePtr child = group->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE)
          g_ptr_array_add (list, child);
  return list;
}

static xmlNodePtr
property (xmlNodePtr obj, const char *name)
{
  g_autoptr(GPtrArray) list = properties (obj);

  for (guint i = 0; i < list->len; i++)
    {
      xmlNodePtr node = g_ptr_array_index (list, i);
      g_autofree char *n = attr (node, "N");
      if (n != NULL && g_ascii_strcasecmp (n, name) == 0)
        return node;
    }
  return NULL;
}

static char *
string_value (xmlNodePtr node)
{
  g_autofree char *raw = NULL;

  if (node == NULL || wsd_xml_name_is (node, "Nil"))
    return NULL;
  if (wsd_xml_name_is (node, "Obj"))
    node = wsd_xml_child (node, "ToString");
  raw = wsd_xml_node_text (node);
  return decode_escapes (raw);
}

/* An enum <Obj>: its <ToString> name, else its number mapped by
 * @from_number. */
static char *
enum_value (xmlNodePtr node, char *(*from_number) (gint64))
{
  xmlNodePtr name, number;

  if (node == NULL)
    return NULL;
  name = wsd_xml_child (node, "ToString");
  if (name != NULL)
    return wsd_xml_node_text (name);
  number = wsd_xml_child (node, "I32");
  if (number == NULL && (wsd_xml_name_is (node, "I32") || wsd_xml_name_is (node, "S")))
    number = node;
  if (number != NULL)
    {
      g_autofree char *digits = wsd_xml_node_text (number);
      if (from_number == NULL)
        return g_steal_pointer (&digits);
      return from_number (g_ascii_strtoll (digits, NULL, 10));
    }
  return NULL;
}

static char *
result_number_text (gint64 number)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, number);
}

static WsdUpdateError *
parse_update_error (xmlNodePtr obj)
{
  WsdUpdateError *ue = wsd_update_error_new ();
  xmlNodePtr id = property (obj, "UpdateId");
  g_autofree char *error_name = enum_value (property (obj, "Error"), wsd_sync_update_error_from_number);

  if (id != NULL && wsd_xml_name_is (id, "Obj"))
    {
      xmlNodePtr guid = property (id, "UpdateId");
      xmlNodePtr revision = property (id, "RevisionNumber");
      ue->update_id = guid != NULL ? wsd_xml_node_text (guid) : string_value (id);
      if (revision != NULL)
        {
          g_autofree char *digits = wsd_xml_node_text (revision);
          ue->revision = (int) g_ascii_strtoll (digits, NULL, 10);
        }
    }
  else if (id != NULL)
    ue->update_id = string_value (id);
  ue->error = wsd_sync_update_error_normalize (error_name);
  ue->error_text = string_value (property (obj, "ErrorText"));
  return ue;
}

static void
collect_update_errors (xmlNodePtr collection, GPtrArray *out)
{
  if (collection == NULL)
    return;
  for (xmlNodePtr list = collection->children; list != NULL; list = list->next)
    if (wsd_xml_name_is (list, "IE") || wsd_xml_name_is (list, "LST"))
      for (xmlNodePtr item = list->children; item != NULL; item = item->next)
        if (wsd_xml_name_is (item, "Obj"))
          g_ptr_array_add (out, parse_update_error (item));
}

/* Returns FALSE when @obj is not a synchronization record. */
static gboolean
parse_row (xmlNodePtr obj, WsdHistoryRow *row)
{
  xmlNodePtr start = property (obj, "StartTime");
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *manual = NULL;
  g_autofree char *result = NULL;
  g_autofree char *error_name = NULL;

  if (start == NULL)
    return FALSE;
  start_text = wsd_xml_node_text (start);
  row->started = wsd_time_parse_iso (start_text);
  end_text = string_value (property (obj, "EndTime"));
  row->finished = end_text != NULL ? wsd_time_parse_iso (end_text) : 0;
  row->id = string_value (property (obj, "Id"));
  manual = string_value (property (obj, "StartedManually"));
  row->started_manually = wsd_history_parse_bool (manual);
  result = enum_value (property (obj, "Result"), result_number_text);
  row->have_result = result != NULL && wsd_sync_result_parse (result, &row->result);
  error_name = enum_value (property (obj, "Error"), wsd_sync_error_from_number);
  row->error = wsd_sync_error_normalize (error_name);
  row->error_text = string_value (property (obj, "ErrorText"));
  collect_update_errors (property (obj, "UpdateErrors"), row->update_errors);
  return TRUE;
}

gboolean
wsd_history_clixml_sniff (const WsdReaderInput *input)
{
  return wsd_reader_input_head_contains (input, 4096, "<Objs")
         && wsd_reader_input_head_contains (input, 4096, "schemas.microsoft.com/powershell/2004/04")
         && (wsd_reader_input_head_contains (input, 65536, "N=\"StartTime\"")
             || wsd_reader_input_head_contains (input, 65536, "SynchronizationInfo"));
}

gboolean
wsd_history_clixml_read (const WsdReaderInput *input, const WsdReadContext *context,
                         WsdImportBatch *batch, GError **error)
{
  g_autoptr(WsdImportBatch) own = wsd_import_batch_new ();
  g_autoptr(WsdXmlInput) xml = wsd_xml_input_new (input, FALSE, error);
  g_autoptr(GError) local_error = NULL;
  xmlTextReaderPtr reader;
  guint records = 0;

  if (xml == NULL)
    return FALSE;
  reader = wsd_xml_input_reader (xml);
  while (wsd_xml_input_read (xml, &local_error))
    {
      xmlNodePtr obj;
      WsdHistoryRow row;

      if (xmlTextReaderNodeType (reader) != XML_READER_TYPE_ELEMENT || xmlTextReaderDepth (reader) != 1
          || !g_str_equal ((const char *) xmlTextReaderConstLocalName (reader), "Obj"))
        continue;
      obj = xmlTextReaderExpand (reader);
      if (obj == NULL)
        break;   /* the error surfaces at the next read */
      wsd_history_row_init (&row);
      if (parse_row (obj, &row))
        {
          guint line = (guint) xmlGetLineNo (obj);
          if (row.started == 0)
            {
              wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, line,
                                    "StartTime is not a date");
              wsd_history_row_clear (&row);
              return FALSE;
            }
          g_ptr_array_add (own->runs, wsd_history_row_to_run (&row, context->server, input->path, line, -1));
          records++;
        }
      wsd_history_row_clear (&row);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (records == 0)
    {
      wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, 0,
                            "no synchronization records in this Clixml file");
      return FALSE;
    }
  g_ptr_array_add (own->sources, wsd_readers_source_new (input, "history-clixml", records));
  wsd_readers_absorb (batch, own);
  return TRUE;
}
