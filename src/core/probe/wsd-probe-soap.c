/* wsd-probe-soap.c */
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "wsd-probe-soap.h"

static const char get_auth_config_request[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
  "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
  "<soap:Body><GetAuthConfig xmlns=\"http://www.microsoft.com/SoftwareDistribution\"/></soap:Body>"
  "</soap:Envelope>";

static const char get_authorization_cookie_request[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
  "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
  "<soap:Body>"
  "<GetAuthorizationCookie xmlns=\"http://www.microsoft.com/SoftwareDistribution/Server/DssAuthWebService\">"
  "<accountName>wsus-sync-doctor.probe.invalid</accountName>"
  "<accountGuid>5d5bd2c4-3c3a-4b8e-9d3e-7f1a2a7c0b11</accountGuid>"
  "</GetAuthorizationCookie>"
  "</soap:Body>"
  "</soap:Envelope>";

const char *
wsd_probe_soap_get_auth_config_request (void)
{
  return get_auth_config_request;
}

const char *
wsd_probe_soap_get_authorization_cookie_request (void)
{
  return get_authorization_cookie_request;
}

static gboolean
named (xmlNode *node, const char *local_name)
{
  return node->type == XML_ELEMENT_NODE && g_ascii_strcasecmp ((const char *) node->name, local_name) == 0;
}

static char *
node_text (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_strstrip (g_strdup (content != NULL ? (const char *) content : ""));

  xmlFree (content);
  return text;
}

static void
walk (xmlNode *node, WsdProbeSoapAnswer *out)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (named (node, "Fault"))
        {
          out->fault = TRUE;
          if (out->error_code == NULL)
            out->error_code = g_strdup ("");
        }
      else if (named (node, "ErrorCode") && out->fault)
        {
          g_free (out->error_code);
          out->error_code = node_text (node);
        }
      else if (named (node, "faultstring") || (named (node, "Text") && out->fault))
        {
          g_autofree char *text = node_text (node);
          char *newline = strchr (text, '\n');

          if (newline != NULL)
            *newline = '\0';
          if (out->fault_string == NULL)
            out->fault_string = g_strdup (g_strstrip (text));
        }
      else if (named (node, "PlugInID") || named (node, "PlugInId"))
        {
          g_autofree char *text = node_text (node);

          if (g_str_equal (text, "DssTargeting"))
            out->dss_targeting = TRUE;
        }
      else if (named (node, "ServiceUrl") && out->service_url == NULL)
        out->service_url = node_text (node);
      else if (named (node, "CookieData"))
        out->cookie_data = TRUE;
      walk (node->children, out);
    }
}

void
wsd_probe_soap_parse (const char *body, gsize length, WsdProbeSoapAnswer *out)
{
  xmlDoc *doc;
  xmlNode *root;

  memset (out, 0, sizeof *out);
  if (body == NULL || length == 0 || length > G_MAXINT)
    return;
  /* No network, no entity expansion, no DTD loading: the answer is hostile
   * until proven otherwise. */
  doc = xmlReadMemory (body, (int) length, "soap-answer.xml", NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS);
  if (doc == NULL)
    return;
  root = xmlDocGetRootElement (doc);
  if (root != NULL && named (root, "Envelope"))
    {
      out->parsed = TRUE;
      walk (root->children, out);
    }
  xmlFreeDoc (doc);
}

void
wsd_probe_soap_answer_clear (WsdProbeSoapAnswer *answer)
{
  g_clear_pointer (&answer->error_code, g_free);
  g_clear_pointer (&answer->fault_string, g_free);
  g_clear_pointer (&answer->service_url, g_free);
  memset (answer, 0, sizeof *answer);
}
