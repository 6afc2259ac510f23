/* wsd-events-xml.c: `wevtutil qe Application … /f:xml` and
 * `/f:RenderedXml`: a sequence of <Event> elements with no root. */
#include "wsd-events.h"

#include <string.h>
#include "wsd-xml-input.h"

gboolean
wsd_events_xml_sniff (const WsdReaderInput *input)
{
  return wsd_reader_input_head_contains (input, 8192, "<Event")
         && wsd_reader_input_head_contains (input, 8192, "schemas.microsoft.com/win/2004/08/events/event");
}

static char *
attr (xmlNodePtr node, const char *name)
{
  xmlChar *value;
  char *copy;

  if (node == NULL)
    return NULL;
  value = xmlGetProp (node, (const xmlChar *) name);
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

static gint64
child_int (xmlNodePtr parent, const char *name)
{
  g_autofree char *text = wsd_xml_node_text (wsd_xml_child (parent, name));
  return g_ascii_strtoll (g_strstrip (text), NULL, 10);
}

/* Rendered message when present, else the insertion strings. */
static char *
event_message (xmlNodePtr event)
{
  xmlNodePtr rendering = wsd_xml_child (event, "RenderingInfo");
  xmlNodePtr message = wsd_xml_child (rendering, "Message");
  xmlNodePtr data = wsd_xml_child (event, "EventData");
  GString *out;

  if (message != NULL)
    {
      g_autofree char *text = wsd_xml_node_text (message);
      if (*g_strstrip (text) != '\0')
        return g_steal_pointer (&text);
    }
  out = g_string_new (NULL);
  for (xmlNodePtr child = data != NULL ? data->children : NULL; child != NULL; child = child->next)
    if (wsd_xml_name_is (child, "Data"))
      {
        g_autofree char *text = wsd_xml_node_text (child);
        if (*text == '\0')
          continue;
        if (out->len > 0)
          g_string_append_c (out, '\n');
        g_string_append (out, text);
      }
  return g_string_free (out, FALSE);
}

/* Whole-message CRLF → LF, as every other evidence text. */
static void
strip_cr (char *text)
{
  char *w = text;

  for (char *r = text; *r != '\0'; r++)
    if (*r != '\r')
      *w++ = *r;
  *w = '\0';
}

gboolean
wsd_events_xml_read (const WsdReaderInput *input, const WsdReadContext *context,
                     WsdImportBatch *batch, GError **error)
{
  g_autoptr(WsdImportBatch) own = wsd_import_batch_new ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_event_record_free);
  g_autoptr(WsdXmlInput) xml = wsd_xml_input_new (input, TRUE, error);
  g_autoptr(GError) local_error = NULL;
  xmlTextReaderPtr reader;
  guint events = 0, skipped = 0;
  WsdSource *source;

  if (xml == NULL)
    return FALSE;
  reader = wsd_xml_input_reader (xml);
  while (wsd_xml_input_read (xml, &local_error))
    {
      xmlNodePtr event, system;
      g_autofree char *provider = NULL;
      g_autofree char *system_time = NULL;
      WsdEventRecord *record;

      /* At any depth: `wevtutil … /e:Events` wraps the sequence in a root. */
      if (xmlTextReaderNodeType (reader) != XML_READER_TYPE_ELEMENT
          || !g_str_equal ((const char *) xmlTextReaderConstLocalName (reader), "Event"))
        continue;
      event = xmlTextReaderExpand (reader);
      if (event == NULL)
        continue;   /* the parse error surfaces at the next read */
      events++;
      system = wsd_xml_child (event, "System");
      provider = attr (wsd_xml_child (system, "Provider"), "Name");
      if (provider == NULL || g_ascii_strcasecmp (provider, WSD_EVENTS_PROVIDER) != 0)
        {
          skipped++;
          continue;
        }
      system_time = attr (wsd_xml_child (system, "TimeCreated"), "SystemTime");
      record = g_new0 (WsdEventRecord, 1);
      record->line = (guint) xmlGetLineNo (event);
      record->offset = -1;
      record->id = (guint) child_int (system, "EventID");
      record->level = wsd_events_level_from_number (child_int (system, "Level"));
      record->time = wsd_time_parse_iso (system_time);
      record->computer = g_strstrip (wsd_xml_node_text (wsd_xml_child (system, "Computer")));
      record->message = event_message (event);
      strip_cr (record->message);
      if (record->time == 0)
        {
          wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, record->line,
                                "event without a readable TimeCreated SystemTime");
          wsd_event_record_free (record);
          return FALSE;
        }
      g_ptr_array_add (records, record);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (events == 0)
    {
      wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, 0, "no <Event> elements");
      return FALSE;
    }
  source = wsd_readers_source_new (input, "events-xml", records->len);
  source->skipped = skipped;
  wsd_events_build (records, input->path, context, FALSE, own);
  g_ptr_array_add (own->sources, source);
  wsd_readers_absorb (batch, own);
  return TRUE;
}
