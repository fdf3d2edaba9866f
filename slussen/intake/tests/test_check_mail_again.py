""" "Kolla din e-post": when no mail came, the way forward is a real link back to the form she
just sent (join a case, a company's inquiry), where sending again is rate limited as before;
in Swedish and English, and never to another site."""

import re

from django.urls import reverse

from .test_company_confirmation import inquiry, send  # noqa: F401 (a fixture)


def again(page):
    """The "try again" link of a check-mail page: (its text, its address)."""
    found = re.search(r'Titta i skräpposten, eller <a href="([^"]+)">([^<]+)</a>', page)
    found = found or re.search(r'spam folder, or <a href="([^"]+)">([^<]+)</a>', page)
    return found and (found.group(2), found.group(1).replace("&amp;", "&"))


def join_publicly(client, case, **headers):
    data = {"email": "pia@example.net", "privacy": "on"}
    return client.post(reverse("intake:join", args=[case.pk]), data, follow=True, **headers)


def test_try_again_leads_back_to_the_join_form_and_sending_again_is_rate_limited(
    world, client, mailbox, settings
):
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 2
    checked = join_publicly(client, world.case)
    assert checked.status_code == 200
    text, url = again(checked.content.decode())
    assert text == "försök igen"
    assert url == reverse("intake:join", args=[world.case.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'name="email"' in form.content.decode()
    assert join_publicly(client, world.case).status_code == 200  # the second link, sent
    refused = client.post(url, {"email": "pia@example.net", "privacy": "on"})
    assert refused.status_code == 429  # the limit holds for the way back as for the form


def test_in_english_it_is_a_link_too(world, client, mailbox):
    client.cookies["django_language"] = "en"
    checked = join_publicly(client, world.case)
    assert again(checked.content.decode()) == (
        "try again",
        reverse("intake:join", args=[world.case.pk]),
    )


def test_a_company_sends_its_inquiry_again_from_the_link(world, client, mailbox, inquiry):  # noqa: F811
    checked = client.get(send(client, inquiry).url)
    assert again(checked.content.decode()) == ("skicka förfrågan igen", reverse("intake:company"))


def test_the_link_never_leads_to_another_site(world, client):
    for back in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        page = client.get(reverse("intake:join_check"), {"back": back}).content.decode()
        assert again(page) is None
        assert f'href="{back}' not in page  # (the language switch keeps the page's address)
        assert "Titta i skräpposten, eller försök igen." in page  # the words, without a link
