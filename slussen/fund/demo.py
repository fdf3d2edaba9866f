"""Demo data of the innovation fund, drawn from the seeds (the innovation report 2024).

The two calls of 2024 hold 151 applications: 71 granted for SEK 15 million, main applicants
97 women and 54 men, 17 (11 %) from outside health care – real rows from which the statistics
code computes the report's figures. Among them are the fund projects the report names. A call
open today holds applications waiting for the demo manager, pre-screener and experts.
Idempotent: each call is created once, by title. Bulk inserts keep seeding fast.
"""

import random
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from slussen.accounts.models import Membership, User
from slussen.cases import services as case_services
from slussen.cases.models import Case, CaseEvent, RegistryCounter
from slussen.cases.workflows import CASE_WORKFLOW
from slussen.core import search
from slussen.core.models import WorkflowState

from . import services
from .models import (
    Answer,
    Application,
    Assignment,
    BudgetLine,
    Call,
    FollowUpReport,
    Milestone,
    Participant,
    Prescreening,
    Project,
    ReportSpend,
    Review,
    Score,
)
from .workflows import FUND_WORKFLOW, ensure_defined

ALL_KINDS = ["new", "continuation", "implementation"]
DOMAIN = "regionstockholm.example"

# Applicants and a second expert: (local part, name, organisation, role)
PEOPLE = [
    ("per.lindgren", "Per Lindgren", "rlk", "expert"),
    ("sofia.berg", "Sofia Berg", "ftv", "employee"),
    ("mats.ek", "Mats Ek", "ftv", "employee"),
    ("helena.wik", "Helena Wik", "aisab", "employee"),
    ("anders.lund", "Anders Lund", "aisab", "employee"),
    ("maja.falk", "Maja Falk", "danderyd", "employee"),
    ("olof.strom", "Olof Ström", "danderyd", "employee"),
    ("lisa.nord", "Lisa Nord", "regionarkivet", "employee"),
    ("jonas.sand", "Jonas Sand", "regionarkivet", "employee"),
    ("elin.roos", "Elin Roos", "kultur-halsa", "employee"),
    ("karl.holm", "Karl Holm", "kultur", "employee"),
    ("ida.lind", "Ida Lind", "locum", "employee"),
    ("nils.blom", "Nils Blom", "locum", "employee"),
    ("emma.ahl", "Emma Åhl", "sodertalje", "employee"),
    ("david.sjo", "David Sjö", "sodertalje", "employee"),
    ("sara.noren", "Sara Norén", "trafik", "employee"),
    ("erik.dahlin", "Erik Dahlin", "trafik", "employee"),
    ("anna.karlsson", "Anna Karlsson", "karolinska", "employee"),
    ("johan.berg", "Johan Berg", "karolinska", "employee"),
    ("maria.lund", "Maria Lund", "sos", "employee"),
    ("peter.alm", "Peter Alm", "sos", "employee"),
    ("karin.vik", "Karin Vik", "slso", "employee"),
    ("ola.hed", "Ola Hed", "slso", "employee"),
    ("eva.borg", "Eva Borg", "sankt-erik", "employee"),
    ("lars.ek", "Lars Ek", "sankt-erik", "employee"),
    ("ulla.frid", "Ulla Frid", "tiohundra", "employee"),
    ("tomas.ros", "Tomas Ros", "tiohundra", "employee"),
    ("linnea.ask", "Linnea Ask", "hsf", "employee"),
    ("gustav.eng", "Gustav Eng", "hsf", "employee"),
]
WOMEN = {
    "sofia.berg", "helena.wik", "maja.falk", "lisa.nord", "elin.roos", "ida.lind", "emma.ahl",
    "sara.noren", "anna.karlsson", "maria.lund", "karin.vik", "eva.borg", "ulla.frid",
    "linnea.ask",
}  # fmt: skip

