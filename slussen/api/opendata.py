"""Open data: datasets anyone may download, as JSON or CSV, under one licence.

A dataset names its columns and yields plain rows from a queryset read with
``iterator(chunk_size=...)``; the downloads stream, so a million rows need no more memory than
a thousand.
"""

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from slussen.core import spreadsheet

CHUNK = 1000
LICENCE = {
    "name": "CC0 1.0",
    "title": _("Creative Commons CC0 1.0 Universal (public domain dedication)"),
    "url": "https://creativecommons.org/publicdomain/zero/1.0/",
}


@dataclass
class Dataset:
    slug: str
    title: str
    description: str
    columns: list[tuple[str, str]]  # (name, what it holds)
    rows: Callable[[], Iterable[dict]]

    @property
    def column_names(self):
        return [name for name, _text in self.columns]


class _Line:
    """A file-like object for csv.writer that hands back each line instead of storing it."""

    def write(self, value):
        return value


def csv_lines(dataset: Dataset) -> Iterator[str]:
    writer = spreadsheet.csv_writer(_Line())
    names = dataset.column_names
    yield "\ufeff" + writer.writerow(names)  # the BOM lets spreadsheet programs read UTF-8
    for row in dataset.rows():
        yield writer.writerow([_cell(row[name]) for name in names])


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


def json_chunks(dataset: Dataset, url: str) -> Iterator[str]:
    """``{"dataset": …, "licence": …, "rows": [ … ]}``, written row by row."""
    head = {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "url": url,
        "licence": {k: str(v) for k, v in LICENCE.items()},
        "generated": timezone.now().isoformat(timespec="seconds"),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ['
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    separator = "\n"
    for row in dataset.rows():
        yield separator + encoder.encode({name: row[name] for name in dataset.column_names})
        separator = ",\n"
    yield "\n]}\n"
