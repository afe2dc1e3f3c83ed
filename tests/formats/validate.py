#!/usr/bin/env python3
"""Validates what `dief case export` writes, with the tools agencies use.

    validate.py stix BUNDLE.json   STIX 2.1: the OASIS validator (stix2-validator,
                                   its bundled STIX 2.1 JSON schemas and the
                                   "should" checks, strict: warnings fail), then
                                   the stix2 library: the bundle parsed with
                                   custom content allowed (dief's x-dief-*
                                   objects), every standard object parsed again
                                   with custom content refused, every x-dief-*
                                   object declared by the extension definition
                                   the bundle holds, every reference resolving
                                   inside the bundle, every object marked.
    validate.py misp EVENT.json    MISP: pymisp loads the event (it refuses
                                   unknown attribute types and malformed
                                   fields), every attribute type is one MISP
                                   describes, the TLP tag is present.

Exit status 0 when valid; 1 with the reasons on stderr otherwise; 2 when a
package is missing (CI installs them: .ci/run). Nothing is fetched from the
network: the STIX schemas ship inside stix2-validator.
"""

import json
import sys


def fail(msg):
    print(f"INVALID: {msg}", file=sys.stderr)
    sys.exit(1)


def need(module):
    try:
        return __import__(module)
    except ImportError as e:
        print(f"missing Python package for {module}: {e} (pip install -r tests/formats/requirements.txt)", file=sys.stderr)
        sys.exit(2)


def stix(path):
    need("stix2")
    need("stix2validator")
    import stix2
    from stix2validator import ValidationOptions, print_results, validate_file

    results = validate_file(path, ValidationOptions(version="2.1", strict=True))
    if not results.is_valid:
        print_results(results)
        fail(f"{path}: the STIX 2.1 validator reports errors (above)")

    with open(path, encoding="utf-8") as f:
        bundle = json.load(f)
    try:
        stix2.parse(bundle, allow_custom=True, version="2.1")
    except Exception as e:  # the library raises many exception types
        fail(f"{path}: stix2 cannot parse the bundle: {e}")
    objects = bundle["objects"]
    ids = {o["id"] for o in objects}
    if len(ids) != len(objects):
        fail("duplicate object ids")
    extensions = {o["id"] for o in objects if o["type"] == "extension-definition"}
    for o in objects:
        kind = o["type"]
        if kind.startswith("x-"):
            declared = set(o.get("extensions", {})) & extensions
            if not declared:
                fail(f"{o['id']}: custom object not declared by an extension-definition in the bundle")
        else:
            # References to dief's custom objects are the only custom content
            # a standard object may hold (the report's object_refs); without
            # them, it must parse with custom content refused.
            strict = {
                k: [r for r in v if not r.startswith("x-")] if k.endswith("_refs") else v for k, v in o.items()
            }
            try:
                stix2.parse(strict, allow_custom=False, version="2.1")
            except Exception as e:
                fail(f"{o['id']}: not a valid standard STIX 2.1 object without custom content: {e}")
        for key, value in o.items():
            refs = [value] if key.endswith("_ref") else value if key.endswith("_refs") else []
            for r in refs:
                if r not in ids:
                    fail(f"{o['id']}: {key} -> {r} is not in the bundle")
        if kind != "marking-definition" and not o.get("object_marking_refs"):
            fail(f"{o['id']}: no object_marking_refs")
    reports = [o for o in objects if o["type"] == "report"]
    if len(reports) != 1:
        fail(f"{len(reports)} reports, expected 1")
    print(f"{path}: valid STIX 2.1 ({len(objects)} objects)")


def misp(path):
    need("pymisp")
    from pymisp import MISPEvent

    with open(path, encoding="utf-8") as f:
        text = f.read()
    event = MISPEvent()
    try:
        event.load(text)
    except Exception as e:
        fail(f"{path}: pymisp refuses the event: {str(e)[:300]}")
    if not event.info:
        fail("no info")
    tags = [t.name for t in event.tags]
    if not any(t.startswith("tlp:") for t in tags):
        fail(f"no TLP tag in {tags}")
    types = set(event.describe_types["types"])
    attributes = list(event.attributes) + [a for o in event.objects for a in o.attributes]
    for a in attributes:
        if a.type not in types:
            fail(f"attribute type {a.type} is not a MISP type")
    print(f"{path}: valid MISP event ({len(event.objects)} objects, {len(attributes)} attributes)")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("stix", "misp"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    {"stix": stix, "misp": misp}[sys.argv[1]](sys.argv[2])
