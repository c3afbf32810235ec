"""Shared fixtures: every test gets its own IVR_HOME and a fixed local zone."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ivrcli.cli.main import build

#: the whole command line, as ``ivr`` builds it for help and completion
app = build()

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = FIXTURES / "example.yaml"
REPO = Path(__file__).parent.parent
BUNDLED = REPO / "data" / "companies.yaml"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    home = tmp_path / "ivr-home"
    monkeypatch.setenv("IVR_HOME", str(home))
    for name in ("IVR_CATALOGUE", "IVR_PROFILE", "NO_COLOR", "IVR_BIDI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "Asia/Jerusalem")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COLUMNS", "100")
    time.tzset()
    yield
    os.environ.pop("TZ", None)
    time.tzset()


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def ivr(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Run the real CLI in-process; stdout and stderr apart."""
    result = CliRunner().invoke(app, list(args), input=input, env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


def ex(*args: str, **kw: Any) -> Result:
    """``ivr`` on the fictional example catalogue."""
    return ivr(*args, "--catalogue", str(EXAMPLE), **kw)
