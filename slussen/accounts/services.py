"""Writes of the accounts app.

Units of care inside the organisations: clinics, wards and care centres, read from the
region's HSA catalogue (``manage.py import_units units.csv``).

The CSV file (UTF-8, comma or semicolon separated, a header row) has these columns:

``hsa_id``
    The unit's HSA id (required; a unit already imported is updated, never duplicated).
``name``
    The unit's name (required).
``parent``
    What the unit is part of: the HSA id of a unit in the file or already imported, or the
    Slussen code of an organisation (``sos``, ``karolinska``) (required).
``unit_type``
    ``clinic``, ``ward``, ``care_centre``, ``reception`` or ``other`` – or in Swedish
    ``klinik``, ``avdelning``, ``vårdcentral``, ``mottagning``, ``övrig`` (empty: ``other``).
``short_name``
    Optional.

A file with any wrong line changes nothing: every problem is reported with its line number.
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from slussen.core import audit

from .models import Organisation, UnitType

COLUMNS = ("hsa_id", "name", "parent", "unit_type", "short_name")
SWEDISH_TYPES = {
    "klinik": UnitType.CLINIC,
    "avdelning": UnitType.WARD,
    "vårdavdelning": UnitType.WARD,
    "vårdcentral": UnitType.CARE_CENTRE,
    "mottagning": UnitType.RECEPTION,
    "övrig": UnitType.OTHER,
}


def read_csv(text: str) -> list[dict]:
    """The rows of a units file, with columns named as in ``COLUMNS``."""
    text = text.lstrip("\ufeff")
    dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    missing = {"hsa_id", "name", "parent"} - {(f or "").strip() for f in reader.fieldnames or []}
    if missing:
        raise ValidationError(
            _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(sorted(missing))}
        )
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def _unit_type(text: str):
    text = text.strip().casefold()
    if not text:
        return UnitType.OTHER
    if text in UnitType.values:
        return UnitType(text)
    return SWEDISH_TYPES.get(text)


def unit_code(hsa_id: str) -> str:
    return slugify(f"hsa-{hsa_id}")[:64]


def import_units(rows: list[dict], actor=None) -> tuple[int, int]:
    """Create or update the units in ``rows`` (see the module's text); returns (created,
    updated). Parents may come after their units in the file."""
    problems = []
    pending = []
    seen = set()
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        hsa, name, parent = row.get("hsa_id", ""), row.get("name", ""), row.get("parent", "")
        kind = _unit_type(row.get("unit_type", ""))
        if not hsa or not name or not parent:
            problems.append((number, _("hsa_id, name and parent are required.")))
        elif kind is None:
            problems.append(
                (number, _("unknown type of unit “%(type)s”.") % {"type": row.get("unit_type")})
            )
        elif hsa in seen:
            problems.append((number, _("the HSA id %(hsa)s occurs twice.") % {"hsa": hsa}))
        else:
            seen.add(hsa)
            pending.append((number, hsa, name, parent, kind, row.get("short_name", "")[:40]))
    created = updated = 0
    with transaction.atomic():
        known = {o.hsa_id: o for o in Organisation.objects.exclude(hsa_id="")}
        codes = {o.code: o for o in Organisation.objects.exclude(kind=Organisation.Kind.EXTERNAL)}
        while pending:
            left = []
            for number, hsa, name, parent, kind, short in pending:
                above = known.get(parent) or codes.get(parent)
                if above is None:
                    left.append((number, hsa, name, parent, kind, short))
                    continue
                unit = known.get(hsa) or Organisation(code=unit_code(hsa), hsa_id=hsa)
                is_new = unit.pk is None
                fields = {"parent": above, "name": name[:200], "short_name": short,
                          "kind": Organisation.Kind.UNIT, "unit_type": kind}  # fmt: skip
                if is_new or any(getattr(unit, k) != v for k, v in fields.items()):
                    for key, value in fields.items():
                        setattr(unit, key, value)
                    unit.save()
                    created += is_new
                    updated += not is_new
                known[hsa] = unit
            if len(left) == len(pending):
                problems += [
                    (
                        number,
                        _("no organisation or unit “%(parent)s” to be part of.")
                        % {"parent": parent},
                    )
                    for number, _hsa, _name, parent, *_rest in left
                ]
                break
            pending = left
        if problems:
            transaction.set_rollback(True)
            raise ValidationError(
                [
                    _("Line %(line)s: %(problem)s") % {"line": n, "problem": p}
                    for n, p in sorted(problems)
                ]
            )
        if created or updated:
            audit.record(actor, "accounts.import_units", None, created=created, updated=updated)
    return created, updated