# The fund projects of the report: (call, org, applicant, gender, kind, title, summary, goal,
# benefit, amount, outside health care)
PROJECTS = [
    ("spring", "ftv", "sofia.berg", "woman", "new",
     "AI-baserat beslutsstöd för tidig upptäckt av muncancer",
     "Ett nytt sätt att följa potentiellt maligna lesioner med borstprover för cytologi och med "
     "AI-analys för att diagnostisera munhålecancer.",
     "Ett beslutsstöd som används på tre kliniker i Folktandvården.",
     "Tidigare upptäckt av munhålecancer; borstprov i stället för vävnadsprov.", 450_000, False),
    ("spring", "ftv", "mats.ek", "man", "new",
     "DentDi – selektiv screening för diabetes typ 2",
     "Selektiv screening i tandvården för att tidigt hitta personer i riskzon för diabetes typ 2.",
     "Screening av 2 000 patienter på fem kliniker.",
     "Tidig upptäckt av diabetes typ 2 hos patienter som sällan söker vård.", 380_000, False),
    ("spring", "danderyd", "maja.falk", "woman", "continuation",
     "Höra & Göra – programvara för barnlogopedi",
     "Ett digitalt verktyg för vårdgivare och skolpersonal för att testa impressiv och expressiv "
     "auditiv diskriminationsförmåga hos barn.",
     "Ett validerat test som logopeder och skolor kan använda.",
     "Kortare väntan på utredning och insatser för barn med språkstörning.", 350_000, False),
    ("spring", "kultur-halsa", "elin.roos", "woman", "new",
     "Antistigmateater inom psykosvården",
     "En manual för teater inom psykosvården, framtagen med brukare, anhöriga, chefer och "
     "personal på psykosmottagningar i Stockholms län.",
     "En manual och tio föreställningar på psykosmottagningar.",
     "Minskat stigma och bättre bemötande inom psykosvården.", 250_000, True),
    ("spring", "locum", "nils.blom", "man", "implementation",
     "Bakteriefria vattenlås mot multiresistenta bakterier",
     "Vattenlås som motverkar tillväxt av multiresistenta bakterier: minskad risk för "
     "smittspridning, allvarlig sjukdom och död.",
     "Vattenlåsen installerade på två sjukhus.",
     "Färre vårdrelaterade infektioner med multiresistenta bakterier.", 480_000, True),
    ("spring", "sodertalje", "emma.ahl", "woman", "new",
     "Omvårdnadsträning med VR",
     "Interaktiv omvårdnadsträning i virtuell verklighet: träna på att ställa rätt frågor till "
     "patienter för att minska antalet ringningar och fall.",
     "VR-träning för alla nya sjuksköterskor på två avdelningar.",
     "Färre ringningar och fall; tryggare nyanställda.", 320_000, False),
    ("autumn", "aisab", "anders.lund", "man", "new",
     "Dynamisk dimensionering av ambulansresurser",
     "Utveckla ett dimensioneringsstöd med artificiell intelligens för att minska spridningen av "
     "väntetider.",
     "Ett AI-baserat stöd i drift i ledningscentralen.",
     "Jämnare väntetider på ambulans i hela länet.", 520_000, False),
    ("autumn", "aisab", "helena.wik", "woman", "new",
     "Konstnärlig gestaltning i ambulansfordon",
     "Tillämpad konstnärlig forskning: en konstnärlig intervention i full skala som kan tas i "
     "bruk i ett av AISAB:s ambulansfordon.",
     "Ett ambulansfordon med konstnärlig gestaltning i drift.",
     "En lugnare miljö för patienter och personal under transport.", 300_000, False),
    ("autumn", "regionarkivet", "lisa.nord", "woman", "implementation",
     "Långsiktig digital arkivering av regionens webbplatser",
     "Webbplatser ska kunna arkiveras som de ser ut och fungerar, med e-tjänster, och vara "
     "tillgängliga i den formen över tid.",
     "Alla regionens webbplatser arkiveras två gånger om året.",
     "Allmänna handlingar på webben bevaras och blir sökbara.", 400_000, True),
    ("autumn", "sodertalje", "david.sjo", "man", "new",
     "Ledningsstöd för minskad klimatpåverkan",
     "Ett visualiseringsverktyg som hjälper ledningen att minska hälso- och sjukvårdens utsläpp "
     "av växthusgaser.",
     "Visualiseringsverktyget används av sjukhusledningen varje månad.",
     "Minskade utsläpp av växthusgaser från sjukhusets verksamhet.", 410_000, False),
    ("autumn", "trafik", "sara.noren", "woman", "continuation",
     "Öka tryggheten för kvinnor i kollektivtrafiken",
     "Resenärer identifierar, testar och analyserar tillsammans med tjänstedesigners lösningar "
     "som kan ge störst effekt på den upplevda tryggheten.",
     "Tre lösningar testade på två linjer.",
     "Ökad upplevd trygghet för kvinnor som reser kollektivt.", 360_000, True),
]  # fmt: skip

