/* test-report-browser.c: hostile text through every field of a report,
 * rendered by headless Chromium: no script may run and no request may leave
 * the page. A loopback HTTP listener counts requests; payloads try to change
 * document.title or to fetch from that listener. A control page (same
 * payloads, no escaping, no CSP) proves the harness sees both. */
#include <string.h>
#include <libxml/HTMLparser.h>
#include <glib/gstdio.h>

#include "wsd-report-writer.h"
#include "report-fixture.h"

#define TITLE "Report <b>title</b> </title><script>document.title='PWNED'</script>"

typedef struct {
  GSocketService *service;
  guint16         port;
  guint           requests;
  GString        *paths;
} Listener;

static gboolean
on_incoming (GSocketService *service, GSocketConnection *connection, GObject *source, gpointer user_data)
{
  Listener *listener = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  char buffer[512] = { 0 };
  const char *reply = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";

  listener->requests++;
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 2);
  if (g_input_stream_read (in, buffer, sizeof buffer - 1, NULL, NULL) > 0)
    {
      char *eol = strstr (buffer, "\r\n");
      if (eol != NULL)
        *eol = '\0';
      g_string_append_printf (listener->paths, "%s\n", buffer);
    }
  g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
listener_start (Listener *listener)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  listener->service = g_socket_service_new ();
  listener->paths = g_string_new (NULL);
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (listener->service), address,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                                &effective, &error));
  g_assert_no_error (error);
  listener->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (listener->service, "incoming", G_CALLBACK (on_incoming), listener);
  g_socket_service_start (listener->service);
}

static void
listener_stop (Listener *listener)
{
  g_socket_service_stop (listener->service);
  g_socket_listener_close (G_SOCKET_LISTENER (listener->service));
  g_clear_object (&listener->service);
  g_string_free (listener->paths, TRUE);
}

/* The hostile corpus; PORT is the listener's port. */
static const char * const payloads[] = {
  "<script>document.title='PWNED'</script>",
  "<img src=x onerror=\"document.title='PWNED'\">",
  "<img src=\"http://127.0.0.1:PORT/img\">",
  "<svg onload=\"document.title='PWNED'\"><circle r=\"10\"/></svg>",
  "<svg><script>document.title='PWNED'</script><image href=\"http://127.0.0.1:PORT/svg-image\"/></svg>",
  "<a href=\"javascript:document.title='PWNED'\">click</a>",
  "\"><script>document.title='PWNED'</script>",
  "'><img src=x onerror=document.title='PWNED'>",
  "</style><script>document.title='PWNED'</script><style>",
  "</title><script>document.title='PWNED'</script>",
  "</textarea></pre></code><iframe src=\"http://127.0.0.1:PORT/iframe\"></iframe>",
  "<style>@import url(http://127.0.0.1:PORT/import.css); body{background:url(http://127.0.0.1:PORT/bg)}</style>",
  "<div style=\"background:url(http://127.0.0.1:PORT/style-attr);width:expression(document.title='PWNED')\">x</div>",
  "<link rel=\"stylesheet\" href=\"http://127.0.0.1:PORT/link.css\">",
  "<meta http-equiv=\"refresh\" content=\"0;url=http://127.0.0.1:PORT/refresh\">",
  "<base href=\"http://127.0.0.1:PORT/\">",
  "<object data=\"http://127.0.0.1:PORT/object\"></object><embed src=\"http://127.0.0.1:PORT/embed\">",
  "<video poster=\"http://127.0.0.1:PORT/poster\"></video><audio src=\"http://127.0.0.1:PORT/audio\"></audio>",
  "<!-- an unclosed comment",
  "<![CDATA[ <script>document.title='PWNED'</script> ]]>",
  "<scr<script>ipt>document.title='PWNED'</scr</script>ipt>",
  "<img src=\"http://127.0.0.1:PORT/broken\" <b",
  "<body onload=\"document.title='PWNED'\">",
  "<details open ontoggle=\"document.title='PWNED'\"><summary>x</summary></details>",
  "<input autofocus onfocus=\"document.title='PWNED'\">",
  "<math><mtext><table><mglyph><style><img src=x onerror=\"document.title='PWNED'\">",
  "<noscript><p title=\"</noscript><img src=x onerror=document.title='PWNED'>\">",
  "<form action=\"http://127.0.0.1:PORT/form\"><button>go</button></form>",
  "&lt;script&gt;document.title='PWNED'&lt;/script&gt; &#60;script&#62;",
  "right-to-left \xe2\x80\xae" "exe.txt and fullwidth \xef\xbc\x9cscript\xef\xbc\x9e",
  "overlong \xc0\xbcscript\xc0\xbe document.title='PWNED' \xe0\x80\xbc/script\xe0\x80\xbe and \xff\xfe bytes",
  "control \x01\x02\x1b[31m characters \xc2\x85 and \x7f",
};

