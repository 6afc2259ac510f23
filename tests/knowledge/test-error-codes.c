/* test-error-codes.c: the code table, every printed form, signal extraction. */
#include "kb-fixtures.h"
#include "wsd-error-codes.h"
#include "wsd-signals.h"

static void
test_printed_forms (void)
{
  static const struct { const char *printed; guint32 value; } forms[] = {
    { "0x80072EE7", 0x80072EE7 }, { "0x80072ee7", 0x80072EE7 }, { "80072ee7", 0x80072EE7 },
    { "-2145386477", 0x80200013 }, { "(-2145386477)", 0x80200013 }, { "hr=0x80244022", 0x80244022 },
    { "Error = 5", 0x80070005 }, { "error 0x5", 0x80070005 }, { "5", 0x80070005 }, { "80070005", 0x80070005 },
    { "hr = 0x80072efd", 0x80072EFD }, { "HR: 0x80072EFD", 0x80072EFD }, { "HRESULT 0x80072efd", 0x80072EFD },
    { "HRESULT: 0x80072EFD", 0x80072EFD }, { "hresult=0x80244022", 0x80244022 },
    { "error code: 0x80072efd", 0x80072EFD }, { "Error Code = 0x5", 0x80070005 }, { "(0x80072efd)", 0x80072EFD },
    { "error code: (0x80072efd)", 0x80072EFD },
  };
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      guint32 value = 0;
      g_assert_true (wsd_hresult_parse (forms[i].printed, &value));
      g_assert_cmphex (value, ==, forms[i].value);
    }
  g_assert_false (wsd_hresult_parse ("hello", &(guint32) { 0 }));
  g_assert_false (wsd_hresult_parse ("hr = ", &(guint32) { 0 }));
  g_assert_false (wsd_hresult_parse ("hrx 0x80072efd", &(guint32) { 0 }));
}

static void
test_lookup (void)
{
  WsdErrorCodes *codes = wsd_error_codes_get_default ();
  g_autoptr(GPtrArray) a = wsd_error_codes_lookup (codes, "(-2145386477)");
  g_autoptr(GPtrArray) b = wsd_error_codes_lookup (codes, "407");
  g_autoptr(GPtrArray) c = wsd_error_codes_lookup (codes, "ProxyError");
  g_autoptr(GPtrArray) d = wsd_error_codes_lookup (codes, "0x12345678");
  g_autoptr(GPtrArray) e = wsd_error_codes_lookup (codes, "FileDigestsMissing");

  g_assert_cmpuint (wsd_error_codes_get_n (codes), >, 120);
  g_assert_cmpuint (a->len, ==, 1);
  g_assert_cmpstr (((WsdCodeInfo *) a->pdata[0])->name, ==, "BG_E_INSUFFICIENT_RANGE_SUPPORT");
  g_assert_cmpstr (((WsdCodeInfo *) a->pdata[0])->rule, ==, "content-range-unsupported");
  g_assert_cmpstr (((WsdCodeInfo *) b->pdata[0])->rule, ==, "proxy-auth");
  g_assert_cmpstr (((WsdCodeInfo *) c->pdata[0])->rule, ==, "proxy-unreachable");
  g_assert_cmpuint (d->len, ==, 0);
  g_assert_cmpstr (((WsdCodeInfo *) e->pdata[0])->rule, ==, "update-missing-on-upstream");
  g_assert_cmpuint (wsd_hresult_http_status (0x80190194), ==, 404);
  g_assert_cmpuint (wsd_hresult_http_status (0x8024401B), ==, 407);
}

static void
test_signals (void)
{
  const char *text =
    "Download error: http://wsus-hq.corp.example:8530/Content/DD/81.cab failed in download: (-2145844844) HTTP status 404: not there\n"
    "WebException: The remote name could not be resolved: 'wsushq'. hr=0x80072EE7, 80244022 and error 0x5\n"
    "SocketException: refused 198.51.100.14:8080 ErrorCode=FileDigestsMissing, id 8f203821-6bf0-4d49-b2aa-626a3190912e\n"
    "Der Remoteserver hat einen Fehler zurückgegeben: (407) Proxyauthentifizierung erforderlich. EventId=364\n"
    "La demande a échoué avec l'état HTTP 503 : Service Unavailable.";
  WsdSignals s;

  wsd_signals_extract (text, strlen (text), &s);
  g_assert_true (wsd_signals_has_hresult (&s, 0x80190194, NULL));
  g_assert_true (wsd_signals_has_hresult (&s, 0x80072EE7, NULL));
  g_assert_true (wsd_signals_has_hresult (&s, 0x80244022, NULL));
  g_assert_true (wsd_signals_has_hresult (&s, 0x80070005, NULL));
  g_assert_false (wsd_signals_has_hresult (&s, 0x8f203821, NULL));   /* a GUID is not a code */
  g_assert_true (wsd_signals_has_status (&s, 404, NULL));
  g_assert_true (wsd_signals_has_status (&s, 407, NULL));
  g_assert_true (wsd_signals_has_status (&s, 503, NULL));
  g_assert_true (wsd_signals_has_soap (&s, text, "FileDigestsMissing", NULL));
  g_assert_cmpuint (s.event_id, ==, 364);
  g_assert_cmpuint (s.n_hosts, ==, 3);
  g_assert_cmpint (s.hosts[0].kind, ==, WSD_HOST_URL);
  g_assert_cmpuint (s.hosts[0].port, ==, 8530);
  g_assert_cmpint (s.hosts[1].kind, ==, WSD_HOST_QUOTED);
  g_assert_cmpint (strncmp (text + s.hosts[1].offset, "wsushq", s.hosts[1].length), ==, 0);
  g_assert_cmpint (s.hosts[2].kind, ==, WSD_HOST_ENDPOINT);
  g_assert_cmpuint (s.hosts[2].port, ==, 8080);

  g_assert_true (wsd_host_is_microsoft ("sws.update.microsoft.com", 24));
  g_assert_true (wsd_host_is_microsoft ("download.windowsupdate.com", 26));
  g_assert_false (wsd_host_is_microsoft ("wsus-hq.corp.example", 20));
  g_assert_true (wsd_host_names_match ("WSUS-HQ", 7, "wsus-hq.corp.example", 20));
  g_assert_false (wsd_host_names_match ("wsus-hq.a.example", 17, "wsus-hq.b.example", 17));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/error-codes/printed-forms", test_printed_forms);
  g_test_add_func ("/error-codes/lookup", test_lookup);
  g_test_add_func ("/error-codes/signals", test_signals);
  return g_test_run ();
}
