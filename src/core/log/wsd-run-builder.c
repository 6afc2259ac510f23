/* wsd-run-builder.c: see the header for the rules. */
#include <string.h>

#include "wsd-run-builder.h"
#include "wsd-log-markers.h"

#define SIGNATURE_BYTES 160

typedef enum {
  RUN_NONE = 0,   /* no run seen yet */
  RUN_OPEN,       /* started, no completion yet */
  RUN_FINISHING,  /* SyncFinish without a completion: content may still fail it */
  RUN_ENDED,      /* completed; later records still belong to it (rule 7) */
} RunState;

/* How long after its SyncFinish a completion line (384/386/387) without a
 * new start still completes that run: content downloads can take hours. */
#define FINISHING_WINDOW (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)

typedef struct {
  char        *text;
  char        *component;
  WsdEvidence *evidence;          /* borrowed when in the run's evidence, else owned */
  gboolean     owned;
} ErrorRecord;

static void
error_record_clear (ErrorRecord *error)
{
  if (error->owned)
    wsd_evidence_free (error->evidence);
  error->evidence = NULL;
  error->owned = FALSE;
  g_clear_pointer (&error->text, g_free);
  g_clear_pointer (&error->component, g_free);
}

static void
error_record_set (ErrorRecord *error, const WsdLogRecord *record, WsdEvidence *evidence, gboolean kept)
{
  error_record_clear (error);
  error->evidence = evidence;
  error->owned = !kept;
  error->text = g_strndup (record->message, record->message_len);
  error->component = g_strdup (record->component);
}

/* Moves @from into @to (emptying @from). */
static void
error_record_move (ErrorRecord *to, ErrorRecord *from)
{
  error_record_clear (to);
  *to = *from;
  memset (from, 0, sizeof *from);
}

struct _WsdRunBuilder {
  GObject      parent_instance;

  char        *server;
  char        *source_path;
  GPtrArray   *runs;              /* WsdRun* in log order */
  WsdRun      *run;               /* the latest run, owned by runs */
  RunState     state;
  GPtrArray   *before_first;      /* WsdEvidence* before any run */

  WsdEvidence *manual_request;    /* a StartSubscriptionManually not yet tied to a run */

  /* about the latest run */
  ErrorRecord  final_error;
  ErrorRecord  late_error;        /* after SyncFinish: final only if a completion follows */
  char        *failure_message;   /* the 386 message */
  char        *retry_text;        /* latest Action: Retry record */
  gboolean     content_failed;
  GHashTable  *similar;           /* signature → count */
  guint        kept;

  gboolean     filter_inside_run;
};

G_DEFINE_FINAL_TYPE (WsdRunBuilder, wsd_run_builder, G_TYPE_OBJECT)

static void
clear_run_state (WsdRunBuilder *self)
{
  error_record_clear (&self->final_error);
  error_record_clear (&self->late_error);
  g_clear_pointer (&self->failure_message, g_free);
  g_clear_pointer (&self->retry_text, g_free);
  self->content_failed = FALSE;
  g_hash_table_remove_all (self->similar);
  self->kept = 0;
}

static void
wsd_run_builder_finalize (GObject *object)
{
  WsdRunBuilder *self = WSD_RUN_BUILDER (object);

  clear_run_state (self);
  g_hash_table_unref (self->similar);
  g_clear_pointer (&self->manual_request, wsd_evidence_free);
  g_ptr_array_unref (self->runs);
  g_ptr_array_unref (self->before_first);
  g_free (self->server);
  g_free (self->source_path);
  G_OBJECT_CLASS (wsd_run_builder_parent_class)->finalize (object);
}

static void
wsd_run_builder_class_init (WsdRunBuilderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wsd_run_builder_finalize;
}

static void
wsd_run_builder_init (WsdRunBuilder *self)
{
  self->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_free);
  self->before_first = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_evidence_free);
  self->similar = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

WsdRunBuilder *
wsd_run_builder_new (const char *server)
{
  WsdRunBuilder *self = g_object_new (WSD_TYPE_RUN_BUILDER, NULL);

  self->server = g_strdup (server);
  return self;
}

void
wsd_run_builder_set_source (WsdRunBuilder *self, const char *source_path)
{
  g_free (self->source_path);
  self->source_path = g_strdup (source_path);
}

static gboolean
marker_starts_run (WsdLogMarker marker)
{
  return marker == WSD_LOG_MARKER_START_SCHEDULED || marker == WSD_LOG_MARKER_START_MANUAL ||
         marker == WSD_LOG_MARKER_MANUAL_REQUEST;
}

