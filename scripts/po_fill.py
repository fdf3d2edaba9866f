"""Fill untranslated entries of the apps' Swedish catalogues from a Python dict file.

    .venv/bin/python scripts/po_fill.py translations.py

The file defines SV = {msgid: msgstr} and optionally PLURALS = {msgid: (one, many)}. Prints
what is still untranslated, so nothing slips through.
"""

import glob
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import polib

data = runpy.run_path(sys.argv[1]) if len(sys.argv) > 1 else {}
SV, PLURALS = data.get("SV", {}), data.get("PLURALS", {})
missing = 0
msgcat = shutil.which("msgcat")
if not msgcat:
    print("msgcat (GNU gettext) not found: the catalogues are wrapped as polib wraps them")
for path in sorted(glob.glob("slussen/*/locale/sv/LC_MESSAGES/django.po")):
    po = polib.pofile(path)
    for entry in po:
        if "fuzzy" in entry.flags:  # a guess by msgmerge: never trust it, translate anew
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            if entry.msgid_plural:
                entry.msgstr_plural = {0: "", 1: ""}
            else:
                entry.msgstr = SV.get(entry.msgid, "")
        if entry.msgid_plural:
            if entry.msgid in PLURALS and not entry.msgstr_plural.get(0):
                one, many = PLURALS[entry.msgid]
                entry.msgstr_plural = {0: one, 1: many}
            if not entry.msgstr_plural.get(0):
                missing += 1
                print(f"{path}: {entry.msgid!r}")
        else:
            if entry.msgid in SV and not entry.msgstr:
                entry.msgstr = SV[entry.msgid]
            if not entry.msgstr:
                missing += 1
                print(f"{path}: {entry.msgid!r}")
    po.metadata["Language"] = "sv"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    text = str(po)
    if not text.endswith("\n"):
        text += "\n"
    if msgcat:  # gettext's own wrapping, as makemessages writes it: nothing moves back and forth
        text = subprocess.run(
            [msgcat, "-"], input=text, capture_output=True, text=True, check=True
        ).stdout
    if text != Path(path).read_text(encoding="utf-8"):
        Path(path).write_text(text, encoding="utf-8")  # only a catalogue that changed
print(f"{missing} untranslated")
sys.exit(1 if missing else 0)
