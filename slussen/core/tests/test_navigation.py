"""The menu is grouped by what people do: nobody sees more than seven top-level entries, every
page of the menu stays reachable, and a group is an HTML disclosure (keyboard, no script)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from slussen.testing.world import PEOPLE, ROLES

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


def _counting(monkeypatch, module, name):
    """Counts the calls of ``module.name`` (the real function still answers)."""
    real, calls = getattr(module, name), []

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_menu_links_are_reversed_once_per_process_not_per_request(world, client, monkeypatch):
    from slussen.core import nav

    client.force_login(world.coordinator)
    client.get(reverse("core:home"))  # the menu's links known from here on
    reversed_ = _counting(monkeypatch, nav, "reverse")
    page = client.get(reverse("fund:statistics"))
    assert page.status_code == 200 and f'href="{reverse("fund:index")}"' in page.text
    assert reversed_ == []


def _links(world, rf, user=None, path="/fund/statistics/"):
    """The menu's links as ``user`` (the coordinator) sees them on a new request."""
    from django.urls import resolve

    from slussen.core import nav

    request = rf.get(path)
    request.user = user or world.coordinator
    request.resolver_match = resolve(request.path)
    return {
        link["url"]: link["current"] for e in nav.items_for(request) for link in e.get("items", [e])
    }


def test_menu_links_follow_the_script_prefix(world, rf):
    """A site served under a path (SCRIPT_NAME) links there: the kept links are per prefix."""
    from django.urls import get_script_prefix, set_script_prefix

    assert "/fund/" in _links(world, rf)
    before = get_script_prefix()
    set_script_prefix("/slussen/")
    try:
        assert "/slussen/fund/" in _links(world, rf)
    finally:
        set_script_prefix(before)
    assert "/fund/" in _links(world, rf)


def test_menu_is_computed_once_per_request(world, rf, monkeypatch):
    """Every area of the menu from one pass, kept on the request: a template that reads the
    menu again (another include, an error page) asks no permission twice; a person logged in
    during the request gets a menu of her own."""
    from django.urls import resolve

    from slussen.core import nav, permissions
    from slussen.core.context_processors import slussen

    monkeypatch.setattr(nav, "_ALLOWED", {})  # nothing kept from another test
    asked = _counting(monkeypatch, permissions, "can")
    request = rf.get(reverse("fund:statistics"))
    request.user, request.resolver_match = world.coordinator, resolve(request.path)
    context = slussen(request)
    main = context["nav_items"]()
    assert main is context["nav_items"]()
    assert context["nav_user_items"]() is context["nav_user_items"]()
    context["nav_footer_items"]()
    actions = [action for _user, action in asked]
    assert actions and len(actions) == len(set(actions))
    links = [link for e in main for link in e.get("items", [e])]
    assert {link["url"]: link["current"] for link in links}[reverse("fund:index")]
    request.user = world.external
    theirs = [link["url"] for e in context["nav_items"]() for link in e.get("items", [e])]
    assert reverse("intake:queue") in [link["url"] for link in links]
    assert reverse("intake:queue") not in theirs


def test_menu_markup_is_rendered_once_per_shape_and_language(world, client, monkeypatch):
    """The menu's markup is kept per language and per set of entries shown (with the current
    one): a second page with the same menu renders none of it, while another page, another
    language or another person's menu is rendered as its own. The layout's fixed parts (the
    head's links, the footer's statement) are rendered once per process and language."""
    from django.core.cache import caches

    sets = _counting(monkeypatch, caches["template_fragments"], "set")
    caches["template_fragments"].clear()

    def rendered(fragment):
        return sum(key.startswith(f"template.cache.{fragment}.") for key, *_ in sets)

    client.force_login(world.coordinator)
    queue = reverse("intake:queue")
    first = _menu(client.get(reverse("fund:statistics")).text)
    assert rendered("menu") == 1 and "Innovationsfonden" in first
    again = _menu(client.get(reverse("fund:statistics")).text)
    assert rendered("menu") == 1 and again.split("<details")[1:] == first.split("<details")[1:]
    on_queue = client.get(queue).text
    assert rendered("menu") == 2
    assert f'href="{queue}" aria-current="page"' in _menu(on_queue)
    assert f'href="{queue}" aria-current="page"' not in first
    assert 'href="/static/css/' in on_queue and "Tillgänglighetsredogörelse" in on_queue
    assert (rendered("head"), rendered("footer")) == (1, 1)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("fund:statistics")).text
    assert rendered("menu") == 3 and "Innovation fund" in _menu(english)
    assert "Accessibility statement" in english
    assert (rendered("head"), rendered("footer")) == (1, 2)
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    client.force_login(world.external)
    theirs = _menu(client.get(reverse("core:home")).text)
    assert queue in first and queue not in theirs and rendered("menu") == 4


