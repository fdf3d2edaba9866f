"""Demo needs for the demo region, drawn from the 2024 innovation report (SöS and the
cardiology clinic's work on needless interruptions; the region-wide remote monitoring of
patients with heart failure, with Cuviva among the companies): one need for companies, answered
by one company, and one for employees. Written by SöS's advisor, approved by the manager,
through the services. Idempotent."""

from datetime import timedelta

from django.utils import timezone

from slussen.cases.models import Case

from . import services
from .models import Answer, Need
from .workflows import ensure_defined

MONITORING = "Färre telefonavbrott – digital uppföljning efter utskrivning vid hjärtsvikt"
CHARGING = "Laddplatser för elrullstolar – har er mottagning samma behov?"


def _publish(case, advisor, manager, **fields):
    need = services.create_need(case, advisor, **fields)
    services.ask_approval(need, advisor)
    services.approve(need, manager)
    need.refresh_from_db()
    return need


def _for_companies(region, today):
    p = region.people
    case = Case.objects.get(title="Minska onödiga avbrott i arbetet på kardiologen")
    need = _publish(
        case,
        p["sara.holm"],
        p["erik.bergstrom"],
        title=MONITORING,
        problem=(
            "Sjuksköterskorna på kardiologen avbryts många gånger per pass av telefonsamtal från "
            "nyss utskrivna patienter med hjärtsvikt som undrar över sin vikt, sina symtom och "
            "sina läkemedel. Varje avbrott tar tid från patienterna på avdelningen, och de som "
            "ringer får vänta länge på svar."
        ),
        who=(
            "Patienter med hjärtsvikt de första veckorna efter utskrivning, och sjuksköterskorna "
            "på Avdelning 51, hjärtsvikt, som i dag tar emot samtalen."
        ),
        requirements=(
            "Patienten rapporterar vikt och symtom hemifrån, i mobilen eller på en enkel "
            "surfplatta. Värden utanför patientens gränser markeras för sjuksköterskan, som svarar "
            "när det passar i arbetet i stället för direkt i telefon. Uppfyller kraven på "
            "informationssäkerhet och kan kopplas till journalen."
        ),
        offer=(
            "Test på Avdelning 51, hjärtsvikt, under sex månader; klinisk tid från sjuksköterskor "
            "och en kardiolog; stöd från SöS Innovation och Kompetenscentrum för system- och "
            "tjänstedesign."
        ),
        deadline=today + timedelta(days=40),
        audience="companies",
    )
    services.answer(
        need,
        p["lena.virtanen"],
        proposal=(
            "Cuvivas plattform för distansmonitorering används redan i regionens projekt "
            "Hemsjukhusvård. Patienten väger sig och svarar på några frågor varje morgon; "
            "vårdteamet ser allt i en översikt, sorterat efter vem som behöver kontakt först."
        ),
        fulfils=(
            "Patienten rapporterar hemifrån med egen mobil eller en surfplatta vi lånar ut. "
            "Gränser sätts per patient, och avvikelser markeras i översikten. Vi har "
            "informationssäkerhetsgranskning från tidigare upphandling i regionen och kan "
            "skicka en sammanfattning till journalen."
        ),
    )


def _for_employees(region, today):
    p = region.people
    case = Case.objects.get(title="Laddplatser för elrullstolar i väntrummen")
    _publish(
        case,
        p["sara.holm"],
        p["erik.bergstrom"],
        title=CHARGING,
        problem=(
            "En anhörig berättade att batteriet i hennes pappas elrullstol tog slut medan de "
            "väntade på akuten. Vi vill veta hur ofta det händer och var – innan vi beställer "
            "laddplatser till våra väntrum."
        ),
        who=(
            "Patienter och besökare med elrullstol eller elmoped som väntar länge, och personalen "
            "i väntrum och receptioner."
        ),
        requirements=(
            "Säker laddning som inte blockerar utrymningsvägar, som fungerar för de vanligaste "
            "rullstolarna och som personalen inte behöver hålla ordning på."
        ),
        offer=(
            "Säg att behovet är ert också, berätta om er mottagning i en kommentar, så bjuder vi "
            "in till ett gemensamt möte med Locum."
        ),
        deadline=today + timedelta(days=60),
        audience="employees",
    )


def seed(region) -> str:
    ensure_defined()
    today = timezone.localdate()
    made = 0
    if not Need.objects.filter(title=MONITORING).exists():
        _for_companies(region, today)
        made += 1
    if not Need.objects.filter(title=CHARGING).exists():
        _for_employees(region, today)
        made += 1
    return f"Needs board: {made} new needs, {Answer.objects.count()} answers."
