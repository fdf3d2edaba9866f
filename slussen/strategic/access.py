"""Who reaches the strategic portfolio: the region's staff read it, coordinators run it."""

from slussen.testing.access import LOGIN, OK, Expect


def make_project(w, title="Drönartransporter mellan akutsjukhusen"):
    from slussen.strategic import services
    from slussen.strategic.workflows import ensure_defined

    ensure_defined()
    return services.save_project(
        w.coordinator,
        title=title,
        summary="Förstudie om drönartransporter.",
        lead_organisation=w.foi,
        directions=["testbeds"],
        organisations=[w.sos, w.karolinska],
    )


def funding_kwargs(w):
    from slussen.strategic import services

    project = make_project(w)
    funding = services.add_funding(
        project, w.coordinator, funder="Vinnova", amount=None, currency="SEK",
        start_year=2024, end_year=2025,
    )  # fmt: skip
    return {"pk": project.pk, "funding_pk": funding.pk}


PROJECT = {"kwargs": lambda w: {"pk": make_project(w).pk}}
RUNNERS = {"coordinator": OK, "admin": OK}

ACCESS = {
    "strategic:portfolio": Expect(anonymous=LOGIN, external=403),
    "strategic:detail": Expect(**PROJECT, anonymous=LOGIN, external=403),
    "strategic:create": Expect(default=403, anonymous=LOGIN, **RUNNERS),
    "strategic:edit": Expect(**PROJECT, default=403, anonymous=LOGIN, **RUNNERS),
    "strategic:step": Expect(**PROJECT, method="POST", default=403, anonymous=LOGIN, **RUNNERS),
    "strategic:add_funding": Expect(
        **PROJECT, method="POST", default=403, anonymous=LOGIN, **RUNNERS
    ),
    "strategic:remove_funding": Expect(
        kwargs=funding_kwargs, default=403, anonymous=LOGIN, **RUNNERS
    ),
}
