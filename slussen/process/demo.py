"""Demo innovation cases drawn from the seeds (innovation report 2024, section 4.3). Idempotent:
a case already in the process is left alone."""

from datetime import timedelta

from django.utils import timezone

from slussen.accounts.models import Membership, User
from slussen.cases.models import Case
from slussen.core.permissions import can

from . import guards, services
from .models import (
    Adoption,
    AdoptionStep,
    ChecklistItem,
    Funding,
    GateRequest,
    Indicator,
    InnovationCase,
    Participant,
    PhaseRun,
    RolloutWave,
)
from .templates_data import SCREENING, ensure_seeded

# Who manages the demo's receiving units (``demo/region.py``) and so confirms "in use".
UNIT_MANAGERS = {
    "hsa-se2321000016-d106": "erik.bergstrom",
    "hsa-se2321000016-d303": "helena.lund",
    "hsa-se2321000016-d206": "peter.wallin",
}

BASIS = {
    "go": "Beslutspunkten är genomgången: underlaget räcker för att gå vidare.",
    "back": "Testet visade att behovet behöver preciseras innan vi går vidare.",
    "pause": "Väntar på besked om finansiering.",
}

# Every case answers the compulsory screening "software or a device with a medical purpose?"
# when it starts: yes (done) leads to the MDR items, no is judged not applicable.
MEDICAL_PURPOSE = {
    "AI-baserat beslutsstöd för tidig upptäckt av muncancer": (
        "Programvara som stödjer diagnos av muncancer: medicinskt syfte."
    ),
    "CLEOS – digital anamnes med AI vid bröstsmärta": (
        "Beslutsstöd vid bröstsmärta: programvara med medicinskt syfte."
    ),
    "Bakteriefria vattenlås mot multiresistenta bakterier": (
        "Produkt som ska förebygga vårdrelaterade infektioner: medicinskt syfte."
    ),
    "Informationsdriven vård med AI": (
        "Prediktionsmodeller som ska styra vården kan ha medicinskt syfte; klassas i förstudien."
    ),
}
NO_MEDICAL_PURPOSE = "Inget medicinskt syfte: varken diagnos, behandling eller övervakning."

# Line managers who own the demo cases in their organisations: (e-mail local part, name, org).
LINE_MANAGERS = [
    ("helena.strom", "Helena Ström", "ftv"),
    ("mikael.lund", "Mikael Lund", "aisab"),
    ("sofia.berg", "Sofia Berg", "danderyd"),
    ("per.wallin", "Per Wallin", "trafik"),
    ("ingrid.falk", "Ingrid Falk", "locum"),
]