/* SyncFinish is not among them: the content phase can still follow it. */
static gboolean
marker_ends_run (WsdLogMarker marker)
{
  return marker == WSD_LOG_MARKER_SUCCEEDED || marker == WSD_LOG_MARKER_FAILED ||
         marker == WSD_LOG_MARKER_OTHER_END || marker == WSD_LOG_MARKER_SERVICE_START;
}

gboolean
wsd_run_builder_filter (const WsdLogRecord *head, gpointer builder)
{
  WsdRunBuilder *self = builder;
  WsdLogMarker marker = wsd_log_marker_classify (head);

  if (marker != WSD_LOG_MARKER_NONE)
    {
      if (marker_starts_run (marker))
        self->filter_inside_run = TRUE;
      else if (marker_ends_run (marker))
        self->filter_inside_run = FALSE;
      return TRUE;
    }
  return wsd_log_record_is_notable (head, self->filter_inside_run);
}

static WsdEvidence *
evidence_from_record (WsdRunBuilder *self, const WsdLogRecord *record)
{
  WsdEvidence *evidence = wsd_evidence_new ();

  evidence->kind = WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG;
  evidence->source_path = g_strdup (self->source_path);
  evidence->line = record->line;
  evidence->offset = record->offset;
  evidence->time = record->time;
  evidence->level = record->level;
  evidence->component = g_strdup (record->component);
  evidence->text = g_strndup (record->text, record->text_len);
  evidence->event_id = record->event_id;
  return evidence;
}

/* The message of an "EventId=…,Message=TEXT" line, or the whole message. */
static char *
event_message (const WsdLogRecord *record)
{
  const char *at = g_strstr_len (record->message, record->message_len, "Message=");

  if (at == NULL)
    return g_strndup (record->message, record->message_len);
  at += strlen ("Message=");
  return g_strndup (at, record->message + record->message_len - at);
}

static WsdRun *
current_target (WsdRunBuilder *self)
{
  return self->state == RUN_NONE ? NULL : self->run;
}

/* Whether a record that is not a lifecycle marker fits under the caps. */
static gboolean
admit_similar (WsdRunBuilder *self, const WsdLogRecord *record)
{
  const char *nl = memchr (record->message, '\n', record->message_len);
  gsize first_len = MIN (nl != NULL ? (gsize) (nl - record->message) : record->message_len, SIGNATURE_BYTES);
  g_autofree char *signature = NULL;
  guint count;

  if (self->kept >= WSD_RUN_BUILDER_MAX_EVIDENCE)
    return FALSE;
  signature = g_strdup_printf ("%s\t%.*s", record->component, (int) first_len, record->message);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->similar, signature));
  if (count >= WSD_RUN_BUILDER_MAX_SIMILAR)
    return FALSE;
  g_hash_table_insert (self->similar, g_steal_pointer (&signature), GUINT_TO_POINTER (count + 1));
  return TRUE;
}

static void
keep (WsdRunBuilder *self, WsdEvidence *evidence)
{
  WsdRun *run = current_target (self);

  self->kept++;
  if (run != NULL)
    wsd_run_add_evidence (run, evidence);
  else
    g_ptr_array_add (self->before_first, evidence);
}

/* Fills the error fields of the latest run from what was seen in it. */
static void
settle_run (WsdRunBuilder *self)
{
  WsdRun *run = self->run;
  const char *text;

  if (run == NULL)
    return;
  error_record_clear (&self->late_error);   /* no completion followed it */
  if (self->final_error.owned)
    {
      wsd_run_add_evidence (run, self->final_error.evidence);
      self->final_error.owned = FALSE;
    }
  if (run->result == WSD_RESULT_SUCCEEDED)
    return;

  text = self->final_error.text != NULL ? self->final_error.text : self->failure_message;
  if (text == NULL)
    return;
  g_free (run->error_text);
  run->error_text = g_strdup (text);
  g_free (run->error);
  run->error = g_strdup (wsd_log_find_sync_error (text));
  if (run->error == NULL && self->failure_message != NULL)
    run->error = g_strdup (wsd_log_find_sync_error (self->failure_message));

  run->phase = wsd_log_phase_from_text (self->final_error.text);
  if (run->phase == WSD_PHASE_UNKNOWN && self->final_error.component != NULL)
    run->phase = wsd_log_phase_from_component (self->final_error.component);
  if (run->phase == WSD_PHASE_UNKNOWN && self->content_failed)
    run->phase = WSD_PHASE_CONTENT;
  if (run->phase == WSD_PHASE_UNKNOWN && self->retry_text != NULL)
    run->phase = wsd_log_phase_from_text (self->retry_text);
}

