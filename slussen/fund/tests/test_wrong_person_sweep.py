"""An authorization sweep: every URL of the case, intake, needs and fund apps, asked with GET and
POST by each kind of wrong person – nobody logged in (a patient, who holds a tracking link at
most), a company's account, an employee of another organisation, colleagues without a handling
role, a colleague who supports a case – never answers 500 and never shows the title or the text
of a case the person may not read (``case.view``; a public case's title is anyone's).

The case pages are asked of every case of an awkward state: another organisation's secret case,
a case made secret after a patient and a colleague joined it, a case merged into another, a
closed one; the tracking pages with the links of the people who follow those; the needs board's
pages of the needs those cases had published, answered by a company, before they changed. The
other pages with the objects their ``access.py`` declares."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from slussen.cases import services as case_services
from slussen.cases.models import Case, Secrecy
from slussen.core import workflow
from slussen.intake import services as intake_services
from slussen.testing.access import collect
from slussen.testing.world import build_world

NAMESPACES = ("cases", "intake", "needs", "fund")
# Each kind of wrong person (the handlers of the cases, a coordinator and an admin, who may read
# them, are asked too: only what they may not read is looked for in their answers).
PEOPLE = ["anonymous", "external", "employee", "manager", "advisor_other", "expert",
          "prescreener", "testbed_owner", "advisor"]  # fmt: skip


def _patterns(namespace):
    for p in get_resolver().url_patterns:
        if isinstance(p, URLResolver) and p.namespace == namespace:
            return [
                (f"{namespace}:{q.name}", q) for q in p.url_patterns if isinstance(q, URLPattern)
            ]
    return []


def _proposal(title, description, organisation, email):
    data = {"title": title, "description": description, "organisation": organisation,
            "email": email, "name": "Pia Andersson"}  # fmt: skip
    submission, token = intake_services.submit_proposal(data, language="sv", client="sweep")
    return submission.case, token


def _published_need(w, case):
    """A need published from ``case`` for everyone, answered by the world's company."""
    from datetime import date, timedelta

    from slussen.needs import services as needs_services
    from slussen.needs.workflows import ensure_defined

    ensure_defined()
    need = needs_services.create_need(
        case, w.advisor, title=f"Behov {case.pk} för alla", problem="Ett problem.",
        who="Vårdavdelningar.", requirements="Enkelt.", deadline=date.today() + timedelta(30),
        audience="public",
    )  # fmt: skip
    needs_services.ask_approval(need, w.advisor)
    needs_services.approve(need, w.manager)
    needs_services.answer(need, w.external, proposal="Vår lösning.", fulfils="Helt.")
    return need


def _awkward(w):
    """The cases of awkward states, the tracking links of those who follow them, and the needs
    they published before they changed."""
    secret_joined, owner_token = _proposal(
        "Rullstolsladdare i entrén", "Hemlig beskrivning om rullstolsladdare.", w.sos,
        "pia@example.net",
    )  # fmt: skip
    token = intake_services.request_public_join(
        secret_joined, {"email": "olle@example.net"}, language="sv"
    )
    patient = intake_services.confirm_public_join(token)
    intake_services.join(secret_joined, w.manager, unit="Akuten")
    survivor, _ = _proposal("Parkering för besökare", "Det saknas parkering.", w.sos, "a@ex.net")
    merged, merged_token = _proposal("Besöksparkering", "Ingen parkering.", w.sos, "b@ex.net")
    closed, closed_token = _proposal("Wifi i väntrummet", "Wifi saknas.", w.sos, "c@ex.net")
    needs = [_published_need(w, case) for case in (secret_joined, merged, closed)]
    intake_services.merge(merged, survivor, w.advisor, message="Samma behov.")
    workflow.apply(closed, "close", w.advisor, reason="Finns redan.")
    secret_joined.refresh_from_db()
    case_services.update_case(
        secret_joined, w.advisor, expected_version=secret_joined.version,
        secrecy=Secrecy.SECRET, secrecy_reference="OSL 31 kap. 16 §",
    )  # fmt: skip
    cases = [w.other_case, secret_joined, merged, closed, survivor]
    # A submitter's link is the submitter's key (her page shows what she wrote): only that it
    # answers without an error is asked of it. A supporter's shows what the public may know.
    tokens = {owner_token: "own", merged_token: "own", closed_token: "own",
              intake_services.supporter_path(patient).split("/")[-2]: "supporter"}  # fmt: skip
    return cases, tokens, needs