THEMES_CARE = [
    "Digital egenvårdsplan vid KOL",
    "AI-stöd för triage på akutmottagningen",
    "Videotolk i primärvården",
    "Sensorer för fallprevention på vårdavdelning",
    "Digitalt nutritionsstöd efter operation",
    "Chattbot för patienters frågor före besök",
    "3D-printade hjälpmedel inom rehabilitering",
    "Hemmonitorering av blodtryck",
    "Digital rehabilitering efter stroke",
    "Smart schemaläggning för vårdpersonal",
    "VR mot procedurrädsla hos barn",
    "Tidig upptäckt av sepsis med AI",
    "Mobil röntgen i hemmet",
    "Fjärrbedömning av svårläkta sår",
    "Språkstöd vid utskrivning",
    "Cirkulära hjälpmedel",
    "Digital läkemedelsgenomgång för äldre",
    "Patientens egen journalanteckning inför besök",
    "AI-stöd för bedömning av ögonbottenbilder",
    "Säkrare överrapportering med digital checklista",
]
THEMES_OTHER = [
    "Realtidsinformation om tillgänglighet för resenärer",
    "Digitalt kulturutbud på vårdavdelningar",
    "Sensorstyrd lokalvård",
    "Automatiserad gallring i e-arkivet",
    "Solceller och energilager på vårdbyggnader",
    "Trygghetsvärdar med digitalt stöd i kollektivtrafiken",
    "Digital tvilling för lokalplanering",
]
# What an applicant writes of her project, for each theme of the generated applications: the
# need and the idea in her own words, as the seeds' project descriptions read (never the
# organisation's name: a register's text about a hospital would meet every one of them).
THEME_TEXTS = {
    "Digital egenvårdsplan vid KOL": "Patienter med KOL får en egenvårdsplan i mobilen som "
    "visar vad de ska göra när andfåddheten ökar, med påminnelser om inhalationer och kontakt "
    "med KOL-sjuksköterskan. Målet är färre akuta besök vid försämring.",
    "AI-stöd för triage på akutmottagningen": "Ett beslutsstöd som med hjälp av AI föreslår "
    "prioritet utifrån vitalparametrar och sökorsak när patienten skrivs in, så att "
    "triagesjuksköterskan snabbare hittar de svårast sjuka i väntrummet.",
    "Videotolk i primärvården": "Tolk via video direkt i besöksrummet i stället för telefontolk "
    "eller inställda besök. Vi vill pröva det på vårdcentraler med många patienter som inte "
    "talar svenska och mäta hur många besök som kan genomföras som planerat.",
    "Sensorer för fallprevention på vårdavdelning": "Sensorer i sängen och på golvet larmar "
    "personalen när en patient med hög fallrisk försöker resa sig på natten, innan fallet "
    "sker. Vi testar tekniken på två vårdavdelningar med många äldre patienter.",
    "Digitalt nutritionsstöd efter operation": "Patienten registrerar vad hon äter och dricker "
    "under dagarna efter operationen och dietisten ser direkt när intaget är för lågt. "
    "Undernäring efter kirurgi förlänger vårdtiden och ökar risken för komplikationer.",
    "Chattbot för patienters frågor före besök": "En chattbot som svarar på vanliga frågor om "
    "förberedelser, fasta och provtagning före ett planerat besök, dygnet runt. Frågor den "
    "inte kan besvara går vidare till mottagningens sjuksköterska.",
    "3D-printade hjälpmedel inom rehabilitering": "Arbetsterapeuter skriver ut individuellt "
    "anpassade handortoser och greppförstärkningar i 3D-skrivare i stället för att beställa "
    "dem. Patienten får sitt hjälpmedel på dagar i stället för veckor.",
    "Hemmonitorering av blodtryck": "Patienter med högt blodtryck mäter hemma med en uppkopplad "
    "blodtrycksmätare och värdena förs över till vårdcentralen, så att läkaren kan justera "
    "behandlingen utan att patienten behöver komma på besök.",
    "Digital rehabilitering efter stroke": "Träningsprogram efter stroke i en app med "
    "videoinstruktioner, där fysioterapeuten följer träningen på distans. Fler patienter kan "
    "fortsätta träna hemma efter utskrivningen.",
    "Smart schemaläggning för vårdpersonal": "Ett schemaverktyg som lägger bemanningen efter "
    "förväntat patientflöde och personalens önskemål. Mindre tid går åt till att pussla "
    "scheman och färre pass behöver bemannas med inhyrd personal.",
    "VR mot procedurrädsla hos barn": "Barn som ska sticks, sys eller undersökas får VR-glasögon "
    "med en lugnande berättelse under ingreppet. Vi vill minska rädsla, smärta och behovet "
    "av att hålla fast barnet.",
    "Tidig upptäckt av sepsis med AI": "En algoritm som följer vitalparametrar och "
    "labbvärden i journalen och varnar när mönstret tyder på sepsis, timmar innan det syns "
    "för blotta ögat. Snabbare antibiotikabehandling räddar liv.",
    "Mobil röntgen i hemmet": "Ett mobilt team röntgar sköra äldre i hemmet eller på "
    "särskilt boende i stället för att de ska åka ambulans till akuten för en enkel "
    "undersökning.",
    "Fjärrbedömning av svårläkta sår": "Distriktssköterskan fotograferar svårläkta sår hemma hos "
    "patienten och skickar bilderna till en sårspecialist som bedömer och föreslår "
    "behandling, utan att patienten behöver resa.",
    "Språkstöd vid utskrivning": "Utskrivningsinformation om läkemedel och egenvård på "
    "patientens eget språk, med bilder och uppläst text, så att patienter som inte läser "
    "svenska förstår vad de ska göra hemma.",
    "Cirkulära hjälpmedel": "Rullstolar, rollatorer och andra hjälpmedel tas tillbaka, rengörs, "
    "repareras och lämnas ut igen i stället för att kasseras. Vi bygger upp ett flöde för "
    "återbruk och mäter kostnader och klimatnytta.",
    "Digital läkemedelsgenomgång för äldre": "Äldre som tar många läkemedel får en "
    "läkemedelsgenomgång med farmaceut och läkare via video, där listan stäms av mot vad "
    "patienten faktiskt tar hemma.",
    "Patientens egen journalanteckning inför besök": "Patienten skriver själv ned sina symtom "
    "och frågor i ett formulär före besöket och texten hamnar i journalen. Läkaren är "
    "förberedd och besöket kan ägnas åt det som är viktigast för patienten.",
    "AI-stöd för bedömning av ögonbottenbilder": "Ögonbottenbilder från diabeteskontroller "
    "granskas först av en AI-modell som sorterar ut de normala, så att ögonläkarna kan lägga "
    "sin tid på bilderna med tecken på retinopati.",
    "Säkrare överrapportering med digital checklista": "En digital checklista för "
    "överrapportering mellan skift och enheter, så att ingen viktig uppgift om patienten "
    "faller bort. Vi testar den mellan operation, uppvakning och vårdavdelning.",
    "Realtidsinformation om tillgänglighet för resenärer": "Resenärer med funktionsnedsättning "
    "får veta i realtid om hissar och rulltrappor fungerar innan de ger sig av, i appen och "
    "vid hållplatserna.",
    "Digitalt kulturutbud på vårdavdelningar": "Konserter, filmer och guidade museivisningar på "
    "surfplatta för patienter som ligger länge inlagda. Kultur minskar oro och ger något "
    "annat att tänka på.",
    "Sensorstyrd lokalvård": "Sensorer räknar hur många som använt en toalett eller ett rum och "
    "städningen styrs efter faktisk användning i stället för efter ett fast schema.",
    "Automatiserad gallring i e-arkivet": "Handlingar som ska gallras hittas och gallras "
    "automatiskt enligt informationshanteringsplanen, i stället för att arkivarier går "
    "igenom dem för hand.",
    "Solceller och energilager på vårdbyggnader": "Solceller på taken och batterilager i "
    "källaren jämnar ut effekttopparna och ger reservkraft. Vi mäter hur mycket köpt el och "
    "hur många effekttoppar som kan undvikas.",
    "Trygghetsvärdar med digitalt stöd i kollektivtrafiken": "Trygghetsvärdar på pendeltåg "
    "och bussar får en app där resenärer kan larma diskret och där värdarna ser var de "
    "behövs mest under kvällar och nätter.",
    "Digital tvilling för lokalplanering": "En digital modell av byggnaderna med data om hur "
    "rummen faktiskt används, så att vi kan planera om lokaler innan vi bygger nytt.",
}

