/* wsd-diagnoser-checks.c: what cannot be said in a rule file — proxy
 * versus target host, content folder, cross-server comparisons, facts —
 * and the run-specific values of a rule's Detail lines. */
#include "wsd-config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "wsd-diagnosis-state.h"

static const char * const item_checks[] = {
  "proxy-endpoint", "not-proxy-endpoint", "not-proxy-host", "quoted-host",
  "content-path", "content-from-upstream", "after-connect", "not-content", "no-soap-code",
  "not-eula-file", NULL
};

static gboolean
connect_failure (WsdDiagnosis *self, const WsdItem *item)
{
  if (wsd_item_has_literal (self, item, WSD_LIT_CONNECT_FRAME_1)
      || wsd_item_has_literal (self, item, WSD_LIT_CONNECT_FRAME_2))
    return TRUE;
  for (guint i = WSD_LIT_CONNECT_TEXT_FIRST; i <= WSD_LIT_CONNECT_TEXT_LAST; i++)
    if (wsd_item_has_literal (self, item, i))
      return TRUE;
  return wsd_signals_has_hresult (&item->signals, 0x80072EFD, NULL)
         || wsd_signals_has_hresult (&item->signals, 0x8007274C, NULL)
         || wsd_signals_has_hresult (&item->signals, 0x8007274D, NULL);
}

static gboolean
proxy_name_text (WsdDiagnosis *self, const WsdItem *item)
{
  for (guint i = WSD_LIT_PROXY_NAME_FIRST; i <= WSD_LIT_PROXY_NAME_LAST; i++)
    if (wsd_item_has_literal (self, item, i))
      return TRUE;
  return FALSE;
}

static gboolean
is_proxy_name (WsdDiagnosis *self, const char *host, gsize length)
{
  return self->proxy_host != NULL
         && wsd_host_names_match (host, length, self->proxy_host, strlen (self->proxy_host));
}

static gboolean
is_target_port (WsdDiagnosis *self, guint port)
{
  gint64 upstream_port = 0;
  if (port == 80 || port == 443 || port == 8530 || port == 8531)
    return TRUE;
  return self->server != NULL && wsd_server_fact_int (self->server, "upstream_port", &upstream_port)
         && upstream_port == port;
}

/* WSUS itself said the run failed on the proxy (SynchronizationError
 * ProxyError) and not on its credentials (407 is proxy-auth): every
 * connection of the run went to the proxy, so the endpoint or name that
 * failed is the proxy's, with or without the server's configuration. */
static gboolean
run_blames_proxy (WsdDiagnosis *self, const WsdItem *item)
{
  return self->run != NULL && self->run->error != NULL
         && g_ascii_strcasecmp (self->run->error, "ProxyError") == 0
         && !wsd_signals_has_status (&item->signals, 407, NULL);
}

static gboolean names_proxy_itself (WsdDiagnosis *self, const WsdItem *item);

static gboolean
names_endpoint (const WsdItem *item)
{
  for (guint i = 0; i < item->signals.n_hosts; i++)
    if (item->signals.hosts[i].kind != WSD_HOST_URL)
      return TRUE;
  return FALSE;
}

/* The final record often shortens the exception to its outer message
 * ("Unable to connect to the remote server"); the run's Action: Retry
 * records carry the inner SocketException with the endpoint. A connect
 * failure that names no endpoint is the same failure as theirs. */
static gboolean
retries_name_proxy (WsdDiagnosis *self, const WsdItem *item)
{
  if (names_endpoint (item) || !connect_failure (self, item))
    return FALSE;
  for (guint i = 0; i < self->items->len; i++)
    {
      const WsdItem *other = &g_array_index (self->items, WsdItem, i);
      if (other != item && other->retry && other->role != WSD_ITEM_CONTEXT
          && connect_failure (self, other) && names_proxy_itself (self, other))
        return TRUE;
    }
  return FALSE;
}

