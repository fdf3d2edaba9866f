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


@audience("fund.applicant_asked")
def applicant_asked(application):
    """The applicant, told in Slussen and by e-mail, with the question as the notice's text."""
    return [application.applicant]


@audience("fund.thread")
def thread(application):
    """Who follows the thread once the applicant replies: whoever asked, and the experts
    assigned to review the application."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    askers = application.thread_messages.filter(kind="question").values("author")
    experts = application.assignments.values("expert")
    return get_user_model().objects.filter(Q(pk__in=askers) | Q(pk__in=experts)).order_by("pk")


@guard("fund.returns_to")
def returns_to(application, transition, user, context):
    """The completed application goes back to the step the question was asked in."""
    question = application.thread_messages.filter(kind="question").last()
    if question is not None and question.state_code == transition.target.code:
        return []
    return [_("The application goes back to the step it was sent back from.")]
