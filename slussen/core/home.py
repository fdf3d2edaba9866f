"""The start page's sections, assembled from what each app declares in its AppConfig.ready().

A section answers one question of "what needs me now?" for the people it concerns::

    home.add("fund_reviews", _("Reviews due"), reviews_due, order=30, more="fund:index")

``items(user)`` returns ``None`` when the section does not concern the person (it is then not
shown) and otherwise a list of ``Item`` (an empty list shows ``empty``). Each item links to
where the work is done. Keep each section to a few queries, whatever the data (pinned in a test).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SHOWN = 8  # items listed in a section; the "more" link leads to the rest


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    status: str = ""  # where it stands, in words
    asked: str = ""  # what is asked of the person, if anything
    late: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # a lazy translation
    items: object  # function(user) -> list[Item] | None
    order: int
    more: str | None  # URL name of the full list
    more_label: str
    empty: str
    counted: bool = True  # False where items are figures or a status, not things waiting


_SECTIONS: list[Section] = []


def add(key, title, items, *, order=50, more=None, more_label=None, empty=None, counted=True):
    if any(s.key == key for s in _SECTIONS):
        return  # ready() may run twice in tests
    _SECTIONS.append(
        Section(
            key,
            title,
            items,
            order,
            more,
            more_label or _("See all"),
            empty or _("Nothing waiting for you here."),
            counted,
        )
    )
    _SECTIONS.sort(key=lambda s: s.order)


def sections_for(user):
    """The sections that concern ``user``, each with its first items."""
    shown = []
    for section in _SECTIONS:
        items = section.items(user)
        if items is None:
            continue
        items = list(items)
        shown.append(
            {
                "key": section.key,
                "title": section.title,
                "items": items[:SHOWN],
                "more": reverse(section.more) if section.more else "",
                "more_label": section.more_label,
                "empty": section.empty,
                # How many things wait, beside the title: never the number of figure lines.
                "count": (len(items) if len(items) <= SHOWN else f"{SHOWN}+")
                if section.counted
                else "",
            }
        )
    return shown
