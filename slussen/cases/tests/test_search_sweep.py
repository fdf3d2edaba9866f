"""No search shows what its reader may not see: an authorization sweep over every search surface
of the register's cases, for every kind of person of the test world, on both databases, with a
rare word (her reach tested on the matches' marks after the index, ``search._in_reach``) and a
common one (her reach read inside the index, or the region's matches walked by their places).

Each surface's results (the list page, its htmx partial, the count it shows, the CSV export,
the API's JSON, the similar-case suggestions, the innovation cases' list) must be exactly what
the app's rules (``case.view``, ``rules.title_is_public``) say this person may see. Then the
marks, a copy of the truth, are made stale through every way a case changes (the services, the
admin, ``QuerySet.update``, ``bulk_update``, a migration's update) and the sweep asked again.
"""

import csv
import io

import pytest
from django.db import connection
from django.urls import reverse

from slussen.accounts.models import Membership, User
from slussen.api import services as api_services
from slussen.cases import rules, selectors, services
from slussen.cases.models import Case, Secrecy
from slussen.core import search
from slussen.core.models import SearchDocument
from slussen.core.permissions import can
from slussen.intake import services as intake_services
from slussen.process import selectors as process_selectors
from slussen.process.models import InnovationCase
from slussen.process.tests.conftest import start_service_case
from slussen.testing.world import org, password_hash

WORD = "kylväska"  # in every sweep case's title; in no case of the world
WORDS = pytest.mark.parametrize("words", ["common", "rare"])


def _as_at_a_million(monkeypatch, words):
    """``common``: every word as common as at a million cases (her reach read in the index);
    ``walked``: besides, more matches than the index hands over (the region's and hers met
    walking the documents by their places); ``rare``: as every word of a test's small register
    is (her reach tested on the matches' marks)."""
    if words in ("common", "walked"):
        monkeypatch.setattr(search, "COMMON_FROM", 0)
        monkeypatch.setattr(search, "REACH_FROM", 0)
    if words == "walked":
        monkeypatch.setattr(search, "CANDIDATES", 2)


def _person(email, name, role=None, organisation=None, **extra):
    user = User.objects.create(
        email=f"{email}@example.org", full_name=name, password=password_hash(), **extra
    )
    if role:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def _open(world, title, organisation, *, secrecy=Secrecy.PUBLIC, **extra):
    return services.open_case(
        kind="idea",
        title=title,
        description="Läkemedlen hålls svala under hembesöket i en kylväska med logger.",
        organisation=organisation,
        actor=world.advisor,
        secrecy=secrecy,
        secrecy_reference="" if secrecy == Secrecy.PUBLIC else "OSL 31 kap. 16 §",
        **extra,
    )


