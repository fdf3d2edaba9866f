"""Who reaches the navigator's pages: reading is public, editing is for coordinators."""

from slussen.testing.access import LOGIN, OK, Expect


def actor_slug(w):
    from slussen.navigator import services

    actor = services.save_actor(
        None,
        name="Läkemedelsverket",
        slug="lakemedelsverket",
        kind="agency",
        summary_sv="Medicintekniska produkter.",
        needs=["regulation"],
    )
    return {"slug": actor.slug}


EDITORS = {"coordinator": OK, "admin": OK}

ACCESS = {
    "navigator:directory": Expect(),
    "navigator:guide": Expect(),
    "navigator:detail": Expect(kwargs=actor_slug),
    "navigator:create": Expect(default=403, anonymous=LOGIN, **EDITORS),
    "navigator:edit": Expect(kwargs=actor_slug, default=403, anonymous=LOGIN, **EDITORS),
}
