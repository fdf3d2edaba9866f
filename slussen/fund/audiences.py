"""Whom the fund application's steps tell (see ``slussen.core.workflow.audience``).

The fund writes its own letters (receipt, decision with its motivation); the engine adds the
notice in each person's list in Slussen.
"""

from slussen.core.workflow import audience


@audience("fund.applicant", email=False)
def applicant(application):
    return [application.applicant]


@audience("fund.manager", email=False)
def manager(application):
    return [application.manager]
