/* wsd-knowledge-base.c: loading rules (built-in GResource + user folder). */
#include <string.h>
#include <gio/gio.h>

#include "wsd-knowledge-base-private.h"

#define RESOURCE_DIR "/io/github/syncdoctor/WsusSyncDoctor/knowledge/"

struct _WsdKnowledgeBase {
  GObject        parent_instance;
  GHashTable    *by_id;     /* id → WsdRule* (owned) */
  GPtrArray     *rules;     /* WsdRule*, rank descending */
  WsdLiteralSet *literals;
  guint          builtin[WSD_N_BUILTIN_LITERALS];
};

G_DEFINE_FINAL_TYPE (WsdKnowledgeBase, wsd_knowledge_base, G_TYPE_OBJECT)

/* .NET resource strings: "Unable to connect to the remote server" and
 * "The proxy name could not be resolved" in the Framework's main languages. */
static const char * const connect_texts[] = {
  "Unable to connect to the remote server",
  "Es konnte keine Verbindung mit dem Remoteserver hergestellt werden",
  "Impossible de se connecter au serveur distant",
  "No es posible conectar con el servidor remoto",
  "Impossibile connettersi al server remoto",
  "Não é possível conectar-se ao servidor remoto",
  "Невозможно соединиться с удаленным сервером",
  "リモート サーバーに接続できません",
  "无法连接到远程服务器",
  "원격 서버에 연결할 수 없습니다",
  "actively refused",
};
G_STATIC_ASSERT (G_N_ELEMENTS (connect_texts) == WSD_LIT_CONNECT_TEXT_LAST - WSD_LIT_CONNECT_TEXT_FIRST + 1);

static const char * const proxy_name_texts[] = {
  "The proxy name could not be resolved",
  "Der Proxyname konnte nicht aufgelöst werden",
  "Le nom du proxy n'a pas pu être résolu",
  "No se puede resolver el nombre del proxy",
  "Impossibile risolvere il nome del proxy",
  "O nome do proxy não pôde ser resolvido",
  "Не удается разрешить имя прокси-сервера",
  "プロキシ名を解決できませんでした",
  "未能解析代理名称",
  "프록시 이름을 확인할 수 없습니다",
};
G_STATIC_ASSERT (G_N_ELEMENTS (proxy_name_texts) == WSD_LIT_PROXY_NAME_LAST - WSD_LIT_PROXY_NAME_FIRST + 1);

static void
wsd_knowledge_base_finalize (GObject *object)
{
  WsdKnowledgeBase *self = WSD_KNOWLEDGE_BASE (object);

  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->literals, wsd_literal_set_free);
  G_OBJECT_CLASS (wsd_knowledge_base_parent_class)->finalize (object);
}

static void
wsd_knowledge_base_class_init (WsdKnowledgeBaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wsd_knowledge_base_finalize;
}

static void
wsd_knowledge_base_init (WsdKnowledgeBase *self)
{
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) wsd_rule_free);
}

static void
add_rule (WsdKnowledgeBase *self, WsdRule *rule)
{
  /* The key is owned by the rule; remove first so the old rule's id is not
   * used as the key of the new one. */
  g_hash_table_remove (self->by_id, rule->id);
  g_hash_table_insert (self->by_id, rule->id, rule);
}

static GArray *
add_literals (WsdLiteralSet *set, char **list, GArray *any)
{
  GArray *ids;

  if (list == NULL)
    return NULL;
  ids = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; list[i] != NULL; i++)
    {
      guint id = wsd_literal_set_add (set, list[i]);
      g_array_append_val (ids, id);
      if (any != NULL)
        g_array_append_val (any, id);
    }
  return ids;
}

static int
compare_rank (gconstpointer a, gconstpointer b)
{
  const WsdRule *ra = *(WsdRule * const *) a;
  const WsdRule *rb = *(WsdRule * const *) b;
  if (ra->rank != rb->rank)
    return rb->rank - ra->rank;
  return strcmp (ra->id, rb->id);
}