CARE_ORGS = [
    "karolinska",
    "danderyd",
    "sos",
    "sodertalje",
    "tiohundra",
    "slso",
    "sankt-erik",
    "ftv",
    "aisab",
    "hsf",
]
OTHER_ORGS = ["trafik", "kultur-halsa", "locum", "regionarkivet", "kultur"]
SPREAD = [-60_000, -30_000, 0, 30_000, 60_000]  # around the mean grant of a call
AMOUNTS = [150_000, 180_000, 200_000, 250_000, 300_000]  # what rejected ones asked for


def _aware(y, m, d, hh=12):
    return timezone.make_aware(datetime(y, m, d, hh))


CALLS = {
    "spring": {
        "title": "Innovationsfonden våren 2024",
        "opens_at": _aware(2024, 1, 1, 0),
        "closes_at": timezone.make_aware(datetime(2024, 2, 2, 23, 59, 59)),
        "grant_year": 2024,
        "submitted": (date(2024, 1, 8), 25),
        "decided": _aware(2024, 3, 20),
        "applications": 75,
        "granted": 35,
    },
    "autumn": {
        "title": "Innovationsfonden hösten 2024",
        "opens_at": _aware(2024, 9, 20, 0),
        "closes_at": timezone.make_aware(datetime(2024, 10, 23, 23, 59, 59)),
        "grant_year": 2025,
        "submitted": (date(2024, 9, 23), 30),
        "decided": _aware(2024, 12, 5),
        "applications": 76,
        "granted": 36,
    },
}
BUDGET = 7_500_000  # SEK 15 million a year, two calls


