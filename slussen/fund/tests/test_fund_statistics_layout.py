"""The fund statistics page kept whole, layout and all (``core.layout.render_kept``): asked
again it renders no template, yet every person still gets exactly her own page – her menu,
name and notices, her language, a CSRF token that works, her messages once."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.core.cache import caches
from django.middleware.csrf import _unmask_cipher_token
from django.shortcuts import render
from django.test import Client
from django.urls import reverse

from slussen.accounts.models import Membership, User
from slussen.core import layout, nav, notify
from slussen.fund import views
from slussen.fund.models import Application
from slussen.testing.world import PASSWORD

from .factories import make_application, make_call

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([A-Za-z0-9]+)')


def _tokens(text):
    return [token for _field, token in TOKEN.findall(text)]


def _without_tokens(text):
    return TOKEN.sub(r"\1…", text)


def _menu(text):
    """The links of the page's menus."""
    return re.findall(r'href="([^"]*)"', text.split('class="site-nav"')[1].split("</nav>")[0])


@pytest.fixture
def year(world):
    make_application(world, make_call(world), state="review")
    return Application.objects.get().submitted_at.year


@pytest.fixture
def colleague(world, monkeypatch):
    """A second coordinator, in another organisation, who holds the region's administrator
    role as well (not a superuser): her menu has an entry the coordinator's has not (the
    head of the fund's, declared here as an app would)."""
    user = User.objects.create(
        email="kim.coordinator@example.org",
        full_name="Kim <Åberg> & Co",
        password=make_password(PASSWORD),
    )
    Membership.objects.create(user=user, organisation=world.orgs["sos"], role="coordinator")
    Membership.objects.create(user=user, organisation=world.orgs["region"], role="admin")
    monkeypatch.setattr(nav, "_ITEMS", list(nav._ITEMS))
    monkeypatch.setattr(nav, "_GENERATION", [-1000])  # a shape no real menu has
    nav.add("Budget overrides", "pages:accessibility", permission="fund.override_budget")
    yield user
    caches["template_fragments"].clear()


def _client(user, language=None):
    client = Client()
    client.force_login(user)
    if language:
        client.cookies["django_language"] = language
    return client


def _as_rendered(monkeypatch, client, url, data):
    """The page as Django renders it for that request, nothing kept."""
    with monkeypatch.context() as patched:
        patched.setattr(
            views.layout,
            "render_kept",
            lambda request, name, context, key, seconds: render(request, name, context),
        )
        return client.get(url, data)


def test_fund_statistics_page_asked_again_renders_no_template(world, client, year):
    client.force_login(world.coordinator)
    url = reverse("fund:statistics")
    first = client.get(url, {"year": year})
    again = client.get(url, {"year": year})
    assert first.status_code == again.status_code == 200
    assert again.templates == []  # neither the body nor the layout rendered anew
    assert _without_tokens(again.text) == _without_tokens(first.text)
    assert "Maria Sjöberg" in again.text
    # The same figures asked by another path: the language switch returns to that path.
    other = client.get(url, {"year": year, "from": "start"}).text
    assert f'name="next" value="{url}?year={year}&amp;from=start"' in other