class Sweep:
    """The world's people, a few more (the advisor of a unit under SöS, whose head the SöS
    advisor is; a patient with an account and no role; a deactivated advisor), and cases that
    differ in what makes them visible."""

    def __init__(self, world):
        self.world = world
        self.iva = org("sos-iva", "SöS intensivvård", "unit", world.sos, "IVA-innovation")
        self.people = dict(world.users)
        self.people["iva_advisor"] = _person("iva", "Iva Rådgivare", "advisor", self.iva)
        self.people["patient"] = _person("patient", "Pia Patient")
        self.people["deactivated"] = _person(
            "gone", "Gustav Gone", "advisor", world.sos, is_active=False
        )
        w, p = world, self.people
        self.cases = {
            "sos_public": _open(w, "Kylväska för hembesök", w.sos, submitter=w.employee),
            "sos_secret": _open(w, "Kylväska med hemlig logger", w.sos, secrecy=Secrecy.SECRET),
            "iva_partial": _open(w, "Kylväska på IVA", self.iva, secrecy=Secrecy.PARTIAL),
            "kar_public": _open(w, "Kylväska på Karolinska", w.karolinska),
            "kar_handled": _open(
                w,
                "Kylväska som SöS handlägger",
                w.karolinska,
                secrecy=Secrecy.SECRET,
                handler=w.advisor,
            ),
            "kar_patient": _open(
                w,
                "Kylväska från en patient",
                w.karolinska,
                secrecy=Secrecy.SECRET,
                submitter=p["patient"],
            ),  # fmt: skip
            "kar_company": _open(
                w,
                "Kylväska från ett företag",
                w.karolinska,
                secrecy=Secrecy.PARTIAL,
                submitter=w.external,
            ),  # fmt: skip
            "sos_named": _open(w, "Kylväska i innovationsprocessen", w.sos, secrecy="secret"),
            "sos_duplicate": _open(w, "Kylväska för hembesök igen", w.sos),
        }
        # The manager is named line owner of an innovation case: she sees it by her name only.
        start_service_case(world, case=self.cases["sos_named"])
        intake_services.merge(
            self.cases["sos_duplicate"],
            self.cases["sos_public"],
            w.advisor,
            message="Samma behov: vi driver det i ett ärende.",
        )
        search.count_documents(["case"])

    def refresh(self):
        for case in self.cases.values():
            case.refresh_from_db()

    def visible(self, user) -> set[int]:
        """What the rules say ``user`` may see of the sweep's cases (asked of each case)."""
        if user is None or not user.is_active:
            return set()
        return {c.pk for c in self.cases.values() if can(user, "case.view", c)}

    def public(self) -> set[int]:
        """What anyone finds by a word of the title in the public register."""
        return {c.pk for c in self.cases.values() if rules.title_is_public(c.secrecy)}


@pytest.fixture
def sweep(world):
    return Sweep(world)


PEOPLE = [
    "anonymous", "employee", "manager", "advisor", "advisor_other", "innovation_head",
    "coordinator", "prescreener", "expert", "testbed_owner", "external", "admin",
    "iva_advisor", "patient", "deactivated",
]  # fmt: skip


def _login(client, sweep, who):
    user = None if who == "anonymous" else sweep.people[who]
    if user is not None:
        client.force_login(user)
    return user


def _ids_of_numbers(sweep, numbers) -> set[int]:
    by_number = {c.registry_number: c.pk for c in Case.objects.all()}
    return {by_number[n] for n in numbers if n in by_number}


def _counted(text) -> int | None:
    """The count the list shows ("3 ärenden", "1 ärende")."""
    import re

    found = re.search(r'class="result-count"[^>]*>\s*(\d+) ärende', text)
    return int(found.group(1)) if found else None


def assert_register_shows_exactly(client, sweep, user, expected, q=WORD):
    """The register's page, its htmx partial, the count they show and the CSV export."""
    if user is None or not user.is_active:
        response = client.get(reverse("cases:register"), {"q": q})
        assert response.status_code == 302  # to the log-in page: nothing listed
        assert client.get(reverse("cases:export"), {"q": q}).status_code == 302
        return
    for htmx in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.get(reverse("cases:register"), {"q": q}, **htmx)
        assert response.status_code == 200
        page = response.context["page"]
        listed = {c.pk for c in page.object_list}
        assert listed == expected, (user, htmx)
        assert page.paginator.count == len(expected), user
        assert _counted(response.text) == len(expected), user
    response = client.get(reverse("cases:export"), {"q": q})
    rows = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode()), delimiter=";")
    )
    assert _ids_of_numbers(sweep, [row[0] for row in rows[1:]]) == expected, user


def assert_api_shows_exactly(client, sweep, user, expected, q=WORD):
    if user is None:
        assert client.get(reverse("api:cases"), {"q": q}).status_code in (401, 403)
        return
    active = user.is_active
    if not active:  # a key made while the account was active
        User.objects.filter(pk=user.pk).update(is_active=True)
    key = api_services.create_token(user, name="Sweep", scope="read")[1]
    if not active:
        User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse("api:cases"), {"q": q}, HTTP_AUTHORIZATION=f"Bearer {key}")
    if not active:
        assert response.status_code in (401, 403)
        return
    assert response.status_code == 200
    numbers = [c["registry_number"] for c in response.json()["results"]]
    assert _ids_of_numbers(sweep, numbers) == expected, user


