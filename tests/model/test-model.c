/* test-model.c: enum spellings, time helpers and server fact look-ups. */
#include "wsd-run.h"
#include "wsd-server.h"
#include "wsd-probe-result.h"

static void
test_enum_round_trip (void)
{
  for (int r = WSD_RESULT_UNKNOWN; r <= WSD_RESULT_RUNNING; r++)
    g_assert_cmpint (wsd_result_from_string (wsd_result_to_string (r)), ==, r);
  g_assert_cmpstr (wsd_phase_to_string (WSD_PHASE_NONE), ==, NULL);
  g_assert_cmpint (wsd_phase_from_string ("content"), ==, WSD_PHASE_CONTENT);
  g_assert_cmpint (wsd_role_from_string ("Replica"), ==, WSD_ROLE_REPLICA);
  g_assert_cmpstr (wsd_run_type_to_string (WSD_RUN_TYPE_MANUAL), ==, "manual");
}

static void
test_time_iso (void)
{
  gint64 t = wsd_time_parse_iso ("2026-11-20T03:00:12Z");
  g_autofree char *text = wsd_time_format_iso (t);

  g_assert_cmpint (t, ==, G_GINT64_CONSTANT (1795143612) * G_USEC_PER_SEC);
  g_assert_cmpstr (text, ==, "2026-11-20T03:00:12Z");
  g_assert_cmpint (wsd_time_parse_iso ("not a date"), ==, 0);
  g_assert_cmpint (wsd_time_parse_iso ("2026-11-20T04:00:12+01:00"), ==, t);
}

static void
test_server_facts (void)
{
  g_autoptr(WsdServer) server = wsd_server_new ("wsus01");
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 port = 0;
  gboolean ssl = FALSE;

  g_assert_true (json_parser_load_from_data (parser,
    "{\"upstream_server\":\"hq\",\"upstream_port\":8531,\"upstream_use_ssl\":true,"
    "\"proxy\":{\"host\":\"proxy.corp\"},\"services\":{\"BITS\":{\"start_type\":\"Disabled\"}}}", -1, NULL));
  server->facts = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  g_assert_cmpstr (wsd_server_fact_string (server, "proxy.host"), ==, "proxy.corp");
  g_assert_cmpstr (wsd_server_fact_string (server, "services.BITS.start_type"), ==, "Disabled");
  g_assert_null (wsd_server_fact_string (server, "proxy.missing"));
  g_assert_true (wsd_server_fact_int (server, "upstream_port", &port));
  g_assert_cmpint (port, ==, 8531);
  g_assert_true (wsd_server_fact_bool (server, "upstream_use_ssl", &ssl));
  g_assert_true (ssl);
  g_assert_cmpint (wsd_server_role_from_facts (server), ==, WSD_ROLE_DOWNSTREAM);
}

static void
test_probe_json_round_trip (void)
{
  g_autoptr(WsdProbeResult) result = wsd_probe_result_new ();
  g_autoptr(WsdProbeResult) back = NULL;
  g_autofree char *json = NULL;
  WsdProbeTarget *target = wsd_probe_target_new ("hq:8531", "upstream");
  WsdProbeStep *step = wsd_probe_step_new (WSD_PROBE_STEP_TCP, WSD_PROBE_STATUS_FAILED);

  step->rule = g_strdup ("firewall-blocked");
  step->elapsed_ms = 3000;
  g_ptr_array_add (target->steps, step);
  g_ptr_array_add (result->targets, target);
  result->started = wsd_time_parse_iso ("2026-11-20T09:00:00Z");
  json = wsd_probe_result_to_json (result);
  back = wsd_probe_result_from_json (json, NULL);
  g_assert_nonnull (back);
  g_assert_cmpint (back->started, ==, result->started);
  target = g_ptr_array_index (back->targets, 0);
  step = g_ptr_array_index (target->steps, 0);
  g_assert_cmpint (step->step, ==, WSD_PROBE_STEP_TCP);
  g_assert_cmpstr (step->rule, ==, "firewall-blocked");
  g_assert_cmpint (step->elapsed_ms, ==, 3000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model/enums", test_enum_round_trip);
  g_test_add_func ("/model/time-iso", test_time_iso);
  g_test_add_func ("/model/server-facts", test_server_facts);
  g_test_add_func ("/model/probe-json", test_probe_json_round_trip);
  return g_test_run ();
}
