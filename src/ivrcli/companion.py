"""The call companion: a hold timer that knows Israel's 6-minute rule.

Consumer Protection Law section 18B(a1)(3) (amendment 57, in force since
25 July 2019): telephone, mobile, cable/satellite, internet, gas, electricity
and water suppliers, banks, insurers and card issuers must give a human
answer within 6 minutes of the call starting, menu time included, for fault
handling, billing questions and ending the contract.
"""

from __future__ import annotations

from typing import Any

LEGAL_LIMIT_SECONDS = 6 * 60
LAW_CATEGORIES = frozenset(
    {"mobile", "landline", "tv", "internet", "electricity", "gas", "water", "bank",
     "credit-card", "insurance"}
)  # fmt: skip
LAW_TOPICS = frozenset({"fault", "billing", "termination"})
LAW_NAME = "Consumer Protection Law §18B (amendment 57, since 25 July 2019)"


def law_applies(company: dict[str, Any], topic: str | None) -> bool:
    """The 6-minute rule covers Israeli companies of the listed sectors on its three topics."""
    return (
        company.get("country") == "IL"
        and company.get("category") in LAW_CATEGORIES
        and topic in LAW_TOPICS
    )


def clock(seconds: float) -> str:
    """``75`` -> ``01:15``; ``3725`` -> ``1:02:05``."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def timer_text(elapsed: float, waited: float | None, law: bool) -> tuple[str, str]:
    """The timer line and its style for a call ``elapsed`` seconds old.

    ``waited`` is None while nobody has answered.
    """
    if waited is None:
        line = f"On hold {clock(elapsed)} · press Enter when a person answers, Ctrl-C to hang up"
        if not law:
            return line, "bold"
        left = LEGAL_LIMIT_SECONDS - elapsed
        if left > 0:
            return f"{line}\nLegal limit 06:00 ({clock(left)} left) · {LAW_NAME}", "bold"
        return (
            f"{line}\nOVER the 6-minute legal limit by {clock(-left)}: note the time for a "
            f"complaint · {LAW_NAME}",
            "bold red",
        )
    line = (
        f"Talking {clock(elapsed - waited)} (waited {clock(waited)})"
        " · press Enter when the call ends"
    )
    if law and waited > LEGAL_LIMIT_SECONDS:
        line += f"\nA person answered after {clock(waited)}, over the 6-minute legal limit"
        return line, "bold red"
    return line, "bold green"


def over_limit(law: bool, waited: float | None, total: float | None) -> bool | None:
    """Whether the legal limit was exceeded; None where the rule does not apply or is unknown."""
    if not law:
        return None
    if waited is not None:
        return waited > LEGAL_LIMIT_SECONDS
    if total is not None:
        return total > LEGAL_LIMIT_SECONDS
    return None
