"""Background jobs of the innovation process (enqueued by ``manage.py run_scheduler``)."""

from django_tasks import task

from slussen.core.scheduler import every

from . import reminders, selectors


@task()
def send_process_reminders() -> int:
    """Remind whoever must act – a decider, an assignee, an advisor – and escalate."""
    return reminders.run()


@task()
def refresh_portfolio_figures(user_id: int, params: dict) -> None:
    """The portfolio's figures of one reader's scope computed again after a change (asked for
    by ``selectors.cached_figures``, once per ``selectors.REFRESH_SECONDS`` across servers)."""
    from slussen.accounts.models import Organisation, User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    orgs = {
        org.pk: org
        for org in Organisation.objects.filter(
            pk__in=[params.get("organisation"), params.get("unit")]
        )
    }
    filters = selectors.Filters(
        organisation=orgs.get(params.get("organisation")),
        direction=params.get("direction", ""),
        innovation_type=params.get("innovation_type", ""),
        unit=orgs.get(params.get("unit")),
    )
    selectors.refresh_figures(user, filters)


PERIODIC = [every(send_process_reminders, minutes=60)]