def assert_public_register_shows_exactly(client, sweep, q=WORD):
    expected = sweep.public()
    for htmx in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.get(reverse("cases:public_register"), {"q": q}, **htmx)
        page = response.context["page"]
        assert {c.pk for c in page.object_list} == expected
        assert page.paginator.count == len(expected)
        assert _counted(response.text) == len(expected)
    response = client.get(reverse("api:register"), {"q": q})
    assert response.status_code == 200
    numbers = [c["registry_number"] for c in response.json()["results"]]
    assert _ids_of_numbers(sweep, numbers) == expected


def assert_suggestions_within(client, sweep, user, visible):
    """Similar cases (while writing, and on a case's page): never one the person may not be
    shown (a public case, or one she may see), and every one of the sweep's that she may, but
    a case merged into another (the case it was merged into is suggested instead)."""
    merged = {sweep.cases["sos_duplicate"].pk}
    allowed = (sweep.public() | visible) - merged
    text = "Kylväska för läkemedlen under hembesöket, med logger"
    sweeping = set(sweep.cases[k].pk for k in sweep.cases)
    reader = user if user is not None and user.is_active else _anonymous()
    probe = sweep.cases["sos_public"]  # a case's page: its own case is not suggested
    found = {c.pk for c in selectors.similar_to(reader, probe, limit=50)} & sweeping
    assert found == allowed - {probe.pk}, user
    from slussen.intake import selectors as intake_selectors

    found = {c.pk for c in intake_selectors.similar(reader, text, limit=50)}
    assert found & sweeping == allowed, user
    response = client.get(reverse("intake:similar"), {"title": text})
    shown = {pk for pk in sweeping if sweep_number(sweep, pk) in response.text}
    # A merged case is never offered itself, but is named beside the case that handles it now
    # ("the same need, merged into it"), if she may be shown it.
    assert shown <= allowed | (merged & (sweep.public() | visible)), user


def sweep_number(sweep, pk):
    return next(c.registry_number for c in sweep.cases.values() if c.pk == pk)


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def assert_innovations_within(client, sweep, user, visible):
    if user is None or not user.is_active:
        return
    found = set(process_selectors.listing(user, q=WORD).values_list("case_id", flat=True))
    named = {ic.case_id for ic in InnovationCase.objects.all()}
    assert found == visible & named, user


def assert_every_surface(client, sweep, who):
    user = _login(client, sweep, who)
    expected = sweep.visible(user)
    assert_register_shows_exactly(client, sweep, user, expected)
    assert_api_shows_exactly(client, sweep, user, expected)
    assert_public_register_shows_exactly(client, sweep)
    assert_suggestions_within(client, sweep, user, expected)
    assert_innovations_within(client, sweep, user, expected)
    client.logout()
    return expected


@pytest.mark.parametrize("words", ["common", "rare", "walked"])
@pytest.mark.parametrize("who", PEOPLE)
def test_every_search_shows_every_person_exactly_what_she_may_see(
    sweep, client, monkeypatch, words, who
):
    _as_at_a_million(monkeypatch, words)
    expected = assert_every_surface(client, sweep, who)
    # The sweep is not empty where it should not be: the sweep's people see different things.
    if who in ("coordinator", "admin"):
        assert expected == {c.pk for c in sweep.cases.values()}
    if who in ("anonymous", "deactivated", "testbed_owner"):
        assert expected == set()