static gboolean
run_in_progress (WsdRunBuilder *self)
{
  return self->state == RUN_OPEN || self->state == RUN_FINISHING;
}

static void
end_open_run (WsdRunBuilder *self, WsdResult result, gint64 finished)
{
  if (!run_in_progress (self))
    return;
  self->run->result = result;
  self->run->finished = finished;
  self->state = RUN_ENDED;
}

static void
begin_run (WsdRunBuilder *self, WsdRunType type, gint64 started)
{
  WsdRun *run = wsd_run_new ();

  if (self->state == RUN_OPEN)
    end_open_run (self, WSD_RESULT_UNKNOWN, 0);   /* no completion was logged */
  self->state = self->state == RUN_FINISHING ? RUN_ENDED : self->state;   /* keeps SyncFinish's result */
  settle_run (self);
  clear_run_state (self);

  run->server = g_strdup (self->server);
  run->started = started;
  run->type = type;
  run->result = WSD_RESULT_RUNNING;
  g_ptr_array_add (self->runs, run);
  self->run = run;
  self->state = RUN_OPEN;
}

/* A pending manual request that no 382 took: evidence where it falls. */
static void
release_manual_request (WsdRunBuilder *self)
{
  if (self->manual_request != NULL)
    keep (self, g_steal_pointer (&self->manual_request));
}

/* An error of a run in progress; after SyncFinish it waits for the
 * completion line that says the run failed after all. */
static void
note_error_record (WsdRunBuilder *self, const WsdLogRecord *record, WsdEvidence *evidence, gboolean kept)
{
  error_record_set (self->state == RUN_FINISHING ? &self->late_error : &self->final_error, record, evidence, kept);
}

void
wsd_run_builder_add_record (WsdRunBuilder *self, const WsdLogRecord *record)
{
  WsdLogMarker marker = wsd_log_marker_classify (record);
  gboolean inside = run_in_progress (self);
  WsdEvidence *evidence;

  if (marker == WSD_LOG_MARKER_NONE)
    {
      gboolean is_final_candidate = inside && record->level == WSD_LEVEL_ERROR &&
                                    !wsd_log_is_health_component (record->component);
      gboolean admitted;

      if (!wsd_log_record_is_notable (record, inside))
        return;
      if (g_strstr_len (record->message, record->message_len, "Action: Retry") != NULL)
        {
          g_free (self->retry_text);
          self->retry_text = g_strndup (record->message, record->message_len);
        }
      admitted = admit_similar (self, record);
      if (!admitted && !is_final_candidate)
        return;
      evidence = evidence_from_record (self, record);
      if (is_final_candidate)
        note_error_record (self, record, evidence, admitted);
      if (admitted)
        keep (self, evidence);
      return;
    }

  evidence = evidence_from_record (self, record);
  switch (marker)
    {
    case WSD_LOG_MARKER_MANUAL_REQUEST:
      release_manual_request (self);
      self->manual_request = evidence;
      return;

    case WSD_LOG_MARKER_START_MANUAL:
      {
        WsdEvidence *request = self->manual_request;
        gboolean tied = request != NULL && request->time <= record->time + G_USEC_PER_SEC &&
                        record->time - request->time <= WSD_RUN_BUILDER_MANUAL_WINDOW;

        if (!tied)
          release_manual_request (self);
        begin_run (self, WSD_RUN_TYPE_MANUAL, tied ? request->time : record->time);
        if (tied)
          keep (self, g_steal_pointer (&self->manual_request));
        keep (self, evidence);
        return;
      }

    case WSD_LOG_MARKER_START_SCHEDULED:
      release_manual_request (self);
      begin_run (self, WSD_RUN_TYPE_SCHEDULED, record->time);
      keep (self, evidence);
      return;

    case WSD_LOG_MARKER_SUCCEEDED:
    case WSD_LOG_MARKER_FAILED:
    case WSD_LOG_MARKER_OTHER_END:
      {
        WsdResult result = marker == WSD_LOG_MARKER_SUCCEEDED ? WSD_RESULT_SUCCEEDED :
                           marker == WSD_LOG_MARKER_FAILED ? WSD_RESULT_FAILED : WSD_RESULT_CANCELED;

        if (self->state == RUN_FINISHING && record->time - self->run->finished > FINISHING_WINDOW)
          self->state = RUN_ENDED;
        if (!run_in_progress (self))
          {
            /* The log begins inside this run: it is known from its end only. */
            if (self->state == RUN_ENDED && self->run->finished != 0 &&
                record->time - self->run->finished < WSD_RUN_BUILDER_MANUAL_WINDOW)
              {
                keep (self, evidence);   /* a second completion line of the same run */
                return;
              }
            begin_run (self, WSD_RUN_TYPE_UNKNOWN, record->time);
          }
        if (marker == WSD_LOG_MARKER_FAILED)
          {
            g_free (self->failure_message);
            self->failure_message = event_message (record);
            if (self->late_error.text != NULL)
              error_record_move (&self->final_error, &self->late_error);
          }
        end_open_run (self, result, record->time);
        keep (self, evidence);
        return;
      }

    case WSD_LOG_MARKER_SYNC_FINISH:
      /* The catalog part is over; a 384/386/387 that follows before the
       * next start still completes this run (weighing rule 7). Until then
       * the result is failed when an error was seen, else unknown. */
      if (self->state == RUN_OPEN)
        {
          self->run->result = self->final_error.evidence != NULL ? WSD_RESULT_FAILED : WSD_RESULT_UNKNOWN;
          self->run->finished = record->time;
          self->state = RUN_FINISHING;
        }
      keep (self, evidence);
      return;

    case WSD_LOG_MARKER_SERVICE_START:
      if (self->state == RUN_FINISHING)
        self->state = RUN_ENDED;   /* SyncFinish had the last word */
      end_open_run (self, WSD_RESULT_UNKNOWN, 0);   /* the restart cut the run short */
      keep (self, evidence);
      return;

    case WSD_LOG_MARKER_CONTENT_FAILED:
      if (self->state != RUN_NONE)
        self->content_failed = TRUE;
      keep (self, evidence);
      return;

    case WSD_LOG_MARKER_COUNTS:
      if (self->run != NULL && self->state != RUN_NONE)
        wsd_log_parse_counts (evidence->text, &self->run->new_updates,
                              &self->run->revised_updates, &self->run->expired_updates);
      keep (self, evidence);
      return;

    case WSD_LOG_MARKER_CONTENT_START:
    case WSD_LOG_MARKER_NONE:
    default:
      keep (self, evidence);
      return;
    }
}

