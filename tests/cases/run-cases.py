#!/usr/bin/env python3
"""Run every evidence case under tests/cases through `diagnose --json` and
compare with its expected.json (runs by started, result, findings[0].rule,
`also` present, `not` absent, server).

Cases listed in known-failures.txt are expected failures: they are reported
but do not fail the test; a listed case that passes is reported so that it
can be taken off the list.

Usage: run-cases.py [CASE_DIR...]   (default: every NN-* folder next to this script)
Environment: WSD_CLI = path of wsus-sync-doctor-cli.
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 120


def load_known_failures(path):
    known = {}
    if not os.path.exists(path):
        return known
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            name, _, reason = line.partition('#')
            known[name.strip()] = reason.strip()
    return known


def rules_of(run):
    return [f.get('rule') for f in run.get('findings') or []]


def check_case(cli, case_dir):
    """Returns a list of problems (empty = pass)."""
    exp_path = os.path.join(case_dir, 'expected.json')
    with open(exp_path, encoding='utf-8') as f:
        exp = json.load(f)
    try:
        proc = subprocess.run([cli, '--memory', 'diagnose', '--json', case_dir],
                              capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return ['diagnose did not finish within %d s' % TIMEOUT]
    if proc.returncode != 0:
        err = proc.stderr.decode('utf-8', 'replace').strip().splitlines()
        return ['diagnose exited %d: %s' % (proc.returncode, err[-1] if err else '')]
    try:
        out = json.loads(proc.stdout.decode('utf-8'))
    except ValueError as e:
        return ['diagnose printed no JSON: %s' % e]

    problems = []
    runs = out.get('runs') or []
    by_start = {}
    for r in runs:
        by_start.setdefault(r.get('started'), []).append(r)

    default_server = exp.get('server')
    expected_starts = set()
    for er in exp['runs']:
        st = er['started']
        expected_starts.add(st)
        server = er.get('server', default_server)
        cands = by_start.get(st, [])
        if server is not None and len(cands) > 1:
            cands = [r for r in cands if r.get('server') == server] or cands
        if not cands:
            problems.append('%s: run missing' % st)
            continue
        if len(cands) > 1:
            problems.append('%s: %d runs instead of one (sources not merged)' % (st, len(cands)))
        r = cands[0]
        if server is not None and r.get('server') != server:
            problems.append('%s: server %r, expected %r' % (st, r.get('server'), server))
        if r.get('result') != er['result']:
            problems.append('%s: result %s, expected %s (top finding %s)' %
                            (st, r.get('result'), er['result'], (rules_of(r) or [None])[0]))
            continue
        got = rules_of(r)
        if er['result'] == 'failed':
            top = got[0] if got else None
            if top != er['rule']:
                problems.append('%s: top finding %s, expected %s (all: %s)' % (st, top, er['rule'], ', '.join(map(str, got))))
        for a in er.get('also', []):
            if a not in got:
                problems.append('%s: %s missing (has: %s)' % (st, a, ', '.join(map(str, got)) or 'nothing'))

    extra = sorted(s for s in by_start if s not in expected_starts)
    if extra:
        problems.append('unexpected runs: %s' % ', '.join(map(str, extra)))

    forbidden = set(exp.get('not', []))
    for r in runs:
        for rule in rules_of(r):
            if rule in forbidden:
                problems.append('%s: forbidden finding %s' % (r.get('started'), rule))
    return problems


def main(argv):
    cli = os.environ.get('WSD_CLI')
    if not cli or not os.access(cli, os.X_OK):
        print('WSD_CLI is not set to an executable CLI (%r)' % cli)
        return 77
    if argv:
        cases = [os.path.abspath(a) for a in argv]
    else:
        cases = sorted(os.path.join(HERE, d) for d in os.listdir(HERE)
                       if d[:2].isdigit() and os.path.isfile(os.path.join(HERE, d, 'expected.json')))
    known = load_known_failures(os.path.join(HERE, 'known-failures.txt'))

    passed = failed = xfail = xpass = 0
    for case in cases:
        name = os.path.basename(case.rstrip('/'))
        problems = check_case(cli, case)
        if not problems:
            if name in known:
                xpass += 1
                print('PASS  %s  (listed in known-failures.txt: take it off the list)' % name)
            else:
                passed += 1
                print('PASS  %s' % name)
        else:
            tag = 'XFAIL' if name in known else 'FAIL '
            if name in known:
                xfail += 1
            else:
                failed += 1
            print('%s %s' % (tag, name))
            for p in problems:
                print('        %s' % p)
            if name in known and known[name]:
                print('        known: %s' % known[name])
    print('\n%d cases: %d passed, %d failed, %d known failures, %d known failures now passing'
          % (len(cases), passed, failed, xfail, xpass))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
