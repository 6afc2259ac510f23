/* wsd-prober.c */
#include "wsd-config.h"

#include <string.h>
#include <curl/curl.h>
#include <glib/gi18n-lib.h>

#include "wsd-prober.h"
#include "wsd-probe-steps.h"

struct _WsdProber
{
  GObject   parent_instance;
  gint64    timeout_ms;
  char     *extra_ca_file;
  gboolean  authorization_cookie;
};

G_DEFINE_FINAL_TYPE (WsdProber, wsd_prober, G_TYPE_OBJECT)

/* One run, shared by the target threads (reference counted). The result
 * is only touched on the caller's context. */
typedef struct {
  WsdProber         *prober;
  GMainContext      *context;
  GTask             *task;
  WsdProbeSettings   settings;
  GPtrArray         *specs;
  WsdProbeResult    *result;
  WsdProberStepFunc  step_func;
  gpointer           step_data;
  GDestroyNotify     step_data_destroy;
  guint              pending;
} ProbeRun;

typedef struct {
  ProbeRun     *run;
  guint         index;
  WsdProbeStep *step;      /* NULL: the target is done */
} ProbeEvent;

static void
probe_run_free (ProbeRun *run)
{
  g_clear_object (&run->prober);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_object (&run->task);
  g_clear_pointer (&run->settings.ca_bundle, g_bytes_unref);
  g_clear_object (&run->settings.cancellable);
  g_clear_pointer (&run->specs, g_ptr_array_unref);
  g_clear_pointer (&run->result, wsd_probe_result_free);
  if (run->step_data_destroy != NULL)
    run->step_data_destroy (run->step_data);
}

static ProbeRun *
probe_run_ref (ProbeRun *run)
{
  return g_atomic_rc_box_acquire (run);
}

static void
probe_run_unref (ProbeRun *run)
{
  g_atomic_rc_box_release_full (run, (GDestroyNotify) probe_run_free);
}

static void
wsd_prober_finalize (GObject *object)
{
  WsdProber *self = WSD_PROBER (object);

  g_free (self->extra_ca_file);
  G_OBJECT_CLASS (wsd_prober_parent_class)->finalize (object);
}

static void
wsd_prober_class_init (WsdProberClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wsd_prober_finalize;
  curl_global_init (CURL_GLOBAL_DEFAULT);
}

static void
wsd_prober_init (WsdProber *self)
{
  self->timeout_ms = WSD_PROBER_DEFAULT_TIMEOUT_MS;
}

WsdProber *
wsd_prober_new (void)
{
  return g_object_new (WSD_TYPE_PROBER, NULL);
}

void
wsd_prober_set_step_timeout (WsdProber *self, gint64 timeout_ms)
{
  g_return_if_fail (WSD_IS_PROBER (self));
  self->timeout_ms = CLAMP (timeout_ms, 100, 600000);
}

gint64
wsd_prober_get_step_timeout (WsdProber *self)
{
  return self->timeout_ms;
}

void
wsd_prober_set_extra_ca_file (WsdProber *self, const char *path)
{
  g_return_if_fail (WSD_IS_PROBER (self));
  g_free (self->extra_ca_file);
  self->extra_ca_file = g_strdup (path);
}

void
wsd_prober_set_authorization_cookie (WsdProber *self, gboolean enabled)
{
  self->authorization_cookie = enabled;
}

/* CURLOPT_CAINFO would replace the system bundle; the extra CA must add to
 * it, so both go into one in-memory PEM blob. */
static GBytes *
load_ca_bundle (const char *extra_path, GError **error)
{
  const curl_version_info_data *version = curl_version_info (CURLVERSION_NOW);
  const char *candidates[] = {
    version->cainfo, "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
  };
  g_autoptr(GString) bundle = g_string_new (NULL);
  g_autofree char *extra = NULL;
  gsize extra_length = 0;

  if (!g_file_get_contents (extra_path, &extra, &extra_length, error))
    return NULL;
  if (strstr (extra, "-----BEGIN CERTIFICATE-----") == NULL)
    {
      g_set_error (error, WSD_ERROR, WSD_ERROR_INVALID,
                   _("%s: no PEM certificate (-----BEGIN CERTIFICATE-----) in the CA file"), extra_path);
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *system = NULL;
      gsize length = 0;

      if (candidates[i] != NULL && g_file_get_contents (candidates[i], &system, &length, NULL))
        {
          g_string_append_len (bundle, system, length);
          g_string_append_c (bundle, '\n');
          break;
        }
    }
  g_string_append_len (bundle, extra, extra_length);
  return g_string_free_to_bytes (g_steal_pointer (&bundle));
}

static gboolean
deliver_event (gpointer data)
{
  ProbeEvent *event = data;
  ProbeRun *run = event->run;
  WsdProbeTarget *target = g_ptr_array_index (run->result->targets, event->index);

  if (event->step != NULL)
    {
      g_ptr_array_add (target->steps, event->step);
      if (run->step_func != NULL)
        run->step_func (run->prober, event->index, target, event->step, run->step_data);
      event->step = NULL;
    }
  else if (--run->pending == 0)
    {
      GTask *task = g_steal_pointer (&run->task);

      if (g_cancellable_is_cancelled (run->settings.cancellable))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The check was canceled"));
      else
        g_task_return_pointer (task, g_steal_pointer (&run->result), (GDestroyNotify) wsd_probe_result_free);
      g_object_unref (task);
    }
  return G_SOURCE_REMOVE;
}

