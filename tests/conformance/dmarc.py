#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""DMARC conformance: $SHARED/corpus/dmarc/dmarc-cases.tsv (187 cases
gathered from OpenDMARC, mox, checkdmarc, mail-auth, Mail::DMARC and
mailauth test suites; verdicts per $SHARED/corpus/VALIDITY.md).

Every case becomes the TXT record(s) of one owner, _dmarc.cN.example.com.,
in a single zone that zonelint checks once (--format json). A row whose
`expected` is `invalid` must get an error-severity dmarc-syntax or
dmarc-multiple finding at its owner; a `valid` row must get none (a
dmarc-compat warning and other advice are fine). `skip` rows are left out.

Rows the project disputes (believed to contradict the RFCs) are listed,
with the RFC text, in dmarc-disputed.txt beside this file; they are
printed and not counted. That file is empty unless truly needed.

Also reads mail-dmarc-tag-values.tsv (Mail::DMARC's per-tag setter tests)
and prints how far zonelint agrees with it, for information only: those
verdicts follow Mail::DMARC, not VALIDITY.md, so they do not fail the run.
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "lib"))
from zonetext import txt_rdata  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
TOP = HERE.parent.parent
SHARED = pathlib.Path(os.environ.get("SHARED") or (TOP.parent / "shared"))
if not SHARED.is_absolute():
    SHARED = (TOP / SHARED).resolve()
ZL = os.environ.get("ZONELINT") or str(TOP / "zonelint")
if not os.path.isabs(ZL):
    ZL = str(TOP / ZL)
VALIDITY = {"dmarc-syntax", "dmarc-multiple"}


def unescape_tsv(s):
    """TSV escapes of the corpus: \\\\ backslash, \\t TAB, \\n LF."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s) and s[i + 1] in "\\tn":
            out.append({"\\": "\\", "t": "\t", "n": "\n"}[s[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def records_of(field):
    """A row's record field as a list of TXT records, each a list of
    character-strings (bytes)."""
    if field.startswith("RRSET "):
        return [[r.encode()] for r in json.loads(field[6:])]
    if field.startswith("STRINGS "):
        return [[s.encode() for s in json.loads(field[8:])]]
    return [[unescape_tsv(field).encode()]]


def load_rows(path):
    rows, header = [], None
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if header is None:
            header = cols
            continue
        row = dict(zip(header, cols))
        row["line"] = n
        rows.append(row)
    return rows


def load_disputed():
    path = HERE / "dmarc-disputed.txt"
    out = set()
    if path.exists():
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip() and not line.startswith("#"):
                out.add(line.split("\t")[0])
    return out


def run_zone(cases):
    """cases: list of (owner label, records). Returns {owner: [diags]}."""
    lines = ["$ORIGIN example.com.", "$TTL 3600",
             "@ IN SOA ns1.example.com. hostmaster.example.com. "
             "( 1 3600 900 1209600 300 )",
             "@ IN NS ns1.example.com.", "ns1 IN A 192.0.2.1"]
    for label, recs in cases:
        for strings in recs:
            lines.append("_dmarc.%s IN TXT %s" % (label, txt_rdata(strings)))
    with tempfile.TemporaryDirectory() as td:
        zf = pathlib.Path(td) / "db.example.com"
        zf.write_bytes(("\n".join(lines) + "\n").encode())
        r = subprocess.run([ZL, "check", "--no-config", "--format", "json",
                            str(zf)], capture_output=True)
        if r.returncode not in (0, 1):
            sys.exit("zonelint check exited %d: %s" %
                     (r.returncode, r.stderr.decode(errors="replace")[:400]))
        js = json.loads(r.stdout)
    by_owner = {}
    for f in js.get("files", []):
        for d in f.get("diagnostics", []):
            by_owner.setdefault(d.get("owner", ""), []).append(d)
    return by_owner


def invalid_by(diags):
    return [d for d in diags
            if d["rule"] in VALIDITY and d["severity"] == "error"]


def main():
    tsv = SHARED / "corpus" / "dmarc" / "dmarc-cases.tsv"
    if not SHARED.is_dir():
        print("SKIP: ../shared not found (conformance needs it)")
        return 0
    if not tsv.exists():
        print("SKIP: %s not found" % tsv)
        return 0
    disputed = load_disputed()
    rows = [r for r in load_rows(tsv) if r["expected"] != "skip"]
    cases = [("c%d" % i, records_of(r["record"])) for i, r in enumerate(rows)]
    by_owner = run_zone(cases)
    passed = failed = 0
    for i, row in enumerate(rows):
        owner = "_dmarc.c%d.example.com." % i
        bad = invalid_by(by_owner.get(owner, []))
        got = "invalid" if bad else "valid"
        if row["record"] in disputed:
            print("disputed (not counted): line %d %r: expected %s, got %s"
                  % (row["line"], row["record"], row["expected"], got))
            continue
        if got == row["expected"]:
            passed += 1
            continue
        failed += 1
        print("FAIL line %d: %r: expected %s, got %s" %
              (row["line"], row["record"], row["expected"], got))
        print("     reason: %s" % row.get("reason", ""))
        for d in bad or by_owner.get(owner, []):
            print("     %s %s: %s" % (d["severity"], d["rule"], d["message"]))
    total = passed + failed
    print("dmarc-cases: %d/%d" % (passed, total))

    info_tag_values()

    print("dmarc-conformance: %d/%d" % (passed, total))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and total > 0 else 1


def info_tag_values():
    """Mail::DMARC setter tests, each value put in a record of its own."""
    tsv = SHARED / "corpus" / "dmarc" / "mail-dmarc-tag-values.tsv"
    if not tsv.exists():
        return
    rows = load_rows(tsv)
    cases = []
    for i, r in enumerate(rows):
        tag, val = r["tag"], r["value"]
        if tag == "v":
            rec = "v=%s; p=none" % val
        elif tag == "p":
            rec = "v=DMARC1; p=%s" % val
        else:
            rec = "v=DMARC1; p=none; %s=%s" % (tag, val)
        cases.append(("t%d" % i, [[rec.encode()]]))
    by_owner = run_zone(cases)
    agree, differ = 0, []
    for i, r in enumerate(rows):
        bad = invalid_by(by_owner.get("_dmarc.t%d.example.com." % i, []))
        got = "invalid" if bad else "valid"
        if got == r["expected"]:
            agree += 1
        else:
            differ.append("%s=%s (Mail::DMARC: %s)" %
                          (r["tag"], r["value"], r["expected"]))
    print("mail-dmarc-tag-values (information, Mail::DMARC's own verdicts): "
          "%d/%d agree" % (agree, len(rows)))
    for d in differ:
        print("     differs: %s" % d)


if __name__ == "__main__":
    sys.exit(main())
