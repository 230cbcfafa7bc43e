"""``manage.py backup`` and ``manage.py restore`` on a real database (SQLite here, and
PostgreSQL with pg_dump/psql when DATABASE_URL is set), with stored files: what was
there at the backup comes back, what came after goes, the synthesis passes its check,
and a damaged, unfinished or hostile backup is refused with nothing changed."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from thidua.core.tests.processes import Site, site_copy

STATE = (
    "from thidua.accounts.models import User; from thidua.reporting.models import Value; "
    "print(User.objects.get(username='hg.police').full_name, User.objects.count(), "
    "Value.objects.count(), sep='|')"
)


@pytest.fixture(scope="module")
def site(served_template, tmp_path_factory) -> Iterator[Site]:
    site = site_copy(served_template, tmp_path_factory.mktemp("backed-up"))
    yield site
    site.drop()


@pytest.fixture
def files(site) -> dict[str, bytes]:
    """A signed PDF and an attachment in MEDIA_ROOT, as signing and uploads leave them."""
    shutil.rmtree(site.media, ignore_errors=True)
    content = {
        "signed/2023/903-QD-CAT.pdf": b"%PDF-1.7 signed decision",
        "attachments/2024/05/ab12/bao-cao.docx": "Báo cáo".encode(),
    }
    for name, data in content.items():
        path = site.media / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return content


def _media(site: Site) -> dict[str, bytes]:
    return {
        str(p.relative_to(site.media)): p.read_bytes()
        for p in sorted(site.media.rglob("*"))
        if p.is_file()
    }


def _change_everything(site: Site) -> None:
    """Writes after the backup: a renamed user, a new one, a deleted approved figure (so
    that the stored synthesis no longer matches the values), a file gone, a file added."""
    site.shell(
        "from thidua.accounts.models import User; from thidua.reporting.models import Value; "
        "User.objects.filter(username='hg.police').update(full_name='Renamed'); "
        "User.objects.create_user('after.backup', password='x'); "
        "Value.objects.filter(pk=Value.objects.filter(submission__status='approved', "
        "number__gt=0).order_by('pk').values('pk')[:1]).delete()"
    )
    (site.media / "signed/2023/903-QD-CAT.pdf").unlink()
    (site.media / "added-later.txt").write_text("after the backup")


def test_restore_brings_back_the_database_and_the_files_and_the_synthesis_checks(
    site, files, tmp_path
):
    before = site.shell(STATE)
    made = site.manage("backup", str(tmp_path / "b"))
    assert f"backup of the {site.engine} database and 2 file(s) written" in made.stdout
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["engine"] == site.engine
    assert "core.0002_workerheartbeat" in manifest["migrations"]

    _change_everything(site)
    assert site.shell(STATE) != before
    changed = site.manage("synthesis_check", check=False)
    assert changed.returncode == 1  # the deleted figure is still in the stored synthesis

    restored = site.manage("restore", str(tmp_path / "b"), "--noinput")
    assert "restored the" in restored.stdout
    assert "0 differences found" in restored.stdout
    assert site.shell(STATE) == before
    assert _media(site) == files


def test_a_damaged_backup_is_refused_and_nothing_changes(site, files, tmp_path):
    site.manage("backup", str(tmp_path / "b"))
    dump = next(p for p in (tmp_path / "b").iterdir() if p.name.startswith("database."))
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    (site.media / "added-later.txt").write_text("kept")
    state = site.shell(STATE)

    refused = site.manage("restore", str(tmp_path / "b"), "--noinput", check=False)
    assert refused.returncode == 1
    assert f"{dump} does not match its checksum: the backup is damaged." in refused.stderr
    assert site.shell(STATE) == state
    assert (site.media / "added-later.txt").read_text() == "kept"


def test_an_unfinished_backup_or_another_folder_is_refused(site, files, tmp_path):
    site.manage("backup", str(tmp_path / "b"))
    (tmp_path / "b" / "manifest.json").unlink()
    refused = site.manage("restore", str(tmp_path / "b"), "--noinput", check=False)
    assert refused.returncode == 1
    assert "holds no manifest.json: not a backup, or an unfinished one." in refused.stderr

    missing = site.manage("restore", str(tmp_path / "nowhere"), "--noinput", check=False)
    assert missing.returncode == 1 and "holds no manifest.json" in missing.stderr


def test_a_backup_is_written_only_into_a_new_or_empty_folder(site, files, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "something").write_text("x")
    refused = site.manage("backup", str(tmp_path / "full"), check=False)
    assert refused.returncode == 1
    assert "is not an empty folder: give a new one for each backup." in refused.stderr
    assert sorted(p.name for p in (tmp_path / "full").iterdir()) == ["something"]
    (tmp_path / "empty").mkdir()
    assert site.manage("backup", str(tmp_path / "empty")).returncode == 0


def test_an_archive_reaching_outside_the_media_folder_is_refused(site, files, tmp_path):
    site.manage("backup", str(tmp_path / "b"))
    archive = tmp_path / "b" / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = b"written outside"
        member = tarfile.TarInfo("../../escaped.txt")
        member.size = len(data)
        tar.addfile(member, io.BytesIO(data))
    manifest_path = tmp_path / "b" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"]["media.tar.gz"] = {
        "bytes": archive.stat().st_size,
        "sha256": hashlib.sha256(archive.read_bytes()).hexdigest(),
    }
    manifest_path.write_text(json.dumps(manifest))
    _change_everything(site)
    state, media = site.shell(STATE), _media(site)

    refused = site.manage("restore", str(tmp_path / "b"), "--noinput", check=False)
    assert refused.returncode == 1
    assert "media.tar.gz cannot be unpacked" in refused.stderr
    assert site.shell(STATE) == state and _media(site) == media
    assert not any(Path(site.media.parent).rglob("escaped.txt"))


def test_restore_asks_first_and_a_no_changes_nothing(site, files, tmp_path):
    site.manage("backup", str(tmp_path / "b"))
    (site.media / "added-later.txt").write_text("kept")
    answered = site.manage("restore", str(tmp_path / "b"), check=False, input="no\n")
    assert answered.returncode == 1
    assert "Type 'yes' to go on" in answered.stdout
    assert "Restore cancelled; nothing was changed." in answered.stderr
    assert (site.media / "added-later.txt").exists()


def test_a_backup_of_another_engine_is_refused(site, files, tmp_path):
    site.manage("backup", str(tmp_path / "b"))
    manifest_path = tmp_path / "b" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    other = "postgresql" if site.engine == "sqlite" else "sqlite"
    manifest["engine"] = other
    manifest_path.write_text(json.dumps(manifest))
    refused = site.manage("restore", str(tmp_path / "b"), "--noinput", check=False)
    assert refused.returncode == 1
    assert f"This backup is of a {other} database; this thidua uses {site.engine}." in (
        refused.stderr
    )
