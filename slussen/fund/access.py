"""Who reaches the fund's pages. The application is Karolinska's (another organisation than
the SöS people's): its applicant, its manager, the assigned pre-screener and expert, and the
coordinators see it; everyone else gets 404."""

from slussen.testing.access import LOGIN, OK, Expect


def _app(state):
    def kwargs(w):
        from .tests.factories import make_application

        return {"pk": make_application(w, state=state).pk}

    return kwargs


def _call(w):
    from .tests.factories import make_call

    return {"pk": make_call(w).pk}


def _apply(w):
    from .tests.factories import make_call

    return {"call_pk": make_call(w).pk}


def _file(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from . import services
    from .tests.factories import make_application

    app = make_application(w, state="review")
    stored = services._add_file(app, SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n%%EOF\n"))
    return {"pk": app.pk, "file_pk": stored.pk}


def _project(w):
    from .tests.factories import make_application

    return {"pk": make_application(w, state="granted").project.pk}


def _report(w):
    from .tests.factories import make_application

    project = make_application(w, state="granted").project
    return {"pk": project.pk, "report_pk": project.reports.first().pk}


def _sent_back(w):
    from .tests.factories import make_application, send_back

    return {"pk": send_back(w, make_application(w, state="review")).pk}


def _answered(w):
    """In review again after more information: the page shows the thread and the changes."""
    from . import services
    from .tests.factories import make_application, send_back

    app = send_back(w, make_application(w, state="review"))
    app.budget_lines.filter(item="VR-utrustning").update(amount=60_000)
    services.resubmit(app, w.testbed_owner, reply="Budgeten är sänkt.")
    return {"pk": app.pk}


def _waiting_call(w):
    from .tests.factories import make_application

    return {"pk": make_application(w, state="review").call_id}


def _instalment(w):
    import datetime

    from . import services
    from .tests.factories import make_application

    project = make_application(w, state="granted").project
    [instalment] = services.set_payment_plan(
        project, w.coordinator, [{"planned": datetime.date(2027, 2, 1), "amount": 100_000}]
    )
    return {"pk": project.pk, "instalment_pk": instalment.pk}


def _report_file(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from . import services
    from .tests.factories import make_application

    project = make_application(w, state="granted").project
    report = project.reports.first()
    upload = SimpleUploadedFile("matning.pdf", b"%PDF-1.4\n%%EOF\n")
    stored = services._add_report_file(report, upload, w.testbed_owner)
    return {"pk": project.pk, "report_pk": report.pk, "file_pk": stored.pk}


STAFF = {"anonymous": LOGIN, "external": 403}
MANAGE = {"default": 403, "anonymous": LOGIN, "coordinator": OK, "admin": OK}
HIDDEN = {"default": 404, "anonymous": LOGIN}
# Who sees an application once it has passed pre-screening.
VIEWERS = ("testbed_owner", "innovation_head", "coordinator", "admin", "prescreener", "expert")


def seen_by(ok, forbidden=VIEWERS):
    """``ok`` roles may act; the other viewers get 403; everyone else 404."""
    return {**HIDDEN, **{r: 403 for r in forbidden}, **{r: OK for r in ok}}


ACCESS = {
    "fund:index": Expect(**STAFF),
    "fund:call_create": Expect(**MANAGE),
    "fund:call": Expect(kwargs=_call),
    "fund:call_edit": Expect(kwargs=_call, **MANAGE),
    "fund:call_questions": Expect(kwargs=_call, **MANAGE),
    "fund:call_criteria": Expect(kwargs=_call, **MANAGE),
    "fund:assign": Expect(kwargs=_call, method="POST", **MANAGE),
    "fund:apply": Expect(kwargs=_apply, **STAFF),
    "fund:from_case": Expect(
        kwargs=lambda w: {"pk": w.other_case.pk},
        default=404,
        anonymous=LOGIN,
        external=403,
        advisor_other=OK,
        innovation_head=OK,
        coordinator=OK,
        admin=OK,
    ),
    "fund:overview": Expect(kwargs=_call, **MANAGE, expert=OK),
    "fund:results": Expect(kwargs=_call),
    "fund:application": Expect(kwargs=_answered, **seen_by(VIEWERS)),
    "fund:edit": Expect(
        kwargs=_app("draft"), **seen_by(["testbed_owner"], ["coordinator", "admin"])
    ),
    "fund:delete": Expect(
        kwargs=_app("draft"), **seen_by(["testbed_owner"], ["coordinator", "admin"])
    ),
    "fund:withdraw": Expect(kwargs=_app("review"), method="POST", **seen_by(["testbed_owner"])),
    "fund:signoff": Expect(
        kwargs=_app("signoff"),
        **seen_by(["innovation_head"], ["testbed_owner", "coordinator", "admin"]),
    ),
    "fund:prescreen": Expect(
        kwargs=_app("prescreening"),
        method="POST",
        **seen_by(["prescreener"], ["testbed_owner", "innovation_head", "coordinator", "admin"]),
    ),
    "fund:review": Expect(kwargs=_app("review"), **seen_by(["expert"])),
    "fund:reviewers": Expect(kwargs=_app("review"), **seen_by(["coordinator", "admin"])),
    "fund:decide": Expect(kwargs=_app("review"), **seen_by(["coordinator", "admin"])),
    "fund:letter": Expect(kwargs=_app("granted"), scan=False, **seen_by(VIEWERS)),
    "fund:download": Expect(kwargs=_file, scan=False, **seen_by(VIEWERS)),
    "fund:project": Expect(kwargs=_project, **seen_by(VIEWERS)),
    "fund:report": Expect(kwargs=_report, **seen_by(VIEWERS)),
    "fund:projects": Expect(**MANAGE),
    "fund:accept": Expect(
        kwargs=_project, method="POST", **seen_by(["testbed_owner", "innovation_head"])
    ),
    "fund:conditions": Expect(kwargs=_project, method="POST", **seen_by(["coordinator", "admin"])),
    "fund:payments": Expect(kwargs=_project, **seen_by(["coordinator", "admin"])),
    "fund:paid": Expect(kwargs=_instalment, method="POST", **seen_by(["coordinator", "admin"])),
    "fund:close_out": Expect(kwargs=_project, method="POST", **seen_by(["coordinator", "admin"])),
    "fund:report_decide": Expect(
        kwargs=_report, method="POST", **seen_by(["coordinator", "admin"])
    ),
    "fund:report_file": Expect(kwargs=_report_file, scan=False, **seen_by(VIEWERS)),
    "fund:applications": Expect(**STAFF),
    "fund:applications_export": Expect(kwargs=lambda w: {"fmt": "csv"}, scan=False, **STAFF),
    "fund:statistics": Expect(**MANAGE),
    "fund:export": Expect(kwargs=lambda w: {"fmt": "csv"}, scan=False, **MANAGE),
    "fund:ask": Expect(kwargs=_app("review"), method="POST", **seen_by(["coordinator", "admin"])),
    "fund:resubmit": Expect(kwargs=_sent_back, method="POST", **seen_by(["testbed_owner"])),
    "fund:batch": Expect(kwargs=_waiting_call, **MANAGE),
    "fund:call_report_questions": Expect(kwargs=_call, **MANAGE),
    "fund:form_preview": Expect(kwargs=_call, **MANAGE),
    "fund:call_clone": Expect(kwargs=_call, **MANAGE),
}
