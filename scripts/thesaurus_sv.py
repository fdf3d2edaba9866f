#!/usr/bin/env python3
"""Make ``slussen/core/search_data/thesaurus_sv.txt`` from Viggo Kann's Swedish thesaurus
(Synlex, ``th_sv_SE_v2.dat``) as Debian's package ``mythes-sv`` ships it:

    apt-get install mythes-sv     # or: apt-get download mythes-sv && dpkg-deb -x mythes-sv*.deb x
    scripts/thesaurus_sv.py [/usr/share/mythes/th_sv_SE_v2.dat] \
        > slussen/core/search_data/thesaurus_sv.txt

The same input gives the same file, byte for byte. Kept of the thesaurus: each head word with
its synonyms, lower-cased, as UTF-8, where both are one word of letters only (a phrase such as
"hålla ut" or a word with a hyphen or a digit is left out: the search meets words, not phrases);
a head word with no such synonym is left out. Nothing else is chosen here: which synonyms the
search uses is decided where the file is read (``slussen.core.search._thesaurus``)."""

import hashlib
import re
import sys
from pathlib import Path

SOURCE = Path("/usr/share/mythes/th_sv_SE_v2.dat")
WORD = re.compile(r"^[^\W\d_]+$")

NOTICE = """\
# Swedish thesaurus: head word: its synonyms (one word each), for the similar-case search.
#
# Viggo Kann's Swedish thesaurus (derived from Synlex, the synonym dictionary made at KTH), as
# th_sv_SE_v2.dat of Debian's package mythes-sv {version} ("Files:
# dictionaries/sv_SE/th_sv_SE.dat" in /usr/share/doc/mythes-sv/copyright); sha256 of that file
# {digest}. Made by scripts/thesaurus_sv.py.
#
# Copyright: 2009 Viggo Kann
# License (as the package states it, "custom2"):
#   THIS MATERIAL IS PROVIDED AS IS, WITH ABSOLUTELY NO WARRANTY EXPRESSED
#   OR IMPLIED.  ANY USE IS AT YOUR OWN RISK.
#
#   Permission is hereby granted to use or copy this program
#   for any purpose,  provided the above notices are retained on all copies.
#   Permission to modify the code and to distribute modified code is granted,
#   provided the above notices are retained, and a notice that the code was
#   modified is included with the above copyright notice.
#
# Modified: converted from ISO-8859-1 to UTF-8, lower-cased, and only the head words and
# synonyms that are one word of letters kept (phrases, hyphenated words and words with digits
# left out), one line a head word; the order of head words and of synonyms is the source's.
"""


def entries(text: str):
    """(head word, synonyms) of a mythes file: a line ``word|n`` and n lines ``|syn|syn…``."""
    lines = text.splitlines()[1:]  # the first line names the encoding
    i = 0
    while i < len(lines):
        head, count = lines[i].rsplit("|", 1)
        meanings = lines[i + 1 : i + 1 + int(count)]
        yield head, [syn for meaning in meanings for syn in meaning.split("|")[1:]]
        i += 1 + int(count)


def derive(raw: bytes) -> str:
    encoding = raw.split(b"\n", 1)[0].decode("ascii").strip()
    found = {}
    for head, synonyms in entries(raw.decode(encoding)):
        head = head.strip().lower()
        if not WORD.match(head):
            continue
        kept = found.setdefault(head, [])
        for syn in synonyms:
            syn = syn.strip().lower()
            if WORD.match(syn) and syn != head and syn not in kept:
                kept.append(syn)
    return "".join(f"{head}: {', '.join(syns)}\n" for head, syns in found.items() if syns)


def main(argv):
    source = Path(argv[1]) if len(argv) > 1 else SOURCE
    raw = source.read_bytes()
    version = argv[2] if len(argv) > 2 else "1:7.5.0-1"
    sys.stdout.write(NOTICE.format(version=version, digest=hashlib.sha256(raw).hexdigest()))
    sys.stdout.write(derive(raw))


if __name__ == "__main__":
    main(sys.argv)