static void
event_free (ProbeEvent *event)
{
  wsd_probe_step_free (event->step);
  probe_run_unref (event->run);
  g_free (event);
}

static void
post_event (ProbeRun *run, guint index, WsdProbeStep *step)
{
  ProbeEvent *event = g_new0 (ProbeEvent, 1);
  GSource *source;

  event->run = probe_run_ref (run);
  event->index = index;
  event->step = step;
  /* Always through a source: g_main_context_invoke() would run the
   * callback right here, on the probe thread, whenever the caller's
   * context happens to be free. One priority keeps the events in order. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_event, event, (GDestroyNotify) event_free);
  g_source_set_static_name (source, "[wsd-prober] step");
  g_source_attach (source, run->context);
  g_source_unref (source);
}

typedef struct {
  ProbeRun *run;
  guint     index;
} TargetThread;

static void
on_step_done (WsdProbeStep *step, gpointer user_data)
{
  TargetThread *thread = user_data;

  post_event (thread->run, thread->index, step);
}

static gpointer
target_thread (gpointer data)
{
  TargetThread *thread = data;
  ProbeRun *run = thread->run;

  wsd_probe_run_target (g_ptr_array_index (run->specs, thread->index), &run->settings, on_step_done, thread);
  post_event (run, thread->index, NULL);
  probe_run_unref (run);
  g_free (thread);
  return NULL;
}

void
wsd_prober_run_async (WsdProber *self, GPtrArray *targets, const char *server,
                      WsdProberStepFunc step_func, gpointer step_data, GDestroyNotify step_data_destroy,
                      GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ProbeRun *run;

  g_return_if_fail (WSD_IS_PROBER (self));
  g_return_if_fail (targets != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wsd_prober_run_async);

  run = g_atomic_rc_box_new0 (ProbeRun);
  run->prober = g_object_ref (self);
  run->context = g_main_context_ref_thread_default ();
  run->settings.timeout_ms = self->timeout_ms;
  run->settings.authorization_cookie = self->authorization_cookie;
  run->settings.cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  run->step_func = step_func;
  run->step_data = step_data;
  run->step_data_destroy = step_data_destroy;
  run->specs = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_probe_target_spec_free);
  run->result = wsd_probe_result_new ();
  run->result->started = g_get_real_time ();
  run->result->server = g_strdup (server);

  if (self->extra_ca_file != NULL
      && (run->settings.ca_bundle = load_ca_bundle (self->extra_ca_file, &error)) == NULL)
    {
      probe_run_unref (run);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < targets->len; i++)
    {
      const WsdProbeTargetSpec *spec = g_ptr_array_index (targets, i);
      g_autofree char *name = wsd_probe_target_spec_dup_name (spec);

      g_ptr_array_add (run->specs, wsd_probe_target_spec_copy (spec));
      g_ptr_array_add (run->result->targets, wsd_probe_target_new (name, spec->kind));
    }
  if (targets->len == 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&run->result), (GDestroyNotify) wsd_probe_result_free);
      probe_run_unref (run);
      return;
    }

  run->task = g_steal_pointer (&task);
  run->pending = targets->len;
  for (guint i = 0; i < targets->len; i++)
    {
      TargetThread *thread = g_new0 (TargetThread, 1);
      GThread *handle;

      thread->run = probe_run_ref (run);
      thread->index = i;
      /* One thread per target, not the GTask pool: the pool grows slowly,
       * and a dozen targets silently dropped would wait their turn. */
      handle = g_thread_try_new ("wsd-probe", target_thread, thread, &error);
      if (handle == NULL)
        {
          g_warning ("cannot start a probe thread: %s", error->message);
          g_clear_error (&error);
          target_thread (thread);   /* probe it on this thread instead */
        }
      else
        g_thread_unref (handle);
    }
  probe_run_unref (run);
}

WsdProbeResult *
wsd_prober_run_finish (WsdProber *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  GAsyncResult *result;
} SyncWait;

static void
on_sync_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SyncWait *wait = user_data;

  wait->result = g_object_ref (result);
}

WsdProbeResult *
wsd_prober_run (WsdProber *self, GPtrArray *targets, const char *server,
                WsdProberStepFunc step_func, gpointer step_data,
                GCancellable *cancellable, GError **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncWait wait = { NULL };
  WsdProbeResult *result;

  g_main_context_push_thread_default (context);
  wsd_prober_run_async (self, targets, server, step_func, step_data, NULL, cancellable, on_sync_done, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (context, TRUE);
  result = wsd_prober_run_finish (self, wait.result, error);
  g_object_unref (wait.result);
  g_main_context_pop_thread_default (context);
  return result;
}

gboolean
wsd_probe_result_has_failure (const WsdProbeResult *result)
{
  for (guint i = 0; i < result->targets->len; i++)
    {
      WsdProbeTarget *target = g_ptr_array_index (result->targets, i);

      for (guint j = 0; j < target->steps->len; j++)
        if (((WsdProbeStep *) g_ptr_array_index (target->steps, j))->status == WSD_PROBE_STATUS_FAILED)
          return TRUE;
    }
  return FALSE;
}