static void
compile (WsdKnowledgeBase *self)
{
  GHashTableIter iter;
  gpointer value;

  self->literals = wsd_literal_set_new ();
  self->builtin[WSD_LIT_CONNECT_FRAME_1] = wsd_literal_set_add (self->literals, "Socket.DoConnect");
  self->builtin[WSD_LIT_CONNECT_FRAME_2] = wsd_literal_set_add (self->literals, "ConnectSocketInternal");
  for (guint i = 0; i < G_N_ELEMENTS (connect_texts); i++)
    self->builtin[WSD_LIT_CONNECT_TEXT_FIRST + i] = wsd_literal_set_add (self->literals, connect_texts[i]);
  for (guint i = 0; i < G_N_ELEMENTS (proxy_name_texts); i++)
    self->builtin[WSD_LIT_PROXY_NAME_FIRST + i] = wsd_literal_set_add (self->literals, proxy_name_texts[i]);
  self->builtin[WSD_LIT_WSUSCONTENT] = wsd_literal_set_add (self->literals, "WsusContent");
  self->builtin[WSD_LIT_CONTENT_SYNC_AGENT] = wsd_literal_set_add (self->literals, "ContentSyncAgent");
  self->builtin[WSD_LIT_HEALTH_MONITOR] = wsd_literal_set_add (self->literals, "HmtWebServices.Check");
  self->builtin[WSD_LIT_ACTION_RETRY] = wsd_literal_set_add (self->literals, "Action: Retry");
  self->builtin[WSD_LIT_CONTENT_DOWNLOAD] = wsd_literal_set_add (self->literals, "Content file download failed");

  self->rules = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      WsdRule *rule = value;
      g_ptr_array_add (self->rules, rule);
      for (guint i = 0; i < rule->matches->len; i++)
        {
          WsdMatchGroup *group = g_ptr_array_index (rule->matches, i);
          group->lit_any = g_array_new (FALSE, FALSE, sizeof (guint));
          group->lit_exception_types = add_literals (self->literals, group->exception_types, group->lit_any);
          group->lit_identifiers = add_literals (self->literals, group->identifiers, group->lit_any);
          group->lit_text = add_literals (self->literals, group->text, group->lit_any);
          group->lit_hosts = add_literals (self->literals, group->hosts, group->lit_any);
          group->lit_not = add_literals (self->literals, group->not_text, NULL);
          group->language_independent = group->text == NULL;
          group->item_checks = g_ptr_array_new ();
          group->run_checks = g_ptr_array_new ();
          for (guint c = 0; group->checks != NULL && group->checks[c] != NULL; c++)
            {
              const char *check = group->checks[c];
              if (g_str_equal (check, "retry-schedule") || g_str_equal (check, "see-details")
                  || g_str_equal (check, "unclassified"))
                group->produced_in_c = TRUE;
              g_ptr_array_add (wsd_check_is_item_level (check) ? group->item_checks : group->run_checks, (gpointer) check);
            }
          group->has_item_keys = group->lit_any->len > 0 || group->hresults != NULL || group->http_statuses != NULL
                                 || group->soap_codes != NULL || group->event_ids != NULL || group->regexes != NULL
                                 || group->item_checks->len > 0;
          group->probe_only = group->probe != NULL && !group->has_item_keys && group->sync_errors == NULL
                              && group->facts == NULL && group->checks == NULL && group->when_rule == NULL
                              && group->unless_rule == NULL;
        }
    }
  g_ptr_array_sort (self->rules, compare_rank);
  for (guint i = 0; i < self->rules->len; i++)
    ((WsdRule *) g_ptr_array_index (self->rules, i))->index = i;
  wsd_literal_set_compile (self->literals);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Reads every *.rule (and *.rule.desktop.in template) in @dir. */
static void
load_dir (WsdKnowledgeBase *self, const char *dir, GPtrArray *problems, gboolean keep_valid)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".rule") || g_str_has_suffix (name, ".rule.desktop.in"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;
      g_autoptr(GError) error = NULL;
      WsdRule *rule;

      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          g_ptr_array_add (problems, g_strdup_printf ("%s:0: %s", path, error->message));
          continue;
        }
      rule = wsd_rule_new_from_data (contents, length, path, problems);
      if (rule != NULL && keep_valid)
        add_rule (self, rule);
      else
        wsd_rule_free (rule);
    }
}

