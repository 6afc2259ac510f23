/* wsd-finding.c */
#include "wsd-finding.h"

WsdFinding *
wsd_finding_new (const char *rule, WsdFindingKind kind)
{
  WsdFinding *self = g_new0 (WsdFinding, 1);
  self->rule = g_strdup (rule);
  self->kind = kind;
  self->evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_evidence_free);
  return self;
}

WsdFinding *
wsd_finding_copy (const WsdFinding *other)
{
  WsdFinding *self = wsd_finding_new (other->rule, other->kind);

  self->title = g_strdup (other->title);
  self->summary = g_strdup (other->summary);
  self->steps = g_strdupv (other->steps);
  self->notes = g_strdup (other->notes);
  self->references = g_strdupv (other->references);
  self->detail = g_strdup (other->detail);
  self->confidence = other->confidence;
  for (guint i = 0; i < other->evidence->len; i++)
    g_ptr_array_add (self->evidence, wsd_evidence_copy (g_ptr_array_index (other->evidence, i)));
  return self;
}

void
wsd_finding_free (WsdFinding *self)
{
  if (self == NULL)
    return;
  g_free (self->rule);
  g_free (self->title);
  g_free (self->summary);
  g_strfreev (self->steps);
  g_free (self->notes);
  g_strfreev (self->references);
  g_free (self->detail);
  g_ptr_array_unref (self->evidence);
  g_free (self);
}
