/* wsd-configmgr-runs.c: wsyncmgr.log lifecycle → runs of the site's
 * software update point; WCM.log and other component errors → loose
 * evidence of that server (formats.md §6.2, §6.3). */
#include "wsd-readers.h"

#include <string.h>
#include "wsd-configmgr-log.h"
#include "wsd-sync-enums.h"

#define SYNC_MANAGER "SMS_WSUS_SYNC_MANAGER"
#define CONFIGURATION_MANAGER "SMS_WSUS_CONFIGURATION_MANAGER"

typedef enum {
  MARK_NONE,
  MARK_WAKEUP,
  MARK_START,
  MARK_TYPE,
  MARK_SERVER,
  MARK_DONE_WSUS,
  MARK_SUCCEEDED,
  MARK_FAILED,
  MARK_WILL_RETRY,
  MARK_STATMSG,
} Mark;

/* Matched as case-insensitive prefixes, first match wins. */
static const struct {
  const char *prefix;
  Mark        mark;
  WsdRunType  type;
} sync_markers[] = {
  { "Wakeup for scheduled regular sync", MARK_WAKEUP, WSD_RUN_TYPE_SCHEDULED },
  { "Wakeup", MARK_WAKEUP, WSD_RUN_TYPE_UNKNOWN },
  { "Found local sync request file", MARK_WAKEUP, WSD_RUN_TYPE_MANUAL },
  { "Starting Sync", MARK_START, WSD_RUN_TYPE_UNKNOWN },
  { "Performing sync on regular schedule", MARK_TYPE, WSD_RUN_TYPE_SCHEDULED },
  { "Performing sync on local request", MARK_TYPE, WSD_RUN_TYPE_MANUAL },
  { "Performing sync on parent request", MARK_TYPE, WSD_RUN_TYPE_SCHEDULED },
  { "Performing sync on retry schedule", MARK_TYPE, WSD_RUN_TYPE_SCHEDULED },
  { "Synchronizing WSUS server ", MARK_SERVER, WSD_RUN_TYPE_UNKNOWN },
  { "Done synchronizing WSUS Server", MARK_DONE_WSUS, WSD_RUN_TYPE_UNKNOWN },
  { "Sync succeeded", MARK_SUCCEEDED, WSD_RUN_TYPE_UNKNOWN },
  { "Sync failed. Will retry", MARK_WILL_RETRY, WSD_RUN_TYPE_UNKNOWN },
  { "Sync failed", MARK_FAILED, WSD_RUN_TYPE_UNKNOWN },
  { "Too many consecutive failures", MARK_FAILED, WSD_RUN_TYPE_UNKNOWN },
  { "STATMSG:", MARK_STATMSG, WSD_RUN_TYPE_UNKNOWN },
};

/* STATMSG ids of SMS_WSUS_SYNC_MANAGER. */
#define STATMSG_SYNC_STARTED 6701
#define STATMSG_SYNC_DONE 6702
#define STATMSG_SYNC_FAILED 6703

/* Words that make a non-lifecycle line worth keeping as evidence. */
static const char *const error_words[] = {
  "failed", "failure", "exception", "error", "unable to", "could not", "cannot", "timed out", "refused",
};

static Mark
classify (const char *message, WsdRunType *out_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (sync_markers); i++)
    if (g_ascii_strncasecmp (message, sync_markers[i].prefix, strlen (sync_markers[i].prefix)) == 0)
      {
        *out_type = sync_markers[i].type;
        return sync_markers[i].mark;
      }
  return MARK_NONE;
}

