/* wsd-error-codes.h: the table of error codes seen in WSUS synchronization
 * (data/error-codes.tsv) and the parsing of their printed forms. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  WSD_CODE_HRESULT = 0,
  WSD_CODE_HTTP,
  WSD_CODE_SYNC_ERROR,     /* SynchronizationError */
  WSD_CODE_UPDATE_ERROR,   /* SynchronizationUpdateError */
  WSD_CODE_SOAP,           /* server-server protocol ErrorCode */
} WsdCodeKind;

typedef struct {
  WsdCodeKind kind;
  guint32     value;       /* HRESULT or HTTP status; 0 for names */
  char       *code;        /* as written in the table: 0x80072EE7, 407, ProxyError */
  char       *name;        /* ERROR_WINHTTP_NAME_NOT_RESOLVED */
  char       *rule;        /* rule id, NULL when none */
  char       *meaning;
} WsdCodeInfo;

typedef struct _WsdErrorCodes WsdErrorCodes;

/* The built-in table (GResource), loaded once; never NULL. */
WsdErrorCodes      *wsd_error_codes_get_default (void);
/* Parses a table; errors name @origin and the line. */
WsdErrorCodes      *wsd_error_codes_new_from_data (const char *data, gsize length,
                                                   const char *origin, GError **error);
void                wsd_error_codes_free        (WsdErrorCodes *self);
guint               wsd_error_codes_get_n       (WsdErrorCodes *self);

const WsdCodeInfo *wsd_error_codes_lookup_hresult (WsdErrorCodes *self, guint32 hresult);
const WsdCodeInfo *wsd_error_codes_lookup_http    (WsdErrorCodes *self, guint status);
/* By symbolic name (SynchronizationError, SOAP ErrorCode, ERROR_… name). */
GPtrArray          *wsd_error_codes_lookup_name    (WsdErrorCodes *self, const char *name);

/* Every reading of a code as an admin might paste it: 0x80072EE7, 80072ee7,
 * -2145386477, (-2145386477), hr=0x…, Error = 5, error 0x5, 407, HTTP 407,
 * ProxyError. Returns WsdCodeInfo* (not owned), empty when unknown. */
GPtrArray          *wsd_error_codes_lookup         (WsdErrorCodes *self, const char *printed);

/* Parses one printed HRESULT/Win32 code; Win32 values become
 * HRESULT_FROM_WIN32. Returns FALSE when @printed is not a code. */
gboolean            wsd_hresult_parse              (const char *printed, guint32 *out_hresult);
/* HTTP status an HRESULT stands for (BG_E_HTTP_ERROR_*, WU_E_PT_HTTP_STATUS_*), 0 = none. */
guint               wsd_hresult_http_status        (guint32 hresult);

G_END_DECLS
