"""Who reaches intake's pages. The public forms and the tracking page (its token is the key)
are open to everybody; triage pages take Karolinska's secret case, so SöS people get 404."""

from slussen.testing.access import LOGIN, OK, Expect

EMPLOYEES = {"default": OK, "anonymous": LOGIN, "external": 403}
HANDLERS = {
    "default": 403,
    "anonymous": LOGIN,
    "advisor": OK,
    "advisor_other": OK,
    "innovation_head": OK,
    "coordinator": OK,
    "admin": OK,
}
OTHER_CASE = {
    "kwargs": lambda w: {"pk": w.other_case.pk},
    "default": 404,
    "anonymous": LOGIN,
    "external": 403,  # submitted it, may follow it, may not triage it
    "advisor_other": OK,
    "innovation_head": OK,
    "coordinator": OK,
    "admin": OK,
}


def token(w):
    from slussen.intake import services

    data = {"title": "Bättre skyltning", "description": "Skyltarna till röntgen är otydliga."}
    _submission, token = services.submit_proposal(data, language="sv", client="matrix")
    return {"token": token}


def pending_inquiry(w):
    import secrets

    from slussen.intake import services

    email = f"kim{secrets.token_hex(4)}@sensor.example"
    data = {"kind": "collaboration", "title": "Samarbete om sensorer",
            "description": "Vi vill samarbeta.", "company_name": "Sensor AB",
            "contact_name": "Kim Ek", "email": email}  # fmt: skip
    pending = services.request_company_inquiry(data, language="sv", client="matrix")
    return {"token": pending.token}


def join_link(w):
    from django.core import signing

    from slussen.intake import services

    payload = {"c": w.case.pk, "e": "pia@example.net", "l": "sv", "n": ""}
    return {"token": signing.dumps(payload, salt=services.JOIN_SALT, compress=True)}


def employee_draft_file(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from slussen.intake import services

    upload = SimpleUploadedFile("skiss.pdf", b"%PDF-1.4\n%%EOF\n")
    return {"pk": services.keep_files(w.employee, [upload])[0].pk}


ACCESS = {
    "intake:idea": Expect(**EMPLOYEES),
    "intake:draft": Expect(method="POST", scan=False, **EMPLOYEES),
    "intake:draft_discard": Expect(method="POST", scan=False, **EMPLOYEES),
    "intake:draft_file_delete": Expect(
        kwargs=employee_draft_file,
        method="POST",
        scan=False,
        default=404,
        anonymous=LOGIN,
        external=403,
        employee=OK,
    ),
    "intake:proposal": Expect(),
    "intake:company": Expect(),
    "intake:company_check": Expect(),
    "intake:company_confirm": Expect(kwargs=pending_inquiry),
    "intake:similar": Expect(scan=False),
    # Anybody may say that a public case's need is theirs too, except its own submitter and
    # those who handle it (SöS's advisor; the coordinator and the administrator handle all).
    # A public case: who may not support it (its submitter, its handlers) is told why.
    "intake:join": Expect(kwargs=lambda w: {"pk": w.case.pk}),
    "intake:join_check": Expect(),
    "intake:colleagues": Expect(anonymous=LOGIN, external=403),
    "intake:join_confirm": Expect(kwargs=join_link),
    # Only on a shared idea (world's case is not shared): nobody finds one that is not.
    "intake:colleague_comment": Expect(
        kwargs=lambda w: {"pk": w.case.pk},
        method="POST",
        scan=False,
        default=404,
        anonymous=LOGIN,
    ),
    "intake:track": Expect(kwargs=token),
    "intake:reply": Expect(kwargs=token, method="POST", scan=False),
    "intake:share": Expect(kwargs=token, method="POST", scan=False),
    "intake:queue": Expect(**HANDLERS),
    "intake:assign": Expect(method="POST", scan=False, **HANDLERS),
    "intake:case": Expect(**OTHER_CASE),
    "intake:decide": Expect(method="POST", scan=False, **OTHER_CASE),
    "intake:link": Expect(method="POST", scan=False, **OTHER_CASE),
    "intake:merge": Expect(method="POST", scan=False, **OTHER_CASE),
}
