#!/usr/bin/env python3
"""End to end through wsus-sync-doctor-cli: several paths of every kind in
one import (a bundle folder, a bundle zip, loose exports), servers --json
with facts and no password, merged runs, and hostile input that fails with
a clear message and leaves the store as it was."""
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

cli = os.environ["WSD_CLI"]
fixtures = os.path.join(os.environ.get("WSD_SOURCE_ROOT", "."), "tests", "readers", "fixtures")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL: " + message)


def run(db, *args):
    p = subprocess.run([cli, "--database", db, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def runs(db):
    code, out, err = run(db, "runs", "--json")
    assert code == 0, err
    data = json.loads(out)
    return data["runs"] if isinstance(data, dict) else data


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "history.sqlite3")
    bundle = os.path.join(fixtures, "bundle-wsus11")
    zip_path = os.path.join(tmp, "WsusSyncDiagnostics-wsus11.zip")
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
        for folder, _, files in os.walk(bundle):
            for f in files:
                full = os.path.join(folder, f)
                z.write(full, os.path.join("WsusSyncDiagnostics-wsus11", os.path.relpath(full, bundle)))

    # Several paths of every kind in one call; the zip repeats the folder.
    code, out, err = run(db, "import", bundle, zip_path, os.path.join(fixtures, "history-de-de.csv"),
                         os.path.join(fixtures, "wsyncmgr.log"), os.path.join(fixtures, "events-rendered.xml"))
    check(code == 0, f"import of several paths failed: {err}")
    check("logs/readme.txt" in out + err, "the unknown file in the bundle is not listed as skipped")

    code, out, err = run(db, "servers", "--json")
    check(code == 0, "servers --json failed")
    servers = {s["name"]: s for s in json.loads(out)["servers"]}
    wsus11 = servers.get("wsus11.corp.example")
    check(wsus11 is not None, "the bundle's server is missing")
    if wsus11:
        check(wsus11["role"] == "downstream", "role from facts")
        check(wsus11["version"] == "10.0.20348.2849", "version from facts")
        check(wsus11["collected"] == "2026-10-12T08:00:00Z", "collected time")
        check(wsus11["update_count"] == 2, "updates list")
        facts = wsus11.get("facts") or {}
        check(facts.get("proxy", {}).get("host") == "proxy.corp.example", "facts: proxy host")
        check(facts.get("services", {}).get("BITS", {}).get("start_type") == "Manual", "facts: services")
        check("hunter2" not in out and "password" not in out.lower() and "secret_token" not in out,
              "a password or secret reached servers --json")

    all_runs = runs(db)
    mine = [r for r in all_runs if r.get("server") == "wsus11.corp.example"]
    # History row + events + SoftwareDistribution.log lines, from the folder
    # and again from the zip: one run per synchronization.
    check([(r["started"], r["result"]) for r in mine] ==
          [("2026-10-11T03:00:06Z", "failed"), ("2026-10-12T03:00:04Z", "succeeded")],
          f"bundle runs not merged: {[(r['started'], r['result']) for r in mine]}")
    check(any(r.get("server") == "sup01.corp.example" for r in all_runs), "wsyncmgr.log runs missing")
    check(any(r.get("server") == "wsus08.corp.example" for r in all_runs), "event runs missing")
    before = len(all_runs)

    # Hostile and damaged input: clear errors, nothing stored.
    evil = os.path.join(tmp, "evil.zip")
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("bundle.json", open(os.path.join(bundle, "bundle.json")).read())
        z.writestr("../../outside.txt", "owned")
    code, out, err = run(db, "import", evil)
    check(code == 1, "a zip with ../ was not refused")
    check("evil.zip" in err and "../../outside.txt" in err, f"refusal does not name the entry: {err}")
    check(not os.path.exists(os.path.join(tmp, "..", "outside.txt")), "a file was written outside")

    bomb = os.path.join(tmp, "bomb.zip")
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("logs/SoftwareDistribution.log", "w") as member:
            block = b"\0" * (1 << 20)
            for _ in range(96):
                member.write(block)
    code, out, err = run(db, "import", bomb)
    check(code == 1 and "bomb.zip" in err, f"zip bomb not bounded: {code} {err}")

    truncated = os.path.join(tmp, "cut.zip")
    data = open(zip_path, "rb").read()
    open(truncated, "wb").write(data[: len(data) // 2])
    code, out, err = run(db, "import", truncated)
    check(code == 1 and "cut.zip" in err, f"truncated zip: {code} {err}")

    code, out, err = run(db, "import", os.path.join(fixtures, "history-en-us.csv"),
                         os.path.join(fixtures, "bad", "history-unbalanced.csv"))
    check(code == 1 and "history-unbalanced.csv:3:" in err, f"unbalanced quotes: {err}")
    check(len(runs(db)) == before, "a failed import changed the store")

    # A truncated .gz, explicit or found in a folder, is damaged (naming the
    # file), not "of no known format", even when it is smaller than what
    # format detection reads.
    import gzip
    log_text = "".join(f"2026-10-11 03:00:{i % 60:02d}.{i % 1000:03d} UTC\tInfo\tWsusService.17\t"
                       f"CatalogSyncAgentCore.Sync\tSynchronization step {i}\r\n" for i in range(400)).encode()
    packed = gzip.compress(log_text)
    for keep in (200, len(packed) // 2):
        loose = os.path.join(tmp, f"gzcut{keep}", "SoftwareDistribution.log.gz")
        os.makedirs(os.path.dirname(loose))
        open(loose, "wb").write(packed[:keep])
        code, out, err = run(db, "import", loose)
        check(code == 1 and "SoftwareDistribution.log.gz" in err and "damaged or truncated" in err
              and "not a recognised" not in err, f"truncated .gz ({keep} bytes): {code} {err}")
        code, out, err = run(db, "import", os.path.dirname(loose))
        check(code == 0 and "SoftwareDistribution.log.gz" in out + err and "damaged or truncated" in out + err,
              f"truncated .gz ({keep} bytes) in a folder is not listed as damaged: {code} {out} {err}")
    check(len(runs(db)) == before, "a failed import changed the store")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
