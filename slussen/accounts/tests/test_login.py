import re

from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from slussen.testing.world import PASSWORD


def test_login_by_email_case_insensitive(world, client):
    response = client.post(
        reverse("accounts:login"), {"username": "ADVISOR@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("core:home")).context["user"] == world.advisor


def test_passwords_are_hashed_with_argon2(world):
    assert identify_hasher(world.advisor.password).algorithm == "argon2"


def test_lock_out_after_five_failures(world, client):
    for _ in range(5):
        response = client.post(
            reverse("accounts:login"), {"username": "advisor@example.org", "password": "wrong"}
        )
    response = client.post(
        reverse("accounts:login"), {"username": "advisor@example.org", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "15" in response.text  # tells how long
    # another account is not affected
    response = client.post(
        reverse("accounts:login"), {"username": "employee@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_wrong_password_message_keeps_the_email(world, client):
    response = client.post(
        reverse("accounts:login"), {"username": "advisor@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert 'value="advisor@example.org"' in response.text


def test_password_reset_by_email_over_smtp(live_world, client, mailbox):
    client.post(reverse("accounts:password_reset"), {"email": "advisor@example.org"})
    (message,) = mailbox.wait_for("advisor@example.org")
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mailbox.body(message))
    assert link, mailbox.body(message)
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Ett-nytt-lösenord-77", "new_password2": "Ett-nytt-lösenord-77"},
    )
    assert response.status_code == 302
    fresh = type(live_world.advisor).objects.get(pk=live_world.advisor.pk)
    assert fresh.check_password("Ett-nytt-lösenord-77")


def test_start_page_per_role(world, client):
    client.force_login(world.advisor)
    page = client.get(reverse("core:home")).text
    assert world.case.registry_number in page  # the advisor's queue
    client.force_login(world.employee)
    page = client.get(reverse("core:home")).text
    assert world.case.title in page  # what the employee submitted
    client.force_login(world.external)
    page = client.get(reverse("core:home")).text
    assert world.case.title not in page
