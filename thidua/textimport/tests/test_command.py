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
