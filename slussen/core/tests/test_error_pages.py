"""With DEBUG off, a wrong link, a refused page, a bad request and a crash answer in the site's
layout, in the visitor's language, with a way home; 403 and 404 look alike for a secret case."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

HEADINGS = {
    ("sv", 404): "Sidan kunde inte hittas",
    ("en", 404): "Page not found",
    ("sv", 403): "Du har inte tillgång till sidan",
    ("en", 403): "You do not have access to this page",
}


def _get(client, url, language):
    client.cookies["django_language"] = language
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def _assert_site_page(response, language, status):
    html = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()
    assert heading == HEADINGS[(language, status)]
    assert f'href="{reverse("core:home")}"' in html[html.index("<main") :]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_missing_page_is_in_site_layout_and_language(world, client, settings, language):
    settings.DEBUG = False
    client.force_login(world.employee)
    _assert_site_page(_get(client, "/track/bogus/", language), language, 404)
    _assert_site_page(_get(client, "/cases/999999/", language), language, 404)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_refused_page_is_in_site_layout_and_language(world, client, settings, language):
    settings.DEBUG = False
    client.force_login(world.employee)
    _assert_site_page(_get(client, "/process/portfolio/", language), language, 403)


def test_secret_case_and_missing_case_answer_alike(world, client, settings):
    settings.DEBUG = False
    client.force_login(world.employee)
    secret = _get(client, world.other_case.get_absolute_url(), "sv")
    missing = _get(client, "/cases/999999/", "sv")
    assert secret.status_code == missing.status_code == 404

    def strip(response):  # the CSRF token and the address asked for differ, nothing else
        html = response.content.decode()
        return re.sub(r'(value=|X-CSRFToken": )"[^"]+"|/cases/\d+/', "", html)

    assert strip(secret) == strip(missing)


def test_bad_request_is_in_site_layout(world, settings):
    settings.DEBUG = False
    client = Client()
    response = client.get("/", HTTP_HOST="bad host name")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="site-header"' in html and "Felaktig begäran" in html


@override_settings(DEBUG=False)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_server_error_renders_without_database(world, language, django_assert_num_queries):
    from slussen.core import views

    request = Client().get("/").wsgi_request  # any request object
    from django.utils import translation

    with translation.override(language), django_assert_num_queries(0):
        response = views.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in html and 'class="site-footer"' in html
    assert {"sv": "Något gick fel", "en": "Something went wrong"}[language] in html
    assert 'href="/"' in html