static char *
payload (guint i, guint16 port)
{
  g_autoptr(GString) text = g_string_new (payloads[i % G_N_ELEMENTS (payloads)]);
  g_autofree char *port_text = g_strdup_printf ("%u", port);

  g_string_replace (text, "PORT", port_text, 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
all_payloads (guint16 port)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      g_autofree char *one = payload (i, port);
      g_string_append_printf (text, "%s\n", one);
    }
  return g_string_free (text, FALSE);
}

/* Every field that comes from evidence, facts or rules gets hostile text. */
static WsdAnalysis *
hostile_analysis (guint16 port)
{
  ReportFixtureSpec spec = { .n_runs = 24, .n_failures = 12, .n_servers = 2, .seed = 5, .with_probe = TRUE };
  WsdAnalysis *analysis = report_fixture_build (&spec);
  g_autofree char *every = all_payloads (port);
  g_autofree char *server_name = payload (0, port);
  g_autofree char *url_payload = g_strdup_printf ("http://127.0.0.1:%u/ref\"onmouseover=\"document.title='PWNED'", port);
  WsdServer *server;
  guint n = 0;

  /* A server whose name and facts are hostile, with failing runs. Facts
   * come from parsed JSON, so their text is valid UTF-8. */
  server = wsd_server_new (server_name);
  server->facts = json_object_new ();
  {
    g_autofree char *valid = g_utf8_make_valid (every, -1);
    JsonObject *proxy = json_object_new ();
    JsonArray *languages = json_array_new ();

    json_object_set_string_member (proxy, "host", valid);
    json_object_set_string_member (proxy, "user", "<svg onload=alert(1)>");
    json_object_set_object_member (server->facts, "proxy", proxy);
    json_object_set_string_member (server->facts, "<img src=x onerror=alert(1)>", "</style><script>document.title='PWNED'</script>");
    json_array_add_string_element (languages, "<script>document.title='PWNED'</script>");
    json_array_add_string_element (languages, "javascript:alert(1)");
    json_object_set_array_member (server->facts, "languages", languages);
    server->version = g_strdup (valid);
  }
  g_ptr_array_add (analysis->servers, server);

  for (guint i = 0; i < analysis->runs->len; i++)
    {
      WsdRunDiagnosis *diagnosis = g_ptr_array_index (analysis->runs, i);
      WsdRun *run = diagnosis->run;

      if (run->result != WSD_RESULT_FAILED)
        continue;
      n++;
      if (n % 2 == 0)
        {
          g_free (run->server);
          run->server = g_strdup (server_name);
        }
      g_free (run->error);
      run->error = payload (n, port);
      g_free (run->error_text);
      run->error_text = g_strdup (every);
      g_free (run->history_id);
      run->history_id = payload (n + 3, port);
      {
        WsdUpdateError *update_error = wsd_update_error_new ();
        update_error->update_id = payload (n + 1, port);
        update_error->error = payload (n + 2, port);
        update_error->error_text = g_strdup (every);
        g_ptr_array_add (run->update_errors, update_error);
      }
      for (guint e = 0; e < run->evidence->len; e++)
        {
          WsdEvidence *evidence = g_ptr_array_index (run->evidence, e);
          g_free (evidence->text);
          evidence->text = g_strdup (every);
          g_free (evidence->source_path);
          evidence->source_path = payload (n + e + 5, port);
          g_free (evidence->component);
          evidence->component = payload (n + e + 6, port);
        }
      for (guint f = 0; f < diagnosis->findings->len; f++)
        {
          WsdFinding *finding = g_ptr_array_index (diagnosis->findings, f);
          char *steps[] = { payload (n + 7, port), payload (n + 8, port), g_strdup (every), NULL };
          char *references[] = { g_strdup ("javascript:document.title='PWNED'"), g_strdup (url_payload),
                                 payload (n + 9, port), g_strdup ("data:text/html,<script>document.title='PWNED'</script>"),
                                 g_strdup ("https://learn.microsoft.com/troubleshoot/"), NULL };

          g_free (finding->title);
          finding->title = payload (n + f, port);
          g_free (finding->summary);
          finding->summary = g_strdup (every);
          g_free (finding->detail);
          finding->detail = payload (n + 10, port);
          g_free (finding->notes);
          finding->notes = payload (n + 11, port);
          g_free (finding->rule);
          finding->rule = payload (n + 12, port);
          g_strfreev (finding->steps);
          finding->steps = g_strdupv (steps);
          g_strfreev (finding->references);
          finding->references = g_strdupv (references);
          for (guint s = 0; steps[s] != NULL; s++)
            g_free (steps[s]);
          for (guint r = 0; references[r] != NULL; r++)
            g_free (references[r]);
          g_ptr_array_add (finding->evidence, report_fixture_evidence (server_name, 7, run->started, every));
        }
    }

  {
    GPtrArray *config = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_finding_free);
    const char * const steps[] = { every, NULL };
    const char * const references[] = { "javascript:alert(1)", NULL };

    g_ptr_array_add (config, report_fixture_finding (server_name, WSD_FINDING_CONFIG, every, every, steps, references, 0.5));
    g_hash_table_insert (analysis->config_findings, g_strdup (server_name), config);
  }
  {
    WsdProbeResult *probe = wsd_probe_result_new ();
    WsdProbeTarget *target = wsd_probe_target_new (every, every);
    WsdProbeStep *step = wsd_probe_step_new (WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_FAILED);

    step->detail = g_strdup (every);
    step->rule = payload (2, port);
    g_ptr_array_add (target->steps, step);
    g_ptr_array_add (probe->targets, target);
    probe->started = analysis->generated;
    g_hash_table_insert (analysis->probes, g_strdup (server_name), probe);
  }
  return analysis;
}

