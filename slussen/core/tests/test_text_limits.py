"""Every free-text field has a length limit, kept on the server and counted in the form."""

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

from django import forms
from django.urls import reverse

import slussen
from slussen.core.forms import LONG_TEXT
from slussen.testing.browser import login


def project_forms():
    """Every form class defined in a slussen.<app>.forms module."""
    found = {}
    for app in pkgutil.iter_modules(slussen.__path__):
        try:
            module = importlib.import_module(f"slussen.{app.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = cls
    return found


def test_the_walk_finds_the_forms():
    names = project_forms()
    assert len(names) > 40
    assert "slussen.cases.forms.CommentForm" in names


def test_every_free_text_field_has_a_max_length():
    missing = [
        f"{path}.{name}"
        for path, cls in project_forms().items()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field, forms.UUIDField)  # not free text: only a UUID validates
        and not field.max_length
        and not isinstance(field.widget, forms.PasswordInput)  # hashed; not stored as typed
    ]
    assert not missing, "free-text fields without max_length: " + ", ".join(missing)


def test_every_text_field_made_in_code_has_a_max_length():
    """Fields added in a form's __init__ (questions of a call, criteria, checklist items) are
    not in base_fields: read the source for forms.CharField(...) without max_length."""
    root = Path(slussen.__file__).parent
    missing = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"CharField", "URLField", "RegexField", "SlugField"}
                and getattr(node.func.value, "id", None) == "forms"
                and not {k.arg for k in node.keywords} & {"max_length", None}
            ):
                missing.append(f"{path.relative_to(root)}:{node.lineno}")
    assert not missing, "forms.CharField without max_length: " + ", ".join(missing)


def test_a_1_mb_comment_is_refused_and_the_text_kept(world, client):
    client.force_login(world.advisor)
    text = "Lång kommentar " + "x" * (1 << 20)
    response = client.post(reverse("cases:comment", args=[world.case.pk]), {"body": text})
    assert response.status_code == 400
    assert not world.case.events.filter(type="comment").exists()
    assert text in response.text  # what was typed is still in the form
    assert "5000 tecken" in response.text  # the reason, in Swedish


def test_a_comment_at_the_limit_is_stored(world, client):
    client.force_login(world.advisor)
    text = "y" * LONG_TEXT
    response = client.post(reverse("cases:comment", args=[world.case.pk]), {"body": text})
    assert response.status_code == 302
    assert world.case.events.get(type="comment").body == text


def test_the_form_counts_characters_for_the_script(world, client):
    client.force_login(world.advisor)
    page = client.get(reverse("cases:detail", args=[world.case.pk])).text
    assert 'data-counter-for="id_body"' in page
    assert 'data-max="5000"' in page
    assert "{count} / {max} tecken" in page
    assert "Högst 5\xa0000 tecken." in page  # without JavaScript: the limit in words
    assert 'data-max-bytes="' in page  # the attachment's file input is checked before upload


def test_the_counter_warns_and_keeps_an_over_long_text_in_the_browser(
    live_world, live_server, page
):
    login(page, live_server, live_world.advisor)
    page.goto(f"{live_server.url}{reverse('cases:detail', args=[live_world.case.pk])}")
    body = page.locator("#id_body")
    body.fill("Hej")
    counter = page.locator("#id_body_counter")
    assert counter.inner_text() == "3 / 5\xa0000 tecken"
    live = page.locator("#id_body_counter_live[aria-live=polite]")
    live.filter(has_text="3 / 5\xa0000 tecken").wait_for()  # said once typing pauses
    long = "z" * (LONG_TEXT + 10)
    body.fill(long)  # as a paste: the browser's maxlength would have cut it
    assert "för lång" in counter.inner_text()
    live.filter(has_text="för lång").wait_for()
    body.press("Enter")
    page.get_by_role("button", name="Lägg till kommentar").click()
    assert body.input_value() == long + "\n"  # not sent, nothing lost
    assert not live_world.case.events.filter(type="comment").exists()


def test_a_request_over_the_size_limit_gets_a_page_that_says_so(world, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1 << 20
    client.force_login(world.advisor)
    detail = reverse("cases:detail", args=[world.case.pk])
    response = client.post(
        reverse("cases:comment", args=[world.case.pk]),
        {"body": "x" * (2 << 20)},
        HTTP_REFERER=f"http://testserver{detail}",
    )
    assert response.status_code == 413
    page = response.text
    assert "För mycket på en gång" in page  # in Swedish, within the site's layout
    assert 'class="site-header"' in page
    assert f'href="http://testserver{detail}" data-history-back' in page  # the way back
    assert not world.case.events.filter(type="comment").exists()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(
        reverse("cases:comment", args=[world.case.pk]), {"body": "x" * (2 << 20)}
    )
    assert response.status_code == 413 and "Too much at once" in response.text
    assert 'href="/"' in response.text  # no page to go back to: the start page


def test_the_way_back_never_leads_off_the_site(world, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1 << 20
    response = client.post(
        reverse("accounts:login"),
        {"username": "x" * (2 << 20)},
        HTTP_REFERER="https://evil.example/",
    )
    assert response.status_code == 413
    assert "evil.example" not in response.text


def test_a_file_over_the_limit_is_refused_before_upload(live_world, live_server, page, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    login(page, live_server, live_world.advisor)
    page.goto(f"{live_server.url}{reverse('cases:detail', args=[live_world.case.pk])}")
    file_input = page.locator("input[type=file]")
    file_input.set_input_files(
        {"name": "stor.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n" + bytes(5000)}
    )
    note = page.locator("[data-file-limit-for]")
    assert "stor.pdf är större än 1000\xa0byte" in note.inner_text()
    page.get_by_role("button", name="Bifoga fil").click()
    assert page.url.endswith(reverse("cases:detail", args=[live_world.case.pk]))
    assert not live_world.case.attachments.exists()  # nothing was sent
