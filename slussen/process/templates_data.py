"""The process templates of the domain brief (seed 003, l.321–460), seeded once as data.

Administrators change them in the admin by making a new version; running cases keep theirs.
"""

from django.db import transaction

N, D, IMP = "need_idea", "development", "implementation"

# innovation type -> (name_sv, name_en, [(phase code, generic, name_sv, name_en)])
TEMPLATES = {
    "medical_device": (
        "Medicinteknisk produkt",
        "Medical device",
        [
            ("feasibility", N, "Förstudie (behovsanalys)", "Feasibility study (needs analysis)"),
            ("concept", N, "Koncept", "Concept"),
            ("development", D, "Utveckling och validering", "Development and validation"),
            (
                "manufacturing",
                D,
                "Tillverkning och kvalitetssystem",
                "Manufacturing and quality system",
            ),
            ("clinical_use", IMP, "Klinisk användning", "Clinical use"),
            ("follow_up", IMP, "Uppföljning", "Follow-up"),
        ],
    ),
    "pharmaceutical": (
        "Läkemedel",
        "Pharmaceutical",
        [
            ("discovery", N, "Förstudie/upptäcktsfas", "Feasibility and discovery"),
            ("preclinical", D, "Preklinisk utveckling", "Preclinical development"),
            ("phase_1", D, "Fas 1", "Phase 1"),
            ("phase_2", D, "Fas 2", "Phase 2"),
            ("phase_3", D, "Fas 3", "Phase 3"),
            ("approval", D, "Godkännande (LV, EMA)", "Approval (MPA, EMA)"),
            ("managed_introduction", IMP, "Ordnat införande (SKR, TLV)", "Managed introduction"),
        ],
    ),
    "service": (
        "Tjänst",
        "Service",
        [
            ("problem", N, "Identifiera problem och behov", "Identify the problem and need"),
            ("ideas", N, "Generera idéer", "Generate ideas"),
            ("concept", D, "Utveckla tjänstekoncept", "Develop the service concept"),
            ("pilot", D, "Testa i pilot, utvärdera, anpassa", "Pilot, evaluate, adapt"),
            ("spread", IMP, "Breddinföra", "Roll out broadly"),
            ("maintain", IMP, "Förvalta och följa upp", "Maintain and follow up"),
        ],
    ),
    "organisational": (
        "Organisatorisk innovation",
        "Organisational innovation",
        [
            (
                "dissatisfaction",
                N,
                "Missnöje med nuvarande organisation",
                "Dissatisfaction with the current organisation",
            ),
            ("ideas", N, "Leta idéer på organisationsformer", "Look for organisational forms"),
            ("change", D, "Ändra formell organisation", "Change the formal organisation"),
            ("implement", IMP, "Implementera", "Implement"),
            ("validate", IMP, "Validera och anpassa", "Validate and adapt"),
        ],
    ),
    "process": (
        "Process (ny klinisk metod)",
        "Process (new clinical method)",
        [
            (
                "compare",
                N,
                "Jämför nya metoder med etablerade",
                "Compare new methods with established ones",
            ),
            ("local_test", D, "Testa och utvärdera lokalt", "Test and evaluate locally"),
            ("guidelines", D, "Nya kliniska riktlinjer", "New clinical guidelines"),
            ("routine", IMP, "Implementera som rutin", "Implement as routine"),
            ("maintain", IMP, "Förvalta och följa upp", "Maintain and follow up"),
        ],
    ),
    # The source has no template for system innovation: the three generic phases.
    "system": (
        "Systeminnovation",
        "System innovation",
        [
            ("need_idea", N, "Behov och idé", "Need and idea"),
            ("development", D, "Utveckling och test", "Development and testing"),
            (
                "implementation",
                IMP,
                "Implementering, spridning och uppföljning",
                "Implementation, spread and follow-up",
            ),
        ],
    ),
}

# The mandate a go decision into a phase needs (phases not named: green, the advisor's own).
# Yellow: the line manager approves by name in Slussen; red: leadership (the head of the
# innovation unit, or the body named here, records the decision).
ENTRY_ZONES = {
    "medical_device": {
        "development": ("yellow", ""),
        "manufacturing": ("yellow", ""),
        "clinical_use": ("red", "Verksamhetsledning och medicinskt ansvarig"),
        "follow_up": ("yellow", ""),
    },
    "pharmaceutical": {
        "phase_1": ("red", "Läkemedelskommittén"),
        "managed_introduction": ("red", "Läkemedelskommittén"),
    },
    "service": {"pilot": ("yellow", ""), "spread": ("yellow", "")},
    "organisational": {
        "change": ("red", "Förvaltningsledningen"),
        "implement": ("yellow", ""),
    },
    "process": {"local_test": ("yellow", ""), "routine": ("red", "Verksamhetsledningen")},
    "system": {"implementation": ("yellow", "")},
}

