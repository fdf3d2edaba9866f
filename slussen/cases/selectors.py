"""Reads of the register that pages and the API share."""

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from slussen.core import audit, search, spreadsheet
from slussen.core.models import WorkflowState
from slussen.core.reference import reference
from slussen.core.scoping import first_of

from . import projects
from .models import Case, CaseEvent, Kind, Secrecy
from .rules import (
    merge_into_q,
    merge_refusal,
    number_q,
    public_searchable_q,
    public_title,
    title_is_public,
    visible_branches,
    visible_q,
    visible_reach,
)
from .workflows import CASE_WORKFLOW


def visible_cases(user):
    qs = Case.objects.all()
    scope = visible_q(user)
    return qs if scope is None else qs.filter(scope)


def text_q(q: str, scope=None) -> Q:
    """The register's search: part of the registry number, or words of the title and
    description through the one search index (``slussen.core.search``), the same on SQLite and
    PostgreSQL: every word must match, in any inflection ("såren" finds "sår"), by its beginning
    ("hjärt" finds "hjärtsvikt") or as a part of a compound ("drönare" finds "drönarleverans").
    ``scope`` (the cases this person may see) narrows the index rows read."""
    return _text_q(q, scope)[0]


def _text_q(q: str, scope=None, reach=None) -> tuple[Q, int | None, object]:
    """``text_q``, at most how many cases it matches when the search knows (else ``None``),
    and the search's matches in the register's order when it has them in hand (one list of
    ids, ``search.Candidates``) or can walk them in it (a common word's, ``search.Placed``;
    else ``None``)."""
    every, at_most, found = Q(), None, []
    for ids in search.matching("case", q, scope, reach=reach):
        every &= search.within("pk", ids)
        found.append(ids)
        size = getattr(ids, "size", None)
        if size is not None:
            at_most = size if at_most is None else min(at_most, size)
    ordered = None
    if len(found) == 1:
        ordered = found[0] if isinstance(found[0], search.Candidates) else search.placed(found[0])
    number = number_q(q)
    if number is None:
        return (every, at_most, ordered) if every else (Q(pk__in=[]), 0, None)
    return (number | every if every else number), None, None


def with_may_merge_into(user, cases: list[Case]) -> list[Case]:
    """``cases`` (a list already read), each marked ``may_merge_into`` through the list form
    of ``case.merge_into`` in one query, and, where she may not, ``merge_refusal``: why not, in
    the words the merge form answers with."""
    if not cases:
        return cases
    allowed = set(
        Case.objects.filter(merge_into_q(user), pk__in=[c.pk for c in cases]).values_list(
            "pk", flat=True
        )
    )
    for c in cases:
        c.may_merge_into = c.pk in allowed
        c.merge_refusal = "" if c.may_merge_into else merge_refusal(user, c)
    return cases


def similarity_scope(user):
    """Similar cases may come from the whole region: every public case, and whatever else
    this person may see. A report of an accessibility problem on one of Slussen's own pages is
    not an innovation case anyone would join or merge with: never offered as similar. A case
    merged into another is ranked by its own words but never offered itself: the case that
    handles it now stands in its place (``projects.handled_as``), to join, to merge into, to
    read, if it is in this scope too."""
    cases = Case.objects.exclude(kind=Kind.ACCESSIBILITY_REPORT)
    public = Q(secrecy=Secrecy.PUBLIC)
    scope = visible_q(user) if user.is_authenticated else None
    if user.is_authenticated and scope is None:
        return cases
    return cases.filter(public | scope) if scope is not None else cases.filter(public)


def may_view(user):
    """``case.view`` as a column (``may_view``) of a list of cases: whether ``user`` may open
    each, read with the cases through the rule's list form (``visible_q``), not asked of each
    case (two questions per case of another organisation)."""
    scope = visible_q(user)
    if scope is None:
        return Value(True, output_field=BooleanField())
    return ExpressionWrapper(scope, output_field=BooleanField())


def with_may_view(user, cases: list[Case]) -> list[Case]:
    """``cases`` (a list already read), each marked ``may_view`` in one query (none for
    whoever may open every case)."""
    if not cases:
        return cases
    if visible_q(user) is None:
        allowed = {c.pk: True for c in cases}
    else:
        rows = Case.objects.filter(pk__in=[c.pk for c in cases]).annotate(may=may_view(user))
        allowed = dict(rows.values_list("pk", "may"))
    for c in cases:
        c.may_view = bool(allowed.get(c.pk))
    return cases


