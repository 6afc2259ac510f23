/* wsd-run.c */
#include "wsd-run.h"

WsdUpdateError *
wsd_update_error_new (void)
{
  WsdUpdateError *self = g_new0 (WsdUpdateError, 1);
  self->revision = -1;
  return self;
}

WsdUpdateError *
wsd_update_error_copy (const WsdUpdateError *other)
{
  WsdUpdateError *self = g_new0 (WsdUpdateError, 1);
  self->update_id = g_strdup (other->update_id);
  self->revision = other->revision;
  self->error = g_strdup (other->error);
  self->error_text = g_strdup (other->error_text);
  return self;
}

void
wsd_update_error_free (WsdUpdateError *self)
{
  if (self == NULL)
    return;
  g_free (self->update_id);
  g_free (self->error);
  g_free (self->error_text);
  g_free (self);
}

WsdRun *
wsd_run_new (void)
{
  WsdRun *self = g_new0 (WsdRun, 1);
  self->new_updates = self->revised_updates = self->expired_updates = -1;
  self->evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_evidence_free);
  self->update_errors = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_update_error_free);
  return self;
}

WsdRun *
wsd_run_copy (const WsdRun *other)
{
  WsdRun *self = wsd_run_new ();

  self->id = other->id;
  self->server = g_strdup (other->server);
  self->history_id = g_strdup (other->history_id);
  self->started = other->started;
  self->finished = other->finished;
  self->type = other->type;
  self->result = other->result;
  self->error = g_strdup (other->error);
  self->error_text = g_strdup (other->error_text);
  self->phase = other->phase;
  self->approximate_times = other->approximate_times;
  self->configmgr = other->configmgr;
  self->new_updates = other->new_updates;
  self->revised_updates = other->revised_updates;
  self->expired_updates = other->expired_updates;
  self->incident = g_strdup (other->incident);
  self->attempt = other->attempt;
  for (guint i = 0; i < other->evidence->len; i++)
    g_ptr_array_add (self->evidence, wsd_evidence_copy (g_ptr_array_index (other->evidence, i)));
  for (guint i = 0; i < other->update_errors->len; i++)
    g_ptr_array_add (self->update_errors, wsd_update_error_copy (g_ptr_array_index (other->update_errors, i)));
  return self;
}

void
wsd_run_free (WsdRun *self)
{
  if (self == NULL)
    return;
  g_free (self->server);
  g_free (self->history_id);
  g_free (self->error);
  g_free (self->error_text);
  g_free (self->incident);
  g_ptr_array_unref (self->evidence);
  g_ptr_array_unref (self->update_errors);
  g_free (self);
}

void
wsd_run_add_evidence (WsdRun *self, WsdEvidence *evidence)
{
  g_ptr_array_add (self->evidence, evidence);
}