def test_layout_kept_markup_follows_a_changed_setting(world, client, settings):
    client.force_login(world.coordinator)
    assert "Region Testland" not in client.get(reverse("core:home")).text
    settings.REGION_NAME = "Region Testland"
    assert "Region Testland" in client.get(reverse("core:home")).text.split("<footer")[1]


def test_layout_asks_the_database_nothing_beyond_the_session_the_person_and_her_roles(
    world, client, django_assert_num_queries
):
    """A page of text in the full layout (menu, notices, the person's links): the session, the
    person (with her count of unread notices) and her roles, in one query, whichever menu she
    has."""
    for person in (world.coordinator, world.external):
        client.force_login(person)
        client.get(reverse("privacy:policy"))
        with django_assert_num_queries(1):
            page = client.get(reverse("privacy:policy"))
        assert 'class="nav-user"' in page.text


def test_menu_asks_its_rules_once_per_set_of_roles_not_on_every_request(world, client, monkeypatch):
    """The entries a person may see are kept per process under her roles and flags: the next
    page of anyone with the same roles asks no rule; other roles get their own menu."""
    from slussen.core import permissions

    client.force_login(world.coordinator)
    client.get(reverse("core:notifications"))
    asked = _counting(monkeypatch, permissions, "can")
    page = client.get(reverse("core:notifications"))
    assert f'href="{reverse("fund:index")}"' in page.text
    assert [action for _user, action in asked if action] == []
    client.force_login(world.external)
    page = client.get(reverse("core:notifications"))
    assert f'href="{reverse("fund:index")}"' not in page.text
    assert f'href="{reverse("intake:company")}"' in page.text


class _RolesOnly:
    """A person as the menu's rules may read her (what ``nav._allowed`` keys her by): her roles
    with their organisations, logged in, active, superuser or not, and what the person model
    derives from those alone. Reading anything else fails the test."""

    is_authenticated, is_anonymous, is_active = True, False, True

    def __init__(self, role_set, is_superuser):
        self.role_set, self.is_superuser = role_set, is_superuser

    def __getattr__(self, name):
        raise AssertionError(f"a menu rule reads {name!r} of the person")


def test_every_rule_of_the_menu_reads_only_the_roles_it_is_kept_under(world):
    from slussen.accounts.models import User
    from slussen.core import nav
    from slussen.core.permissions import can

    for name in ("has_role", "orgs_with_role", "is_region_wide", "is_staff_member",
                 "is_external", "handles_cases"):  # fmt: skip
        setattr(_RolesOnly, name, getattr(User, name))
    with pytest.raises(AssertionError):  # what no rule of the menu may read
        getattr(_RolesOnly(set(), False), "handled_org_ids")  # noqa: B009
    permissions_ = {item.permission for item in nav._ITEMS if item.permission}
    assert "intake.queue" in permissions_ and "fund.apply" in permissions_
    for key in PEOPLE:
        person = User.objects.get(pk=getattr(world, key).pk)
        seen = _RolesOnly(person.role_set, person.is_superuser)
        for permission in permissions_:
            assert can(seen, permission) == can(person, permission), (key, permission)


def test_the_menus_kept_links_are_bounded_however_many_script_prefixes_come(monkeypatch):
    """The menu's links are kept per script prefix: a process that meets many keeps no more
    than its bound, and each link is still right for its prefix."""
    from django.urls import get_script_prefix, set_script_prefix

    from slussen.core import nav

    monkeypatch.setattr(nav, "_URL_SETS_MOST", 3)
    before = get_script_prefix()
    try:
        for n in range(10):
            set_script_prefix(f"/p{n}/")
            assert nav._url("cases:register") == f"/p{n}/cases/"
            assert len(nav._URLS) <= 3
    finally:
        set_script_prefix(before)
