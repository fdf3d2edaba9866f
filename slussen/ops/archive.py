"""Backup and restore: the database and the uploaded files in one archive.

The archive is a gzipped tar, readable with ordinary tools::

    manifest.json      format, vendor, time, versions, applied migrations, and the size and
                       SHA-256 of every other member
    database.sqlite3   SQLite: an online, consistent copy made with SQLite's backup API
    database.pgdump    PostgreSQL: ``pg_dump --format=custom``
    media/...          the uploaded files (MEDIA_ROOT, or the S3 bucket when one is set)

Restoring checks the whole archive before it touches anything, then replaces the database in
one transaction and the uploaded files after it.
"""

import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from slussen.core import audit

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDORS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class ArchiveError(Exception):
    """The backup or restore cannot go ahead; the message says why and what to do."""


def default_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"slussen-{connection.vendor}-{stamp}.tar.gz"


def backup(output: Path) -> dict:
    """Write the archive to ``output`` (readable by its owner only) and return its manifest."""
    vendor = _vendor()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent) as tmp:
        db_file = Path(tmp) / DATABASE[vendor]
        _dump_sqlite(db_file) if vendor == "sqlite" else _dump_postgresql(db_file)
        if _local_media():
            media = [
                (f"media/{path.relative_to(_media_root()).as_posix()}", path)
                for path in media_files()
            ]
        else:
            media = _copy_from_storage(Path(tmp) / "media")
        members = [(DATABASE[vendor], db_file)] + media
        manifest = {
            "format": FORMAT,
            "application": "slussen",
            "vendor": vendor,
            "server_version": _server_version(),
            "created": timezone.now().isoformat(timespec="seconds"),
            "django": django.get_version(),
            "migrations": sorted(MigrationRecorder(connection).applied_migrations()),
            "members": [
                {"path": name, "size": path.stat().st_size, "sha256": _sha256(path)}
                for name, path in members
            ],
        }
        partial = Path(tmp) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
            for name, path in members:
                tar.add(path, arcname=name, recursive=False)
        partial.chmod(0o600)  # personal data: the owner only
        partial.replace(output)  # no half-written archive under the final name
    return manifest


def _local_media() -> bool:
    """Uploads on this machine's disk (MEDIA_ROOT), not in an object store."""
    return isinstance(default_storage, FileSystemStorage)


def _stored_names(path=""):
    """Every file in the file storage (an object store has no folders to walk on disk)."""
    folders, files = default_storage.listdir(path)
    for name in files:
        yield f"{path}{name}"
    for folder in folders:
        yield from _stored_names(f"{path}{folder}/")


