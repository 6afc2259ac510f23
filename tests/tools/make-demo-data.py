#!/usr/bin/env python3
"""Writes data/demo/: two collector bundles (folders) of a WSUS pair, as
Collect-WsusSyncDiagnostics.ps1 would write them.

- wsus-hq.corp.example syncs from Microsoft Update through a proxy;
- wsus-br01.branch.corp.example is its downstream (8531, SSL) and retries a
  failed scheduled sync twice, 15 minutes apart.

About two months of daily synchronizations with ordinary success noise and
several kinds of failure: proxy 407, TLS connection reset, SUSDB timeouts
(upstream); upstream unreachable, content 404 from the upstream, upstream
503 (downstream). Deterministic: the same script always writes the same
bytes, so the bundles can be remade and reviewed.

Usage: tests/tools/make-demo-data.py [OUTPUT_DIR]   (default: data/demo)
"""
import argparse
import datetime as dt
import json
import os
import random
import shutil
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "data", "demo")   # set from the command line in main()
FIRST_DAY = dt.datetime(2026, 9, 1, tzinfo=dt.timezone.utc)
DAYS = 61
COLLECTED = dt.datetime(2026, 11, 1, 8, 0, 0, tzinfo=dt.timezone.utc)
HQ = "wsus-hq.corp.example"
BR = "wsus-br01.branch.corp.example"
PROVIDER = "Windows Server Update Services"

rng = random.Random(20261101)


def guid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def stamp(t):
    return t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d} UTC"


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def sec(t, s):
    return t + dt.timedelta(seconds=s)


# --- failure texts (.NET exception text plus frames, as WSUS logs them) ----
FRAMES_AUTH = [
    "   at System.Web.Services.Protocols.SoapHttpClientProtocol.ReadResponse(SoapClientMessage message, WebResponse response, Stream responseStream, Boolean asyncCall)",
    "   at System.Web.Services.Protocols.SoapHttpClientProtocol.Invoke(String methodName, Object[] parameters)",
    "   at Microsoft.UpdateServices.ServerSyncWebServices.ServerSync.ServerSyncProxy.GetAuthConfig()",
    "   at Microsoft.UpdateServices.ServerSync.ServerSyncLib.InternetGetServerAuthConfig(ServerSyncProxy proxy, WebServiceCommunicationHelper webServiceHelper)",
    "   at Microsoft.UpdateServices.ServerSync.ServerSyncLib.Authenticate(AuthorizationManager authorizationManager, Boolean checkExpiration, ServerSyncProxy proxy, Cookie cookie, WebServiceCommunicationHelper webServiceHelper)",
    "   at Microsoft.UpdateServices.ServerSync.CatalogSyncAgentCore.SyncConfigUpdatesFromUSS()",
    "   at Microsoft.UpdateServices.ServerSync.CatalogSyncAgentCore.ExecuteSyncProtocol(Boolean allowRedirect)",
]
FRAMES_CONNECT = [
    "   at System.Net.HttpWebRequest.GetRequestStream(TransportContext& context)",
    "   at System.Net.HttpWebRequest.GetRequestStream()",
    "   at System.Web.Services.Protocols.SoapHttpClientProtocol.Invoke(String methodName, Object[] parameters)",
] + FRAMES_AUTH[2:]
FRAMES_DB = [
    "   at System.Data.SqlClient.SqlConnection.OnError(SqlException exception, Boolean breakConnection, Action`1 wrapCloseInAction)",
    "   at System.Data.SqlClient.TdsParser.TryRun(RunBehavior runBehavior, SqlCommand cmdHandler, SqlDataReader dataStream, BulkCopySimpleResultSet bulkCopyHandler, TdsParserStateObject stateObj, Boolean& dataReady)",
    "   at System.Data.SqlClient.SqlCommand.ExecuteNonQuery()",
    "   at Microsoft.UpdateServices.Internal.DatabaseAccess.DBConnection.ExecuteCommandNoResult()",
    "   at Microsoft.UpdateServices.ServerSync.ServerSyncDataAccess.ImportUpdate(Int32 upstreamServerLocalId, XmlUpdate xmlUpdate)",
    "   at Microsoft.UpdateServices.ServerSync.CatalogSyncAgentCore.GetUpdateDataInChunksAndImport(List`1 neededUpdates, List`1 allMetadata, List`1 allFileUrls, Boolean isConfigData)",
    "   at Microsoft.UpdateServices.ServerSync.CatalogSyncAgentCore.ExecuteSyncProtocol(Boolean allowRedirect)",
]