def test_the_sweeps_people_see_what_makes_them_differ(sweep):
    """A guard of the sweep itself: each kind of visibility is in it."""
    c, p = sweep.cases, sweep.people
    assert sweep.visible(p["advisor"]) >= {c["sos_public"].pk, c["iva_partial"].pk}
    assert c["kar_handled"].pk in sweep.visible(p["advisor"])  # handles it
    assert sweep.visible(p["iva_advisor"]) == {c["iva_partial"].pk}  # the unit below
    assert sweep.visible(p["patient"]) == {c["kar_patient"].pk}  # submitted it
    assert sweep.visible(p["external"]) == {c["kar_company"].pk}
    assert sweep.visible(p["manager"]) == {c["sos_named"].pk}  # named on it
    assert c["sos_duplicate"].pk in sweep.visible(p["advisor"])  # a merged case stays
    assert sweep.visible(p["advisor_other"]) == {
        c[k].pk for k in ("kar_public", "kar_handled", "kar_patient", "kar_company")
    }


# --- Stale marks: every way a case changes, and a search right after ---------------------------


AFTER = ["advisor", "advisor_other", "iva_advisor", "patient", "manager", "coordinator"]


def _sweep_after(client, sweep, monkeypatch, words):
    _as_at_a_million(monkeypatch, words)
    search.count_documents(["case"])
    sweep.refresh()
    for who in AFTER:
        user = _login(client, sweep, who)
        expected = sweep.visible(user)
        assert_register_shows_exactly(client, sweep, user, expected)
        assert_api_shows_exactly(client, sweep, user, expected)
        client.logout()
    assert_public_register_shows_exactly(client, sweep)


def _marks_are_true():
    """Every case's document carries the marks and place of the case as it is."""
    doc = search.TYPES["case"]
    for case in Case.objects.all():
        values = {a: getattr(case, a) for a in doc.attrs()}
        row = SearchDocument.objects.get(doc_type="case", doc_id=case.pk)
        assert (row.marks, row.position) == (doc.marks_of(values), doc.position_of(values)), case


@WORDS
def test_a_case_moved_handed_over_or_made_secret_through_the_services_is_found_as_it_is_now(
    sweep, client, monkeypatch, words
):
    w, c = sweep.world, sweep.cases
    services.reassign(
        c["sos_secret"], w.coordinator, organisation=w.karolinska, handler=None, reason="Flytt."
    )
    services.reassign(
        c["kar_public"], w.coordinator, organisation=sweep.iva, handler=None, reason="Flytt."
    )
    services.reassign(
        c["kar_handled"], w.coordinator, organisation=w.karolinska, handler=w.advisor_other,
        reason="Ny handläggare.",
    )  # fmt: skip
    case = Case.objects.get(pk=c["sos_public"].pk)
    services.update_case(case, w.advisor, expected_version=case.version, secrecy=Secrecy.SECRET,
                         secrecy_reference="OSL 31 kap. 16 §")  # fmt: skip
    _marks_are_true()
    _sweep_after(client, sweep, monkeypatch, words)
    assert c["sos_secret"].pk in sweep.visible(sweep.people["advisor_other"])
    assert c["kar_public"].pk in sweep.visible(sweep.people["iva_advisor"])


