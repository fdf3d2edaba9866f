"""Who reaches the process pages. Ids are of Karolinska's innovation case, started from its
secret case: the SöS people must get 404, and so must the company that submitted the case
(the workspace is the region's)."""

from slussen.testing.access import LOGIN, OK, Expect

SEES_OTHER = {"advisor_other": OK, "innovation_head": OK, "coordinator": OK, "admin": OK}
STAFF = dict(default=OK, anonymous=LOGIN, external=403)
TEMPLATE_ADMINS = dict(default=403, anonymous=LOGIN, coordinator=OK, admin=OK)
OVERSIGHT = dict(default=403, anonymous=LOGIN, innovation_head=OK, coordinator=OK, admin=OK)


def other_innovation(w):
    from .services import start
    from .templates_data import ensure_seeded

    ensure_seeded()
    return start(
        w.other_case,
        w.advisor_other,
        innovation_type="service",
        novelty="sweden",
        degree="incremental",
        directions=["test_environments"],
        perspectives=["quality"],
    )


def ic_kwargs(w):
    return {"pk": other_innovation(w).pk}


def task_kwargs(w):
    from datetime import date

    ic = other_innovation(w)
    task = ic.tasks.create(title="Boka möte", due=date(2026, 6, 1))
    return {"pk": ic.pk, "task_pk": task.pk}


def run_kwargs(w):
    ic = other_innovation(w)
    return {"pk": ic.pk, "run_pk": ic.runs.get().pk}


def gate_request_kwargs(w):
    """A yellow decision of Karolinska's case waiting for ``manager`` (made directly: the
    matrix asks who reaches the page, not who may be named)."""
    from datetime import date

    from .models import GateRequest

    ic = other_innovation(w)
    gate = GateRequest.objects.create(
        innovation=ic,
        decision="go",
        basis="Piloten är klar.",
        zone="yellow",
        decided_on=date(2026, 5, 1),
        requested_by=w.advisor_other,
        manager=w.manager,
    )
    return {"pk": ic.pk, "request_pk": gate.pk}


def adoption_kwargs(w):
    """Karolinska's case rolled out to Karolinska itself (made directly: the matrix asks who
    reaches the page)."""
    from datetime import date

    from .models import Adoption

    ic = other_innovation(w)
    adoption = Adoption.objects.create(
        innovation=ic, unit=w.karolinska, adopted_on=date(2026, 5, 1)
    )
    return {"pk": ic.pk, "adoption_pk": adoption.pk}


def funding_kwargs(w):
    from datetime import date

    ic = other_innovation(w)
    row = ic.funding.create(
        funder="Vinnova",
        amount=100000,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    return {"pk": ic.pk, "kind": "funding", "record_pk": row.pk}


def test_file_kwargs(w):
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from slussen.cases.services import add_attachment

    ic = other_innovation(w)
    upload = SimpleUploadedFile("testplan.txt", b"Testplanen.", "text/plain")
    test = ic.tests.create(
        kind="plan", title="Testplan", summary="Planen.", tested_on=date(2026, 4, 1),
        attachment=add_attachment(ic.case, w.advisor_other, upload, internal=True),
    )  # fmt: skip
    return {"pk": ic.pk, "test_pk": test.pk}


def showcased(w):
    """World's public SöS case, in use at SöS, with its showcase written: public to everyone."""
    from datetime import date

    from .models import Adoption, Showcase
    from .services import start
    from .templates_data import ensure_seeded

    ensure_seeded()
    ic = start(
        w.case,
        w.advisor,
        innovation_type="service",
        novelty="sweden",
        degree="incremental",
        directions=["test_environments"],
        perspectives=["quality"],
    )
    Adoption.objects.create(innovation=ic, unit=w.sos, adopted_on=date(2026, 3, 1), status="in_use")
    Showcase.objects.create(innovation=ic, problem_sv="Problemet.", solution_sv="Lösningen.")
    return {"pk": ic.pk}


def template_kwargs(w):
    """The newest service template, with Karolinska's case on an older version of it."""
    from .services import new_template_version, publish_template

    ic = other_innovation(w)
    newest = publish_template(new_template_version(ic.template, w.coordinator), w.coordinator)
    return {"pk": newest.pk}


def detail(**kw):
    return Expect(default=404, anonymous=LOGIN, **SEES_OTHER, **kw)


ACCESS = {
    "process:index": Expect(**STAFF),
    "process:lookup": Expect(**STAFF),
    "process:portfolio": Expect(**OVERSIGHT),
    "process:portfolio_cases": Expect(**OVERSIGHT),
    "process:portfolio_export": Expect(kwargs=lambda w: {"fmt": "csv"}, scan=False, **OVERSIGHT),
    "process:hand_over": Expect(**OVERSIGHT),
    # Only those who administer the templates (the central coordinators) move cases in bulk.
    "process:templates": Expect(**TEMPLATE_ADMINS),
    "process:template_move": Expect(kwargs=template_kwargs, **TEMPLATE_ADMINS),
    "process:start": Expect(
        kwargs=lambda w: {"case_pk": w.other_case.pk},
        default=404,
        anonymous=LOGIN,
        external=403,
        **SEES_OTHER,
    ),
    "process:detail": detail(kwargs=ic_kwargs),
    "process:classification": detail(kwargs=ic_kwargs),
    "process:people": detail(kwargs=ic_kwargs),
    "process:plans": detail(kwargs=ic_kwargs),
    # Karolinska's head and the coordinators move a case to another template; others 403.
    "process:move_template": Expect(
        kwargs=ic_kwargs, default=404, anonymous=LOGIN, **{**SEES_OTHER, "advisor_other": 403}
    ),
    "process:gate": detail(kwargs=ic_kwargs, method="POST"),
    # The named manager answers; the case's own people read it; nobody else knows it exists.
    "process:gate_request": detail(kwargs=gate_request_kwargs, manager=OK),
    "process:checklist": detail(kwargs=ic_kwargs, method="POST"),
    "process:add": detail(kwargs=lambda w: {**ic_kwargs(w), "kind": "task"}, method="POST"),
    "process:task_done": detail(kwargs=task_kwargs, method="POST"),
    # A test's file: whoever sees the case; nobody else learns that it exists.
    "process:test_file": detail(kwargs=test_file_kwargs, scan=False),
    "process:end_run": detail(kwargs=run_kwargs, method="POST"),
    # The case's people and the receiving unit's managers (none in the world at Karolinska).
    "process:adoption": detail(kwargs=adoption_kwargs, scan=True),
    # Correcting and removing a record: whoever works the case.
    "process:record": detail(kwargs=funding_kwargs),
    "process:remove_record": detail(kwargs=funding_kwargs, method="POST"),
    "process:showcase_edit": detail(kwargs=ic_kwargs),
    # The showcase is public: no log-in, the same for everyone.
    "process:showcase": Expect(),
    "process:showcase_detail": Expect(kwargs=showcased),
    "process:showcase_json": Expect(scan=False),
    "process:showcase_csv": Expect(scan=False),
    "process:showcase_schema": Expect(scan=False),
}
