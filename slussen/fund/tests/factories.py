"""Calls and applications in any state, built through the real services."""

from datetime import date, timedelta

from django.utils import timezone

from slussen.fund import services


def make_call(w, **fields):
    now = timezone.now()
    data = {
        "title": "Innovationsfonden hösten 2026",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        "budget": 7_500_000,
        "grant_year": now.year + 1,
        "accepted_kinds": ["new", "continuation", "implementation"],
        **fields,
    }
    call = services.create_call(w.coordinator, **data)
    call.prescreeners.set([w.prescreener])
    call.experts.set([w.expert])
    return call


def draft_data(call, applicant, organisation, manager):
    return {
        "fields": {
            "kind": "new",
            "previous": None,
            "title": "Omvårdnadsträning med VR",
            "summary": "Interaktiv omvårdnadsträning i virtuell verklighet.",
            "goal": "Färre ringningar och fall.",
            "benefit": "Sjuksköterskor tränar samtal i en trygg miljö.",
            "organisation": organisation,
            "sector": "health_care",
            "applicant_gender": "woman",
            "design_support": True,
            "eligible": True,
            "results_owned_by_region": True,
            "manager": manager,
        },
        "answers": {q.pk: f"Svar på fråga {q.order + 1}." for q in call.current_questions()},
        "participants": [
            {
                "name": applicant.full_name,
                "role": "Projektledare",
                "organisation": organisation.name,
                "email": applicant.email,
            }
        ],
        "milestones": [
            {"activity": "Förstudie", "start": date(2027, 1, 1), "end": date(2027, 3, 31)},
            {"activity": "Pilot", "start": date(2027, 4, 1), "end": date(2027, 11, 30)},
        ],
        "budget_lines": [
            {"item": "Projektledning 20 %", "amount": 150_000},
            {"item": "VR-utrustning", "amount": 90_000},
        ],
    }


STEPS = ["draft", "signoff", "prescreening", "review", "granted"]


def make_application(
    w, call=None, *, applicant=None, manager=None, organisation=None, state="draft"
):
    """An application of ``applicant`` (default: Karolinska's testbed owner, with the head of
    the innovation unit as manager) taken through the real steps up to ``state``."""
    call = call or make_call(w)
    applicant = applicant or w.testbed_owner
    manager = manager or w.innovation_head
    organisation = organisation or w.karolinska
    app = services.save_draft(applicant, call, **draft_data(call, applicant, organisation, manager))
    target = STEPS.index(state)
    if target >= 1:
        services.submit(app, applicant)
    if target >= 2:
        services.signoff(app, manager, approve=True, comment="")
    if target >= 3:
        services.prescreen(app, w.prescreener, met=True, reasons="Uppfyller kraven.")
    if target >= 4:
        services.decide(app, w.coordinator, grant=True, amount=200_000, motivation="Stort behov.")
    app.refresh_from_db()
    return app


def send_back(w, app, *, by=None, question="Hur många patienter når piloten?"):
    """``app`` (in pre-screening or review) sent back to its applicant with a question."""
    services.ask_for_more_info(app, by or w.coordinator, question=question)
    app.refresh_from_db()
    return app