@WORDS
def test_a_case_changed_through_the_admin_is_found_as_it_is_now(sweep, client, monkeypatch, words):
    w, case = sweep.world, sweep.cases["sos_secret"]
    client.force_login(w.admin)
    url = reverse("admin:cases_case_change", args=[case.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        organisation=w.karolinska.pk,
        handler=w.advisor_other.pk,
        secrecy=Secrecy.PUBLIC,
        secrecy_reference="",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()
    case.refresh_from_db()
    assert (case.organisation_id, case.secrecy) == (w.karolinska.pk, Secrecy.PUBLIC)
    _marks_are_true()
    _sweep_after(client, sweep, monkeypatch, words)


@WORDS
def test_a_bulk_update_of_what_a_scope_is_made_of_writes_the_marks_again(
    sweep, client, monkeypatch, words
):
    """``QuerySet.update`` and ``bulk_update`` send no signal: the documents of the cases they
    change are written again all the same (``search.IndexedQuerySet``)."""
    w, c = sweep.world, sweep.cases
    Case.objects.filter(pk__in=[c["sos_secret"].pk, c["sos_public"].pk]).update(
        organisation=w.karolinska
    )
    Case.objects.filter(pk=c["kar_public"].pk).update(handler=sweep.people["iva_advisor"])
    Case.objects.filter(pk=c["kar_patient"].pk).update(submitter=w.employee)
    moved = [Case.objects.get(pk=c["kar_company"].pk), Case.objects.get(pk=c["iva_partial"].pk)]
    moved[0].organisation, moved[1].handler = w.sos, w.manager
    Case.objects.bulk_update(moved, ["organisation", "handler"])
    _marks_are_true()
    _sweep_after(client, sweep, monkeypatch, words)
    assert c["kar_public"].pk in sweep.visible(sweep.people["iva_advisor"])
    assert c["kar_patient"].pk not in sweep.visible(sweep.people["patient"])


@WORDS
def test_a_bulk_update_of_the_words_makes_the_case_found_by_its_new_words(
    sweep, client, monkeypatch, words
):
    w, c = sweep.world, sweep.cases
    Case.objects.filter(pk=c["sos_secret"].pk).update(
        title="Termosflaska med logger", description="Kaffet hålls varmt på hembesöket."
    )
    _as_at_a_million(monkeypatch, words)
    client.force_login(w.advisor)
    page = client.get(reverse("cases:register"), {"q": WORD}).context["page"]
    assert c["sos_secret"].pk not in {x.pk for x in page.object_list}
    page = client.get(reverse("cases:register"), {"q": "termosflaskan"}).context["page"]
    assert [x.pk for x in page.object_list] == [c["sos_secret"].pk]


@WORDS
def test_a_migrations_update_is_followed_by_true_marks(sweep, client, monkeypatch, words):
    """A data migration writes through its historical models (no signal, no
    ``IndexedQuerySet``): after ``migrate`` the marks are made true again."""
    from django.apps import apps
    from django.db.models import QuerySet

    w, c = sweep.world, sweep.cases
    historical = apps.get_model("cases", "Case")
    QuerySet(historical).filter(pk=c["sos_secret"].pk).update(organisation_id=w.karolinska.pk)
    stale = SearchDocument.objects.get(doc_type="case", doc_id=c["sos_secret"].pk).marks
    assert f"@org:{w.sos.pk}" in stale  # as a migration leaves it
    search.mark_after_migrate(plan=[("cases", False)], using="default")
    _marks_are_true()
    _sweep_after(client, sweep, monkeypatch, words)


@WORDS
def test_a_stale_mark_never_shows_or_counts_a_case(sweep, client, monkeypatch, words):
    """Whatever a mark says (a bulk path nobody thought of), a page lists and counts only what
    the reader's scope holds: every mark of the sweep's cases made wrong on purpose."""
    w = sweep.world
    wrong = " ".join(
        [f"@org:{o.pk}" for o in (w.sos, w.karolinska, sweep.iva)]
        + [f"@handler:{u.pk}" for u in sweep.people.values()]
        + [f"@submitter:{u.pk}" for u in sweep.people.values()]
    )
    SearchDocument.objects.filter(
        doc_type="case", doc_id__in=[c.pk for c in sweep.cases.values()]
    ).update(marks=wrong)
    if words == "rare" or connection.vendor != "postgresql":
        _sweep_after(client, sweep, monkeypatch, words)
        return
    # Common words in a reach are read from the words kept under each document's first mark,
    # its scope (here SöS for every case): a wrong first mark may hide a case from her search
    # until the marks are written again, but never shows or counts one outside her scope.
    _as_at_a_million(monkeypatch, words)
    search.count_documents(["case"])
    sweep.refresh()
    for who in AFTER:
        user = _login(client, sweep, who)
        expected = sweep.visible(user)
        for htmx in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(reverse("cases:register"), {"q": WORD}, **htmx)
            page = response.context["page"]
            listed = {c.pk for c in page.object_list}
            assert listed <= expected, (user, htmx)
            assert page.paginator.count == len(listed) == _counted(response.text), user
        client.logout()  # (the API's list is the same ``selectors.register``)
