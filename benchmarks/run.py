"""Benchmark `ivr find` against baselines measured in the same run (issue 6 targets).

    python benchmarks/run.py            # all targets, 3 repeats
    python benchmarks/run.py --quick    # fewer runs, for a first look
    python benchmarks/run.py --only completing   # the targets whose name holds this

Each target is timed A/B alternating with its baseline (subprocesses, wall
clock, medians); a repeat's ratio is target median / baseline median, and the
verdict uses the median ratio of the repeats. Exits 1 when any target misses.
Timing assertions live here, never in the test suite: machines are noisy.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable


@dataclass
class Target:
    name: str
    command: list[str]
    baseline: list[str]
    limit: float
    runs: int
    fresh_cache: bool = False  # delete IVR_HOME/cache before every timed run
    memory_limit_mb: float | None = None
    home: str = "home"  # a folder of its own: what one target writes must not reach others
    env: dict[str, str] = field(default_factory=dict)  # added to both runs' environment


def ivr_command() -> list[str]:
    """The console script beside this interpreter (not a version-manager shim on PATH)."""
    beside = Path(sys.executable).parent / "ivr"
    path = str(beside) if beside.is_file() else shutil.which("ivr")
    if path is None:
        sys.exit("benchmarks/run.py: install ivr first (pip install .)")
    return [path]


def precompile() -> None:
    """Byte-compile the installed package: PYTHONDONTWRITEBYTECODE would otherwise
    leave an editable install recompiling every module on every run."""
    import ivrcli

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [PY, "-m", "compileall", "-q", str(Path(ivrcli.__file__).parent)], env=env, check=False
    )


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one run."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if proc.stderr is not None:
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if code != 0:
        sys.exit(f"benchmarks/run.py: {' '.join(command)} exited {code}: {err.strip()}")
    return elapsed, usage.ru_maxrss / 1024


def measure(target: Target, env: dict[str, str], home: Path) -> tuple[float, float, float, float]:
    """Median seconds of target and baseline, their ratio, and the target's peak MB."""
    ours: list[float] = []
    theirs: list[float] = []
    peak = 0.0
    for _ in range(target.runs):
        if target.fresh_cache:
            shutil.rmtree(home / "cache", ignore_errors=True)
        seconds, rss = timed(target.command, env)
        ours.append(seconds)
        peak = max(peak, rss)
        theirs.append(timed(target.baseline, env)[0])
    a, b = statistics.median(ours), statistics.median(theirs)
    return a, b, a / b, peak


def first_company(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")[:4000]
    cid = re.search(r"- id: (\S+)", text)
    name = re.search(r"name: (.+)", text)
    assert cid, "no company id in the synthetic catalogue"
    assert name, "no company name in the synthetic catalogue"
    return cid.group(1), name.group(1).strip()


def observations(home: Path, nodes: int, per_company: int = 10) -> str:
    """Write ``home/observed.yaml`` with ``nodes`` heard services over bundled companies;
    return the first company's id (fictional services on real companies)."""
    bundled = Path(__file__).resolve().parent.parent / "data" / "companies.yaml"
    ids = re.findall(r"^  - id: (\S+)", bundled.read_text(encoding="utf-8"), re.M)
    lines = ["version: 1", "companies:"]
    for c in range((nodes + per_company - 1) // per_company):
        lines += [f"  - id: {ids[c]}", "    lines:", "      - id: main", "        menu:"]
        for n in range(1, min(per_company, nodes - c * per_company) + 1):
            lines += [
                f'          - keys: "8, {n}"',
                f"            name: Heard service {n}",
                "            observed: 2026-12-01",
            ]
    home.mkdir(parents=True, exist_ok=True)
    (home / "observed.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids[0]


def typo(word: str) -> str:
    """A one-letter slip, as people type: drop the second-to-last letter."""
    return word[:-2] + word[-1] if len(word) > 4 else word


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs per repeat")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--only", default="", help="run only the targets whose name holds this")
    args = parser.parse_args()
    runs, build_runs = (7, 1) if args.quick else (21, 3)

    precompile()
    work = Path(tempfile.mkdtemp(prefix="ivr-bench-"))
    big = work / f"synthetic-{args.companies}.yaml"
    subprocess.run([PY, str(HERE / "generate.py"), str(args.companies), str(big)], check=True)
    cid, name = first_company(big)
    first, second = name.lower().split()[:2]
    ivr = ivr_command()
    typer_import = [PY, "-c", "import typer"]
    bare_load = [
        PY,
        "-c",
        "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)",
        str(big),
    ]
    heard = observations(work / "heard", 500)
    targets = [
        Target("bundled, warm: find hot mobile billing --plain",
               [*ivr, "find", "hot", "mobile", "billing", "--plain"], typer_import, 1.5, runs),
        Target("bundled, warm: completing ivr find be<TAB> (bash)",
               ivr, typer_import, 1.5, runs,
               env={"_IVR_COMPLETE": "complete_bash", "COMP_WORDS": "ivr\nfind\nbe",
                    "COMP_CWORD": "2"}),
        Target(f"bundled + 500 heard services, warm: find {heard} heard service 7",
               [*ivr, "find", heard, "heard", "service", "7", "--plain"], typer_import, 1.5,
               runs, home="heard"),
        Target(f"{args.companies} companies, warm: find {cid} (exact id)",
               [*ivr, "find", cid, "--plain", "--catalogue", str(big)], typer_import, 2.0, runs),
        Target(f"{args.companies} companies, warm: find {first} {typo(second)} biling (fuzzy)",
               [*ivr, "find", first, typo(second), "biling", "--plain", "--catalogue", str(big)],
               typer_import, 2.0, runs),
        Target(f"{args.companies} companies, first run (builds the cache)",
               [*ivr, "find", cid, "--plain", "--catalogue", str(big)], bare_load, 1.5,
               build_runs, fresh_cache=True, memory_limit_mb=500),
    ]  # fmt: skip
    targets = [t for t in targets if args.only in t.name]
    failed = False
    print(f"{'target':<62} {'ours':>8} {'base':>8} {'ratio':>6} {'limit':>6}  peak MB")
    for target in targets:
        home = work / target.home
        env = {**os.environ, "IVR_HOME": str(home), "TERM": "dumb", **target.env}
        env.pop("IVR_CATALOGUE", None)
        subprocess.run(target.command, env=env, capture_output=True, check=False)  # warm
        ratios = []
        peaks = []
        for _ in range(args.repeats):
            ours, base, ratio, peak = measure(target, env, home)
            ratios.append(ratio)
            peaks.append(peak)
            print(f"{target.name[:62]:<62} {ours * 1000:7.0f}ms {base * 1000:7.0f}ms "
                  f"{ratio:6.2f} {target.limit:6.2f}  {peak:7.0f}")  # fmt: skip
        verdict = statistics.median(ratios)
        ok = verdict <= target.limit
        if target.memory_limit_mb is not None and max(peaks) >= target.memory_limit_mb:
            ok = False
        failed |= not ok
        print(f"  -> median ratio {verdict:.2f} (limit {target.limit}): {'ok' if ok else 'MISSED'}")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