def _people(region):
    people = dict(region.people)
    missing = [p for p in PEOPLE if p[0] not in people]
    existing = {
        u.email: u for u in User.objects.filter(email__in=[f"{p[0]}@{DOMAIN}" for p in PEOPLE])
    }
    password = next(iter(region.people.values())).password
    new = []
    for local, name, _org, _role in missing:
        email = f"{local}@{DOMAIN}"
        if email in existing:
            people[local] = existing[email]
            continue
        # The demo log-ins share one password: reuse an existing demo person's hash.
        new.append(User(email=email, full_name=name, password=password))
    for user in User.objects.bulk_create(new):
        people[user.email.split("@")[0]] = user
    Membership.objects.bulk_create(
        [
            Membership(user=people[local], organisation=region.orgs[org], role=role)
            for local, _n, org, role in PEOPLE
        ],
        ignore_conflicts=True,
    )
    return people


def _call(title, experts, prescreener, **fields):
    call = services.create_call(
        None, title=title, budget=BUDGET, accepted_kinds=ALL_KINDS, **fields
    )
    call.prescreeners.set([prescreener])
    call.experts.set(experts)
    return call


def _answers(title, summary, benefit):
    return [
        f"{summary}",
        "Patienter, närstående och medarbetare i verksamheten berörs; behovet finns i flera "
        "verksamheter i regionen.",
        "Behovet har identifierats i avvikelserapporter, patientenkäter och intervjuer med "
        "medarbetare.",
        "I dag hanteras problemet manuellt och olika på olika enheter.",
        "Vi har gått igenom lösningar på marknaden och i andra regioner; ingen passar våra "
        "arbetssätt och krav på informationssäkerhet.",
        f"{title} kombinerar befintlig kunskap på ett nytt sätt för vår verksamhet.",
        benefit,
        "Nyttan mäts med indikatorer som följs före, under och efter projektet.",
        "Verksamhetschefen ansvarar för införandet i linjen; förvaltningen planeras tidigt.",
        "Risker kring regelverk, informationssäkerhet och etik hanteras med regionens experter.",
    ]


