"""``{% url %}`` keeps what it works out before the arguments (``core.links``): a list's rows do
not walk the namespaces again for every link, and every link is what Django's ``reverse``
makes of the same name and arguments, refused where it refuses them."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    get_script_prefix,
    reverse,
    set_script_prefix,
)
from django.utils import translation

from slussen.core import links

ARGUMENTS = [
    (),
    (1,),
    (42,),
    (0,),
    (-1,),
    ("7",),
    ("abc",),
    ("a b/ø?&#%",),
    ("",),
    (None,),
    (1.5,),
    ("csv",),
    ("xlsx",),
    ("2024",),
    (1, 2),
    (3, "csv"),
    ("x", "y"),
    ("00000000-0000-0000-0000-000000000000",),
    (1, 2, 3),
]


def _names(resolver=None, namespace=""):
    """Every name the project's URL configuration gives, with its namespaces."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


def _outcome(function, name, **kwargs):
    try:
        return function(name, **kwargs)
    except NoReverseMatch:
        return NoReverseMatch


def test_every_link_is_what_djangos_reverse_makes_of_it():
    names = sorted(set(_names()))
    assert "fund:application" in names and "core:health" in names and len(names) > 100
    compared = refused = 0
    for name in names:
        for args in ARGUMENTS:
            for _twice in range(2):  # the second time from what is kept
                expected = _outcome(reverse, name, args=args)
                assert _outcome(links.reverse, name, args=args) == expected, (name, args)
            compared += 1
            refused += expected is NoReverseMatch
    assert refused and compared - refused > len(names)  # both ways were tried


def test_keyword_arguments_and_their_refusal_are_djangos():
    assert links.reverse("fund:application", kwargs={"pk": 5}) == "/fund/applications/5/"
    for kwargs in ({"pk": "x"}, {"nope": 5}, {"pk": -1}):
        with pytest.raises(NoReverseMatch):
            links.reverse("fund:application", kwargs=kwargs)
    with pytest.raises(ValueError):
        links.reverse("fund:application", args=[1], kwargs={"pk": 1})
    for name in ("nope", "fund:nope", "nope:application", "fund:application:nope"):
        with pytest.raises(NoReverseMatch):
            links.reverse(name)
        with pytest.raises(NoReverseMatch):
            links.reverse(name, args=[1])


def test_links_follow_the_script_prefix_and_the_configuration():
    before = get_script_prefix()
    assert links.reverse("fund:application", args=[3]) == "/fund/applications/3/"
    set_script_prefix("/slussen/")
    try:
        assert links.reverse("fund:application", args=[3]) == "/slussen/fund/applications/3/"
        assert links.reverse("fund:index") == "/slussen/fund/"
    finally:
        set_script_prefix(before)
    assert links.reverse("fund:application", args=[3]) == "/fund/applications/3/"
    assert links.reverse("fund:index") == "/fund/"
    with override_settings(ROOT_URLCONF="slussen.core.tests.urls_other"):
        assert links.reverse("fund:application", args=[3]) == "/elsewhere/3/"
        with pytest.raises(NoReverseMatch):
            links.reverse("fund:index")
    assert links.reverse("fund:application", args=[3]) == "/fund/applications/3/"


def _render(text, **context):
    return Template(text).render(Context(context))


def test_url_tag_writes_djangos_links_escaped_and_as_a_variable():
    with translation.override("en"):
        assert _render("{% url 'fund:application' pk %}", pk=12) == "/fund/applications/12/"
        assert _render("{% url 'fund:index' %}") == "/fund/"
        assert _render("{% url 'cases:register' as x %}[{{ x }}]") == "[/cases/]"
        assert _render("{% url 'nope' as x %}[{{ x }}]") == "[]"
        with pytest.raises(NoReverseMatch):
            _render("{% url 'fund:application' pk %}", pk="not-a-number")
        with pytest.raises(NoReverseMatch):
            _render("{% url 'nope' %}")


def test_url_tag_walks_a_names_namespaces_once_not_per_link(monkeypatch):
    """Fifty rows with a link each: the namespaces of ``fund:application`` are looked up at
    most once (Django's ``reverse`` looks them up on every link)."""
    walked = []
    real = URLResolver.namespace_dict

    def counted(resolver):
        walked.append(resolver)
        return real.fget(resolver)

    monkeypatch.setattr(URLResolver, "namespace_dict", property(counted))
    html = _render(
        "{% for pk in rows %}<a href=\"{% url 'fund:application' pk %}\">{% endfor %}",
        rows=range(1, 51),
    )
    assert html.count("/fund/applications/") == 50 and "/fund/applications/50/" in html
    assert len(walked) <= 1


def test_what_is_kept_is_bounded(monkeypatch):
    """Every script prefix is kept apart: however many a process meets, it keeps no more
    than its bound, and the links stay right."""
    monkeypatch.setattr(links, "_MOST", 3)
    before = get_script_prefix()
    try:
        for n in range(10):
            set_script_prefix(f"/p{n}/")
            assert links.reverse("fund:application", args=[n]) == f"/p{n}/fund/applications/{n}/"
            assert len(links._KEPT) <= 3
    finally:
        set_script_prefix(before)
