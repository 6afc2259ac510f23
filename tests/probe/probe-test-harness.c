/* probe-test-harness.c */
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <gio/gio.h>

#include "wsd-config.h"

#include "probe-test-harness.h"

/* A port nobody listens on must stay that way while the tests run: other
 * tests in parallel open listeners on ephemeral ports too. A socket that is
 * bound but never listens keeps the port and still gets connections refused.
 * Returns the port held (@port, or a new one when @port was taken). */
static guint16
hold_refused_port (guint16 port, int *out_fd)
{
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port) };
  socklen_t length = sizeof address;

  g_assert_cmpint (fd, >=, 0);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (fd, (struct sockaddr *) &address, sizeof address) != 0)
    {
      address.sin_port = 0;
      g_assert_cmpint (bind (fd, (struct sockaddr *) &address, sizeof address), ==, 0);
    }
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &address, &length), ==, 0);
  *out_fd = fd;
  return ntohs (address.sin_port);
}

static char *
harness_script (void)
{
  const char *tests = g_getenv ("G_TEST_SRCDIR");

  /* the screenshot tool runs outside the test harness */
  return g_build_filename (tests != NULL ? tests : SOURCE_ROOT "/tests", "probe", "probe-harness.sh", NULL);
}

ProbeHarness *
probe_harness_start (const char *what, char **out_skip_reason)
{
  g_autofree char *script = harness_script ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *env_path = NULL;
  g_autofree char *env_text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  ProbeHarness *harness;
  char *dir;
  int status = 0;

  dir = g_dir_make_tmp ("wsd-probe-XXXXXX", &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { "bash", script, "start", dir, what, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
      g_error ("cannot run %s: %s", script, error->message);
  }
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      *out_skip_reason = g_strdup_printf ("probe harness: %s", g_strstrip (err));
      g_free (dir);
      return NULL;
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("probe harness failed to start: %s%s", out, err);

  harness = g_new0 (ProbeHarness, 1);
  harness->dir = dir;
  harness->env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  env_path = g_build_filename (dir, "env", NULL);
  g_assert_true (g_file_get_contents (env_path, &env_text, NULL, NULL));
  lines = g_strsplit (env_text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *equal = strchr (lines[i], '=');

      if (equal != NULL)
        g_hash_table_insert (harness->env, g_strndup (lines[i], equal - lines[i]), g_strdup (equal + 1));
    }
  harness->refused_fd = -1;
  if (g_hash_table_contains (harness->env, "REFUSED_PORT"))
    {
      guint16 held = hold_refused_port (probe_harness_port (harness, "REFUSED_PORT"), &harness->refused_fd);
      g_hash_table_insert (harness->env, g_strdup ("REFUSED_PORT"), g_strdup_printf ("%u", held));
    }
  return harness;
}

void
probe_harness_stop (ProbeHarness *harness)
{
  g_autofree char *script = harness_script ();
  const char *stop[] = { "bash", script, "stop", harness->dir, NULL };
  const char *remove[] = { "rm", "-rf", harness->dir, NULL };

  g_spawn_sync (NULL, (char **) stop, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  if (harness->refused_fd >= 0)
    close (harness->refused_fd);
  if (g_getenv ("WSD_PROBE_KEEP_HARNESS") == NULL)
    g_spawn_sync (NULL, (char **) remove, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  g_hash_table_unref (harness->env);
  g_free (harness->dir);
  g_free (harness);
}

const char *
probe_harness_get (ProbeHarness *harness, const char *key)
{
  const char *value = g_hash_table_lookup (harness->env, key);

  if (value == NULL)
    g_error ("probe harness gave no %s", key);
  return value;
}

guint16
probe_harness_port (ProbeHarness *harness, const char *key)
{
  return (guint16) g_ascii_strtoull (probe_harness_get (harness, key), NULL, 10);
}

WsdProbeResult *
probe_one (WsdProbeTargetSpec *spec, gint64 timeout_ms, const char *ca_file)
{
  g_autoptr(WsdProber) prober = wsd_prober_new ();
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  WsdProbeResult *result;

  wsd_prober_set_step_timeout (prober, timeout_ms);
  wsd_prober_set_extra_ca_file (prober, ca_file);
  g_ptr_array_add (targets, spec);
  result = wsd_prober_run (prober, targets, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  if (g_test_verbose ())
    {
      g_autofree char *json = wsd_probe_result_to_json (result);
      g_test_message ("%s", json);
    }
  return result;
}

WsdProbeStep *
probe_find_step (WsdProbeTarget *target, WsdProbeStepKind kind)
{
  for (guint i = 0; i < target->steps->len; i++)
    {
      WsdProbeStep *step = g_ptr_array_index (target->steps, i);
      if (step->step == kind)
        return step;
    }
  return NULL;
}

void
probe_assert_step (WsdProbeResult *result, WsdProbeStepKind kind, WsdProbeStatus status, const char *rule)
{
  WsdProbeTarget *target = g_ptr_array_index (result->targets, 0);
  WsdProbeStep *step = probe_find_step (target, kind);

  if (step == NULL)
    g_error ("%s: no %s step", target->name, wsd_probe_step_kind_to_string (kind));
  if (step->status != status || g_strcmp0 (step->rule, rule) != 0)
    {
      g_autofree char *json = wsd_probe_result_to_json (result);
      g_error ("%s step of %s: %s/%s, expected %s/%s\n%s", wsd_probe_step_kind_to_string (kind), target->name,
               wsd_probe_status_to_string (step->status), step->rule ? step->rule : "-",
               wsd_probe_status_to_string (status), rule ? rule : "-", json);
    }
}

int
probe_run_cli (const char * const *argv, const char *stdin_text, char **out_stdout, char **out_stderr)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (args, (gpointer) g_getenv ("WSD_CLI"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  return g_subprocess_get_exit_status (process);
}
