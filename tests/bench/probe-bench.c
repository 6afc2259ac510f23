/* probe-bench.c: how long a synchronization check takes when half of its
 * targets are silently dropped.
 *
 * 16 targets, 8 of them behind a DROP rule, 3 s per step. Run as root: the
 * program moves into a network namespace of its own (loopback only, gone
 * when it exits), adds an nftables DROP rule for the 8 "dropped" ports and
 * starts nginx through tests/probe/probe-harness.sh for the 8 answering
 * targets (a WSUS-like site each, all steps run).
 *
 * Measured: wall time until the whole result is back, and for each dropped
 * target how long after the start its tcp step was reported. Baselines in
 * the same run: the same 16 targets probed one after the other, and the
 * curl command line on one dropped target with the same timeout.
 *
 *   wsd-probe-bench [--skip-sequential]
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>

#include "wsd-config.h"
#include "wsd-prober.h"

#define TIMEOUT_MS     3000
#define N_DROPPED      8
#define DROPPED_BASE   20000

static const char *answering_keys[] = {
  "HTTP_OK_PORT", "HTTP_BUSY_PORT", "HTTP_UNAVAILABLE_PORT", "HTTP_NOTFOUND_PORT",
  "HTTP_AUTH_PORT", "HTTP_PROTOCOL_PORT", "HTTP_NOTWSUS_PORT", "HTTP_NOCONTENT_PORT",
};

typedef struct {
  gint64 start;
  gint64 reported_ms[64];   /* per target: when its tcp step arrived */
} Timing;

static gboolean
run_quiet (const char * const *argv, const char *stdin_text, char **out)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                     | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, stdin_text, NULL, out, NULL, &error))
    return FALSE;
  return g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0;
}

static void
on_step (WsdProber *prober, guint index, const WsdProbeTarget *target, const WsdProbeStep *step, gpointer data)
{
  Timing *timing = data;

  if (step->step == WSD_PROBE_STEP_TCP && index < G_N_ELEMENTS (timing->reported_ms))
    timing->reported_ms[index] = (g_get_monotonic_time () - timing->start) / 1000;
}

static GHashTable *
read_env (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "env", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return env;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *equal = strchr (lines[i], '=');
      if (equal != NULL)
        g_hash_table_insert (env, g_strndup (lines[i], equal - lines[i]), g_strdup (equal + 1));
    }
  return env;
}

