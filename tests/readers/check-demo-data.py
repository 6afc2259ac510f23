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
sys.exit(1 if bad else 0)