/* Does the failure in @item name the configured proxy (by name, or by an
 * address whose port is the proxy's and not a port of the target)? */
static gboolean
names_proxy (WsdDiagnosis *self, const WsdItem *item)
{
  return names_proxy_itself (self, item) || (self->proxy_enabled && retries_name_proxy (self, item));
}

static gboolean
names_proxy_itself (WsdDiagnosis *self, const WsdItem *item)
{
  if (proxy_name_text (self, item) || run_blames_proxy (self, item))
    return TRUE;
  if (!self->proxy_enabled)
    return FALSE;
  for (guint i = 0; i < item->signals.n_hosts; i++)
    {
      const WsdHostRef *ref = &item->signals.hosts[i];
      if (ref->kind != WSD_HOST_URL && is_proxy_name (self, item->text + ref->offset, ref->length))
        return TRUE;
      if (ref->kind == WSD_HOST_ENDPOINT && ref->port != 0 && self->proxy_port > 0
          && ref->port == self->proxy_port && !is_target_port (self, ref->port))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_quoted_host (const WsdItem *item)
{
  for (guint i = 0; i < item->signals.n_hosts; i++)
    if (item->signals.hosts[i].kind == WSD_HOST_QUOTED)
      return TRUE;
  return FALSE;
}

static gboolean
content_path (WsdDiagnosis *self, const WsdItem *item)
{
  const char *local_path;

  if (wsd_item_has_literal (self, item, WSD_LIT_WSUSCONTENT)
      || wsd_item_has_literal (self, item, WSD_LIT_CONTENT_SYNC_AGENT))
    return TRUE;
  local_path = self->server != NULL ? wsd_server_fact_string (self->server, "content.local_path") : NULL;
  return local_path != NULL && local_path[0] != '\0'
         && wsd_ascii_strcasestr (item->text, item->length, local_path) != NULL;
}

static gboolean
content_from_upstream (const WsdItem *item)
{
  const char *found;

  for (guint i = 0; i < item->signals.n_hosts; i++)
    {
      const WsdHostRef *ref = &item->signals.hosts[i];
      if (ref->kind == WSD_HOST_URL && ref->path_length > 9
          && g_ascii_strncasecmp (item->text + ref->path_offset, "/Content/", 9) == 0
          && !wsd_host_is_microsoft (item->text + ref->offset, ref->length))
        return TRUE;
    }
  /* A relative source ("Source File: /Content/…") is always the upstream WSUS. */
  found = wsd_ascii_strcasestr (item->text, item->length, "/Content/");
  while (found != NULL)
    {
      if (found > item->text && (found[-1] == ' ' || found[-1] == ':' || found[-1] == '\t'))
        return TRUE;
      found = wsd_ascii_strcasestr (found + 1, item->length - (found + 1 - item->text), "/Content/");
    }
  return FALSE;
}

/* Is @item about a content download (BITS job, event 364, a file under
 * /Content/ or Microsoft's download servers) rather than a web-service
 * call? Statuses and codes of downloads say nothing about the sync
 * web services. */
static gboolean
content_transfer (WsdDiagnosis *self, const WsdItem *item)
{
  if (wsd_item_has_literal (self, item, WSD_LIT_CONTENT_SYNC_AGENT)
      || wsd_item_has_literal (self, item, WSD_LIT_CONTENT_DOWNLOAD)
      || item->event_id == 364)
    return TRUE;
  for (guint i = 0; i < item->signals.n_hresults; i++)
    {
      guint32 hr = item->signals.hresults[i];
      /* BG_E_HTTP_ERROR_* and the other BG_E_* codes: only BITS prints them */
      if ((hr & 0xFFFF0000u) == 0x80190000u || (hr & 0xFFFFFF00u) == 0x80200000u)
        return TRUE;
    }
  for (guint i = 0; i < item->signals.n_hosts; i++)
    {
      const WsdHostRef *ref = &item->signals.hosts[i];
      const char *path = item->text + ref->path_offset;
      if (ref->kind != WSD_HOST_URL || ref->path_length == 0)
        continue;
      if ((ref->path_length > 9 && g_ascii_strncasecmp (path, "/Content/", 9) == 0)
          || wsd_ascii_strcasestr (path, ref->path_length, "/msdownload/") != NULL)
        return TRUE;
    }
  return content_from_upstream (item);
}

/* Does @item name a license-agreement file (".txt" at the end of a file
 * name or URL)? A 404 on a EULA alone is the EULA download's failure, not
 * an update missing on the upstream. */
static gboolean
names_eula_file (const WsdItem *item)
{
  const char *found = wsd_ascii_strcasestr (item->text, item->length, ".txt");
  while (found != NULL)
    {
      const char *after = found + 4;
      if (after >= item->text + item->length || !g_ascii_isalnum (*after))
        return TRUE;
      found = wsd_ascii_strcasestr (after, item->length - (after - item->text), ".txt");
    }
  return FALSE;
}

gboolean
wsd_check_is_item_level (const char *check)
{
  return g_strv_contains (item_checks, check);
}

gboolean
wsd_check_item (WsdDiagnosis *self, const char *check, const WsdItem *item)
{
  if (g_str_equal (check, "proxy-endpoint"))
    return names_proxy (self, item)
           && (has_quoted_host (item) || connect_failure (self, item) || proxy_name_text (self, item));
  if (g_str_equal (check, "not-proxy-endpoint"))
    return !names_proxy (self, item);
  if (g_str_equal (check, "not-proxy-host"))
    {
      if (proxy_name_text (self, item) || run_blames_proxy (self, item))
        return FALSE;
      for (guint i = 0; i < item->signals.n_hosts; i++)
        if (item->signals.hosts[i].kind == WSD_HOST_QUOTED
            && is_proxy_name (self, item->text + item->signals.hosts[i].offset, item->signals.hosts[i].length))
          return FALSE;
      return TRUE;
    }
  if (g_str_equal (check, "quoted-host"))
    return has_quoted_host (item);
  if (g_str_equal (check, "content-path"))
    return content_path (self, item);
  if (g_str_equal (check, "content-from-upstream"))
    return content_from_upstream (item);
  if (g_str_equal (check, "not-content"))
    return !content_transfer (self, item);
  /* A status that comes with a SOAP ErrorCode is the fault's carrier
   * (ASMX answers faults with 500): the ErrorCode says what happened. */
  if (g_str_equal (check, "no-soap-code"))
    return item->signals.n_soap == 0;
  if (g_str_equal (check, "after-connect"))
    return !connect_failure (self, item);
  if (g_str_equal (check, "not-eula-file"))
    return !names_eula_file (item);
  return FALSE;
}

/* ---- facts ---- */

static char *
fact_text (const WsdServer *server, const char *path)
{
  JsonNode *node = server != NULL ? wsd_server_fact_node (server, path) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "true" : "false");
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (type == G_TYPE_DOUBLE)
        return g_strdup_printf ("%g", json_node_get_double (node));
      return g_strdup (json_node_get_string (node));
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GString *joined = g_string_new (NULL);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_string_append_printf (joined, "%s%s", joined->len ? ", " : "", json_node_get_string (element));
        }
      return g_string_free (joined, FALSE);
    }
  return NULL;
}