def similar_to(user, case, *, limit=5) -> list[Case]:
    """The cases most like ``case`` (its title and description) that ``user`` may be shown,
    best first, through the one search's ranking; the scope is applied inside, and tested in the
    query that reads the cases. Each is marked ``may_view`` (whether the reader may open it)."""
    text = f"{case.title} {case.description}"
    scope = similarity_scope(user).select_related("state", "organisation")
    scope = scope.annotate(may_view=may_view(user))
    found = search.ranked_objects("case", text, scope, exclude=case.pk, limit=limit)
    return projects.handled_as(found, scope, exclude=case.pk, limit=limit)


def state_ids(code="", *, final=None):
    """Ids of the case workflow's states: those of one code, or the open (``final=False``) ones.
    Cases filtered by these ids are read through the state's index, not joined to the states.
    Kept per process (``core.reference``: a workflow's states change with a new version, and
    a save of one forgets them), as a suggestion asks for the merged state's at every
    keystroke: which cases a list offers, never who may read one."""

    def compute():
        states = WorkflowState.objects.filter(workflow__code=CASE_WORKFLOW)
        if code:
            states = states.filter(code=code)
        if final is not None:
            states = states.filter(is_final=final)
        return list(states.values_list("pk", flat=True))

    return list(reference(("case-state-ids", code, final), compute))


IN_ORDER_UP_TO = 1001  # a search's matches tested against a scope: one more than a count shows


def register(user, *, q="", kind="", state="", organisation=None, year=None, by_branch=True):
    """The register as ``user`` may see it, filtered, in its order. Read in slices (a page, the
    API's cursor), a scope of several branches (an advisor's organisation, the cases she
    handles, submitted or is named on) is read a branch at a time through each one's index
    (``core.scoping``); a search's few matches are read by their ids, the scope tested on them.
    ``by_branch=False``: the scope tested row by row, for a caller that narrows the list to one
    of its branches itself (the cases she handles, say), read through that branch's index."""
    scope = visible_q(user)
    qs = Case.objects.select_related("state", "organisation", "handler")
    at_most = in_order = walk = None
    if q:
        found, at_most, ordered = _text_q(
            q.strip(),
            None if scope is None else Case.objects.filter(scope),
            None if scope is None else lambda: visible_reach(user),
        )
        qs = qs.filter(found)
        # A search's matches in hand, in the register's order, are the list itself when
        # nothing else narrows it and they are all hers: every case for whoever sees them all,
        # her reach's for the others (the scope as the index's marks say), tested against her
        # scope itself before they are counted, and a page's rows once more: a mark not yet
        # rewritten never shows a case, nor counts one.
        if ordered is not None and not (kind or state or organisation or year):
            if isinstance(ordered, search.Placed):
                # A common word's matches, too many to read: walked in the register's order
                # by their documents' places (a page's worth), for whoever sees every case, or
                # in her reach (a page's rows are still tested against her scope).
                walk = ordered if scope is None or ordered.reached else None
            elif scope is None:
                in_order = ordered.by_place
            elif ordered.reached:
                # Her reach is her scope as the marks say: listed and counted only as far as
                # her scope itself holds them (a mark may be stale), up to the count's cap.
                # Her organisations' cases first, from their index alone (``kept_in``).
                orgs = sorted(user.handled_org_ids)
                first = Case.objects.filter(organisation_id__in=orgs) if orgs else None
                in_order = ordered.kept_in(Case.objects.filter(scope), IN_ORDER_UP_TO, first=first)
    if scope is not None:
        by_branch = by_branch and at_most is None
        qs = qs.filter(first_of(visible_branches(user)) if by_branch else scope)
    if kind:
        qs = qs.filter(kind=kind)
    if state:  # the states' ids: the database then reads the state's index, not every case
        qs = qs.filter(state_id__in=state_ids(state))
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if year:
        qs = qs.filter(registry_year=year)
    qs = qs.order_by("-registry_year", "-registry_seq")
    qs.at_most = at_most  # a search that knows its matches spares the paginator's estimate
    qs.in_order = in_order  # ... and, in the register's order, the paginator's count and sort
    qs.walk_in_order = walk  # ... or a walk of them in that order, for a page of very many
    return qs


class _Line:
    """A file-like object whose ``write`` returns the line, for ``csv.writer``."""

    def write(self, value):
        return value


