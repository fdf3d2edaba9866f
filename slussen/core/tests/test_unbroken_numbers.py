"""A registry number in a message is kept on one line on a narrow screen, and the message is
still escaped."""

from django.template import Context, Template


def render(text):
    return Template("{{ text|unbroken_numbers }}").render(Context({"text": text}))


def test_a_registry_number_is_kept_whole_and_the_rest_escaped(settings):
    settings.REGISTRY_PREFIX = "SLU"
    out = render("Tack! Du stödjer SLU 2026-00023 <b>nu</b>.")
    assert '<span class="nowrap">SLU 2026-00023</span>' in out
    assert "&lt;b&gt;nu&lt;/b&gt;" in out  # what a user typed is never markup


def test_text_without_a_number_is_only_escaped(settings):
    settings.REGISTRY_PREFIX = "SLU"
    assert render("SLU 20-1 & <i>") == "SLU 20-1 &amp; &lt;i&gt;"
