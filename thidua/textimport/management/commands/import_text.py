"""``manage.py import_text FILE [--json] [--language xx] [--no-units]``: what the import
finds in a file.

Reads only; nothing is created (the page creates, after an officer's check). Units are
matched against the database's unit tree; on a checkout whose database is not set up the
command says so and what to do, and ``--no-units`` extracts without matching units.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from thidua.textimport import services
from thidua.textimport.readers import ReadError, read_upload


class Command(BaseCommand):
    help = "Extract documents, dates, units, lists and figures from a .txt or .docx file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a .txt or .docx file, or - for standard input")
        parser.add_argument("--json", action="store_true", help="print the extraction as JSON")
        parser.add_argument("--language", choices=["vi", "th", "en"], help="skip detection")
        parser.add_argument(
            "--no-units",
            action="store_true",
            help="extract without matching units (no database needed)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        name = opts["file"]
        try:
            if name == "-":
                import sys

                data, name = sys.stdin.buffer.read(), "stdin.txt"
            else:
                path = Path(name)
                if not path.is_file():
                    raise CommandError(f"{name}: no such file.")
                data = path.read_bytes()
            read = read_upload(data, name)
        except ReadError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"{name}: cannot be read ({exc.strerror or exc}).") from exc
        try:
            extraction, draft = services.run_extraction(
                read.text, language=opts.get("language"), units=not opts["no_units"]
            )
        except DatabaseError as exc:
            raise CommandError(
                "The database has no unit tree to match the text's units against "
                f"({exc}). Set it up with `manage.py migrate` (and `manage.py load_demo` "
                "for the demo's units), or pass --no-units to extract without matching "
                "units."
            ) from exc
        if opts["json"]:
            out = {"source": read.source_name, "encoding": read.encoding}
            out["extraction"] = extraction.to_dict()
            out["draft"] = draft
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(self._summary(read.source_name, read.encoding, extraction, draft))

    def _summary(self, name: str, encoding: str, extraction: Any, draft: dict) -> str:
        lines = [f"{name} ({encoding}, {len(extraction.text):,} characters, {extraction.language})"]
        doc = draft.get("document")
        if doc:
            lines.append(
                f"Document: {doc['symbol']}" + (f" of {doc['date']}" if doc["date"] else "")
            )
        for c in draft.get("cited_documents") or []:
            lines.append(f"  cites {c['symbol']}" + (f" of {c['date']}" if c["date"] else ""))
        plan = draft.get("plan") or {}
        if plan.get("period"):
            lines.append(f"Period: {plan['period']['start']} – {plan['period']['end']}")
        for d in plan.get("deadlines") or []:
            lines.append(f"Deadline: every {d['every']} before {d['before']}")
        for g in plan.get("task_groups") or []:
            lines.append(f"  {g['number']}. {g['title'][:90]} ({len(g['tasks'])} tasks)")
        units = sorted({u.text for u in extraction.units})
        if units:
            lines.append("Units: " + ", ".join(units[:30]))
        mv = draft.get("movement")
        if mv:
            counts = ", ".join(str(len(g["criteria"])) for g in mv["subject_groups"])
            lines.append(
                f"Movement: {len(mv['contents'])} contents, "
                f"{len(mv['subject_groups'])} subject groups ({counts} criteria)"
            )
        for f in draft.get("indicators") or []:
            more = "more than " if f["qualifier"] == "more_than" else ""
            lines.append(f"Figure: {more}{f['value']:,} {f['unit'] or ''}".rstrip())
        for w in draft.get("warnings") or []:
            lines.append(f"WARNING: {w['message']}")
        return "\n".join(lines)