# (code, area, help topic, name_sv, name_en, help_sv, help_en)
ITEMS = {
    "partners": (
        "other",
        "partners",
        "Samverkanspartner och avtal",
        "Partners and agreements",
        "Vilka parter behövs? Sekretess- och samverkansavtal som reglerar resultatägande.",
        "Which partners are needed? Confidentiality and collaboration agreements that settle "
        "who owns the results.",
    ),
    "ip": (
        "ip",
        "ip",
        "Immaterialrättslig bedömning",
        "IP assessment",
        "Vilka rättigheter kan uppstå (patent, upphovsrätt, design)? Sprid inte lösningen "
        "offentligt innan patent har sökts. Fyll i bedömningen under IP och upphandling.",
        "Which rights may arise (patent, copyright, design)? Do not disclose the solution before "
        "a patent has been filed. Record the assessment under IP and procurement.",
    ),
    "procurement": (
        "procurement",
        "procurement",
        "Upphandlingsspår (LOU)",
        "Procurement track (public procurement act)",
        "Tidig dialog med leverantörer, innovationsupphandling eller innovationspartnerskap?",
        "Early supplier dialogue, innovation procurement or innovation partnership?",
    ),
    "funding": (
        "other",
        "funding",
        "Finansiering för projekttiden och förvaltningen",
        "Funding for the project and for maintenance",
        "För in bidrag och medfinansiering i finansieringsregistret.",
        "Enter grants and co-financing in the funding register.",
    ),
    "gdpr": (
        "regulation",
        "data_protection",
        "Patientdatalagen och GDPR",
        "Patient Data Act and GDPR",
        "Rättslig grund, informationssäkerhet och konsekvensbedömning (DPIA) när "
        "personuppgifter behandlas.",
        "Legal basis, information security and a data protection impact assessment when "
        "personal data is processed.",
    ),
    "mdr": (
        "regulation",
        "regulation",
        "CE-märkning enligt MDR (EU) 2017/745",
        "CE marking under MDR (EU) 2017/745",
        "Är produkten en medicinteknisk produkt? CE-märkning, eller egentillverkning inom "
        "regionen enligt artikel 5.5 (anmälan till IVO).",
        "Is the product a medical device? CE marking, or in-house manufacture within the "
        "region under article 5.5 (notify IVO).",
    ),
    "medical_purpose": (
        "regulation",
        "regulation",
        "Screening: programvara eller produkt med medicinskt syfte?",
        "Screening: is this software or a device with a medical purpose?",
        "Är lösningen programvara eller en produkt med medicinskt syfte (diagnos, behandling, "
        "övervakning)? Markera klar om den är det: då ska MDR-punkterna göras innan ärendet "
        "lämnar respektive fas. Bedöm den som ej tillämplig om den inte har något medicinskt "
        "syfte.",
        "Is the solution software or a device with a medical purpose (diagnosis, treatment, "
        "monitoring)? Mark it done if it is: the MDR items must then be done before the case "
        "leaves their phases. Judge it not applicable if it has no medical purpose.",
    ),
    "mdr_classification": (
        "regulation",
        "regulation",
        "Klassificering enligt MDR (EU) 2017/745",
        "Classification under MDR (EU) 2017/745",
        "Riskklass (I, IIa, IIb, III) enligt bilaga VIII; programvara klassas enligt regel 11. "
        "Klassen avgör vägen till CE-märkning och ska vara känd i förstudien.",
        "Risk class (I, IIa, IIb, III) under annex VIII; software is classified under rule 11. "
        "The class decides the route to CE marking and must be known in the feasibility study.",
    ),
    "sol": (
        "regulation",
        "regulation",
        "Socialtjänstlagen (SoL)",
        "Social Services Act (SoL)",
        "Berör lösningen socialtjänst, äldreomsorg eller insatser enligt SoL (eller LSS)? "
        "Dokumentation, sekretess (OSL 26 kap.) och samverkan med kommunen.",
        "Does the solution touch social services, elderly care or support under the Social "
        "Services Act (or LSS)? Records, secrecy (OSL chapter 26) and working with the "
        "municipality.",
    ),
    "ethics": (
        "regulation",
        "ethics",
        "Etikprövning",
        "Ethics review",
        "Krävs etikprövning (forskning på människor, känsliga personuppgifter)?",
        "Is an ethics review needed (research involving people, sensitive personal data)?",
    ),
    "patient_safety": (
        "regulation",
        "patient_safety",
        "Patientsäkerhet (riskanalys)",
        "Patient safety (risk analysis)",
        "Riskanalys enligt patientsäkerhetslagen och HSL innan lösningen används i vården.",
        "Risk analysis under the Patient Safety Act and the Health and Medical Services Act "
        "before the solution is used in care.",
    ),
    "clinical_trial": (
        "regulation",
        "regulation",
        "Ansökan om klinisk prövning",
        "Clinical trial application",
        "Ansökan till Läkemedelsverket och etikprövning innan prövningen startar.",
        "Application to the Medical Products Agency and ethics review before the trial starts.",
    ),
    "hta": (
        "regulation",
        "hta",
        "Hälsoekonomisk utvärdering (HTA)",
        "Health technology assessment (HTA)",
        "Evidens och hälsoekonomi inför införande (SBU, TLV).",
        "Evidence and health economics before introduction (SBU, TLV).",
    ),
    "test_plan": (
        "other",
        "testing",
        "Testplan och testresultat sparade i ärendet",
        "Test plan and results stored with the case",
        "Spara testplan och resultat under Tester så att de kan återanvändas.",
        "Store the test plan and results under Tests so that they can be reused.",
    ),
    "spread_plan": (
        "implementation",
        "implementation",
        "Plan för implementering och spridning",
        "Implementation and spread plan",
        "Krävs innan ärendet lämnar utveckling och test: vilka enheter, när, med vilket stöd.",
        "Required before the case leaves development and testing: which units, when, with "
        "what support.",
    ),
    "lou": (
        "procurement",
        "procurement",
        "Upphandling inför breddinförande",
        "Procurement before broad roll-out",
        "Köp för breddinförande följer LOU; planera upphandlingen i tid.",
        "Purchases for a broad roll-out follow the public procurement act; plan in time.",
    ),
    "maintenance": (
        "maintenance",
        "implementation",
        "Förvaltningsägare och förvaltningsplan",
        "Maintenance owner and plan",
        "Krävs innan ärendet kan avslutas som infört: vem äger lösningen i linjen efter projektet?",
        "Required before the case can close as implemented: who owns the solution in the line "
        "after the project?",
    ),
}

