"""Demo intake for the demo region: areas the public can choose, and submissions through each
of the three ways in (drawn from the 2024 innovation report). Idempotent."""

from datetime import timedelta

from django.utils import timezone

from slussen.core import workflow

from . import services
from .models import Area, Submission, Supporter

# (code, name_sv, name_en, organisation code)
AREAS = [
    ("kollektivtrafik", "Kollektivtrafik och färdtjänst", "Public transport", "trafik"),
    ("tandvard", "Tandvård", "Dental care", "ftv"),
    ("ambulans", "Ambulanssjukvård", "Ambulance care", "aisab"),
    ("ogon", "Ögonsjukvård", "Eye care", "sankt-erik"),
    ("narvard", "Vårdcentraler, psykiatri och närvård", "Primary care and psychiatry", "slso"),
    ("kultur", "Kultur och hälsa", "Culture and health", "kultur"),
]

PROPOSALS = [
    # (title, description, area or organisation code, e-mail, overdue)
    (
        "Laddplatser för elrullstolar i väntrummen",
        "Min pappa har elrullstol och batteriet tog slut medan vi väntade på akuten. "
        "Laddplatser i väntrummen skulle göra stor skillnad.",
        "sos",
        "pia.andersson@example.net",
        True,
    ),
    (
        "Realtidsinformation om hissar i tunnelbanan",
        "Som resenär med barnvagn vill jag veta i appen om hissen på stationen fungerar innan "
        "jag åker dit.",
        "kollektivtrafik",
        "",
        False,
    ),
]


def seed(region):
    for order, (code, sv, en, org) in enumerate(AREAS):
        Area.objects.update_or_create(
            code=code,
            defaults={"name_sv": sv, "name_en": en, "organisation": region.orgs[org],
                      "order": order},
        )  # fmt: skip
    created = 0
    for title, text, where, email, overdue in PROPOSALS:
        if Submission.objects.filter(case__title=title).exists():
            continue
        area = Area.objects.filter(code=where).first()
        data = {"title": title, "description": text, "email": email, "area": area,
                "organisation": None if area else region.orgs[where]}  # fmt: skip
        submission, _token = services.submit_proposal(data, language="sv", client="demo")
        if overdue:
            Submission.objects.filter(pk=submission.pk).update(
                due=timezone.localdate() - timedelta(days=2)
            )
        created += 1
    if not Submission.objects.filter(case__title="Sms-påminnelse inför operation").exists():
        anna = region.people["anna.lindqvist"]
        submission, _token = services.submit_idea(
            anna,
            {
                "kind": "idea",
                "title": "Sms-påminnelse inför operation",
                "problem": "Patienter glömmer att fasta före planerad operation och "
                "operationen måste ställas in.",
                "for_whom": "Patienter som ska opereras och operationsplaneringen",
                "suggestion": "Ett automatiskt sms kvällen före med instruktioner om fasta.",
                "organisation": region.orgs["sos"],
                "unit": "Operation och intensivvård",
                "co_submitters": [region.people["erik.bergstrom"]],
                "shared": True,
            },
        )
        workflow.apply(
            submission.case,
            "start_assessment",
            region.people["sara.holm"],
            reason="Vi bokar ett möte med dig och enheten nästa vecka.",
        )
        created += 1
    if not Submission.objects.filter(case__title="Drönarleveranser av blodprover").exists():
        pending = services.request_company_inquiry(
            {
                "kind": "testbed_request",
                "title": "Drönarleveranser av blodprover",
                "description": "Vi vill testa leveranser av blodprover med drönare uppkopplade "
                "över 5G mellan regionens akutsjukhus, som en del av 5GMHI.",
                "company_name": "Telia Company AB",
                "org_number": "556103-4249",
                "contact_name": "Johanna Ek",
                "email": "johanna.ek@telia.example",
            },
            language="sv",
            client="demo",
        )
        services.confirm_company_inquiry(pending.token)  # as Johanna does from her mail
        created += 1
    supporters = _supporters(region)
    created += _shared_ideas(region)
    return f"intake: {len(AREAS)} areas, {created} new submissions, {supporters} supporters"


