"""``manage.py import_text``: a readable summary or JSON; a clear error on bad input."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from thidua.textimport.tests.test_page import SEEDS, needs_seeds


def _run(*args: str) -> str:
    out = StringIO()
    call_command("import_text", *args, stdout=out)
    return out.getvalue()


@needs_seeds
@pytest.mark.django_db
def test_the_summary_of_s5_names_the_movement_and_its_criteria():
    path = next(SEEDS.glob("004_*.txt"))
    out = _run(str(path))
    assert "Document: 44-KL/TW" in out
    assert "Movement: 6 contents, 5 subject groups (4, 4, 4, 2, 2 criteria)" in out
    assert "every year before 11-30" in out


@needs_seeds
@pytest.mark.django_db
def test_json_gives_the_extraction_and_the_draft():
    path = next(SEEDS.glob("000_*.txt"))
    data = json.loads(_run(str(path), "--json"))
    assert data["draft"]["document"]["symbol"] == "92/KH-BCĐNQ"
    assert data["extraction"]["units"], "Bắc Giang's units are matched"
    assert {"extraction", "draft", "source", "encoding"} <= set(data)


@pytest.mark.django_db
def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        _run(str(tmp_path / "nope.txt"))


@pytest.mark.django_db
def test_a_binary_file_is_a_clear_error(tmp_path):
    f = tmp_path / "image.txt"
    f.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(CommandError, match=r"image\.txt"):
        _run(str(f))


@pytest.mark.django_db
def test_the_language_can_be_forced(tmp_path):
    f = tmp_path / "figures.txt"
    f.write_text("Có 2.028 tổ tự quản với 11.300 thành viên.", encoding="utf-8")
    data = json.loads(_run(str(f), "--json", "--language", "vi"))
    assert data["extraction"]["language"] == "vi"


def _on_a_fresh_checkout(tmp_path, *args: str):
    """``import_text`` run as on a checkout whose database was never set up."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
        "SQLITE_NAME": str(tmp_path / "never-migrated.sqlite3"),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "import_text", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_on_a_checkout_with_no_database_it_says_what_to_do(tmp_path):
    f = tmp_path / "ke-hoach.txt"
    f.write_text("Kế hoạch số 15/KH-UBND ngày 14/3/2025 của UBND tỉnh Hà Tĩnh.", "utf-8")
    done = _on_a_fresh_checkout(tmp_path, str(f))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "manage.py migrate" in done.stderr and "--no-units" in done.stderr


def test_with_no_units_it_extracts_without_a_database(tmp_path):
    f = tmp_path / "ke-hoach.txt"
    f.write_text("Kế hoạch số 15/KH-UBND ngày 14/3/2025 của UBND tỉnh Hà Tĩnh.", "utf-8")
    done = _on_a_fresh_checkout(tmp_path, str(f), "--no-units", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["draft"]["document"]["symbol"] == "15/KH-UBND"
    assert data["extraction"]["units"] == []
