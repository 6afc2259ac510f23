#!/usr/bin/env python3
"""The Flatpak manifest cannot be built here (no runtime, no network), so
check its structure: the GNOME runtime, our app id and command, the sandbox
holes the tool needs, and a last module that builds this repository with
meson."""
import json
import sys

path, app_id = sys.argv[1], sys.argv[2]
with open(path) as f:
    manifest = json.load(f)

errors = []
def expect(cond, message):
    if not cond:
        errors.append(message)

expect(manifest.get("id", manifest.get("app-id")) == app_id, f"id is not {app_id}")
expect(manifest.get("runtime") == "org.gnome.Platform", "runtime is not org.gnome.Platform")
expect(manifest.get("sdk") == "org.gnome.Sdk", "sdk is not org.gnome.Sdk")
expect(manifest.get("command") == "wsus-sync-doctor", "command is not wsus-sync-doctor")
args = manifest.get("finish-args", [])
for needed in ("--share=network", "--socket=wayland", "--talk-name=org.freedesktop.secrets"):
    expect(needed in args, f"finish-args lacks {needed}")
expect(not any(a.startswith("--filesystem=host") or a == "--filesystem=home" for a in args),
       "finish-args must not open the whole host or home")
modules = manifest.get("modules", [])
expect(len(modules) > 0, "no modules")
if modules:
    last = modules[-1]
    expect(last.get("name") == "wsus-sync-doctor", "last module is not wsus-sync-doctor")
    expect(last.get("buildsystem") == "meson", "last module does not build with meson")
    sources = last.get("sources", [])
    expect(any(s.get("type") == "dir" and s.get("path") == ".." for s in sources),
           "last module does not build this repository (type dir, path ..)")

if errors:
    for e in errors:
        print(f"{path}: {e}", file=sys.stderr)
    sys.exit(1)
print(f"{path}: ok")
