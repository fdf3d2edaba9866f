#!/usr/bin/env python3
"""Make ``slussen/core/search_data/general_sv.txt`` – how common each of the search's stems is in
Swedish at large – from wordfreq's small Swedish list (``wordfreq/data/small_sv.msgpack.gz`` in
the wheel of wordfreq 3.1.1), so that the search needs neither the 57 MB wheel of every language
nor ``msgpack``:

    uv run --with wordfreq==3.1.1 --with msgpack scripts/general_sv.py [small_sv.msgpack.gz] \
        > slussen/core/search_data/general_sv.txt

The same input gives the same file, byte for byte. Each word of the list is stemmed as the search
stems (``slussen.core.search.stems``) and the shares of a stem's word forms are added up in the
list's order (the most common first), exactly as the search did when it read the wheel; one line
a stem, ``stem<TAB>share`` with the share as Python writes a float (read back, the same number),
the most common first. Made again when the stemming changes (``core/tests/test_general_sv.py``
checks the table against the stemmer for every stem it holds)."""

import gzip
import hashlib
import importlib.util
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NAME = "small_sv.msgpack.gz"

NOTICE = """\
# How common each stem is in Swedish at large (its share of running text, the word forms of the
# stem together), for the similar-case search's ranking (slussen.core.search._general).
#
# Derived from wordfreq's small Swedish word list, data/{name} of the wordfreq {version}
# wheel (https://github.com/rspeer/wordfreq); sha256 of that file
# {digest}. Made by scripts/general_sv.py.
#
# wordfreq: Robyn Speer. (2022). rspeer/wordfreq: v3.0 (v3.0.2). Zenodo.
# https://doi.org/10.5281/zenodo.7199437
# The word list is licensed under the Creative Commons Attribution-ShareAlike 4.0 International
# licence (https://creativecommons.org/licenses/by-sa/4.0/); so is this table, an adaptation of
# it. wordfreq's Swedish data is derived from Wikipedia (https://www.wikipedia.org), OPUS
# OpenSubtitles 2018 (http://opus.nlpl.eu/OpenSubtitles.php, from the OpenSubtitles project,
# http://www.opensubtitles.org/), ParaCrawl (https://paracrawl.eu), OSCAR web text, Twitter and
# Reddit, as wordfreq's README lists them.
#
# Modified: each word stemmed by Slussen's Swedish stemmer and the shares of a stem's word forms
# added up (frequency bands of a centibel: band i is a share of 10 ** (-i / 100)); one line a
# stem, "stem<TAB>share", the most common first.
"""


def bands(raw: bytes):
    import msgpack

    found = msgpack.unpackb(gzip.decompress(raw), raw=False)
    if not found or found[0] != {"format": "cB", "version": 1}:
        raise SystemExit("not a wordfreq cB list of format version 1")
    return found[1:]


def derive(raw: bytes) -> str:
    from slussen.core.search import stems

    found = defaultdict(float)
    for i, band in enumerate(bands(raw)):
        share = 10 ** (-i / 100)
        for word in band:
            for s in stems(word):
                found[s] += share
    ordered = sorted(found.items(), key=lambda item: (-item[1], item[0]))
    return "".join(f"{s}\t{share!r}\n" for s, share in ordered)


def main(argv):
    if len(argv) > 1:
        source = Path(argv[1])
    else:
        spec = importlib.util.find_spec("wordfreq")
        source = Path(next(iter(spec.submodule_search_locations))) / "data" / NAME
    raw = source.read_bytes()
    version = argv[2] if len(argv) > 2 else "3.1.1"
    digest = hashlib.sha256(raw).hexdigest()
    sys.stdout.write(NOTICE.format(name=NAME, version=version, digest=digest))
    sys.stdout.write(derive(raw))


if __name__ == "__main__":
    main(sys.argv)
