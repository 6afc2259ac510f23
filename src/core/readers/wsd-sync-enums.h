/* wsd-sync-enums.h: the WSUS API enumerations as data tables
 * (formats.md §2.3): SynchronizationResult, SynchronizationError,
 * SynchronizationUpdateError, by name and by number. */
#pragma once

#include "wsd-types.h"

G_BEGIN_DECLS

/* "Failed", "failed", "2" → WSD_RESULT_FAILED; NeverRun → UNKNOWN. */
gboolean    wsd_sync_result_parse        (const char *text, WsdResult *out_result);
WsdResult   wsd_sync_result_from_number  (gint64 number);

/* Canonical SynchronizationError name for a name in any letter case
 * ("USSCommunicationError" → "UssCommunicationError"), or NULL when
 * the name is not a known member. */
const char *wsd_sync_error_canonical     (const char *name);
/* Name for a number; unknown numbers stay visible: "Unknown(7)". */
char       *wsd_sync_error_from_number   (gint64 number);
/* A name, a number or "" → newly allocated name, or NULL for no error
 * (NotApplicable / empty). Unknown names are kept as written. */
char       *wsd_sync_error_normalize     (const char *text);

char       *wsd_sync_update_error_from_number (gint64 number);
char       *wsd_sync_update_error_normalize   (const char *text);

G_END_DECLS