static gboolean
looks_like_error (const WsdCmRecord *record)
{
  g_autofree char *lower = NULL;

  if (record->type == 3)
    return TRUE;
  if (record->type == 1)
    return FALSE;
  lower = g_ascii_strdown (record->message, -1);
  if (strstr (lower, "sev=e") != NULL)
    return TRUE;
  if (strstr (lower, "no unhealthy") != NULL || strstr (lower, "successfully") != NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (error_words); i++)
    if (strstr (lower, error_words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Value of KEY=value (unquoted, or "quoted") in a STATMSG line. */
static char *
statmsg_value (const char *message, const char *key)
{
  g_autofree char *needle = g_strdup_printf (" %s=", key);
  const char *p = strstr (message, needle);
  const char *end;

  if (p == NULL)
    return NULL;
  p += strlen (needle);
  if (*p == '"')
    {
      p++;
      end = strchr (p, '"');
    }
  else
    end = p + strcspn (p, " \t\n");
  if (end == NULL)
    return NULL;
  return g_strndup (p, end - p);
}

static char *
trim_name (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  gsize len;

  /* "cm01.contoso.example ...", "NAME, port: 8530" */
  if (strchr (copy, ' ') != NULL)
    *strchr (copy, ' ') = '\0';
  len = strlen (copy);
  while (len > 0 && (copy[len - 1] == '.' || copy[len - 1] == ','))
    copy[--len] = '\0';
  return len > 0 ? g_steal_pointer (&copy) : NULL;
}

/* The WSUS server (the SUP) a record names, or NULL. */
static char *
named_server (const WsdCmRecord *record)
{
  static const char *const prefixes[] = {
    "Synchronizing WSUS server ", "Done synchronizing WSUS Server ",
    "Attempting connection to WSUS server: ", "Found active SUP ",
  };
  const char *m = record->message;

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_ascii_strncasecmp (m, prefixes[i], strlen (prefixes[i])) == 0)
      return trim_name (m + strlen (prefixes[i]));
  return NULL;
}

static WsdEvidence *
record_evidence (const WsdCmRecord *record, const char *path, WsdSourceKind kind, WsdLevel level)
{
  WsdEvidence *evidence = wsd_evidence_new ();

  evidence->kind = kind;
  evidence->source_path = g_strdup (path);
  evidence->line = record->line;
  evidence->offset = record->offset;
  evidence->time = record->time;
  evidence->level = level;
  evidence->component = g_strdup (record->component);
  evidence->text = g_strdup (record->message);
  return evidence;
}

/* "UssCommunicationError: WebException: …" → "UssCommunicationError". */
static char *
error_name_of (const char *text)
{
  const char *colon = strchr (text, ':');
  g_autofree char *token = NULL;
  const char *canonical;

  if (colon == NULL || colon == text)
    return NULL;
  token = g_strstrip (g_strndup (text, colon - text));
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return NULL;
  canonical = wsd_sync_error_canonical (token);
  if (canonical != NULL)
    return g_strdup (canonical);
  if (g_str_has_suffix (token, "Error") && g_ascii_isupper (token[0]))
    return g_steal_pointer (&token);
  return NULL;
}

/* "Sync failed: X. Source: Y" → "X. Source: Y" */
static void
set_failure (WsdRun *run, const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  if (*copy == '\0' || run->error_text != NULL)
    return;
  run->error_text = g_steal_pointer (&copy);
  run->error = error_name_of (run->error_text);
}

typedef struct {
  const char     *path;
  const char     *server;      /* context server or the file's */
  WsdImportBatch *batch;
  WsdRun         *run;         /* open run */
  char           *run_server;  /* the SUP named inside the open run */
  char           *run_sys;     /* SYS= of its status messages */
  WsdRunType      wakeup_type;
} Builder;

static void
close_run (Builder *b)
{
  if (b->run == NULL)
    return;
  if (b->run->server == NULL)
    b->run->server = g_strdup (b->run_server != NULL ? b->run_server
                               : b->server != NULL ? b->server : b->run_sys);
  g_clear_pointer (&b->run_server, g_free);
  g_clear_pointer (&b->run_sys, g_free);
  b->run = NULL;
}

static void
open_run (Builder *b, const WsdCmRecord *record)
{
  close_run (b);
  b->run = wsd_run_new ();
  b->run->started = record->time;
  b->run->type = b->wakeup_type;
  b->run->result = WSD_RESULT_UNKNOWN;
  b->run->configmgr = TRUE;
  g_ptr_array_add (b->batch->runs, b->run);
  b->wakeup_type = WSD_RUN_TYPE_UNKNOWN;
}

static void
sync_record (Builder *b, const WsdCmRecord *record)
{
  WsdRunType type = WSD_RUN_TYPE_UNKNOWN;
  Mark mark = classify (record->message, &type);
  gboolean keep = mark != MARK_NONE && mark != MARK_WAKEUP;
  WsdLevel level = WSD_LEVEL_INFO;

  switch (mark)
    {
    case MARK_WAKEUP:
      if (type != WSD_RUN_TYPE_UNKNOWN || b->wakeup_type == WSD_RUN_TYPE_UNKNOWN)
        b->wakeup_type = type;
      break;
    case MARK_START:
      open_run (b, record);
      break;
    case MARK_TYPE:
      if (b->run != NULL)
        b->run->type = type;
      else
        b->wakeup_type = type;
      break;
    case MARK_SERVER:
      if (b->run != NULL && b->run_server == NULL)
        b->run_server = named_server (record);
      break;
    case MARK_DONE_WSUS:
    case MARK_SUCCEEDED:
      if (b->run != NULL && b->run->result != WSD_RESULT_FAILED)
        {
          b->run->result = WSD_RESULT_SUCCEEDED;
          b->run->finished = record->time;
        }
      break;
    case MARK_FAILED:
    case MARK_WILL_RETRY:
      level = WSD_LEVEL_ERROR;
      if (b->run != NULL)
        {
          const char *colon = strchr (record->message, ':');
          b->run->result = WSD_RESULT_FAILED;
          b->run->finished = record->time;
          if (mark == MARK_FAILED && colon != NULL && g_ascii_strncasecmp (record->message, "Sync failed:", 12) == 0)
            set_failure (b->run, colon + 1);
          else if (mark == MARK_FAILED && g_ascii_strncasecmp (record->message, "Sync failed", 11) != 0)
            set_failure (b->run, record->message);
        }
      break;
    case MARK_STATMSG:
      {
        g_autofree char *id = statmsg_value (record->message, "ID");
        g_autofree char *sys = statmsg_value (record->message, "SYS");
        gint64 number = id != NULL ? g_ascii_strtoll (id, NULL, 10) : 0;

        if (number == STATMSG_SYNC_STARTED && b->run == NULL)
          open_run (b, record);
        if (b->run != NULL && b->run_sys == NULL && sys != NULL && *sys != '\0')
          b->run_sys = g_steal_pointer (&sys);
        if (b->run != NULL && number == STATMSG_SYNC_DONE && b->run->result != WSD_RESULT_FAILED)
          {
            b->run->result = WSD_RESULT_SUCCEEDED;
            b->run->finished = record->time;
          }
        else if (b->run != NULL && number == STATMSG_SYNC_FAILED)
          {
            g_autofree char *reason = statmsg_value (record->message, "ISTR1");
            g_autofree char *where = statmsg_value (record->message, "ISTR0");
            b->run->result = WSD_RESULT_FAILED;
            b->run->finished = MAX (b->run->finished, record->time);
            if (reason != NULL && *reason != '\0')
              {
                g_autofree char *text = where != NULL && *where != '\0'
                                        ? g_strdup_printf ("%s Source: %s", reason, where)
                                        : g_strdup (reason);
                set_failure (b->run, text);
              }
            level = WSD_LEVEL_ERROR;
          }
        keep = number == STATMSG_SYNC_STARTED || number == STATMSG_SYNC_DONE || number == STATMSG_SYNC_FAILED;
      }
      break;
    case MARK_NONE:
    default:
      if (looks_like_error (record))
        {
          keep = TRUE;
          level = WSD_LEVEL_ERROR;
        }
      break;
    }
  if (!keep)
    return;
  if (b->run != NULL)
    wsd_run_add_evidence (b->run, record_evidence (record, b->path, WSD_SOURCE_KIND_CONFIGMGR_LOG, level));
  else if (level == WSD_LEVEL_ERROR)
    wsd_import_batch_add_loose_evidence (b->batch, b->server,
                                         record_evidence (record, b->path, WSD_SOURCE_KIND_CONFIGMGR_LOG, level));
}

/* The server a whole file speaks of: the SUP it names, else SYS=. */
static char *
file_server (GPtrArray *records)
{
  g_autofree char *sys = NULL;

  for (guint i = 0; i < records->len; i++)
    {
      WsdCmRecord *record = g_ptr_array_index (records, i);
      char *name = named_server (record);
      if (name != NULL)
        return name;
      if (sys == NULL && g_str_has_prefix (record->message, "STATMSG:"))
        sys = statmsg_value (record->message, "SYS");
    }
  return g_steal_pointer (&sys);
}

gboolean
wsd_configmgr_log_sniff (const WsdReaderInput *input)
{
  return wsd_cm_log_looks_like (input->text, MIN (input->text_len, 65536));
}

gboolean
wsd_configmgr_log_read (const WsdReaderInput *input, const WsdReadContext *context,
                        WsdImportBatch *batch, GError **error)
{
  g_autoptr(WsdImportBatch) own = wsd_import_batch_new ();
  g_autoptr(GPtrArray) records = wsd_cm_log_parse (input, error);
  g_autofree char *server = NULL;
  Builder builder = { 0 };
  guint sync_records = 0, wcm_records = 0;
  const char *format;

  if (records == NULL)
    return FALSE;
  if (records->len == 0)
    {
      wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, 0, "no ConfigMgr log records");
      return FALSE;
    }
  server = context->server != NULL ? g_strdup (context->server) : file_server (records);
  builder.path = input->path;
  builder.server = server;
  builder.batch = own;
  for (guint i = 0; i < records->len; i++)
    {
      WsdCmRecord *record = g_ptr_array_index (records, i);
      const char *component = record->component != NULL ? record->component : "";

      if (g_ascii_strcasecmp (component, SYNC_MANAGER) == 0)
        {
          sync_records++;
          sync_record (&builder, record);
        }
      else
        {
          gboolean wcm = g_ascii_strcasecmp (component, CONFIGURATION_MANAGER) == 0;
          wcm_records += wcm;
          if (looks_like_error (record))
            wsd_import_batch_add_loose_evidence (own, server,
                                                 record_evidence (record, input->path,
                                                                  wcm ? WSD_SOURCE_KIND_WCM_LOG : WSD_SOURCE_KIND_CONFIGMGR_LOG,
                                                                  record->type == 2 ? WSD_LEVEL_WARNING : WSD_LEVEL_ERROR));
        }
    }
  close_run (&builder);
  if (context->server != NULL)
    for (guint i = 0; i < own->runs->len; i++)
      {
        WsdRun *run = g_ptr_array_index (own->runs, i);
        g_free (run->server);
        run->server = g_strdup (context->server);
      }
  format = sync_records > 0 ? "wsyncmgr-log" : wcm_records > 0 ? "wcm-log" : "configmgr-log";
  g_ptr_array_add (own->sources, wsd_readers_source_new (input, format, records->len));
  wsd_readers_absorb (batch, own);
  return TRUE;
}
