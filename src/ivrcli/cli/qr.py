"""``--qr``, ``--qr-invert`` and ``--qr-file`` of ``find`` and ``call``, and their rules.

The rules: ``--qr`` draws on the screen, so with an output meant for programs
(``--json``, ``--plain``, ``--tel``) it is a usage error rather than ignored;
a link holding a secret (card digits, PIN) is drawn only with ``--reveal``;
a file holding one is written readable by its owner alone.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from ivrcli.errors import UsageError

if TYPE_CHECKING:
    from ivrcli.dial import Dial

QrOpt = Annotated[
    bool,
    typer.Option(
        "--qr",
        help="Draw a QR code of the tel: URI for a phone's camera "
        "(on stderr when stdout is not a terminal).",
    ),
]
QrInvertOpt = Annotated[
    bool,
    typer.Option(
        "--qr-invert",
        help="Without colours (NO_COLOR, --no-color), draw the dark modules: "
        "for light-background terminals.",
    ),
]
QrFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--qr-file",
        metavar="PATH",
        help="Save the QR code as PATH, PNG or SVG by its extension (.png, .svg).",
        show_default=False,
    ),
]


class Qr(NamedTuple):
    """What the command line asked of QR codes."""

    draw: bool
    invert: bool
    file: Path | None

    def check(self, *, every: bool = False, **others: bool) -> None:
        """Usage errors seen before any work. ``every``: the command lists every match
        (``find --all``), no one link; ``others``: the given options that ``--qr``
        cannot go with, by flag (``{"--json": True}``)."""
        if every and (self.draw or self.file):
            raise UsageError("--qr and --qr-file show one answer's link; --all lists many")
        clash = [flag for flag, given in others.items() if given]
        if self.draw and clash:
            raise UsageError(
                f"--qr draws on the screen and cannot go with {clash[0]}; "
                "--qr-file PATH saves the code with any output"
            )
        if self.invert and not self.draw:
            raise UsageError("--qr-invert changes how --qr draws: add --qr")
        if self.file is not None:
            from ivrcli.output.qr import FORMATS

            if self.file.suffix.lower() not in FORMATS:
                raise UsageError(
                    f"--qr-file {self.file}: the extension chooses the format, "
                    f"{' or '.join(FORMATS)}"
                )

    def save(self, dial: "Dial", *, reveal: bool) -> Path | None:
        """Before anything is printed: refuse to draw a secret unless revealed, and
        write ``--qr-file`` (mode 0600 when the link holds a secret)."""
        if self.draw and dial.secret and not reveal:
            raise UsageError(
                "the link holds a secret (card digits or PIN): --qr draws it only with "
                "--reveal; --qr-file PATH saves it readable only by you"
            )
        if self.file is None:
            return None
        from ivrcli.output.qr import save

        save(dial.tel, self.file, private=dial.secret)
        return self.file

    def show(self, tel: str, *, no_color: bool) -> None:
        """Draw the code, when asked, after the command's usual output."""
        if self.draw:
            from ivrcli.output.qr import draw

            draw(tel, no_color=no_color, invert=self.invert)


def saved(path: Path, dial: "Dial") -> str:
    """The acknowledgement of ``--qr-file`` (stderr, outside JSON mode)."""
    private = " (readable only by you: the link holds a secret)" if dial.secret else ""
    return f"saved the QR code in {path}{private}"