static gboolean
load_builtin (WsdKnowledgeBase *self, GError **error)
{
  g_auto(GStrv) children = g_resources_enumerate_children (RESOURCE_DIR, 0, error);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  if (children == NULL)
    return FALSE;
  for (guint i = 0; children[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (RESOURCE_DIR, children[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      gsize length = 0;
      const char *data;
      WsdRule *rule;

      if (!g_str_has_suffix (children[i], ".rule"))
        continue;
      bytes = g_resources_lookup_data (path, 0, error);
      if (bytes == NULL)
        return FALSE;
      data = g_bytes_get_data (bytes, &length);
      rule = wsd_rule_new_from_data (data, length, path, problems);
      if (rule != NULL)
        add_rule (self, rule);
    }
  if (problems->len > 0)
    {
      /* A broken built-in rule is a build defect, not user input. */
      g_set_error (error, WSD_ERROR, WSD_ERROR_INVALID, "%s",
                   (const char *) g_ptr_array_index (problems, 0));
      return FALSE;
    }
  return TRUE;
}

WsdKnowledgeBase *
wsd_knowledge_base_new_builtin (GError **error)
{
  g_autoptr(WsdKnowledgeBase) self = g_object_new (WSD_TYPE_KNOWLEDGE_BASE, NULL);

  if (!load_builtin (self, error))
    return NULL;
  compile (self);
  return g_steal_pointer (&self);
}

WsdKnowledgeBase *
wsd_knowledge_base_new_default (GPtrArray **out_warnings, GError **error)
{
  g_autoptr(WsdKnowledgeBase) self = g_object_new (WSD_TYPE_KNOWLEDGE_BASE, NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *user_dir = g_build_filename (g_get_user_config_dir (), "wsus-sync-doctor", "rules", NULL);

  if (!load_builtin (self, error))
    return NULL;
  load_dir (self, user_dir, problems, TRUE);
  compile (self);
  if (out_warnings != NULL)
    *out_warnings = g_steal_pointer (&problems);
  return g_steal_pointer (&self);
}

WsdKnowledgeBase *
wsd_knowledge_base_new_from_dirs (const char * const *dirs, GPtrArray *out_warnings, GError **error)
{
  g_autoptr(WsdKnowledgeBase) self = g_object_new (WSD_TYPE_KNOWLEDGE_BASE, NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; dirs != NULL && dirs[i] != NULL; i++)
    load_dir (self, dirs[i], problems, TRUE);
  if (g_hash_table_size (self->by_id) == 0)
    {
      g_set_error (error, WSD_ERROR, WSD_ERROR_NOT_FOUND, "no rules found");
      return NULL;
    }
  compile (self);
  if (out_warnings != NULL)
    for (guint i = 0; i < problems->len; i++)
      g_ptr_array_add (out_warnings, g_strdup (g_ptr_array_index (problems, i)));
  return g_steal_pointer (&self);
}

gboolean
wsd_knowledge_base_check_dir (const char *dir, GPtrArray *out_problems)
{
  g_autoptr(WsdKnowledgeBase) scratch = g_object_new (WSD_TYPE_KNOWLEDGE_BASE, NULL);
  guint before = out_problems->len;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (out_problems, g_strdup_printf ("%s:0: not a folder", dir));
      return FALSE;
    }
  load_dir (scratch, dir, out_problems, FALSE);
  return out_problems->len == before;
}

guint
wsd_knowledge_base_get_n_rules (WsdKnowledgeBase *self)
{
  return self->rules->len;
}

const char *
wsd_knowledge_base_get_title (WsdKnowledgeBase *self, const char *rule_id)
{
  WsdRule *rule = wsd_knowledge_base_get_rule (self, rule_id);
  return rule != NULL ? rule->title : NULL;
}

GPtrArray *
wsd_knowledge_base_get_rules (WsdKnowledgeBase *self)
{
  return self->rules;
}

WsdRule *
wsd_knowledge_base_get_rule (WsdKnowledgeBase *self, const char *rule_id)
{
  return rule_id != NULL ? g_hash_table_lookup (self->by_id, rule_id) : NULL;
}

WsdLiteralSet *
wsd_knowledge_base_get_literals (WsdKnowledgeBase *self)
{
  return self->literals;
}

guint
wsd_knowledge_base_builtin_literal (WsdKnowledgeBase *self, WsdBuiltinLiteral which)
{
  return self->builtin[which];
}
