"""Demo challenges for the demo region, drawn from the 2024 innovation report (fall prevention,
lower climate impact): one open for ideas with two ideas in, one decided with its panel's
scores and its chosen idea in the innovation process. Idempotent."""

from datetime import timedelta

from django.utils import timezone

from slussen.core import workflow

from . import services
from .models import Challenge, Entry
from .workflows import ensure_defined

FALLS = "Färre fall på våra avdelningar"
CLIMATE = "Grönare vård – mindre klimatpåverkan i vardagen"


def _criteria(*rows):
    return [{"name_sv": sv, "name_en": en, "weight": w} for sv, en, w in rows]


def _idea(title, problem, for_whom, suggestion=""):
    return {
        "kind": "idea",
        "title": title,
        "problem": problem,
        "for_whom": for_whom,
        "suggestion": suggestion,
    }


def _open(region, today):
    p = region.people
    challenge = services.create(
        p["sara.holm"],
        owner=p["sara.holm"],
        panel=[p["erik.bergstrom"], p["eva.strand"]],
        criteria=_criteria(
            ("Nytta för patienterna", "Benefit to patients", 3),
            ("Genomförbar på avdelningen", "Feasible on the ward", 2),
            ("Nyhetsvärde", "Novelty", 1),
        ),
        title=FALLS,
        title_en="Fewer falls on our wards",
        description_en=(
            "Falls among older patients are among the most common injuries in care. The region "
            "is already evaluating an AI tool for fall prevention; now we want staff's ideas on "
            "what more can be done on the wards – at night, when patients move, in the setting."
        ),
        description=(
            "Fall bland äldre patienter är en av de vanligaste vårdskadorna. Regionen utvärderar "
            "redan ett AI-verktyg för fallprevention; nu vill vi ha medarbetarnas idéer om vad "
            "mer som kan göras på avdelningarna – på natten, vid förflyttningar, i miljön."
        ),
        audience="employees",
        organisation=region.orgs["sos"],
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=35),
    )
    workflow.apply(challenge, "open", p["sara.holm"])
    services.submit_idea(
        challenge,
        p["anna.lindqvist"],
        _idea(
            "Sensorlarm när patienten reser sig på natten",
            "Patienter med fallrisk reser sig på natten utan att be om hjälp och faller på väg "
            "till toaletten.",
            "Äldre patienter med fallrisk och nattpersonalen",
            "En tryckkänslig matta vid sängen som larmar personalen diskret.",
        ),
    )
    services.submit_idea(
        challenge,
        p["erik.bergstrom"],
        _idea(
            "Halkfria strumpor i stället för egna tofflor",
            "Många fall sker när patienter går i strumplästen eller i dåligt sittande tofflor.",
            "Inneliggande patienter",
        ),
    )


def _decided(region, today):
    p = region.people
    owner = p["karin.ekman"]
    challenge = services.create(
        owner,
        owner=owner,
        panel=[p["johan.nyberg"], p["eva.strand"]],
        criteria=_criteria(
            ("Minskad klimatpåverkan", "Lower climate impact", 3),
            ("Genomförbarhet", "Feasibility", 2),
        ),
        title=CLIMATE,
        title_en="Greener care – less climate impact every day",
        description_en=(
            "Health care accounts for a large part of the region's emissions. Which habits, "
            "products and flows of everyday work can change? Ideas from everyone – staff, "
            "patients and visitors."
        ),
        description=(
            "Hälso- och sjukvården står för en stor del av regionens utsläpp. Vilka vanor, "
            "produkter och flöden i vardagen kan ändras? Idéer från alla – medarbetare, patienter "
            "och besökare."
        ),
        audience="public",
        organisation=region.orgs["karolinska"],
        opens_on=today,
        closes_on=today + timedelta(days=30),
    )
    workflow.apply(challenge, "open", owner)
    sent = [
        services.submit_idea(
            challenge,
            p["anna.lindqvist"],
            _idea(
                "Flergångsrockar på operation",
                "Engångsrockar på operation blir stora mängder avfall varje dag.",
                "Operationsavdelningar",
                "Prova flergångsrockar som tvättas, som i regionens cirkulära produktflöden.",
            ),
        )[0],
        services.submit_proposal(
            challenge,
            {
                "title": "Digitala kallelser i stället för papper",
                "description": (
                    "Jag får kallelser på papper fast jag har 1177. Skicka dem digitalt."
                ),
                "email": "karl.besokare@example.net",
            },
            language="sv",
            client="demo",
        )[0],
    ]
    # The campaign ran two months ago: its dates as they were.
    Challenge.objects.filter(pk=challenge.pk).update(
        opens_on=today - timedelta(days=90), closes_on=today - timedelta(days=60)
    )
    challenge.refresh_from_db()
    workflow.apply(challenge, "evaluate", owner)
    entries = [s.case.challenge_entry for s in sent]
    criteria = list(challenge.criteria.all())
    for expert, values in (
        (p["johan.nyberg"], [(5, 4), (3, 5)]),
        (p["eva.strand"], [(4, 3), (3, 4)]),
    ):
        for entry, pair in zip(entries, values, strict=True):
            services.score(
                entry, expert, {c.pk: (v, "") for c, v in zip(criteria, pair, strict=True)}
            )
    services.decide(
        challenge,
        owner,
        [entries[0]],
        reason="Störst minskning av avfall och utsläpp, och lätt att pröva på en avdelning först.",
    )


def seed(region) -> str:
    ensure_defined()
    today = timezone.localdate()
    made = 0
    if not Challenge.objects.filter(title=FALLS).exists():
        _open(region, today)
        made += 1
    if not Challenge.objects.filter(title=CLIMATE).exists():
        _decided(region, today)
        made += 1
    return f"Challenges: {made} new, {Entry.objects.count()} ideas in challenges."
