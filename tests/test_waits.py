"""Knowing the wait (issue 18, product.md section 12): reported figures, your own wait and
the best time to call, calls over the limit, and the complaint text."""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ex
from ivrcli.journal.migrations import MIGRATIONS, SCHEMA_VERSION
from ivrcli.paths import journal_path
from ivrcli.waits import Timed, counted, parse_wait, period_bounds, your_wait

IL = ZoneInfo("Asia/Jerusalem")
LRM, RLM = "\u200e", "\u200f"


def log(*args: str) -> None:
    result = ex("log", *args)
    assert result.code == 0, result.err


# --------------------------------------------------------------------------- your wait

#: billing calls (waited or dropped), and calls that must not count towards billing
SEEDED = [
    ("2026-11-22T08:30", "2m"),  # Sunday, 08-10
    ("2026-11-23T09:40", "4m"),  # 08-10
    ("2026-11-24T14:10", "9m"),  # 14-16
    ("2026-11-25T15:50", "7m"),  # 14-16
    ("2026-11-26T20:30", "1m"),  # 20-22: the lowest median, but billing closes at 20:00
]
DROPPED = ("2026-11-26T21:05", "3m")  # nobody answered: counts at its whole length


def seed_billing() -> None:
    for started, waited in SEEDED:
        log("example", "cable", "billing", "--started", started, "--waited", waited)
    log("example", "cable", "billing", "--started", DROPPED[0], "--outcome", "dropped",
        "--total", DROPPED[1])  # fmt: skip
    log("example", "cable", "billing", "--started", "2026-11-27T08:10", "--outcome", "resolved")
    log("example", "cable", "tech", "--started", "2026-11-22T08:05", "--waited", "30s")


