/* wsd-xml-input.h: libxml2 readers over bounded inputs, hardened: no
 * network, no entity substitution, no DTD at all (a document with a
 * DOCTYPE is refused before anything is resolved). */
#pragma once

#include <libxml/xmlreader.h>
#include "wsd-reader-input.h"

G_BEGIN_DECLS

typedef struct _WsdXmlInput WsdXmlInput;

/* @wrap_root: wrap the text in a synthetic root element (wevtutil
 * writes a sequence of <Event> elements with no root). */
WsdXmlInput     *wsd_xml_input_new     (const WsdReaderInput *input,
                                        gboolean              wrap_root,
                                        GError              **error);
void             wsd_xml_input_free    (WsdXmlInput *xml);
xmlTextReaderPtr wsd_xml_input_reader  (WsdXmlInput *xml);

/* Advances to the next node; FALSE at the end or on error (then
 * *error is set, naming the file and line). */
gboolean         wsd_xml_input_read    (WsdXmlInput *xml, GError **error);

/* The text content of @node with whitespace kept; "" when empty. */
char            *wsd_xml_node_text     (xmlNodePtr node);
/* First element child of @node named @name (local name), or NULL. */
xmlNodePtr       wsd_xml_child         (xmlNodePtr node, const char *name);
gboolean         wsd_xml_name_is       (xmlNodePtr node, const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdXmlInput, wsd_xml_input_free)

G_END_DECLS
