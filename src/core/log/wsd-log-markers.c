/* wsd-log-markers.c: the data tables of SoftwareDistribution.log. */
#define _GNU_SOURCE   /* memmem */
#include <string.h>

#include "wsd-log-markers.h"

typedef struct {
  const char   *component;   /* exact Class.Method; NULL = any */
  guint         event_id;    /* 0 = not an event line */
  const char   *message;     /* message prefix; NULL = any */
  WsdLogMarker  marker;
} MarkerRule;

/* formats.md §1.5; the 386/387 texts are inferred, so only ids are matched. */
static const MarkerRule marker_rules[] = {
  { "AdminDataAccess.StartSubscriptionManually", 0, NULL, WSD_LOG_MARKER_MANUAL_REQUEST },
  { NULL, 381, NULL, WSD_LOG_MARKER_START_SCHEDULED },
  { NULL, 382, NULL, WSD_LOG_MARKER_START_MANUAL },
  { NULL, 384, NULL, WSD_LOG_MARKER_SUCCEEDED },
  { NULL, 386, NULL, WSD_LOG_MARKER_FAILED },
  { NULL, 387, NULL, WSD_LOG_MARKER_OTHER_END },
  { NULL, 361, NULL, WSD_LOG_MARKER_CONTENT_START },
  { NULL, 364, NULL, WSD_LOG_MARKER_CONTENT_FAILED },
  { "CatalogSyncAgent.SetSubscriptionStateWithRetry", 0, "Firing event SyncFinish", WSD_LOG_MARKER_SYNC_FINISH },
  { "SusService.OnStart", 0, NULL, WSD_LOG_MARKER_SERVICE_START },
  { NULL, 0, "New updates:", WSD_LOG_MARKER_COUNTS },
};

typedef enum {
  FRAME_METHOD,          /* the frame's method name equals @name */
  FRAME_METHOD_PREFIX,   /* the method name starts with @name */
  FRAME_CLASS,           /* the class name equals @name */
  FRAME_CLASS_CONTAINS,  /* the class name contains @name */
} FrameMatch;

typedef struct {
  FrameMatch  match;
  const char *name;
  WsdPhase    phase;
} PhaseRule;

/* formats.md §1.8 and MS-WSUSSS 3.2.4. */
static const PhaseRule phase_rules[] = {
  { FRAME_METHOD,         "GetAuthConfig",                  WSD_PHASE_AUTHORIZATION },
  { FRAME_METHOD,         "InternetGetServerAuthConfig",    WSD_PHASE_AUTHORIZATION },
  { FRAME_METHOD,         "Authenticate",                   WSD_PHASE_AUTHORIZATION },
  { FRAME_METHOD,         "GetAuthorizationCookie",         WSD_PHASE_AUTHORIZATION },
  { FRAME_METHOD,         "GetCookie",                      WSD_PHASE_AUTHORIZATION },
  { FRAME_METHOD,         "GetServerCookie",                WSD_PHASE_AUTHORIZATION },
  { FRAME_METHOD,         "GetUpdateData",                  WSD_PHASE_METADATA },
  { FRAME_METHOD,         "WebserviceGetUpdateData",        WSD_PHASE_METADATA },
  { FRAME_METHOD,         "GetRevisionIdList",              WSD_PHASE_METADATA },
  { FRAME_METHOD,         "SyncConfigUpdatesFromUSS",       WSD_PHASE_METADATA },
  { FRAME_METHOD,         "GetUpdateDataInChunksAndImport", WSD_PHASE_METADATA },
  { FRAME_METHOD,         "GetAndSaveUpdateMetadata",       WSD_PHASE_METADATA },
  { FRAME_METHOD,         "GetConfigData",                  WSD_PHASE_METADATA },
  { FRAME_METHOD,         "GetDeployments",                 WSD_PHASE_DEPLOYMENTS },
  { FRAME_METHOD,         "SyncDeploymentsFromUSS",         WSD_PHASE_DEPLOYMENTS },
  { FRAME_CLASS,          "ContentSyncAgent",               WSD_PHASE_CONTENT },
  { FRAME_CLASS_CONTAINS, "Bits",                           WSD_PHASE_CONTENT },
  { FRAME_CLASS_CONTAINS, "BackgroundCopy",                 WSD_PHASE_CONTENT },
  { FRAME_METHOD_PREFIX,  "Rollup",                         WSD_PHASE_REPORTING },
  { FRAME_CLASS_CONTAINS, "ReportingDataSync",              WSD_PHASE_REPORTING },
};

/* formats.md §2.3, by name; longer names first so a prefix never wins. */
static const char *const sync_error_names[] = {
  "IncompatibleProtocolVersionOnUss",
  "IncompatibleProtocolVersion",
  "LocalUpdateMissingForApproval",
  "DssAuthenticationError",
  "UssCommunicationError",
  "LocalDbConnectFail",
  "LocalDbOtherError",
  "ImportUpdateError",
  "LocalDbTooBusy",
  "ApprovalError",
  "UserCanceled",
  "ProxyError",
};

