"""Who reaches the API and its pages, requested with a logged-in session (API keys act as their
owner and have their own tests). Ids are of Karolinska's secret case, so the SöS people get 404;
without log-in the API answers 401 (it asks for a key), the pages redirect to log-in."""

from slussen.cases.access import OTHER, SEES_OTHER
from slussen.navigator.access import actor_slug
from slussen.strategic.access import make_project
from slussen.testbeds.access import SLUG
from slussen.testing.access import LOGIN, OK, Expect

JSON = {"scan": False}  # not HTML pages: no accessibility scan
STAFF = {role: OK for role in (
    "employee", "manager", "advisor", "advisor_other", "innovation_head", "coordinator",
    "prescreener", "expert", "testbed_owner", "admin")}  # fmt: skip


def other_token(w):
    from slussen.api import services

    token, _key = services.create_token(w.advisor_other, name="Karolinskas export", scope="read")
    return {"pk": token.pk}


def fund_call(w):
    from slussen.fund.tests.factories import make_call

    return {"pk": make_call(w).pk}


ACCESS = {
    "api:docs": Expect(),
    "api:schema": Expect(**JSON),
    "api:open_data": Expect(),
    "api:download": Expect(kwargs=lambda w: {"slug": "register", "fmt": "csv"}, **JSON),
    "api:tokens": Expect(anonymous=LOGIN),
    "api:token_revoke": Expect(
        kwargs=other_token, method="POST", default=404, anonymous=LOGIN, advisor_other=OK, **JSON
    ),
    "api:cases": Expect(anonymous=401, **JSON),
    "api:case": Expect(**OTHER, default=404, anonymous=401, external=OK, **SEES_OTHER, **JSON),
    "api:case_events": Expect(
        **OTHER, default=404, anonymous=401, external=OK, **SEES_OTHER, **JSON
    ),
    "api:case_comment": Expect(
        **OTHER, method="POST", default=404, anonymous=401, external=OK, **SEES_OTHER, **JSON
    ),
    "api:not_found": Expect(default=404, **JSON),
    "api:register": Expect(**JSON),
    "api:fund_calls": Expect(**JSON),
    "api:fund_call": Expect(kwargs=fund_call, **JSON),
    "api:fund_granted": Expect(**JSON),
    # Like the fund's statistics page: its coordinators only.
    "api:fund_statistics": Expect(
        kwargs=lambda w: {"year": 2026},
        default=403,
        anonymous=401,
        coordinator=OK,
        admin=OK,
        **JSON,
    ),  # fmt: skip
    "api:testbeds": Expect(**JSON),
    "api:testbed": Expect(**SLUG, **JSON),
    "api:actors": Expect(**JSON),
    "api:actor": Expect(kwargs=actor_slug, **JSON),
    "api:strategic_projects": Expect(**JSON),
    # A project in preparation: the region's staff see it, the public and companies do not.
    "api:strategic_project": Expect(
        kwargs=lambda w: {"pk": make_project(w).pk}, default=404, **STAFF, **JSON
    ),
}
