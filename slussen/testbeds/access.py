"""Who reaches the test environment pages. The catalogue is public; ids point at Södersjukhuset's
environment and a request to it from the company, so Karolinska's testbed owner must not
reach them."""

from slussen.testing.access import LOGIN, OK, Expect


def make_testbed(org, slug="sos-testbadd", **extra):
    from slussen.testbeds import services

    data = {
        "name": "Simuleringscentrum",
        "summary": "Simulering av vårdmiljöer.",
        "offer": "Simuleringssalar med patientsimulatorer.",
        "audience": "Företag och medarbetare.",
        "contact_name": "Kontakt",
        "contact_email": f"{slug}@example.org",
        "open_to": "all",
        "is_published": True,
        **extra,
    }
    return services.save_testbed(None, organisation=org, slug=slug, **data)


def request_in(w):
    from slussen.testbeds import services

    return services.open_request(
        make_testbed(w.sos),
        user=w.external,
        title="Test av larmtjänst",
        description="Vi vill testa vår larmtjänst i simuleringssalen.",
        company="Cuviva AB",
    )


def record_file_in(w):
    """An internal result with its file, recorded for the company's request (the request's case
    is the company's own, not secret): the region's staff and the requester read it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from slussen.testbeds import services

    req = request_in(w)
    rec = services.record(
        req.testbed, w.admin, kind="result", title="Resultat", body="Larmet fungerade.",
        request=req, upload=SimpleUploadedFile("protokoll.txt", b"Protokoll", "text/plain"),
    )  # fmt: skip
    return {"pk": rec.pk, "file_pk": rec.files.get().pk}


SLUG = {"kwargs": lambda w: {"slug": make_testbed(w.sos).slug}}
REQUEST = {"kwargs": lambda w: {"pk": request_in(w).pk}}
OWNERS = {"testbed_owner": OK, "coordinator": OK, "admin": OK}
REGION_WIDE = {"coordinator": OK, "admin": OK}

ACCESS = {
    "testbeds:catalogue": Expect(),
    "testbeds:results": Expect(),
    "testbeds:detail": Expect(**SLUG),
    "testbeds:request": Expect(**SLUG),
    "testbeds:create": Expect(default=403, anonymous=LOGIN, **OWNERS),
    "testbeds:edit": Expect(**SLUG, default=403, anonymous=LOGIN, **REGION_WIDE),
    "testbeds:record": Expect(**SLUG, default=403, anonymous=LOGIN, **REGION_WIDE),
    # A file of a record: whoever may read the record; nobody else learns that it exists.
    "testbeds:record_file": Expect(kwargs=record_file_in, scan=False, anonymous=404),
    "testbeds:inbox": Expect(default=403, anonymous=LOGIN, **OWNERS),
    "testbeds:request_detail": Expect(
        **REQUEST, default=404, anonymous=LOGIN, advisor=OK, external=OK, **REGION_WIDE
    ),
    "testbeds:answer": Expect(
        **REQUEST,
        method="POST",
        default=404,
        anonymous=LOGIN,
        advisor=OK,
        external=403,
        **REGION_WIDE,
    ),
}
