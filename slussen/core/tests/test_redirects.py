"""Where a form may send the browser next: only back to a page of this site."""

import pytest
from django.test import RequestFactory

from slussen.core.redirects import local_path


@pytest.mark.parametrize(
    "url",
    [
        "//evil.example",
        "///evil.example",
        "https://evil.example",
        "http://testserver/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        " //evil.example",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "evil.example",
        "",
        None,
    ],
)
def test_other_sites_and_schemes_are_refused(url):
    assert local_path(RequestFactory().get("/"), url) is None


@pytest.mark.parametrize("url", ["/", "/triage/?page=2&state=new", "/cases/12/#comments"])
def test_paths_of_this_site_are_kept(url):
    assert local_path(RequestFactory().get("/"), url) == url
