/* wsd-format.c: how the window spells times, counts and results. */
#include "wsd-config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "wsd-format.h"

static GDateTime *
date_time_from_usec (gint64 usec_utc, gboolean local)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec_utc / G_USEC_PER_SEC);

  if (utc == NULL)
    return NULL;
  return local ? g_date_time_to_local (utc) : g_steal_pointer (&utc);
}

char *
wsd_format_list_time (gint64 usec_utc)
{
  g_autoptr(GDateTime) dt = NULL;

  if (usec_utc == 0 || (dt = date_time_from_usec (usec_utc, TRUE)) == NULL)
    return g_strdup ("");
  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

char *
wsd_format_long_time (gint64 usec_utc)
{
  g_autoptr(GDateTime) dt = NULL;

  if (usec_utc == 0 || (dt = date_time_from_usec (usec_utc, TRUE)) == NULL)
    return g_strdup ("—");
  /* Translators: a date and time, see g_date_time_format() */
  return g_date_time_format (dt, _("%A %e %B %Y, %H:%M:%S"));
}

char *
wsd_format_utc_time (gint64 usec_utc)
{
  g_autoptr(GDateTime) dt = NULL;

  if (usec_utc == 0 || (dt = date_time_from_usec (usec_utc, FALSE)) == NULL)
    return g_strdup (_("Unknown"));
  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC");
}

char *
wsd_format_relative_time (gint64 usec_utc, gint64 now)
{
  gint64 seconds = (now - usec_utc) / G_USEC_PER_SEC;

  if (usec_utc == 0)
    return g_strdup (_("never"));
  if (seconds < 0)
    return g_strdup (_("in the future"));
  if (seconds < 60)
    return g_strdup (_("just now"));
  if (seconds < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", seconds / 60),
                            (int) (seconds / 60));
  if (seconds < 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", seconds / 3600),
                            (int) (seconds / 3600));
  if (seconds < 86400 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", seconds / 86400),
                            (int) (seconds / 86400));
  if (seconds < 86400 * 730)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d month ago", "%d months ago", seconds / (86400 * 30)),
                            (int) (seconds / (86400 * 30)));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year ago", "%d years ago", seconds / (86400 * 365)),
                          (int) (seconds / (86400 * 365)));
}

char *
wsd_format_duration (gint64 started, gint64 finished)
{
  gint64 seconds;

  if (started == 0 || finished == 0 || finished < started)
    return NULL;
  seconds = (finished - started) / G_USEC_PER_SEC;
  if (seconds < 60)
    return g_strdup_printf (_("%d s"), (int) seconds);
  if (seconds < 3600)
    return g_strdup_printf (_("%d min %d s"), (int) (seconds / 60), (int) (seconds % 60));
  return g_strdup_printf (_("%d h %d min"), (int) (seconds / 3600), (int) ((seconds % 3600) / 60));
}

char *
wsd_format_count (gint64 count)
{
  const char *sep = localeconv ()->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, count < 0 ? -count : count);
  GString *out = g_string_new (count < 0 ? "-" : "");
  gsize len = strlen (digits);

  if (sep == NULL || *sep == '\0')
    sep = ",";
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

const char *
wsd_result_label (WsdResult result)
{
  switch (result)
    {
    case WSD_RESULT_SUCCEEDED: return _("Succeeded");
    case WSD_RESULT_FAILED:    return _("Failed");
    case WSD_RESULT_CANCELED:  return _("Canceled");
    case WSD_RESULT_RUNNING:   return _("Running");
    case WSD_RESULT_UNKNOWN:
    default:                   return _("Unknown");
    }
}

const char *
wsd_result_icon_name (WsdResult result)
{
  switch (result)
    {
    case WSD_RESULT_SUCCEEDED: return "emblem-ok-symbolic";
    case WSD_RESULT_FAILED:    return "dialog-error-symbolic";
    case WSD_RESULT_CANCELED:  return "process-stop-symbolic";
    case WSD_RESULT_RUNNING:   return "content-loading-symbolic";
    case WSD_RESULT_UNKNOWN:
    default:                   return "dialog-question-symbolic";
    }
}

const char *
wsd_result_css_class (WsdResult result)
{
  switch (result)
    {
    case WSD_RESULT_SUCCEEDED: return "success";
    case WSD_RESULT_FAILED:    return "error";
    case WSD_RESULT_CANCELED:  return "warning";
    case WSD_RESULT_RUNNING:   return "accent";
    case WSD_RESULT_UNKNOWN:
    default:                   return "dim-label";
    }
}

const char *
wsd_run_type_label (WsdRunType type)
{
  switch (type)
    {
    case WSD_RUN_TYPE_SCHEDULED: return _("Scheduled");
    case WSD_RUN_TYPE_MANUAL:    return _("Manual");
    case WSD_RUN_TYPE_UNKNOWN:
    default:                     return _("Unknown");
    }
}

const char *
wsd_phase_label (WsdPhase phase)
{
  switch (phase)
    {
    case WSD_PHASE_AUTHORIZATION: return _("Authorization");
    case WSD_PHASE_METADATA:      return _("Metadata");
    case WSD_PHASE_DEPLOYMENTS:   return _("Deployments");
    case WSD_PHASE_CONTENT:       return _("Content download");
    case WSD_PHASE_REPORTING:     return _("Reporting");
    case WSD_PHASE_UNKNOWN:       return _("Unknown");
    case WSD_PHASE_NONE:
    default:                      return NULL;
    }
}

const char *
wsd_role_label (WsdRole role)
{
  switch (role)
    {
    case WSD_ROLE_UPSTREAM:   return _("Upstream server");
    case WSD_ROLE_DOWNSTREAM: return _("Downstream server");
    case WSD_ROLE_REPLICA:    return _("Replica server");
    case WSD_ROLE_AUTONOMOUS: return _("Syncs from Microsoft Update");
    case WSD_ROLE_UNKNOWN:
    default:                  return _("Role not known");
    }
}

const char *
wsd_finding_kind_label (WsdFindingKind kind)
{
  switch (kind)
    {
    case WSD_FINDING_CAUSE:  return _("Cause");
    case WSD_FINDING_CONFIG: return _("Configuration");
    case WSD_FINDING_NOTE:
    default:                 return _("Note");
    }
}