typedef struct {
  const char *text;
  gsize       len;
} Needle;

#define NEEDLE(s) { s, sizeof s - 1 }

/* Components whose records are kept whatever their level. */
static const Needle notable_component_prefixes[] = {
  NEEDLE ("HmtWebServices."),                                 /* health monitor */
  NEEDLE ("WsusTlsSettings."),                                /* SCHANNEL lines */
  NEEDLE ("WebServiceCommunicationHelper.ProcessWebServiceProxyException"),   /* Action: Retry */
  NEEDLE ("AdminDataAccess."),                                /* configuration changes */
};

/* Message prefixes kept whatever the component. */
static const Needle notable_message_prefixes[] = {
  NEEDLE ("SCHANNEL"),
};

/* Info records that say which server this is and whom it talks to:
 * "… Product Version = 3.2.7600.283" (ClientImplementation..ctor and its
 * kin) and "Calling GetAuthConfig on https://…" (the sync peer). */
static const Needle version_needle = NEEDLE ("Product Version = ");
static const Needle call_prefix = NEEDLE ("Calling ");
static const Needle url_needle = NEEDLE ("://");

/* Inside a run, Info records carrying one of these are kept. */
static const Needle code_needles[] = {
  NEEDLE ("0x8"), NEEDLE ("(-2"), NEEDLE ("HTTP status"), NEEDLE ("Exception"),
};

static const Needle health_component_prefixes[] = {
  NEEDLE ("HmtWebServices."),
};

static const char *const marker_names[] = {
  "none", "manual-request", "start-scheduled", "start-manual", "succeeded", "failed",
  "other-end", "sync-finish", "content-start", "content-failed", "service-start", "counts",
};

const char *
wsd_log_marker_to_string (WsdLogMarker marker)
{
  return marker < G_N_ELEMENTS (marker_names) ? marker_names[marker] : "none";
}

static gboolean
has_prefix_len (const char *text, gsize len, const char *prefix)
{
  gsize n = strlen (prefix);
  return len >= n && memcmp (text, prefix, n) == 0;
}

WsdLogMarker
wsd_log_marker_classify (const WsdLogRecord *record)
{
  for (guint i = 0; i < G_N_ELEMENTS (marker_rules); i++)
    {
      const MarkerRule *rule = &marker_rules[i];

      if (rule->event_id != 0 && rule->event_id != record->event_id)
        continue;
      /* first bytes first: this runs for every line of the log */
      if (rule->component != NULL &&
          (rule->component[0] != record->component[0] || strcmp (rule->component, record->component) != 0))
        continue;
      if (rule->message != NULL &&
          (record->message_len == 0 || rule->message[0] != record->message[0] ||
           !has_prefix_len (record->message, record->message_len, rule->message)))
        continue;
      return rule->marker;
    }
  return WSD_LOG_MARKER_NONE;
}

static WsdPhase
phase_of_frame (const char *klass, gsize klass_len, const char *method, gsize method_len)
{
  for (guint i = 0; i < G_N_ELEMENTS (phase_rules); i++)
    {
      const PhaseRule *rule = &phase_rules[i];
      gsize n = strlen (rule->name);
      gboolean hit = FALSE;

      switch (rule->match)
        {
        case FRAME_METHOD:
          hit = method_len == n && memcmp (method, rule->name, n) == 0;
          break;
        case FRAME_METHOD_PREFIX:
          hit = method_len >= n && memcmp (method, rule->name, n) == 0;
          break;
        case FRAME_CLASS:
          hit = klass_len == n && memcmp (klass, rule->name, n) == 0;
          break;
        case FRAME_CLASS_CONTAINS:
          hit = klass_len >= n && g_strstr_len (klass, klass_len, rule->name) != NULL;
          break;
        default:
          break;
        }
      if (hit)
        return rule->phase;
    }
  return WSD_PHASE_UNKNOWN;
}

/* "Namespace.Class.Method" ending at @end: the phase of its last two parts. */
static WsdPhase
phase_of_dotted_name (const char *start, const char *end)
{
  const char *method = end, *klass;

  while (method > start && method[-1] != '.')
    method--;
  if (method == end)
    return WSD_PHASE_UNKNOWN;
  klass = method > start ? method - 1 : method;
  while (klass > start && klass[-1] != '.')
    klass--;
  return phase_of_frame (klass, method > klass ? (gsize) (method - 1 - klass) : 0,
                         method, end - method);
}

WsdPhase
wsd_log_phase_from_component (const char *component)
{
  if (component == NULL || *component == '\0')
    return WSD_PHASE_UNKNOWN;
  /* constructors are written "Class..ctor" */
  return phase_of_dotted_name (component, component + strlen (component));
}