# innovation type -> {phase code: [(item code, required)]}
# The screening every template opens with (first phase): it leads to the MDR items.
SCREENING = "medical_purpose"
MDR_ITEMS = ("mdr_classification", "mdr")

# innovation type -> {phase code: [(item code, required)]}
CHECKLISTS = {
    "medical_device": {
        "feasibility": [
            (SCREENING, True),
            ("mdr_classification", True),
            ("partners", False),
            ("ip", False),
        ],
        "concept": [("mdr", True), ("procurement", False)],
        "development": [("gdpr", True), ("ethics", True), ("test_plan", True), ("funding", False)],
        "manufacturing": [("patient_safety", True), ("hta", False), ("spread_plan", True)],
        "clinical_use": [("lou", False)],
        "follow_up": [("maintenance", True)],
    },
    "pharmaceutical": {
        "discovery": [
            (SCREENING, True),
            ("mdr_classification", False),
            ("partners", False),
            ("ip", True),
        ],
        "preclinical": [("funding", False), ("mdr", False)],
        "phase_1": [("clinical_trial", True), ("ethics", True), ("gdpr", True)],
        "phase_2": [("test_plan", True)],
        "phase_3": [("patient_safety", True)],
        "approval": [("hta", True), ("spread_plan", True)],
        "managed_introduction": [("lou", False), ("maintenance", True)],
    },
    "service": {
        "problem": [(SCREENING, True), ("mdr_classification", False), ("partners", False)],
        "ideas": [("ip", False), ("procurement", False)],
        "concept": [("gdpr", True), ("sol", False), ("mdr", False), ("funding", False)],
        "pilot": [("patient_safety", True), ("test_plan", False), ("spread_plan", True)],
        "spread": [("lou", False)],
        "maintain": [("maintenance", True)],
    },
    "organisational": {
        "dissatisfaction": [
            (SCREENING, True),
            ("mdr_classification", False),
            ("partners", False),
        ],
        "ideas": [("ip", False)],
        "change": [
            ("gdpr", False),
            ("sol", False),
            ("mdr", False),
            ("funding", False),
            ("spread_plan", True),
        ],
        "implement": [("lou", False)],
        "validate": [("maintenance", True)],
    },
    "process": {
        "compare": [
            (SCREENING, True),
            ("mdr_classification", False),
            ("hta", False),
            ("ip", False),
        ],
        "local_test": [
            ("ethics", True),
            ("patient_safety", True),
            ("gdpr", False),
            ("sol", False),
            ("mdr", False),
            ("test_plan", True),
        ],
        "guidelines": [("hta", True), ("spread_plan", True)],
        "routine": [("lou", False)],
        "maintain": [("maintenance", True)],
    },
    "system": {
        "need_idea": [
            (SCREENING, True),
            ("mdr_classification", False),
            ("partners", False),
            ("ip", False),
            ("procurement", False),
        ],
        "development": [
            ("gdpr", False),
            ("sol", False),
            ("mdr", False),
            ("funding", False),
            ("spread_plan", True),
        ],
        "implementation": [("maintenance", True)],
    },
}


