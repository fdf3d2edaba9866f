"""Who reaches the annual report's pages. The survey response is Södersjukhuset's, so the head
of innovation (Karolinska) must get 404: another organisation's answers do not leak."""

from slussen.testing.access import LOGIN, OK, Expect

COORDINATORS = {"default": 403, "anonymous": LOGIN, "coordinator": OK, "admin": OK}


def round_kwargs(w):
    from .testing import make_round

    return {"year": make_round().year}


def response_kwargs(w):
    from .testing import make_round, response_for

    return {"pk": response_for(make_round(), w.sos).pk}


YEAR = {"kwargs": lambda w: {"year": 2024}}


def edition_kwargs(w):
    from .testing import published_edition

    edition = published_edition(w)
    return {"year": edition.year, "number": edition.number}


def organisation_kwargs(w):
    from .testing import published_edition

    published_edition(w)
    return {"pk": w.karolinska.pk}


def publish_data(w):
    from .testing import make_round, response_for

    response_for(make_round(2024), w.karolinska)  # nothing submitted: the publish is refused
    return {"change_note": ""}


ACCESS = {
    "bokslut:index": Expect(
        default=403, anonymous=LOGIN, innovation_head=OK, coordinator=OK, admin=OK
    ),
    "bokslut:round_create": Expect(**COORDINATORS),
    "bokslut:round": Expect(kwargs=round_kwargs, **COORDINATORS),
    "bokslut:round_send": Expect(kwargs=round_kwargs, method="POST", **COORDINATORS),
    "bokslut:response": Expect(
        kwargs=response_kwargs, default=404, anonymous=LOGIN, coordinator=OK, admin=OK
    ),
    "bokslut:response_autosave": Expect(
        kwargs=response_kwargs,
        method="POST",
        default=404,
        anonymous=LOGIN,
        coordinator=403,
        admin=403,
    ),
    "bokslut:response_reopen": Expect(
        kwargs=response_kwargs,
        method="POST",
        default=404,
        anonymous=LOGIN,
        coordinator=OK,
        admin=OK,
    ),
    "bokslut:compilation": Expect(**COORDINATORS),
    "bokslut:report": Expect(**YEAR, **COORDINATORS),
    "bokslut:report_texts": Expect(**YEAR, **COORDINATORS),
    "bokslut:report_pdf": Expect(**YEAR, scan=False, **COORDINATORS),
    "bokslut:report_xlsx": Expect(**YEAR, scan=False, **COORDINATORS),
    "bokslut:publish": Expect(**YEAR, method="POST", data=publish_data, **COORDINATORS),
    # The published report is a public document: anyone, signed in or not.
    "bokslut:published": Expect(),
    "bokslut:edition": Expect(kwargs=edition_kwargs),
    "bokslut:edition_pdf": Expect(kwargs=edition_kwargs, scan=False),
    "bokslut:edition_xlsx": Expect(kwargs=edition_kwargs, scan=False),
    "bokslut:organisation": Expect(kwargs=organisation_kwargs),
}
