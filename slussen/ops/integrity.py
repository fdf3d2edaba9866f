"""What must hold of the register after a crash or a restore.

Each registration is one transaction (``cases.services.open_case``): the case, its opening
event on the timeline, its audit event and its registry number are stored together or not at
all. ``check_register`` looks for anything stored in part.
"""

from collections import Counter, defaultdict

from django.db import connection
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from slussen.cases.models import Case, CaseEvent, RegistryCounter
from slussen.core.models import AuditEvent


def check_register() -> list[str]:
    """Every problem found, as a sentence; an empty list means the register is whole."""
    problems = []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            result = [row[0] for row in cursor.fetchall()]
        if result != ["ok"]:
            problems.append(_("SQLite integrity check: %(result)s") % {"result": "; ".join(result)})

    audited = set(
        AuditEvent.objects.filter(action="case.open", object_type="cases.case").values_list(
            "object_id", flat=True
        )
    )
    cases = Case.objects.annotate(
        opened=Count("events", filter=Q(events__type=CaseEvent.Type.OPENED))
    ).values_list("pk", "registry_number", "registry_year", "registry_seq", "opened")
    numbers = defaultdict(list)
    for pk, number, year, seq, opened in cases:
        if opened != 1:
            problems.append(
                _("%(number)s has %(count)d opening events on its timeline, not 1.")
                % {"number": number, "count": opened}
            )
        if str(pk) not in audited:
            problems.append(
                _("%(number)s has no audit event of its registration.") % {"number": number}
            )
        numbers[(number.rsplit(" ", 1)[0], year)].append(seq)

    for counter in RegistryCounter.objects.all():
        seqs = numbers.pop((counter.prefix, counter.year), [])
        missing = sorted(set(range(1, counter.last + 1)) - set(seqs))
        extra = sorted(s for s, n in Counter(seqs).items() if s > counter.last or n > 1)
        if missing or extra:
            problems.append(
                _(
                    "Registry series %(series)s: the counter stands at %(last)d; numbers missing: "
                    "%(missing)s; numbers beyond the counter or given twice: %(extra)s."
                )
                % {
                    "series": f"{counter.prefix} {counter.year}",
                    "last": counter.last,
                    "missing": _abbreviated(missing),
                    "extra": _abbreviated(extra),
                }
            )
    for (prefix, year), seqs in sorted(numbers.items()):
        problems.append(
            _("Registry series %(series)s has %(count)d cases but no counter.")
            % {"series": f"{prefix} {year}", "count": len(seqs)}
        )
    return problems


def _abbreviated(numbers, at_most=10):
    shown = ", ".join(str(n) for n in numbers[:at_most])
    return shown + (" …" if len(numbers) > at_most else "") if numbers else "–"