def expected_your_wait() -> dict[str, object]:
    """Section 12 computed here, apart from the code: bands of 2 hours, 2 calls each, open."""
    calls = [(s, int(w[:-1]) * 60) for s, w in [*SEEDED, DROPPED]]
    bands: dict[int, list[int]] = {}
    for started, seconds in calls:
        bands.setdefault(int(started[11:13]) // 2 * 2, []).append(seconds)
    open_bands = set(range(8, 20, 2))  # billing: Su-Th 08:00-20:00
    best = min(
        (statistics.median(v), b, len(v))
        for b, v in bands.items()
        if len(v) >= 2 and b in open_bands
    )
    return {
        "median_seconds": statistics.median(s for _, s in calls),
        "calls": len(calls),
        "topic": "billing",
        "best": {
            "from": f"{best[1]:02d}:00",
            "to": f"{best[1] + 2:02d}:00",
            "median_seconds": best[0],
            "calls": best[2],
        },
    }


def test_find_shows_your_median_and_the_best_band_from_the_journal() -> None:
    seed_billing()
    data = ex("find", "example", "cable", "billing", "--partial", "--json").json()
    assert data["your_wait"] == expected_your_wait()
    assert data["your_wait"]["best"]["from"] == "08:00"  # 20-22 is lower, but closed
    human = ex("find", "example", "cable", "billing", "--partial", "--human", "--no-color")
    assert "│ Your wait  median 3:30 over 6 billing calls" in human.out
    assert "best time to call: 08:00–10:00, median 3:00 over 2 calls" in human.out


def test_plain_and_tel_output_stay_as_they_were() -> None:
    seed_billing()
    assert ex("find", "example", "cable", "billing", "--partial").out == "*1234,,2\n"
    assert ex("find", "example", "cable", "billing", "--partial", "--tel").out == "tel:*1234,,2\n"


def test_under_three_calls_to_the_topic_counts_the_company_and_under_three_shows_nothing() -> None:
    log("example", "cable", "billing", "--started", "2026-11-22T08:30", "--waited", "2m")
    log("example", "cable", "tech", "--started", "2026-11-22T08:40", "--waited", "4m")
    data = ex("find", "example", "cable", "billing", "--partial", "--json").json()
    assert data["your_wait"] is None
    human = ex("find", "example", "cable", "billing", "--partial", "--human")
    assert "Your wait" not in human.out
    log("example", "cable", "tech", "--started", "2026-11-23T15:00", "--waited", "6m")
    data = ex("find", "example", "cable", "billing", "--partial", "--json").json()
    assert data["your_wait"] == {
        "median_seconds": 240,
        "calls": 3,
        "topic": None,  # the company's calls: only one was about billing
        "best": {"from": "08:00", "to": "10:00", "median_seconds": 180, "calls": 2},
    }


def test_calls_across_a_dst_change_fall_in_their_wall_clock_band() -> None:
    """Israel moved its clocks on 27 March 2026: 08:30 is 06:30 UTC before, 05:30 after."""
    log("example", "cable", "tech", "--started", "2026-03-26T08:30:00+02:00", "--waited", "5m")
    log("example", "cable", "tech", "--started", "2026-03-29T08:40:00+03:00", "--waited", "3m")
    log("example", "cable", "tech", "--started", "2026-03-29T06:50:00Z", "--waited", "1m")  # 09:50
    log("example", "cable", "tech", "--started", "2026-03-26T16:10:00+02:00", "--waited", "2m")
    data = ex("find", "example", "cable", "tech", "--json").json()
    assert data["your_wait"]["best"] == {
        "from": "08:00",
        "to": "10:00",
        "median_seconds": 180,
        "calls": 3,
    }


def test_a_company_with_no_hours_lets_every_band_compete() -> None:
    for started in ("2026-11-22T22:30", "2026-11-23T23:10", "2026-11-24T10:00"):
        log("example", "bank", "loans", "--started", started, "--waited", "1m")
    data = ex("find", "example", "bank", "loans", "--json").json()
    assert data["hours"] is None
    assert data["your_wait"]["best"]["from"] == "22:00"
    assert data["your_wait"]["best"]["to"] == "24:00"


def test_find_never_creates_the_journal() -> None:
    assert ex("find", "example", "cable", "billing", "--partial", "--json").code == 0
    assert ex("find", "example", "cable", "billing", "--partial", "--human").code == 0
    assert not journal_path().exists()


def test_the_plain_path_reads_no_journal(tmp_path: Path) -> None:
    log("example", "cable", "billing", "--waited", "2m")
    script = (
        "import sys\n"
        f"sys.argv = ['ivr', 'find', 'example', 'cable', 'billing', '--partial', '--catalogue',"
        f" {str(Path(__file__).parent / 'fixtures' / 'example.yaml')!r}]\n"
        "from ivrcli.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m in ('sqlite3', 'ivrcli.services.waits')))"
    )
    env = {"IVR_HOME": str(journal_path().parent), "PATH": "/usr/bin:/bin", "TZ": "Asia/Jerusalem"}
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert run.stdout.splitlines() == ["*1234,,2", "[]"]


def test_a_journal_of_the_previous_schema_migrates_with_no_call_lost() -> None:
    path = journal_path()
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    for step in MIGRATIONS[: SCHEMA_VERSION - 1]:
        for statement in step:
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    for n in range(3):
        moment = dt.datetime(2026, 11, 22 + n, 8, 30, tzinfo=IL)
        db.execute(
            "INSERT INTO calls (company_id, company_name, service, number, started, started_us,"
            " waited_seconds, total_seconds, outcome, rep, reference, note, over_limit)"
            " VALUES ('example-cable', 'Example Cable', NULL, '*1234', ?, ?, ?, NULL, NULL,"
            " NULL, NULL, NULL, NULL)",
            (moment.isoformat(), int(moment.timestamp() * 1_000_000), 60 * (n + 1)),
        )
    db.commit()
    db.close()
    data = ex("find", "example", "cable", "--json").json()
    assert data["your_wait"] == {
        "median_seconds": 120,
        "calls": 3,
        "topic": None,
        "best": {"from": "08:00", "to": "10:00", "median_seconds": 120, "calls": 3},
    }
    assert len(ex("history", "--json").json()["calls"]) == 3
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_unreadable_journal_leaves_find_answering_with_a_warning() -> None:
    path = journal_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database, not at all" * 100)
    human = ex("find", "example", "cable", "billing", "--partial", "--human")
    assert human.code == 0
    assert human.err.startswith("ivr: your waits are not shown: ")
    data = ex("find", "example", "cable", "billing", "--partial", "--json")
    assert (data.code, data.err) == (0, "")
    assert data.json()["your_wait"] is None
    assert data.json()["warnings"][0].startswith("your waits are not shown: ")


# --------------------------------------------------------------------------- the pure rules


def test_counted_takes_the_wait_else_a_dropped_calls_length() -> None:
    assert counted(90, 600, "resolved") == 90
    assert counted(None, 600, "dropped") == 600
    assert counted(None, 600, "resolved") is None
    assert counted(None, None, "dropped") is None


starts = st.datetimes(
    min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1), timezones=st.just(dt.UTC)
)
calls = st.lists(
    st.builds(Timed, starts, st.integers(0, 7200), st.sampled_from([None, "billing", "fault"])),
    max_size=30,
)


