import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def smtp_server():
    from slussen.testing.mail import start_server

    controller, box = start_server()
    yield controller, box
    controller.stop()


@pytest.fixture(autouse=True)
def mailbox(smtp_server, settings):
    """Every test sends its mail over real SMTP to this worker's local server."""
    controller, box = smtp_server
    # Django's test set-up swaps in an in-memory backend; put the real SMTP one back.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    box.clear()
    return box


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Each test starts with empty caches (figures kept by an earlier test's data must not
    answer for this one's): the process's own, and for a test with the database the one every
    server shares, which lives in a table of its own that the flush after a transactional test
    leaves as it was."""
    from django.core.cache import cache, caches

    from slussen.core import reference, search

    cache.clear()
    search._known.clear()  # which words the vocabulary knows, kept per process
    search._spelt.clear()  # which spellings the vocabulary knows (stems or parts), the same
    search._counted.clear()  # the counted numbers of stems and parts, kept per process
    search._vocabulary.clear()  # the vocabulary a misspelling is looked up in (SQLite)
    reference.forget()  # the organisations and states forms list, kept per process
    for name in ("transactional_db", "db"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
            caches["shared"].clear()
            break


@pytest.fixture
def world(db):
    from slussen.testing.world import build_world

    return build_world()


@pytest.fixture
def live_world(transactional_db):
    from slussen.testing.world import build_world

    return build_world()


@pytest.fixture(scope="session")
def browser():
    """One Chromium per test worker; each test gets its own context (cookies, storage)."""
    from playwright.sync_api import sync_playwright

    from slussen.testing.browser import ARGS, CHROMIUM

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_configure(config):
    """The test database lives under VAR_DIR; settings themselves write nothing."""
    from django.conf import settings

    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
