/* test-report-browser.c: hostile text through every field of a report,
 * rendered by headless Chromium: no script may run and no request may leave
 * the page. A loopback HTTP listener counts requests; payloads try to change
 * document.title or to fetch from that listener. A control page (same
 * payloads, no escaping, no CSP) proves the harness sees both. Rule text
 * comes in twice: edited into findings, and from a hostile user rule file
 * loaded by the knowledge base like an administrator's own. */
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

/* Writes @analysis, renders it in Chromium while @listener counts requests,
 * and checks that no script ran, nothing was fetched and the DOM holds only
 * what the writer makes. Returns the rendered DOM. */
static char *
write_and_render_safely (WsdAnalysis *analysis, gboolean redact, Listener *listener, const char *path)
{
  g_autofree char *dom = NULL, *title = NULL, *source = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  WsdReportOptions options = { .redact = redact, .title = TITLE };
  guint n_style = 0, n_meta_csp = 0;
  htmlDocPtr doc;

  g_assert_true (wsd_report_write_file (analysis, &options, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &source, NULL, NULL));
  g_assert_true (g_utf8_validate (source, -1, NULL));

  dom = render_in_chromium (find_chromium (), path);
  if (listener->requests > 0)
    g_test_message ("requests: %s", listener->paths->str);
  g_assert_cmpuint (listener->requests, ==, 0);

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
  return g_steal_pointer (&dom);
}

static void
test_hostile_report (gconstpointer data)
{
  gboolean redact = GPOINTER_TO_INT (data);
  Listener listener = { 0 };
  g_autoptr(WsdAnalysis) analysis = NULL;
  g_autofree char *dir = g_dir_make_tmp ("wsd-browser-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "hostile.html", NULL);
  g_autofree char *dom = NULL;

  if (find_chromium () == NULL)
    {
      g_test_skip ("chromium is not installed (Debian package chromium)");
      return;
    }
  listener_start (&listener);
  analysis = hostile_analysis (listener.port);
  dom = write_and_render_safely (analysis, redact, &listener, path);

  listener_stop (&listener);
  g_unlink (path);
  g_rmdir (dir);
}

#define USER_RULE_ID "site-hostile-policy"
#define USER_RULE_MARKER "SITE-POLICY-7731"

/* The payloads a rule file can hold: valid UTF-8 (the loader refuses
 * anything else), one line, no control characters; joined with @separator. */
static char *
rule_payloads (guint16 port, const char *separator)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      g_autofree char *one = payload (i, port);
      gboolean plain = g_utf8_validate (one, -1, NULL);

      for (const char *p = one; plain && *p != '\0'; p = g_utf8_next_char (p))
        plain = !g_unichar_iscntrl (g_utf8_get_char (p)) && *p != '\\';
      if (!plain)
        continue;
      if (text->len > 0)
        g_string_append (text, separator);
      g_string_append (text, one);
    }
  return g_string_free (text, FALSE);
}

/* A user rule file whose every word is hostile: the title, summary, steps,
 * notes and detail carry script tags, event handlers and javascript: links;
 * its references are http links built to break out of an attribute. */
static char *
hostile_rule_file (guint16 port)
{
  g_autofree char *every = rule_payloads (port, " ");
  g_autofree char *steps = rule_payloads (port, ";");

  return g_strdup_printf (
    "# A site's own rule, written by someone hostile.\n"
    "[Rule]\n"
    "Id=" USER_RULE_ID "\n"
    "Kind=cause\n"
    "Severity=critical\n"
    "Rank=100\n"
    "Title=" USER_RULE_MARKER " <script>document.title='PWNED'</script><img src=x onerror=\"document.title='PWNED'\">\n"
    "Summary=%s <a href=\"javascript:document.title='PWNED'\">details</a>\n"
    "Steps=<a href=\"javascript:document.title='PWNED'\" onclick=\"document.title='PWNED'\">open</a>;%s;\n"
    "Notes=<iframe src=\"javascript:document.title='PWNED'\"></iframe>%s\n"
    "Detail=<body onload=\"document.title='PWNED'\">;<img src=\"http://127.0.0.1:%u/detail\">;\n"
    "References=http://127.0.0.1:%u/ref\"onmouseover=\"document.title='PWNED';"
    "https://learn.microsoft.com/\"><script>document.title='PWNED'</script>;http://127.0.0.1:%u/reference;\n"
    "Source=<script>document.title='PWNED'</script>\n"
    "\n"
    "[Match]\n"
    "Text=" USER_RULE_MARKER "\n"
    "\n"
    "[Config]\n"
    "Facts=site_policy=hostile\n",
    every, steps, every, port, port, port);
}

/* The rule text comes from a user rule FILE: written to the temporary
 * $XDG_CONFIG_HOME/wsus-sync-doctor/rules/ main() set up, loaded by the knowledge base,
 * matched by a run's evidence, written into the report and rendered. */
