from django_tasks import task

from . import retention


@task()
def apply_retention() -> int:
    """Run the retention rules; meant to be scheduled daily."""
    return retention.apply()
