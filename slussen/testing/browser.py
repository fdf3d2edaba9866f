"""Headless Chromium from Debian's package, driven by Playwright – never a downloaded browser."""

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def login(page, live_server, user, password=None):
    from .world import PASSWORD

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", password or PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def open_menu(page, name):
    """Follow the main menu's link ``name``, opening its group first (as a person would)."""
    menu = page.locator("nav.site-nav")
    link = menu.get_by_role("link", name=name, exact=True, include_hidden=True).first
    if not link.is_visible():
        link.locator("xpath=ancestor::details[1]/summary").click()
    link.click()
    page.wait_for_load_state()