static int
compare_versions (const char *a, const char *b)
{
  g_auto(GStrv) pa = g_strsplit (a, ".", -1);
  g_auto(GStrv) pb = g_strsplit (b, ".", -1);
  for (guint i = 0; pa[i] != NULL || pb[i] != NULL; i++)
    {
      gint64 va = pa[i] != NULL ? g_ascii_strtoll (pa[i], NULL, 10) : 0;
      gint64 vb = pb[i] != NULL ? g_ascii_strtoll (pb[i], NULL, 10) : 0;
      if (va != vb)
        return va < vb ? -1 : 1;
      if (pa[i] == NULL || pb[i] == NULL)
        break;
    }
  return 0;
}

static WsdEvidence *
fact_evidence (const char *path, const char *value)
{
  WsdEvidence *ev = wsd_evidence_new ();
  ev->kind = WSD_SOURCE_KIND_BUNDLE;
  ev->source_path = g_strdup ("bundle.json");
  ev->level = WSD_LEVEL_WARNING;
  ev->text = g_strdup_printf ("server.%s = %s", path, value);
  return ev;
}

/* The server's facts first (its exported configuration), then what the
 * run's own evidence states (@run_facts, may be NULL). */
static gboolean
facts_hold (const WsdServer *server, GPtrArray *run_facts, GPtrArray *conditions, GPtrArray *out_extra)
{
  g_autoptr(GPtrArray) evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_evidence_free);
  gboolean have_facts = server != NULL && server->facts != NULL;

  if (!have_facts && (run_facts == NULL || run_facts->len == 0))
    return FALSE;
  for (guint i = 0; i < conditions->len; i++)
    {
      const WsdFactCondition *c = g_ptr_array_index (conditions, i);
      g_autofree char *value = have_facts ? fact_text (server, c->path) : NULL;
      const WsdRunFact *stated = NULL;
      gboolean holds;

      if (value == NULL && run_facts != NULL)
        for (guint f = 0; f < run_facts->len && stated == NULL; f++)
          if (g_str_equal (((const WsdRunFact *) g_ptr_array_index (run_facts, f))->path, c->path))
            {
              stated = g_ptr_array_index (run_facts, f);
              value = g_strdup (stated->value);
            }

      if (g_str_equal (c->op, "!="))
        holds = value == NULL || g_ascii_strcasecmp (value, c->value) != 0;
      else if (value == NULL)
        holds = FALSE;
      else if (g_str_equal (c->op, "="))
        holds = g_ascii_strcasecmp (value, c->value) == 0;
      else if (g_str_equal (c->op, "^="))
        holds = g_ascii_strncasecmp (value, c->value, strlen (c->value)) == 0;
      else if (g_str_equal (c->op, "~="))
        holds = wsd_ascii_strcasestr (value, strlen (value), c->value) != NULL;
      else if (g_str_equal (c->op, "<"))
        holds = compare_versions (value, c->value) < 0;
      else
        holds = compare_versions (value, c->value) >= 0;
      if (!holds)
        return FALSE;
      if (value != NULL && !g_str_equal (c->op, "!="))
        g_ptr_array_add (evidence, stated != NULL ? wsd_evidence_copy (stated->evidence)
                                                  : fact_evidence (c->path, value));
    }
  if (out_extra != NULL)
    for (guint i = 0; i < evidence->len; i++)
      g_ptr_array_add (out_extra, wsd_evidence_copy (g_ptr_array_index (evidence, i)));
  return TRUE;
}

