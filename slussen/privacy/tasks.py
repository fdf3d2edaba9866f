from django_tasks import task

from slussen.core.scheduler import every

from . import retention


@task()
def apply_retention() -> int:
    """Run the retention rules; meant to be scheduled daily."""
    return retention.apply()


PERIODIC = [every(apply_retention, minutes=24 * 60)]  # enqueued by manage.py run_scheduler
