#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""SPF conformance: zonelint's spf-syntax and spf-multiple against two corpora.

(a) $SHARED/corpus/spf/rfc7208-tests.yml, the OpenSPF test suite (RFC 7208).
    Each scenario's zone data becomes one zone (origin ".", owners as in the
    suite; only TXT and SPF data matter, A/AAAA/MX/PTR/CNAME are kept so the
    lookup rules see real names). As the suite's drivers do, an SPF entry is
    published as TXT when its name has no TXT entry ({TXT: NONE} counts as
    one); otherwise it stays type SPF (99), which RFC 7208 receivers ignore.
    For each test, at the domain checked (mailfrom's domain, else helo):
      - result permerror caused by the SYNTAX of the record there: an
        error-severity spf-syntax at that owner;
      - permerror from several SPF records: an error-severity spf-multiple;
      - permerror from lookups, limits, loops or an include/redirect target
        (NOT_SYNTAX below): no spf-syntax on the (valid) record there, and
        where listed the rule that explains it instead;
      - pass/fail/softfail/neutral/none: no spf-syntax on the SPF records
        there (records receivers select: "v=spf1" then SP or the end);
      - results listing permerror beside another result: decided one by one
        in LIST_DECISIONS (the ABNF verdict);
      - temperror: not judged (the outcome depends on a timeout).
(b) $SHARED/corpus/spf/spf-record-cases.tsv (VALIDITY.md verdicts): every
    invalid row gets an error-severity spf-syntax or spf-multiple at its
    owner, every valid row none of the two; skip rows are left out, and so
    are rows listed in tests/conformance/spf-disputed.txt (each with the RFC
    text that contradicts its verdict).

All zones are checked in one zonelint run. Prints failures, then
'rfc7208: N/M', 'spf-record-cases: N/M', 'spf-conformance: N/M' and
'N passed, M failed'; exits 1 below 100%.
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "lib"))
from zonetext import txt_rdata  # noqa: E402

try:
    import yaml
except ImportError:  # python3-yaml is part of `make deps`
    yaml = None

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.environ.get("SHARED") or os.path.join(TOP, "..", "shared")
if not os.path.isabs(SHARED):
    SHARED = os.path.join(TOP, SHARED)
ZL = os.environ.get("ZONELINT") or os.path.join(TOP, "zonelint")
if not os.path.isabs(ZL):
    ZL = os.path.join(TOP, ZL)
DISPUTED = os.path.join(TOP, "tests", "conformance", "spf-disputed.txt")

# permerror tests whose record at the checked domain is syntactically fine:
# test -> (why, rule that should explain it instead, or None)
NOT_SYNTAX = {
    "include-permerror": ("the included record (e6) is the broken one", None),
    "include-none": ("the include target has no SPF record (§5.2)", "spf-void-lookup"),
    "redirect-none": ("the redirect target has no SPF record (§6.1)", "spf-void-lookup"),
    "redirect-loop": ("redirect loop: lookup limit (§4.6.4)", "spf-lookup-limit"),
    "include-loop": ("include loop: lookup limit (§4.6.4)", "spf-lookup-limit"),
    "mx-limit": ("more than 10 MX names (§4.6.4)", None),
    "mech-over-limit": ("11 DNS-querying terms (§4.6.4)", "spf-lookup-limit"),
    "include-over-limit": ("over 10 lookups through an include (§4.6.4)", "spf-lookup-limit"),
    "void-over-limit": ("3 void lookups (§4.6.4)", "spf-void-lookup"),
}
# permerror from several SPF records at one name (§4.5)
MULTIPLE = {"multitxt1", "multitxt2"}
# results that list permerror beside another result: our verdict
LIST_DECISIONS = {
    # "a:mail.example...com": macro-literal allows the empty labels and
    # ".com" is a valid domain-end: the ABNF accepts it (§7.1)
    "invalid-domain-empty-label": "valid",
    # a 64-byte label: the ABNF sets no length limit (§7.1, §4.3)
    "invalid-domain-long": "valid",
    # %{H} expands at evaluation time only
    "invalid-domain-long-via-macro": "valid",
    # two identical records are one RRset member in DNS (RFC 2181 §5)
    "multispf1": "valid",
}
JUDGED = {"pass", "fail", "softfail", "neutral", "none"}


def zone_name(n):
    out = []
    for ch in n.lower().encode("utf-8"):
        c = chr(ch)
        if c.isalnum() or c in "-_.:/%*":
            out.append(c)
        else:
            out.append("\\%03d" % ch)
    return "".join(out).rstrip(".") + "."