static void
test_hostile_user_rule_file (void)
{
  Listener listener = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("wsd-browser-XXXXXX", NULL);
  g_autofree char *rules_dir = g_build_filename (g_get_user_config_dir (), "wsus-sync-doctor", "rules", NULL);
  g_autofree char *rule_path = g_build_filename (rules_dir, "site-hostile-policy.rule", NULL);
  g_autofree char *refused_path = g_build_filename (rules_dir, "javascript-reference.rule", NULL);
  g_autofree char *path = g_build_filename (dir, "hostile-user-rule.html", NULL);
  g_autofree char *rule = NULL, *every = NULL, *dom = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdKnowledgeBase) kb = NULL;
  g_autoptr(WsdAnalysis) analysis = wsd_analysis_new ();
  WsdRunDiagnosis *diagnosis;
  WsdFinding *top;
  GPtrArray *config;
  WsdRun *run;
  WsdEvidence *ev;
  gboolean refused_reported = FALSE;

  if (find_chromium () == NULL)
    {
      g_test_skip ("chromium is not installed (Debian package chromium)");
      return;
    }
  listener_start (&listener);
  g_assert_cmpint (g_mkdir_with_parents (rules_dir, 0700), ==, 0);
  rule = hostile_rule_file (listener.port);
  g_assert_true (g_file_set_contents (rule_path, rule, -1, NULL));
  /* A javascript: reference is refused by the loader, naming the file. */
  g_assert_true (g_file_set_contents (refused_path,
    "[Rule]\nId=javascript-reference\nKind=cause\nTitle=x\n"
    "References=javascript:document.title='PWNED'\n[Match]\nText=" USER_RULE_MARKER "\n", -1, NULL));

  kb = wsd_knowledge_base_new_default (&warnings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kb);
  for (guint i = 0; i < warnings->len; i++)
    {
      g_test_message ("rule warning: %s", (const char *) g_ptr_array_index (warnings, i));
      g_assert_null (strstr (g_ptr_array_index (warnings, i), "site-hostile-policy.rule"));
      refused_reported |= strstr (g_ptr_array_index (warnings, i), "javascript-reference.rule") != NULL;
    }
  g_assert_true (refused_reported);
  g_assert_nonnull (wsd_knowledge_base_get_title (kb, USER_RULE_ID));
  g_assert_null (wsd_knowledge_base_get_title (kb, "javascript-reference"));

  /* A server whose facts the rule's [Config] matches, and a failed run whose evidence its [Match] does. */
  g_ptr_array_add (analysis->servers,
                   report_fixture_server ("wsus-site.corp.example",
                                          "{\"name\":\"wsus-site.corp.example\",\"site_policy\":\"hostile\","
                                          "\"sync_from_microsoft_update\":true}"));
  analysis->generated = wsd_time_parse_iso ("2026-11-20T09:00:00Z");
  run = wsd_run_new ();
  run->server = g_strdup ("wsus-site.corp.example");
  run->history_id = g_strdup ("6f1a2b3c-0000-4000-8000-000000007731");
  run->started = wsd_time_parse_iso ("2026-11-20T03:00:12Z");
  run->finished = wsd_time_parse_iso ("2026-11-20T03:02:40Z");
  run->type = WSD_RUN_TYPE_SCHEDULED;
  run->result = WSD_RESULT_FAILED;
  run->error = g_strdup ("UssCommunicationError");
  every = all_payloads (listener.port);
  ev = report_fixture_evidence ("SoftwareDistribution.log", 1234, run->started + G_USEC_PER_SEC, NULL);
  g_free (ev->text);
  ev->text = g_strdup_printf ("WebException: " USER_RULE_MARKER " refused by site policy\n%s", every);
  ev->level = WSD_LEVEL_ERROR;
  ev->kind = WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG;
  wsd_run_add_evidence (run, ev);
  g_ptr_array_add (runs, run);
  wsd_analysis_diagnose (analysis, kb, runs);

  g_assert_cmpuint (analysis->runs->len, ==, 1);
  diagnosis = g_ptr_array_index (analysis->runs, 0);
  top = g_ptr_array_index (diagnosis->findings, 0);
  g_assert_cmpstr (top->rule, ==, USER_RULE_ID);
  g_assert_nonnull (strstr (top->title, "<script>"));
  g_assert_nonnull (strstr (top->summary, "javascript:"));
  g_assert_nonnull (top->detail);
  config = g_hash_table_lookup (analysis->config_findings, "wsus-site.corp.example");
  g_assert_nonnull (config);
  g_assert_cmpuint (config->len, >, 0);

  dom = write_and_render_safely (analysis, FALSE, &listener, path);
  /* The user rule's words reached the page, as text. */
  g_assert_nonnull (strstr (dom, USER_RULE_MARKER " &lt;script&gt;document.title='PWNED'&lt;/script&gt;"));
  g_assert_nonnull (strstr (dom, "href=\"javascript:document.title='PWNED'\"&gt;"));

  listener_stop (&listener);
  g_unlink (rule_path);
  g_unlink (refused_path);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *config_home = g_dir_make_tmp ("wsd-browser-config-XXXXXX", NULL);
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", config_home);
  int status;

  /* The user rules folder of this process: set before any thread exists
   * and before GLib reads (and keeps) it. */
  g_assert_nonnull (config_home);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/browser/harness-detects", test_harness_detects);
  g_test_add_data_func ("/report/browser/hostile", GINT_TO_POINTER (FALSE), test_hostile_report);
  g_test_add_data_func ("/report/browser/hostile-redacted", GINT_TO_POINTER (TRUE), test_hostile_report);
  g_test_add_func ("/report/browser/hostile-user-rule-file", test_hostile_user_rule_file);
  status = g_test_run ();
  g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  return status;
}
