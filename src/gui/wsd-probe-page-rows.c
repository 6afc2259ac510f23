/* wsd-probe-page-rows.c */
#include <glib/gi18n.h>

#include "wsd-probe-page-rows.h"

const char *
wsd_probe_step_title (WsdProbeStepKind kind)
{
  switch (kind)
    {
    case WSD_PROBE_STEP_DNS:     return _("Name resolution");
    case WSD_PROBE_STEP_TCP:     return _("TCP connection");
    case WSD_PROBE_STEP_PROXY:   return _("Proxy tunnel and authentication");
    case WSD_PROBE_STEP_TLS:     return _("TLS");
    case WSD_PROBE_STEP_HTTP:    return _("HTTP (SelfUpdate)");
    case WSD_PROBE_STEP_SOAP:    return _("Server sync web service (GetAuthConfig)");
    case WSD_PROBE_STEP_CONTENT: return _("Content port");
    default:                     return "";
    }
}

static const char *
status_icon (WsdProbeStatus status)
{
  switch (status)
    {
    case WSD_PROBE_STATUS_OK:      return "emblem-ok-symbolic";
    case WSD_PROBE_STATUS_FAILED:  return "dialog-error-symbolic";
    case WSD_PROBE_STATUS_WARNING: return "dialog-warning-symbolic";
    default:                       return "action-unavailable-symbolic";
    }
}

static const char *
status_style (WsdProbeStatus status)
{
  switch (status)
    {
    case WSD_PROBE_STATUS_OK:      return "success";
    case WSD_PROBE_STATUS_FAILED:  return "error";
    case WSD_PROBE_STATUS_WARNING: return "warning";
    default:                       return "dim-label";
    }
}

static const char *
status_label (WsdProbeStatus status)
{
  switch (status)
    {
    case WSD_PROBE_STATUS_OK:      return _("Passed");
    case WSD_PROBE_STATUS_FAILED:  return _("Failed");
    case WSD_PROBE_STATUS_WARNING: return _("Warning");
    default:                       return _("Skipped");
    }
}

GtkWidget *
wsd_probe_target_group_new (const WsdProbeTarget *target)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  g_autofree char *title = g_markup_escape_text (target->name, -1);
  g_autofree char *description = g_strdup_printf (
    g_str_equal (target->kind, "microsoft-update") ? _("Microsoft Update, seen from this workstation")
                                                   : _("Upstream server, seen from this workstation"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), spinner);
  g_object_set_data (G_OBJECT (group), "wsd-spinner", spinner);
  gtk_widget_set_visible (spinner, FALSE);
  return group;
}

void
wsd_probe_target_group_set_running (GtkWidget *group, gboolean running)
{
  GtkWidget *spinner = g_object_get_data (G_OBJECT (group), "wsd-spinner");

  gtk_widget_set_visible (spinner, running);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), running);
}

void
wsd_probe_target_group_add_step (GtkWidget *group, const WsdProbeStep *step, const char *rule_title)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (status_icon (step->status));
  g_autofree char *subtitle = step->detail != NULL ? g_markup_escape_text (step->detail, -1) : g_strdup ("");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), wsd_probe_step_title (step->step));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  gtk_widget_add_css_class (icon, status_style (step->status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  status_label (step->status), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  if (step->status != WSD_PROBE_STATUS_SKIPPED)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, step->elapsed_ms);
      /* TRANSLATORS: a duration in milliseconds */
      g_autofree char *elapsed = g_strdup_printf (_("%s ms"), number);
      GtkWidget *label = gtk_label_new (elapsed);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  g_object_set_data (G_OBJECT (row), "wsd-step", GINT_TO_POINTER (step->step + 1));
  g_object_set_data (G_OBJECT (row), "wsd-status", GINT_TO_POINTER (step->status + 1));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  if (step->rule != NULL)
    {
      /* the finding this step points to */
      GtkWidget *finding = adw_action_row_new ();
      GtkWidget *finding_icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");
      g_autofree char *title = g_markup_escape_text (rule_title != NULL ? rule_title : step->rule, -1);
      g_autofree char *rule = g_markup_escape_text (step->rule, -1);
      g_autofree char *finding_subtitle = g_strdup_printf (
        step->status == WSD_PROBE_STATUS_FAILED ? _("Finding: %s") : _("Note: %s"), rule);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (finding), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (finding), finding_subtitle);
      gtk_widget_add_css_class (finding, "property");
      gtk_widget_set_margin_start (finding_icon, 24);
      adw_action_row_add_prefix (ADW_ACTION_ROW (finding), finding_icon);
      g_object_set_data_full (G_OBJECT (finding), "wsd-rule", g_strdup (step->rule), g_free);
      g_object_set_data_full (G_OBJECT (finding), "wsd-rule-title", g_strdup (rule_title), g_free);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), finding);
    }
}

char *
wsd_probe_result_summary (const WsdProbeResult *result)
{
  guint failed = 0, warnings = 0, passed = 0;
  g_autoptr(GString) rules = g_string_new (NULL);

  for (guint i = 0; i < result->targets->len; i++)
    {
      WsdProbeTarget *target = g_ptr_array_index (result->targets, i);

      for (guint j = 0; j < target->steps->len; j++)
        {
          WsdProbeStep *step = g_ptr_array_index (target->steps, j);

          if (step->status == WSD_PROBE_STATUS_FAILED)
            failed++;
          else if (step->status == WSD_PROBE_STATUS_WARNING)
            warnings++;
          else if (step->status == WSD_PROBE_STATUS_OK)
            passed++;
          if (step->status == WSD_PROBE_STATUS_FAILED && step->rule != NULL && strstr (rules->str, step->rule) == NULL)
            g_string_append_printf (rules, "%s%s", rules->len ? ", " : "", step->rule);
        }
    }
  if (failed == 0 && warnings == 0)
    return g_strdup_printf (ngettext ("%u step passed", "all %u steps passed", passed), passed);
  if (failed == 0)
    return g_strdup_printf (ngettext ("%u warning", "%u warnings", warnings), warnings);
  return g_strdup_printf (ngettext ("%u step failed (%s)", "%u steps failed (%s)", failed), failed, rules->str);
}

GtkWidget *
wsd_probe_history_row_new (const WsdProbeResult *result)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (result->started / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autofree char *when = local != NULL ? g_date_time_format (local, "%x %X") : g_strdup ("?");
  g_autofree char *summary = wsd_probe_result_summary (result);
  g_autofree char *escaped = g_markup_escape_text (summary, -1);
  gboolean failed = FALSE;

  for (guint i = 0; i < result->targets->len && !failed; i++)
    for (guint j = 0; j < ((WsdProbeTarget *) g_ptr_array_index (result->targets, i))->steps->len; j++)
      if (((WsdProbeStep *) g_ptr_array_index (((WsdProbeTarget *) g_ptr_array_index (result->targets, i))->steps, j))->status
          == WSD_PROBE_STATUS_FAILED)
        failed = TRUE;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (failed ? "dialog-error-symbolic" : "emblem-ok-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "wsd-probe-result", wsd_probe_result_copy (result),
                          (GDestroyNotify) wsd_probe_result_free);
  return row;
}
