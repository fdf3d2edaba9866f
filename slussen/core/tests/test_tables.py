"""Every table of every page sits in its own sideways-scrolling region, so that on a phone a
wide table scrolls in place instead of making the whole page wider than the screen."""

import re
from pathlib import Path

from django.conf import settings

WRAPPER = re.compile(r'<div [^>]*class="table-scroll"')


def test_every_table_scrolls_sideways_in_its_own_region():
    bare = []
    for path in sorted(Path(settings.BASE_DIR, "slussen").glob("*/templates/**/*.html")):
        text = path.read_text()
        for found in re.finditer(r"<table\b", text):
            before = text[: found.start()]
            opened = before.rfind("<div")
            if opened < 0 or not WRAPPER.match(before, opened):
                bare.append(f"{path.relative_to(settings.BASE_DIR)}:{before.count(chr(10)) + 1}")
    assert not bare, "Tables outside a .table-scroll region: " + ", ".join(bare)
