"""backup_forum and restore_forum: thin commands around forum.backups.archive."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.faults.processes import database_url

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_a_backup_says_what_it_holds(tmp_path, capsys, thread):
    call_command("backup_forum", str(tmp_path / "backup"))

    assert "Backed up" in capsys.readouterr().out
    assert (tmp_path / "backup" / "database.dump").stat().st_size > 0


def test_a_backup_never_overwrites_another(tmp_path, thread):
    (tmp_path / "backup").mkdir()

    with pytest.raises(CommandError):
        call_command("backup_forum", str(tmp_path / "backup"))


def test_a_restore_into_the_database_in_use_is_refused(tmp_path, thread):
    call_command("backup_forum", str(tmp_path / "backup"))

    with pytest.raises(CommandError, match="not empty"):
        call_command(
            "restore_forum",
            str(tmp_path / "backup"),
            into=database_url(connection.settings_dict),
        )
