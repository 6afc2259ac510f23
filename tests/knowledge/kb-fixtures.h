/* kb-fixtures.h: runs, evidence and servers built by hand for the
 * knowledge-base tests. */
#pragma once

#include <string.h>
#include "wsd-analysis.h"
#include "wsd-diagnoser.h"

static inline gint64
fx_time (const char *iso)
{
  return wsd_time_parse_iso (iso);
}

static inline WsdRun *
fx_run (const char *server, const char *started, WsdRunType type, WsdResult result)
{
  WsdRun *run = wsd_run_new ();
  run->server = g_strdup (server);
  run->started = fx_time (started);
  run->finished = run->started + 60 * G_USEC_PER_SEC;
  run->type = type;
  run->result = result;
  return run;
}

static inline WsdEvidence *
fx_add (WsdRun *run, WsdSourceKind kind, WsdLevel level, const char *component, guint line, const char *text)
{
  WsdEvidence *ev = wsd_evidence_new ();
  ev->kind = kind;
  ev->source_path = g_strdup (kind == WSD_SOURCE_KIND_EVENT ? "events.xml"
                              : kind == WSD_SOURCE_KIND_HISTORY ? "history.csv" : "SoftwareDistribution.log");
  ev->line = line;
  ev->time = run->started + line * G_USEC_PER_SEC;
  ev->level = level;
  ev->component = g_strdup (component);
  ev->text = g_strdup (text);
  wsd_run_add_evidence (run, ev);
  return ev;
}

static inline WsdServer *
fx_server (const char *name, const char *facts_json)
{
  WsdServer *server = wsd_server_new (name);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, facts_json, -1, NULL));
  server->facts = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  server->role = wsd_server_role_from_facts (server);
  return server;
}

static inline GPtrArray *
fx_diagnose (WsdKnowledgeBase *kb, WsdRun *run, const WsdServer *server, const WsdServer *upstream)
{
  WsdDiagnosisContext context = { .run = run, .server = server, .upstream = upstream };
  return wsd_diagnose_run (kb, &context);
}

static inline const char *
fx_top (GPtrArray *findings)
{
  return findings->len > 0 ? ((WsdFinding *) g_ptr_array_index (findings, 0))->rule : "(none)";
}

static inline WsdFinding *
fx_find (GPtrArray *findings, const char *rule)
{
  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (((WsdFinding *) g_ptr_array_index (findings, i))->rule, rule))
      return g_ptr_array_index (findings, i);
  return NULL;
}

static inline WsdKnowledgeBase *
fx_kb (void)
{
  static WsdKnowledgeBase *kb = NULL;
  if (kb == NULL)
    {
      g_autoptr(GError) error = NULL;
      kb = wsd_knowledge_base_new_builtin (&error);
      g_assert_no_error (error);
    }
  return kb;
}

#define FRAMES_AUTH \
  "   at System.Net.HttpWebRequest.GetRequestStream(TransportContext& context)\n" \
  "   at System.Web.Services.Protocols.SoapHttpClientProtocol.Invoke(String methodName, Object[] parameters)\n" \
  "   at Microsoft.UpdateServices.ServerSyncWebServices.ServerSync.ServerSyncProxy.GetAuthConfig()\n" \
  "   at Microsoft.UpdateServices.ServerSync.ServerSyncLib.Authenticate(AuthorizationManager authorizationManager)\n" \
  "   at Microsoft.UpdateServices.ServerSync.CatalogSyncAgentCore.ExecuteSyncProtocol(Boolean allowRedirect)\n"
#define FRAMES_CONNECT \
  "   at System.Net.Sockets.Socket.DoConnect(EndPoint endPointSnapshot, SocketAddress socketAddress)\n" \
  "   at System.Net.ServicePoint.ConnectSocketInternal(Boolean connectFailure, Socket s4, Socket s6)\n" \
  "   --- End of inner exception stack trace ---\n"
