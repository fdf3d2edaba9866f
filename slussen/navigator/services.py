from django.db import transaction

from slussen.core import audit

from .models import Actor, ActorFacet

FIELDS = (
    "name",
    "short_name",
    "slug",
    "kind",
    "summary_sv",
    "summary_en",
    "website",
    "email",
    "phone",
    "organisation",
)


def save_actor(actor_user, actor: Actor | None = None, *, needs, phases=(), types=(), **data):
    """Create or update an actor with its needs, phases and innovation types."""
    data = {k: v for k, v in data.items() if k in FIELDS}
    with transaction.atomic():
        created = actor is None
        if created:
            actor = Actor.objects.create(**data)
        else:
            for key, value in data.items():
                setattr(actor, key, value)
            actor.save()
            actor.facets.all().delete()
        ActorFacet.objects.bulk_create(
            [ActorFacet(actor=actor, facet="need", code=c) for c in needs]
            + [ActorFacet(actor=actor, facet="phase", code=c) for c in phases]
            + [ActorFacet(actor=actor, facet="type", code=c) for c in types]
        )
        audit.record(
            actor_user,
            "navigator.create" if created else "navigator.edit",
            actor,
            needs=sorted(needs),
            phases=sorted(phases),
            types=sorted(types),
        )
    return actor
