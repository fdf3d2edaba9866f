"""The region-wide strategic projects of 2024 (seed 000: the coordination group's projects and
the test environments). Idempotent: a project already there (by title) is left alone."""

from decimal import Decimal

from . import services
from .models import Project

# (title, summary, lead, participants, partners, directions, years, steps, funding)
# steps: [(transition, text)]; funding: [(funder, programme, amount, currency, from, to)]
PROJECTS = [
    (
        "5G Mobile Health Innovative solutions (5GMHI)",
        "Fortsätter utforska avancerad 5G-teknik i hälso- och sjukvården i sex delprojekt: "
        "platsoberoende mobila vårdlösningar, uppkopplade ambulanser och drönarleverans av "
        "hjärtstartare. Projektet i sin helhet omfattar 8,5 miljoner euro.",
        "rlk-foi",
        ["sos", "aisab", "locum", "tiohundra"],
        "Telia, Hjärtstoppscentrum (KI/SöS)",
        ["testbeds", "integrated"],
        (2024, 2026),
        [
            ("propose", "Samordningsgruppen föreslår att regionen söker CEF-2-medel och "
             "samlar 5G-arbetet i ett EU-projekt."),
            ("comment", "Koncernledningen tillstyrker; medfinansieringen ska rymmas i "
             "verksamheternas budgetar."),
            ("approve", "Tillväxt- och innovationsutskottet beslutar att genomföra projektet."),
        ],
        [("EU", "CEF-2 Digital", Decimal("6400000"), "EUR", 2024, 2026)],
    ),
    (
        "Hemsjukhusvård – regional distansmonitorering",
        "Regionövergripande distansmonitorering av patienter med svår kronisk sjukdom, till "
        "exempel hjärtsvikt och arytmi, för individanpassad vård utanför sjukhusen.",
        "karolinska",
        ["danderyd", "sos", "sodertalje", "slso", "rlk-foi"],
        "Siemens Healthineers, Cuviva, Coala Solutions",
        ["testbeds"],
        (2023, 2025),
        [
            ("propose", "Samordningsgruppen föreslår ett gemensamt projekt med sikte på "
             "implementering i alla akutsjukhus."),
            ("comment", "Koncernledningen betonar att förvaltningen efter projektet ska "
             "planeras tidigt."),
            ("approve", "Utskottet beslutar att genomföra projektet."),
        ],
        [("Vinnova", "", None, "SEK", 2023, 2025)],
    ),
    (
        "Drönartransporter mellan akutsjukhusen",
        "Fortsatt förstudie om drönartransporter av prover, blod och läkemedel mellan "
        "regionens akutsjukhus.",
        "rlk-foi",
        ["karolinska", "danderyd", "sos", "sodertalje"],
        "",
        ["testbeds"],
        (2024, 2025),
        [
            ("propose", "Samordningsgruppen föreslår nästa steg efter förstudien 2023."),
            ("comment", "Koncernledningen har inget att invända."),
            ("approve", "Utskottet beslutar om en fortsatt förstudie."),
        ],
        [],
    ),
    (
        "Regionalt 3D-centrum på Karolinska",
        "Ett regionövergripande center för 3D-visualisering i kliniskt bruk och "
        "innovationsarbete, etablerat 2022 vid Karolinska Universitetssjukhuset.",
        "karolinska",
        ["karolinska-3d", "sos", "danderyd"],
        "",
        ["internal", "testbeds"],
        (2022, None),
        [
            ("propose", "Samordningsgruppen föreslår fortsatt stöd till centret under 2024."),
            ("comment", "Koncernledningen tillstyrker."),
            ("approve", "Utskottet beslutar om fortsatt stöd."),
        ],
        [],
    ),
    (
        "Väntetid i realtid på akutmottagningarna – förstudie",
        "Förstudie om spridning av innovationsprojektet väntetid i realtid till regionens "
        "akutmottagningar.",
        "rlk-foi",
        ["karolinska", "danderyd", "sos", "sodertalje", "tiohundra"],
        "",
        ["integrated"],
        (2024, 2025),
        [
            ("propose", "Samordningsgruppen föreslår en förstudie om spridning till alla "
             "akutmottagningar."),
        ],
        [],
    ),
    (
        "AI-verktyg för fallprevention",
        "Utvärdering av ett AI-verktyg för fallprevention som övergått i en regiongemensam "
        "upphandling, koordinerad av Södertälje sjukhus.",
        "sodertalje",
        ["danderyd"],
        "",
        ["procurement"],
        (2024, 2025),
        [
            ("propose", "Samordningsgruppen föreslår en regiongemensam upphandling."),
            ("comment", "Koncernledningen vill att upphandlingen samordnas med SF Upphandling."),
        ],
        [],
    ),
]  # fmt: skip


def seed(region):
    coordinator = region.people["maria.sjoberg"]
    created = 0
    for title, summary, lead, orgs, partners, directions, years, steps, funding in PROJECTS:
        if Project.objects.filter(title=title).exists():
            continue
        project = services.save_project(
            coordinator,
            title=title,
            summary=summary,
            lead_organisation=region.orgs[lead],
            organisations=[region.orgs[code] for code in orgs],
            partners=partners,
            start_year=years[0],
            end_year=years[1],
            directions=directions,
        )
        for code, text in steps:
            services.take_step(project, code, coordinator, reason=text)
        for funder, programme, amount, currency, start, end in funding:
            services.add_funding(
                project,
                coordinator,
                funder=funder,
                programme=programme,
                amount=amount,
                currency=currency,
                start_year=start,
                end_year=end,
            )
        created += 1
    return f"strategic: {Project.objects.count()} projects ({created} new)"
