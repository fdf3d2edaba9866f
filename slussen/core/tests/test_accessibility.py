"""The accessibility scan: every page of the URL configuration (``access.py``: GET, ``scan=True``)
is loaded in Chromium as every role that may see it and checked with axe-core against WCAG 2.1
A and AA. A new page is scanned without anyone adding it here."""

import pytest
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from slussen.testing.access import Expect, collect
from slussen.testing.axe import Scan


def pages():
    return sorted(n for n, e in collect().items() if e.method == "GET" and e.scan)


def pytest_generate_tests(metafunc):
    if metafunc.function.__name__ == "test_page_passes_axe_for_every_role":
        import django

        django.setup()
        metafunc.parametrize("name", pages())


@pytest.fixture
def scan(browser, live_server, live_world):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    yield Scan(context, live_server, live_world)
    context.close()


def test_page_passes_axe_for_every_role(name, scan):
    problems = scan.check(name, collect()[name])
    assert not problems, f"{name}: {len(problems)} accessibility problem(s):\n  " + "\n  ".join(
        problems
    )


# --- The checker itself --------------------------------------------------------------------------

BROKEN = """{% extends "base.html" %}{% block title %}Trasig{% endblock %}{% block content %}
<h1>Trasig sida</h1><form><input type="text" id="nameless" name="nameless"></form>
<img src="/static/img/slussen.svg" width="600" height="20" alt="">
<p style="color: red">Inline style, which the CSP blocks.</p>
{% endblock %}"""


def broken_page(request):
    return HttpResponse(engines["django"].from_string(BROKEN).render({}, request))


urlpatterns = [
    path("a11y-broken/", broken_page, name="a11y_broken"),
    path("", include("slussen.config.urls")),
]


@pytest.mark.urls(__name__)
def test_the_scan_catches_a_broken_page(scan):
    """An unlabeled input, a page too wide for 320 px, an inline style: each one is reported,
    with the page, the role and the element."""
    problems = scan.check("a11y_broken", Expect())
    assert any(p.startswith("/a11y-broken/ as anonymous: label (critical)") for p in problems)
    assert any(p.startswith("/a11y-broken/ as admin: label") for p in problems)
    assert any(
        p.startswith("/a11y-broken/ as anonymous (English, 320 px): label") for p in problems
    )
    assert any("reflow (WCAG 1.4.10): the page is 6" in p for p in problems)
    assert any("CSP refused: " in p and "inline style" in p for p in problems), problems
    assert all("#nameless" in p or "reflow" in p or "CSP" in p for p in problems), problems
    assert scan.skipped > 0  # roles that get the very same page are not scanned again


def test_a_group_of_radio_buttons_is_a_fieldset_named_by_its_legend():
    from django import forms
    from django.template.loader import render_to_string

    class Choice(forms.Form):
        colour = forms.ChoiceField(
            label="Colour", help_text="Pick one.", choices=[("r", "Red")], widget=forms.RadioSelect
        )

    field = Choice({})["colour"]
    html = render_to_string("partials/field.html", {"field": field})
    assert '<fieldset aria-describedby="id_colour_helptext id_colour_error">' in html
    assert "<legend>Colour" in html and '<label for="">' not in html
    assert 'id="id_colour_helptext"' in html and 'id="id_colour_error"' in html


def test_a_checkbox_shows_its_help_and_error_and_the_summary_links_to_every_field():
    from django import forms
    from django.template.loader import render_to_string

    class Consent(forms.Form):
        agree = forms.BooleanField(label="I agree", help_text="Read the terms first.")
        topics = forms.MultipleChoiceField(
            label="Topics", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
        )
        size = forms.ChoiceField(label="Size", choices=[("s", "S")], widget=forms.RadioSelect)

    form = Consent({})
    agree = render_to_string("partials/field.html", {"field": form["agree"]})
    assert 'aria-describedby="id_agree_helptext id_agree_error"' in agree
    assert 'id="id_agree_helptext"' in agree and 'id="id_agree_error"' in agree
    topics = render_to_string("partials/field.html", {"field": form["topics"]})
    assert '<fieldset aria-describedby="id_topics_error">' in topics
    assert "<legend>Topics" in topics and '<label for="">' not in topics
    summary = render_to_string("partials/form_errors.html", {"form": form})
    for target in ("#id_agree", "#id_topics_0", "#id_size_0"):
        assert f'href="{target}"' in summary
    assert 'href="#"' not in summary
