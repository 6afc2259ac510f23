/* wsd-probe-soap.h: the read-only MS-WSUSSS calls a probe may make and
 * what their answers say (protocol.md §1.8–1.11). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WSD_PROBE_SOAP_SERVER_SYNC_PATH "/ServerSyncWebService/ServerSyncWebService.asmx"
#define WSD_PROBE_SOAP_ACTION_GET_AUTH_CONFIG \
  "\"http://www.microsoft.com/SoftwareDistribution/GetAuthConfig\""
#define WSD_PROBE_SOAP_ACTION_GET_AUTHORIZATION_COOKIE \
  "\"http://www.microsoft.com/SoftwareDistribution/Server/DssAuthWebService/GetAuthorizationCookie\""

/* Side-effect free: the natural "is the sync web service alive" call. */
const char *wsd_probe_soap_get_auth_config_request (void);
/* May register a downstream-server entry on the upstream: opt-in only.
 * Uses a stable tool identity so repeated checks reuse one entry. */
const char *wsd_probe_soap_get_authorization_cookie_request (void);

typedef struct {
  gboolean  parsed;             /* the body was XML with a SOAP Envelope */
  gboolean  fault;
  char     *error_code;         /* detail/ErrorCode; "" for a fault without one */
  char     *fault_string;       /* first line of faultstring */
  gboolean  dss_targeting;      /* an AuthPlugInInfo / PlugInId names DssTargeting */
  char     *service_url;        /* GetAuthConfig's relative DssAuth URL */
  gboolean  cookie_data;        /* GetAuthorizationCookie answered CookieData */
} WsdProbeSoapAnswer;

/* Parses a SOAP 1.1 or 1.2 answer (no network, no entities). */
void wsd_probe_soap_parse        (const char *body, gsize length, WsdProbeSoapAnswer *out_answer);
void wsd_probe_soap_answer_clear (WsdProbeSoapAnswer *answer);

G_END_DECLS
