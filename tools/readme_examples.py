"""Run the README's ```console examples and compare (or --write) their output.

    python tools/readme_examples.py           # exit 1 when an example's output differs
    python tools/readme_examples.py --write   # refresh the outputs in README.md

Each ``$ `` line runs in bash from the repository root, in order, with one
fresh IVR_HOME, TZ=Asia/Jerusalem, 80 columns and no colour; the lines after
it, up to the next ``$ `` line, are its expected stdout and stderr.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def examples(text: str) -> list[tuple[str, str]]:
    """(command, expected output) pairs, in README order."""
    pairs: list[tuple[str, str]] = []
    for block in BLOCK.findall(text):
        command: str | None = None
        output: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    pairs.append((command, "".join(output)))
                command, output = line[2:], []
            else:
                output.append(line + "\n")
        if command is not None:
            pairs.append((command, "".join(output)))
    return pairs


def run_all(commands: list[str]) -> list[str]:
    home = Path(tempfile.mkdtemp(prefix="ivr-readme-"))
    bindir = Path(sys.executable).parent
    env = {
        **os.environ,
        "IVR_HOME": str(home),
        "TZ": "Asia/Jerusalem",
        "COLUMNS": "80",
        "TERM": "dumb",
        "NO_COLOR": "1",
        "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    for name in ("IVR_CATALOGUE", "IVR_PROFILE", "IVR_BIDI"):
        env.pop(name, None)
    outputs = []
    try:
        for command in commands:
            result = subprocess.run(
                ["bash", "-c", command + " 2>&1"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            outputs.append(result.stdout)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return outputs


def refreshed(text: str) -> str:
    pairs = examples(text)
    outputs = iter(run_all([command for command, _ in pairs]))

    def fill(match: re.Match[str]) -> str:
        lines = []
        for line in match.group(1).splitlines():
            if line.startswith("$ "):
                lines.append(line + "\n" + next(outputs))
        return "```console\n" + "".join(lines) + "```"

    return BLOCK.sub(fill, text)


def main() -> int:
    text = README.read_text(encoding="utf-8")
    if "--write" in sys.argv:
        README.write_text(refreshed(text), encoding="utf-8")
        return 0
    pairs = examples(text)
    failed = 0
    for (command, expected), actual in zip(pairs, run_all([c for c, _ in pairs]), strict=True):
        if actual != expected:
            failed += 1
            sys.stderr.write(f"README example differs: $ {command}\n")
            sys.stderr.write(f"--- expected\n{expected}--- actual\n{actual}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