typedef struct {
  gboolean done;
  char    *out;
} Browser;

static void
on_communicated (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Browser *browser = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &browser->out, NULL, &error);
  g_assert_no_error (error);
  browser->done = TRUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  g_subprocess_force_exit (G_SUBPROCESS (user_data));
  return G_SOURCE_CONTINUE;
}

/* Renders @path in headless Chromium (while the listener keeps serving) and
 * returns the DOM as Chromium has it once the page settled. */
static char *
render_in_chromium (const char *chromium, const char *path)
{
  g_autofree char *profile = g_dir_make_tmp ("wsd-chromium-XXXXXX", NULL);
  g_autofree char *profile_arg = g_strdup_printf ("--user-data-dir=%s", profile);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  const char *argv[] = { chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--virtual-time-budget=3000",
                         /* Inside a desktop session Chromium would ask the keyring and wait. */
                         "--password-store=basic", "--use-mock-keychain", profile_arg, "--dump-dom", uri, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", profile);
  Browser browser = { 0 };
  guint timeout;

  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &browser);
  timeout = g_timeout_add_seconds (90, on_timeout, process);
  while (!browser.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  /* Let late connections reach the listener before anyone counts. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  g_assert_nonnull (browser.out);
  g_assert_nonnull (strstr (browser.out, "</html>"));
  return browser.out;
}

/* Elements and attributes the writer itself produces; anything else in the
 * rendered DOM was injected. */
static const char * const allowed_elements[] = {
  "html", "head", "meta", "title", "style", "body", "header", "div", "h1", "h2", "h3", "h4", "h5",
  "dl", "dt", "dd", "nav", "a", "main", "section", "p", "article", "span", "strong", "ol", "ul", "li",
  "figure", "figcaption", "svg", "line", "text", "g", "rect", "table", "thead", "tbody", "tr", "th",
  "td", "code", "pre", "details", "summary", "footer", NULL };
static const char * const allowed_attributes[] = {
  "class", "id", "href", "rel", "lang", "charset", "http-equiv", "content", "name", "viewbox",
  "role", "aria-label", "x", "y", "x1", "x2", "y1", "y2", "width", "height", "text-anchor", "rx", NULL };

static void
check_node (xmlNode *node, guint *n_style, guint *n_meta_csp, GString *problems)
{
  for (; node != NULL; node = node->next)
    {
      const char *name = (const char *) node->name;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (!g_strv_contains (allowed_elements, name))
        g_string_append_printf (problems, "element <%s>\n", name);
      if (g_str_equal (name, "style"))
        (*n_style)++;
      for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
        {
          g_autofree char *attr_name = g_ascii_strdown ((const char *) attr->name, -1);
          g_autofree char *value = (char *) xmlNodeGetContent ((xmlNode *) attr);

          if (!g_strv_contains (allowed_attributes, attr_name))
            g_string_append_printf (problems, "attribute %s on <%s>\n", attr_name, name);
          if (g_str_equal (attr_name, "href") && !g_str_has_prefix (value, "#")
              && !g_str_has_prefix (value, "https://") && !g_str_has_prefix (value, "http://"))
            g_string_append_printf (problems, "href %s\n", value);
          if (g_str_equal (attr_name, "href") && strpbrk (value, "\"'<> ") != NULL)
            g_string_append_printf (problems, "href with markup %s\n", value);
          if (g_str_equal (name, "meta") && g_str_equal (attr_name, "http-equiv"))
            {
              g_autofree char *content = (char *) xmlGetProp (node, (const xmlChar *) "content");
              if (g_ascii_strcasecmp (value, "Content-Security-Policy") != 0
                  || g_strcmp0 (content, "default-src 'none'; style-src 'unsafe-inline'; img-src data:") != 0)
                g_string_append_printf (problems, "meta http-equiv %s\n", value);
              else
                (*n_meta_csp)++;
            }
        }
      check_node (node->children, n_style, n_meta_csp, problems);
    }
}

static char *
dom_title (xmlNode *node)
{
  for (; node != NULL; node = node->next)
    {
      char *found;
      if (node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, "title"))
        return (char *) xmlNodeGetContent (node);
      if ((found = dom_title (node->children)) != NULL)
        return found;
    }
  return NULL;
}

static const char *
find_chromium (void)
{
  static char *path;

  if (path == NULL)
    path = g_find_program_in_path (g_getenv ("WSD_CHROMIUM") != NULL ? g_getenv ("WSD_CHROMIUM") : "chromium");
  return path;
}

static void
test_harness_detects (void)
{
  Listener listener = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("wsd-browser-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "control.html", NULL);
  g_autofree char *html = NULL, *dom = NULL, *title = NULL;
  htmlDocPtr doc;

  if (find_chromium () == NULL)
    {
      g_test_skip ("chromium is not installed (Debian package chromium)");
      return;
    }
  listener_start (&listener);
  /* The same payloads without escaping or CSP must be caught. */
  html = g_strdup_printf ("<!DOCTYPE html><html><head><title>control</title></head><body>%s"
                          "<img src=\"http://127.0.0.1:%u/control\"></body></html>",
                          payloads[0], listener.port);
  g_assert_true (g_file_set_contents (path, html, -1, NULL));
  dom = render_in_chromium (find_chromium (), path);
  doc = htmlReadMemory (dom, strlen (dom), NULL, "UTF-8", HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  title = dom_title (xmlDocGetRootElement (doc));
  g_assert_cmpstr (title, ==, "PWNED");
  g_assert_cmpuint (listener.requests, >=, 1);
  xmlFreeDoc (doc);
  listener_stop (&listener);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_hostile_report (gconstpointer data)
{
  gboolean redact = GPOINTER_TO_INT (data);
  Listener listener = { 0 };
  g_autoptr(WsdAnalysis) analysis = NULL;
  g_autofree char *dir = g_dir_make_tmp ("wsd-browser-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "hostile.html", NULL);
  g_autofree char *dom = NULL, *title = NULL, *source = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  WsdReportOptions options = { .redact = redact, .title = TITLE };
  guint n_style = 0, n_meta_csp = 0;
  htmlDocPtr doc;

  if (find_chromium () == NULL)
    {
      g_test_skip ("chromium is not installed (Debian package chromium)");
      return;
    }
  listener_start (&listener);
  analysis = hostile_analysis (listener.port);
  g_assert_true (wsd_report_write_file (analysis, &options, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &source, NULL, NULL));
  g_assert_true (g_utf8_validate (source, -1, NULL));

  dom = render_in_chromium (find_chromium (), path);
  g_assert_cmpuint (listener.requests, ==, 0);
  if (listener.requests > 0)
    g_test_message ("requests: %s", listener.paths->str);

  doc = htmlReadMemory (dom, strlen (dom), NULL, "UTF-8", HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  g_assert_nonnull (doc);
  title = dom_title (xmlDocGetRootElement (doc));
  g_assert_cmpstr (title, ==, TITLE);
  check_node (xmlDocGetRootElement (doc), &n_style, &n_meta_csp, problems);
  g_assert_cmpstr (problems->str, ==, "");
  g_assert_cmpuint (n_style, ==, 1);
  g_assert_cmpuint (n_meta_csp, ==, 1);
  /* The payloads are there, as text a reader can see. */
  g_assert_nonnull (strstr (dom, "&lt;script&gt;document.title='PWNED'&lt;/script&gt;"));
  g_assert_nonnull (strstr (dom, "onerror=\"document.title='PWNED'\"&gt;"));
  g_assert_nonnull (strstr (dom, "[U+202E]"));
  g_assert_null (strstr (dom, "\xe2\x80\xae"));
  xmlFreeDoc (doc);

  listener_stop (&listener);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/browser/harness-detects", test_harness_detects);
  g_test_add_data_func ("/report/browser/hostile", GINT_TO_POINTER (FALSE), test_hostile_report);
  g_test_add_data_func ("/report/browser/hostile-redacted", GINT_TO_POINTER (TRUE), test_hostile_report);
  return g_test_run ();
}