def test_fund_statistics_kept_page_is_each_persons_own_in_her_language(
    world, year, colleague, monkeypatch
):
    """Coordinators of different organisations (two with the very same menu, one with more)
    and an administrator, each in Swedish and English, asking in turn: every page is exactly
    the one rendered for her, notices included, and names no one else."""
    url, data = reverse("fund:statistics"), {"year": year}
    twin = User.objects.create(
        email="jo.coordinator@example.org", full_name="Jo Lind", password=make_password(PASSWORD)
    )
    Membership.objects.create(user=twin, organisation=world.orgs["karolinska"], role="coordinator")
    people = {
        "coordinator": world.coordinator,
        "twin": twin,
        "colleague": colleague,
        "admin": world.admin,
    }
    clients = {
        (who, language): _client(user, language)
        for who, user in people.items()
        for language in ("sv", "en")
    }
    for round_ in range(3):
        if round_ == 2:  # a notice for the colleague: her count, nobody else's
            notify.tell([colleague], "test", "Ett nytt ärende", email=False)
        for (who, language), client in clients.items():
            page = client.get(url, data)
            expected = _as_rendered(monkeypatch, client, url, data)
            assert page.status_code == 200
            assert _without_tokens(page.text) == _without_tokens(expected.text)
            assert f'<html lang="{language}">' in page.text
            for other, user in people.items():
                name = "Kim &lt;Åberg&gt; &amp; Co" if other == "colleague" else user.full_name
                assert (name in page.text) == (other == who)
            badge = '<span class="badge">1<span class="visually-hidden">'
            assert (badge in page.text) == (who == "colleague" and round_ == 2)
    assert clients["admin", "sv"].get(url, data).templates == []  # kept, all of them
    sv = clients["colleague", "sv"].get(url, data).text
    en = clients["colleague", "en"].get(url, data).text
    assert "Logga ut" in sv and "Log out" in en and "Log out" not in sv
    coordinator = clients["coordinator", "sv"].get(url, data).text
    assert _menu(clients["twin", "sv"].get(url, data).text) == _menu(coordinator)
    assert reverse("pages:accessibility") in _menu(sv)
    assert reverse("pages:accessibility") not in _menu(coordinator)


def test_fund_statistics_kept_page_menu_follows_a_role_withdrawn_on_the_next_request(
    world, year, colleague, monkeypatch
):
    url, data = reverse("fund:statistics"), {"year": year}
    client = _client(colleague)
    before = client.get(url, data)
    assert client.get(url, data).templates == []  # kept
    Membership.objects.filter(user=colleague, role="admin").delete()
    after = client.get(url, data)
    expected = _as_rendered(monkeypatch, client, url, data)
    assert reverse("pages:accessibility") in _menu(before.text)
    assert reverse("pages:accessibility") not in _menu(after.text)
    assert _without_tokens(after.text) == _without_tokens(expected.text)


def test_fund_statistics_kept_page_csrf_token_is_fresh_and_works_for_a_post(world, year):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    url = reverse("fund:statistics")
    first = client.get(url, {"year": year}).text
    kept = client.get(url, {"year": year})
    assert kept.templates == []
    tokens = _tokens(kept.text)
    assert len(tokens) == 3 and len(set(tokens)) == 1  # htmx, language switch, log-out
    assert tokens[0] not in first  # masked afresh for this request
    secret = _unmask_cipher_token(tokens[0])
    assert secret == _unmask_cipher_token(_tokens(first)[0]) == client.cookies["csrftoken"].value
    refused = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert refused.status_code == 403
    switched = client.post(
        reverse("set_language"),
        {"language": "en", "next": url, "csrfmiddlewaretoken": tokens[0]},
    )
    assert switched.status_code == 302 and switched.cookies["django_language"].value == "en"
    english = client.get(url, {"year": year}).text
    assert '<html lang="en">' in english and "Log out" in english


def test_fund_statistics_kept_page_shows_a_message_once(world, year, monkeypatch):
    client = _client(world.coordinator)
    url, data = reverse("fund:statistics"), {"year": year}
    client.get(url, data)
    assert client.get(url, data).templates == []
    told = client.post(reverse("core:notifications_read"))
    assert told.status_code == 302
    shown = client.get(url, data).text
    assert shown.count('class="message message-success"') == 1
    again = client.get(url, data)
    assert 'class="message' not in again.text and again.templates == []
    expected = _as_rendered(monkeypatch, client, url, data)
    assert _without_tokens(again.text) == _without_tokens(expected.text)


def test_fund_statistics_kept_page_is_not_kept_where_a_hole_would_be_changed(
    world, year, monkeypatch
):
    """A page that shows the name otherwise than as it is (a filter, say) cannot have a hole
    there: it is rendered as it is, and no mark of a hole reaches the person."""
    from django.template import engines

    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block content %}{{ user.full_name|upper }}{% endblock %}'
    )
    monkeypatch.setattr(layout, "render_to_string", lambda name, c, r: template.render(c, r))
    monkeypatch.setattr(
        layout, "render", lambda r, name, c: layout.HttpResponse(template.render(c, r))
    )
    client = _client(world.coordinator)
    text = client.get(reverse("fund:statistics"), {"year": year}).text
    assert "MARIA SJÖBERG" in text and layout._MARK not in text.lower()