gboolean
wsd_facts_hold (const WsdServer *server, GPtrArray *conditions, GPtrArray *out_extra)
{
  return facts_hold (server, NULL, conditions, out_extra);
}

gboolean
wsd_facts_hold_for_run (WsdDiagnosis *self, GPtrArray *conditions, GPtrArray *out_extra)
{
  return facts_hold (self->server, self->run_facts, conditions, out_extra);
}

const WsdServer *
wsd_find_upstream (const WsdServer *server, GPtrArray *related)
{
  const char *upstream = server != NULL ? wsd_server_fact_string (server, "upstream_server") : NULL;

  if (upstream == NULL || related == NULL)
    return NULL;
  for (guint i = 0; i < related->len; i++)
    {
      const WsdServer *other = g_ptr_array_index (related, i);
      if (other != server && other->name != NULL
          && wsd_host_names_match (upstream, strlen (upstream), other->name, strlen (other->name)))
        return other;
    }
  return NULL;
}

static gboolean
has_read (const char *rights)
{
  return rights != NULL && (wsd_ascii_strcasestr (rights, strlen (rights), "Read") != NULL
                            || wsd_ascii_strcasestr (rights, strlen (rights), "FullControl") != NULL
                            || wsd_ascii_strcasestr (rights, strlen (rights), "Modify") != NULL);
}