@given(
    calls, st.sampled_from([None, "billing"]), st.none() | st.sets(st.sampled_from(range(0, 24, 2)))
)
def test_the_best_band_has_the_lowest_median_of_the_qualifying_bands(
    timed: list[Timed], topic: str | None, open_bands: set[int] | None
) -> None:
    found = your_wait(timed, topic, "Asia/Jerusalem", open_bands)
    if len(timed) < 3:
        assert found is None
        return
    assert found is not None
    pool = [c for c in timed if c.topic == found.topic] if found.topic else timed
    assert found.calls == len(pool) >= 3
    assert found.median_seconds == statistics.median(c.seconds for c in pool)
    bands: dict[int, list[int]] = {}
    for c in pool:
        bands.setdefault(c.started.astimezone(IL).hour // 2 * 2, []).append(c.seconds)
    qualifying = {
        b: statistics.median(v)
        for b, v in bands.items()
        if len(v) >= 2 and (open_bands is None or b in open_bands)
    }
    if not qualifying:
        assert found.best is None
        return
    assert found.best is not None
    assert (found.best.median_seconds, found.best.start) == min(
        (m, b) for b, m in qualifying.items()
    )
    assert found.best.calls == len(bands[found.best.start])


@given(st.integers(0, 99), st.integers(0, 999), st.integers(0, 9999))
def test_a_written_wait_parses_to_its_seconds(h: int, m: int, s: int) -> None:
    assert parse_wait(f"{h}h{m}m{s}s") == h * 3600 + m * 60 + s
    assert parse_wait(f"{m}m") == m * 60


@pytest.mark.parametrize("bad", ["", "m", "5", "2m31", "1.5m", "2 m", "s2", "2m2h", "٣m"])
def test_a_bad_wait_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="bad wait"):
        parse_wait(bad)


@given(st.integers(1900, 2200), st.integers(1, 12), st.integers(1, 4))
def test_periods_span_their_days(year: int, month: int, quarter: int) -> None:
    assert period_bounds(str(year)) == (dt.date(year, 1, 1), dt.date(year, 12, 31))
    first, last = period_bounds(f"{year}-{month:02d}")
    assert (first.day, first.month, (last + dt.timedelta(days=1)).day) == (1, month, 1)
    first, last = period_bounds(f"{year}-Q{quarter}")
    assert first.month == 3 * quarter - 2
    assert last.month == 3 * quarter
    assert period_bounds(f"{year}/{year + 1}-Q1")[1] == dt.date(year + 1, 3, 31)


@pytest.mark.parametrize("bad", ["25", "2025-13", "2025-Q5", "2025/2024", "a/b/c", "1899"])
def test_a_bad_period_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="bad period"):
        period_bounds(bad)


# --------------------------------------------------------------------------- over the limit


def seed_complaints() -> None:
    log("example", "cable", "billing", "--waited", "10m", "--rep", "Dana", "--ref", "81734",
        "--started", "2026-11-05T14:45")  # fmt: skip  # 1: over the limit
    log("example", "cable", "tech", "--outcome", "dropped", "--total", "25m",
        "--started", "2026-11-06T08:15")  # fmt: skip  # 2: nobody answered, 25 minutes
    log("example", "cable", "tech", "--waited", "4m", "--started", "2026-11-06T09:15")  # 3
    log("example", "cable", "pay", "--waited", "9m", "--started", "2026-11-06T10:15")  # 4
    log("example", "cable", "cancel", "--started", "2026-11-07T10:15")  # 5: no wait
    log("example", "bank", "loans", "--waited", "9m", "--started", "2026-11-07T11:00")  # 6


