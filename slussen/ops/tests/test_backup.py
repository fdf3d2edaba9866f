"""Backup and restore round trip, on whichever database the suite runs (SQLite, PostgreSQL)."""

import io
import json
import subprocess
import tarfile
import time

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from slussen.cases import services
from slussen.cases.models import Case
from slussen.core.models import AuditEvent
from slussen.ops import archive

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n% Projektplan IVA-dagboken\ntrailer<<>>\n%%EOF\n"


def snapshot(settings):
    """Every row of every model and the bytes of every uploaded file."""
    rows = {}
    for model in apps.get_models():
        objects = model.objects.order_by("pk")
        if model is AuditEvent:
            objects = objects.exclude(action="system.restore")
        rows[model._meta.label] = json.loads(serializers.serialize("json", objects))
    media = settings.MEDIA_ROOT
    files = {
        p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()
    }
    return rows, files


def round_trip(world, settings, tmp_path):
    case = world.case
    services.add_attachment(case, world.advisor, SimpleUploadedFile("projektplan.pdf", PDF))
    services.update_case(case, world.advisor, expected_version=1, title="IVA-dagboken v2")
    before = snapshot(settings)
    path = tmp_path / "backup.tar.gz"
    call_command("backup", output=path, stdout=io.StringIO())

    # afterwards: a case edited, another deleted, a file damaged, a new case and a new file
    case.refresh_from_db()
    services.update_case(case, world.advisor, expected_version=case.version, title="Ändrad")
    Case.objects.filter(pk=world.other_case.pk).delete()
    case.attachments.get().file.open("wb").write(b"overwritten")
    new = services.open_case(
        kind="need", title="Ny", description="Efter backupen", organisation=world.sos
    )
    services.add_attachment(new, world.advisor, SimpleUploadedFile("ny.pdf", PDF))
    assert snapshot(settings) != before

    call_command("restore", path, yes=True, stdout=io.StringIO())
    after = snapshot(settings)
    assert after[1] == before[1], "the uploaded files are not as they were"
    assert after[0] == before[0], "the database is not as it was"
    assert AuditEvent.objects.filter(action="system.restore").count() == 1


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_bring_back_every_row_and_file(live_world, settings, tmp_path):
    started = time.monotonic()
    round_trip(live_world, settings, tmp_path)
    size = (tmp_path / "backup.tar.gz").stat().st_size
    print(f"\nround trip on {connection.vendor}: {time.monotonic() - started:.1f} s, {size} bytes")
    with tarfile.open(tmp_path / "backup.tar.gz") as tar:
        assert tar.getnames()[0] == "manifest.json"
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["vendor"] == connection.vendor
    assert ["cases", "0001_initial"] in manifest["migrations"]
    assert {m["path"] for m in manifest["members"]} >= {archive.DATABASE[connection.vendor]}
    assert any(m["path"].endswith("projektplan.pdf") for m in manifest["members"])
    assert (tmp_path / "backup.tar.gz").stat().st_mode & 0o077 == 0  # owner only


@pytest.mark.django_db(transaction=True)
def test_round_trip_check_catches_a_backup_without_the_files(
    live_world, settings, tmp_path, monkeypatch
):
    """Self-check: a backup that leaves out the uploaded files fails the round trip."""
    monkeypatch.setattr(archive, "media_files", lambda: [])
    with pytest.raises(AssertionError, match="uploaded files"):
        round_trip(live_world, settings, tmp_path)


def rewritten(path, out, change):
    """A copy of the archive with ``change(name, data) -> data`` applied to each member."""
    with tarfile.open(path) as source, tarfile.open(out, "w:gz") as target:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return out


@pytest.fixture
def backup_file(world, tmp_path):
    path = tmp_path / "backup.tar.gz"
    call_command("backup", output=path, stdout=io.StringIO())
    return path


def restore_refused(path, **options):
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("restore", path, stdout=io.StringIO(), **options)
    assert Case.objects.count() == 2  # nothing touched
    return str(refused.value)


@pytest.mark.django_db(transaction=True)
def test_restore_asks_for_yes_before_overwriting(backup_file):
    Case.objects.filter(title="IVA-dagboken").update(title="Ändrad")
    assert "run the command again with --yes" in restore_refused(backup_file)
    assert Case.objects.filter(title="Ändrad").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_archive_of_the_other_vendor(backup_file, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def vendor(name, data):
        if name != "manifest.json":
            return data
        return json.dumps({**json.loads(data), "vendor": other}).encode()

    message = restore_refused(rewritten(backup_file, tmp_path / "other.tar.gz", vendor), yes=True)
    here, there = archive.VENDORS[connection.vendor], archive.VENDORS[other]
    assert f"holds a {there} database, but this installation uses {here}" in message


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_archive(backup_file, tmp_path):
    def damage(name, data):
        return data[:-1] + b"!" if name.startswith("database.") else data

    message = restore_refused(rewritten(backup_file, tmp_path / "bad.tar.gz", damage), yes=True)
    assert "is damaged" in message


@pytest.mark.parametrize("keep", [0.5, 0.9, 200])
@pytest.mark.django_db(transaction=True)
def test_restore_of_a_truncated_archive_says_so(backup_file, tmp_path, keep):
    """A copy cut short (a full disk, an interrupted transfer) ends in a message, not a
    traceback, and nothing is touched."""
    data = backup_file.read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(data[: int(len(data) * keep)] if keep < 1 else data[:keep])
    message = restore_refused(cut, yes=True)
    assert "incomplete or damaged" in message
    assert str(cut) in message


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_backup_connects_where_django_does_with_host_and_port_in_the_query_string(
    world, tmp_path, monkeypatch
):
    """DATABASE_URL=postgres://user@/db?host=…&port=… leaves HOST and PORT empty and puts
    them in OPTIONS; pg_dump must still dump the server Django uses, not libpq's default."""
    import dj_database_url

    db = connection.settings_dict
    params = connection.get_connection_params()
    url = (
        f"postgres://{db['USER']}@/{db['NAME']}?host={params['host']}&port={params['port']}"
        "&application_name=slussen-backup-test"
    )
    parsed = dj_database_url.parse(url)
    assert parsed["HOST"] == "" and parsed["OPTIONS"]["port"] == int(params["port"])
    for key in ("HOST", "PORT", "USER", "NAME"):
        monkeypatch.setitem(db, key, parsed[key])
    monkeypatch.setitem(db, "OPTIONS", {**db["OPTIONS"], **parsed["OPTIONS"]})
    # whatever the environment says, Django's settings decide
    monkeypatch.setenv("PGHOST", "/nonexistent")
    monkeypatch.setenv("PGPORT", "1")

    path = tmp_path / "backup.tar.gz"
    call_command("backup", output=path, stdout=io.StringIO())
    with tarfile.open(path) as tar:
        dump = tar.extractfile("database.pgdump").read()
    script = subprocess.run(
        [archive._pg_binary("pg_restore"), "--file=-", "--data-only", "--table=cases_case"],
        input=dump,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert world.case.title in script and world.other_case.title in script
