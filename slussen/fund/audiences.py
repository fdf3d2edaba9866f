"""Whom the fund application's steps tell (see ``slussen.core.workflow.audience``).

The fund writes its own letters (receipt, decision with its motivation); the engine adds the
notice in each person's list in Slussen.
"""

from django.utils.translation import gettext as _

from slussen.core.workflow import audience, guard


@audience("fund.applicant", email=False)
def applicant(application):
    return [application.applicant]


@audience("fund.manager", email=False)
def manager(application):
    return [application.manager]


@audience("fund.project_applicant")
def project_applicant(project):
    return [project.application.applicant]


@guard("fund.final_report")
def final_report(project, transition, user, context):
    """A project completes when its final report is approved and the coordinator has written
    the final assessment."""
    from .models import FinalAssessment, ReportReview

    problems = []
    final = project.reports.filter(kind="final").first()
    if final is None or not final.submitted_at:
        problems.append(_("The final report is not in yet; the project completes when it is."))
    elif not ReportReview.objects.filter(report=final, status="approved").exists():
        problems.append(_("Approve the final report first."))
    if not FinalAssessment.objects.filter(project=project).exists():
        problems.append(_("Write the final assessment."))
    return problems
