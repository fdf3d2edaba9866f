"""Every write of the strategic portfolio: one transaction each, each audited."""

from django.db import transaction

from slussen.accounts.roles import Role
from slussen.cases import services as case_services
from slussen.cases.models import Kind
from slussen.core import audit, workflow

from .models import Funding, Project, ProjectDirection, Step
from .workflows import STRATEGIC_WORKFLOW

FIELDS = ("title", "summary", "lead_organisation", "partners", "start_year", "end_year")


def save_project(actor, project: Project | None = None, *, directions, organisations, **data):
    data = {k: v for k, v in data.items() if k in FIELDS}
    with transaction.atomic():
        created = project is None
        if created:
            project = Project.objects.create(
                state=workflow.initial_state(STRATEGIC_WORKFLOW),
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                **data,
            )
        else:
            for key, value in data.items():
                setattr(project, key, value)
            project.save()
            project.directions.all().delete()
        ProjectDirection.objects.bulk_create(
            [ProjectDirection(project=project, code=code) for code in directions]
        )
        project.organisations.set(organisations)
        audit.record(
            actor,
            "strategic.create" if created else "strategic.edit",
            project,
            directions=sorted(directions),
            organisations=sorted(o.pk for o in organisations),
        )
    return project


def _registering_organisation(actor, project):
    """The proposal is registered where the coordination group sits (the coordinator's unit)."""
    from slussen.accounts.models import Organisation

    org_ids = actor.orgs_with_role(Role.COORDINATOR) if actor.is_authenticated else set()
    return Organisation.objects.filter(pk__in=org_ids).first() or project.lead_organisation


def take_step(project: Project, code: str, actor, *, reason: str, occurred_on=None, reference=""):
    """Record a step of the decision path (proposal, comments, decision) through the workflow.

    The proposal is registered as a case of kind strategic proposal; later steps land on that
    case's timeline, so the register carries the whole decision path."""
    with transaction.atomic():
        tr = workflow.apply(
            project,
            code,
            actor,
            reason=reason,
            occurred_on=occurred_on.isoformat() if occurred_on else "",
            reference=reference,
        )
        step = Step.objects.create(
            project=project,
            transition=tr,
            body=reason.strip(),
            occurred_on=occurred_on,
            reference=reference.strip(),
            actor=actor if actor.is_authenticated else None,
        )
        if project.case_id is None and code == "propose":
            project.case = case_services.open_case(
                kind=Kind.STRATEGIC_PROPOSAL,
                title=project.title,
                description=f"{project.summary}\n\n{reason.strip()}",
                organisation=_registering_organisation(actor, project),
                actor=actor,
                handler=actor if actor.is_authenticated else None,
            )
            Project.objects.filter(pk=project.pk).update(case=project.case)
        elif project.case_id:
            case_services.add_comment(
                project.case, actor, f"{tr.label}: {reason.strip()}", internal=True
            )
    return step


def add_funding(project: Project, actor, **data) -> Funding:
    with transaction.atomic():
        funding = Funding.objects.create(project=project, **data)
        audit.record(
            actor,
            "strategic.funding_add",
            project,
            funder=funding.funder,
            amount=str(funding.amount or ""),
            currency=funding.currency,
        )
    return funding


def remove_funding(funding: Funding, actor) -> None:
    with transaction.atomic():
        audit.record(
            actor,
            "strategic.funding_remove",
            funding.project,
            funder=funding.funder,
            amount=str(funding.amount or ""),
            currency=funding.currency,
        )
        funding.delete()