static double
run_curl_baseline (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%d/", DROPPED_BASE);
  const char *argv[] = { "curl", "-s", "-o", "/dev/null", "--connect-timeout", "3", url, NULL };
  gint64 start = g_get_monotonic_time ();

  run_quiet (argv, NULL, NULL);   /* fails with 28, as it should */
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int argc, char **argv)
{
  gboolean skip_sequential = argc > 1 && g_str_equal (argv[1], "--skip-sequential");
  g_autofree char *rules = g_strdup_printf (
    "table inet wsd_probe_bench {\n"
    "  chain input { type filter hook input priority 0; tcp dport %d-%d drop; }\n"
    "}\n",
    DROPPED_BASE, DROPPED_BASE + N_DROPPED - 1);
  const char *lo_up[] = { "ip", "link", "set", "lo", "up", NULL };
  const char *nft[] = { "nft", "-f", "-", NULL };
  g_autofree char *dir = NULL;
  g_autofree char *script = g_build_filename (SOURCE_ROOT, "tests", "probe", "probe-harness.sh", NULL);
  g_autoptr(GHashTable) env = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_probe_target_spec_free);
  g_autoptr(WsdProber) prober = NULL;
  g_autoptr(WsdProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Timing timing = { 0 };
  double wall_ms, sequential_ms = -1, curl_ms;
  gint64 worst_reported = 0, worst_elapsed = 0;
  guint n_steps = 0;

  if (geteuid () != 0 || unshare (CLONE_NEWNET) != 0)
    {
      fprintf (stderr, "wsd-probe-bench: needs root (a network namespace with a DROP rule)\n");
      return 77;
    }
  if (!run_quiet (lo_up, NULL, NULL) || !run_quiet (nft, rules, NULL))
    {
      fprintf (stderr, "wsd-probe-bench: needs ip (iproute2) and nft (nftables)\n");
      return 77;
    }
  dir = g_dir_make_tmp ("wsd-probe-bench-XXXXXX", &error);
  {
    const char *start[] = { "bash", script, "start", dir, "nginx", NULL };
    if (!run_quiet (start, NULL, NULL))
      {
        fprintf (stderr, "wsd-probe-bench: the nginx harness did not start\n");
        return 1;
      }
  }
  env = read_env (dir);

  /* interleaved: answering, dropped, answering, … */
  for (guint i = 0; i < N_DROPPED; i++)
    {
      const char *port = g_hash_table_lookup (env, answering_keys[i]);

      g_ptr_array_add (targets, wsd_probe_target_spec_new ("127.0.0.1", (guint16) atoi (port ? port : "1"), FALSE, "upstream"));
      g_ptr_array_add (targets, wsd_probe_target_spec_new ("127.0.0.1", DROPPED_BASE + i, FALSE, "upstream"));
    }

  prober = wsd_prober_new ();
  wsd_prober_set_step_timeout (prober, TIMEOUT_MS);
  timing.start = g_get_monotonic_time ();
  result = wsd_prober_run (prober, targets, NULL, on_step, &timing, NULL, &error);
  wall_ms = (g_get_monotonic_time () - timing.start) / 1000.0;
  if (result == NULL)
    {
      fprintf (stderr, "wsd-probe-bench: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < result->targets->len; i++)
    {
      WsdProbeTarget *target = g_ptr_array_index (result->targets, i);

      n_steps += target->steps->len;
      if (i % 2 == 1)
        for (guint j = 0; j < target->steps->len; j++)
          {
            WsdProbeStep *step = g_ptr_array_index (target->steps, j);
            if (step->step == WSD_PROBE_STEP_TCP)
              {
                if (step->status != WSD_PROBE_STATUS_FAILED || g_strcmp0 (step->rule, "firewall-blocked") != 0)
                  fprintf (stderr, "wsd-probe-bench: target %u was not reported as dropped\n", i);
                worst_elapsed = MAX (worst_elapsed, step->elapsed_ms);
                worst_reported = MAX (worst_reported, timing.reported_ms[i]);
              }
          }
    }

  if (!skip_sequential)
    {
      gint64 start = g_get_monotonic_time ();

      for (guint i = 0; i < targets->len; i++)
        {
          g_autoptr(GPtrArray) one = g_ptr_array_new ();
          g_autoptr(WsdProbeResult) single = NULL;

          g_ptr_array_add (one, g_ptr_array_index (targets, i));
          single = wsd_prober_run (prober, one, NULL, NULL, NULL, NULL, NULL);
        }
      sequential_ms = (g_get_monotonic_time () - start) / 1000.0;
    }
  curl_ms = run_curl_baseline ();

  {
    const char *stop[] = { "bash", script, "stop", dir, NULL };
    const char *remove[] = { "rm", "-rf", dir, NULL };
    run_quiet (stop, NULL, NULL);
    run_quiet (remove, NULL, NULL);
  }

  printf ("probe benchmark: 16 targets (8 answering WSUS-like nginx sites, 8 silently dropped), %d ms per step\n",
          TIMEOUT_MS);
  printf ("| measurement | value | bound |\n|---|---|---|\n");
  printf ("| all 16 results back (wall) | %.0f ms | ≤ 4000 ms |\n", wall_ms);
  printf ("| slowest dropped tcp step reported after start | %" G_GINT64_FORMAT " ms | ≤ %d ms |\n",
          worst_reported, TIMEOUT_MS + 500);
  printf ("| slowest dropped tcp step elapsed_ms | %" G_GINT64_FORMAT " ms | ≤ %d ms |\n",
          worst_elapsed, TIMEOUT_MS + 500);
  printf ("| steps reported | %u | |\n", n_steps);
  if (sequential_ms >= 0)
    printf ("| baseline: the same 16 targets one after the other | %.0f ms | |\n", sequential_ms);
  printf ("| baseline: curl --connect-timeout 3 on one dropped target | %.0f ms | |\n", curl_ms);

  return wall_ms <= 4000 && worst_reported <= TIMEOUT_MS + 500 && worst_elapsed <= TIMEOUT_MS + 500 ? 0 : 1;
}