# title -> (type, novelty, degree, directions, perspectives, line owner, advisor,
#           days ago started, [(days ago, decision, target code or None, overlap)], extras)
CASES = {
    "IVA-dagboken": (
        "service",
        "organisation",
        "incremental",
        ["internal_development"],
        ["quality", "new_services"],
        "erik.bergstrom",
        "sara.holm",
        420,
        [
            (390, "go", None, False),
            (350, "go", None, False),
            (300, "go", None, False),
            (200, "go", None, False),
            (120, "go", None, False),
            (30, "go", None, False),
        ],
        {
            "spread_plan": "IVA på SöS först, därefter Danderyd och Karolinska Solna under 2025.",
            "maintenance_plan": "VO Anestesi och intensivvård förvaltar dagboken; årlig översyn.",
            # (unit code, days ago, status, pilot): the pilot at SöS IVA, then two waves
            "adoptions": [
                ("hsa-se2321000016-d106", 150, "in_use", True),
                ("hsa-se2321000016-d303", 90, "in_use", False),
                ("hsa-se2321000016-d206", 20, "started", False),
                ("hsa-se2321000016-d402", 10, "planned", False),
            ],
            "funding": [("Innovationsfonden", 350000, 2024, 50000, "Södersjukhuset")],
            "showcase": {
                "problem_sv": "Många som vårdats på IVA minns inte tiden där, och luckorna "
                "i minnet försvårar återhämtningen, med oro, mardrömmar och posttraumatisk stress.",
                "problem_en": "Many people treated in intensive care do not remember their time "
                "there, and the gaps slow their recovery: anxiety, nightmares, post-traumatic "
                "stress.",
                "solution_sv": "Personalen skriver en dagbok med patienten och de närstående under "
                "vårdtiden. Dagboken lämnas till patienten och gås igenom vid ett uppföljande "
                "besök.",
                "solution_en": "The staff keep a diary with the patient and the family during the "
                "stay. The patient receives it and goes through it at a follow-up visit.",
            },
            "indicator": (
                "Andel IVA-patienter med dagbok",
                "%",
                5,
                80,
                [(200, 22), (90, 61), (20, 74)],
            ),
        },
    ),
    "AI-baserat beslutsstöd för tidig upptäckt av muncancer": (
        "medical_device",
        "sweden",
        "radical",
        ["internal_development", "integrated"],
        ["quality", "insight"],
        "helena.strom",
        "maria.sjoberg",
        300,
        [(260, "go", None, False), (200, "go", None, False)],
        {"funding": [("Innovationsfonden", 600000, 2024, 0, "")]},
    ),
    "Dynamisk dimensionering av ambulansresurser": (
        "service",
        "sweden",
        "radical",
        ["internal_development"],
        ["efficiency"],
        "mikael.lund",
        "maria.sjoberg",
        330,
        [
            (300, "go", None, False),
            (260, "go", "concept", True),
            (200, "go", "pilot", False),
            (150, "back", "concept", False),
            (100, "go", "pilot", False),
        ],
        {
            "funding": [("Innovationsfonden", 480000, 2024, 120000, "HSF")],
            "indicator": (
                "Spridning i väntetid (minuter, 90:e percentil)",
                "min",
                38,
                25,
                [(60, 31)],
            ),
        },
    ),
    "Pilot med eldriven bärplansbåt i kollektivtrafiken": (
        "system",
        "world",
        "radical",
        ["test_environments", "procurement"],
        ["efficiency", "new_services"],
        "per.wallin",
        "maria.sjoberg",
        500,
        [(420, "go", None, False)],
        {
            "procurement": "innovation_partnership",
            "funding": [
                ("Trafikverket FoI (TRV2020/50879)", 4000000, 2023, 1000000, "Trafikförvaltningen")
            ],
            "participants": [
                ("Projektledning Candela", "candela", "Leverantör och byggare av fartyget")
            ],
        },
    ),
    "CLEOS – digital anamnes med AI vid bröstsmärta": (
        "process",
        "sweden",
        "incremental",
        ["integrated"],
        ["efficiency", "quality"],
        "sofia.berg",
        "maria.sjoberg",
        400,
        [(360, "go", None, False), (240, "go", None, False), (150, "go", None, False)],
        {
            "spread_plan": "Akutmottagningarna på SöS och Karolinska efter utvärderingen.",
        },
    ),
    "Bakteriefria vattenlås mot multiresistenta bakterier": (
        "medical_device",
        "organisation",
        "incremental",
        ["internal_development"],
        ["quality"],
        "ingrid.falk",
        "maria.sjoberg",
        250,
        [(200, "go", None, False), (150, "pause", None, False)],
        {"funding": [("Innovationsfonden", 250000, 2024, 0, "")]},
    ),
    "Informationsdriven vård med AI": (
        "system",
        "sweden",
        "radical",
        ["integrated"],
        ["insight", "efficiency"],
        None,
        "johan.nyberg",
        200,
        [],
        {"stale_days": 120},
    ),
}


def _screen(ic, actor, title):
    item = ChecklistItem.objects.get(phase__template=ic.template, code=SCREENING)
    if title in MEDICAL_PURPOSE:
        services.save_checklist(ic, actor, {item.pk: ("done", MEDICAL_PURPOSE[title])})
    else:
        services.save_checklist(ic, actor, {item.pk: ("not_applicable", NO_MEDICAL_PURPOSE)})


def _tick_required(ic, actor, phases):
    """The demo's cases did their regulation work in every phase they passed: the items their
    template requires and, once screened as having a medical purpose, the MDR items."""
    answered = set(ic.answers.exclude(state="open").values_list("item_id", flat=True))
    medical = guards.medical_purpose(ic)
    items = [
        item
        for item in ChecklistItem.objects.filter(phase__in=phases).exclude(
            code__in=services.DERIVED
        )
        if item.pk not in answered and guards.required(ic, item, medical)
    ]
    services.save_checklist(ic, actor, {i.pk: ("done", "") for i in items})


def _line_managers(region):
    from slussen.demo.management.commands.seed_demo import email_of
    from slussen.demo.region import DEMO_PASSWORD

    people = dict(region.people)
    for local, name, org in LINE_MANAGERS:
        user = User.objects.filter(email=email_of(local)).first()
        if user is None:
            user = User.objects.create_user(email_of(local), DEMO_PASSWORD, full_name=name)
        Membership.objects.get_or_create(user=user, organisation=region.orgs[org], role="manager")
        people[local] = user
    return people


