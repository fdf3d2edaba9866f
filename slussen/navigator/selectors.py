"""Who helps with what: the directory's and the guide's reads."""

from django.db.models import Count, Q

from slussen.core import search

from .models import Actor, ActorFacet


def _with(facet, code):
    return ActorFacet.objects.filter(facet=facet, code=code).values("actor_id")


def _any(facet):
    return ActorFacet.objects.filter(facet=facet).values("actor_id")


def actors(*, need="", phase="", type="", kind="", q=""):
    """Actors that help with ``need`` in ``phase`` for ``type``; an actor with no phase (or no
    type) at all counts as helping in every phase (with every type)."""
    qs = Actor.objects.select_related("organisation").prefetch_related("facets")
    if need:
        qs = qs.filter(pk__in=_with("need", need))
    if phase:
        qs = qs.filter(Q(pk__in=_with("phase", phase)) | ~Q(pk__in=_any("phase")))
    if type:
        qs = qs.filter(Q(pk__in=_with("type", type)) | ~Q(pk__in=_any("type")))
    if kind:
        qs = qs.filter(kind=kind)
    if q.strip():  # every word, in any inflection, by its beginning or as part of a compound
        qs = search.narrow(qs, "actor", q.strip())
    # The most specific first: an actor tagged with fewer needs is more to the point.
    return qs.annotate(
        breadth=Count("facets", filter=Q(facets__facet="need"), distinct=True)
    ).order_by("breadth", "name")


def guide(user, *, type, phase, need):
    """The guide's answer: the system's actors, and the region's own contacts."""
    found = list(actors(need=need, phase=phase, type=type))
    answer = {
        "actors": [a for a in found if a.kind != Actor.Kind.REGION],
        "region": [a for a in found if a.kind == Actor.Kind.REGION],
        "own_units": [],
    }
    if user.is_authenticated:
        from slussen.accounts.models import Organisation

        ids = set()
        for org in Organisation.objects.filter(memberships__user=user):
            ids.update(org.ancestor_ids())
        units = Organisation.objects.filter(pk__in=ids).exclude(innovation_unit="")
        answer["own_units"] = list(units.exclude(kind=Organisation.Kind.REGION))
    return answer
