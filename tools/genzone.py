#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Deterministic zone-file generator for zonelint's benchmarks and tests.

usage: genzone.py [--seed S] [--origin NAME] [--defects] [--crlf] RECORDS

Writes a BIND master-format zone with about RECORDS resource records to
standard output (it stops at the first host boundary once RECORDS is
reached) and a one-line summary on standard error. The same arguments
always give the same bytes.

The mix follows what hosting zones look like: hosts with A and AAAA
records, aliases (CNAME), SRV services, delegations with glue, and mail
domains with MX, an SPF policy in TXT, one or two DKIM keys (1024- or
2048-bit RSA, often split into several strings inside parentheses, as
opendkim-genkey writes them) and a DMARC record. A host name with
everything under it ("its records") averages about 2.65 records. The
text varies the way hand-kept zones do: relative and absolute owners,
blank owners, optional TTL and class, tabs or spaces, comments, blank
lines and a few $ORIGIN and $TTL changes.

--defects  adds a handful of each mistake zonelint reports, spread evenly
           over the file, and lists them (kind, owner, line) on standard
           error: two SPF records, a DKIM key in two TXT records, an
           unquoted DKIM value, DMARC without the underscore, "+all",
           an SPF record in an SPF-type RR, a character-string over 255
           bytes, CNAME and other data, a name with the origin twice,
           and an address that does not parse.
--crlf     ends lines with CR LF.

