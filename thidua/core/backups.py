"""Backups: the database and the stored files (attachments, signed PDFs) in one folder.

``manage.py backup DIR`` writes, into a new or empty folder:

- ``database.dump`` (PostgreSQL: ``pg_dump`` in its custom format) or
  ``database.sqlite3`` (SQLite: a copy made by SQLite's online backup API, consistent
  while the server and the worker keep writing);
- ``media.tar.gz``: everything under ``MEDIA_ROOT`` (attachments, ``signed/``, job files);
- ``manifest.json``, written last: when, which engine, the migrations applied, and the
  size and SHA-256 of each file. A folder without it is an unfinished backup.

``manage.py restore DIR`` checks the manifest and every checksum before it changes
anything, unpacks the files beside ``MEDIA_ROOT``, replaces the database in one
transaction (PostgreSQL: every table of the schema dropped and the dump loaded by
``psql --single-transaction``; SQLite: the copy written back through the backup API),
then swaps the files in, applies the migrations this version has and the backup has not,
and runs ``synthesis_check``. Stop the web and worker services first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient as PostgresClient
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# Folders restore works in, inside MEDIA_ROOT (one filesystem, so that moves are renames,
# also when MEDIA_ROOT is a mounted volume); never part of a backup.
WORK_PREFIX = ".restore-"
# Every table, view and sequence of the schema, dropped before the dump is loaded, in
# the same transaction: the database becomes the backup's, not a mix with later tables.
DROP_EVERYTHING = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT c.relname, c.relkind FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  LOOP
    EXECUTE format(
      'DROP %s IF EXISTS %I CASCADE',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
        WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
      r.relname);
  END LOOP;
  -- The sequences of the tables went with them; what is left stands on its own.
  FOR r IN
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'S'
  LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %I CASCADE', r.relname);
  END LOOP;
END $$;
"""


class BackupError(Exception):
    """What went wrong and what to do, for the operator; nothing was changed."""


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in DUMP:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _run(command: list[str], *, env: dict[str, str], what: str, **kwargs: Any) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} was not found: install Debian's postgresql-client "
            "(of the server's major version or newer)."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")


def _pg_command(alias: str, program: str, *parameters: str) -> tuple[list[str], dict[str, str]]:
    """``program`` with the connection of ``alias`` (user, host, port, database), and its
    password and TLS settings in the environment, as ``manage.py dbshell`` passes them."""
    args, env = PostgresClient.settings_to_cmd_args_env(
        connections[alias].settings_dict, list(parameters)
    )
    return [program, *args[1:]], {**os.environ, **(env or {})}


def _applied_migrations(alias: str) -> list[str]:
    recorder = MigrationRecorder(connections[alias])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


# --- backup ---------------------------------------------------------------------------


def _dump_database(alias: str, engine: str, target: Path) -> None:
    if engine == "sqlite":
        source = sqlite3.connect(connections[alias].settings_dict["NAME"])
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
        return
    command, env = _pg_command(
        alias, "pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"
    )
    _run(command, env=env, what="pg_dump")


def _archive_media(target: Path) -> int:
    root = _media_root()
    count = 0
    with tarfile.open(target, "w:gz") as archive:
        if root.is_dir():
            for entry in sorted(root.iterdir()):
                if entry.name.startswith(WORK_PREFIX):
                    continue
                archive.add(entry, arcname=entry.name)
            count = sum(1 for m in archive.getmembers() if m.isfile())
    return count


