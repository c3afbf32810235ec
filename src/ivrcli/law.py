"""Israel's 6-minute rule: who it covers and when a call broke it.

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


def over_limit(law: bool, waited: float | None, total: float | None) -> bool | None:
    """Whether the legal limit was exceeded; None where the rule does not apply or is unknown."""
    if not law:
        return None
    if waited is not None:
        return waited > LEGAL_LIMIT_SECONDS
    if total is not None:
        return total > LEGAL_LIMIT_SECONDS
    return None
