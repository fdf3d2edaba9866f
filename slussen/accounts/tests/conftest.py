"""A real OpenID Connect provider (npm ``oidc-provider``) started for the test that asks."""

import socket
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent / "oidc" / "provider.mjs"
ROOT = Path(__file__).resolve().parents[3]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oidc_provider(live_server, settings, tmp_path):
    port = free_port()
    log = (tmp_path / "oidc-provider.log").open("w")
    process = subprocess.Popen(
        [
            "node",
            str(SCRIPT),
            str(port),
            f"{live_server.url}/accounts/sso/callback/",
            f"{live_server.url}/",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("ready "), (tmp_path / "oidc-provider.log").read_text()
        settings.OIDC_ISSUER = line.split()[1]
        settings.OIDC_RP_CLIENT_ID = "slussen"
        settings.OIDC_RP_CLIENT_SECRET = "slussen-test-secret"
        settings.OIDC_ROLE_CLAIM = "roles"
        settings.OIDC_ORG_CLAIM = "organisation"
        settings.OIDC_ROLE_MAP = {"Innovationsradgivare": "advisor", "Samordnare": "coordinator"}
        yield settings.OIDC_ISSUER
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def sso_page(page):
    """The provider's development pages import a web font; there is no network to fetch it."""
    page.route("https://fonts.googleapis.com/**", lambda route: route.abort())
    return page
