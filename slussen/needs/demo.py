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
        title_en="Fewer phone interruptions – digital follow-up after discharge in heart failure",
        problem_en=(
            "The nurses of the cardiology clinic are interrupted many times a shift by calls from "
            "recently discharged patients with heart failure who wonder about their weight, their "
            "symptoms and their medicines. Each interruption takes time from the patients on the "
            "ward, and those who call wait long for an answer."
        ),
        who_en=(
            "Patients with heart failure in the first weeks after discharge, and the nurses of "
            "Ward 51, heart failure, who take the calls today."
        ),
        requirements_en=(
            "The patient reports weight and symptoms from home, on a mobile phone or a simple "
            "tablet. Values outside the patient's limits are flagged for the nurse, who answers "
            "when it suits the work instead of at once on the phone. Meets the requirements on "
            "information security and can be connected to the medical record."
        ),
        offer_en=(
            "A test on Ward 51, heart failure, for six months; clinical time from nurses and a "
            "cardiologist; support from SöS Innovation and the Centre for System and Service "
            "Design."
        ),
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
        title_en="Charging points for electric wheelchairs – does your clinic have the same need?",
        problem_en=(
            "A relative told us that the battery of her father's electric wheelchair ran out while "
            "they waited at the emergency department. We want to know how often that happens and "
            "where – before we order charging points for our waiting rooms."
        ),
        who_en=(
            "Patients and visitors with an electric wheelchair or mobility scooter who wait long, "
            "and the staff of waiting rooms and receptions."
        ),
        requirements_en=(
            "Safe charging that does not block escape routes, that works for the most common "
            "wheelchairs and that the staff need not keep track of."
        ),
        offer_en=(
            "Say that the need is yours too, tell us about your clinic in a comment, and we will "
            "invite you to a joint meeting with Locum."
        ),
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
