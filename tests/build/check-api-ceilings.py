#!/usr/bin/env python3
"""The root meson.build must pin the Debian 12 API ceilings and the strict
warnings, so that newer API or sloppy C fails to compile."""
import re
import sys

text = open(sys.argv[1]).read()
needed = [
    "-DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74",
    "-DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74",
    "-DGDK_VERSION_MAX_ALLOWED=GDK_VERSION_4_8",
    "-DADW_VERSION_MAX_ALLOWED=ADW_VERSION_1_2",
    "-Werror=implicit-function-declaration",
    "-Werror=missing-prototypes",
    "-Werror=format-security",
    "-Werror=incompatible-pointer-types",
    "-Werror=return-type",
]
missing = [n for n in needed if n not in text]
for m in missing:
    print(f"{sys.argv[1]}: missing {m}", file=sys.stderr)

# The pins must bite: GLib 2.76 API has to fail under them, 2.74 API pass.
import os, subprocess, tempfile
flags = ["-Wformat"] + needed + ["-Werror=deprecated-declarations"]
cflags = subprocess.run(["pkg-config", "--cflags", "glib-2.0"], capture_output=True,
                        text=True, check=True).stdout.split()
def compiles(body):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "probe.c")
        with open(src, "w") as f:
            f.write("#include <glib.h>\nchar *probe (GString *s);\nchar *probe (GString *s) { " + body + " }\n")
        r = subprocess.run(["cc", "-c", src, "-o", os.path.join(tmp, "probe.o")] + cflags + flags,
                           capture_output=True, text=True)
        return r.returncode == 0
if not compiles("return g_string_free (s, FALSE);"):
    missing.append("GLib 2.74 API does not compile under the pins")
    print("GLib 2.74 API does not compile under the pins", file=sys.stderr)
if compiles("return g_string_free_and_steal (s);"):
    missing.append("GLib 2.76 API compiles under the pins")
    print("g_string_free_and_steal (GLib 2.76) compiled under the pins", file=sys.stderr)
sys.exit(1 if missing else 0)
