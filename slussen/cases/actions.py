"""Links other apps offer on a case page (the cases app knows none of them): each app adds
its own in ``AppConfig.ready()``; the case page shows those the reader may use."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CaseAction:
    label: object
    url: object  # case -> str
    visible: object  # (user, case) -> bool


_ACTIONS: list[CaseAction] = []


def add(label, url, *, visible) -> None:
    _ACTIONS.append(CaseAction(label, url, visible))


def for_case(user, case) -> list[dict]:
    return [{"label": a.label, "url": a.url(case)} for a in _ACTIONS if a.visible(user, case)]
