"""The back button to a list's search: a list page and the htmx part that answered a search
typed into it share one address (``hx-push-url``), so every answer says it differs by
``HX-Request`` (else the browser, going back to the address after leaving the page, showed the
part it kept for it: the rows alone, without the page, its styles or its search box), and htmx's
request to restore the history is answered with the page (``core.middleware``)."""

import pytest
from django.urls import reverse

HTMX = {"HTTP_HX_REQUEST": "true"}
RESTORE = {**HTMX, "HTTP_HX_HISTORY_RESTORE_REQUEST": "true", "HTTP_HX_CURRENT_URL": "/"}

PAGES = [
    ("cases:register", "advisor"),
    ("cases:public_register", None),
    ("testbeds:results", "advisor"),
    ("testbeds:catalogue", None),
    ("navigator:directory", None),
    ("intake:queue", "advisor"),
]


@pytest.mark.parametrize(("name", "who"), PAGES)
def test_a_lists_part_and_its_page_are_told_apart_and_history_gets_the_page(
    world, client, name, who
):
    if who:
        client.force_login(world.users[who])
    url = reverse(name)
    part = client.get(url, {"q": "sår"}, **HTMX)
    assert part.status_code == 200
    assert "<html" not in part.text  # the part, as htmx asked
    assert "HX-Request" in part.headers["Vary"]
    page = client.get(url, {"q": "sår"})
    assert "HX-Request" in page.headers["Vary"]
    restored = client.get(url, {"q": "sår"}, **RESTORE)
    assert restored.status_code == 200
    assert "<html" in restored.text and "<form" in restored.text
