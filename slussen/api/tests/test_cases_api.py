"""Cases through the API: the pages' rules, a key's scope, 404 where existence must not leak."""

from django.urls import reverse

from slussen.core.models import AuditEvent

from .conftest import bearer


def test_another_organisations_secret_case_answers_404_like_a_missing_one(world, client, make_key):
    """The advisor of SöS holds a valid key; Karolinska's secret case does not exist for it."""
    key = make_key(world.advisor, scope="write")
    missing = client.get(reverse("api:case", args=[999_999]), **bearer(key))
    for name in ("api:case", "api:case_events"):
        response = client.get(reverse(name, args=[world.other_case.pk]), **bearer(key))
        assert response.status_code == 404
        assert response.json() == missing.json()
        assert world.other_case.title not in response.text
    response = client.post(
        reverse("api:case_comment", args=[world.other_case.pk]),
        {"body": "Hej"},
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 404
    listed = client.get(reverse("api:cases"), **bearer(key)).json()["results"]
    assert [c["registry_number"] for c in listed] == [world.case.registry_number]
    # Karolinska's own advisor reads it, and the disclosure is audited.
    other_key = make_key(world.advisor_other)
    response = client.get(reverse("api:case", args=[world.other_case.pk]), **bearer(other_key))
    assert response.status_code == 200
    assert response.json()["title"] == world.other_case.title
    assert AuditEvent.objects.filter(action="case.read", actor=world.advisor_other).exists()


def test_case_list_filters_and_pages(world, client, make_key):
    from slussen.cases import services

    for i in range(3):
        services.open_case(
            kind="need",
            title=f"Behov {i}",
            description="Text",
            organisation=world.sos,
            actor=world.advisor,
        )
    key = make_key(world.coordinator)
    url = reverse("api:cases")
    page = client.get(url, {"page_size": 2}, **bearer(key)).json()
    seen, pages = [c["id"] for c in page["results"]], 1
    while page["next"]:
        page = client.get(page["next"], **bearer(key)).json()
        seen, pages = seen + [c["id"] for c in page["results"]], pages + 1
    assert pages == 3 and len(seen) == len(set(seen)) == 5 and seen == sorted(seen, reverse=True)
    kinds = client.get(url, {"kind": "need"}, **bearer(key)).json()["results"]
    assert {c["kind"] for c in kinds} == {"need"} and len(kinds) == 3
    found = client.get(url, {"q": "dagboken"}, **bearer(key)).json()["results"]
    assert [c["id"] for c in found] == [world.case.pk]
    bad = client.get(url, {"kind": "nonsense", "year": "x"}, **bearer(key))
    assert bad.status_code == 400 and set(bad.json()) == {"kind", "year"}
    assert client.get(url, {"cursor": "garbage"}, **bearer(key)).status_code == 400


def test_without_a_valid_key_the_cases_answer_401(world, client, make_key):
    url = reverse("api:cases")
    response = client.get(url)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert client.get(url, **bearer("slu_wrong")).status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Bearer").status_code == 401


def test_a_read_key_cannot_write_a_write_key_comments_through_the_service(world, client, make_key):
    url = reverse("api:case_comment", args=[world.case.pk])
    read = make_key(world.employee)
    response = client.post(url, {"body": "Hej"}, content_type="application/json", **bearer(read))
    assert response.status_code == 403
    write = make_key(world.employee, scope="write")
    response = client.post(
        url, {"body": "  ", "internal": True}, content_type="application/json", **bearer(write)
    )
    assert response.status_code == 400 and "body" in response.json()
    response = client.post(
        url,
        {"body": "Finns det nytt?", "internal": True},
        content_type="application/json",
        **bearer(write),
    )
    assert response.status_code == 201
    # The submitter may not write internal comments: the flag is ignored, as on the page.
    assert response.json()["visible_to_submitter"] is True
    event = world.case.events.get(type="comment")
    assert event.actor == world.employee and event.body == "Finns det nytt?"
    assert AuditEvent.objects.filter(action="case.comment", actor=world.employee).exists()
    events = client.get(reverse("api:case_events", args=[world.case.pk]), **bearer(write))
    assert [e["type"] for e in events.json()] == ["opened", "comment"]


def test_session_log_in_also_works_with_csrf(world, client):
    client.force_login(world.advisor)
    assert client.get(reverse("api:case", args=[world.case.pk])).status_code == 200
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.advisor)
    response = strict.post(
        reverse("api:case_comment", args=[world.case.pk]),
        {"body": "Hej"},
        content_type="application/json",
    )
    assert response.status_code == 403
