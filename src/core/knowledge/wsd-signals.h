/* wsd-signals.h: the language-independent signals of one evidence text,
 * found in a single pass: HRESULTs in every printed form, HTTP statuses,
 * SOAP ErrorCode values, URLs, quoted host names and ip:port endpoints. */
#pragma once

#include <glib.h>
#include "wsd-types.h"

G_BEGIN_DECLS

#define WSD_SIGNALS_MAX 12

typedef enum {
  WSD_HOST_URL = 0,      /* http(s)://host[:port]/path */
  WSD_HOST_QUOTED,       /* ": 'host'" as .NET quotes a name it could not resolve */
  WSD_HOST_ENDPOINT,     /* 198.51.100.14:8080 */
} WsdHostKind;

typedef struct {
  WsdHostKind kind;
  guint       offset;    /* of the host in the text */
  guint       length;
  guint       port;      /* 0 = none given */
  guint       path_offset;  /* URL path start, 0 = none */
  guint       path_length;
} WsdHostRef;

typedef struct {
  guint32    hresults[WSD_SIGNALS_MAX];
  guint      hresult_offsets[WSD_SIGNALS_MAX];
  guint      n_hresults;
  guint      statuses[WSD_SIGNALS_MAX];
  guint      status_offsets[WSD_SIGNALS_MAX];
  guint      n_statuses;
  guint      soap_offsets[WSD_SIGNALS_MAX];
  guint      soap_lengths[WSD_SIGNALS_MAX];
  guint      n_soap;
  WsdHostRef hosts[WSD_SIGNALS_MAX];
  guint      n_hosts;
  guint      event_id;   /* "EventId=NNN" in the text, 0 = none */
} WsdSignals;

void     wsd_signals_extract   (const char *text, gsize length, WsdSignals *out);
gboolean wsd_signals_has_hresult (const WsdSignals *signals, guint32 hresult, guint *out_offset);
/* Includes statuses implied by BG_E_HTTP_ERROR_* / WU_E_PT_HTTP_STATUS_* codes. */
gboolean wsd_signals_has_status  (const WsdSignals *signals, guint status, guint *out_offset);
gboolean wsd_signals_has_soap    (const WsdSignals *signals, const char *text, const char *code, guint *out_offset);

/* Host names of Microsoft Update (sws.update.microsoft.com, download.windowsupdate.com…). */
gboolean wsd_host_is_microsoft (const char *host, gsize length);
/* "wsus01" matches "wsus01.corp.example" (short name vs FQDN), case-insensitive. */
gboolean wsd_host_names_match  (const char *a, gsize a_length, const char *b, gsize b_length);

G_END_DECLS

G_BEGIN_DECLS
/* Synchronization phase from the stack frames in @text (formats §1.8). */
WsdPhase wsd_phase_from_text (const char *text);
G_END_DECLS