def register_csv(cases, chunk_size=2000):
    """CSV lines (semicolon-separated, as Excel in Sweden expects) of ``cases``, read from the
    database in chunks so that no more than a chunk is held in memory. Labels are taken in the
    active language now; the lines are produced while the response is sent."""
    state = "state__name_en" if translation.get_language() == "en" else "state__name_sv"
    kinds = {code: str(label) for code, label in Kind.choices}
    secrecy = {code: str(label) for code, label in Secrecy.choices}
    header = [
        _("Registry number"),
        _("Registered"),
        _("Kind"),
        _("Status"),
        _("Title"),
        _("Handling organisation"),
        _("Handler"),
        _("Secrecy"),
    ]
    rows = cases.values_list(
        "registry_number",
        "created",
        "kind",
        state,
        "title",
        "organisation__name",
        "handler__full_name",
        "secrecy",
    )
    writer = spreadsheet.csv_writer(_Line(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for number, created, kind, status, title, org, handler, secret in rows.iterator(
            chunk_size=chunk_size
        ):
            day = timezone.localtime(created).date().isoformat()
            kind, secret = kinds.get(kind, kind), secrecy.get(secret, secret)
            yield writer.writerow([number, day, kind, status, title, org, handler or "", secret])

    return lines()


def timeline(case, *, internal: bool):
    events = CaseEvent.objects.filter(case=case).select_related("actor")
    return events if internal else events.filter(visible_to_submitter=True)


def attachments(case, *, internal: bool):
    qs = case.attachments.select_related("uploaded_by")
    return qs if internal else qs.filter(visible_to_submitter=True)


@dataclass
class EditConflict:
    saved: Case  # the version stored now
    saved_by: object  # who saved it last (a user, or None)
    differences: list  # per field that differs: label, saved, yours, kept (theirs/yours/both)
    merged: dict  # your changes on top of the saved version: what the form shows next


def edit_conflict(case, version: int, yours: dict) -> EditConflict:
    """Compare what someone typed on ``version`` of the case with what others saved since.

    A field only they changed keeps their text; a field only others changed takes the saved
    value (so saving again does not quietly undo it); a field both changed keeps their text
    and is flagged.
    """
    saved = Case.objects.get(pk=case.pk)
    edits = list(
        audit.for_object(case)
        .filter(action="case.edit", data__version__gt=version)
        .order_by("created", "id")
    )
    base = {}  # each field as it was when they opened the form
    for event in edits:
        for name, (before, _after) in event.data["changes"].items():
            base.setdefault(name, before)
    merged, differences = {}, []
    for name, value in yours.items():
        current = getattr(saved, name)
        then = base.get(name, current)
        merged[name] = value if value != then else current
        if value != current:
            field = Case._meta.get_field(name)
            shown = dict(field.flatchoices) if field.choices else {}
            differences.append(
                {
                    "label": field.verbose_name,
                    "saved": shown.get(current, current),
                    "yours": shown.get(value, value),
                    "kept": "theirs" if value == then else "both" if current != then else "yours",
                }
            )
    return EditConflict(saved, edits[-1].actor if edits else None, differences, merged)


# Only what the public may see is loaded at all: no description, no submitter.
PUBLIC_ONLY = (
    "registry_number",
    "registry_year",
    "registry_seq",
    "created",
    "kind",
    "title",
    "secrecy",
    "secrecy_reference",  # the provision (OSL) that keeps a case secret is itself public
    "organisation__name",
    "organisation__short_name",
    "state__code",
    "state__name_sv",
    "state__name_en",
)


def public_handled_in(case):
    """The public register's entry of the case that handles a merged ``case``'s need now (the
    one it was merged into, or the last of a chain of merges), named on the merged case's own
    entry so that a citizen can follow the need. Only when both are public: a secret or partly
    secret case's entry says nothing of where its need went, and a secret or partly secret case
    that took a public one's need over is never named (its registry number next to a public
    title would tell what it is about). ``None`` otherwise; no query for a case not merged."""
    if case.state.code != projects.MERGED or not title_is_public(case.secrecy):
        return None
    pk = projects.handling_case_ids([case.pk]).get(case.pk)
    if pk is None:
        return None
    survivor = (
        Case.objects.select_related("state", "organisation")
        .only(*PUBLIC_ONLY)
        .filter(pk=pk, secrecy=Secrecy.PUBLIC)
        .first()
    )
    if survivor is not None:
        survivor.public_title = public_title(survivor)
    return survivor


def public_register(*, q="", kind="", state="", organisation=None, year=None):
    """The register as the public sees it (see ``rules.public_title``)."""
    qs = Case.objects.select_related("state", "organisation").only(*PUBLIC_ONLY)
    if q:
        qs = qs.filter(public_searchable_q(q.strip()))
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state_id__in=state_ids(state))
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if year:
        qs = qs.filter(registry_year=year)
    return qs.order_by("-registry_year", "-registry_seq")


def public_rows(**filters):
    """The same entries as plain rows of the public fields (and the id), for the API and
    streamed exports; what a row may show of its title is ``rules.title_is_public``."""
    return public_register(**filters).values("id", *PUBLIC_ONLY)


def public_entry(pk):
    # The ids below let the page offer the full case to someone allowed to open it.
    return (
        Case.objects.select_related("state", "organisation")
        .only(*PUBLIC_ONLY, "organisation_id", "handler_id", "submitter_id")
        .get(pk=pk)
    )