def backup_make(*, directory: Path, alias: str = "default") -> dict[str, Any]:
    """Write a backup of the database ``alias`` and of MEDIA_ROOT into ``directory``
    (created if missing; refused if it holds anything). Returns the manifest."""
    engine = _engine(alias)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupError(f"{directory} is not an empty folder: give a new one for each backup.")
    created = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True)
    try:
        started = dt.datetime.now(dt.UTC)
        database = directory / DUMP[engine]
        _dump_database(alias, engine, database)
        media_files = _archive_media(directory / MEDIA_ARCHIVE)
        manifest = {
            "format": FORMAT,
            "created_at": started.isoformat(timespec="seconds"),
            "engine": engine,
            "migrations": _applied_migrations(alias),
            "media_files": media_files,
            "files": {
                p.name: {"bytes": p.stat().st_size, "sha256": _sha256(p)}
                for p in (database, directory / MEDIA_ARCHIVE)
            },
        }
        (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    except BaseException:
        if created:
            shutil.rmtree(directory, ignore_errors=True)
        else:
            for child in directory.iterdir():
                child.unlink(missing_ok=True)
        raise
    return manifest


# --- restore --------------------------------------------------------------------------


def backup_read(*, directory: Path, alias: str = "default") -> dict[str, Any]:
    """The manifest of a complete, intact backup that this version can restore into the
    database ``alias``; refuses anything else, saying why."""
    path = directory / MANIFEST
    if not path.is_file():
        raise BackupError(f"{directory} holds no {MANIFEST}: not a backup, or an unfinished one.")
    try:
        manifest = json.loads(path.read_text())
        engine, files = manifest["engine"], manifest["files"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{path} cannot be read ({exc}).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: backup format {manifest.get('format')} is not {FORMAT}.")
    current = _engine(alias)
    if engine != current:
        raise BackupError(
            f"This backup is of a {engine} database; this thidua uses {current}. "
            "Restore it with the same engine."
        )
    for name in (DUMP[engine], MEDIA_ARCHIVE):
        file = directory / name
        expected = files.get(name, {})
        if not file.is_file():
            raise BackupError(f"{file} is missing from the backup.")
        if file.stat().st_size != expected.get("bytes") or _sha256(file) != expected.get("sha256"):
            raise BackupError(f"{file} does not match its checksum: the backup is damaged.")
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(manifest.get("migrations", [])) - known)
    if unknown:
        raise BackupError(
            "This backup was made by a newer version of thidua (migrations "
            f"{', '.join(unknown[:5])}{'…' if len(unknown) > 5 else ''} are unknown here): "
            "restore it with that version."
        )
    return manifest


@contextmanager
def _unpacked_media(archive: Path) -> Iterator[Path]:
    """The archive unpacked into a work folder inside MEDIA_ROOT; removed unless kept."""
    root = _media_root()
    root.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S%f")
    work = root / f"{WORK_PREFIX}new-{stamp}"
    work.mkdir()
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")  # no absolute paths, no "..", no devices
        yield work
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{archive} cannot be unpacked ({exc}).") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _swap_media(new: Path) -> None:
    """Make MEDIA_ROOT hold what ``new`` holds: the old entries moved aside, the new ones
    moved in (renames within MEDIA_ROOT), then the old ones removed."""
    root = _media_root()
    old = root / f"{WORK_PREFIX}old-{new.name.rsplit('-', 1)[-1]}"
    old.mkdir()
    for entry in root.iterdir():
        if not entry.name.startswith(WORK_PREFIX):
            entry.rename(old / entry.name)
    for entry in new.iterdir():
        entry.rename(root / entry.name)
    shutil.rmtree(old, ignore_errors=True)


def _load_postgres(alias: str, source: Path) -> None:
    """The dump as SQL (``pg_restore -f -``) streamed into ``psql`` inside one transaction
    that first drops every table: committed only when the whole dump went in."""
    for program in ("pg_restore", "psql"):
        if shutil.which(program) is None:
            _run([program], env={}, what=program)  # says what to install
    load, env = _pg_command(alias, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-")
    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as load_err:
        script = [
            "pg_restore", "--no-owner", "--no-privileges", "-f", "-", str(source),
        ]  # fmt: skip
        producer = subprocess.Popen(script, stdout=subprocess.PIPE, stderr=restore_err)
        consumer = subprocess.Popen(
            load, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=load_err
        )
        assert producer.stdout is not None and consumer.stdin is not None
        try:
            consumer.stdin.write(b"BEGIN;\n" + DROP_EVERYTHING.encode() + b"\n")
            while chunk := producer.stdout.read(1 << 16):
                consumer.stdin.write(chunk)
            complete = producer.wait() == 0
            consumer.stdin.write(b"COMMIT;\n" if complete else b"ROLLBACK;\n")
            consumer.stdin.close()
        except BrokenPipeError:  # psql stopped at an error; its transaction is rolled back
            producer.kill()
            producer.wait()
            complete = False
        loaded = consumer.wait() == 0
        if not loaded:
            load_err.seek(0)
            message = load_err.read().decode(errors="replace").strip()
            raise BackupError(f"Loading the dump failed (nothing was changed): {message}")
        if not complete:
            restore_err.seek(0)
            message = restore_err.read().decode(errors="replace").strip()
            raise BackupError(f"pg_restore failed (nothing was changed): {message}")


def _load_database(alias: str, engine: str, source: Path) -> None:
    connections.close_all()
    if engine == "postgresql":
        _load_postgres(alias, source)
        return
    backup = sqlite3.connect(source)
    live = sqlite3.connect(connections[alias].settings_dict["NAME"], timeout=30)
    try:
        backup.backup(live)  # one step: other connections see the old or the new database
    finally:
        live.close()
        backup.close()


def backup_restore(*, directory: Path, alias: str = "default") -> dict[str, Any]:
    """Replace the database ``alias`` and MEDIA_ROOT by the backup in ``directory``.
    Returns its manifest. On a refusal or a failure before the files are swapped, the
    database and the files are as they were."""
    manifest = backup_read(directory=directory, alias=alias)
    with _unpacked_media(directory / MEDIA_ARCHIVE) as media:
        _load_database(alias, manifest["engine"], directory / DUMP[manifest["engine"]])
        _swap_media(media)
    connections.close_all()
    return manifest
