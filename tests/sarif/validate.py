#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Validate JSON documents against a JSON Schema, offline, stdlib only.

Implements the part of JSON Schema draft-07 that the SARIF 2.1.0 schema
(sarif-schema-2.1.0.json beside this file) uses: $ref to local
definitions, type, enum, properties, additionalProperties, required,
items, minItems, uniqueItems, minimum, maximum, pattern, anyOf, oneOf and
format (uri, uri-reference, date-time). A keyword it does not know makes
it stop with an error rather than pass silently.

usage: validate.py SCHEMA FILE...   exit 0 when every FILE is valid
"""
import json
import re
import sys

KNOWN = {
    "$schema", "$id", "id", "title", "description", "default", "definitions",
    "$ref", "type", "enum", "properties", "additionalProperties", "required",
    "items", "minItems", "uniqueItems", "minimum", "maximum", "pattern",
    "anyOf", "oneOf", "format",
}

# RFC 3986 characters (unreserved, reserved and the percent sign)
URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
PCT = re.compile(r"%(?![0-9A-Fa-f]{2})")
DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


class Validator:
    def __init__(self, schema):
        self.root = schema
        self.errors = []
        self.check_keywords(schema, "#")

    def check_keywords(self, s, where):
        if isinstance(s, bool):
            return
        if not isinstance(s, dict):
            raise SystemExit("schema at %s is not an object" % where)
        for k, v in s.items():
            if k not in KNOWN:
                raise SystemExit("schema keyword %r at %s is not supported "
                                 "by this validator" % (k, where))
            if k in ("properties", "definitions"):
                for name, sub in v.items():
                    self.check_keywords(sub, where + "/" + k + "/" + name)
            elif k in ("items", "additionalProperties") and isinstance(v, dict):
                self.check_keywords(v, where + "/" + k)
            elif k in ("anyOf", "oneOf"):
                for i, sub in enumerate(v):
                    self.check_keywords(sub, "%s/%s/%d" % (where, k, i))

    def resolve(self, ref):
        if not ref.startswith("#/"):
            raise SystemExit("only local $ref is supported: %r" % ref)
        node = self.root
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    @staticmethod
    def type_ok(t, x):
        if t == "object":
            return isinstance(x, dict)
        if t == "array":
            return isinstance(x, list)
        if t == "string":
            return isinstance(x, str)
        if t == "boolean":
            return isinstance(x, bool)
        if t == "null":
            return x is None
        if t == "integer":
            return isinstance(x, int) and not isinstance(x, bool)
        if t == "number":
            return isinstance(x, (int, float)) and not isinstance(x, bool)
        raise SystemExit("unknown type %r in schema" % t)

    def check(self, s, x, path, errs):
        """Append errors of x against schema s to errs."""
        if s is True:
            return
        if s is False:
            errs.append("%s: not allowed here" % path)
            return
        if "$ref" in s:
            self.check(self.resolve(s["$ref"]), x, path, errs)
        if "type" in s:
            ts = s["type"] if isinstance(s["type"], list) else [s["type"]]
            if not any(self.type_ok(t, x) for t in ts):
                errs.append("%s: %s is not of type %s" %
                            (path, json.dumps(x)[:60], "/".join(ts)))
                return
        if "enum" in s and x not in s["enum"]:
            errs.append("%s: %s is not one of %s" %
                        (path, json.dumps(x)[:60], s["enum"]))
        if isinstance(x, (int, float)) and not isinstance(x, bool):
            if "minimum" in s and x < s["minimum"]:
                errs.append("%s: %s is below the minimum %s" %
                            (path, x, s["minimum"]))
            if "maximum" in s and x > s["maximum"]:
                errs.append("%s: %s is above the maximum %s" %
                            (path, x, s["maximum"]))
        if isinstance(x, str):
            if "pattern" in s and not re.search(s["pattern"], x):
                errs.append("%s: %r does not match %r" %
                            (path, x[:60], s["pattern"]))
            fmt = s.get("format")
            if fmt in ("uri", "uri-reference"):
                if not URI_CHARS.match(x) or PCT.search(x):
                    errs.append("%s: %r is not a valid %s" % (path, x, fmt))
                elif fmt == "uri" and not SCHEME.match(x):
                    errs.append("%s: %r is not an absolute URI" % (path, x))
            elif fmt == "date-time" and not DATE_TIME.match(x):
                errs.append("%s: %r is not an RFC 3339 date-time" % (path, x))
        if isinstance(x, list):
            if "minItems" in s and len(x) < s["minItems"]:
                errs.append("%s: fewer than %d items" % (path, s["minItems"]))
            if s.get("uniqueItems"):
                seen = set()
                for item in x:
                    key = json.dumps(item, sort_keys=True)
                    if key in seen:
                        errs.append("%s: items are not unique" % path)
                        break
                    seen.add(key)
            if "items" in s:
                for i, item in enumerate(x):
                    self.check(s["items"], item, "%s[%d]" % (path, i), errs)
        if isinstance(x, dict):
            props = s.get("properties", {})
            for r in s.get("required", []):
                if r not in x:
                    errs.append("%s: required property %r is missing" %
                                (path, r))
            for k, v in x.items():
                if k in props:
                    self.check(props[k], v, path + "." + k, errs)
                elif "additionalProperties" in s:
                    ap = s["additionalProperties"]
                    if ap is False:
                        errs.append("%s: property %r is not allowed" %
                                    (path, k))
                    elif isinstance(ap, dict):
                        self.check(ap, v, path + "." + k, errs)
        if "anyOf" in s:
            if not any(self.sub_ok(sub, x, path) for sub in s["anyOf"]):
                errs.append("%s: matches none of anyOf" % path)
        if "oneOf" in s:
            n = sum(1 for sub in s["oneOf"] if self.sub_ok(sub, x, path))
            if n != 1:
                errs.append("%s: matches %d of oneOf, not exactly one" %
                            (path, n))

    def sub_ok(self, s, x, path):
        errs = []
        self.check(s, x, path, errs)
        return not errs

    def validate(self, doc):
        errs = []
        self.check(self.root, doc, "$", errs)
        return errs


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        v = Validator(json.load(f))
    bad = 0
    for path in argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print("%s: cannot read JSON: %s" % (path, e))
            bad += 1
            continue
        errs = v.validate(doc)
        for e in errs[:20]:
            print("%s: %s" % (path, e))
        if errs:
            bad += 1
        else:
            print("%s: valid" % path)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
