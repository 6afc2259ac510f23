/* wsd-analysis.c: containers of the whole diagnosis. */
#include "wsd-analysis.h"

WsdRunDiagnosis *
wsd_run_diagnosis_new (WsdRun *run, GPtrArray *findings)
{
  WsdRunDiagnosis *self = g_new0 (WsdRunDiagnosis, 1);
  self->run = run;
  self->findings = findings != NULL ? findings
                   : g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_finding_free);
  return self;
}

void
wsd_run_diagnosis_free (WsdRunDiagnosis *self)
{
  if (self == NULL)
    return;
  wsd_run_free (self->run);
  g_ptr_array_unref (self->findings);
  g_free (self);
}

WsdAnalysis *
wsd_analysis_new (void)
{
  WsdAnalysis *self = g_new0 (WsdAnalysis, 1);
  self->generated = g_get_real_time ();
  self->servers = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_server_free);
  self->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_diagnosis_free);
  self->config_findings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_ptr_array_unref);
  self->probes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) wsd_probe_result_free);
  return self;
}

void
wsd_analysis_free (WsdAnalysis *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->servers);
  g_ptr_array_unref (self->runs);
  g_hash_table_unref (self->config_findings);
  g_hash_table_unref (self->probes);
  g_free (self);
}
