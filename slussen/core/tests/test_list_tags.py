"""The tags printed on every row of the long lists, written in Python for their cost."""

from types import SimpleNamespace

from django.template import Context, Template

from slussen.core.templatetags.slussen import organisation, unbroken


def test_an_organisation_is_named_short_with_its_full_name_beside_it_escaped():
    org = SimpleNamespace(name="Södersjukhuset <AB> & co", short_name="SöS")
    assert organisation(org) == '<abbr title="Södersjukhuset &lt;AB&gt; &amp; co">SöS</abbr>'
    same = SimpleNamespace(name="Region <Öst>", short_name="Region <Öst>")
    assert organisation(same) == "Region &lt;Öst&gt;"
    assert organisation(SimpleNamespace(name="Capio", short_name="")) == "Capio"
    assert organisation(None) == ""
    page = Template("{% organisation org %}").render(Context({"org": org}))
    assert page == '<abbr title="Södersjukhuset &lt;AB&gt; &amp; co">SöS</abbr>'


def test_unbroken_follows_the_registry_prefix_setting(settings):
    settings.REGISTRY_PREFIX = "SLU"
    assert unbroken("SLU 2026-00023 <b>") == '<span class="nowrap">SLU 2026-00023</span> &lt;b&gt;'
    settings.REGISTRY_PREFIX = "RS"
    assert unbroken("SLU 2026-00023, RS 2026-7") == (
        'SLU 2026-00023, <span class="nowrap">RS 2026-7</span>'
    )