def _supporters(region) -> int:
    """The wheelchair proposal's need is shared: a colleague at SöS and two members of the
    public said "this is my need too" (each only once, however often the demo is seeded)."""
    case = Submission.objects.filter(case__title=PROPOSALS[0][0]).first().case
    services.join(
        case, region.people["erik.bergstrom"], unit="Akutmottagningen",
        note="Vi ser samma sak varje vecka på akuten.",
    )  # fmt: skip
    for email in ("olle.nilsson@example.net", "fatima.ali@example.net"):
        token = services.request_public_join(case, {"email": email}, language="sv")
        if token:
            services.confirm_public_join(token)  # as each does from her mail
    return case.supporters.count()


# Ideas whose authors let colleagues see them (drawn from the 2024 report: CLEOS at Danderyd,
# the IVA diary at SöS, the cardiology clinic's work on needless interruptions): (author,
# organisation code, unit, title, problem, for whom, suggestion, [(supporter, unit, note)],
# [(colleague, comment)]).
SHARED = [
    (
        "helena.lund",
        "danderyd",
        "Intensivvårdsavdelningen Danderyd",
        "Checklista när patienten flyttar från IVA till vårdavdelning",
        "När en patient flyttas från intensivvården till en vårdavdelning tappas information på "
        "vägen: vad patienten och de närstående har varit med om, vilka mål som gäller för "
        "mobilisering och nutrition, vem som ska följa upp.",
        "Patienter efter intensivvård, deras närstående och sjuksköterskorna som tar emot dem",
        "En gemensam checklista för överrapporteringen, med IVA-dagboken som en given punkt.",
        [
            (
                "peter.wallin",
                "Intensivvårdsavdelningen Solna",
                "Samma glapp hos oss. Vi vill gärna vara med och testa checklistan.",
            ),
            (
                "anna.lindqvist",
                "Avdelning 51, hjärtsvikt",
                "Vi tar emot många patienter från IVA och saknar ofta just detta.",
            ),
        ],
        [
            (
                "erik.bergstrom",
                "På SöS har vi IVA-dagboken som ett eget ärende – bra om de två hänger ihop.",
            ),
        ],
    ),
    (
        "erik.bergstrom",
        "sos",
        "Akutkliniken Södersjukhuset",
        "Digital anamnes vid bröstsmärta även på SöS akutmottagning",
        "Patienter med bröstsmärta väntar länge på att få berätta sin sjukdomshistoria, och "
        "läkarna lägger mycket tid på frågor som patienten själv hade kunnat svara på.",
        "Patienter med bröstsmärta på akutmottagningen och läkarna som bedömer dem",
        "Danderyds sjukhus har prövat digital anamnes med CLEOS med gott resultat. Låt oss "
        "ta efter i stället för att börja om.",
        [
            (
                "helena.lund",
                "Intensivvårdsavdelningen Danderyd",
                "Vi har sett att det fungerar hos oss och berättar gärna hur vi gjorde.",
            ),
        ],
        [
            (
                "helena.lund",
                "Hör av er till Medicinkliniken Danderyds sjukhus, de har erfarenheterna från "
                "införandet.",
            ),
            ("anna.lindqvist", "Skulle det gå att använda samma frågor på kardiologen?"),
        ],
    ),
    (
        "anna.lindqvist",
        "sos",
        "Avdelning 51, hjärtsvikt",
        "Tysta larm på natten – bara den som ska svara hör dem",
        "Larm från övervakningen hörs i hela korridoren på natten och väcker patienter som "
        "behöver sova, fast bara en sjuksköterska ska svara.",
        "Inneliggande patienter med övervakning och nattpersonalen",
        "Larmen går direkt till den ansvariga sjuksköterskans telefon i stället för till "
        "högtalarna.",
        [],
        [],
    ),
]


def _shared_ideas(region) -> int:
    """Colleagues' ideas on the colleagues' page: shared by their authors, some supported by
    colleagues who name their unit, some commented on (each only once however often the demo
    is seeded)."""
    people = region.people
    made = 0
    for author, org, unit, title, problem, for_whom, idea, supporters, comments in SHARED:
        submission = Submission.objects.filter(case__title=title).first()
        if submission is None:
            submission, _token = services.submit_idea(
                people[author],
                {
                    "kind": "idea",
                    "title": title,
                    "problem": problem,
                    "for_whom": for_whom,
                    "suggestion": idea,
                    "organisation": region.orgs[org],
                    "unit": unit,
                    "shared": True,
                },
                from_draft=False,
            )
            made += 1
        for person, their_unit, note in supporters:
            services.join(submission.case, people[person], unit=their_unit, note=note,
                          via=Supporter.Via.CASE)  # fmt: skip
        for person, body in comments:
            services.comment_as_colleague(submission.case, people[person], body)
    return made