FAILURES = {
    "proxy-407": ("UssCommunicationError",
                  "WebException: The request failed with HTTP status 407: Proxy Authentication Required.",
                  FRAMES_AUTH),
    "tls-reset": ("UssCommunicationError",
                  "WebException: The underlying connection was closed: An unexpected error occurred on a send. ---> "
                  "System.IO.IOException: Unable to read data from the transport connection: An existing connection was "
                  "forcibly closed by the remote host. ---> System.Net.Sockets.SocketException: An existing connection was "
                  "forcibly closed by the remote host",
                  FRAMES_CONNECT),
    "db-timeout": ("LocalDbTooBusy",
                   "SqlException: Execution Timeout Expired.  The timeout period elapsed prior to completion of the "
                   "operation or the server is not responding.",
                   FRAMES_DB),
    "upstream-unreachable": ("UssCommunicationError",
                             "WebException: Unable to connect to the remote server ---> System.Net.Sockets.SocketException: "
                             "A connection attempt failed because the connected party did not properly respond after a "
                             "period of time, or established connection failed because connected host has failed to "
                             "respond 198.51.100.20:8531",
                             FRAMES_CONNECT),
    "upstream-503": ("UssCommunicationError",
                     "WebException: The request failed with HTTP status 503: Service Unavailable.",
                     FRAMES_AUTH),
    "content-404": ("Unknown",
                    "Content file download failed. Reason: HTTP status 404: The requested URL does not exist on the server.",
                    []),
}

# (day index, hour, minute, manual, failure or None, retries of a downstream)
HQ_PLAN = {7: "proxy-407", 8: "proxy-407", 21: "tls-reset", 35: "db-timeout", 36: "db-timeout"}
HQ_MANUAL = {8: ("proxy-407", 9, 12), 9: (None, 8, 47), 36: (None, 10, 5), 50: (None, 14, 31)}
BR_PLAN = {13: "upstream-unreachable", 28: "content-404", 48: "upstream-503"}
BR_MANUAL = {28: (None, 11, 20), 48: (None, 9, 40), 14: (None, 7, 55)}


class Server:
    def __init__(self, name, thread):
        self.name = name
        self.log = []        # (time, text) lines of SoftwareDistribution.log
        self.events = []     # (time, id, level, message)
        self.history = []
        self.thread = thread

    def line(self, t, level, process, component, message):
        self.log.append((t, f"{stamp(t)}\t{level}\t{process}\t{component}\t{message}"))

    def report(self, t, event_id, level, message):
        kind = {4: "Information", 3: "Warning", 2: "Error"}[level]
        self.line(t, "Info" if level == 4 else "Error", f"WsusService.{self.thread}", "EventLogEventReporter.ReportEvent",
                  f"EventId={event_id},Type={kind},Category=Synchronization,Message={message}")
        self.events.append((t, event_id, level, message))


