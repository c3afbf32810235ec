"""Write a synthetic catalogue of N companies in the real format (fictional data, for benchmarks).

    python benchmarks/generate.py 10000 /tmp/synthetic-10000.yaml

Every number is fictional: star numbers in a made-up range and +1 800 555 01xx
(reserved for fiction). Each company has two lines and a nested menu of ten
services, so 10,000 companies give about 100,000 routes.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

SYLLABLES = [
    "ka", "lo", "mi", "ra", "te", "su", "ven", "dor", "pel", "zan", "qua", "bri",
    "tor", "fin", "gal", "hem", "jus", "kor", "lum", "nox", "or", "pix", "rho", "sil",
]  # fmt: skip
SERVICES = [
    ("Billing", ["bill", "invoice", "חשבון"], "billing"),
    ("Technical support", ["tech", "support", "תמיכה"], "fault"),
    ("Cancel service", ["cancel", "ניתוק"], "termination"),
    ("Sales", ["buy", "מכירות"], None),
    ("Payments", ["pay"], None),
]
SUBS = ["Internet", "Television", "Phone", "Mobile", "Roaming"]
HOURS = [
    "Su-Th 08:00-20:00; Fr 08:00-13:00; PH -1 day 08:00-13:00; PH off",
    "Mo-Fr 09:00-17:00",
    "24/7",
    "Su-Th 08:00-17:00",
]


def name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def company(i: int, rng: random.Random) -> str:
    first, second = name(rng), name(rng)
    cid = f"{first.lower()}-{second.lower()}-{i}"
    us = i % 10 == 0
    number = f'"+1 800-555-01{i % 100:02d}"' if us else f'"*{1000 + i % 9000}"'
    country = "    country: US\n    timezone: America/New_York\n" if us else ""
    hours = HOURS[0] if not us else HOURS[1]
    out = [
        f"  - id: {cid}\n    name: {first} {second}\n    aliases: [{first} {i}, {second}{i}]\n"
        f"    category: {rng.choice(['mobile', 'tv', 'bank', 'insurance', 'retail'])}\n{country}"
        f"    source: https://example.com/{cid}\n    checked: 2026-11-20\n    lines:\n"
        f"      - id: main\n        name: Customer service\n        number: {number}\n"
        f'        hours: "{hours}"\n        greeting: 6s\n        menu:\n'
    ]
    for k, (service, aliases, topic) in enumerate(SERVICES[:4], start=1):
        out.append(
            f'          - keys: "{k}"\n            name: {service}\n'
            f"            aliases: [{', '.join(aliases)}]\n            kind: human\n"
            + (f"            topic: {topic}\n" if topic else "")
        )
        if k == 2:
            out.append("            menu:\n")
            for j, sub in enumerate(SUBS[:3], start=1):
                out.append(f'              - keys: "ID#, {j}"\n                name: {sub}\n')
    out.append(
        f"      - id: business\n        name: Business desk\n        number: {number}\n"
        f'        hours: "{HOURS[3]}"\n        menu:\n'
        '          - keys: "1"\n            name: Business billing\n'
        '          - keys: "2"\n            name: Business support\n'
        "          - name: Account manager\n            kind: human\n"
    )
    return "".join(out)


def main() -> None:
    count = int(sys.argv[1])
    target = Path(sys.argv[2])
    rng = random.Random(count)
    with target.open("w", encoding="utf-8") as out:
        out.write(
            "# Synthetic, fictional benchmark catalogue. Not facts.\nversion: 1\ncompanies:\n"
        )
        for i in range(count):
            out.write(company(i, rng))


if __name__ == "__main__":
    main()
