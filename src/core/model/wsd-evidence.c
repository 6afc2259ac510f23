/* wsd-evidence.c */
#include "wsd-evidence.h"

WsdEvidence *
wsd_evidence_new (void)
{
  WsdEvidence *self = g_new0 (WsdEvidence, 1);
  self->offset = -1;
  return self;
}

WsdEvidence *
wsd_evidence_copy (const WsdEvidence *other)
{
  WsdEvidence *self;

  g_return_val_if_fail (other != NULL, NULL);

  self = g_new0 (WsdEvidence, 1);
  *self = *other;
  self->source_path = g_strdup (other->source_path);
  self->component = g_strdup (other->component);
  self->text = g_strdup (other->text);
  return self;
}

void
wsd_evidence_free (WsdEvidence *self)
{
  if (self == NULL)
    return;
  g_free (self->source_path);
  g_free (self->component);
  g_free (self->text);
  g_free (self);
}
