#!/usr/bin/env python3
"""Checks the collector bundle's one schema (data/bundle-schema.json) against
the three parties that depend on it:

- the collector script writes only members the schema knows, and every
  member the schema describes (data/collector/Collect-WsusSyncDiagnostics.ps1);
- the importer reads only members the schema knows (src/core/readers);
- every bundle.json in the tests' fixtures and in data/demo validates.

It also checks that the script never reads a password.
"""
import json
import os
import re
import sys

root = os.environ.get("WSD_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..", "..")
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


schema = json.load(open(os.path.join(root, "data", "bundle-schema.json")))


def all_property_names(node, out):
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            out.add(name)
            all_property_names(sub, out)
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                all_property_names(node[key], out)
    return out


def object_schemas(node, path, out):
    """Every object schema with named properties, by dotted path."""
    if isinstance(node, dict):
        if node.get("properties"):
            out[path] = node
        for name, sub in node.get("properties", {}).items():
            object_schemas(sub, f"{path}.{name}" if path else name, out)
        if isinstance(node.get("items"), dict):
            object_schemas(node["items"], path + "[]", out)
        if isinstance(node.get("additionalProperties"), dict):
            object_schemas(node["additionalProperties"], path + ".*", out)
    return out


schema_names = all_property_names(schema, set())
objects = object_schemas(schema, "", {})

# --- the collector script -------------------------------------------------
script_path = os.path.join(root, "data", "collector", "Collect-WsusSyncDiagnostics.ps1")
script = open(script_path, encoding="utf-8").read()
code_lines = []
in_help = False
for line in script.splitlines():
    stripped = line.strip()
    if stripped.startswith("<#"):
        in_help = True
    if in_help:
        if stripped.endswith("#>"):
            in_help = False
        continue
    if stripped.startswith("#"):
        continue
    code_lines.append(line)
code = "\n".join(code_lines)

# Members are written as "name = value" lines of [ordered]@{} hashtables
# (and "$bundle.updates = …").
written = set(re.findall(r"^\s*([a-z][a-z0-9_]*)\s*=\s", code, re.M))
written |= set(re.findall(r"\$bundle\.([a-z][a-z0-9_]*)\s*=", code))
for name in sorted(written - schema_names):
    fail(f"the collector writes '{name}', which data/bundle-schema.json does not describe")
for path, node in objects.items():
    for name in node["properties"]:
        if name not in written:
            fail(f"data/bundle-schema.json describes '{path + '.' if path else ''}{name}' but the collector never writes it")
if re.search(r"password", code, re.I):
    fail("the collector's code mentions a password (it must never read one)")

# --- the importer ---------------------------------------------------------
readers = os.path.join(root, "src", "core", "readers")
read_names = set()
bundle_c = open(os.path.join(readers, "wsd-bundle.c")).read()
read_names |= set(re.findall(r'object_string \(\w+, "([a-z_]+)"\)', bundle_c))
read_names |= set(re.findall(r'object_bool \(\w+, "([a-z_]+)"', bundle_c))
read_names |= set(re.findall(r'json_object_get_member \(\w+, "([a-z_]+)"\)', bundle_c))
history_c = open(os.path.join(readers, "wsd-history-json.c")).read()
# The bundle spellings of history members are the snake_case ones.
read_names |= {n for n in re.findall(r'"([a-z]+_[a-z_]+)"', history_c)}
fact_paths = set()
for dirpath, _, files in os.walk(os.path.join(root, "src")):
    for f in files:
        if f.endswith(".c"):
            text = open(os.path.join(dirpath, f), encoding="utf-8", errors="replace").read()
            for p in re.findall(r'wsd_server_fact_\w+ \([^,]+, "([A-Za-z0-9_.]+)"', text):
                fact_paths.add((p, dirpath.startswith(readers)))
if not read_names:
    fail("found no member names in the importer (the check lost track of the code)")
for name in sorted(read_names - schema_names):
    fail(f"the importer reads '{name}', which data/bundle-schema.json does not describe")


def resolve(path):
    node = schema["properties"]["server"]
    for part in path.split("."):
        if part in node.get("properties", {}):
            node = node["properties"][part]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return False
    return True


for path, strict in sorted(fact_paths):
    if not resolve(path):
        if strict:
            fail(f"the readers look up server fact '{path}', which the schema does not describe")
        else:
            print(f"WARNING: server fact '{path}' is looked up in src/ but not described by the schema")

# --- every bundle.json validates ------------------------------------------
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def type_ok(value, name):
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def validate(value, node, where, errors):
    if "const" in node and value != node["const"]:
        errors.append(f"{where}: must be {node['const']!r}")
    if "enum" in node and value not in node["enum"]:
        errors.append(f"{where}: must be one of {node['enum']}")
    if "type" in node:
        names = node["type"] if isinstance(node["type"], list) else [node["type"]]
        if not any(type_ok(value, n) for n in names):
            errors.append(f"{where}: expected {node['type']}, found {type(value).__name__}")
            return
    if isinstance(value, str):
        if node.get("format") == "date-time" and not DATE_TIME.match(value):
            errors.append(f"{where}: not an ISO 8601 date-time: {value!r}")
        if "pattern" in node and not re.search(node["pattern"], value):
            errors.append(f"{where}: does not match {node['pattern']}")
        if len(value) < node.get("minLength", 0):
            errors.append(f"{where}: too short")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in node and value < node["minimum"]:
            errors.append(f"{where}: below {node['minimum']}")
        if "maximum" in node and value > node["maximum"]:
            errors.append(f"{where}: above {node['maximum']}")
    if isinstance(value, dict):
        for name in node.get("required", []):
            if name not in value:
                errors.append(f"{where}: '{name}' is required")
        for name, sub in value.items():
            if name in node.get("properties", {}):
                validate(sub, node["properties"][name], f"{where}.{name}", errors)
            elif node.get("additionalProperties") is False:
                errors.append(f"{where}: unknown member '{name}'")
            elif isinstance(node.get("additionalProperties"), dict):
                validate(sub, node["additionalProperties"], f"{where}.{name}", errors)
    if isinstance(value, list) and isinstance(node.get("items"), dict):
        for i, item in enumerate(value):
            validate(item, node["items"], f"{where}[{i}]", errors)


bundles = []
for base in (os.path.join(root, "tests", "readers", "fixtures"), os.path.join(root, "data", "demo")):
    for dirpath, _, files in os.walk(base):
        if "bundle.json" in files:
            bundles.append(os.path.join(dirpath, "bundle.json"))
if not bundles:
    fail("no bundle.json found to validate")
for path in bundles:
    errors = []
    data = json.load(open(path, encoding="utf-8"))
    validate(data, schema, "$", errors)
    # The fixtures carry a password on purpose (the importer must drop it);
    # the demo data must be clean.
    fixture = "fixtures" in path
    for e in errors:
        if fixture and re.search(r"unknown member '(\w*password\w*|\w*secret\w*)'", e, re.I):
            continue
        fail(f"{os.path.relpath(path, root)}: {e}")

print(f"checked {len(written)} collector members, {len(read_names)} importer members, "
      f"{len(fact_paths)} fact look-ups, {len(bundles)} bundles")
sys.exit(1 if failures else 0)