def _historic(region, people, case_state, states, experts, prescreener):
    """The two calls of 2024, in bulk."""
    rng = random.Random(2024)
    calls = {
        key: _call(
            spec["title"],
            experts,
            prescreener,
            opens_at=spec["opens_at"],
            closes_at=spec["closes_at"],
            grant_year=spec["grant_year"],
        )
        for key, spec in CALLS.items()
    }
    # Plan every application: (call key, org, applicant, gender, kind, title, summary, goal,
    # benefit, amount or None, outside, outcome)
    plans = [(*p[:9], p[9], p[10], "granted") for p in PROJECTS]
    women_left = 97 - sum(1 for p in PROJECTS if p[3] == "woman")
    men_left = 54 - sum(1 for p in PROJECTS if p[3] == "man")
    outside_left = 17 - sum(1 for p in PROJECTS if p[10])
    genders = ["woman"] * women_left + ["man"] * men_left
    rng.shuffle(genders)
    generated = []
    for key, spec in CALLS.items():
        named = [p for p in PROJECTS if p[0] == key]
        count = spec["applications"] - len(named)
        granted = spec["granted"] - len(named)
        outcomes = (
            ["granted"] * granted
            + ["prescreen_fail"] * 9
            + ["withdrawn"] * (2 if key == "spring" else 3)
        )
        outcomes += ["rejected"] * (count - len(outcomes))
        rng.shuffle(outcomes)
        remaining = BUDGET - sum(p[9] for p in named)
        base = remaining // granted // 10_000 * 10_000
        amounts = [base + SPREAD[i % len(SPREAD)] for i in range(granted - 1)]
        amounts.append(remaining - sum(amounts))
        for outcome in outcomes:
            generated.append((key, outcome, amounts.pop() if outcome == "granted" else None))
    rng.shuffle(generated)
    for n, (key, outcome, amount) in enumerate(generated):
        outside = n < outside_left
        org = rng.choice(OTHER_ORGS if outside else CARE_ORGS)
        theme = rng.choice(THEMES_OTHER if outside else THEMES_CARE)
        gender = genders[n]
        pool = [p[0] for p in PEOPLE if p[2] == org and (p[0] in WOMEN) == (gender == "woman")]
        applicant = pool[0] if pool else ("karl.holm" if gender == "man" else "elin.roos")
        kind = rng.choices(ALL_KINDS, weights=[70, 20, 10])[0]
        plans.append(
            (
                key,
                org,
                applicant,
                gender,
                kind,
                theme,  # as an applicant names it: her organisation is the application's own field
                THEME_TEXTS[theme],
                "Ett fungerande arbetssätt i ordinarie verksamhet inom projektåret.",
                "Bättre kvalitet och effektivare resursanvändning.",
                amount,
                outside,
                outcome,
            )
        )

    # Registry numbers of 2024 for all of them, in one go.
    prefix = settings.REGISTRY_PREFIX
    RegistryCounter.objects.get_or_create(prefix=prefix, year=2024)
    counter = RegistryCounter.objects.filter(prefix=prefix, year=2024)
    counter.update(last=F("last") + len(plans))
    first = counter.get().last - len(plans) + 1
    plans.sort(key=lambda p: (p[0] != "spring", p[5]))
    cases = Case.objects.bulk_create(
        Case(
            registry_number=f"{prefix} 2024-{first + i:05d}",
            registry_year=2024,
            registry_seq=first + i,
            kind="fund_application",
            title=p[5],
            description=p[6],
            state=case_state,
            organisation=region.orgs[p[1]],
            submitter=people[p[2]],
            submitter_name=people[p[2]].full_name,
            submitter_email=people[p[2]].email,
        )
        for i, p in enumerate(plans)
    )
    search.index_many(cases, "case")  # a bulk load sends no signal: the cases are indexed here
    CaseEvent.objects.bulk_create(
        CaseEvent(case=c, type="opened", visible_to_submitter=True) for c in cases
    )
    origins = {c.title: c for c in Case.objects.exclude(kind="fund_application")}
    apps = []
    for i, (p, case) in enumerate(zip(plans, cases, strict=True)):
        key, org, applicant, gender, kind, title, summary, goal, benefit, amount, outside, out = p
        spec = CALLS[key]
        start, days = spec["submitted"]
        submitted = timezone.make_aware(
            datetime.combine(start + timedelta(days=i % days), datetime.min.time())
            + timedelta(hours=9 + i % 8)
        )
        state = {
            "granted": "closed" if key == "spring" else "granted",
            "prescreen_fail": "rejected",
            "rejected": "rejected",
            "withdrawn": "withdrawn",
        }[out]
        apps.append(
            Application(
                call=calls[key],
                case=case,
                origin_case=origins.get(title),
                state=states[state],
                kind=kind,
                applicant=people[applicant],
                organisation=region.orgs[org],
                sector="other" if outside else "health_care",
                applicant_gender=gender,
                title=title,
                summary=summary,
                goal=goal,
                benefit=benefit,
                eligible=True,
                results_owned_by_region=True,
                design_support=i % 5 == 0,
                submitted_at=submitted,
                signoff_at=submitted + timedelta(days=2),
                granted_amount=amount if out == "granted" else None,
                decision_motivation=_motivation(out),
                decided_at=spec["decided"] if out in ("granted", "rejected") else None,
            )
        )
    apps = Application.objects.bulk_create(apps)
    for key, spec in CALLS.items():
        Case.objects.filter(fund_application__call=calls[key]).update(created=spec["opens_at"])
    _details(apps, plans, calls, people, experts, prescreener, rng)
    return apps


def _motivation(outcome):
    return {
        "granted": "Projektet svarar mot ett väsentligt behov, har goda förutsättningar och en "
        "tydlig plan för att mäta nyttan.",
        "rejected": "Ansökan bedömdes som väl genomarbetad men fick lägre poäng än de beviljade "
        "på behov och mätbar nytta.",
    }.get(outcome, "")