def _decide_with_mandate(ic, advisor, coordinator, *, decision, to_phase, **fields):
    """As the region decides: green by the advisor; yellow asked by the advisor and approved
    by the line manager in Slussen; red recorded by leadership (the central coordinator)."""
    from .guards import passed_phases, required_zone
    from .rules import line_managers

    zone = "green"
    if decision == "go":
        phases = list(ic.template.phases.order_by("order"))
        later = [p for p in phases if p.order > ic.phase.order]
        target = to_phase or (later[0] if later else None)
        context = {"here": ic.phase, "to_phase": target}
        zone = required_zone(ic, context)
        _tick_required(ic, coordinator, passed_phases(ic, context))
    manager = line_managers(ic).first()
    if zone == "yellow" and manager is None:
        zone = "red"
    decider = advisor if zone != "red" and can(advisor, "process.decide", ic) else coordinator
    fields.update(decision=decision, to_phase=to_phase, zone=zone)
    result = services.decide(ic, decider, manager=manager, **fields)
    if isinstance(result, GateRequest):
        services.answer_request(result, manager, approve=True, answer="Godkänt.")


def seed(region):
    ensure_seeded()
    people, orgs = _line_managers(region), region.orgs
    coordinator = people["maria.sjoberg"]
    today = timezone.localdate()
    made = 0
    for title, spec in CASES.items():
        itype, novelty, degree, directions, perspectives, owner, advisor, ago, steps, extra = spec
        case = Case.objects.filter(title=title).first()
        if case is None or InnovationCase.objects.filter(case=case).exists():
            continue
        actor = people[advisor] if advisor != "maria.sjoberg" else coordinator
        ic = services.start(
            case,
            coordinator,
            innovation_type=itype,
            novelty=novelty,
            degree=degree,
            directions=directions,
            perspectives=perspectives,
            line_owner=people.get(owner),
            advisor=people[advisor],
        )
        PhaseRun.objects.filter(innovation=ic).update(started=today - timedelta(days=ago))
        _screen(ic, people[advisor], title)
        fields = {}
        if "spread_plan" in extra:
            fields.update(
                spread_plan=extra["spread_plan"], receiving_owner=people.get(owner) or actor
            )
        if "maintenance_plan" in extra:
            fields.update(
                maintenance_plan=extra["maintenance_plan"], maintenance_owner=people[owner]
            )
        if "procurement" in extra:
            fields["procurement"] = extra["procurement"]
        if fields:
            ic = services.update(ic, coordinator, "plans", **fields)
        for days, decision, target, overlap in steps:
            ic.refresh_from_db()
            _decide_with_mandate(
                ic,
                people[advisor],
                coordinator,
                decision=decision,
                basis=BASIS[decision],
                decided_on=today - timedelta(days=days),
                to_phase=ic.template.phases.get(code=target) if target else None,
                overlap=overlap,
            )
        waves = {}
        for unit, days, status, pilot in extra.get("adoptions", []):
            wave = None
            if not pilot:
                number = 1 if days > 30 else 2
                wave = waves.get(number) or RolloutWave.objects.create(
                    innovation=ic,
                    name=f"Våg {number}",
                    planned_start=today - timedelta(days=days + 30),
                )
                waves[number] = wave
            adoption = Adoption.objects.create(
                innovation=ic,
                unit=orgs[unit],
                wave=wave,
                pilot=pilot,
                planned_on=today - timedelta(days=days),
                adopted_on=today - timedelta(days=days),
                status=status,
                confirmed_by=people.get(UNIT_MANAGERS.get(unit, ""))
                if status == "in_use"
                else None,
            )
            path = ["planned", "started", "in_use"]
            for n, code in enumerate(path[: path.index(status) + 1]):
                AdoptionStep.objects.create(
                    adoption=adoption,
                    status=code,
                    on=today - timedelta(days=days + 30 * (path.index(status) - n)),
                    by=adoption.confirmed_by if code == "in_use" else people[advisor],
                )
        for funder, amount, year, co, co_by in extra.get("funding", []):
            Funding.objects.create(
                innovation=ic,
                funder=funder,
                amount=amount,
                period_start=today.replace(year=year, month=1, day=1),
                period_end=today.replace(year=year, month=12, day=31),
                co_financing=co,
                co_financing_by=co_by,
            )
        for name, org, role in extra.get("participants", []):
            Participant.objects.create(innovation=ic, name=name, organisation=orgs[org], role=role)
        if "indicator" in extra:
            name, unit, baseline, target, values = extra["indicator"]
            indicator = Indicator.objects.create(
                innovation=ic, name=name, unit=unit, baseline=baseline, target=target
            )
            for days, value in values:
                indicator.measurements.create(measured_on=today - timedelta(days=days), value=value)
        if "showcase" in extra:
            services.save_showcase(ic, people[advisor], **extra["showcase"])
        last = timezone.now() - timedelta(days=extra.get("stale_days", 3))
        InnovationCase.objects.filter(pk=ic.pk).update(last_activity=last)
        made += 1
    total = InnovationCase.objects.count()
    return f"Innovation process: {made} new innovation cases ({total} in all)."