def is_spf_record(v):
    v = v if isinstance(v, str) else "".join(v)
    return v[:6].lower() == "v=spf1" and (len(v) == 6 or v[6] == " ")


class Zone:
    def __init__(self, path, origin):
        self.path = path
        self.lines = ["$ORIGIN %s" % origin, "$TTL 3600",
                      "%s IN SOA ns.invalid. host.invalid. ( 1 3600 900 1209600 300 )" % origin,
                      "%s IN NS ns.invalid." % origin]
        self.rec_lines = {}   # owner -> [(line, value, type)]

    def add(self, owner, typ, rdata, value=None):
        self.lines.append("%s IN %s %s" % (owner, typ, rdata))
        if value is not None:
            self.rec_lines.setdefault(owner, []).append((len(self.lines), value, typ))

    def write(self):
        with open(self.path, "w", encoding="ascii") as f:
            f.write("\n".join(self.lines) + "\n")


def build_suite(docs, tmp):
    zones = []
    for di, doc in enumerate(docs):
        z = Zone(os.path.join(tmp, "rfc7208-%02d.zone" % di), ".")
        for name, entries in doc.get("zonedata", {}).items():
            if any(len(l) > 63 for l in name.split(".")):
                continue  # not a DNS name (toolonglabel): no zone can hold it
            owner = zone_name(name)
            has_txt = any(isinstance(e, dict) and "TXT" in e for e in entries)
            for e in entries:
                if not isinstance(e, dict):
                    continue  # TIMEOUT
                for typ, val in e.items():
                    if typ in ("TXT", "SPF"):
                        if val == "NONE":
                            continue
                        strings = val if isinstance(val, list) else [val]
                        rtype = "TXT" if typ == "TXT" or not has_txt else "SPF"
                        z.add(owner, rtype, txt_rdata(strings), "".join(strings))
                    elif typ == "MX":
                        z.add(owner, "MX", "%d %s" % (val[0], zone_name(val[1])))
                    elif typ in ("PTR", "CNAME"):
                        z.add(owner, typ, zone_name(val))
                    elif typ in ("A", "AAAA"):
                        z.add(owner, typ, val)
        z.write()
        zones.append(z)
    return zones


def read_disputed():
    rows = {}
    if os.path.exists(DISPUTED):
        with open(DISPUTED, encoding="utf-8") as f:
            for line in f:
                if not line.strip() or line.startswith("#"):
                    continue
                rec, _, why = line.rstrip("\n").partition("\t")
                rows[rec] = why
    return rows


def tsv_unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"\\": "\\", "t": "\t", "n": "\n"}.get(s[i + 1], "\\" + s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def build_cases(path, tmp, disputed):
    z = Zone(os.path.join(tmp, "spf-record-cases.zone"), "cases.test.")
    rows = []
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if not l.startswith("#")]
    for n, line in enumerate(lines[1:], 1):
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        rec, expected = cols[0], cols[1]
        if expected == "skip" or rec in disputed:
            continue
        owner = "r%03d.cases.test." % n
        if rec.startswith("RRSET "):
            for v in json.loads(rec[6:]):
                z.add(owner, "TXT", txt_rdata([v]), v)
        elif rec.startswith("STRINGS "):
            strings = json.loads(rec[8:])
            z.add(owner, "TXT", txt_rdata(strings), "".join(strings))
        else:
            v = tsv_unescape(rec)
            z.add(owner, "TXT", txt_rdata([v]), v)
        rows.append((owner, expected, rec))
    z.write()
    return z, rows


def run_zonelint(paths, tmp):
    r = subprocess.run([ZL, "check", "--no-config", "--format", "json",
                        "--select", "spf", "--color", "never", "-q"] +
                       [os.path.basename(p) for p in paths],
                       cwd=tmp, capture_output=True)
    if r.returncode not in (0, 1):
        sys.exit("zonelint check failed (%d): %s" %
                 (r.returncode, r.stderr.decode(errors="replace")[:500]))
    js = json.loads(r.stdout)
    out = {}
    for f in js["files"]:
        out[os.path.basename(f["path"])] = f.get("diagnostics", [])
    return out


