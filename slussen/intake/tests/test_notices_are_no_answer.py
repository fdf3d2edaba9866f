"""The first response is the region's answer to a submitter's need: a notice the platform writes
on her timeline of another case (a case merged into hers, a duplicate or a related case linked to
it) tells her news, but answers nothing, and the handler is still reminded when she waits."""

import time_machine

from slussen.cases.models import Case
from slussen.cases.services import add_comment
from slussen.core import workflow
from slussen.intake import services
from slussen.intake.models import CaseLink, Submission


def propose(title, organisation, email):
    data = {"title": title, "description": "Text.", "organisation": organisation,
            "email": email, "name": "Pia Andersson"}  # fmt: skip
    return services.submit_proposal(data, language="sv", client="t")[0]


def test_a_merge_into_her_case_is_no_answer_and_her_handler_is_still_reminded(world, settings):
    settings.INTAKE_FIRST_RESPONSE_DAYS = 1
    with time_machine.travel("2026-03-02 09:00 +0100", tick=False):
        survivor = propose("Laddplatser för rullstolar", world.sos, "a@example.net")
        duplicate = propose("Ladda rullstolen", world.sos, "b@example.net")
        Case.objects.filter(pk=survivor.case.pk).update(handler=world.manager)
        services.merge(duplicate.case, survivor.case, world.advisor, message="Samma behov.")
    survivor.refresh_from_db()
    assert survivor.first_response is None  # the advisor's notice answered nothing of hers
    with time_machine.travel("2026-03-05 09:00 +0100", tick=False):
        assert services.remind_overdue() == {"manager@example.org": [survivor.case.registry_number]}


def test_a_link_is_no_answer_either_but_a_message_or_a_status_change_is(world):
    one = propose("Laddplatser för rullstolar", world.sos, "a@example.net")
    two = propose("Eluttag i väntrummet", world.sos, "b@example.net")
    services.link_cases(one.case, two.case, world.advisor, kind=CaseLink.Kind.RELATED)
    assert Submission.objects.filter(first_response__isnull=True).count() == 2
    add_comment(one.case, world.advisor, "Vi tittar på det.", internal=False)
    one.refresh_from_db()
    assert one.first_response is not None
    code = workflow.available(two.case, world.advisor)[0].code
    workflow.apply(two.case, code, world.advisor, reason="Vi börjar.")
    two.refresh_from_db()
    assert two.first_response is not None