static int
compare_started (gconstpointer a, gconstpointer b)
{
  const WsdRun *ra = *(WsdRun *const *) a;
  const WsdRun *rb = *(WsdRun *const *) b;

  return (ra->started > rb->started) - (ra->started < rb->started);
}

GPtrArray *
wsd_run_builder_finish (WsdRunBuilder *self, GPtrArray *out_loose)
{
  GPtrArray *runs;

  if (self->manual_request != NULL)
    {
      /* The log ends right after an admin asked for a sync. */
      WsdEvidence *request = g_steal_pointer (&self->manual_request);
      begin_run (self, WSD_RUN_TYPE_MANUAL, request->time);
      keep (self, request);
    }
  settle_run (self);   /* an open run stays "running": the log ends inside it */

  if (self->before_first->len > 0 && self->runs->len > 0)
    {
      /* records before the first run belong to it, ahead of its own */
      WsdRun *first = g_ptr_array_index (self->runs, 0);
      GPtrArray *merged = g_ptr_array_new_full (self->before_first->len + first->evidence->len,
                                                (GDestroyNotify) wsd_evidence_free);

      for (guint i = 0; i < self->before_first->len; i++)
        g_ptr_array_add (merged, self->before_first->pdata[i]);
      for (guint i = 0; i < first->evidence->len; i++)
        g_ptr_array_add (merged, first->evidence->pdata[i]);
      g_ptr_array_set_free_func (first->evidence, NULL);
      g_ptr_array_unref (first->evidence);
      first->evidence = merged;
      g_ptr_array_set_free_func (self->before_first, NULL);
      g_ptr_array_set_size (self->before_first, 0);
      g_ptr_array_set_free_func (self->before_first, (GDestroyNotify) wsd_evidence_free);
    }
  else if (self->before_first->len > 0 && out_loose != NULL)
    {
      for (guint i = 0; i < self->before_first->len; i++)
        g_ptr_array_add (out_loose, self->before_first->pdata[i]);
      g_ptr_array_set_free_func (self->before_first, NULL);
      g_ptr_array_set_size (self->before_first, 0);
      g_ptr_array_set_free_func (self->before_first, (GDestroyNotify) wsd_evidence_free);
    }
  g_ptr_array_set_size (self->before_first, 0);

  runs = g_steal_pointer (&self->runs);
  g_ptr_array_sort (runs, compare_started);
  self->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_free);
  self->run = NULL;
  self->state = RUN_NONE;
  clear_run_state (self);
  return runs;
}
