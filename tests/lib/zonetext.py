# SPDX-License-Identifier: MIT
"""TXT RDATA in master-file syntax, for the conformance harnesses.

The harnesses build zone files from the values in the shared case tables;
one writer of character-strings (RFC 1035 §5.1) serves them all.
"""


def zone_string(b):
    """One character-string (bytes) as quoted text: '"' and '\\' escaped,
    bytes outside printable ASCII as \\DDD."""
    out = ['"']
    for c in b:
        if c in (0x22, 0x5C):
            out.append("\\" + chr(c))
        elif 0x20 <= c < 0x7F:
            out.append(chr(c))
        else:
            out.append("\\%03d" % c)
    out.append('"')
    return "".join(out)


def txt_strings(strings):
    """The quoted character-strings of one TXT record from its strings
    (str or bytes); a string over 255 bytes becomes several."""
    parts = []
    for s in strings:
        b = s.encode("utf-8") if isinstance(s, str) else s
        if not b:
            parts.append('""')
        for i in range(0, len(b), 255):
            parts.append(zone_string(b[i:i + 255]))
    return parts


def txt_rdata(strings):
    """RDATA of one TXT record on one line."""
    return " ".join(txt_strings(strings))
