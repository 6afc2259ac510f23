#!/usr/bin/env python3
"""data/demo is exactly what tests/tools/make-demo-data.py writes."""
import filecmp
import os
import subprocess
import sys
import tempfile

root = os.environ.get("WSD_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..", "..")
demo = os.path.join(root, "data", "demo")
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, os.path.join(root, "tests", "tools", "make-demo-data.py"), tmp],
                   check=True, stdout=subprocess.DEVNULL)
    bad = []

    def compare(a, b):
        cmp = filecmp.dircmp(a, b, ignore=["README.md"])
        bad.extend(os.path.join(a, n) for n in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files)
        for sub in cmp.common_dirs:
            compare(os.path.join(a, sub), os.path.join(b, sub))

    compare(demo, tmp)
    for path in bad:
        print(f"FAIL: {os.path.relpath(path, root)} differs from what the generator writes")
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(demo) for f in fs)
    print(f"demo data: {total // 1024} KiB")
    if total > 3 * 1024 * 1024:
        print("FAIL: the demo data should stay under 3 MB")
        bad.append("size")

# Options are options, never an output folder: --help prints the usage and
# writes nothing; an unknown option is refused.
script = os.path.join(root, "tests", "tools", "make-demo-data.py")
with tempfile.TemporaryDirectory() as tmp:
    shown = subprocess.run([sys.executable, script, "--help"], cwd=tmp, capture_output=True, text=True)
    if shown.returncode != 0 or "usage:" not in shown.stdout.lower() or os.listdir(tmp):
        print(f"FAIL: --help exited {shown.returncode}, wrote {os.listdir(tmp)}, printed {shown.stdout!r}")
        bad.append("--help")
    wrong = subprocess.run([sys.executable, script, "--frobnicate"], cwd=tmp, capture_output=True, text=True)
    if wrong.returncode != 2 or "usage:" not in wrong.stderr.lower() or os.listdir(tmp):
        print(f"FAIL: an unknown option exited {wrong.returncode}, wrote {os.listdir(tmp)}")
        bad.append("--frobnicate")
sys.exit(1 if bad else 0)
