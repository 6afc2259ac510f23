/* wsd-probe-result.c */
#include <json-glib/json-glib.h>
#include "wsd-probe-result.h"

static const char *step_names[WSD_PROBE_N_STEPS] = {
  "dns", "tcp", "proxy", "tls", "http", "soap", "content",
};

static const char *status_names[] = { "ok", "failed", "skipped", "warning" };

const char *
wsd_probe_step_kind_to_string (WsdProbeStepKind kind)
{
  return kind < WSD_PROBE_N_STEPS ? step_names[kind] : "dns";
}

WsdProbeStepKind
wsd_probe_step_kind_from_string (const char *text)
{
  for (guint i = 0; text != NULL && i < WSD_PROBE_N_STEPS; i++)
    if (g_str_equal (text, step_names[i]))
      return i;
  return WSD_PROBE_STEP_DNS;
}

const char *
wsd_probe_status_to_string (WsdProbeStatus status)
{
  return status < G_N_ELEMENTS (status_names) ? status_names[status] : "failed";
}

WsdProbeStatus
wsd_probe_status_from_string (const char *text)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (status_names); i++)
    if (g_str_equal (text, status_names[i]))
      return i;
  return WSD_PROBE_STATUS_FAILED;
}

WsdProbeStep *
wsd_probe_step_new (WsdProbeStepKind step, WsdProbeStatus status)
{
  WsdProbeStep *self = g_new0 (WsdProbeStep, 1);
  self->step = step;
  self->status = status;
  return self;
}

void
wsd_probe_step_free (WsdProbeStep *self)
{
  if (self == NULL)
    return;
  g_free (self->rule);
  g_free (self->detail);
  g_free (self);
}

WsdProbeTarget *
wsd_probe_target_new (const char *name, const char *kind)
{
  WsdProbeTarget *self = g_new0 (WsdProbeTarget, 1);
  self->name = g_strdup (name);
  self->kind = g_strdup (kind);
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_probe_step_free);
  return self;
}

void
wsd_probe_target_free (WsdProbeTarget *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->kind);
  g_ptr_array_unref (self->steps);
  g_free (self);
}

WsdProbeResult *
wsd_probe_result_new (void)
{
  WsdProbeResult *self = g_new0 (WsdProbeResult, 1);
  self->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_probe_target_free);
  return self;
}

void
wsd_probe_result_free (WsdProbeResult *self)
{
  if (self == NULL)
    return;
  g_free (self->server);
  g_ptr_array_unref (self->targets);
  g_free (self);
}

WsdProbeResult *
wsd_probe_result_copy (const WsdProbeResult *other)
{
  g_autofree char *json = wsd_probe_result_to_json (other);
  WsdProbeResult *self = wsd_probe_result_from_json (json, NULL);

  self->id = other->id;
  self->server = g_strdup (other->server);
  return self;
}

char *
wsd_probe_result_to_json (const WsdProbeResult *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *started = wsd_time_format_iso (self->started);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seen_from");
  json_builder_add_string_value (builder, "this workstation");
  json_builder_set_member_name (builder, "started");
  json_builder_add_string_value (builder, started);
  if (self->server != NULL)
    {
      json_builder_set_member_name (builder, "server");
      json_builder_add_string_value (builder, self->server);
    }
  json_builder_set_member_name (builder, "targets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->targets->len; i++)
    {
      WsdProbeTarget *target = g_ptr_array_index (self->targets, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, target->name);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, target->kind);
      json_builder_set_member_name (builder, "steps");
      json_builder_begin_array (builder);
      for (guint j = 0; j < target->steps->len; j++)
        {
          WsdProbeStep *step = g_ptr_array_index (target->steps, j);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "step");
          json_builder_add_string_value (builder, wsd_probe_step_kind_to_string (step->step));
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder, wsd_probe_status_to_string (step->status));
          if (step->status != WSD_PROBE_STATUS_SKIPPED)
            {
              json_builder_set_member_name (builder, "elapsed_ms");
              json_builder_add_int_value (builder, step->elapsed_ms);
            }
          if (step->rule != NULL)
            {
              json_builder_set_member_name (builder, "rule");
              json_builder_add_string_value (builder, step->rule);
            }
          if (step->detail != NULL)
            {
              json_builder_set_member_name (builder, "detail");
              json_builder_add_string_value (builder, step->detail);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static const char *
member_string (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonArray *
member_array (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

WsdProbeResult *
wsd_probe_result_from_json (const char *json, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(WsdProbeResult) self = NULL;
  JsonObject *root;
  JsonArray *targets;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, WSD_ERROR, WSD_ERROR_INVALID, "probe result is not a JSON object");
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  self = wsd_probe_result_new ();
  self->started = wsd_time_parse_iso (member_string (root, "started"));
  self->server = g_strdup (member_string (root, "server"));
  targets = member_array (root, "targets");
  for (guint i = 0; targets != NULL && i < json_array_get_length (targets); i++)
    {
      JsonNode *node = json_array_get_element (targets, i);
      JsonObject *object;
      JsonArray *steps;
      WsdProbeTarget *target;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      target = wsd_probe_target_new (member_string (object, "name"), member_string (object, "kind"));
      g_ptr_array_add (self->targets, target);
      steps = member_array (object, "steps");
      for (guint j = 0; steps != NULL && j < json_array_get_length (steps); j++)
        {
          JsonNode *step_node = json_array_get_element (steps, j);
          JsonObject *step_object;
          WsdProbeStep *step;

          if (!JSON_NODE_HOLDS_OBJECT (step_node))
            continue;
          step_object = json_node_get_object (step_node);
          step = wsd_probe_step_new (wsd_probe_step_kind_from_string (member_string (step_object, "step")),
                                     wsd_probe_status_from_string (member_string (step_object, "status")));
          if (json_object_has_member (step_object, "elapsed_ms"))
            step->elapsed_ms = json_object_get_int_member (step_object, "elapsed_ms");
          step->rule = g_strdup (member_string (step_object, "rule"));
          step->detail = g_strdup (member_string (step_object, "detail"));
          g_ptr_array_add (target->steps, step);
        }
    }
  return g_steal_pointer (&self);
}