def _details(apps, plans, calls, people, experts, prescreener, rng):
    answers, participants, milestones, lines, prescreens, reviews = [], [], [], [], [], []
    questions = {key: list(call.current_questions()) for key, call in calls.items()}
    for app, p in zip(apps, plans, strict=True):
        key, _org, _a, _g, _k, title, summary, _goal, benefit, amount, _o, outcome = p
        texts = _answers(title, summary, benefit)
        answers += [
            Answer(
                application=app,
                question=q,
                order=q.order,
                section=q.section,
                question_sv=q.text_sv,
                question_en=q.text_en,
                text=texts[q.order],
            )
            for q in questions[key]
        ]
        participants.append(
            Participant(
                application=app,
                name=app.applicant.full_name,
                role="Projektledare",
                organisation=app.organisation.name,
                email=app.applicant.email,
            )
        )
        year = calls[key].grant_year
        milestones += [
            Milestone(
                application=app,
                activity="Förstudie och behovsanalys",
                start=date(year, 1, 1),
                end=date(year, 3, 31),
            ),
            Milestone(
                application=app,
                activity="Utveckling och test i verksamheten",
                start=date(year, 4, 1),
                end=date(year, 10, 31),
            ),
            Milestone(
                application=app,
                activity="Utvärdering och plan för införande",
                start=date(year, 11, 1),
                end=date(year, 12, 31),
            ),
        ]
        requested = (amount or rng.choice(AMOUNTS)) + rng.choice([0, 20_000, 50_000])
        lines += [
            BudgetLine(
                application=app, item="Projektledning och arbetstid", amount=requested * 6 // 10
            ),
            BudgetLine(
                application=app,
                item="Utveckling, material och licenser",
                amount=requested - requested * 6 // 10,
            ),
        ]
        if outcome == "withdrawn":
            continue
        met = outcome != "prescreen_fail"
        prescreens.append(
            Prescreening(
                application=app,
                prescreener=prescreener,
                met=met,
                reasons="Uppfyller kraven och kriterierna."
                if met
                else "Projektets resultat skulle ägas av en extern part; fonden finansierar "
                "endast projekt vars resultat ägs av regionen.",
            )
        )
        if met:
            for expert in experts:
                reviews.append((app, expert, outcome))
    Answer.objects.bulk_create(answers)
    Participant.objects.bulk_create(participants)
    Milestone.objects.bulk_create(milestones)
    BudgetLine.objects.bulk_create(lines)
    Prescreening.objects.bulk_create(prescreens)
    Assignment.objects.bulk_create(Assignment(application=a, expert=e) for a, e, _o in reviews)
    made = Review.objects.bulk_create(
        Review(application=a, expert=e, has_conflict=False, submitted_at=a.decided_at)
        for a, e, _o in reviews
    )
    criteria = {key: list(call.criteria.all()) for key, call in calls.items()}
    key_of = {call.pk: key for key, call in calls.items()}
    Score.objects.bulk_create(
        Score(
            review=r,
            criterion=c,
            value=rng.randint(3, 5) if outcome == "granted" else rng.randint(1, 3),
        )
        for r, (a, _e, outcome) in zip(made, reviews, strict=True)
        for c in criteria[key_of[a.call_id]]
    )
    projects = Project.objects.bulk_create(
        Project(
            application=a,
            year=a.call.grant_year,
            budget=a.granted_amount,
            status="completed" if a.state.code == "closed" else "running",
        )
        for a in apps
        if a.granted_amount
    )
    reports = []
    for project in projects:
        year, done = project.year, project.status == "completed"
        for kind, due in (("midterm", date(year, 6, 30)), ("final", date(year + 1, 1, 31))):
            submitted = done or kind == "midterm"
            reports.append(
                FollowUpReport(
                    project=project,
                    kind=kind,
                    due=due,
                    progress="Aktiviteterna har genomförts enligt tidsplanen." if submitted else "",
                    results="Första mätningarna visar förväntad nytta." if submitted else "",
                    spent=project.budget // (1 if kind == "final" else 2) if submitted else None,
                    next_steps="Verksamheten tar över och planerar spridning." if submitted else "",
                    submitted_at=timezone.make_aware(datetime.combine(due, datetime.min.time()))
                    if submitted
                    else None,
                )
            )
    FollowUpReport.objects.bulk_create(reports)
    _spending(reports, lines)
    _post_award(projects, reports)