def _urls(w, namespace, cases, tokens, needs=()):
    declared = collect()
    for name, pattern in _patterns(namespace):
        keys = set(pattern.pattern.converters)
        if namespace in ("cases", "intake") and keys == {"pk"}:
            for case in cases:
                yield name, reverse(name, kwargs={"pk": case.pk}), False
        elif namespace == "needs" and keys == {"pk"}:
            for need in needs:
                yield name, reverse(name, kwargs={"pk": need.pk}), False
        elif keys == {"token"} and name.startswith("intake:") and "confirm" not in name:
            for token, whose in tokens.items():
                yield name, reverse(name, kwargs={"token": token}), whose == "own"
        elif keys:
            expect = declared.get(name)
            if expect is None or expect.kwargs is None:
                continue
            yield name, reverse(name, kwargs=expect.kwargs(w)), False
        else:
            yield name, reverse(name), False


def _may_read(user, case, rules):
    """``case.view``, or the fund's own rule for an application's case (its reviewers, its
    applicant's manager read it): the rules as they were when the sweep was written."""
    if user is None:
        return False
    if rules["case.view"](user, case):
        return True
    application = getattr(case, "fund_application", None)
    return application is not None and rules["fund.view"](user, application)


def _hidden(user, rules):
    """The titles and texts of the cases ``user`` may not read (a public title is anyone's),
    but for a text a case she may read has too (the fund's test applications share theirs)."""
    hidden, readable = [], set()
    for case in Case.objects.select_related("state", "organisation"):
        if _may_read(user, case, rules):
            readable.update((case.title, case.description))
            continue
        hidden.append(case.description)
        if case.secrecy != Secrecy.PUBLIC:
            hidden.append(case.title)
    return [text for text in dict.fromkeys(hidden) if text and text not in readable]


def sweep(namespace, rules, people=PEOPLE) -> list[str]:
    """What the sweep finds wrong in ``namespace``: a 500, or a text of a case shown to
    someone who may not read it."""
    w = build_world()
    cases, tokens, needs = _awkward(w)
    urls = list(_urls(w, namespace, cases, tokens, needs))
    assert urls
    found = []
    for role in people:
        user = w.users.get(role)
        hidden = _hidden(user, rules)
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        for name, url, own in urls:
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                if response.status_code >= 500:
                    found.append(f"{role} {method.upper()} {url} ({name}): {response.status_code}")
                    continue
                if own or response.get("Content-Type", "").split(";")[0] not in (
                    "text/html",
                    "application/json",
                    "text/plain",
                    "text/csv",
                ):
                    continue
                content = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                body = content.decode("utf-8", "replace")
                for text in hidden:
                    if text in body:
                        found.append(f"{role} {method.upper()} {url} ({name}) shows {text!r}")
    return list(dict.fromkeys(found))


def _real_rules():
    from slussen.core.permissions import _RULES

    return {"case.view": _RULES["case.view"], "fund.view": _RULES["fund.view"]}


@pytest.mark.django_db
@pytest.mark.parametrize("namespace", NAMESPACES)
def test_no_wrong_person_gets_a_500_or_a_case_she_may_not_read(namespace):
    found = sweep(namespace, _real_rules())
    assert found == [], "\n".join(found)


@pytest.mark.django_db
def test_the_sweep_catches_a_case_shown_to_the_wrong_person(monkeypatch):
    """The checker itself: open the door of the case pages to every account and watch the
    sweep notice the title of the case made secret after people joined it."""
    from slussen.core import permissions

    rules = _real_rules()
    monkeypatch.setitem(permissions._RULES, "case.view", lambda user, case: user.is_authenticated)
    found = sweep("cases", rules, people=["external", "advisor_other"])
    assert any("(cases:detail) shows 'Rullstolsladdare i entrén'" in f for f in found), found