def sync(server, start, manual, failure, upstream_url, content=False):
    """One synchronization: log lines, events and its history row."""
    s = server
    w = f"WsusService.{s.thread}"
    t = start
    if manual:
        s.line(sec(t, -1.9), "Change", f"w3wp.{rng.randint(5, 60)}", "AdminDataAccess.StartSubscriptionManually",
               "Synchronization manually started")
        s.report(t, 382, 4, "A manual synchronization was started.")
    else:
        s.report(t, 381, 4, "A scheduled synchronization was started.")
    s.line(sec(t, 0.4), "Info", w, "CatalogSyncAgentCore.ExecuteSyncProtocol", f"Starting synchronization with {upstream_url}")
    s.line(sec(t, 0.6), "Info", w, "ServerSyncLib.InternetGetServerAuthConfig", "Calling GetAuthConfig")
    error_name = error_text = None
    if failure in ("proxy-407", "tls-reset", "upstream-unreachable", "upstream-503"):
        wait = {"upstream-unreachable": 21.0, "tls-reset": 3.2}.get(failure, 0.8)
        if failure == "tls-reset":
            # WSUS retries the web service call before giving up.
            for attempt in range(1, 3):
                s.line(sec(t, 0.6 + attempt), "Warning", w, "WebServiceCommunicationHelper.ProcessWebServiceProxyException",
                       "Action: Retry, Exception: The underlying connection was closed: An unexpected error occurred on a send.")
        error_name, first, frames = FAILURES[failure]
        end = sec(t, wait + rng.uniform(0.2, 2.0))
        error_text = "\r\n".join([first] + frames)
        s.line(end, "Error", w, "CatalogSyncAgentCore.CatalogSyncThreadProcess", "\n".join([first] + frames))
        s.report(sec(end, 0.01), 386, 2, "Synchronization failed. Reason: " + first.split(" ---> ")[0].split(": ", 1)[1])
    else:
        s.line(sec(t, 1.1), "Info", w, "ServerSyncLib.Authenticate", "Authorization cookie obtained")
        s.line(sec(t, 2.4), "Info", w, "CatalogSyncAgentCore.GetRevisionIdList", f"Retrieved {rng.randint(40, 400)} revision ids")
        duration = rng.uniform(50, 420)
        if failure == "db-timeout":
            error_name, first, frames = FAILURES[failure]
            end = sec(t, duration)
            error_text = "\r\n".join([first] + frames)
            s.line(end, "Error", w, "CatalogSyncAgentCore.CatalogSyncThreadProcess", "\n".join([first] + frames))
            s.report(sec(end, 0.01), 386, 2, "Synchronization failed. Reason: Execution Timeout Expired.")
        elif failure == "content-404" or content:
            s.report(sec(t, duration * 0.6), 361, 4, "Content synchronization started.")
            if failure == "content-404":
                for n in range(2):
                    digest = "%040X" % rng.getrandbits(160)
                    at = sec(t, duration * 0.6 + 4 + n * 3)
                    source = f"/Content/{digest[-2:]}/{digest}.cab"
                    dest = f"E:\\WSUS\\WsusContent\\{digest[-2:]}\\{digest}.cab"
                    s.line(at, "Error", w, "ContentSyncAgent.JobError",
                           f"Job error: HTTP status 404: The requested URL does not exist on the server. ({source})")
                    s.report(sec(at, 0.02), 364, 2, "Content file download failed.\nReason: HTTP status 404: The requested URL "
                             f"does not exist on the server.\n\nSource File: {source}\nDestination File: {dest}")
                error_name, first, _ = FAILURES[failure]
                error_text = first
                end = sec(t, duration)
                s.report(end, 386, 2, "Synchronization failed. Reason: Content file download failed.")
            else:
                end = sec(t, duration)
                s.report(end, 384, 4, "Synchronization completed successfully.")
        else:
            end = sec(t, duration)
            s.report(end, 384, 4, "Synchronization completed successfully.")
    s.line(sec(end, 0.9), "Info", w, "CatalogSyncAgent.SetSubscriptionStateWithRetry", "Firing event SyncFinish...")
    s.history.append({
        "id": guid(), "start_utc": iso(sec(start, -0.02)), "end_utc": iso(sec(end, 0.05)), "started_manually": manual,
        "result": "Failed" if error_name else "Succeeded", "error": error_name or "NotApplicable",
        "error_text": error_text or ""})
    return error_name is not None


def health_noise(server, day_start):
    t = day_start + dt.timedelta(hours=rng.randint(6, 20), minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))
    server.line(t, "Error", f"WsusService.{server.thread}", "HmtWebServices.CheckReportingWebService",
                "Reporting WebService SoapException:System.Web.Services.Protocols.SoapException: Server was unable to "
                "process request. ---> Ping method is only available from local machine.")


def service_start(server, t, version):
    w = f"WsusService.{server.thread}"
    server.line(t, "Info", w, "ThreadEntry", "ThreadHelper.ThreadStart")
    server.line(sec(t, 0.1), "Info", w, "SusService.OnStart", f"WSUS Service started, product version = {version}")
    for p, state in (("TLS 1.0", "disabled"), ("TLS 1.1", "disabled")):
        server.line(sec(t, 0.2), "Info", w, "SusService.CheckSchannel", f"SCHANNEL Protocol '{p}' {state}")
    server.line(sec(t, 0.2), "Info", w, "SusService.CheckSchannel",
                "SCHANNEL Protocols subkey for 'TLS 1.2' not found. Protocol is enabled")


