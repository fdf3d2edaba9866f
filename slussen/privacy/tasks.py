from django_tasks import task

from . import retention


@task()
def apply_retention() -> int:
    """Run the retention rules; meant to be scheduled daily."""
    return retention.apply()


PERIODIC = [apply_retention]  # enqueued by manage.py run_scheduler
