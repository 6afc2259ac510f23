/* wsd-xml-input.c: hardened libxml2 text readers. */
#include "wsd-xml-input.h"

#include <string.h>
#include "wsd-types.h"

#define WRAP_OPEN "<wsd-root>"
#define WRAP_CLOSE "</wsd-root>"

struct _WsdXmlInput {
  char            *path;
  char            *buffer;
  xmlTextReaderPtr reader;
  char            *first_error;
  guint            first_error_line;
};

static void
on_error (void *data, const char *message, xmlParserSeverities severity, xmlTextReaderLocatorPtr locator)
{
  WsdXmlInput *self = data;

  if (self->first_error != NULL)
    return;
  if (severity != XML_PARSER_SEVERITY_ERROR && severity != XML_PARSER_SEVERITY_VALIDITY_ERROR)
    return;
  self->first_error = g_strstrip (g_strdup (message));
  self->first_error_line = locator != NULL ? (guint) xmlTextReaderLocatorLineNumber (locator) : 0;
}

/* Skips an XML declaration so that the text can be wrapped. */
static gsize
skip_declaration (const char *text, gsize len)
{
  gsize i = 0;

  while (i < len && g_ascii_isspace (text[i]))
    i++;
  if (i + 5 <= len && strncmp (text + i, "<?xml", 5) == 0)
    {
      const char *end = g_strstr_len (text + i, len - i, "?>");
      if (end != NULL)
        return end + 2 - text;
    }
  return 0;
}

WsdXmlInput *
wsd_xml_input_new (const WsdReaderInput *input, gboolean wrap_root, GError **error)
{
  g_autoptr(WsdXmlInput) self = g_new0 (WsdXmlInput, 1);
  const char *text = input->text;
  gsize len = input->text_len;
  int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT;

  self->path = g_strdup (input->path);
  if (g_strstr_len (text, len, "<!DOCTYPE") != NULL || g_strstr_len (text, len, "<!ENTITY") != NULL)
    {
      guint line = wsd_reader_input_line_at (input, (gsize) (g_strstr_len (text, len, "<!") - text));
      wsd_reader_set_error (error, WSD_ERROR_REFUSED, input->path, line,
                            "document type declarations and entities are refused");
      return NULL;
    }
  if (wrap_root)
    {
      gsize skip = skip_declaration (text, len);
      GString *buffer = g_string_sized_new (len + 32);

      /* Keep the declaration's newlines so line numbers stay true. */
      for (gsize i = 0; i < skip; i++)
        if (text[i] == '\n')
          g_string_append_c (buffer, '\n');
      g_string_append (buffer, WRAP_OPEN);
      g_string_append_len (buffer, text + skip, len - skip);
      g_string_append (buffer, WRAP_CLOSE);
      len = buffer->len;
      self->buffer = g_string_free (buffer, FALSE);
      text = self->buffer;
    }
  /* The text is UTF-8 already, whatever the declaration says. */
  self->reader = xmlReaderForMemory (text, (int) len, NULL, "UTF-8", options);
  if (self->reader == NULL)
    {
      wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, 0, "cannot start the XML parser");
      return NULL;
    }
  xmlTextReaderSetErrorHandler (self->reader, on_error, self);
  return g_steal_pointer (&self);
}

void
wsd_xml_input_free (WsdXmlInput *self)
{
  if (self == NULL)
    return;
  if (self->reader != NULL)
    xmlFreeTextReader (self->reader);
  g_free (self->buffer);
  g_free (self->path);
  g_free (self->first_error);
  g_free (self);
}

xmlTextReaderPtr
wsd_xml_input_reader (WsdXmlInput *self)
{
  return self->reader;
}

gboolean
wsd_xml_input_read (WsdXmlInput *self, GError **error)
{
  int status = xmlTextReaderRead (self->reader);

  if (status == 1 && xmlTextReaderNodeType (self->reader) == XML_READER_TYPE_DOCUMENT_TYPE)
    {
      wsd_reader_set_error (error, WSD_ERROR_REFUSED, self->path,
                            (guint) xmlTextReaderGetParserLineNumber (self->reader),
                            "document type declarations are refused");
      return FALSE;
    }
  if (status == 1 && self->first_error == NULL)
    return TRUE;
  if (status < 0 || self->first_error != NULL)
    {
      guint line = self->first_error_line != 0 ? self->first_error_line
                 : (guint) xmlTextReaderGetParserLineNumber (self->reader);
      wsd_reader_set_error (error, WSD_ERROR_DAMAGED, self->path, line, "malformed XML: %s",
                            self->first_error != NULL ? self->first_error : "parse error");
    }
  return FALSE;
}

char *
wsd_xml_node_text (xmlNodePtr node)
{
  xmlChar *content;
  char *text;

  if (node == NULL)
    return g_strdup ("");
  content = xmlNodeGetContent (node);
  text = g_strdup (content != NULL ? (const char *) content : "");
  xmlFree (content);
  return text;
}

gboolean
wsd_xml_name_is (xmlNodePtr node, const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, name);
}

xmlNodePtr
wsd_xml_child (xmlNodePtr node, const char *name)
{
  if (node == NULL)
    return NULL;
  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    if (wsd_xml_name_is (child, name))
      return child;
  return NULL;
}