Only the Python standard library is used.
"""
import base64
import random
import sys

LABELS = ("web", "www", "mail", "smtp", "imap", "vpn", "api", "app", "cdn",
          "shop", "blog", "wiki", "git", "build", "ci", "db", "pg", "redis",
          "auth", "login", "sso", "files", "backup", "status", "monitor",
          "docs", "support", "crm", "billing", "portal", "intranet", "lab",
          "stage", "dev", "test", "edge", "proxy", "ns", "relay", "news")
SELECTORS = ("default", "s1", "s2", "mail", "dkim", "k1", "k2", "selector1",
             "selector2", "google", "mta", "sig1", "key2025", "rsa")
INCLUDES = ("_spf.google.com", "spf.protection.outlook.com", "sendgrid.net",
            "mailgun.org", "amazonses.com", "_spf.mailchannels.net",
            "spf.brevo.com", "_spf.fastmail.example", "mail.zendesk.com")
FOREIGN_MX = ("mx1.mailhost.example.net.", "mx2.mailhost.example.net.",
              "inbound.smtp.example.org.", "aspmx.example-mail.net.")
FOREIGN_ALIAS = ("lb%d.cloud.example.net.", "edge-%d.cdn.example.org.",
                 "site%d.pages.example.net.")
TTL_CHOICES = (120, 300, 900, 3600, 3600, 7200, 86400)
SRV_SERVICES = (("_sip._tcp", 5060), ("_sip._udp", 5060),
                ("_xmpp-server._tcp", 5269), ("_imaps._tcp", 993),
                ("_submission._tcp", 587), ("_ldap._tcp", 389))
VERIFY = ("google-site-verification=", "MS=ms", "apple-domain-verification=",
          "stripe-verification=")
B64CHARS = ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            "0123456789+/")

# DER SubjectPublicKeyInfo heads of RSA keys (e = 65537 follows the modulus)
SPKI_HEAD = {
    1024: bytes.fromhex("30819f300d06092a864886f70d010101050003818d00"
                        "30818902818100"),
    2048: bytes.fromhex("30820122300d06092a864886f70d0101010500038201"
                        "0f003082010a0282010100"),
}
SPKI_TAIL = bytes.fromhex("0203010001")

DEFECTS = ("spf-multiple", "dkim-split-records", "dkim-unquoted",
           "dmarc-wrong-name", "spf-all-pass", "spf-rr-type",
           "txt-string-too-long", "zone-cname-conflict",
           "zone-name-doubled-origin", "zone-syntax")


class Zone:
    def __init__(self, records, seed, origin, defects, eol):
        self.want = records
        self.rnd = random.Random(seed)
        self.seed = seed
        self.origin = origin if origin.endswith(".") else origin + "."
        self.origin_now = self.origin
        self.defects = defects
        self.eol = eol
        self.chunks = []
        self.lines = 0
        self.count = 0
        self.log = []
        self.aliases = []

    # -- output
    def line(self, text=""):
        self.chunks.append(text.replace("\n", self.eol) + self.eol)
        self.lines += text.count("\n") + 1
        if len(self.chunks) >= 4096:
            self.flush()

    def flush(self):
        sys.stdout.write("".join(self.chunks))
        self.chunks = []

    def rr(self, owner, rtype, rdata, ttl=None, comment=None):
        """One record; owner "" continues the previous owner."""
        rnd = self.rnd
        fields = [owner if owner else ("\t" if rnd.random() < 0.8 else "    ")]
        if ttl is not None:
            fields.append(str(ttl))
        if rnd.random() < 0.75:
            fields.append("IN")
        fields.append(rtype)
        fields.append(rdata)
        sep = "\t" if rnd.random() < 0.6 else " "
        if owner:
            text = sep.join(fields)
        else:
            text = fields[0] + sep.join(fields[1:])
        if comment:
            text += "\t; " + comment
        self.line(text)
        self.count += 1

    def rrset(self, owner, rtype, rdatas, comment=None):
        """Several records of one type; later ones often use a blank owner."""
        ttl = self.rnd.choice(TTL_CHOICES) if self.rnd.random() < 0.2 else None
        for k, rd in enumerate(rdatas):
            own = owner if k == 0 or self.rnd.random() < 0.35 else ""
            self.rr(own, rtype, rd, ttl, comment if k == 0 else None)

    # -- values
    def v4(self):
        r = self.rnd
        net = r.randrange(4)
        if net == 0:
            return "192.0.2.%d" % r.randint(1, 254)
        if net == 1:
            return "198.51.100.%d" % r.randint(1, 254)
        if net == 2:
            return "203.0.113.%d" % r.randint(1, 254)
        return "10.%d.%d.%d" % (r.randrange(256), r.randrange(256),
                                r.randint(1, 254))

    def v6(self):
        r = self.rnd
        if r.random() < 0.6:
            return "2001:db8:%x::%x" % (r.randrange(65536), r.randint(1, 65535))
        return "2001:db8:" + ":".join("%x" % r.randrange(65536)
                                      for _ in range(6))

    def b64(self, n):
        return "".join(self.rnd.choice(B64CHARS[:62]) for _ in range(n))

    def rsa_key(self, bits):
        r = self.rnd
        size = bits // 8
        mod = bytearray(r.randbytes(size))
        mod[0] |= 0xC0
        mod[-1] |= 0x01
        return base64.b64encode(SPKI_HEAD[bits] + bytes(mod) + SPKI_TAIL
                                ).decode("ascii")

    def fqdn(self, rel):
        return rel + "." + self.origin_now

    def spell(self, rel):
        """A name as written: relative most of the time."""
        return rel if self.rnd.random() < 0.75 else self.fqdn(rel)

    def spf(self, allq=None):
        r = self.rnd
        terms = ["v=spf1"]
        if r.random() < 0.6:
            terms.append("mx")
        if r.random() < 0.25:
            terms.append("a")
        for _ in range(r.randrange(3)):
            terms.append("ip4:" + self.v4() +
                         ("/%d" % r.choice((24, 27, 29)) if r.random() < 0.5
                          else ""))
        if r.random() < 0.15:
            terms.append("ip6:2001:db8:%x::/48" % r.randrange(65536))
        for inc in r.sample(INCLUDES, r.randint(1, 3)):
            terms.append("include:" + inc)
        terms.append(allq or r.choice(("-all", "~all", "~all", "-all")))
        value = " ".join(terms)
        if len(value) > 110 and r.random() < 0.4:
            cut = value.index(" ", len(value) // 2)
            return '"%s" "%s"' % (value[:cut + 1], value[cut + 1:])
        return '"%s"' % value

    def dkim(self, bits):
        r = self.rnd
        head = "v=DKIM1; k=rsa; " if r.random() < 0.7 else "v=DKIM1; h=sha256; k=rsa; "
        value = head + "p=" + self.rsa_key(bits)
        if bits == 1024 and r.random() < 0.5:
            return '"%s"' % value
        size = r.choice((255, 250, 200, 100))
        parts = [value[i:i + size] for i in range(0, len(value), size)]
        if len(parts) == 1:
            return '( "%s" )' % parts[0]
        return "( " + "\n\t\t".join('"%s"' % p for p in parts) + " )"

    def dmarc(self, rel):
        r = self.rnd
        dom = self.fqdn(rel).rstrip(".")
        tags = ["v=DMARC1", "p=" + r.choice(("none", "quarantine", "reject",
                                             "reject"))]
        if r.random() < 0.3:
            tags.append("sp=" + r.choice(("quarantine", "reject")))
        if r.random() < 0.75:
            tags.append("rua=mailto:dmarc-reports@" + dom)
        if r.random() < 0.2:
            tags.append("ruf=mailto:dmarc-forensic@" + dom)
        if r.random() < 0.25:
            tags.append("adkim=s")
        if r.random() < 0.15:
            tags.append("pct=100")
        return '"%s"' % "; ".join(tags)

    def note(self, kind, owner):
        self.log.append((kind, owner, self.lines + 1))

    # -- families
    def mail(self, rel, owner, defect):
        r = self.rnd
        mxs = set()
        for _ in range(r.randint(1, 3)):
            pref = r.choice((0, 10, 10, 20, 30))
            if r.random() < 0.5:
                mxs.add("%d mx%d.%s" % (pref, r.randint(1, 3), self.origin))
            else:
                mxs.add("%d %s" % (pref, r.choice(FOREIGN_MX)))
        self.rrset(owner, "MX", sorted(mxs))
        if defect == "spf-all-pass":
            self.note(defect, self.fqdn(rel))
            self.rr("", "TXT", self.spf("+all"))
        elif defect == "spf-rr-type":
            self.note(defect, self.fqdn(rel))
            self.rr("", "SPF", self.spf())
        else:
            self.rr("", "TXT", self.spf())
        if defect == "spf-multiple":
            self.note(defect, self.fqdn(rel))
            self.rr(owner, "TXT", '"v=spf1 include:%s -all"' % r.choice(INCLUDES))
        nkeys = 2 if r.random() < 0.3 else 1
        for k, sel in enumerate(r.sample(SELECTORS, nkeys)):
            dname = sel + "._domainkey." + rel
            downer = self.spell(dname)
            if k == 0 and defect == "dkim-split-records":
                key = self.rsa_key(2048)
                self.note(defect, self.fqdn(dname))
                self.rr(downer, "TXT", '"v=DKIM1; k=rsa; p=%s"' % key[:200])
                self.rr(downer, "TXT", '"%s"' % key[200:])
                continue
            if k == 0 and defect == "dkim-unquoted":
                self.note(defect, self.fqdn(dname))
                self.rr(downer, "TXT", "v=DKIM1; k=rsa; p=" + self.rsa_key(1024))
                continue
            if k == 0 and defect == "txt-string-too-long":
                self.note(defect, self.fqdn(dname))
                self.rr(downer, "TXT", '"v=DKIM1; k=rsa; p=%s"' % self.rsa_key(2048))
                continue
            bits = 2048 if r.random() < 0.6 else 1024
            rd = self.dkim(bits)
            self.rr(downer, "TXT", rd, None,
                    "DKIM %s, %d bits" % (sel, bits) if r.random() < 0.3 else None)
        if defect == "dmarc-wrong-name":
            self.note(defect, self.fqdn("dmarc." + rel))
            self.rr(self.spell("dmarc." + rel), "TXT", self.dmarc(rel))
        elif r.random() < 0.8:
            self.rr(self.spell("_dmarc." + rel), "TXT", self.dmarc(rel))

    def host(self, i, defect):
        r = self.rnd
        rel = "%s%d" % (r.choice(LABELS), i)
        if r.random() < 0.12:
            rel = r.choice(LABELS) + "." + rel
        if r.random() < 0.02:
            self.line("; %s %s" % (r.choice(("customer", "legacy", "moved from old DNS",
                                             "TODO: remove after migration")), rel))
        if r.random() < 0.04:
            self.line("")
        owner = self.spell(rel)
        if defect == "zone-name-doubled-origin":
            owner = rel + "." + self.origin_now.rstrip(".")
            self.note(defect, owner + "." + self.origin_now)
        if defect == "zone-syntax":
            self.note(defect, self.fqdn(rel))
            self.rr(owner, "A", "192.0.2.%d" % r.randint(256, 999))
            return
        if defect == "zone-cname-conflict":
            self.note(defect, self.fqdn(rel))
            self.rr(owner, "CNAME", r.choice(FOREIGN_ALIAS) % i)
            self.rr(owner, "A", self.v4())
            return
        x = 0.5 if defect else r.random()
        if x < 0.01:
            ns = ["ns1." + rel, "ns2." + rel]
            self.rrset(owner, "NS", [self.fqdn(n) for n in ns])
            for n in ns:
                self.rr(self.spell(n), "A", self.v4())
            return
        if x < 0.22:
            if self.aliases and r.random() < 0.6:
                target = r.choice(self.aliases)
            else:
                target = r.choice(FOREIGN_ALIAS) % r.randint(1, 99999)
            self.rr(owner, "CNAME", target)
            return
        if x < 0.25:
            svc, port = r.choice(SRV_SERVICES)
            targets = ["%d %d %d %s" % (r.choice((0, 10, 20)), r.choice((0, 5, 10)),
                                        port, self.fqdn("%s%d" % (r.choice(LABELS), j)))
                       for j in range(r.randint(1, 3))]
            self.rrset(self.spell(svc + "." + rel), "SRV", targets)
            return
        addrs = sorted({self.v4() for _ in range(1 if r.random() < 0.7 else r.randint(2, 3))})
        self.rrset(owner, "A", addrs)
        self.aliases.append(self.fqdn(rel))
        if len(self.aliases) > 1000:
            del self.aliases[:500]
        if r.random() < 0.33:
            self.rrset("", "AAAA", sorted({self.v6() for _ in range(r.randint(1, 2))}))
        if r.random() < 0.07:
            self.rr("", "TXT", '"%s%s"' % (r.choice(VERIFY), self.b64(r.choice((16, 32, 43)))))
        if defect or r.random() < 0.22:
            self.mail(rel, owner, defect)

    def header(self):
        o = self.origin
        self.line("; %s: synthetic zone from tools/genzone.py (records=%d seed=%d%s)"
                  % (o, self.want, self.seed, ", defects" if self.defects else ""))
        self.line("$TTL 1h")
        self.line("$ORIGIN %s" % o)
        self.line("@\tIN\tSOA\tns1.%s hostmaster.%s (\n"
                  "\t\t2025010101\t; serial\n"
                  "\t\t2h\t\t; refresh\n"
                  "\t\t30m\t\t; retry\n"
                  "\t\t2w\t\t; expire\n"
                  "\t\t5m )\t\t; negative TTL" % (o, o))
        self.count += 1
        self.rr("", "NS", "ns1")
        self.rr("", "NS", "ns2.%s" % o)
        self.rr("", "MX", "10 mx1")
        self.rr("", "MX", "20 mx2")
        self.rr("", "A", "192.0.2.1")
        self.rr("", "TXT", '"v=spf1 mx -all"')
        self.rr("_dmarc", "TXT", '"v=DMARC1; p=reject; rua=mailto:dmarc@%s"' % o.rstrip("."))
        self.line("")
        for k in (1, 2):
            self.rr("ns%d" % k, "A", "192.0.2.%d" % (10 + k))
            self.rr("", "AAAA", "2001:db8::%d" % (10 + k))
        for k in (1, 2, 3):
            self.rr("mx%d" % k, "A", "192.0.2.%d" % (20 + k))
        self.line("")

    def run(self):
        self.header()
        # hosts average about 2.65 records; plan the defects on that basis
        est = max(1, int(self.want / 2.65))
        plan = {}
        if self.defects:
            per = 2 if est < 4000 else 3
            slots = [d for d in DEFECTS for _ in range(per)]
            for j, kind in enumerate(slots):
                plan[(2 * j + 1) * est // (2 * len(slots))] = kind
        i = 0
        while self.count < self.want or any(k >= i for k in plan):
            if i % 300 == 0 and i:
                # a sub-zone section now and then, and a $TTL change
                if (i // 300) % 9 == 4:
                    self.origin_now = "dept%d.%s" % (i // 300, self.origin)
                    self.line("")
                    self.line("$ORIGIN " + self.origin_now)
                elif self.origin_now != self.origin:
                    self.origin_now = self.origin
                    self.line("")
                    self.line("$ORIGIN " + self.origin)
                if (i // 300) % 13 == 6:
                    self.line("$TTL %d" % self.rnd.choice((300, 3600, 86400)))
            self.host(i, plan.get(i))
            i += 1
        self.flush()
        sys.stdout.flush()
        sys.stderr.write("genzone: origin=%s hosts=%d records=%d lines=%d\n"
                         % (self.origin, i, self.count, self.lines))
        for kind, owner, line in self.log:
            sys.stderr.write("genzone: defect %s %s line %d\n" % (kind, owner, line))


def main(argv):
    seed, origin, defects, eol = 1, "example.com.", False, "\n"
    rest = []
    args = iter(argv[1:])
    for a in args:
        if a == "--seed":
            seed = int(next(args))
        elif a == "--origin":
            origin = next(args)
        elif a == "--defects":
            defects = True
        elif a == "--crlf":
            eol = "\r\n"
        elif a in ("-h", "--help"):
            sys.stdout.write(__doc__)
            return 0
        else:
            rest.append(a)
    if len(rest) != 1 or not rest[0].isdigit() or int(rest[0]) < 1:
        sys.stderr.write(__doc__)
        return 2
    Zone(int(rest[0]), seed, origin, defects, eol).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
