"""Demo intake for the demo region: areas the public can choose, and submissions through each
of the three ways in (drawn from the 2024 innovation report). Idempotent."""

from datetime import timedelta

from django.utils import timezone

from slussen.core import workflow

from . import services
from .models import Area, Submission

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
