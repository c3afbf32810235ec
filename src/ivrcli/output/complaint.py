"""``ivr complaint``: the text of a complaint about one call over the 6-minute limit.

It states the facts from the journal and the rule as its sources state it
(Consumer Protection Law section 18B(a1)(3), amendment 57, in force since
25 July 2019; regulators of communications, banking and insurance may allow
limited exceptions), and calls the call a wait over 6 minutes, never a proven
breach. Blanks are left for the caller's name and the remedy asked.

The Hebrew text stays in logical order (never reordered for display): each
line starts with a RIGHT-TO-LEFT MARK, so an editor or mail client that takes a
paragraph's direction from its first strong character lays it out right to
left, and every left-to-right value (a number like ``*053``, a date, a wait, a
Latin name) sits between LEFT-TO-RIGHT MARKs, so a leading ``*`` or a trailing
``#`` stays on its side of the digits. Marks, not isolates: older mail clients
know them, and they are not the bidi controls catalogue text may not hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivrcli.output.phrases import minutes
from ivrcli.textnorm import scrub

if TYPE_CHECKING:
    from ivrcli.services.waits import Complaint

LRM, RLM = "\u200e", "\u200f"
BLANK = "____________________"
_HEBREW = range(0x0590, 0x0900)

TOPICS = {
    "en": {"fault": "a fault", "billing": "billing", "termination": "ending the contract"},
    "he": {"fault": "טיפול בתקלה", "billing": "בירור חשבון", "termination": "סיום ההתקשרות"},
}
NO_TOPIC = {"en": "(topic not recorded)", "he": "(הנושא לא נרשם)"}

EN = """\
To: the public enquiries unit of {company}
Subject: a wait of over 6 minutes for a human answer ({date})

On {date} I called {company} on {number} about {topic}.
{waited}
{who}
Consumer Protection Law section 18B(a1)(3) (amendment 57, in force since 25 July 2019) \
requires telephone, mobile, cable and satellite TV, internet, electricity, gas and water \
suppliers, banks, insurers and card issuers to give a human answer within 6 minutes of the \
start of a call about fault handling, billing or ending the contract. For communications, \
banking and insurance, the regulators may allow limited exceptions{telecom}.

My call waited over 6 minutes. The remedy I ask for: {blank}

Name: {blank}
"""
EN_ANSWERED = (
    "A person answered only after {wait} minutes, counted from the start of the call, voice "
    "menu included."
)
EN_DROPPED = (
    "No one answered: the call ended after {wait} minutes, counted from its start, voice menu "
    "included."
)
EN_TELECOM = ": telecom licences tolerate a share of calls over 6 minutes in a two-week period"

HE = """\
אל: היחידה לפניות הציבור של {company}
נושא: המתנה של יותר מ-6 דקות למענה אנושי ({date})

ב-{date} התקשרתי אל {company} במספר {number} בעניין {topic}.
{waited}
{who}
סעיף 18ב(א1)(3) לחוק הגנת הצרכן (תיקון מס' 57, בתוקף מ-25 ביולי 2019) מחייב ספקי טלפון, \
טלפון נייד, טלוויזיה בכבלים ובלוויין, אינטרנט, חשמל, גז ומים, וכן בנקים, מבטחים ומנפיקי \
כרטיסי חיוב, לתת מענה אנושי בתוך 6 דקות מתחילת שיחה בעניין טיפול בתקלה, בירור חשבון או סיום \
ההתקשרות. בתחומי התקשורת, הבנקאות והביטוח רשאים הרגולטורים להתיר חריגות מוגבלות{telecom}.

בשיחה שלי ההמתנה נמשכה יותר מ-6 דקות. הסעד המבוקש: {blank}

שם: {blank}
"""
HE_ANSWERED = "נציג אנושי ענה רק לאחר {wait} דקות, מתחילת השיחה, כולל זמן התפריט הקולי."
HE_DROPPED = "איש לא ענה: השיחה הסתיימה לאחר {wait} דקות מתחילתה, כולל זמן התפריט הקולי."
HE_TELECOM = ": רישיונות התקשורת מתירים שיעור מסוים של שיחות מעל 6 דקות בתקופה של שבועיים"


def _ltr(value: str) -> str:
    """A value set in a right-to-left line: left-to-right ones between LRMs, Hebrew ones
    between RLMs (so neutral characters at their edges stay with them)."""
    mark = RLM if any(ord(ch) in _HEBREW for ch in value) else LRM
    return f"{mark}{value}{mark}"


def _who(rec_rep: str | None, rec_ref: str | None, lang: str, wrap: bool) -> str:
    parts = []
    labels = ("Representative", "Reference") if lang == "en" else ("שם הנציג", "מספר פנייה")
    for label, value in zip(labels, (rec_rep, rec_ref), strict=True):
        if value:
            shown = scrub(value)
            parts.append(f"{label}: {_ltr(shown) if wrap else shown}.")
    return " ".join(parts) + "\n" if parts else ""


def complaint_text(result: Complaint, lang: str) -> str:
    """The complaint in ``lang`` (``en`` or ``he``): plain text, lines ending in ``\\n``."""
    rec = result.call
    hebrew = lang == "he"
    mark = _ltr if hebrew else str
    topic = TOPICS[lang].get(rec.topic or "", NO_TOPIC[lang])
    wait = mark(minutes(result.seconds))
    if hebrew:
        waited = (HE_ANSWERED if result.answered else HE_DROPPED).format(wait=wait)
    else:
        waited = (EN_ANSWERED if result.answered else EN_DROPPED).format(wait=wait)
    body = (HE if hebrew else EN).format(
        company=mark(scrub(rec.company_name)),
        date=mark(result.started.strftime("%Y-%m-%d %H:%M")),
        number=mark(scrub(rec.number)),
        topic=topic,
        waited=waited,
        who=_who(rec.rep, rec.reference, lang, hebrew),
        telecom=(HE_TELECOM if hebrew else EN_TELECOM) if result.telecom else "",
        blank=BLANK,
    )
    if not hebrew:
        return body
    return "".join(f"{RLM}{line}\n" if line else "\n" for line in body.split("\n")[:-1])
