"""Whom the case workflow's steps tell (see ``slussen.core.workflow.audience``).

The submitter's e-mail, with the tracking link, is written by ``intake`` in the submitter's
words; here they get the notice in their list in Slussen.
"""

from slussen.core.workflow import audience


@audience("case.submitter", email=False)
def submitter(case):
    return [case.submitter]


@audience("case.handler")
def handler(case):
    return [case.handler]
