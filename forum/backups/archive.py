"""A backup of the whole forum: the database as ``pg_dump`` sees it at one instant, the counts of
what it holds at that same instant, and the uploaded files.

A backup is a directory::

    database.dump   pg_dump's custom format (compressed; pg_restore picks what to restore)
    media.tar.gz    MEDIA_ROOT (avatars and other uploads), when there is one
    manifest.json   when it was taken, and the rows the dump holds (threads, posts, likes…)

The counts are read in the transaction whose snapshot ``pg_dump --snapshot`` dumps, so they
describe the dump exactly while members go on writing; a restore checks the restored database
against them before saying it is done.
"""

import json
import os
import shutil
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from django.apps import apps
from django.conf import settings
from django.db import connection

# What a restore must hold again, by model: the rows the issue names.
COUNTED = {
    "members": "accounts.User",
    "boards": "boards.Board",
    "threads": "threads.Thread",
    "posts": "posts.Post",
    "likes": "posts.Like",
    "revisions": "posts.PostRevision",
}

DUMP = "database.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def libpq_environment(settings_dict):
    """``PG*`` variables for pg_dump and pg_restore: no password on a command line."""
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def conninfo(settings_dict):
    parts = {
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
        "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"),
        "dbname": settings_dict["NAME"],
    }
    return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in parts.items() if v})


def count_rows(cursor):
    counts = {}
    for name, label in COUNTED.items():
        table = apps.get_model(label)._meta.db_table
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[name] = cursor.fetchone()[0]
    return counts


def _binary(name):
    found = shutil.which(os.environ.get(f"FORUM_{name.upper()}", name))
    if not found:
        raise BackupError(f"{name} is not installed (PostgreSQL's client programs).")
    return found


def take_backup(directory, *, settings_dict=None):
    """Write a backup of the configured database and MEDIA_ROOT into ``directory``.

    Safe while members write: everything comes from one snapshot, held by an open
    REPEATABLE READ transaction for as long as pg_dump runs.
    """
    settings_dict = settings_dict or connection.settings_dict
    if settings_dict["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups are made of PostgreSQL databases (pg_dump).")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=False)
    with psycopg.connect(conninfo(settings_dict)) as snapshot_holder:
        snapshot_holder.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        snapshot_holder.read_only = True
        with snapshot_holder.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), now()")
            snapshot, taken_at = cursor.fetchone()
            counts = count_rows(cursor)
            result = subprocess.run(
                [_binary("pg_dump"), "--format=custom", f"--snapshot={snapshot}"]
                + ["--no-owner", "--file", str(directory / DUMP)],
                env=libpq_environment(settings_dict),
                capture_output=True,
                text=True,
            )
        snapshot_holder.rollback()
    if result.returncode:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    media = _media_root()
    if media is not None:
        # After the dump: a file the dump names is there, unless deleted in between.
        with tarfile.open(directory / MEDIA, "w:gz") as archive:
            archive.add(media, arcname="media")
    manifest = {
        "taken_at": taken_at.astimezone(UTC).isoformat(),
        "written_at": datetime.now(UTC).isoformat(),
        "database": settings_dict["NAME"],
        "counts": counts,
        "media": media is not None,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _media_root():
    root = getattr(settings, "MEDIA_ROOT", "")
    if root and Path(root).is_dir():
        return Path(root)
    return None


def restore_backup(directory, *, database_url, media_root=None):
    """Restore the backup in ``directory`` into the empty database at ``database_url``
    (created when missing) and its files into ``media_root``; return the checked counts.

    Raises ``BackupError`` if the target holds tables already or the restored rows differ
    from the manifest's.
    """
    import dj_database_url

    directory = Path(directory)
    manifest = json.loads((directory / MANIFEST).read_text())
    target = dj_database_url.parse(database_url)
    _create_database_if_missing(target)
    with psycopg.connect(conninfo(target), autocommit=True) as check:
        tables = check.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
        if tables:
            raise BackupError(
                f"{target['NAME']} is not empty ({tables} tables): restore into a new database."
            )
    result = subprocess.run(
        [_binary("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
        + ["--dbname", target["NAME"], str(directory / DUMP)],
        env=libpq_environment(target),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    with psycopg.connect(conninfo(target)) as restored, restored.cursor() as cursor:
        counts = count_rows(cursor)
    if counts != manifest["counts"]:
        raise BackupError(f"The restored database holds {counts}, the backup {manifest['counts']}.")
    if manifest.get("media") and media_root is not None:
        Path(media_root).mkdir(parents=True, exist_ok=True)
        with tarfile.open(directory / MEDIA) as archive:
            for member in archive.getmembers():
                # Only what the backup put there: files under media/, no links out of it.
                if not (member.isfile() or member.isdir()) or ".." in Path(member.name).parts:
                    continue
                relative = Path(member.name).relative_to("media")
                if member.isdir():
                    (Path(media_root) / relative).mkdir(parents=True, exist_ok=True)
                else:
                    destination = Path(media_root) / relative
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    with archive.extractfile(member) as source, destination.open("wb") as out:
                        shutil.copyfileobj(source, out)
    return counts


def _create_database_if_missing(target):
    admin = {**target, "NAME": "postgres"}
    with psycopg.connect(conninfo(admin), autocommit=True) as server:
        exists = server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [target["NAME"]]
        ).fetchone()
        if not exists:
            name = target["NAME"].replace('"', '""')
            server.execute(f'CREATE DATABASE "{name}"')