def test_history_over_limit_lists_only_calls_past_six_minutes_the_rule_covers() -> None:
    seed_complaints()
    data = ex("history", "--over-limit", "--json").json()
    assert [c["id"] for c in data["calls"]] == [2, 1]
    human = ex("history", "--over-limit", "--human", "--no-color")
    assert human.out.splitlines()[0].split() == [
        "#", "when", "company", "service", "waited", "outcome", "rep", "·", "ref",
    ]  # fmt: skip
    assert (
        human.out.splitlines()[-1] == "A complaint about one of them: ivr complaint # [--lang he]"
    )
    assert "over the 6-minute" in ex("history", "--human").out


def test_history_over_limit_with_none_says_so() -> None:
    log("example", "cable", "tech", "--waited", "4m")
    result = ex("history", "--over-limit", "--human")
    assert (result.code, result.out) == (0, "No calls over the 6-minute limit in the journal.\n")


LAW_EN = (
    "Consumer Protection Law section 18B(a1)(3) (amendment 57, in force since 25 July 2019) "
    "requires telephone, mobile, cable and satellite TV, internet, electricity, gas and water "
    "suppliers, banks, insurers and card issuers to give a human answer within 6 minutes of the "
    "start of a call about fault handling, billing or ending the contract. For communications, "
    "banking and insurance, the regulators may allow limited exceptions: telecom licences "
    "tolerate a share of calls over 6 minutes in a two-week period.\n"
)


def test_complaint_in_english() -> None:
    seed_complaints()
    result = ex("complaint", "1")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "To: the public enquiries unit of Example Cable\n"
        "Subject: a wait of over 6 minutes for a human answer (2026-11-05 14:45)\n"
        "\n"
        "On 2026-11-05 14:45 I called Example Cable on *1234 about billing.\n"
        "A person answered only after 10:00 minutes, counted from the start of the call, voice "
        "menu included.\n"
        "Representative: Dana. Reference: 81734.\n"
        "\n" + LAW_EN + "\n"
        "My call waited over 6 minutes. The remedy I ask for: ____________________\n"
        "\n"
        "Name: ____________________\n"
    )
    assert "violat" not in result.out
    assert "breach" not in result.out
    dropped = ex("complaint", "2", "--lang", "EN").out
    assert "No one answered: the call ended after 25:00 minutes, counted from its start" in dropped
    assert "about a fault." in dropped


def he(line: str) -> str:
    return RLM + line + "\n"


def ltr(value: str) -> str:
    return LRM + value + LRM


LAW_HE = (
    "סעיף 18ב(א1)(3) לחוק הגנת הצרכן (תיקון מס' 57, בתוקף מ-25 ביולי 2019) מחייב ספקי טלפון, "
    "טלפון נייד, טלוויזיה בכבלים ובלוויין, אינטרנט, חשמל, גז ומים, וכן בנקים, מבטחים ומנפיקי "
    "כרטיסי חיוב, לתת מענה אנושי בתוך 6 דקות מתחילת שיחה בעניין טיפול בתקלה, בירור חשבון או "
    "סיום ההתקשרות. בתחומי התקשורת, הבנקאות והביטוח רשאים הרגולטורים להתיר חריגות מוגבלות: "
    "רישיונות התקשורת מתירים שיעור מסוים של שיחות מעל 6 דקות בתקופה של שבועיים."
)


def test_complaint_in_hebrew() -> None:
    seed_complaints()
    result = ex("complaint", "1", "--lang", "he")
    assert (result.code, result.err) == (0, "")
    date = ltr("2026-11-05 14:45")
    assert result.out == (
        he(f"אל: היחידה לפניות הציבור של {ltr('Example Cable')}")
        + he(f"נושא: המתנה של יותר מ-6 דקות למענה אנושי ({date})")
        + "\n"
        + he(f"ב-{date} התקשרתי אל {ltr('Example Cable')} במספר {ltr('*1234')} בעניין בירור חשבון.")
        + he(f"נציג אנושי ענה רק לאחר {ltr('10:00')} דקות, מתחילת השיחה, כולל זמן התפריט הקולי.")
        + he(f"שם הנציג: {ltr('Dana')}. מספר פנייה: {ltr('81734')}.")
        + "\n"
        + he(LAW_HE)
        + "\n"
        + he("בשיחה שלי ההמתנה נמשכה יותר מ-6 דקות. הסעד המבוקש: ____________________")
        + "\n"
        + he("שם: ____________________")
    )


