#!/usr/bin/env python3
"""Free loopback TCP ports for the probe harness.

free-ports.py N [--pair]   print N distinct free ports; with --pair the first
                           one, P, also has P-1 free (HTTPS on P, content on P-1)
free-ports.py --wait PORT SECONDS   wait until PORT accepts connections
"""
import socket
import sys
import time


def bound(port=0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    return s


def free_ports(count, pair):
    held = []
    ports = []
    try:
        if pair:
            for _ in range(200):
                s = bound()
                port = s.getsockname()[1]
                try:
                    below = bound(port - 1)
                except OSError:
                    held.append(s)
                    continue
                held += [s, below]
                ports.append(port)
                break
            else:
                raise SystemExit("no free port pair")
        while len(ports) < count:
            s = bound()
            held.append(s)
            port = s.getsockname()[1]
            if port not in ports and port + 1 not in ports and port - 1 not in ports:
                ports.append(port)
    finally:
        for s in held:
            s.close()
    return ports


def wait(port, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return 0
        except OSError:
            time.sleep(0.1)
    return 1


if __name__ == "__main__":
    if sys.argv[1] == "--wait":
        sys.exit(wait(int(sys.argv[2]), float(sys.argv[3])))
    print(" ".join(str(p) for p in free_ports(int(sys.argv[1]), "--pair" in sys.argv)))
