"""The README's examples and docs/cli.md stay true to the code."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=600, check=False
    )


def test_readme_examples_print_what_they_show() -> None:
    result = run_tool("tools/readme_examples.py")
    assert result.returncode == 0, result.stderr


def test_readme_has_the_two_command_quick_start() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    assert block.splitlines() == [
        "pip install . && ivr find bituach leumi pension",
        "pip install '.[test]' && pytest",
    ]
    assert "pip install '.[test]' && pytest" in (REPO / ".ci" / "run").read_text()


def test_cli_reference_is_current() -> None:
    result = run_tool("tools/gen_cli_reference.py", "--check")
    assert result.returncode == 0, result.stderr


def test_contributing_documents_the_schema_line() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=" in text