WsdPhase
wsd_log_phase_from_text (const char *text)
{
  const char *line = text;
  const char *method_at;

  if (text == NULL)
    return WSD_PHASE_UNKNOWN;

  /* Stack frames, innermost first: "   <at> Namespace.Class.Method(args)" */
  while (line != NULL && *line != '\0')
    {
      const char *nl = strchr (line, '\n');
      const char *eol = nl != NULL ? nl : line + strlen (line);

      if (*line == ' ' || *line == '\t')
        {
          const char *paren = memchr (line, '(', eol - line);

          if (paren != NULL)
            {
              const char *name_start = paren;
              WsdPhase phase;

              while (name_start > line && name_start[-1] != ' ' && name_start[-1] != '\t')
                name_start--;
              phase = phase_of_dotted_name (name_start, paren);
              if (phase != WSD_PHASE_UNKNOWN)
                return phase;
            }
        }
      line = nl != NULL ? nl + 1 : NULL;
    }

  /* SOAP faults name the web method: Method = "http://…/SoftwareDistribution/GetUpdateData" */
  method_at = strstr (text, "Method = \"");
  if (method_at == NULL)
    method_at = strstr (text, "Method=\"");
  if (method_at != NULL)
    {
      const char *open = strchr (method_at, '"') + 1;
      const char *close = strchr (open, '"');

      if (close != NULL)
        {
          const char *name = close;
          while (name > open && name[-1] != '/')
            name--;
          if (name < close)
            return phase_of_frame ("", 0, name, close - name);
        }
    }
  return WSD_PHASE_UNKNOWN;
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

const char *
wsd_log_find_sync_error (const char *text)
{
  if (text == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (sync_error_names); i++)
    {
      const char *name = sync_error_names[i];
      gsize n = strlen (name);

      for (const char *p = strstr (text, name); p != NULL; p = strstr (p + 1, name))
        if ((p == text || !is_word_char (p[-1])) && !is_word_char (p[n]))
          return name;
    }
  return NULL;
}

static gboolean
has_any_prefix (const char *text, gsize len, const Needle *prefixes, guint n)
{
  for (guint i = 0; i < n; i++)
    if (len >= prefixes[i].len && text[0] == prefixes[i].text[0] &&
        memcmp (text, prefixes[i].text, prefixes[i].len) == 0)
      return TRUE;
  return FALSE;
}

gboolean
wsd_log_is_health_component (const char *component)
{
  return component != NULL &&
         has_any_prefix (component, strlen (component), health_component_prefixes,
                         G_N_ELEMENTS (health_component_prefixes));
}

gboolean
wsd_log_record_is_notable (const WsdLogRecord *head, gboolean inside_run)
{
  if (head->level != WSD_LEVEL_INFO)
    return TRUE;
  if (has_any_prefix (head->component, strlen (head->component), notable_component_prefixes,
                      G_N_ELEMENTS (notable_component_prefixes)) ||
      has_any_prefix (head->message, head->message_len, notable_message_prefixes,
                      G_N_ELEMENTS (notable_message_prefixes)))
    return TRUE;
  if (has_any_prefix (head->message, head->message_len, &call_prefix, 1)
      && memmem (head->message, head->message_len, url_needle.text, url_needle.len) != NULL)
    return TRUE;
  if (memmem (head->message, head->message_len, version_needle.text, version_needle.len) != NULL)
    return TRUE;
  if (inside_run)
    for (guint i = 0; i < G_N_ELEMENTS (code_needles); i++)
      if (memmem (head->message, head->message_len, code_needles[i].text, code_needles[i].len) != NULL)
        return TRUE;
  return FALSE;
}

/* The integer after @label (case-insensitive) in @text; -1 when absent. */
static int
number_after (const char *text, const char *label)
{
  gsize n = strlen (label);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_strncasecmp (p, label, n) == 0)
      {
        const char *d = p + n;
        int value = 0;
        gboolean any = FALSE;

        while (*d == ' ')
          d++;
        for (; g_ascii_isdigit (*d) && value < 10000000; d++, any = TRUE)
          value = value * 10 + (*d - '0');
        return any ? value : -1;
      }
  return -1;
}

gboolean
wsd_log_parse_counts (const char *message, int *new_updates, int *revised_updates, int *expired_updates)
{
  int n = number_after (message, "new updates:");
  int r = number_after (message, "revised updates:");
  int e = number_after (message, "expired updates:");

  if (n < 0 && r < 0 && e < 0)
    return FALSE;
  *new_updates = n;
  *revised_updates = r;
  *expired_updates = e;
  return TRUE;
}

const char *
wsd_log_failure_reason (const char *message)
{
  const char *reason = message != NULL ? strstr (message, "Reason: ") : NULL;

  return reason != NULL ? reason + strlen ("Reason: ") : NULL;
}
