#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""DKIM conformance: zonelint against key records nobody on the project wrote.

Cases:
- $SHARED/corpus/dkim/dkim-cases.tsv (the verdicts of corpus/VALIDITY.md;
  `skip` rows left out; RRSET/STRINGS rows as SOURCES.md describes them);
- the key files in $SHARED/corpus/dkim/keys/ (PEM SubjectPublicKeyInfo and
  raw base64 keys), published as k=rsa or k=ed25519 records, with verdicts
  that follow from VALIDITY.md rules 6 and 7;
- the raw record files (dkimpy, OpenDKIM, Mail::DKIM FAKE_DNS.dat, the JSON
  fixtures): every record whose value is also a row of the table gets that
  row's verdict; the others of the plain form "v=DKIM1; k=<type>;
  p=<base64>" (stalwart's DKIM2 keys) are judged the way VALIDITY.md says
  the table was made, by decoding the key with `openssl pkey` (an oracle
  independent of zonelint's decoder): valid when it is an RSA key of at
  least 1024 bits or 32 raw Ed25519 bytes.

A third part runs the benchmark generator with its injected defects
($SHARED/bench/genzone.py --defects): each dkim-split-rr and dkim-unquoted
it reports must be found at its line with the right rule, and after `fix`
the zone must load in BIND and hold the key the generator wrote.

A second part checks the fixes: in every expected fixed zone of the DKIM
golden cases (testdata/rules/dkim-*/bad.fixed, testdata/dkim/*.fixed), as
BIND reads it (named-compilezone), each selector named after a test key
(rsa1024-a, ed25519-b, ...) holds exactly that key of testdata/dkim/keys,
in one TXT record: the repairs give back the key they started from.

All cases go into one zone, one owner per case (`c<N>._domainkey`), checked
with `zonelint check --format json` in one run. A valid case must get no
error-severity DKIM validity finding (dkim-tag-syntax, dkim-key-invalid,
dkim-key-weak, dkim-split-records); an invalid one must get one of the rule
its reason names. Rows listed in dkim-disputed.txt beside this file are
reported apart (that file says why); it is empty unless a row contradicts
the RFC.
"""
import base64
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "lib"))
from zonetext import txt_strings  # noqa: E402

TOP = pathlib.Path(__file__).resolve().parent.parent.parent
SHARED = pathlib.Path(os.environ.get("SHARED") or (TOP / ".." / "shared"))
if not SHARED.is_absolute():
    SHARED = (TOP / SHARED).resolve()
ZL = os.environ.get("ZONELINT") or str(TOP / "zonelint")
if not os.path.isabs(ZL):
    ZL = str(TOP / ZL)
VALIDITY = {"dkim-tag-syntax", "dkim-key-invalid", "dkim-key-weak",
            "dkim-split-records"}


def tsv_unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in "\\tn":
            out.append({"\\": "\\", "t": "\t", "n": "\n"}[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def rule_of(reason):
    """The rule the deciding part of a reason points to."""
    head = reason.split(" | ")[0]
    if head.startswith("RFC 8301 §3.2"):
        return "dkim-key-weak"
    if head.startswith("RFC 8463 §4.2") or "base64" in head or \
            "decodes to" in head:
        return "dkim-key-invalid"
    if "§3.6.2.2" in head and "TXT records" in head:
        return "dkim-split-records"
    return "dkim-tag-syntax"


def rdata(strings):
    parts = txt_strings(strings)
    if len(parts) == 1:
        return parts[0]
    return "( " + "\n\t".join(parts) + " )"


class Case:
    def __init__(self, name, records, expected, rule, where):
        self.name, self.records = name, records   # records: [[strings]]
        self.expected, self.rule, self.where = expected, rule, where


def table_cases():
    cases, by_value = [], {}
    path = SHARED / "corpus" / "dkim" / "dkim-cases.tsv"
    header = False
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line or line.startswith("#"):
            continue
        if not header:
            header = True
            continue
        cols = line.split("\t")
        rec, expected, reason = cols[0], cols[1], cols[2]
        if expected == "skip":
            continue
        if rec.startswith("RRSET "):
            records = [[v] for v in json.loads(rec[6:])]
        elif rec.startswith("STRINGS "):
            records = [json.loads(rec[8:])]
        else:
            records = [[tsv_unescape(rec)]]
        c = Case("tsv:%d" % n, records, expected,
                 rule_of(reason) if expected == "invalid" else None,
                 "dkim-cases.tsv line %d" % n)
        cases.append(c)
        if len(records) == 1:
            by_value.setdefault("".join(records[0]), c)
    return cases, by_value


def pem_der(text):
    body = "".join(l for l in text.splitlines() if l and not l.startswith("-----"))
    return base64.b64decode(body)


def key_cases():
    cases = []
    kdir = SHARED / "corpus" / "dkim" / "keys"
    for p in sorted(kdir.iterdir()):
        text = p.read_text()
        if p.suffix == ".key":
            raw = text.strip()
            assert len(base64.b64decode(raw)) == 32, p
            cases.append(Case("key:" + p.name, [["v=DKIM1; k=ed25519; p=" + raw]],
                              "valid", None, str(p.name)))
            continue
        der = pem_der(text)
        b64 = base64.b64encode(der).decode()
        if "ed25519" in p.name:
            # RFC 8463 §4.2: the raw 32 bytes, not the SPKI wrapper
            cases.append(Case("key:%s:spki" % p.name,
                              [["v=DKIM1; k=ed25519; p=" + b64]], "invalid",
                              "dkim-key-invalid", p.name + " as SPKI"))
            cases.append(Case("key:%s:raw" % p.name,
                              [["v=DKIM1; k=ed25519; p=" +
                                base64.b64encode(der[-32:]).decode()]],
                              "valid", None, p.name + " raw"))
            continue
        small = len(der) < 140           # a 512-bit key's SPKI is 94 bytes
        cases.append(Case("key:" + p.name, [["v=DKIM1; k=rsa; p=" + b64]],
                          "invalid" if small else "valid",
                          "dkim-key-weak" if small else None, p.name))
        # the same key cut short: 40 characters off the end
        cases.append(Case("key:%s:cut" % p.name,
                          [["v=DKIM1; k=rsa; p=" + b64[:-40]]], "invalid",
                          "dkim-key-invalid", p.name + " cut short"))
    return cases


def raw_records():
    """(file, value) of every key record in the raw files."""
    d = SHARED / "corpus" / "dkim"
    out = []
    for p in sorted((d / "dkimpy").iterdir()):
        out.append((p.name, p.read_text().strip("\n")))
    for name in ("opendkim_tests_pubkeys", "fastmail-mail-dkim_FAKE_DNS.dat"):
        for line in (d / name).read_text().splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            parts = re.split(r"\s+", line, maxsplit=1)
            if len(parts) == 2 and "._domainkey." in parts[0]:
                out.append((name, parts[1]))
    js = json.loads((d / "postalsys-mailauth_ec-fixtures_dns.json").read_text())
    for owner, rr in js.items():
        if "_domainkey" in owner:
            for strings in rr.get("TXT", []):
                out.append(("mailauth-fixtures", "".join(strings)))
    js = json.loads((d / "stalwartlabs-mail-auth_dkim2_dns.json").read_text())
    for dom, names in js.items():
        for owner, rrs in names.items():
            if "_domainkey" in owner:
                for rr in rrs:
                    if rr[0] == "txt":
                        out.append(("stalwart-dkim2", rr[1]))
    return out


PLAIN = re.compile(r"^v=DKIM1; k=(rsa|ed25519); p=([A-Za-z0-9+/]+=*)$")


def oracle(value):
    """(expected, rule) for a plain key record by openssl, or None."""
    m = PLAIN.match(value)
    if not m:
        return None
    try:
        der = base64.b64decode(m.group(2), validate=True)
    except Exception:
        return ("invalid", "dkim-key-invalid")
    if m.group(1) == "ed25519":
        return ("valid", None) if len(der) == 32 else ("invalid", "dkim-key-invalid")
    r = subprocess.run(["openssl", "pkey", "-pubin", "-inform", "DER", "-noout",
                        "-text_pub"], input=der, capture_output=True)
    bits = re.search(rb"Public-Key: \((\d+) bit\)", r.stdout)
    if r.returncode != 0 or not bits or b"rsaEncryption" not in r.stdout and \
            b"Modulus" not in r.stdout:
        return ("invalid", "dkim-key-invalid")
    if int(bits.group(1)) < 1024:
        return ("invalid", "dkim-key-weak")
    return ("valid", None)


def disputed():
    p = pathlib.Path(__file__).with_name("dkim-disputed.txt")
    out = set()
    if p.exists():
        for line in p.read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                out.add(line)
    return out


def fixed_zone_keys():
    """(passed, failed) of the fixed-zone key check; failures printed."""
    import shutil
    if not shutil.which("named-compilezone"):
        print("SKIP fixed-zone keys: named-compilezone not found")
        return 0, 0
    keys = {}
    for p in (TOP / "testdata" / "dkim" / "keys").glob("*.b64"):
        if p.name.endswith(".spki.b64") or p.name.endswith(".raw.b64"):
            keys[p.name.split(".")[0]] = p.read_text().strip()
    files = sorted((TOP / "testdata" / "rules").glob("dkim-*/bad.fixed"))
    files += sorted((TOP / "testdata" / "dkim").glob("**/*.fixed"))
    passed = failed = 0
    for f in files:
        src = f.with_suffix(".zone").read_text(errors="replace")
        m = re.search(r"^\$ORIGIN\s+(\S+)", src, re.M)
        if not m:
            continue
        try:
            txt = bind_txt(m.group(1), str(f))
        except RuntimeError as e:
            failed += 1
            print("FAIL %s: named-compilezone rejects it: %s" % (f.relative_to(TOP), e))
            continue
        wanted = set(re.findall(r"^((?:rsa\d+|ed25519)-[a-z0-9]+)\._domainkey",
                                src, re.M))
        for sel in sorted(wanted):
            key = keys.get(sel.split("-")[0])
            owner = "%s._domainkey.%s" % (sel, m.group(1).lower())
            vals = txt.get(owner, [])
            got = [re.sub(r"\s", "", x.group(1)) for v in vals
                   for x in [re.search(r"(?:^|;)\s*p=([^;]*)", v)] if x]
            if key is None or len(vals) != 1 or got != [key]:
                failed += 1
                print("FAIL %s: %s holds %d TXT, key %s" % (
                    f.relative_to(TOP), owner, len(vals),
                    "ok" if got == [key] else "differs"))
            else:
                passed += 1
    return passed, failed


def bind_txt(origin, path):
    """{owner: [joined TXT values]} as BIND reads the zone, or None."""
    import shutil
    if not shutil.which("named-compilezone"):
        return None
    r = subprocess.run(["named-compilezone", "-q", "-i", "none", "-k", "ignore",
                        "-n", "ignore", "-f", "text", "-F", "text", "-s", "full",
                        "-o", "-", origin, path], capture_output=True)
    if r.returncode != 0:
        raise RuntimeError((r.stdout + r.stderr).decode(errors="replace")[:200])
    txt = {}
    for line in r.stdout.decode().splitlines():
        parts = line.split(None, 4)
        if len(parts) == 5 and parts[3] == "TXT":
            txt.setdefault(parts[0].lower(), []).append(
                "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', parts[4])))
    return txt


def genzone_defects():
    """(passed, failed) for the generator's DKIM defects."""
    gen = SHARED / "bench" / "genzone.py"
    if not gen.exists():
        print("SKIP genzone: %s not found" % gen)
        return 0, 0
    r = subprocess.run([sys.executable, str(gen), "--defects", "2000", "7"],
                       capture_output=True)
    text = r.stdout.decode()
    lines = text.split("\n")
    defects = []
    for m in re.finditer(r"defect (dkim-split-rr|dkim-unquoted) owner=(\S+) line=(\d+)",
                         r.stderr.decode()):
        kind, owner, ln = m.group(1), m.group(2).lower(), int(m.group(3))
        if kind == "dkim-split-rr":
            vals = [re.search(r'"([^"]*)"', lines[ln - 1 + k]).group(1) for k in (0, 1)]
            key = "".join(vals).split("p=", 1)[1]
            rule = "dkim-split-records"
        else:
            key = lines[ln - 1].split("p=", 1)[1].strip()
            rule = "dkim-unquoted"
        defects.append((rule, owner, ln, key))
    passed = failed = 0
    with tempfile.TemporaryDirectory() as td:
        zf = os.path.join(td, "gen.zone")
        with open(zf, "w") as f:
            f.write(text)
        js = json.loads(subprocess.run([ZL, "check", "--no-config", "--format", "json",
                                        zf], capture_output=True).stdout)
        seen = {(d["rule"], d.get("owner"), d["line"]) for d in js["files"][0]["diagnostics"]}
        fixed = subprocess.run([ZL, "fix", "--no-config", zf], capture_output=True).stdout
        ff = os.path.join(td, "fixed.zone")
        with open(ff, "wb") as f:
            f.write(fixed)
        try:
            txt = bind_txt("example.com.", ff)
        except RuntimeError as e:
            print("FAIL genzone: BIND rejects the fixed zone: %s" % e)
            return passed, failed + len(defects)
        for rule, owner, ln, key in defects:
            ok = (rule, owner, ln) in seen
            if ok and txt is not None:
                vals = txt.get(owner, [])
                got = [v.split("p=", 1)[1] for v in vals if "p=" in v]
                ok = len(vals) == 1 and got == [key]
            if ok:
                passed += 1
            else:
                failed += 1
                print("FAIL genzone %s at %s line %d: %s" % (
                    rule, owner, ln, "not fixed to the generated key" if
                    (rule, owner, ln) in seen else "not reported"))
    if not defects:
        failed += 1
        print("FAIL genzone: no DKIM defects in the generator's list")
    return passed, failed


def main():
    if not (SHARED / "corpus" / "dkim").is_dir():
        print("SKIP: ../shared not found (conformance needs it)")
        return 0
    cases, by_value = table_cases()
    cases += key_cases()
    unmatched = 0
    for fname, value in raw_records():
        c = by_value.get(value)
        if c is not None:
            cases.append(Case("raw:%s" % fname, [[value]], c.expected, c.rule,
                              "%s (as %s)" % (fname, c.where)))
            continue
        o = oracle(value)
        if o is None:
            unmatched += 1
            continue
        cases.append(Case("raw:%s" % fname, [[value]], o[0], o[1],
                          "%s (openssl decides)" % fname))
    lines = ["$ORIGIN dkim.example.", "$TTL 3600",
             "@ IN SOA ns1.dkim.example. h.dkim.example. ( 1 3600 900 1209600 300 )",
             "  IN NS ns1.dkim.example.", "ns1 IN A 192.0.2.1"]
    owner_of = {}
    for i, c in enumerate(cases):
        owner = "c%d._domainkey" % i
        owner_of[owner + ".dkim.example."] = c
        for strings in c.records:
            lines.append("%s IN TXT %s" % (owner, rdata(strings)))
    with tempfile.TemporaryDirectory() as td:
        zf = os.path.join(td, "dkim.zone")
        with open(zf, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        r = subprocess.run([ZL, "check", "--no-config", "--format", "json", zf],
                           capture_output=True)
        if r.returncode not in (0, 1):
            print("zonelint failed (%d): %s" % (r.returncode,
                                                r.stderr.decode(errors="replace")[:400]))
            print("dkim-conformance: 0/%d" % len(cases))
            print("0 passed, %d failed" % len(cases))
            return 1
        js = json.loads(r.stdout)
    found = {}
    for f in js["files"]:
        for d in f["diagnostics"]:
            if d.get("owner") in owner_of:
                found.setdefault(d["owner"], []).append(d)
            elif d["rule"] == "zone-syntax":
                print("zone-syntax in the generated zone: line %s: %s" %
                      (d["line"], d["message"]))
    dispute = disputed()
    passed = failed = 0
    per = {}    # "tsv", "key", "raw": [passed, total]
    for owner, c in owner_of.items():
        ds = found.get(owner, [])
        errs = [d for d in ds if d["rule"] in VALIDITY and d["severity"] == "error"]
        if c.expected == "valid":
            ok = not errs
            want = "no validity error"
        else:
            ok = any(d["rule"] == c.rule for d in errs)
            want = "an error of " + c.rule
        if c.name in dispute:
            print("DISPUTED %s (%s): %s" % (c.name, c.where,
                                           "agrees" if ok else "differs"))
            continue
        cat = per.setdefault(c.name.split(":")[0], [0, 0])
        cat[1] += 1
        if ok:
            passed += 1
            cat[0] += 1
        else:
            failed += 1
            got = "; ".join("%s/%s: %s" % (d["rule"], d["severity"], d["message"])
                            for d in ds) or "nothing"
            print("FAIL %s (%s) %s: want %s, got %s" % (
                c.name, c.where, "".join(c.records[0])[:60], want, got))
    total = passed + failed
    kp, kf = fixed_zone_keys()
    print("fixed-zone keys: %d/%d" % (kp, kp + kf))
    gp, gf = genzone_defects()
    print("genzone defects: %d/%d" % (gp, gp + gf))
    kp, kf = kp + gp, kf + gf
    print("raw-file records neither in the table nor plain keys (not judged): %d"
          % unmatched)
    for name, what in (("key", "key files"), ("raw", "raw-file records")):
        print("%s: %d/%d" % (what, *per.get(name, [0, 0])))
    print("dkim-cases: %d/%d" % tuple(per.get("tsv", [0, 0])))
    print("dkim-conformance: %d/%d" % (passed, total))
    print("%d passed, %d failed" % (passed + kp, failed + kf))
    return 0 if failed + kf == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