def _spending(reports, lines):
    """What each submitted report used per budget line of its application (the page's budget
    against actual reads these), shared as the lines share the budget and adding up to the
    report's total."""
    by_application = {}
    for line in lines:
        by_application.setdefault(line.application_id, []).append(line)
    rows = []
    for report in reports:
        if report.spent is None:
            continue
        own = by_application[report.project.application_id]
        whole = sum(line.amount for line in own)
        shares = [report.spent * line.amount // whole for line in own[:-1]]
        shares.append(report.spent - sum(shares))
        rows += [
            ReportSpend(report=report, line=line, amount=amount)
            for line, amount in zip(own, shares, strict=True)
        ]
    ReportSpend.objects.bulk_create(rows)


def _live(region, people, experts, prescreener):
    """A call open today, with applications waiting at each step for the demo people."""
    today = timezone.localdate()
    call = _call(
        f"Innovationsfonden hösten {today.year}",
        experts,
        prescreener,
        opens_at=timezone.now() - timedelta(days=14),
        closes_at=timezone.make_aware(
            datetime.combine(today + timedelta(days=30), datetime.max.time().replace(microsecond=0))
        ),
        grant_year=today.year + 1,
    )
    anna, erik = people["anna.lindqvist"], people["erik.bergstrom"]
    origins = {c.title: c for c in Case.objects.filter(submitter=anna)}
    waiting = [
        (
            "AI-analys av fritextsvar i den nationella graviditetsenkäten",
            anna,
            erik,
            "sos",
            "signoff",
        ),
        ("IVA-dagboken", anna, erik, "sos", "draft"),
        ("Digital egenvårdsplan vid KOL", people["karin.vik"], None, "slso", "prescreening"),
        ("Tidig upptäckt av sepsis med AI", people["anna.karlsson"], None, "karolinska", "review"),
        (
            "AI-stöd för bedömning av ögonbottenbilder",
            people["eva.borg"],
            None,
            "sankt-erik",
            "review",
        ),
    ]
    states = {
        s.code: s
        for s in WorkflowState.objects.filter(
            workflow__code=FUND_WORKFLOW, workflow__is_current=True
        )
    }
    for title, applicant, manager, org, state in waiting:
        origin = origins.get(title)
        summary = origin.description if origin else THEME_TEXTS.get(title, f"{title}.")
        app = Application.objects.create(
            call=call,
            origin_case=origin,
            state=states[state],
            kind="new",
            applicant=applicant,
            organisation=region.orgs[org],
            sector="health_care",
            applicant_gender="woman",
            title=title,
            summary=summary,
            goal="Ett arbetssätt i ordinarie verksamhet inom ett år.",
            benefit="Bättre kvalitet för patienterna och mindre dubbelarbete.",
            manager=manager,
            eligible=True,
            results_owned_by_region=True,
        )
        Answer.objects.bulk_create(
            Answer(
                application=app,
                question=q,
                order=q.order,
                section=q.section,
                question_sv=q.text_sv,
                question_en=q.text_en,
                text=text,
            )
            for q, text in zip(
                call.current_questions(), _answers(title, summary, app.benefit), strict=True
            )
        )
        Participant.objects.create(
            application=app,
            name=applicant.full_name,
            role="Projektledare",
            organisation=app.organisation.name,
            email=applicant.email,
        )
        Milestone.objects.create(
            application=app,
            activity="Förstudie",
            start=date(today.year + 1, 1, 1),
            end=date(today.year + 1, 4, 30),
        )
        BudgetLine.objects.create(application=app, item="Projektledning", amount=180_000)
        if state == "draft":
            continue
        app.case = case_services.open_case(
            kind="fund_application",
            title=title,
            description=summary,
            organisation=app.organisation,
            actor=applicant,
            submitter=applicant,
        )
        app.submitted_at = timezone.now() - timedelta(days=4)
        app.save(update_fields=["case", "submitted_at"])
        if state in ("prescreening", "review"):
            Application.objects.filter(pk=app.pk).update(signoff_at=app.submitted_at)
        if state == "review":
            Prescreening.objects.create(
                application=app,
                prescreener=prescreener,
                met=True,
                reasons="Uppfyller kraven och kriterierna.",
            )
    return call


@transaction.atomic
def seed(region) -> str:
    ensure_defined()
    people = _people(region)
    experts = [people["eva.strand"], people["per.lindgren"]]
    prescreener = people["ali.hassan"]
    made = []
    if not Call.objects.filter(title=CALLS["spring"]["title"]).exists():
        case_state = WorkflowState.objects.get(
            workflow__code=CASE_WORKFLOW, workflow__is_current=True, code="closed"
        )
        states = {
            s.code: s
            for s in WorkflowState.objects.filter(
                workflow__code=FUND_WORKFLOW, workflow__is_current=True
            )
        }
        made += _historic(region, people, case_state, states, experts, prescreener)
    if not Call.objects.filter(
        title=f"Innovationsfonden hösten {timezone.localdate().year}"
    ).exists():
        _live(region, people, experts, prescreener)
    return f"Innovation fund: {Call.objects.count()} calls, {len(made)} new 2024 applications."


def _post_award(projects, reports):
    """The earlier years' projects accepted their grants (by the applicant, the day after the
    decision), were paid in two instalments, and had their reports approved (the latest year's
    mid-term reports still wait for the coordinator)."""
    from .defaults import GRANT_CONDITIONS
    from .models import GrantAcceptance, Instalment, ReportReview

    latest = max((p.year for p in projects), default=0)
    GrantAcceptance.objects.bulk_create(
        GrantAcceptance(
            project=p,
            conditions=GRANT_CONDITIONS,
            accepted_at=p.application.decided_at + timedelta(days=1),
            accepted_by=p.application.applicant,
        )
        for p in projects
    )
    Instalment.objects.bulk_create(
        Instalment(
            project=p,
            planned=date(p.year, month, 1),
            amount=p.budget // 2 if month == 2 else p.budget - p.budget // 2,
            paid_at=timezone.make_aware(datetime(p.year, month, 1))
            if p.status == "completed" or month == 2
            else None,
        )
        for p in projects
        for month in (2, 8)
    )
    ReportReview.objects.bulk_create(
        ReportReview(
            report=r,
            status="submitted" if r.project.year == latest and r.kind == "midterm" else "approved",
        )
        for r in reports
        if r.submitted_at
    )
