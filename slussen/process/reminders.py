"""Reminders of the innovation process, each to the person who must act, escalated to their
line manager (or the head of the innovation unit) when nothing happens:

* a gate decision waiting for the line manager's approval,
* a task past its due date,
* a case with no activity for ``STALE_DAYS`` (the advisor, then the line owner's manager),
* an implemented solution whose review date comes within ``REVIEW_NOTICE_DAYS`` (its
  maintenance owner and advisor),
* an implemented solution whose maintenance owner has left or was deactivated (an alert to the
  head of the case's unit – its managers, else the head of innovation over it – and the
  advisor, until a new owner is named).

How long before a reminder and before escalation is configurable in settings
(``PROCESS_REMINDERS``). Each reminder goes out once per interval (``core.notify.remind``).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from slussen.accounts.hierarchy import line_managers_of, managers_of
from slussen.accounts.models import User
from slussen.accounts.roles import Role
from slussen.core import notify, workflow

from . import selectors
from .models import GateRequest, InnovationCase, Task

DEFAULTS = {"remind_after_days": 3, "every_days": 3, "escalate_after_days": 10}


def _conf():
    return {**DEFAULTS, **getattr(settings, "PROCESS_REMINDERS", {})}


def _heads_over(case) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.INNOVATION_HEAD,
            memberships__organisation_id__in=case.organisation.ancestor_ids(),
        ).distinct()
    )


def run(now=None) -> int:
    conf = _conf()
    now = now or timezone.now()
    every = timedelta(days=conf["every_days"])
    first = now - timedelta(days=conf["remind_after_days"])
    escalate = now - timedelta(days=conf["escalate_after_days"])
    sent = 0

    waiting = GateRequest.objects.filter(state=GateRequest.State.PENDING, created__lte=first)
    for request in waiting.select_related("innovation__case__organisation", "manager"):
        label = workflow.describe(request.innovation.case)
        url = f"/process/{request.innovation_id}/gate/requests/{request.pk}/"
        sent += bool(
            notify.remind(
                f"gate-request:{request.pk}",
                [request.manager],
                "innovation.approval_reminder",
                lambda label=label: (
                    _("Reminder: %(case)s waits for your approval") % {"case": label}
                ),
                url=url,
                every=every,
            )
        )
        if request.created <= escalate:
            above = line_managers_of(request.manager) or _heads_over(request.innovation.case)
            sent += bool(
                notify.remind(
                    f"gate-request-escalated:{request.pk}",
                    above,
                    "innovation.approval_escalated",
                    lambda label=label, m=request.manager: (
                        _("%(case)s: a gate decision has waited %(days)s days for %(manager)s")
                        % {"case": label, "days": conf["escalate_after_days"], "manager": m}
                    ),
                    url=url,
                    every=every,
                )
            )

    # The region's day, not the server's: a task due yesterday in Stockholm is overdue at
    # half past midnight there, when it is still the day before in UTC.
    today = timezone.localdate(now)
    overdue = Task.objects.filter(
        done=False, due__lt=today, assignee__isnull=False, innovation__status__in=selectors.OPEN
    ).select_related("assignee", "innovation__case__organisation")
    for item in overdue:
        label = workflow.describe(item.innovation.case)
        url = f"/process/{item.innovation_id}/"
        sent += bool(
            notify.remind(
                f"task:{item.pk}",
                [item.assignee],
                "innovation.task_overdue",
                lambda label=label, t=item: (
                    _("Overdue task in %(case)s: %(task)s (due %(due)s)")
                    % {"case": label, "task": t.title, "due": t.due}
                ),
                url=url,
                every=every,
            )
        )
        if item.due <= timezone.localdate(escalate):
            sent += bool(
                notify.remind(
                    f"task-escalated:{item.pk}",
                    line_managers_of(item.assignee),
                    "innovation.task_escalated",
                    lambda label=label, t=item: (
                        _("%(person)s's task in %(case)s is long overdue: %(task)s")
                        % {"person": t.assignee, "case": label, "task": t.title}
                    ),
                    url=url,
                    every=every,
                )
            )

    stale = selectors.stale(InnovationCase.objects.all(), now=now).select_related(
        "case__organisation", "advisor", "line_owner"
    )
    for ic in stale:
        label = workflow.describe(ic.case)
        count = notify.remind(
            f"stale:{ic.pk}:{ic.last_activity:%Y%m%d}",
            [ic.advisor or ic.case.handler],
            "innovation.stale",
            lambda label=label: (
                _("%(case)s has had no activity for a long time: what is next?") % {"case": label}
            ),
            url=ic.get_absolute_url(),
            every=every,
        )
        sent += bool(count)
        if count >= 3:  # reminded three times without a step: the line hears of it
            sent += bool(
                notify.remind(
                    f"stale-escalated:{ic.pk}:{ic.last_activity:%Y%m%d}",
                    line_managers_of(ic.line_owner) or _heads_over(ic.case),
                    "innovation.stale_escalated",
                    lambda label=label: (
                        _("%(case)s has stood still despite reminders") % {"case": label}
                    ),
                    url=ic.get_absolute_url(),
                    every=every,
                )
            )
    sent += maintenance(now, every)
    return sent


def maintenance(now, every) -> int:
    """The maintenance lifecycle after roll-out: reviews coming up, owners who have left."""
    sent = 0
    implemented = InnovationCase.objects.filter(status=InnovationCase.Status.IMPLEMENTED)
    due = selectors.review_due(implemented, now).select_related(
        "case", "maintenance_owner", "advisor"
    )
    for ic in due:
        label = workflow.describe(ic.case)
        sent += bool(
            notify.remind(
                f"review:{ic.pk}:{ic.review_on:%Y%m%d}",
                [ic.maintenance_owner, ic.advisor],
                "innovation.review_due",
                lambda label=label, day=ic.review_on: (
                    _("%(case)s is due for review on %(date)s") % {"case": label, "date": day}
                ),
                url=ic.get_absolute_url(),
                every=every,
            )
        )
    left = implemented.filter(maintenance_owner__is_active=False).select_related(
        "case__organisation", "maintenance_owner", "advisor"
    )
    for ic in left:
        label = workflow.describe(ic.case)
        head = managers_of(ic.case.organisation) or _heads_over(ic.case)
        sent += bool(
            notify.remind(
                f"maintenance-left:{ic.pk}:{ic.maintenance_owner_id}",
                [*head, ic.advisor],
                "innovation.maintenance_owner_left",
                lambda label=label, owner=ic.maintenance_owner: (
                    _("%(case)s: the maintenance owner %(person)s has left; name a new owner")
                    % {"case": label, "person": owner}
                ),
                url=ic.get_absolute_url(),
                every=every,
            )
        )
    return sent
