/* wsd-import-batch.c */
#include "wsd-import-batch.h"

WsdSource *
wsd_source_new (const char *path, const char *format)
{
  WsdSource *self = g_new0 (WsdSource, 1);
  self->path = g_strdup (path);
  self->format = g_strdup (format);
  return self;
}

void
wsd_source_free (WsdSource *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_free (self->fingerprint);
  g_free (self->format);
  g_free (self);
}

WsdImportBatch *
wsd_import_batch_new (void)
{
  WsdImportBatch *self = g_new0 (WsdImportBatch, 1);
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_source_free);
  self->servers = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_server_free);
  self->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_free);
  self->loose_evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_evidence_free);
  self->loose_servers = g_ptr_array_new_with_free_func (g_free);
  self->skipped = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
wsd_import_batch_free (WsdImportBatch *self)
{
  if (self == NULL)
    return;
  g_free (self->server_override);
  g_ptr_array_unref (self->sources);
  g_ptr_array_unref (self->servers);
  g_ptr_array_unref (self->runs);
  g_ptr_array_unref (self->loose_evidence);
  g_ptr_array_unref (self->loose_servers);
  g_ptr_array_unref (self->skipped);
  g_free (self);
}

void
wsd_import_batch_add_loose_evidence (WsdImportBatch *self,
                                     const char     *server,
                                     WsdEvidence    *evidence)
{
  g_ptr_array_add (self->loose_evidence, evidence);
  g_ptr_array_add (self->loose_servers, g_strdup (server));
}