def test_the_hebrew_text_reads_right_to_left_with_numbers_and_latin_intact() -> None:
    """What a mail client shows (python-bidi, the Unicode algorithm): a paragraph's direction
    from its first strong character, so every line is right to left; and the star number,
    the date, the wait, the Latin names and the reference stay whole in either direction."""
    from bidi import get_display

    seed_complaints()
    log("example", "cable", "billing", "--waited", "7m", "--rep", "דנה", "--ref", "A-17#",
        "--started", "2026-11-08T09:00")  # fmt: skip
    text = ex("complaint", "7", "--lang", "he").out
    tokens = ["*1234", "2026-11-08 09:00", "7:00", "Example Cable", "A-17#"]
    lines = [line for line in text.splitlines() if line]
    for line in lines:
        assert line.startswith(RLM)
        assert get_display(line) == get_display(line, base_dir="R")
    shown = [get_display(line, base_dir=d) for line in lines for d in ("R", "L")]
    for token in tokens:
        assert any(token in visual for visual in shown), token
    assert any("הנד" in visual for visual in shown)  # a Hebrew name, in display order
    bare = next(line for line in lines if "*1234" in line).replace(LRM, "")
    assert "*1234" not in get_display(bare, base_dir="R")  # without the marks: 1234*


@pytest.mark.parametrize(
    ("call", "code", "message"),
    [
        ("3", 1, "ivr: call #3 waited 4:00, within the 6-minute limit: no complaint\n"),
        ("4", 1, "ivr: call #4 to Example Cable was not about a fault, billing or ending the "
         "contract (topic: none recorded): the 6-minute rule covers only those\n"),
        ("5", 1, "ivr: call #5 has no wait recorded (no --waited, and it was not dropped): "
         "there is nothing to measure against the 6-minute limit\n"),
        ("9", 3, "ivr: no call #9 in the journal: ivr history lists the calls\n"),
        ("0", 3, "ivr: no call #0 in the journal: ivr history lists the calls\n"),
        ("99999999999999999999", 3,
         "ivr: no call #99999999999999999999 in the journal: ivr history lists the calls\n"),
    ],
)  # fmt: skip
def test_complaint_refuses_what_it_cannot_claim(call: str, code: int, message: str) -> None:
    seed_complaints()
    result = ex("complaint", call)
    assert (result.code, result.out, result.err) == (code, "", message)


def test_complaint_on_a_company_the_rule_does_not_cover(tmp_path: Path) -> None:
    seed_complaints()
    result = ex("complaint", "6")  # a loans call to a bank: no 6-minute topic
    assert result.code == 1
    assert "was not about a fault, billing or ending the contract" in result.err
    log("example", "cable", "mobile", "billing", "--waited", "9m")  # IL mobile: covered
    assert ex("complaint", "7").code == 0


def test_complaint_usage_errors_and_no_journal() -> None:
    assert ex("complaint", "1", "--lang", "fr").code == 2
    assert ex("complaint", "one").code == 2
    assert ex("complaint", "1").code == 3
    assert not journal_path().exists()


def test_complaint_json_carries_the_call_and_the_text() -> None:
    seed_complaints()
    result = ex("complaint", "1", "--lang", "he", "--json")
    assert (result.code, result.err) == (0, "")
    data = result.json()["complaint"]
    assert (data["lang"], data["call"]["id"]) == ("he", 1)
    assert data["text"] == ex("complaint", "1", "--lang", "he").out


def test_show_lists_every_reported_wait() -> None:
    out = ex("show", "example-cable", "--human", "--no-color").out
    assert "reported wait: average 9:08 · fault calls · 2024 · 50% answered within" in out
    assert "reported wait: average 7:02 · fault calls · 2025-Q2" in out
    assert "reported wait: average 3:10 · all calls · 2025" in out
    data = ex("show", "example-cable", "--json").json()
    assert data["company"]["waits"][0]["average"] == "3m10s"


def test_a_bad_waits_entry_is_a_located_problem(tmp_path: Path) -> None:
    from conftest import EXAMPLE

    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text().replace('period: "2025-Q2"', 'period: "2025-Q7"'))
    result = ex("validate", str(bad))
    assert result.code == 1
    assert "bad period '2025-Q7'" in result.err
