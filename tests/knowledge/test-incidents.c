/* test-incidents.c: retry incidents and the retry-schedule note. */
#include "kb-fixtures.h"
#include "wsd-incidents.h"

#define SCHED WSD_RUN_TYPE_SCHEDULED
#define MANUAL WSD_RUN_TYPE_MANUAL
#define FAILED WSD_RESULT_FAILED
#define OK WSD_RESULT_SUCCEEDED

static WsdRun *
failing (const char *server, const char *started, WsdRunType type)
{
  WsdRun *run = fx_run (server, started, type, FAILED);
  fx_add (run, WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG, WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", 3,
          "WebException: The request failed with HTTP status 503: Service Unavailable.");
  return run;
}

static void
test_downstream_retries (void)
{
  g_autoptr(WsdServer) server = fx_server ("br", "{\"name\":\"br\",\"sync_from_microsoft_update\":false,"
                                           "\"upstream_server\":\"hq\",\"schedule\":{\"first_sync_utc\":\"03:00:00\"}}");
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_free);
  const char *expected[] = { "first attempt", "retry 1 of 2", "retry 2 of 2" };

  g_ptr_array_add (runs, failing ("br", "2026-10-03T03:00:12Z", SCHED));
  g_ptr_array_add (runs, failing ("br", "2026-10-03T03:15:14Z", SCHED));
  g_ptr_array_add (runs, failing ("br", "2026-10-03T03:20:00Z", MANUAL));
  g_ptr_array_add (runs, failing ("br", "2026-10-03T03:30:15Z", SCHED));
  g_ptr_array_add (runs, fx_run ("br", "2026-10-04T03:00:09Z", SCHED, OK));
  wsd_incidents_assign (runs, server);

  for (guint i = 0; i < 4; i++)
    {
      WsdRun *run = runs->pdata[i];
      WsdDiagnosisContext context = { .run = run, .server = server, .server_runs = runs };
      g_autoptr(GPtrArray) findings = wsd_diagnose_run (fx_kb (), &context);
      WsdFinding *note = fx_find (findings, "retry-schedule");

      if (run->type == MANUAL)
        {
          g_assert_null (run->incident);
          g_assert_null (note);
          continue;
        }
      g_assert_cmpstr (run->incident, ==, ((WsdRun *) runs->pdata[0])->incident);
      g_assert_nonnull (note);
      g_test_message ("%s", note->detail);
      g_assert_nonnull (strstr (note->detail, expected[run->attempt]));
      if (run->attempt < 2)
        g_assert_nonnull (strstr (note->detail, "about 15 minutes later"));
      else
        g_assert_nonnull (strstr (note->detail, "2026-10-04 03:00 UTC, the scheduled synchronization time"));
      g_assert_cmpstr (fx_top (findings), ==, "upstream-service-unavailable");
    }
  g_assert_null (((WsdRun *) runs->pdata[4])->incident);
}

static void
test_no_note (void)
{
  g_autoptr(WsdServer) mu = fx_server ("mu", "{\"name\":\"mu\",\"sync_from_microsoft_update\":true}");
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_free);
  g_autoptr(GPtrArray) cm = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_free);
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_free);

  /* A server that syncs from Microsoft Update is never in a retry incident. */
  g_ptr_array_add (runs, failing ("mu", "2026-10-03T03:00:12Z", SCHED));
  g_ptr_array_add (runs, failing ("mu", "2026-10-03T03:15:14Z", SCHED));
  g_ptr_array_add (runs, failing ("mu", "2026-10-03T03:30:15Z", SCHED));
  wsd_incidents_assign (runs, mu);
  for (guint i = 0; i < runs->len; i++)
    g_assert_null (((WsdRun *) runs->pdata[i])->incident);

  /* ConfigMgr's hourly retries: one incident, no note. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *when = g_strdup_printf ("2026-10-20T0%u:00:02Z", 3 + i);
      WsdRun *run = failing ("cm01", when, SCHED);
      run->configmgr = TRUE;
      g_ptr_array_add (cm, run);
    }
  wsd_incidents_assign (cm, NULL);
  for (guint i = 0; i < cm->len; i++)
    {
      WsdRun *run = cm->pdata[i];
      WsdDiagnosisContext context = { .run = run, .server_runs = cm };
      g_autoptr(GPtrArray) findings = wsd_diagnose_run (fx_kb (), &context);
      g_assert_nonnull (run->incident);
      g_assert_cmpint (run->attempt, ==, (int) i);
      g_assert_null (fx_find (findings, "retry-schedule"));
    }

  /* Without facts, the 15/30-minute pattern alone makes a downstream. */
  g_ptr_array_add (unknown, failing (NULL, "2026-11-10T02:00:10Z", SCHED));
  g_ptr_array_add (unknown, failing (NULL, "2026-11-10T02:15:11Z", SCHED));
  g_ptr_array_add (unknown, fx_run (NULL, "2026-11-10T02:30:13Z", SCHED, OK));
  wsd_incidents_assign (unknown, NULL);
  g_assert_nonnull (((WsdRun *) unknown->pdata[0])->incident);
  g_assert_cmpint (((WsdRun *) unknown->pdata[2])->attempt, ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/incidents/downstream-retries", test_downstream_retries);
  g_test_add_func ("/incidents/no-note", test_no_note);
  return g_test_run ();
}
