"""Demo data for the annual innovation report, drawn from Region Stockholm's report 2024
(seed 000): survey rounds 2022–2024 whose per-organisation answers give the region's maturity
3.0 (2022), 3.28 (2023) and 3.20 (2024) with 14 reporting bodies in 2024, the coordinator's
narrative for 2024, and the 2025 round under way. Idempotent."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from slussen.accounts.models import Membership, User
from slussen.accounts.roles import Role
from slussen.core import workflow

from .models import ReportText, Response, ResponseCase, SurveyRound
from .rubric import DIMENSIONS
from .workflows import RESPONSE_WORKFLOW, ensure_defined

# Heads of the innovation units (Karolinska's, Karin Ekman, is in the demo region already).
HEADS = {
    "hsf": ("helena.aberg", "Helena Åberg"),
    "danderyd": ("per.sandberg", "Per Sandberg"),
    "sos": ("cecilia.noren", "Cecilia Norén"),
    "sodertalje": ("mikael.forsberg", "Mikael Forsberg"),
    "tiohundra": ("ingrid.wallin", "Ingrid Wallin"),
    "slso": ("fredrik.lund", "Fredrik Lund"),
    "sankt-erik": ("sofia.engstrom", "Sofia Engström"),
    "ftv": ("jonas.blom", "Jonas Blom"),
    "aisab": ("linda.hedlund", "Linda Hedlund"),
    "medicarrier": ("oskar.falk", "Oskar Falk"),
    "locum": ("therese.nystrom", "Therese Nyström"),
    "trafik": ("anders.lilja", "Anders Lilja"),
    "kultur": ("maja.ek", "Maja Ek"),
}

# Overall maturity per year and organisation. The means are exactly 3.00, 3.28 and 3.20.
SCORES = {
    2022: {
        "karolinska": "3.7", "sos": "3.4", "danderyd": "3.1", "slso": "3.2",
        "sodertalje": "2.9", "ftv": "2.8", "aisab": "2.7", "hsf": "2.2",
    },
    2023: {
        "karolinska": "4.0", "sos": "3.7", "danderyd": "3.4", "slso": "3.5",
        "sodertalje": "3.3", "tiohundra": "3.0", "ftv": "3.2", "aisab": "3.1",
        "hsf": "3.0", "trafik": "2.6",
    },
    2024: {
        "karolinska": "4.0", "sos": "3.8", "danderyd": "3.5", "slso": "3.6",
        "sodertalje": "3.2", "tiohundra": "2.9", "sankt-erik": "3.3", "ftv": "3.4",
        "aisab": "3.3", "hsf": "3.1", "medicarrier": "2.6", "locum": "3.0",
        "trafik": "2.8", "kultur": "2.3",
    },
}  # fmt: skip

# Part 1 for 2024, per organisation, from the organisations' reporting in seed 000.
WORK_2024 = {
    "karolinska": (
        "Det regionövergripande 3D-visualiseringscentret har vidareutvecklats med stöd av "
        "samordningsgruppen innovation. Karolinska är en av koordinatorerna för EUHA:s "
        "innovationsnätverk.",
        "Informationsdriven vård med AI och projektet AI-transformation inom svensk hälso- och "
        "sjukvård, ett globalt partnerskap med Unity Health Toronto.",
        "Karolinska leder Sjukhusvård i Hemmet och deltar i Hemsjukhusvård, "
        "distansmonitorering av patienter med svår kronisk sjukdom.",
        "Deltar i ReGlove, cirkulär hantering av handskar, med RLK Hållbarhet och SF Upphandling.",
    ),
    "sos": (
        "Innovationsstrategin är ett stöd vid utformningen av lokala innovations- och "
        "utvecklingsstrategier och för att förankra inriktningen hos ledningen. Indikatorerna "
        "används för att kommunicera behov kopplade till struktur och medel.",
        "IVA-dagboken, AI-analys av fritextsvar i den nationella graviditetsenkäten och "
        "samverkansprojektet Minska onödiga avbrott mellan VO Kardiologi och SöS Innovation.",
        "Delprojekt i 5GMHI tillsammans med Hjärtstoppscentrum (KI/SöS).",
        "",
    ),
    "danderyd": (
        "Både en innovationsstrategi och en tydlig innovationsprocess är nödvändiga för att kunna "
        "arbeta med innovation lokalt.",
        "CLEOS – digital anamnes med AI vid bröstsmärta, och Höra & Göra, programvara för "
        "barnlogopedi, med stöd av Innovationsfonden.",
        "Deltar i Hemsjukhusvård och Sjukhusvård i Hemmet.",
        "Expertrepresentation i den regiongemensamma upphandlingen av AI-stöd för fallprevention.",
    ),
    "slso": (
        "Innovationsnätverket av medarbetare som genomgått innovationsutbildning växer; nu finns "
        "82 innovationsambassadörer.",
        "Utbildning i innovation för chefer och medarbetare, SLSO Innovationsforum, coachning "
        "inför ansökningar till Innovationsfonden och en workshopserie i tjänstedesign.",
        "ASIH deltar i Hemsjukhusvård.",
        "",
    ),
    "sodertalje": (
        "Innovationsarbetet har fokuserat på att stärka sjukhusets förmåga att utveckla och "
        "implementera ny teknik och nya arbetssätt för god och hållbar vård.",
        "Omvårdnadsträning med VR och Ledningsstöd för minskad klimatpåverkan.",
        "",
        "Koordinerar den regiongemensamma upphandlingen av ett AI-verktyg för fallprevention.",
    ),
    "tiohundra": (
        "Arbetet har fortsatt med en utvecklingsprocess utifrån innovationsstrategin, men "
        "resurserna för innovation har minskat efter omprioriteringar.",
        "Digifysisk ögonmottagning tillsammans med S:t Eriks ögonsjukhus.",
        "Medverkar i 5GMHI.",
        "",
    ),
    "sankt-erik": (
        "Fokus på en stabilare struktur för innovationsfrågor och på Eye center of excellence i "
        "Hagastaden.",
        "Läkare bemannar Tiohundras digifysiska ögonmottagning på distans.",
        "",
        "Nya samverkansöverenskommelser med näringslivet har tecknats.",
    ),
    "ftv": (
        "Innovationsstrategin har fungerat som en guide för att utveckla handlingsplaner och "
        "implementera innovationsprojekt.",
        "AI-baserat beslutsstöd för tidig upptäckt av muncancer och DentDi – selektiv screening "
        "för diabetes typ 2, båda med stöd av Innovationsfonden.",
        "",
        "Deltar i ReGlove, cirkulär hantering av handskar.",
    ),
    "aisab": (
        "Innovationsstrategin har varit ett stöd i det strategiska innovationsarbetet och i "
        "arbetet med handlingsplaner.",
        "Dynamisk dimensionering av ambulansresurser (med HSF), konstnärlig gestaltning i "
        "ambulansfordon (med Kulturförvaltningen) och ett personcentrerat vårdförlopp vid sepsis.",
        "Medverkar i 5GMHI, bland annat med drönarleverans av hjärtstartare.",
        "",
    ),
    "hsf": (
        "Samverkan med Kunskapscentret för system- och tjänstedesign och med SLSO.",
        "Dynamisk dimensionering av ambulansresurser tillsammans med AISAB.",
        "",
        "",
    ),
    "medicarrier": (
        "Deltar i chefsgruppen innovation; arbetet med en lokal innovationsprocess har påbörjats.",
        "",
        "",
        "Stöd i utvecklingen av hela inköpsprocessen med inslag av innovation.",
    ),
    "locum": (
        "Innovationsarbetet drivs i fastighetsförvaltningen med koppling till regionens "
        "hållbarhetsmål.",
        "Bakteriefria vattenlås mot multiresistenta bakterier, Vaken 2.0 för luftkvalitet i "
        "sterila lokaler och en digital tvilling för fastighetsförvaltning.",
        "Medverkar i 5GMHI.",
        "",
    ),
    "trafik": (
        "Innovation bedrivs i projekt med externa parter och resenärer.",
        "Öka tryggheten för kvinnor i kollektivtrafiken, med tjänstedesign tillsammans med "
        "resenärer.",
        "Pilot med eldriven bärplansbåt i kollektivtrafiken (Trafikverkets FoI-projekt "
        "TRV2020/50879, Candela Speedboats AB).",
        "",
    ),
    "kultur": (
        "Kulturförvaltningen rapporterar för första gången; arbetet är i ett tidigt skede och "
        "bärs av ett fåtal personer.",
        "Tillämpad konstnärlig forskning och konstnärlig gestaltning i ambulansfordon, med AISAB.",
        "",
        "",
    ),
}

COMMENTS = {
    2022: "Vi har börjat bygga en struktur för innovationsarbetet, men mycket hänger fortfarande "
    "på enskilda eldsjälar.",
    2023: "Handlingsplanen och deltagandet i chefsgruppen innovation har gett tydligare roller; "
    "processen används ännu inte i hela verksamheten.",
}
COMMENTS_2024 = {
    "tiohundra": "Omprioriteringar har minskat resurserna för innovationsarbetet under året.",
    "sodertalje": "Resurser har flyttats till införandet av ny teknik; innovationsprocessen "
    "används men följs upp mindre systematiskt än förra året.",
    "kultur": "Första året vi skattar oss. Arbetet bärs av några få personer utan fast process.",
    "medicarrier": "Första året vi rapporterar; en lokal process är under uppbyggnad.",
}
DEFAULT_2024 = (
    "Ledningen har fått ökad insikt om vikten av systematiskt innovationsarbete; ett stort "
    "arbete kvarstår med utbildning i innovationsmetodik."
)
EARLIER_WORK = {
    2022: "{org} arbetade under året med att bygga upp strukturen för innovationsarbetet: "
    "lokala rutiner för idéhantering och deltagande i chefsgruppen innovation.",
    2023: "{org} fortsatte att utveckla sin lokala innovationsprocess och sina handlingsplaner "
    "utifrån innovationsstrategin.",
}

# The coordinator's narrative for 2024, from seed 000.
TEXTS_2024 = {
    "summary": (
        "Region Stockholms innovationsstrategi styr ambition och inriktning för "
        "innovationsarbetet och är ett stöd vid utformningen av lokala innovations- och "
        "utvecklingsstrategier. Strategin har fyra inriktningar som följs upp årligen i "
        "innovationsbokslutet: integrerad innovation, internt utvecklingsarbete, testmiljöer "
        "samt innovation och inköp.\n\n"
        "Uppföljningen visar år för år en ökad insikt om vad ett systematiskt innovationsarbete "
        "innebär. Det är dock stora skillnader mellan verksamheterna, och det viktigaste syftet "
        "med verktyget är jämförelse i den egna verksamheten mellan åren. Några nämnder och "
        "bolag anger att omprioriteringar har minskat resurserna för innovationsarbete."
    ),
    "integrated": (
        "Chefsgruppen innovation består av chefer och representanter från innovationsenheterna "
        "på samtliga akutsjukhus, inom SLSO, trafik, kultur, AISAB, MediCarrier, Folktandvården "
        "och Locum, och sammanhålls av FoI vid regionledningskontoret. Samordningsgruppen "
        "innovation föreslår regionövergripande strategiska innovationsprojekt till "
        "koncernledningen och Tillväxt- och innovationsutskottet.\n\n"
        "Under 2024 har bland annat drönartransporter mellan akutsjukhusen, det regionala "
        "3D-centret på Karolinska, EU-projektet 5GMHI och en förstudie om väntetid i realtid på "
        "akutmottagningarna drivits som regionövergripande projekt."
    ),
    "internal": (
        "Innovationsfonden har under 2024 fördelat 15 miljoner kronor till medarbetares "
        "innovationsprojekt i två utlysningar. Erbjudandet har utökats med stöd i tjänstedesign "
        "via Kompetenscentrum för system- och tjänstedesign.\n\n"
        "Anvisningar, handbok, fallstudier och mallavtal för anställdas immateriella "
        "rättigheter finns publicerade."
    ),
    "testbeds": (
        "Region Stockholm har tilldelats 6,4 miljoner euro i EU-stöd för 5G Mobile Health "
        "Innovative solutions (5GMHI) 2024–2026, med SöS, AISAB, Locum och Tiohundra. "
        "Förstudien om drönartransporter mellan akutsjukhusen fortsatte. Hemsjukhusvård och "
        "Sjukhusvård i Hemmet utvecklar regionala strukturer för vård i hemmet."
    ),
    "procurement": (
        "Ett dynamiskt inköpssystem (DIS) för avrop av IT-konsulter sattes i drift 2024. "
        "ReGlove utvecklar cirkulär hantering av handskar med Karolinska, Folktandvården, RLK "
        "Hållbarhet, RLK Strategiskt inköp och SF Upphandling. En regiongemensam upphandling av "
        "AI-stöd för fallprevention koordineras av Södertälje sjukhus."
    ),
    "collab_regional": (
        "Samverkan sker med KI Innovations, KI Science Park, Barkarby Science, Kista Science "
        "City, Flemingsberg Science, Södertälje Science Park, Sting och Stockholm "
        "Vetenskapsstaden, med lärosätena KTH, SU och KI samt med näringsliv och start-ups. "
        "Circle of Life Science (2023–2026) finansieras av Tillväxtverket."
    ),
    "collab_national": (
        "Region Stockholm Innovation samverkar med Västra Götalandsregionen, Region Skåne, "
        "Uppsala med flera, i SIISH – snabbare implementering av innovation i svensk hälso- och "
        "sjukvård – och i Experio Lab Sverige."
    ),
    "collab_eu": (
        "EU-projektet 5GMHI (6,4 miljoner euro 2024–2026). Karolinska är en av koordinatorerna "
        "för EUHA:s innovationsnätverk och deltar i Health Transformation Academy."
    ),
    "implementation": (
        "Verksamheterna beskriver att indikatorer, nätverk, chefsgrupp och Innovationsfond "
        "bildar en innovationsstruktur som är ett viktigt stöd för att öka "
        "innovationsförmågan. Konkreta exempel är guider för handlingsplaner och införande av "
        "innovationsprojekt samt lokala rådgivnings- och utvecklingsprocesser."
    ),
}

# The 2025 round is under way: a few drafts saved, nothing submitted yet.
DRAFTS_2025 = {
    "karolinska": "Informationsdriven vård med AI",
    "sos": "IVA-dagboken",
    "ftv": "AI-baserat beslutsstöd för tidig upptäckt av muncancer",
}


def dimension_scores(overall: Decimal, offset: int) -> dict:
    """Integer levels per dimension whose mean lies close to the overall score."""
    base = int(overall)
    ups = round((overall - base) * len(DIMENSIONS))
    fields = [d.field for d in DIMENSIONS]
    fields = fields[offset % len(fields) :] + fields[: offset % len(fields)]
    return {f: min(5, base + (1 if i < ups else 0)) for i, f in enumerate(fields)}


def _aware(d: date, hour=10):
    return timezone.make_aware(datetime(d.year, d.month, d.day, hour))


def _heads(region):
    from slussen.demo.region import CONTACT_DOMAIN, DEMO_PASSWORD

    heads = {"karolinska": region.people["karin.ekman"]}
    password = None  # Argon2 is slow on purpose: hash the shared demo password once
    for code, (local, name) in HEADS.items():
        email = f"{local}@{CONTACT_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            password = password or make_password(DEMO_PASSWORD)
            user = User.objects.create(email=email, full_name=name, password=password)
        Membership.objects.get_or_create(
            user=user, organisation=region.orgs[code], role=Role.INNOVATION_HEAD
        )
        heads[code] = user
    return heads


# The fund before Slussen, as a record with its source: the report 2024 says that since the start
# in 2015 more than 1 150 applications came in and about 450 were granted; 2024's own 151 and 71
# are in Slussen, so the record holds the rest. The amounts of those years are not known.
FUND_HISTORY = (
    "first_year;last_year;applications;granted;amount;source\n"
    "2015;2023;1000;379;;Innovationsbokslut 2024, Region Stockholm: sedan starten 2015 mer än "
    "1 150 ansökningar och cirka 450 beviljade, minus 2024 års 151 och 71\n"
)


@transaction.atomic
def seed(region) -> str:
    ensure_defined()
    from .services import import_fund_history

    import_fund_history(None, FUND_HISTORY)
    heads = _heads(region)
    coordinator = region.people["maria.sjoberg"]
    states = {s.code: s for s in workflow.current(RESPONSE_WORKFLOW).states.all()}
    made = 0
    for year, scores in SCORES.items():
        sent = date(year + 1, 1, 10)
        survey, _ = SurveyRound.objects.get_or_create(
            year=year,
            defaults={
                "due": date(year + 1, 2, 15),
                "sent_at": _aware(sent),
                "created_by": coordinator,
            },
        )
        for i, (code, score) in enumerate(scores.items()):
            org = region.orgs[code]
            if Response.objects.filter(round=survey, organisation=org).exists():
                continue
            overall = Decimal(score)
            if year == 2024:
                work = WORK_2024[code]
                comment = COMMENTS_2024.get(code, DEFAULT_2024)
            else:
                work = (EARLIER_WORK[year].format(org=org.display_name), "", "", "")
                comment = COMMENTS[year]
            submitted = _aware(sent + timedelta(days=20 + i * 2), 14)
            Response.objects.create(
                round=survey,
                organisation=org,
                state=states["submitted"],
                integrated=work[0],
                internal=work[1],
                testbeds=work[2],
                procurement=work[3],
                overall=overall,
                comment=comment,
                saved_at=submitted,
                saved_by=heads[code],
                submitted_at=submitted,
                submitted_by=heads[code],
                **dimension_scores(overall, i + year),
            )
            made += 1
    for key, body in TEXTS_2024.items():
        ReportText.objects.get_or_create(
            year=2024, section=key, defaults={"body": body, "updated_by": coordinator}
        )
    made += _round_2025(region, heads, states, coordinator)
    return f"Annual report: {SurveyRound.objects.count()} survey rounds, {made} new responses."


def _round_2025(region, heads, states, coordinator):
    from slussen.cases.models import Case

    survey, created = SurveyRound.objects.get_or_create(
        year=2025,
        defaults={
            "due": timezone.localdate() + timedelta(days=21),
            "sent_at": timezone.now() - timedelta(days=10),
            "created_by": coordinator,
        },
    )
    made = 0
    for code in SCORES[2024]:
        org = region.orgs[code]
        response, new = Response.objects.get_or_create(
            round=survey, organisation=org, defaults={"state": states["draft"]}
        )
        made += new
        if new and code in DRAFTS_2025:
            response.integrated = WORK_2024[code][0]
            response.internal = WORK_2024[code][1]
            response.score_strategy = response.score_process = 4 if code == "karolinska" else 3
            response.saved_at = timezone.now() - timedelta(days=2)
            response.saved_by = heads[code]
            response.save()
            case = Case.objects.filter(title=DRAFTS_2025[code], organisation=org).first()
            if case:
                ResponseCase.objects.create(response=response, case=case, direction="internal")
    return made
