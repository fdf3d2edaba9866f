"""The application with registration broken on purpose, for the crash test's self-check:
the case is committed on its own and its opening and audit events only after a pause, so a
crash in between leaves a case stored in part. Served by gunicorn like the real one."""

import time

from django.core.wsgi import get_wsgi_application
from django.db import transaction
from django.utils import timezone

application = get_wsgi_application()

from slussen.cases import services  # noqa: E402
from slussen.cases.models import Case, CaseEvent  # noqa: E402
from slussen.cases.workflows import CASE_WORKFLOW  # noqa: E402
from slussen.core import audit, workflow  # noqa: E402


def open_case_in_parts(*, kind, title, description, organisation, actor, handler, **rest):
    year = timezone.localdate().year
    with transaction.atomic():
        seq, number = services._next_number(year)
        case = Case.objects.create(
            registry_number=number,
            registry_year=year,
            registry_seq=seq,
            kind=kind,
            title=title,
            description=description,
            state=workflow.initial_state(CASE_WORKFLOW),
            organisation=organisation,
            handler=handler,
        )
    time.sleep(0.5)  # the window a crash falls into
    CaseEvent.objects.create(case=case, type=CaseEvent.Type.OPENED, actor=actor)
    audit.record(actor, "case.open", case, registry_number=number)
    return case


services.open_case = open_case_in_parts
