"""Which cases are one project, for the suggestions shown while a person writes: the same need
suggested three times (an idea and the fund application that grew from it, one project's
applications from several units, a case marked a duplicate of another) is one suggestion, and
the next project takes the places it would have filled.

Two cases are one project when an app links them for real (``link``: the fund application's
case and the idea it was started from; a case marked a duplicate of or merged into another),
or else when their titles are the same after ``title_key``. Only the writing forms' suggestion
box collapses its cases so (``one_per_project``); lists where every case counts (triage, the
merge form, a case page's similar cases) do not."""

import re

# "<title> – <unit>": a project's case written for one of its units.
UNIT_SUFFIX = re.compile(r"\s+[–—-]\s+([^–—-]+)$")

# Functions ``ids -> queryset`` of (case id, case id) rows: cases one app knows are one
# project, at least one of each row among ``ids`` (see ``link``).
_LINKS: list = []

# Functions ``ids -> queryset`` of (case id, id of the case it was merged into) rows, the first
# of each among ``ids`` (see ``merged_into``).
_MERGES: list = []

MERGED = "merged"  # the state of a case merged into another (``cases.workflows``)
CHAIN = 20  # merges followed at most from a case to the one that handles it now


def link(pairs) -> None:
    """Declare cases that are one project: ``pairs(ids)`` answers a ``values_list`` queryset of
    (case id, case id) rows, the first of each among ``ids`` (a bounded read: a few rows per
    case, through an index), with no ordering. The rows of every app are read in one query."""
    if pairs not in _LINKS:
        _LINKS.append(pairs)


def merged_into(pairs) -> None:
    """Declare where merged cases went: ``pairs(ids)`` answers a ``values_list`` queryset of
    (case id, id of the case it was merged into) rows, the first of each among ``ids``."""
    if pairs not in _MERGES:
        _MERGES.append(pairs)


def handling_case_ids(ids) -> dict[int, int]:
    """merged case id → the id of the case that handles it now: the one it was merged into, or
    the last of a chain of merges (A into B, B into C: C). One query per merge of the longest
    chain, and one more; none for no ids."""
    found = {}
    reached = {pk: [pk] for pk in ids}  # a case reached → the merged cases that lead to it
    for _hop in range(CHAIN):
        if not reached or not _MERGES:
            break
        first, *rest = [pairs(list(reached)) for pairs in _MERGES]
        following = {}
        for case_id, other_id in first.union(*rest, all=True) if rest else first:
            for origin in reached.get(case_id, []):
                found[origin] = other_id
                following.setdefault(other_id, []).append(origin)
        reached = following
    return found


def handled_as(cases: list, scope, *, exclude=None, limit=None) -> list:
    """``cases`` (best first), each merged into another replaced by the case that handles it
    now (``handling_case_ids``), read from ``scope`` (a queryset of the cases the reader may be
    shown, its ``select_related`` and annotations kept): a need merged away is still found by
    its own words, as the case that carries it (its ``merged_here``: the merged cases found,
    which say why it is offered). A case outside ``scope``, ``exclude`` (an id) and a case
    already placed are left out; then the first ``limit``. No query when no case of ``cases``
    is merged (``case.state`` is read)."""
    merged = [case.pk for case in cases if case.state.code == MERGED]
    if merged:
        handling = handling_case_ids(merged)
        wanted = set(handling.values()) - {case.pk for case in cases}
        read = scope.filter(pk__in=wanted).in_bulk() if wanted else {}
        present = {case.pk: case for case in cases}
        kept = []
        for case in cases:
            if case.state.code == MERGED:
                merged_case = case
                case = read.get(handling.get(case.pk)) or present.get(handling.get(case.pk))
                if case is None or case.state.code == MERGED:
                    continue
                # Why it is offered for these words: the need it took over.
                case.merged_here = [*getattr(case, "merged_here", []), merged_case]
            kept.append(case)
        cases = kept
    seen, result = {exclude}, []
    for case in cases:
        if case.pk not in seen:
            seen.add(case.pk)
            result.append(case)
    return result if limit is None else result[:limit]


def project_title(case) -> str:
    """A case's title without a last part after a dash that names the case's own organisation
    ("Digital läkemedelsgenomgång för äldre – SöS" is the project "Digital
    läkemedelsgenomgång för äldre" at SöS). Reads ``case.organisation`` (select it with the
    case)."""
    title = case.title or ""
    suffix = UNIT_SUFFIX.search(title)
    if suffix and case.organisation_id is not None:
        org = case.organisation
        names = {n.casefold() for n in (org.name, org.short_name, org.code) if n}
        if suffix.group(1).strip().casefold() in names:
            title = title[: suffix.start()]
    return title


def title_key(case) -> str:
    """A case's title as the project it names (``project_title``): its words, case folded,
    numbers kept ("Pilot 1" is not "Pilot 2")."""
    return " ".join(re.findall(r"\w+", project_title(case).casefold()))


def linked_pairs(ids) -> list[tuple[int, int]]:
    """The (case id, case id) pairs of one project the apps know of (``link``) among the cases
    ``ids``: one query, whatever the number of apps or of cases."""
    ids = list(ids)
    querysets = [pairs(ids) for pairs in _LINKS]
    if not ids or not querysets:
        return []
    first, *rest = querysets
    return list(first.union(*rest, all=True) if rest else first)


def one_per_project(cases: list, limit: int) -> list:
    """The first ``limit`` projects of ``cases`` (best first): each the best-placed of its
    cases, the others of its project among ``cases`` in its ``same_project`` (best first),
    each with its ``project_title`` and marked ``same_title`` when its title names the project
    as the first one's does.
    One query (``linked_pairs``), none when there is no case."""
    parent: dict = {}

    def root(key):
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(a, b):
        a, b = root(a), root(b)
        if a != b:  # the better-placed root stays (see ``order``)
            a, b = sorted((a, b), key=order)
            parent[b] = a

    place = {case.pk: i for i, case in enumerate(cases)}

    def order(key):  # a case of the list by its place; anything else after every case
        return (0, place[key[1]]) if key[0] == "case" and key[1] in place else (1, str(key))

    keys = {case.pk: title_key(case) for case in cases}
    for case in cases:
        root(("case", case.pk))
        if keys[case.pk]:
            join(("case", case.pk), ("title", keys[case.pk]))
    for a, b in linked_pairs(place):
        join(("case", a), ("case", b))
    heads: dict = {}
    for case in cases:
        head = root(("case", case.pk))
        if head in heads:
            case.same_title = keys[case.pk] == keys[heads[head].pk]
            case.project_title = project_title(case)
            heads[head].same_project.append(case)
        else:
            case.same_project = []
            heads[head] = case
    return list(heads.values())[:limit]