static gboolean
is_users (const char *identity)
{
  static const char * const names[] = { "Users", "Benutzer", "Utilisateurs", "Usuarios", "Utenti",
                                        "Usuários", "Пользователи", "S-1-5-32-545", NULL };
  const char *name = strrchr (identity, '\\');
  name = name != NULL ? name + 1 : identity;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0 || g_str_equal (name, names[i]))
      return TRUE;
  return FALSE;
}

static gboolean
is_network_service (const char *identity)
{
  return wsd_ascii_strcasestr (identity, strlen (identity), "NETWORK SERVICE") != NULL
         || wsd_ascii_strcasestr (identity, strlen (identity), "NETZWERKDIENST") != NULL
         || wsd_ascii_strcasestr (identity, strlen (identity), "S-1-5-20") != NULL;
}

static gboolean
content_acl_lacks_read (const WsdServer *server, GPtrArray *out_extra)
{
  JsonNode *node = wsd_server_fact_node (server, "content.acl");
  gboolean store_locally = TRUE;
  gboolean network_service = FALSE, users = FALSE;
  JsonArray *acl;
  GString *listing;

  if (wsd_server_fact_bool (server, "content.store_locally", &store_locally) && !store_locally)
    return FALSE;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  acl = json_node_get_array (node);
  listing = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (acl); i++)
    {
      JsonNode *entry = json_array_get_element (acl, i);
      JsonObject *object;
      const char *identity, *rights;
      if (!JSON_NODE_HOLDS_OBJECT (entry))
        continue;
      object = json_node_get_object (entry);
      identity = json_object_get_string_member_with_default (object, "identity", "");
      rights = json_object_get_string_member_with_default (object, "rights", "");
      g_string_append_printf (listing, "%s%s: %s", listing->len ? "; " : "", identity, rights);
      if (is_network_service (identity) && has_read (rights))
        network_service = TRUE;
      if (is_users (identity) && has_read (rights))
        users = TRUE;
    }
  if (network_service && users)
    {
      g_string_free (listing, TRUE);
      return FALSE;
    }
  if (out_extra != NULL)
    {
      g_autofree char *text = g_string_free (listing, FALSE);
      g_ptr_array_add (out_extra, fact_evidence ("content.acl", text));
    }
  else
    g_string_free (listing, TRUE);
  return TRUE;
}

static gboolean
replica_mismatch (const WsdServer *server, const WsdServer *parent, GPtrArray *out_extra)
{
  gint64 mine = -1, theirs = -1;
  g_autofree char *my_languages = NULL;
  g_autofree char *their_languages = NULL;
  gboolean differs = FALSE;

  if (server == NULL || parent == NULL || wsd_server_role_from_facts (server) != WSD_ROLE_REPLICA)
    return FALSE;
  if (wsd_server_fact_int (server, "approved_update_count", &mine)
      && wsd_server_fact_int (parent, "approved_update_count", &theirs) && mine != theirs)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT " (parent %s: %" G_GINT64_FORMAT ")",
                                               mine, parent->name, theirs);
      differs = TRUE;
      if (out_extra != NULL)
        g_ptr_array_add (out_extra, fact_evidence ("approved_update_count", text));
    }
  my_languages = fact_text (server, "languages");
  their_languages = fact_text (parent, "languages");
  if (my_languages != NULL && their_languages != NULL && g_ascii_strcasecmp (my_languages, their_languages) != 0)
    {
      g_autofree char *text = g_strdup_printf ("%s (parent %s: %s)", my_languages, parent->name, their_languages);
      differs = TRUE;
      if (out_extra != NULL)
        g_ptr_array_add (out_extra, fact_evidence ("languages", text));
    }
  return differs;
}

