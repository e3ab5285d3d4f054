#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the DKIM golden zones testdata/rules/dkim-*/{bad,good}.zone from
the public test keys in testdata/dkim/keys (dkim-key-mismatch excepted: it
uses SpinOffice's published keys and is written by hand). Run from the
repository root, then make the expected files with
UPDATE=1 ZONELINT=./zonelint sh tests/golden.sh and review them.
"""
import base64, os, sys
K = {}
kd = 'testdata/dkim/keys'
for n in ('rsa512','rsa1024','rsa2048','rsa4096'):
    K[n] = open(f'{kd}/{n}.spki.b64').read().strip()
K['ed25519'] = open(f'{kd}/ed25519.raw.b64').read().strip()
K['pkcs1'] = open(f'{kd}/rsa1024.pkcs1.b64').read().strip()
HEAD = """$ORIGIN example.com.
$TTL 3600
@	IN SOA ns1.example.com. hostmaster.example.com. ( 2026010101 3600 900 1209600 300 )
	IN NS ns1.example.com.
ns1	IN A 192.0.2.1
"""
def kt(n): return 'ed25519' if n == 'ed25519' else 'rsa'
def strings(v, w=200, ind='\t\t\t\t'):
    parts = [v[i:i+w] for i in range(0, len(v), w)]
    if len(parts) == 1: return '"%s"' % parts[0]
    return '( ' + ('\n' + ind).join('"%s"' % p for p in parts) + ' )'
def good(sel, n, extra=''):
    return '%s._domainkey\tIN TXT %s\n' % (sel, strings('v=DKIM1; k=%s; %sp=%s' % (kt(n), extra, K[n])))
def w(d, name, text):
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, name), 'w').write(HEAD + text)
R = 'testdata/rules/'
KEYS = ('rsa1024', 'rsa2048', 'rsa4096', 'ed25519')

# ---- dkim-split-lines
t = '; a value continued on the next line without parentheses\n'
for n in KEYS:
    v = 'v=DKIM1; k=%s; p=%s' % (kt(n), K[n])
    cut = 40 if n == 'ed25519' else 120
    if n == 'rsa4096':
        parts = [v[i:i+200] for i in range(0, len(v), 200)]
        t += '%s-a._domainkey\tIN TXT "%s\n' % (n, parts[0])
        for p in parts[1:-1]:
            t += '\t%s\n' % p
        t += '\t%s"\n' % parts[-1]
    else:
        t += '%s-a._domainkey\tIN TXT "%s\n\t\t%s"\n' % (n, v[:cut], v[cut:])
v = 'v=DKIM1; k=rsa; p=' + K['rsa2048']
t += '; each line quoted, but no parentheses\nrsa2048-b._domainkey\tIN TXT "%s"\n\t\t\t"%s" ; from the vendor portal\n' % (v[:150], v[150:])
v = 'v=DKIM1; k=rsa; p=' + K['rsa1024']
t += '; a backslash before the line break, next line in column 1\nrsa1024-b._domainkey\tIN TXT "%s\\\n%s"\n' % (v[:100], v[100:])
t += '; the rest of the key unquoted on the next line\nrsa1024-c._domainkey\tIN TXT "%s"\n\t%s\n' % (v[:130], v[130:])
v = 'v=DKIM1; k=rsa; p=' + K['rsa4096']
t += '; a first line too long for one string: txt-string-too-long goes first\nrsa4096-b._domainkey\tIN TXT "%s"\n\t"%s"\n' % (v[:400], v[400:])
t += 'www\tIN A 192.0.2.2\n'
w(R + 'dkim-split-lines', 'bad.zone', t)
g = ''.join(good(n + '-a', n) for n in KEYS) + 'www\tIN A 192.0.2.2\n'
w(R + 'dkim-split-lines', 'good.zone', g)

# ---- dkim-split-records
t = '; keys spread over several TXT records at one selector\n'
for n in ('rsa1024', 'rsa2048'):
    v = 'v=DKIM1; k=rsa; p=' + K[n]
    h = len(v) // 2
    t += '%s-a._domainkey\tIN TXT "%s"\n%s-a._domainkey\tIN TXT "%s"\n' % (n, v[:h], n, v[h:])
v = 'v=DKIM1; k=rsa; p=' + K['rsa4096']
third = len(v) // 3
t += 'rsa4096-a._domainkey\tIN TXT %s\n' % strings(v[:third])
t += '\t\t\tIN TXT %s\n' % strings(v[third:2*third])
t += '\t\t\tIN TXT %s\n' % strings(v[2*third:])
v = 'v=DKIM1; k=ed25519; p=' + K['ed25519']
t += '; the tail first\ned25519-a._domainkey\tIN TXT "%s"\ned25519-a._domainkey\tIN TXT "%s"\n' % (v[40:], v[:40])
t += '; two complete keys: no guess\nboth._domainkey\tIN TXT "v=DKIM1; k=rsa; p=%s"\nboth._domainkey\tIN TXT "v=DKIM1; k=ed25519; p=%s"\n' % (K['rsa1024'], K['ed25519'])
t += '; a verification token beside the key\nmixed._domainkey\tIN TXT "google-site-verification=4ZkUv5hXz0pyLfMGdGmRQ2QhD7qC8e0"\nmixed._domainkey\tIN TXT "v=DKIM1; k=ed25519; p=%s"\n' % K['ed25519']
w(R + 'dkim-split-records', 'bad.zone', t)
g = ''.join(good(n + '-a', n) for n in KEYS)
g += '; one record of several strings is one key (RFC 6376 §3.6.2.2)\nstrings._domainkey\tIN TXT ( "v=DKIM1; k=rsa; " "p=%s" "%s" )\n' % (K['rsa1024'][:100], K['rsa1024'][100:])
w(R + 'dkim-split-records', 'good.zone', g)

# ---- dkim-unquoted
t = '; unquoted values: the first ; starts a comment\n'
for n in KEYS:
    t += '%s-a._domainkey\tIN TXT v=DKIM1; k=%s; p=%s\n' % (n, kt(n), K[n])
t += 'rsa2048-b._domainkey\t300 IN TXT v=DKIM1; h=sha256; k=rsa; p=%s ; rotated 2025-11\n' % K['rsa2048']
w(R + 'dkim-unquoted', 'bad.zone', t)
g = ''.join(good(n + '-a', n) for n in KEYS)
g += '; escaped semicolons keep an unquoted value whole\nesc._domainkey\tIN TXT v=DKIM1\\; k=ed25519\\; p=%s\n' % K['ed25519']
g += 'note\tIN TXT hello ; a plain comment after an unquoted TXT\n'
w(R + 'dkim-unquoted', 'good.zone', g)

# ---- dkim-whitespace
k1, k2, k4, ke = K['rsa1024'], K['rsa2048'], K['rsa4096'], K['ed25519']
t = '; white space and stray characters inside p=\n'
t += 'rsa1024-a._domainkey\tIN TXT "v=DKIM1; k=rsa; p=%s %s %s"\n' % (k1[:60], k1[60:120], k1[120:])
t += 'rsa2048-a._domainkey\tIN TXT ( "v=DKIM1; k=rsa; p=%s"\n\t\t\t" %s"\n\t\t\t" %s" )\n' % (k2[:150], k2[150:300], k2[300:])
p4 = [k4[i:i+200] for i in range(0, len(k4), 200)]
t += 'rsa4096-a._domainkey\tIN TXT ( "v=DKIM1; k=rsa; p=%s\t"\n' % p4[0] + ''.join('\t\t\t"%s\t"\n' % p for p in p4[1:-1]) + '\t\t\t"%s" )\n' % p4[-1]
t += '; quotes escaped into the value\ned25519-a._domainkey\tIN TXT "v=DKIM1; k=ed25519; p=\\"%s\\""\n' % ke
t += '; escaped line breaks\nrsa2048-b._domainkey\tIN TXT ( "v=DKIM1; k=rsa; p=%s\\013\\010"\n\t\t\t"%s" )\n' % (k2[:200], k2[200:])
t += 'rsa1024-b._domainkey\tIN TXT "v=DKIM1; k=rsa; p=%s\\n%s"\n' % (k1[:64], k1[64:])
w(R + 'dkim-whitespace', 'bad.zone', t)
g = ''.join(good(n + '-a', n) for n in KEYS)
g += '; white space between tags is fine\nspaced._domainkey\tIN TXT "v=DKIM1 ; k = ed25519 ; p = %s"\n' % ke
w(R + 'dkim-whitespace', 'good.zone', g)

# ---- dkim-key-invalid
der = bytearray(base64.b64decode(k2)); der[28] = 0x04
corrupt = base64.b64encode(bytes(der)).decode()
edspki = base64.b64encode(bytes.fromhex('302a300506032b6570032100') + base64.b64decode(ke)).decode()
t = '; keys that do not decode\n'
t += 'cut._domainkey\tIN TXT ( "v=DKIM1; k=rsa; p=%s"\n\t\t"%s" )\n' % (k2[:200], k2[200:300])
t += 'cut4._domainkey\tIN TXT "v=DKIM1; k=rsa; p=%s"\n' % k1[:214]
t += 'badchar._domainkey\tIN TXT "v=DKIM1; k=rsa; p=%s!%s"\n' % (k1[:100], k1[101:])
t += 'corrupt._domainkey\tIN TXT ( "v=DKIM1; k=rsa; p=%s"\n\t\t"%s" )\n' % (corrupt[:200], corrupt[200:])
t += 'edspki._domainkey\tIN TXT "v=DKIM1; k=ed25519; p=%s"\n' % edspki
t += 'edshort._domainkey\tIN TXT "v=DKIM1; k=ed25519; p=%s"\n' % ke[:24]
t += 'noktag._domainkey\tIN TXT "v=DKIM1; p=%s"\n' % ke
t += '; a bare RSAPublicKey: a warning\npkcs1._domainkey\tIN TXT "v=DKIM1; k=rsa; p=%s"\n' % K['pkcs1']
w(R + 'dkim-key-invalid', 'bad.zone', t)
g = ''.join(good(n + '-a', n) for n in KEYS) + 'revoked._domainkey\tIN TXT "v=DKIM1; p="\n'
w(R + 'dkim-key-invalid', 'good.zone', g)

# ---- dkim-key-weak
t = good('rsa512-a', 'rsa512') + good('rsa1024-a', 'rsa1024') + good('rsa2048-a', 'rsa2048')
w(R + 'dkim-key-weak', 'bad.zone', t)
w(R + 'dkim-key-weak', 'good.zone', good('rsa2048-a', 'rsa2048') + good('rsa4096-a', 'rsa4096') + good('ed25519-a', 'ed25519'))

# ---- dkim-tag-syntax
t = '; tag-lists verifiers reject\n'
t += 'vlast._domainkey\tIN TXT "k=ed25519; v=DKIM1; p=%s"\n' % ke
t += 'vbad._domainkey\tIN TXT "v=DKIM2; k=ed25519; p=%s"\n' % ke
t += 'vcase._domainkey\tIN TXT "v=dkim1; k=ed25519; p=%s"\n' % ke
t += 'dup._domainkey\tIN TXT "v=DKIM1; k=ed25519; p=%s; k=rsa"\n' % ke
t += 'nop._domainkey\tIN TXT "v=DKIM1; k=rsa; h=sha256"\n'
t += 'kbad._domainkey\tIN TXT "v=DKIM1; k=ed25519-sha256; p=%s"\n' % ke
t += 'sha1._domainkey\tIN TXT ( "v=DKIM1; h=sha1; k=rsa; p=%s"\n\t\t"%s" )\n' % (k2[:200], k2[200:])
t += 'noeq._domainkey\tIN TXT "v=DKIM1; k=ed25519; t; p=%s"\n' % ke
t += 'empty._domainkey\tIN TXT ""\n'
t += 'colon._domainkey\tIN TXT "v=DKIM1: k=ed25519; p=%s"\n' % ke
t += 'spaced._domainkey\tIN TXT "v=DKIM1; k=ed25519; p=%s; "\n' % ke
t += '; keys where no verifier looks\nmail\tIN TXT "v=DKIM1; k=ed25519; p=%s"\n' % ke
t += '_domainkey\tIN TXT "k=rsa; p=%s"\n' % k1
w(R + 'dkim-tag-syntax', 'bad.zone', t)
g = good('rsa2048-a', 'rsa2048') + good('ed25519-a', 'ed25519')
g += '; v= is optional, unknown tags and V= (another tag) are ignored\nnov._domainkey\tIN TXT "k=ed25519; x1=extra; V=DKIM2; p=%s;"\n' % ke
g += 'hboth._domainkey\tIN TXT "v=DKIM1; h=sha1:sha256; k=ed25519; p=%s"\n' % ke
g += '; ADSP and reporting records under _domainkey are not keys\n_adsp._domainkey\tIN TXT "dkim=all"\n_report._domainkey\tIN TXT "ra=dkim-feedback"\n'
g += '; a key where a selector\'s CNAME points is at the right name\nocf._domainkey\tIN CNAME _dkim\n_dkim\tIN TXT "v=DKIM1; k=ed25519; p=%s"\n' % ke
g += "token\tIN TXT \"google-site-verification=4ZkUv5hXz0pyLfMGdGmRQ2QhD7qC8e0\"\n"
w(R + 'dkim-tag-syntax', 'good.zone', g)

# ---- dkim-testing
w(R + 'dkim-testing', 'bad.zone', good('ed25519-a', 'ed25519', 't=y; ') + good('rsa2048-a', 'rsa2048', 't=y:s; '))
w(R + 'dkim-testing', 'good.zone', good('ed25519-a', 'ed25519', 't=s; ') + good('rsa2048-a', 'rsa2048'))
# ---- dkim-revoked
w(R + 'dkim-revoked', 'bad.zone', 'old._domainkey\tIN TXT "v=DKIM1; k=rsa; p="\nold2._domainkey\tIN TXT "v=DKIM1; p= ; n=retired 2025"\n' + good('ed25519-a', 'ed25519'))
w(R + 'dkim-revoked', 'good.zone', good('ed25519-a', 'ed25519'))