def build():
    hq = Server(HQ, 14)
    br = Server(BR, 22)
    service_start(hq, FIRST_DAY + dt.timedelta(hours=1, seconds=7.5), "10.0.20348.2849")
    service_start(br, FIRST_DAY + dt.timedelta(hours=1, seconds=41.2), "10.0.17763.678")
    for d in range(DAYS):
        day = FIRST_DAY + dt.timedelta(days=d)
        # Upstream: daily at 03:00 from Microsoft Update.
        start = day + dt.timedelta(hours=3, seconds=rng.uniform(2, 14))
        sync(hq, start, False, HQ_PLAN.get(d), "https://sws.update.microsoft.com", content=(d % 7 == 2))
        if d in HQ_MANUAL:
            failure, h, m = HQ_MANUAL[d]
            sync(hq, day + dt.timedelta(hours=h, minutes=m, seconds=rng.uniform(0, 50)), True, failure,
                 "https://sws.update.microsoft.com", content=True)
        # Downstream: daily at 05:00 from the upstream, two retries 15 minutes apart.
        failure = BR_PLAN.get(d)
        start = day + dt.timedelta(hours=5, seconds=rng.uniform(2, 14))
        failed = sync(br, start, False, failure, f"https://{HQ}:8531", content=(d % 3 == 0))
        for retry in (1, 2):
            if not failed:
                break
            failed = sync(br, start + dt.timedelta(minutes=15 * retry, seconds=rng.uniform(0, 3)), False, failure,
                          f"https://{HQ}:8531")
        if d in BR_MANUAL:
            mfailure, h, m = BR_MANUAL[d]
            sync(br, day + dt.timedelta(hours=h, minutes=m, seconds=rng.uniform(0, 50)), True, mfailure,
                 f"https://{HQ}:8531", content=True)
        if rng.random() < 0.3:
            health_noise(hq, day)
        if rng.random() < 0.3:
            health_noise(br, day)
        # The health monitor reports a catalog that is not syncing.
        if failure and d in BR_PLAN:
            br.events.append((day + dt.timedelta(hours=6, minutes=2), 10022, 2,
                              "The last catalog synchronization attempt was unsuccessful."))
    return hq, br


def event_xml(server, record, t, event_id, level, message):
    level_name = {4: "Information", 3: "Warning", 2: "Error"}[level]
    esc = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    systime = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}" + "0Z"
    return ("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
            f"<Provider Name='{PROVIDER}'/><EventID Qualifiers='0'>{event_id}</EventID><Version>0</Version>"
            f"<Level>{level}</Level><Task>2</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords>"
            f"<TimeCreated SystemTime='{systime}'/><EventRecordID>{record}</EventRecordID><Correlation/>"
            f"<Execution ProcessID='0' ThreadID='0'/><Channel>Application</Channel><Computer>{server.name}</Computer>"
            f"<Security/></System><EventData><Data>{esc}</Data></EventData><RenderingInfo Culture='en-US'>"
            f"<Message>{esc}</Message><Level>{level_name}</Level><Task>Synchronization</Task><Opcode>Info</Opcode>"
            "<Channel>Application</Channel><Provider></Provider><Keywords><Keyword>Classic</Keyword></Keywords>"
            "</RenderingInfo></Event>")


UPDATE_TITLES = [
    "{m} Cumulative Update for Windows Server 2022 for x64-based Systems (KB50{n})",
    "{m} Cumulative Update for .NET Framework 3.5, 4.8 and 4.8.1 for Windows Server 2022 for x64 (KB50{n})",
    "{m} Servicing Stack Update for Windows Server 2019 for x64-based Systems (KB50{n})",
    "Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.4{n}.0)",
    "{m} Cumulative Update for Windows 11 Version 24H2 for x64-based Systems (KB50{n})",
    "Windows Malicious Software Removal Tool x64 - v5.1{n} (KB890830)",
]


def updates(count, approved_share, statuses):
    result = []
    for i in range(count):
        month = ["2026-09", "2026-10"][i % 2]
        title = UPDATE_TITLES[i % len(UPDATE_TITLES)].format(m=month, n=rng.randint(10000, 99999) % 100000)
        approved = rng.random() < approved_share
        declined = not approved and rng.random() < 0.2
        result.append({"update_id": guid(), "revision": rng.choice([100, 101, 200, 201, 202]), "title": title,
                       "approved": approved, "declined": declined,
                       "file_status": rng.choice(statuses) if approved else "not_needed"})
    return result


