"""Shell completion through the installed ``ivr``: its completion entry point, a real bash,
zsh's and fish's variables, a large generated catalogue and properties of what is offered.

Exact word lists use the fictional example catalogue; the bundled one is asked only
for what issue 15 names (``ivr show`` offers companies, ``ביט`` offers ``ביטוח``).
"""

from __future__ import annotations

import ast
import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, FIXTURES
from ivrcli.cli.main import COMMANDS, GROUPS, completing
from ivrcli.services.complete import MAX_OFFERED, MIN_LENGTH, offered
from ivrcli.textnorm import normalise

BIN = Path(sys.executable).parent
IVR = BIN / "ivr"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

pytestmark = pytest.mark.skipif(not IVR.is_file(), reason="needs the installed ivr script")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One IVR_HOME for the module: the bundled catalogue is compiled once."""
    return tmp_path_factory.mktemp("completion-home")


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "IVR_HOME": str(home), "LANG": "C.UTF-8", **extra}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def run(env: dict[str, str]) -> str:
    done = subprocess.run([str(IVR)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # never a traceback, a warning or a version line
    return done.stdout


def complete(home: Path, line: str) -> list[str]:
    """What ``ivr`` offers for the last word of ``line`` (bash's variables, as the
    sourced script sets them: the words joined by newlines)."""
    words = line.split(" ")
    out = run(
        env_for(
            home,
            _IVR_COMPLETE="complete_bash",
            COMP_WORDS="\n".join(words),
            COMP_CWORD=str(len(words) - 1),
        )
    )
    return [w for w in out.splitlines() if w]


def ex(line: str) -> str:
    """A command line on the fictional example catalogue."""
    command, _, rest = line.partition(" ")
    return f"ivr {command} --catalogue {EXAMPLE} {rest}"


EX_IDS = [
    "example-bank",
    "example-cable",
    "example-cable-mobile",
    "example-leumi-one",
    "example-leumi-two",
    "example-us",
]
# fmt: off
EXCABLE_SERVICES = [
    "account", "bill", "billing", "cancel", "card", "customer", "desk", "internet", "invoice",
    "night", "outage", "outages", "pay", "payment", "representative", "service", "status",
    "support", "tech", "technical", "television", "termination", "tv",
    "אינטרנט", "חשבון", "חשבונית", "טכנית", "ניתוק", "תמיכה",
]
# fmt: on


# --------------------------------------------------------------------------- entry point


def test_companies_complete_by_id_and_by_every_word_of_their_names(home: Path) -> None:
    assert complete(home, ex("find ex")) == [*EX_IDS, "example", "exbank", "excable", "extelus"]
    assert complete(home, ex("show ")) == EX_IDS  # nothing typed: the companies
    # a multi-word Hebrew alias (אקזמפל כבלים) completes on either word
    assert complete(home, ex("show אק")) == ["אקזמפל"]
    assert complete(home, ex("show כב")) == ["כבלים"]


def test_after_a_word_the_rest_of_the_names_holding_it(home: Path) -> None:
    words = ["bank", "cable", "leumi", "mobile", "one", "telecom", "two", "us"]
    assert complete(home, ex("show example ")) == words
    assert complete(home, ex("history example ")) == words
    assert complete(home, ex("show example leumi ")) == ["one", "two"]


def test_after_a_company_find_call_and_log_complete_its_services(home: Path) -> None:
    # the other name first (excable mobile is another company), then the services
    assert complete(home, ex("find excable ")) == ["mobile", *EXCABLE_SERVICES]
    assert complete(home, ex("find excable te")) == [
        "tech",
        "technical",
        "television",
        "termination",
    ]
    assert complete(home, ex("call example cable bil")) == ["bill", "billing"]
    assert complete(home, ex("log excable billing in")) == ["internet", "invoice"]
    assert complete(home, ex("dial excable bil")) == ["bill", "billing"]
    # show and history take only a company: no services
    assert complete(home, ex("show excable ")) == ["mobile"]


def test_what_was_typed_is_kept_as_typed(home: Path) -> None:
    # shells keep only what starts with the word typed: case and niqqud stay the user's
    assert complete(home, ex("find EXC")) == ["EXCable"]
    assert complete(home, ex("find Example-Cable-M")) == ["Example-Cable-Mobile"]
    assert complete(home, ex("find excable BIL")) == ["BILl", "BILling"]
    assert complete(home, ex("find excable חֶשׁ")) == ["חֶשׁבון", "חֶשׁבונית"]


def test_map_offers_wanted_organisations_too(home: Path) -> None:
    shown = complete(home, "ivr show ")
    mapped = complete(home, "ivr map ")
    assert set(shown) < set(mapped)  # the wanted entries map can add


def test_bundled_catalogue(home: Path) -> None:
    shown = complete(home, "ivr show ")
    assert "bezeq" in shown
    assert "pelephone" in shown
    assert all(SLUG.match(w) for w in shown)  # company ids
    assert "ביטוח" in complete(home, "ivr find ביט")  # a word of הראל ביטוח and others
    bezeq = complete(home, "ivr find bezeq ")
    assert "billing" in bezeq
    assert all(len(w) >= MIN_LENGTH for w in bezeq)  # no a, e, g
    assert "hot-mobile" in complete(home, "ivr history hot")


def test_a_bad_catalogue_offers_nothing_and_prints_nothing(home: Path) -> None:
    bad = FIXTURES / "bad" / "bad-id.yaml"
    assert complete(home, f"ivr find --catalogue {bad} ex") == []
    assert complete(home, f"ivr show --catalogue {home / 'missing.yaml'} ex") == []
    (home / "broken.yaml").write_text("companies: [\n", encoding="utf-8")
    assert complete(home, f"ivr call --catalogue {home / 'broken.yaml'} ") == []


def test_options_and_command_names_still_complete(home: Path) -> None:
    assert complete(home, "ivr sh") == ["show"]
    assert complete(home, "ivr find bezeq --j") == ["--json"]
    assert complete(home, "ivr --version fi") == ["find"]  # no version line in the shell


def test_zsh_and_fish(home: Path) -> None:
    line = f"ivr find --catalogue {EXAMPLE} excable bil"
    zsh = run(env_for(home, _IVR_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS=line))
    assert zsh == '_arguments \'*: :(("bill"\n"billing"))\'\n'
    fish = run(
        env_for(
            home,
            _IVR_COMPLETE="complete_fish",
            _TYPER_COMPLETE_ARGS=line,
            _TYPER_COMPLETE_FISH_ACTION="get-args",
        )
    )
    assert fish.split() == ["bill", "billing"]


def test_completing_arguments_builds_only_that_command(home: Path) -> None:
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted(m for m in sys.modules"
        " if m.startswith('ivrcli.cli.')), file=sys.stderr))\n"
        "sys.argv = ['ivr']\n"
        "from ivrcli.cli.main import run\n"
        "run()\n"
    )
    env = env_for(home, _IVR_COMPLETE="complete_bash", COMP_WORDS=ex("find ex"), COMP_CWORD="4")
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert "example-bank" in done.stdout.split()
    loaded = ast.literal_eval(done.stderr)  # the probe's one line: a list of module names
    assert loaded == ["ivrcli.cli.find", "ivrcli.cli.main", "ivrcli.cli.options", "ivrcli.cli.qr"]


# --------------------------------------------------------------------------- a real bash


def bash_complete(home: Path, line: str) -> list[str]:
    """Source ``ivr``'s bash script in a bare bash, press TAB at the end of ``line``
    (the variables bash sets) and return COMPREPLY."""
    env = env_for(home)
    script = run({**env, "_IVR_COMPLETE": "source_bash"})
    driver = (
        'eval "$IVR_SCRIPT"\n'
        'read -ra spec <<< "$(complete -p ivr)"\n'
        'for i in "${!spec[@]}"; do [[ ${spec[i]} == -F ]] && fn=${spec[i+1]}; done\n'
        'COMP_LINE="$LINE"; COMP_POINT=${#COMP_LINE}\n'
        'read -ra COMP_WORDS <<< "$COMP_LINE"\n'
        '[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")\n'
        "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
        '"$fn" ivr "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", driver],
        env={**env, "IVR_SCRIPT": script, "LINE": line},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [w for w in done.stdout.splitlines() if w]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_in_a_real_bash(home: Path) -> None:
    shown = bash_complete(home, "ivr show ")
    assert "bezeq" in shown
    assert all(SLUG.match(w) for w in shown)
    bezeq = bash_complete(home, "ivr find bezeq ")
    assert "billing" in bezeq
    assert all(len(w) >= MIN_LENGTH for w in bezeq)
    assert "ביטוח" in bash_complete(home, "ivr find ביט")
    assert "hot-mobile" in bash_complete(home, "ivr history hot")
    assert bash_complete(home, ex("call excable bil")) == ["bill", "billing"]


# --------------------------------------------------------------------------- a large catalogue


def large_catalogue(path: Path, companies: int = 300) -> Path:
    """FICTIONAL: a generated catalogue of made-up companies, numbers and services, with
    one-letter words in names and aliases (which must never be offered)."""
    lines = [
        "# FICTIONAL generated test data: no company, number or service here is real.",
        "version: 1",
        "companies:",
    ]
    for i in range(companies):
        lines += [
            f"  - id: zorbex-{i:03d}",
            f"    name: Zorbex {i:03d} Q",
            f"    aliases: [z zor{i:03d}, זורבקס {i:03d} ז]",
            f"    source: https://zorbex{i:03d}.example",
            "    checked: 2026-11-20",
            "    lines:",
            f'      - id: main\n        number: "*{3000 + i}"\n        menu:',
        ]
        for k in range(1, 10):
            lines += [f'          - keys: "{k}"', f"            name: Zservice {i}{k} x"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_at_most_200_distinct_words_of_two_letters_or_more(home: Path) -> None:
    big = large_catalogue(home / "large.yaml")
    for line in [
        f"ivr show --catalogue {big} ",  # 300 ids
        f"ivr find --catalogue {big} z",  # ids, zorbex, zor000..., and no z
        f"ivr find --catalogue {big} ",
        f"ivr find --catalogue {big} ז",
        f"ivr find --catalogue {big} zorbex ",  # 300 numbers, q left out
        f"ivr find --catalogue {big} zorbex-007 ",  # its services: no x
    ]:
        words = complete(home, line)
        assert words, line
        assert len(words) <= MAX_OFFERED, line
        assert len(set(words)) == len(words), line
        assert all(len(w) >= MIN_LENGTH for w in words), line
    assert len(complete(home, f"ivr show --catalogue {big} ")) == MAX_OFFERED
    assert len(complete(home, f"ivr find --catalogue {big} zorbex ")) == MAX_OFFERED
    # its services: the numbers and zservice; x and q never
    assert complete(home, f"ivr find --catalogue {big} zorbex-007 ") == [
        *(f"7{k}" for k in range(1, 10)),
        "zservice",
    ]


# --------------------------------------------------------------------------- properties


@functools.cache
def example_catalogue() -> object:
    from ivrcli.catalogue.sources import open_catalogue

    return open_catalogue([EXAMPLE], use_cache=False, observed=False)


@functools.cache
def known_words() -> set[str]:
    """Every normalised word and id a completion may stand for."""
    from ivrcli.catalogue.compiled import Catalogue
    from ivrcli.services.complete import _service_words

    catalogue = example_catalogue()
    assert isinstance(catalogue, Catalogue)
    index = catalogue.index
    known = {normalise(index.id_of(ci)) for ci in range(len(index))}
    known |= {w for ci in range(len(index)) for t in index.terms_of(ci) for w in t.split()}
    for company in catalogue:
        known |= set(_service_words(company))
    return known


TYPED = st.text(alphabet="exampleCAB-LKBIN לִבחשְׁ'\"", max_size=8)
WORDS = st.lists(st.sampled_from(["example", "excable", "cable", "leumi", "bill", "zz"]))


@given(before=WORDS, incomplete=TYPED, services=st.booleans(), wanted=st.booleans())
@settings(max_examples=200, deadline=None)
def test_what_is_offered_extends_what_was_typed_and_finds_a_known_word(
    before: list[str], incomplete: str, services: bool, wanted: bool
) -> None:
    from ivrcli.catalogue.compiled import Catalogue

    catalogue = example_catalogue()
    assert isinstance(catalogue, Catalogue)
    words = offered(catalogue, before, incomplete, services=services, wanted=wanted)
    assert len(words) == len(set(words)) <= MAX_OFFERED
    for word in words:
        assert word.startswith(incomplete)  # Typer drops anything else
        assert len(word) >= MIN_LENGTH
        ids = {catalogue.index.id_of(ci) for ci in range(len(catalogue.index))}
        assert normalise(word) in known_words() or normalise(word).replace(" ", "-") in ids


def shell_env(shell: str, words: list[str], cword: int, trailing: bool) -> dict[str, str]:
    if shell == "bash":
        return {
            "_IVR_COMPLETE": "complete_bash",
            "COMP_WORDS": "\n".join(words),
            "COMP_CWORD": str(cword),
        }
    line = " ".join(words) + (" " if trailing else "")
    return {
        "_IVR_COMPLETE": f"complete_{shell}",
        "_TYPER_COMPLETE_ARGS": line,
        "_TYPER_COMPLETE_WORD_TO_COMPLETE": "" if trailing or not words else words[-1],
    }


NAMES = [*COMMANDS, *GROUPS, "--version", "--help", "-x", "", "fi", "show'", 'a"b', "ק ש"]


@given(
    shell=st.sampled_from(["bash", "zsh", "fish", "powershell"]),
    words=st.lists(
        st.one_of(
            st.sampled_from(NAMES),
            st.text(
                st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=4
            ),
        ),
        max_size=5,
    ),
    cword=st.integers(min_value=0, max_value=6),
    trailing=st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_the_command_being_completed_is_the_one_typer_completes(
    shell: str, words: list[str], cword: int, trailing: bool
) -> None:
    """``completing`` reads the shell's variables as Typer's own classes do."""
    from typer._completion_classes import (
        BashComplete,
        FishComplete,
        PowerShellComplete,
        ZshComplete,
    )

    words = ["ivr", *words]
    env = shell_env(shell, words, cword, trailing)
    kind = {
        "bash": BashComplete,
        "zsh": ZshComplete,
        "fish": FishComplete,
        "powershell": PowerShellComplete,
    }[shell]
    with mock.patch.dict(os.environ, env, clear=True):
        args, _ = kind(None, {}, "ivr", "_IVR_COMPLETE").get_completion_args()  # type: ignore[arg-type, abstract]
    expected = args[0] if args and args[0] in COMMANDS else None
    assert completing(env) == expected
