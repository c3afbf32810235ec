"""Completion, clipboard, the user overlay, the schema, help everywhere (issue 9).

QR codes are in test_qr.py.
"""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest

from conftest import EXAMPLE, ex, ivr
from ivrcli.cli import clipboard

# --------------------------------------------------------------------------- clipboard


def fake_tool(tmp_path: Path, name: str) -> Path:
    sink = tmp_path / "clipboard.txt"
    tool = tmp_path / "bin" / name
    tool.parent.mkdir(exist_ok=True)
    tool.write_text(f"#!/bin/sh\ncat > {sink}\n")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    return sink


def test_copy_uses_the_platform_tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sink = fake_tool(tmp_path, "xclip")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result = ex("find", "example", "cable", "--copy")
    assert result.out == "*1234\n"
    assert result.err == "ivr: copied the dial string with xclip\n"
    assert sink.read_text() == "*1234"
    data = ex("find", "example", "cable", "--copy", "--json")
    assert data.err == ""
    assert data.json()["copied"] == "xclip"


def test_copy_falls_back_to_osc52(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    terminal = tmp_path / "tty"
    monkeypatch.setattr(clipboard, "_open_terminal", lambda: terminal.open("wb"))
    result = ex("find", "example", "cable", "--copy")
    assert (
        result.err == "ivr: copied the dial string with OSC 52 (your terminal sets the clipboard)\n"
    )
    raw = terminal.read_bytes()
    assert raw == b"\x1b]52;c;" + base64.b64encode(b"*1234") + b"\x07"


def test_copy_without_any_way_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(clipboard, "_open_terminal", lambda: None)
    result = ex("find", "example", "cable", "--copy")
    assert result.code == 1
    assert (
        result.err == "ivr: no clipboard tool and no terminal for OSC 52; use --plain and copy it\n"
    )


# --------------------------------------------------------------------------- overlay


def test_catalogue_path_and_add(tmp_path: Path) -> None:
    folder = Path(ivr("catalogue", "path").out.strip())
    assert folder == Path(os.environ["IVR_HOME"]) / "catalogue.d"
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "# fictional\nversion: 1\ncompanies:\n  - id: bezeq\n    name: My Bezeq\n"
        "    source: https://example.com\n    checked: 2026-11-25\n"
        "    lines:\n      - {id: main, number: '*5555'}\n"
    )
    result = ivr("catalogue", "add", str(mine))
    assert (result.code, result.err) == (
        0,
        f"ivr: added {folder / 'mine.yaml'} (1 company, shown as yours)\n",
    )
    assert (folder / "mine.yaml").read_text() == mine.read_text()
    # the overlay replaces the bundled company of the same id, and says so
    assert ivr("find", "bezeq").out == "*5555\n"
    assert "— yours" in ivr("show", "bezeq", "--human").out
    assert ivr("show", "bezeq", "--json").json()["yours"] is True
    assert ivr("show", "pelephone", "--json").json()["yours"] is False
    again = ivr("catalogue", "add", str(mine))
    assert again.err.startswith("ivr: replaced ")
    stats = ivr("catalogue", "stats")
    assert "\nyours              1 company\n" in stats.out
    assert ivr("catalogue", "stats", "--json").json()["yours"] == 1


def test_a_line_whose_every_service_has_hours_counts_as_having_hours(tmp_path: Path) -> None:
    # fictional: 555 numbers, example.com pages
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "version: 1\ncompanies:\n  - id: water-example\n    name: Water Example\n"
        "    source: https://example.com\n    checked: 2026-11-25\n    lines:\n"
        "      - id: main\n        number: '03-555-0100'\n        menu:\n"
        "          - {keys: '1', name: Billing, hours: 'Su-Th 08:00-16:00'}\n"
        "          - {keys: '2', name: Faults, hours: '24/7'}\n"
        "      - id: other\n        number: '03-555-0101'\n        menu:\n"
        "          - {keys: '1', name: Billing, hours: 'Su-Th 08:00-16:00'}\n"
        "          - {keys: '2', name: Faults}\n"
    )
    data = ivr("catalogue", "stats", "--json", "--catalogue", str(mine)).json()
    assert (data["lines"], data["lines_with_hours"]) == (2, 1)
    assert data["lines_without_hours"] == ["water-example/other"]


