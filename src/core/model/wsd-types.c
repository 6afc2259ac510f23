/* wsd-types.c: canonical names of the shared enums. */
#include "wsd-types.h"

G_DEFINE_QUARK (wsd-error-quark, wsd_error)

typedef struct {
  int         value;
  const char *name;
} EnumName;

static const char *
lookup_name (const EnumName *table, gsize n, int value, const char *fallback)
{
  for (gsize i = 0; i < n; i++)
    if (table[i].value == value)
      return table[i].name;
  return fallback;
}

static int
lookup_value (const EnumName *table, gsize n, const char *text, int fallback)
{
  if (text == NULL)
    return fallback;
  for (gsize i = 0; i < n; i++)
    if (table[i].name != NULL && g_ascii_strcasecmp (table[i].name, text) == 0)
      return table[i].value;
  return fallback;
}

#define LOOKUP_NAME(t, v, f) lookup_name (t, G_N_ELEMENTS (t), (int) (v), f)
#define LOOKUP_VALUE(t, s, f) lookup_value (t, G_N_ELEMENTS (t), s, (int) (f))

static const EnumName results[] = {
  { WSD_RESULT_UNKNOWN, "unknown" },
  { WSD_RESULT_SUCCEEDED, "succeeded" },
  { WSD_RESULT_FAILED, "failed" },
  { WSD_RESULT_CANCELED, "canceled" },
  { WSD_RESULT_RUNNING, "running" },
};

static const EnumName run_types[] = {
  { WSD_RUN_TYPE_UNKNOWN, "unknown" },
  { WSD_RUN_TYPE_SCHEDULED, "scheduled" },
  { WSD_RUN_TYPE_MANUAL, "manual" },
};

static const EnumName phases[] = {
  { WSD_PHASE_UNKNOWN, "unknown" },
  { WSD_PHASE_AUTHORIZATION, "authorization" },
  { WSD_PHASE_METADATA, "metadata" },
  { WSD_PHASE_DEPLOYMENTS, "deployments" },
  { WSD_PHASE_CONTENT, "content" },
  { WSD_PHASE_REPORTING, "reporting" },
};

static const EnumName roles[] = {
  { WSD_ROLE_UNKNOWN, "unknown" },
  { WSD_ROLE_UPSTREAM, "upstream" },
  { WSD_ROLE_DOWNSTREAM, "downstream" },
  { WSD_ROLE_REPLICA, "replica" },
  { WSD_ROLE_AUTONOMOUS, "autonomous" },
};

static const EnumName levels[] = {
  { WSD_LEVEL_INFO, "info" },
  { WSD_LEVEL_WARNING, "warning" },
  { WSD_LEVEL_ERROR, "error" },
  { WSD_LEVEL_CHANGE, "change" },
};

static const EnumName finding_kinds[] = {
  { WSD_FINDING_CAUSE, "cause" },
  { WSD_FINDING_NOTE, "note" },
  { WSD_FINDING_CONFIG, "config" },
};

static const EnumName source_kinds[] = {
  { WSD_SOURCE_KIND_UNKNOWN, "unknown" },
  { WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG, "software-distribution-log" },
  { WSD_SOURCE_KIND_HISTORY, "history" },
  { WSD_SOURCE_KIND_EVENT, "event" },
  { WSD_SOURCE_KIND_CONFIGMGR_LOG, "configmgr-log" },
  { WSD_SOURCE_KIND_WCM_LOG, "wcm-log" },
  { WSD_SOURCE_KIND_BUNDLE, "bundle" },
  { WSD_SOURCE_KIND_PROBE, "probe" },
};

const char *wsd_result_to_string (WsdResult v) { return LOOKUP_NAME (results, v, "unknown"); }
WsdResult wsd_result_from_string (const char *s) { return LOOKUP_VALUE (results, s, WSD_RESULT_UNKNOWN); }
const char *wsd_run_type_to_string (WsdRunType v) { return LOOKUP_NAME (run_types, v, "unknown"); }
WsdRunType wsd_run_type_from_string (const char *s) { return LOOKUP_VALUE (run_types, s, WSD_RUN_TYPE_UNKNOWN); }
const char *wsd_phase_to_string (WsdPhase v) { return LOOKUP_NAME (phases, v, NULL); }
WsdPhase wsd_phase_from_string (const char *s) { return LOOKUP_VALUE (phases, s, WSD_PHASE_NONE); }
const char *wsd_role_to_string (WsdRole v) { return LOOKUP_NAME (roles, v, "unknown"); }
WsdRole wsd_role_from_string (const char *s) { return LOOKUP_VALUE (roles, s, WSD_ROLE_UNKNOWN); }
const char *wsd_level_to_string (WsdLevel v) { return LOOKUP_NAME (levels, v, "info"); }
WsdLevel wsd_level_from_string (const char *s) { return LOOKUP_VALUE (levels, s, WSD_LEVEL_INFO); }
const char *wsd_finding_kind_to_string (WsdFindingKind v) { return LOOKUP_NAME (finding_kinds, v, "note"); }
WsdFindingKind wsd_finding_kind_from_string (const char *s) { return LOOKUP_VALUE (finding_kinds, s, WSD_FINDING_NOTE); }
const char *wsd_source_kind_to_string (WsdSourceKind v) { return LOOKUP_NAME (source_kinds, v, "unknown"); }
WsdSourceKind wsd_source_kind_from_string (const char *s) { return LOOKUP_VALUE (source_kinds, s, WSD_SOURCE_KIND_UNKNOWN); }

char *
wsd_time_format_iso (gint64 usec_utc)
{
  g_autoptr(GDateTime) dt = NULL;

  if (usec_utc == 0)
    return NULL;
  dt = g_date_time_new_from_unix_utc (usec_utc / G_USEC_PER_SEC);
  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

gint64
wsd_time_parse_iso (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = NULL;

  if (text == NULL || *text == '\0')
    return 0;
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    return 0;
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}
