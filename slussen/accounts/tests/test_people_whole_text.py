"""The person picker reads all that is typed: a full name with a middle name, or the name and
address as the picker writes a person ("Anna Maria Lindqvist <anna…@…>"), pasted back; more
than its field takes is said to be too long, never cut to find whoever its beginning matches."""

from django.urls import reverse

from slussen.accounts.models import Membership, Role, User

LONG = "anna-karin.maria.lindqvist.oberg@sodersjukhuset.regionstockholm.example.se"


def _managers(world):
    found = {}
    for name, email in (
        ("Anna-Karin Maria Lindqvist Öberg", LONG),
        ("Anna-Karin Maria Lindqvist", "anna-karin.maria.lindqvist@example.org"),
    ):
        user = User.objects.create_user(email=email, password="x", full_name=name)
        Membership.objects.create(user=user, organisation=world.sos, role=Role.MANAGER)
        found[name] = user
    return found


def _options(client, world, q):
    params = {"picker": "fund.manager", "organisation": world.sos.pk, "q": q}
    response = client.get(reverse("accounts:people_search"), params)
    assert response.status_code == 200
    return response.text


def test_a_full_name_with_a_middle_name_and_the_pickers_own_label_find_the_person(world, client):
    _managers(world)
    client.force_login(world.employee)
    both = _options(client, world, "Anna-Karin Maria Lindqvist")
    assert both.count('role="option" id=') == 2
    label = f"Anna-Karin Maria Lindqvist Öberg <{LONG}>"  # 110 characters, as the picker writes
    assert len(label) > 100
    one = _options(client, world, label)
    assert one.count('role="option" id=') == 1 and LONG in one
    # Its address alone, whole (it was cut at 100 characters: both people would have matched).
    assert _options(client, world, LONG + " lindqvist").count('role="option" id=') == 1


def test_more_than_the_field_takes_is_said_to_be_too_long(world, client):
    _managers(world)
    client.force_login(world.employee)
    text = _options(client, world, "Anna " * 70)
    assert "Det är längre än ett namn och en e-postadress" in text
    assert "Lindqvist" not in text