def server_facts(name, downstream):
    facts = {
        "name": name,
        "wsus_version": "10.0.17763.678" if downstream else "10.0.20348.2849",
        "os": "Windows Server 2019 Standard" if downstream else "Windows Server 2022 Standard",
        "utc_offset_minutes": 60,
        "time_zone": "W. Europe Standard Time",
        "sync_from_microsoft_update": not downstream,
        "upstream_server": HQ if downstream else None,
        "upstream_port": 8531 if downstream else 80,
        "upstream_use_ssl": downstream,
        "replica": False,
        "mu_url": "https://sws.update.microsoft.com",
        "redirector_change_number": 4002,
        "proxy": ({"enabled": False, "host": None, "port": 80, "user": None, "domain": None, "anonymous": True,
                   "allow_basic_over_non_ssl": False} if downstream else
                  {"enabled": True, "host": "proxy.corp.example", "port": 8080, "user": "svc-wsus", "domain": "CORP",
                   "anonymous": False, "allow_basic_over_non_ssl": False}),
        "content": {"store_locally": True, "local_path": "E:\\WSUS" if downstream else "D:\\WSUS",
                    "acl": [{"identity": "NT AUTHORITY\\SYSTEM", "rights": "FullControl", "type": "Allow", "inherited": True},
                            {"identity": "BUILTIN\\Administrators", "rights": "FullControl", "type": "Allow", "inherited": True},
                            {"identity": "NT AUTHORITY\\NETWORK SERVICE", "rights": "FullControl", "type": "Allow", "inherited": False},
                            {"identity": "BUILTIN\\Users", "rights": "ReadAndExecute, Synchronize", "type": "Allow", "inherited": True}]},
        "services": {"BITS": {"start_type": "Manual", "status": "Running"},
                     "WsusService": {"start_type": "Auto", "status": "Running"},
                     "W3SVC": {"start_type": "Auto", "status": "Running"}},
        "iis": {"wsuspool_state": "Started", "wsuspool_private_memory_kb": 1843200 if downstream else 8388608,
                "wsuspool_queue_length": 2000, "wsuspool_rapid_fail_protection": True},
        "schedule": {"automatic": True, "first_sync_utc": "05:00:00" if downstream else "03:00:00", "syncs_per_day": 1},
        "languages": ["en", "de"],
        "approved_update_count": 0,
        "tls": {"schannel_lines_seen": True, "dotnet_strong_crypto": True, "dotnet_system_default_tls": True,
                "schannel": {"TLS 1.0": {"Client": {"enabled": 0, "disabled_by_default": 1},
                                         "Server": {"enabled": 0, "disabled_by_default": 1}},
                             "TLS 1.1": {"Client": {"enabled": 0, "disabled_by_default": 1},
                                         "Server": {"enabled": 0, "disabled_by_default": 1}}}},
    }
    return facts


def write_bundle(server, folder, downstream):
    path = os.path.join(OUT, folder)
    os.makedirs(os.path.join(path, "logs"))
    facts = server_facts(server.name, downstream)
    ups = updates(60 if downstream else 90, 0.7 if downstream else 0.75,
                  ["downloaded", "downloaded", "downloaded", "pending"] if downstream else ["downloaded"])
    facts["approved_update_count"] = sum(1 for u in ups if u["approved"])
    bundle = {"format": "wsus-sync-doctor-bundle", "version": 1, "collected_utc": COLLECTED.strftime("%Y-%m-%dT%H:%M:%SZ"),
              "collector_version": "1.0", "server": facts,
              "history": sorted(server.history, key=lambda h: h["start_utc"], reverse=True),
              "updates": ups}
    with open(os.path.join(path, "bundle.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(bundle, f, indent=2, ensure_ascii=False)
        f.write("\n")
    lines = [text for _, text in sorted(server.log, key=lambda x: x[0])]
    with open(os.path.join(path, "logs", "SoftwareDistribution.log"), "w", encoding="utf-8", newline="\r\n") as f:
        f.write("\n".join(lines) + "\n")
    records = sorted(server.events, key=lambda e: e[0])
    with open(os.path.join(path, "events.xml"), "w", encoding="utf-8", newline="\r\n") as f:
        for i, (t, event_id, level, message) in enumerate(records):
            f.write(event_xml(server, 48000 + i * 3, t, event_id, level, message.replace("\n", "\r\n")) + "\n")


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Write the demo data: two collector bundles of a WSUS pair (deterministic).")
    parser.add_argument("output_dir", nargs="?", default=os.path.join(ROOT, "data", "demo"),
                        help="folder to write the bundles into (default: data/demo of the source tree)")
    return parser.parse_args(argv)


def main(argv=None):
    global OUT
    OUT = os.path.abspath(parse_args(argv).output_dir)
    hq, br = build()
    if os.path.isdir(OUT):
        for name in os.listdir(OUT):
            if name.startswith("WsusSyncDiagnostics-"):
                shutil.rmtree(os.path.join(OUT, name))
    os.makedirs(OUT, exist_ok=True)
    write_bundle(hq, "WsusSyncDiagnostics-wsus-hq-20261101-090000", False)
    write_bundle(br, "WsusSyncDiagnostics-wsus-br01-20261101-090500", True)
    print(f"wrote {OUT}: {len(hq.history)} + {len(br.history)} synchronizations")


if __name__ == "__main__":
    main()