def test_catalogue_stats_counts_what_the_catalogue_holds() -> None:
    result = ex("catalogue", "stats")
    assert (result.code, result.err) == (0, "")
    *rows, stale = result.out.splitlines()
    assert rows == [
        "companies          6 (IL 5, US 1)",
        "categories         3 (bank 1, mobile 2, tv 1), 2 companies without one",
        "lines              7, 4 with hours (57%)",
        "services           14",
        "6-minute topics    6",
        "human routes       4 companies",
        "sourced key paths  13",
    ]
    # example-bank's page dates from 2023; the others are dated 2026-11-20
    assert stale.startswith("over a year old    ")
    assert "example-bank" in stale
    data = ex("catalogue", "stats", "--json").json()
    assert {k: data[k] for k in ("companies", "lines", "lines_with_hours", "yours")} == {
        "companies": 6,
        "lines": 7,
        "lines_with_hours": 4,
        "yours": 0,
    }
    assert data["countries"] == {"IL": 5, "US": 1}
    # the lines a contributor could add hours to
    missing = ex("catalogue", "stats", "--missing")
    assert missing.out == "example-bank/main\nexample-leumi-one/main\nexample-leumi-two/main\n"
    assert data["lines_without_hours"] == missing.out.split()


def test_catalogue_add_refuses_a_bad_file() -> None:
    from conftest import FIXTURES

    bad = FIXTURES / "bad" / "unknown-key.yaml"
    result = ivr("catalogue", "add", str(bad))
    assert result.code == 1
    assert result.err.startswith(f"ivr: {bad}:5:5: unknown key 'alaises'")
    assert "nothing was copied" in result.err
    assert not (Path(os.environ["IVR_HOME"]) / "catalogue.d").exists()


# --------------------------------------------------------------------------- schema


def test_schema_validates_the_bundled_catalogue_shape() -> None:
    result = ivr("schema")
    assert result.code == 0
    schema = json.loads(result.out)
    assert schema["title"] == "ivr catalogue"
    company = schema["$defs"]["Company"]
    assert company["additionalProperties"] is False
    assert set(company["required"]) == {"id", "name", "lines"}
    assert schema["$defs"]["Node"]["properties"]["kind"]["anyOf"][0]["enum"] == [
        "human",
        "automated",
        "recorded",
    ]


# --------------------------------------------------------------------------- completion


def complete(words: str) -> list[str]:
    parts = words.split(" ")
    result = ivr(
        env={
            "_IVR_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
        }
    )
    return result.out.split()


def test_completion_of_companies_and_services() -> None:
    assert "pelephone" in complete("ivr find pel")
    assert complete("ivr find pelephone bil") == ["bill", "billing"]
    assert "bituach-leumi" in complete("ivr find bitu")
    assert complete("ivr find zzzz") == []


# --------------------------------------------------------------------------- help and version


def test_version() -> None:
    from ivrcli import __version__

    assert ivr("--version").out == f"ivr {__version__}\n"


def test_every_command_and_option_has_help() -> None:
    import typer

    from conftest import app

    root = typer.main.get_command(app)

    def walk(command: object, path: str) -> None:
        assert getattr(command, "help", None), f"{path} has no help"
        for param in getattr(command, "params", []):
            if param.name in ("help",):
                continue
            assert getattr(param, "help", None), f"{path} {param.name} has no help"
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(root, "ivr")


# --------------------------------------------------------------------------- bidi, progress


def test_bidi_reorders_hebrew_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = ex("show", "example-cable", "--human").out
    assert "also: דוגמה, excable, אקזמפל כבלים" in plain
    reordered = ex("show", "example-cable", "--human", "--bidi").out
    assert "also: המגוד, excable, םילבכ לפמזקא" in reordered
    monkeypatch.setenv("IVR_BIDI", "1")
    assert "המגוד" in ex("show", "example-cable", "--human").out
    monkeypatch.setenv("IVR_BIDI", "0")
    assert "דוגמה" in ex("show", "example-cable", "--human").out


def test_progress_is_shown_only_for_a_slow_first_build(tmp_path: Path) -> None:
    import contextlib
    import subprocess
    import sys

    from conftest import REPO
    from ivrcli.catalogue.sources import SLOW_BUILD_BYTES, open_catalogue

    shown: list[str] = []

    @contextlib.contextmanager
    def progress() -> object:
        shown.append("building")
        yield

    open_catalogue([EXAMPLE], progress=progress)
    assert shown == []  # small: no note
    big = tmp_path / "big.yaml"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), "1200", str(big)], check=True
    )
    assert big.stat().st_size >= SLOW_BUILD_BYTES
    open_catalogue([big], progress=progress)
    assert shown == ["building"]
    open_catalogue([big], progress=progress)  # warm: the cache answers, no note
    assert shown == ["building"]