def _copy_from_storage(into: Path) -> list[tuple[str, Path]]:
    members = []
    for name in sorted(_stored_names()):
        target = into.joinpath(*PurePosixPath(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
        members.append((f"media/{name}", target))
    return members


def _replace_storage(extracted: Path) -> None:
    """The object store's files become the archive's, under the same names."""
    for name in list(_stored_names()):
        default_storage.delete(name)
    if extracted.is_dir():
        for path in sorted(p for p in extracted.rglob("*") if p.is_file()):
            name = path.relative_to(extracted).as_posix()
            with open(path, "rb") as f:
                saved = default_storage.save(name, File(f))
            if saved != name:
                raise ArchiveError(_("%(name)s could not be restored.") % {"name": name})


def media_files() -> list[Path]:
    root = _media_root()
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r:gz") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST:
                raise ArchiveError(_("%(path)s is not a Slussen backup.") % {"path": path})
            return json.load(tar.extractfile(first))
    except TRUNCATED as error:
        raise ArchiveError(_incomplete(path, error)) from error
    except (OSError, tarfile.TarError, ValueError) as error:
        raise ArchiveError(
            _("%(path)s cannot be read as a Slussen backup: %(error)s")
            % {"path": path, "error": error}
        ) from error


def check(manifest: dict) -> list[str]:
    """Refuse an archive this installation cannot restore; the migrations it lacks."""
    if manifest.get("application") != "slussen" or manifest.get("format") != FORMAT:
        raise ArchiveError(_("This is not a backup this version of Slussen can read."))
    vendor = _vendor()
    if manifest["vendor"] != vendor:
        raise ArchiveError(
            _(
                "This archive holds a %(archive)s database, but this installation uses "
                "%(here)s. Restore it into an installation that uses %(archive)s (set "
                "DATABASE_URL accordingly)."
            )
            % {
                "archive": VENDORS.get(manifest["vendor"], manifest["vendor"]),
                "here": VENDORS[vendor],
            }
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    archived = {tuple(m) for m in manifest["migrations"]}
    if unknown := sorted(archived - known):
        raise ArchiveError(
            _(
                "This archive was made by a newer version of Slussen; these migrations are "
                "unknown here: %(names)s. Restore it with that version."
            )
            % {"names": ", ".join(".".join(m) for m in unknown)}
        )
    return sorted(".".join(m) for m in known - archived)


def restore(path: Path) -> dict:
    """Replace the database and the uploaded files with the archive's; returns its manifest."""
    manifest = read_manifest(path)
    check(manifest)
    local = _local_media()
    media_root = _media_root()
    if local:
        media_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent if local else None) as tmp:
        try:
            _extract_verified(path, manifest, Path(tmp))
        except TRUNCATED as error:
            raise ArchiveError(_incomplete(path, error)) from error
        db_file = Path(tmp) / DATABASE[manifest["vendor"]]
        connection.close()
        _load_sqlite(db_file) if manifest["vendor"] == "sqlite" else _load_postgresql(db_file)
        if not local:
            _replace_storage(Path(tmp) / "media")
        else:
            for child in media_root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
            if (Path(tmp) / "media").is_dir():
                for child in (Path(tmp) / "media").iterdir():
                    child.rename(media_root / child.name)
    audit.record(
        None,
        "system.restore",
        archive=Path(path).name,
        made=manifest["created"],
        members=len(manifest["members"]),
    )
    return manifest


# what reading an archive cut short raises (gzip's end, tar's blocks, the compressed stream)
TRUNCATED = (EOFError, zlib.error, gzip.BadGzipFile, tarfile.ReadError)


def _incomplete(path, error) -> str:
    return _(
        "%(path)s is incomplete or damaged (%(error)s); nothing was changed. Was it copied "
        "completely? Compare its size and checksum with the original, or use another backup."
    ) % {"path": path, "error": error}


def _extract_verified(path: Path, manifest: dict, into: Path) -> None:
    """Extract every member the manifest lists, checking names, sizes and checksums."""
    expected = {m["path"]: m for m in manifest["members"]}
    seen = set()
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            if member.name == MANIFEST:
                continue
            entry = expected.get(member.name)
            name = PurePosixPath(member.name)
            if entry is None or not member.isfile() or name.is_absolute() or ".." in name.parts:
                raise ArchiveError(
                    _("The archive holds %(name)s, which its manifest does not list.")
                    % {"name": member.name}
                )
            target = into.joinpath(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with tar.extractfile(member) as source, open(target, "wb") as out:
                while chunk := source.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
            target.chmod(settings.FILE_UPLOAD_PERMISSIONS or 0o600)
            if digest.hexdigest() != entry["sha256"] or target.stat().st_size != entry["size"]:
                raise ArchiveError(
                    _("%(name)s in the archive is damaged (its checksum does not match).")
                    % {"name": member.name}
                )
            seen.add(member.name)
    if missing := sorted(set(expected) - seen):
        raise ArchiveError(
            _("The archive lacks files its manifest lists: %(names)s")
            % {"names": ", ".join(missing)}
        )


# --- SQLite ----------------------------------------------------------------------------------
def _dump_sqlite(target: Path) -> None:
    source = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # a consistent snapshot, while the application keeps running
    finally:
        copy.close()
        source.close()


def _load_sqlite(source_file: Path) -> None:
    source = sqlite3.connect(source_file)
    live = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
    try:
        source.backup(live)  # replaces every page under SQLite's own locking, all or nothing
    finally:
        live.close()
        source.close()


# --- PostgreSQL ------------------------------------------------------------------------------
def _dump_postgresql(target: Path) -> None:
    _run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}")


def _load_postgresql(dump: Path) -> None:
    """Drop this database's tables and load the dump in one transaction: all or nothing."""
    script, drop = dump.with_suffix(".sql"), dump.with_suffix(".drop.sql")
    _run("pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(dump), db=False)
    tables = ", ".join(connection.ops.quote_name(t) for t in connection.introspection.table_names())
    # a running application holds locks: fail clearly instead of waiting for ever
    drop.write_text(
        "SET lock_timeout = '10s';\n"
        + (f"DROP TABLE IF EXISTS {tables} CASCADE;\n" if tables else "")
    )
    _run(
        "psql",
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "--single-transaction",
        "-f",
        str(drop),
        "-f",
        str(script),
    )
    connection.close()


def _run(program, *args, db=True):
    command = [_pg_binary(program), *args]
    env = {**os.environ}
    if db:
        variables, rest = _pg_connection()
        env.update(variables)
        if rest:  # options libpq reads from no environment variable
            from psycopg.conninfo import make_conninfo

            command.append(f"--dbname={make_conninfo(**rest)}")
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        raise ArchiveError(
            _("%(program)s failed: %(error)s")
            % {"program": program, "error": result.stderr.strip()}
        )


# libpq's environment variables, by connection keyword
PG_ENVIRONMENT = {
    "host": "PGHOST",
    "hostaddr": "PGHOSTADDR",
    "port": "PGPORT",
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "channel_binding": "PGCHANNELBINDING",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
    "sslmode": "PGSSLMODE",
    "sslnegotiation": "PGSSLNEGOTIATION",
    "sslcompression": "PGSSLCOMPRESSION",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcertmode": "PGSSLCERTMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcrl": "PGSSLCRL",
    "sslcrldir": "PGSSLCRLDIR",
    "sslsni": "PGSSLSNI",
    "requirepeer": "PGREQUIREPEER",
    "require_auth": "PGREQUIREAUTH",
    "ssl_min_protocol_version": "PGSSLMINPROTOCOLVERSION",
    "ssl_max_protocol_version": "PGSSLMAXPROTOCOLVERSION",
    "gssencmode": "PGGSSENCMODE",
    "krbsrvname": "PGKRBSRVNAME",
    "gsslib": "PGGSSLIB",
    "gssdelegation": "PGGSSDELEGATION",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "load_balance_hosts": "PGLOADBALANCEHOSTS",
}


def _pg_connection() -> tuple[dict, dict]:
    """Where Django connects, for the client programs: (environment variables, the other
    libpq options). Read from the parameters Django itself hands to libpq, so HOST and PORT,
    ``?host=…&port=…`` in DATABASE_URL (OPTIONS), SSL and the rest all count; the password
    goes in PGPASSWORD, never on the command line."""
    from psycopg import pq

    keywords = {d.keyword.decode() for d in pq.Conninfo.get_defaults()}
    params = {
        key: value
        for key, value in connection.get_connection_params().items()
        if key in keywords and key != "client_encoding" and value not in (None, "")
    }
    variables = {PG_ENVIRONMENT[k]: str(v) for k, v in params.items() if k in PG_ENVIRONMENT}
    return variables, {k: v for k, v in params.items() if k not in PG_ENVIRONMENT}


def _pg_binary(program: str) -> str:
    """The client program of the server's major version (pg_dump refuses newer servers)."""
    connection.ensure_connection()
    major = connection.pg_version // 10000
    path = Path(f"/usr/lib/postgresql/{major}/bin/{program}")
    if path.exists():
        return str(path)
    raise ArchiveError(
        _(
            "%(program)s for PostgreSQL %(major)d was not found under %(path)s; install the "
            "client programs of that version (Debian: postgresql-client-%(major)d)."
        )
        % {"program": program, "major": major, "path": path.parent}
    )


# --- helpers ---------------------------------------------------------------------------------
def _vendor() -> str:
    if connection.vendor not in DATABASE:
        raise ArchiveError(_("Backups support SQLite and PostgreSQL only."))
    return connection.vendor


def _server_version() -> str:
    if connection.vendor == "sqlite":
        return sqlite3.sqlite_version
    connection.ensure_connection()
    return str(connection.pg_version)


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
