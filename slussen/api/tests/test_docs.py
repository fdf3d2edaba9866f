"""The API's documentation page reads as text: the schema's markdown is rendered."""

from django.urls import reverse


def test_the_documentation_renders_the_schema_s_descriptions_as_text_not_markdown(client):
    html = client.get(reverse("api:docs")).content.decode()
    assert "* `idea`" not in html and "`idea`" not in html
    assert "<li><code>idea</code> – Idé</li>" in html
    assert "<li><code>testbed_request</code> – Förfrågan om testmiljö</li>" in html


def test_a_description_in_markdown_becomes_safe_html():
    from slussen.api.schema import prose

    text = "Which kind.\n\n* `idea` - Idé\n* `need` - <b>Behov</b>"
    assert prose(text) == (
        "<p>Which kind.</p><ul><li><code>idea</code> – Idé</li>"
        "<li><code>need</code> – &lt;b&gt;Behov&lt;/b&gt;</li></ul>"
    )
    assert prose("One sentence with `code`.") == "One sentence with <code>code</code>."
