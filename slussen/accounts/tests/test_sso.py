"""Single sign-on against a real OpenID Connect provider started locally (not a mock)."""

from django.urls import reverse
from playwright.sync_api import expect

from slussen.accounts.models import Membership, SingleSignOnIdentity, User
from slussen.core.models import AuditEvent


def sign_in_at_provider(page, login):
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "any password")
    page.click("button[type=submit]")
    page.get_by_role("button", name="Continue").click()  # consent to the scopes


def test_sso_login_maps_the_role_and_logs_out_at_the_provider(
    live_server, live_world, oidc_provider, sso_page
):
    page = sso_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.screenshot(path="test-artifacts/sso-login.png", full_page=True)
    page.get_by_role("link", name="Logga in med din organisations konto").click()
    assert page.url.startswith(oidc_provider)
    sign_in_at_provider(page, "sara.holm")

    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Hej Sara"
    assert "Innovationsrådgivare" in page.locator(".lead").inner_text()
    user = User.objects.get(email="sara.holm@sso.example.org")
    assert user.full_name == "Sara Holm" and not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.organisation.code, membership.from_sso) == (
        "advisor",
        "sos",
        True,
    )
    assert SingleSignOnIdentity.objects.filter(user=user, subject="sara.holm").exists()
    page.screenshot(path="test-artifacts/sso-start-page.png", full_page=True)

    page.get_by_role("button", name="Logga ut").click()
    page.get_by_role("button", name="Yes, sign me out").click()  # RP-initiated log-out
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Logga in").first).to_be_visible()
    # The provider's session ended too: signing in again asks for the password again.
    page.goto(f"{live_server.url}{reverse('accounts:oidc_login')}")
    page.locator("input[name=login]").wait_for()


def test_first_sso_login_links_an_existing_account_by_verified_email(
    live_server, live_world, oidc_provider, sso_page
):
    page = sso_page
    page.goto(f"{live_server.url}{reverse('accounts:oidc_login')}")
    sign_in_at_provider(page, "maria.sjoberg")
    page.wait_for_url(f"{live_server.url}/")
    coordinator = live_world.coordinator
    assert SingleSignOnIdentity.objects.get(subject="maria.sjoberg").user == coordinator
    # The claimed role equals the local one: kept once, still a local grant.
    assert list(coordinator.memberships.values_list("role", "from_sso")) == [("coordinator", False)]
    assert AuditEvent.objects.filter(action="account.link_sso", actor=coordinator).exists()


def test_an_unverified_email_is_not_linked(live_server, live_world, oidc_provider, sso_page):
    page = sso_page
    page.goto(f"{live_server.url}{reverse('accounts:oidc_login')}")
    sign_in_at_provider(page, "unverified")
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.get_by_text("bekräftade inte din e-postadress").wait_for()
    assert not SingleSignOnIdentity.objects.exists()
    expect(page.get_by_role("link", name="Logga in").first).to_be_visible()
