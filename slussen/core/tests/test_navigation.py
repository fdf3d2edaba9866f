"""The menu is grouped by what people do: nobody sees more than seven top-level entries, every
page of the menu stays reachable, and a group is an HTML disclosure (keyboard, no script)."""

import re

import pytest
from django.urls import reverse

from slussen.testing.world import ROLES

MAX_TOP_LEVEL = 7


def _menu(html):
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    nav = nav[: nav.index('class="nav-user"')]  # the person's own links are beside the name
    return nav


def _top_level(nav):
    """Entries of the menu's first level: links outside groups and the groups' buttons."""
    outside = re.sub(r"<details.*?</details>", "<group/>", nav, flags=re.S)
    return re.findall(r"<a |<group/>", outside)


@pytest.mark.parametrize("role", ROLES)
def test_no_role_sees_more_than_seven_top_level_entries(world, client, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    html = client.get(reverse("core:home")).content.decode()
    nav = _menu(html)
    assert len(_top_level(nav)) <= MAX_TOP_LEVEL, f"{role}: {_top_level(nav)}"
    for group in re.findall(r"<details.*?</details>", nav, flags=re.S):
        assert "<summary" in group and group.count("<a ") >= 2  # a single page is not a group


def test_coordinator_still_reaches_every_page_of_the_menu(world, client):
    client.force_login(world.coordinator)
    nav = _menu(client.get(reverse("core:home")).content.decode())
    for name in ["intake:queue", "cases:register", "process:index", "process:portfolio",
                 "fund:index", "bokslut:index", "testbeds:catalogue", "testbeds:inbox",
                 "navigator:directory", "strategic:portfolio", "api:open_data"]:  # fmt: skip
        assert f'href="{reverse(name)}"' in nav, name


def test_the_group_of_the_current_page_is_marked(world, client):
    client.force_login(world.coordinator)
    nav = _menu(client.get(reverse("intake:queue")).content.decode())
    group = next(g for g in re.findall(r"<details.*?</details>", nav, flags=re.S)
                 if reverse("intake:queue") in g)  # fmt: skip
    assert 'aria-current="page"' in group and 'class="nav-group current"' in group
