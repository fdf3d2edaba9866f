"""Links other apps offer on a case page (the cases app knows none of them): each app adds
its own in ``AppConfig.ready()``; the case page shows those the reader may use. An app's own
record of a case (a one-to-one to it) that its link or the page asks about is read with the
case (``read_with``), not by a query of its own on every case page."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CaseAction:
    label: object
    url: object  # case -> str
    visible: object  # (user, case) -> bool


_ACTIONS: list[CaseAction] = []
_READ_WITH: list[str] = []


def add(label, url, *, visible) -> None:
    _ACTIONS.append(CaseAction(label, url, visible))


def for_case(user, case) -> list[dict]:
    return [{"label": a.label, "url": a.url(case)} for a in _ACTIONS if a.visible(user, case)]


def read_with(*relations) -> None:
    """Relations of a case (``select_related`` paths through another app's one-to-one to the
    case, "innovation__advisor") that the case page reads with the case."""
    _READ_WITH.extend(r for r in relations if r not in _READ_WITH)


def related() -> list[str]:
    return list(_READ_WITH)
