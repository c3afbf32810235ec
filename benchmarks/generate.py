"""Write a synthetic catalogue of N companies in the real format (fictional data, for benchmarks).

    python benchmarks/generate.py 100000 /tmp/synthetic-100000.yaml

Names look like real ones: a coined brand and a sector ("Venlobri Telecom"), with
aliases people type (the brand alone, the brand and sector in Hebrew letters, an
initialism). Every brand is unique, and company ``i`` is the same in every size
generated (the first thousand of a 100,000-company file are the 1,000-company
file), so one query can be timed on both. Menus are three levels deep, lines
carry hours. Every number is fictional: star numbers in a made-up range and
+1 800 555 01xx (reserved for fiction).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

SYLLABLES = [
    "ka", "lo", "mi", "ra", "te", "su", "ven", "dor", "pel", "zan", "qua", "bri",
    "tor", "fin", "gal", "hem", "jus", "kor", "lum", "nox", "or", "pix", "rho", "sil",
    "ba", "del", "ga", "ni", "vo", "shi", "tal", "mer",
]  # fmt: skip
#: how each syllable is written in Hebrew letters
HEBREW = {
    "ka": "קה", "lo": "לו", "mi": "מי", "ra": "רה", "te": "טה", "su": "סו", "ven": "ון",
    "dor": "דור", "pel": "פל", "zan": "זן", "qua": "קווה", "bri": "ברי", "tor": "טור",
    "fin": "פין", "gal": "גל", "hem": "חם", "jus": "ג'וס", "kor": "קור", "lum": "לום",
    "nox": "נוקס", "or": "אור", "pix": "פיקס", "rho": "רו", "sil": "סיל", "ba": "בה",
    "del": "דל", "ga": "גה", "ni": "ני", "vo": "וו", "shi": "שי", "tal": "טל", "mer": "מר",
}  # fmt: skip
#: (English sector word, Hebrew, category)
SECTORS = [
    ("Telecom", "תקשורת", "mobile"), ("Mobile", "סלולר", "mobile"), ("Cable", "כבלים", "tv"),
    ("Insurance", "ביטוח", "insurance"), ("Bank", "בנק", "bank"), ("Energy", "אנרגיה", "energy"),
    ("Water", "מים", "water"), ("Health", "בריאות", "health"), ("Airlines", "תעופה", "airline"),
    ("Credit", "אשראי", "credit-card"), ("Gas", "גז", "energy"),
    ("Internet", "אינטרנט", "internet"),
]  # fmt: skip
#: (service, aliases, topic, sub-services with their own sub-services)
MENU = [
    ("Billing", ["bill", "invoice", "חשבון"], "billing",
     [("Payments", ["pay", "תשלום"], ["Direct debit", "Credit card"]),
      ("Invoice copies", ["copy"], [])]),
    ("Technical support", ["tech", "support", "תמיכה"], "fault",
     [("Internet", ["broadband", "אינטרנט"], ["Router", "Outage"]),
      ("Television", ["tv"], ["Decoder", "Channels"])]),
    ("Cancel service", ["cancel", "ניתוק"], "termination", []),
    ("Sales", ["buy", "מכירות"], None, []),
]  # fmt: skip
HOURS = [
    "Su-Th 08:00-20:00; Fr 08:00-13:00; PH off",
    "Mo-Fr 09:00-17:00",
    "24/7",
    "Su-Th 08:00-17:00",
]


def brand(rng: random.Random, used: set[str]) -> list[str]:
    """A unique coined brand, as syllables (more of them once the short ones run out)."""
    size = 2
    while True:
        for _ in range(20):
            parts = [rng.choice(SYLLABLES) for _ in range(size)]
            if "".join(parts) not in used:
                used.add("".join(parts))
                return parts
        size += 1


def company(i: int, parts: list[str], rng: random.Random) -> str:
    word = "".join(parts).capitalize()
    sector, hebrew_sector, category = SECTORS[i % len(SECTORS)]
    cid = f"{word.lower()}-{sector.lower()}"
    hebrew = "".join(HEBREW[p] for p in parts)
    us = i % 10 == 0
    number = f'"+1 800-555-01{i % 100:02d}"' if us else f'"*{1000 + i % 9000}"'
    country = "    country: US\n    timezone: America/New_York\n" if us else ""
    hours = HOURS[1] if us else HOURS[i % 2 * 3]
    aliases = [word, f"{hebrew} {hebrew_sector}", f"{word[0]}{sector[0]}".lower()]
    out = [
        f"  - id: {cid}\n    name: {word} {sector}\n    aliases: [{', '.join(aliases)}]\n"
        f"    category: {category}\n{country}"
        f"    source: https://example.com/{cid}\n    checked: 2026-11-20\n    lines:\n"
        f"      - id: main\n        name: Customer service\n        number: {number}\n"
        f'        hours: "{hours}"\n        greeting: 6s\n        menu:\n'
    ]
    for k, (service, words, topic, subs) in enumerate(MENU, start=1):
        out.append(
            f'          - keys: "{k}"\n            name: {service}\n'
            f"            aliases: [{', '.join(words)}]\n            kind: human\n"
            + (f"            topic: {topic}\n" if topic else "")
        )
        if subs:
            out.append("            menu:\n")
        for j, (sub, sub_words, leaves) in enumerate(subs, start=1):
            keys = f"ID#, {j}" if k == 2 else str(j)
            out.append(
                f'              - keys: "{keys}"\n                name: {sub}\n'
                f"                aliases: [{', '.join(sub_words)}]\n"
            )
            if leaves:
                out.append("                menu:\n")
            for m, leaf in enumerate(leaves, start=1):
                out.append(f'                  - keys: "{m}"\n                    name: {leaf}\n')
    if rng.random() < 0.5:
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
    used: set[str] = set()
    names = random.Random(0)  # one stream of brands: company i is the same in every size
    with target.open("w", encoding="utf-8") as out:
        out.write(
            "# Synthetic, fictional benchmark catalogue. Not facts.\nversion: 1\ncompanies:\n"
        )
        for i in range(count):
            out.write(company(i, brand(names, used), random.Random(i)))


if __name__ == "__main__":
    main()