gboolean
wsd_check_server (const char *check, const WsdServer *server, GPtrArray *related, GPtrArray *out_extra)
{
  if (g_str_equal (check, "content-acl"))
    return content_acl_lacks_read (server, out_extra);
  if (g_str_equal (check, "replica-mismatch"))
    return replica_mismatch (server, wsd_find_upstream (server, related), out_extra);
  return FALSE;
}

/* ---- update ids ---- */

static gboolean
is_guid (const char *p, const char *end)
{
  static const int dashes[] = { 8, 13, 18, 23 };
  if (end - p < 36)
    return FALSE;
  for (int i = 0; i < 36; i++)
    {
      gboolean dash = i == dashes[0] || i == dashes[1] || i == dashes[2] || i == dashes[3];
      if (dash ? p[i] != '-' : !g_ascii_isxdigit (p[i]))
        return FALSE;
    }
  return end - p == 36 || !g_ascii_isxdigit (p[36]);
}

static gboolean
server_has_update (const WsdServer *server, const char *id)
{
  for (guint i = 0; server->updates != NULL && i < server->updates->len; i++)
    {
      const WsdUpdateInfo *info = g_ptr_array_index (server->updates, i);
      if (info->update_id != NULL && g_ascii_strcasecmp (info->update_id, id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Update ids the run failed on: per-update errors, and ids in its error
 * records that the server's update list knows (or that follow "Item: "). */
GPtrArray *
wsd_diagnosis_failed_updates (WsdDiagnosis *self)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  const WsdRun *run = self->run;

  for (guint i = 0; run->update_errors != NULL && i < run->update_errors->len; i++)
    {
      const WsdUpdateError *ue = g_ptr_array_index (run->update_errors, i);
      if (ue->update_id != NULL && !g_ptr_array_find_with_equal_func (ids, ue->update_id, (GEqualFunc) g_str_equal, NULL))
        g_ptr_array_add (ids, g_ascii_strdown (ue->update_id, -1));
    }
  /* The updates the server itself lists with a failed download (the
   * console's red X). */
  for (guint i = 0; self->server != NULL && self->server->updates != NULL && i < self->server->updates->len; i++)
    {
      const WsdUpdateInfo *info = g_ptr_array_index (self->server->updates, i);
      if (info->update_id != NULL && info->file_status != NULL
          && wsd_ascii_strcasestr (info->file_status, strlen (info->file_status), "fail") != NULL
          && !g_ptr_array_find_with_equal_func (ids, info->update_id, (GEqualFunc) g_str_equal, NULL))
        g_ptr_array_add (ids, g_ascii_strdown (info->update_id, -1));
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      WsdItem *item = wsd_diagnosis_item (self, i);
      const char *end = item->text + item->length;
      if (item->role != WSD_ITEM_FINAL && item->role != WSD_ITEM_SUPPORT)
        continue;
      for (const char *p = item->text; p + 36 <= end; p++)
        {
          g_autofree char *id = NULL;
          gboolean known;
          if ((p > item->text && g_ascii_isxdigit (p[-1])) || !is_guid (p, end))
            continue;
          id = g_ascii_strdown (p, 36);
          known = (self->server != NULL && self->server->updates != NULL) ? server_has_update (self->server, id)
                  : (p - item->text >= 6 && strncmp (p - 6, "Item: ", 6) == 0);
          if (known && !g_ptr_array_find_with_equal_func (ids, id, (GEqualFunc) g_str_equal, NULL))
            g_ptr_array_add (ids, g_steal_pointer (&id));
          p += 35;
        }
    }
  return ids;
}

static char *
join_ids (GPtrArray *ids)
{
  GString *text = g_string_new (NULL);
  for (guint i = 0; i < ids->len && i < 10; i++)
    g_string_append_printf (text, "%s%s", i ? ", " : "", (const char *) g_ptr_array_index (ids, i));
  if (ids->len > 10)
    g_string_append_printf (text, " (+%u)", ids->len - 10);
  return g_string_free (text, FALSE);
}

/* Splits the failed updates by presence on the upstream. FALSE when the
 * upstream's list is not known. */
gboolean
wsd_diagnosis_split_by_upstream (WsdDiagnosis *self, GPtrArray **missing, GPtrArray **present)
{
  const WsdServer *upstream = self->context != NULL ? self->context->upstream : NULL;
  g_autoptr(GPtrArray) ids = NULL;

  if (upstream == NULL || upstream->updates == NULL)
    return FALSE;
  ids = wsd_diagnosis_failed_updates (self);
  *missing = g_ptr_array_new_with_free_func (g_free);
  *present = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_ptr_array_add (server_has_update (upstream, id) ? *present : *missing, g_strdup (id));
    }
  return TRUE;
}

gboolean
wsd_check_run (WsdDiagnosis *self, const char *check, WsdHit *hit)
{
  if (g_str_equal (check, "missing-on-upstream"))
    {
      g_autoptr(GPtrArray) missing = NULL;
      g_autoptr(GPtrArray) present = NULL;
      if (!wsd_run_is_downstream (self) || !wsd_diagnosis_split_by_upstream (self, &missing, &present) || missing->len == 0)
        return FALSE;
      {
        g_autofree char *list = join_ids (missing);
        WsdEvidence *ev = wsd_evidence_new ();
        ev->kind = WSD_SOURCE_KIND_BUNDLE;
        ev->source_path = g_strdup ("bundle.json");
        ev->level = WSD_LEVEL_WARNING;
        ev->text = g_strdup_printf ("not in the updates of %s: %s", self->context->upstream->name, list);
        g_ptr_array_add (hit->extra, ev);
      }
      return TRUE;
    }
  if (g_str_equal (check, "replica-mismatch"))
    return replica_mismatch (self->server, self->context->upstream, hit->extra);
  return FALSE;
}

gboolean
wsd_run_is_downstream (WsdDiagnosis *self)
{
  WsdRole role = self->server != NULL ? wsd_server_role_from_facts (self->server) : WSD_ROLE_UNKNOWN;

  if (role == WSD_ROLE_DOWNSTREAM || role == WSD_ROLE_REPLICA)
    return TRUE;
  if (self->syncs_from_microsoft)
    return FALSE;
  for (guint i = 0; i < self->items->len; i++)
    {
      WsdItem *item = wsd_diagnosis_item (self, i);
      if (item->role == WSD_ITEM_NOISE)
        continue;
      for (guint h = 0; h < item->signals.n_hosts; h++)
        {
          const WsdHostRef *ref = &item->signals.hosts[h];
          const char *host = item->text + ref->offset;
          if (ref->kind == WSD_HOST_ENDPOINT || g_ascii_isdigit (host[0]) || is_proxy_name (self, host, ref->length))
            continue;
          if (ref->kind == WSD_HOST_URL && ref->length > 0
              && g_str_has_prefix (host, "www.microsoft.com/SoftwareDistribution"))
            continue;
          if (!wsd_host_is_microsoft (host, ref->length) && memchr (host, '.', ref->length) != NULL)
            return TRUE;
          if (ref->kind == WSD_HOST_QUOTED && !wsd_host_is_microsoft (host, ref->length))
            return TRUE;
        }
    }
  return FALSE;
}

const WsdServer *
wsd_find_upstream_server (const WsdServer *server, GPtrArray *servers)
{
  return wsd_find_upstream (server, servers);
}
