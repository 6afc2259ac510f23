/* wsd-sync-enums.c: number/name tables of the WSUS API enums.
 *
 * SynchronizationError values other than these are not documented
 * (formats.md §2.3: 6-8, 10-12, UserCanceled, UssCommunicationError,
 * IncompatibleProtocolVersionOnUss); names are mapped by name, and a
 * number not in the table is shown as "Unknown(N)". */
#include "wsd-sync-enums.h"

#include <stdlib.h>

typedef struct {
  int         number;   /* -1 = value not documented */
  const char *name;
} EnumEntry;

static const EnumEntry sync_results[] = {
  { 0, "NeverRun" },
  { 1, "Succeeded" },
  { 2, "Failed" },
  { 3, "Canceled" },
  { 4, "Unknown" },
};

static const EnumEntry sync_errors[] = {
  { 0, "NotApplicable" },
  { 1, "Unknown" },
  { 2, "LocalDbConnectFail" },
  { 3, "LocalDbTooBusy" },
  { 4, "LocalDbOtherError" },
  { 5, "ProxyError" },
  { 9, "DssAuthenticationError" },
  { 13, "ImportUpdateError" },
  { 14, "ApprovalError" },
  { 15, "LocalUpdateMissingForApproval" },
  { 16, "IncompatibleProtocolVersion" },
  { -1, "IncompatibleProtocolVersionOnUss" },
  { -1, "UserCanceled" },
  { -1, "UssCommunicationError" },
};

static const EnumEntry update_errors[] = {
  { 0, "Unknown" },
  { 1, "DependencyNotFound" },
  { 2, "MetadataInvalid" },
};

static gboolean
parse_number (const char *text, gint64 *out)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL || *text == '\0')
    return FALSE;
  value = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0')
    return FALSE;
  *out = value;
  return TRUE;
}

static const char *
lookup_name (const EnumEntry *table, gsize n, const char *name)
{
  for (gsize i = 0; i < n; i++)
    if (g_ascii_strcasecmp (table[i].name, name) == 0)
      return table[i].name;
  return NULL;
}

static const char *
lookup_number (const EnumEntry *table, gsize n, gint64 number)
{
  for (gsize i = 0; i < n; i++)
    if (table[i].number >= 0 && table[i].number == number)
      return table[i].name;
  return NULL;
}

WsdResult
wsd_sync_result_from_number (gint64 number)
{
  switch (number)
    {
    case 1: return WSD_RESULT_SUCCEEDED;
    case 2: return WSD_RESULT_FAILED;
    case 3: return WSD_RESULT_CANCELED;
    default: return WSD_RESULT_UNKNOWN;
    }
}

gboolean
wsd_sync_result_parse (const char *text, WsdResult *out_result)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  gint64 number;
  const char *name;

  if (parse_number (copy, &number))
    {
      *out_result = wsd_sync_result_from_number (number);
      return TRUE;
    }
  name = lookup_name (sync_results, G_N_ELEMENTS (sync_results), copy);
  if (name == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (sync_results); i++)
    if (sync_results[i].name == name)
      *out_result = wsd_sync_result_from_number (sync_results[i].number);
  return TRUE;
}

/* The name of @number in @table, or "Unknown(N)". */
static char *
dup_name_of_number (const EnumEntry *table, gsize n, gint64 number)
{
  const char *name = lookup_number (table, n, number);

  if (name != NULL)
    return g_strdup (name);
  return g_strdup_printf ("Unknown(%" G_GINT64_FORMAT ")", number);
}

const char *
wsd_sync_error_canonical (const char *name)
{
  if (name == NULL)
    return NULL;
  return lookup_name (sync_errors, G_N_ELEMENTS (sync_errors), name);
}

char *
wsd_sync_error_from_number (gint64 number)
{
  return dup_name_of_number (sync_errors, G_N_ELEMENTS (sync_errors), number);
}

char *
wsd_sync_error_normalize (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  const char *name;
  gint64 number;

  if (*copy == '\0')
    return NULL;
  if (parse_number (copy, &number))
    {
      if (number == 0)
        return NULL;
      return wsd_sync_error_from_number (number);
    }
  name = wsd_sync_error_canonical (copy);
  if (name != NULL && g_str_equal (name, "NotApplicable"))
    return NULL;
  return g_strdup (name != NULL ? name : copy);
}

char *
wsd_sync_update_error_from_number (gint64 number)
{
  return dup_name_of_number (update_errors, G_N_ELEMENTS (update_errors), number);
}

char *
wsd_sync_update_error_normalize (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  const char *name;
  gint64 number;

  if (*copy == '\0')
    return NULL;
  if (parse_number (copy, &number))
    return wsd_sync_update_error_from_number (number);
  name = lookup_name (update_errors, G_N_ELEMENTS (update_errors), copy);
  return g_strdup (name != NULL ? name : copy);
}