def _add_items(phase, itype, ChecklistItem, only_missing=False):
    present = set(phase.checklist.values_list("code", flat=True)) if only_missing else set()
    last = phase.checklist.order_by("-order").values_list("order", flat=True).first()
    start = (last + 1) if only_missing and last is not None else 0
    added = 0
    for iorder, (icode, required) in enumerate(CHECKLISTS[itype].get(phase.code, [])):
        if icode in present:
            continue
        area, topic, isv, ien, hsv, hen = ITEMS[icode]
        ChecklistItem.objects.create(
            phase=phase,
            code=icode,
            order=start + iorder,
            area=area,
            help_topic=topic,
            name_sv=isv,
            name_en=ien,
            help_sv=hsv,
            help_en=hen,
            required=required,
        )
        added += 1
    return added


def publish_new_items(ProcessTemplate, TemplatePhase, ChecklistItem) -> list:
    """Publish a new version of every template whose newest version lacks checklist items of
    the data above (the screening for a medical purpose, MDR classification, SoL): the newest
    version is copied with its phases and checklists, the missing items are added to the
    phases that have the same code, and the copy is published. Running cases keep their
    version; new cases start on the new one. What administrators changed is kept; nothing is
    removed. Safe to run again. (Takes the models, so a migration can pass its own.)"""
    published = []
    with transaction.atomic():
        for itype in TEMPLATES:
            newest = (
                ProcessTemplate.objects.filter(innovation_type=itype).order_by("-version").first()
            )
            if newest is None:
                continue
            missing = False
            for phase in TemplatePhase.objects.filter(template=newest):
                present = set(
                    ChecklistItem.objects.filter(phase=phase).values_list("code", flat=True)
                )
                if {code for code, _req in CHECKLISTS[itype].get(phase.code, [])} - present:
                    missing = True
            if not missing:
                continue
            draft = ProcessTemplate.objects.create(
                innovation_type=itype,
                version=newest.version + 1,
                is_published=True,
                name_sv=newest.name_sv,
                name_en=newest.name_en,
            )
            for phase in TemplatePhase.objects.filter(template=newest).order_by("order"):
                items = list(ChecklistItem.objects.filter(phase=phase).order_by("order", "id"))
                phase.pk = None
                phase.template = draft
                phase.save()
                for item in items:
                    item.pk = None
                    item.phase = phase
                    item.save()
                _add_items(phase, itype, ChecklistItem, only_missing=True)
                items = ChecklistItem.objects.filter(phase=phase)
                if items.filter(code=SCREENING).exists():  # the phase opens with the screening
                    rest = items.exclude(code=SCREENING).order_by("order", "id")
                    for order, item in enumerate(rest, start=1):
                        ChecklistItem.objects.filter(pk=item.pk).update(order=order)
                    items.filter(code=SCREENING).update(order=0)
            published.append(draft)
    return published


def ensure_seeded(**kwargs):
    """Seed version 1 of every template that has none yet (post_migrate, tests, demo)."""
    from .models import ChecklistItem, ProcessTemplate, TemplatePhase
    from .workflows import ensure_defined

    ensure_defined()
    with transaction.atomic():
        for itype, (sv, en, phases) in TEMPLATES.items():
            if ProcessTemplate.objects.filter(innovation_type=itype).exists():
                continue
            template = ProcessTemplate.objects.create(
                innovation_type=itype, version=1, is_published=True, name_sv=sv, name_en=en
            )
            for order, (code, generic, psv, pen) in enumerate(phases):
                zone, body = ENTRY_ZONES.get(itype, {}).get(code, ("green", ""))
                phase = TemplatePhase.objects.create(
                    template=template,
                    code=code,
                    order=order,
                    generic=generic,
                    name_sv=psv,
                    name_en=pen,
                    entry_zone=zone,
                    decision_body=body,
                )
                _add_items(phase, itype, ChecklistItem)