def main():
    suite = os.path.join(SHARED, "corpus", "spf", "rfc7208-tests.yml")
    cases = os.path.join(SHARED, "corpus", "spf", "spf-record-cases.tsv")
    if not os.path.isdir(SHARED):
        print("SKIP: ../shared not found (conformance needs it)")
        return 0
    if yaml is None:
        print("SKIP: python3-yaml is missing (make deps installs it)")
        return 0
    if not os.path.exists(ZL):
        sys.exit("zonelint binary %s not found (build it first)" % ZL)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        with open(suite, encoding="utf-8") as f:
            docs = [d for d in yaml.safe_load_all(f) if d]
        zones = build_suite(docs, tmp)
        disputed = read_disputed()
        cz, rows = build_cases(cases, tmp, disputed)
        diags = run_zonelint([z.path for z in zones] + [cz.path], tmp)

        # (a) the OpenSPF suite
        a_ok = a_all = 0
        for di, doc in enumerate(docs):
            z = zones[di]
            ds = diags.get(os.path.basename(z.path), [])
            for tname, t in doc.get("tests", {}).items():
                mf = t.get("mailfrom") or ""
                dom = mf.rsplit("@", 1)[1] if "@" in mf else t.get("helo", "")
                owner = zone_name(dom)
                res = t["result"]
                here = [d for d in ds if d.get("owner") == owner]
                syn = [d for d in here if d["rule"] == "spf-syntax"]
                esyn = [d for d in syn if d["severity"] == "error"]
                mult = [d for d in here if d["rule"] == "spf-multiple"
                        and d["severity"] == "error"]
                spf_lines = {l for l, v, ty in z.rec_lines.get(owner, [])
                             if ty == "TXT" and is_spf_record(v)}
                results = set(res) if isinstance(res, list) else {res}
                why = None
                if results == {"temperror"} or "temperror" in results:
                    continue
                if isinstance(res, list) and "permerror" in results:
                    if tname not in LIST_DECISIONS:
                        why = "no decision for a list result %s" % res
                    elif LIST_DECISIONS[tname] == "valid":
                        if syn or mult:
                            why = "expected no spf-syntax/error spf-multiple (ABNF-valid), got: %s" % \
                                "; ".join(d["message"] for d in syn + mult)
                elif res == "permerror" and tname in MULTIPLE:
                    if not mult:
                        why = "expected an error-severity spf-multiple at %s" % owner
                elif res == "permerror" and tname in NOT_SYNTAX:
                    reason, rule = NOT_SYNTAX[tname]
                    if syn:
                        why = "record is valid (%s), got spf-syntax: %s" % (
                            reason, syn[0]["message"])
                    elif rule and not any(d["rule"] == rule for d in here):
                        why = "expected %s (%s)" % (rule, reason)
                elif res == "permerror":
                    if not esyn:
                        why = "expected an error-severity spf-syntax at %s" % owner
                elif results <= JUDGED:
                    bad = [d for d in syn if d["line"] in spf_lines]
                    if bad:
                        why = "result %s, yet spf-syntax: %s" % (res, bad[0]["message"])
                else:
                    continue
                a_all += 1
                if why:
                    failures.append("rfc7208 %s (%s): %s" % (tname, doc.get("description", ""), why))
                else:
                    a_ok += 1

        # (b) the record cases
        b_ok = 0
        ds = diags.get(os.path.basename(cz.path), [])
        for owner, expected, rec in rows:
            valid_rules = [d for d in ds if d.get("owner") == owner and
                           d["rule"] in ("spf-syntax", "spf-multiple")]
            errors = [d for d in valid_rules if d["severity"] == "error"]
            if expected == "invalid" and not errors:
                failures.append("spf-record-cases %r: invalid, but no error-severity spf-syntax/spf-multiple" % rec)
            elif expected == "valid" and valid_rules:
                failures.append("spf-record-cases %r: valid, but %s: %s" % (
                    rec, valid_rules[0]["rule"], valid_rules[0]["message"]))
            else:
                b_ok += 1
        b_all = len(rows)

    for f in failures:
        print("FAIL " + f)
    print("rfc7208: %d/%d" % (a_ok, a_all))
    print("spf-record-cases: %d/%d%s" % (b_ok, b_all, " (%d disputed rows left out)" % len(disputed) if disputed else ""))
    print("spf-conformance: %d/%d" % (a_ok + b_ok, a_all + b_all))
    print("%d passed, %d failed" % (a_ok + b_ok, (a_all - a_ok) + (b_all - b_ok)))
    return 0 if a_ok == a_all and b_ok == b_all else 1


if __name__ == "__main__":
    sys.exit(main())
