"""QR codes phone cameras read (issue 15): standard QR only, a quiet zone of 4, black on
white with colours, glyphs for the light modules without them, stderr when piped, files.

Every code is decoded with OpenCV, which like Android camera apps and ML Kit reads
standard QR and not Micro QR (zxing-cpp reads both, which hid the Micro QR bug).
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from xml.etree import ElementTree

import cv2
import numpy as np
import pexpect
import pytest

from conftest import BUNDLED, EXAMPLE, ex, ivr
from ivrcli.output import qr

BILLING = "tel:*1234,,2,039337423%23"  # a star number, pauses and a '#', in the example
BLACK, WHITE = 0, 255
SGR = re.compile(r"\x1b\[([0-9;]*)m")
PALETTE = {16: BLACK, 231: WHITE}  # the only colours ivr draws with


# --------------------------------------------------------------------------- decoding


def decode(pixels: np.ndarray) -> str:
    """OpenCV's reading of an image: its classic detector, then its ArUco-based one.

    The classic detector's finder-pattern search misses some perfect synthetic
    codes at some exact scales (``tel:+44800800150`` at 10 px a module, though it
    reads it at 9), where a camera's picture is never that exact; the ArUco-based
    detector finds those. Neither reads Micro QR (see the test below).
    """
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(pixels)
    if not text:
        text, _, _ = cv2.QRCodeDetectorAruco().detectAndDecode(pixels)
    return str(text)


def test_the_decoder_reads_standard_qr_and_not_micro_qr() -> None:
    import segno

    for link in ("tel:199", "tel:*166", "tel:*6050"):
        micro = segno.make(link, error="m")  # what ivr drew before issue 15
        assert micro.is_micro
        rows = [[BLACK if m else WHITE for m in row] for row in micro.matrix_iter(border=4)]
        assert decode(bitmap(rows, surround=WHITE)) == ""
        rows = [[BLACK if m else WHITE for m in row] for row in qr.modules(link)]
        assert decode(bitmap(rows, surround=WHITE)) == link


def bitmap(rows: list[list[int]], surround: int, scale: int = 8) -> np.ndarray:
    """Modules as a grayscale image, 4 modules of ``surround`` (the screen) around them."""
    image = np.pad(np.array(rows, dtype=np.uint8), 4, constant_values=surround)
    return np.kron(image, np.ones((scale, scale), dtype=np.uint8))


def screen(drawing: str, *, background: int) -> list[list[int]]:
    """What a terminal shows for a half-block drawing: two rows of pixels a line, the
    glyph in the foreground colour, the rest in the background one. Colours are the
    terminal's own (light on ``background``) until an SGR code sets them."""
    rows: list[list[int]] = []
    for line in drawing.splitlines():
        fg = bg = None
        top: list[int] = []
        bottom: list[int] = []
        for i, part in enumerate(SGR.split(line)):
            if i % 2:
                fg, bg = sgr(part, fg, bg)
                continue
            for char in part:
                f = WHITE - background if fg is None else fg
                b = background if bg is None else bg
                upper, lower = {"█": (f, f), "▀": (f, b), "▄": (b, f), " ": (b, b)}[char]
                top.append(upper)
                bottom.append(lower)
        rows += [top, bottom]
    assert len({len(row) for row in rows}) == 1, "ragged drawing"
    return rows


def sgr(params: str, fg: int | None, bg: int | None) -> tuple[int | None, int | None]:
    codes = [int(c) for c in params.split(";") if c] or [0]
    while codes:
        code = codes.pop(0)
        if code == 0:
            fg = bg = None
        elif code in (38, 48):
            assert codes[:1] == [5], params  # 256-colour form only
            colour = PALETTE[codes[1]]
            codes = codes[2:]
            fg, bg = (colour, bg) if code == 38 else (fg, colour)
        else:
            raise AssertionError(f"unexpected SGR {params!r}")
    return fg, bg


def split(stream: str) -> tuple[str, str]:
    """The drawing and the link printed under it."""
    *drawing, link = stream.splitlines(keepends=True)
    return "".join(drawing), link.rstrip("\n")


def read_terminal(drawing: str, background: int) -> str:
    return decode(bitmap(screen(drawing, background=background), surround=background))


# --------------------------------------------------------------------------- the terminal


CASES = [
    (("find", "bezeq"), "tel:199"),  # a 3-digit short code: was Micro QR
    (("find", "pelephone"), "tel:*166"),  # a star number: was Micro QR
]


@pytest.mark.parametrize(("args", "link"), CASES)
def test_short_links_are_standard_qr_a_camera_reads(args: tuple[str, ...], link: str) -> None:
    assert ivr(*args, "--tel").out == link + "\n"
    result = ivr(*args, "--qr")
    assert (result.code, result.out) == (0, ivr(*args).out)  # stdout as without --qr
    drawing, under = split(result.err)
    assert under == link
    assert read_terminal(drawing, background=BLACK) == link
    assert len(qr.modules(link)) == 21 + 2 * 4  # version 1 with its quiet zone, not M2/M3


def test_piped_stdout_keeps_the_dial_string_and_the_code_goes_to_stderr() -> None:
    ivr("profile", "set", "id", "39337423")
    assert ex("find", "example", "cable", "billing", "--tel").out == BILLING + "\n"
    result = ex("find", "example", "cable", "billing", "--qr")
    assert (result.code, result.out) == (0, "*1234,,2,039337423#\n")
    drawing, under = split(result.err)
    assert under == BILLING
    assert "\x1b" not in result.err  # not a terminal: no colours
    # glyphs are the light modules: the quiet zone is solid blocks, as on a dark screen
    lines = drawing.splitlines()
    assert lines[0] == lines[1] == "█" * len(lines[0])
    assert read_terminal(drawing, background=BLACK) == BILLING
    # the human view forced onto a pipe keeps stdout too
    human = ex("find", "example", "cable", "billing", "--qr", "--human")
    assert "Example Cable" in human.out
    assert "█" not in human.out
    assert human.err == result.err


def test_no_color_draws_the_light_modules_and_qr_invert_the_dark_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # NO_COLOR and --no-color still win
    monkeypatch.setenv("NO_COLOR", "1")
    light = ex("find", "example", "cable", "--qr")
    assert "\x1b" not in light.err
    assert light.err == qr.drawing("tel:*1234", color=False) + "tel:*1234\n"
    assert read_terminal(split(light.err)[0], background=BLACK) == "tel:*1234"
    monkeypatch.delenv("NO_COLOR")
    dark = ex("find", "example", "cable", "--qr", "--qr-invert", "--no-color")
    assert dark.code == 0
    drawing = split(dark.err)[0]
    lines = drawing.splitlines()
    assert lines[0] == lines[1] == " " * len(lines[0])  # the quiet zone is the screen itself
    assert read_terminal(drawing, background=WHITE) == "tel:*1234"
    # each inverted, the other would not scan: the screen's colour matters without colours
    assert read_terminal(drawing, background=BLACK) == ""


def test_colours_are_black_on_white_on_every_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = ex("find", "example", "cable", "--qr")
    drawing, under = split(result.err)
    assert under == "tel:*1234"
    lines = drawing.splitlines()
    assert all(line.startswith("\x1b[38;5;16;48;5;231m") for line in lines)
    assert all(line.endswith("\x1b[0m") for line in lines)
    assert SGR.sub("", lines[0]) == " " * 29  # white quiet zone: background cells
    # the same code scans on a dark screen and on a light one
    for background in (BLACK, WHITE):
        assert read_terminal(drawing, background=background) == "tel:*1234"
    # --qr-invert changes nothing when the colours are explicit
    assert ex("find", "example", "cable", "--qr", "--qr-invert").err == result.err


def test_on_a_terminal_the_code_follows_the_human_view() -> None:
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    env.pop("FORCE_COLOR", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ivrcli", "find", "example", "cable", "--qr", "--catalogue", str(EXAMPLE)],
        env=env, encoding="utf-8", timeout=30, dimensions=(60, 100),
    )  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = child.before.replace("\r\n", "\n")
    view, _, code = shown.partition("\x1b[38;5;16;48;5;231m")
    assert "Example Cable" in view
    drawing, under = split("\x1b[38;5;16;48;5;231m" + code)
    assert under == "tel:*1234"
    assert read_terminal(drawing, background=BLACK) == "tel:*1234"


def test_every_bundled_link_decodes(tmp_path: Path) -> None:
    """Every distinct tel: link ivr gives for the bundled catalogue, with every
    identifier set: drawn (with and without colours, inverted) and saved, then decoded."""
    from ivrcli.catalogue.sources import open_catalogue
    from ivrcli.dial import dial_string
    from ivrcli.model import Route, walk_nodes

    profile = {"id": "039337423", "phone": "0502345678", "card4": "4321", "pin": "2468"}
    links = set()
    for company in open_catalogue([BUNDLED]):
        for line in company["lines"]:
            routes = [Route(company, line, [])]
            routes += [
                Route(company, line, list(nodes)) for _, nodes in walk_nodes(line.get("menu", []))
            ]
            for route in routes:
                dial = dial_string(route, profile)
                assert dial.missing == []
                links.add(dial.tel)
    failed = []
    for link in sorted(links):
        png = tmp_path / "code.png"
        qr.save(link, png, private=False)
        # every way of drawing shows the modules (and an unlit half row under them)
        pixels = [[BLACK if m else WHITE for m in row] for row in qr.modules(link)]
        width = len(pixels[0])
        drawn = screen(qr.drawing(link, color=False), background=BLACK)
        assert drawn == [*pixels, [BLACK] * width]
        drawn = screen(qr.drawing(link, color=True), background=BLACK)
        assert drawn == [*pixels, [WHITE] * width]
        drawn = screen(qr.drawing(link, color=False, invert=True), background=WHITE)
        assert drawn == [*pixels, [WHITE] * width]
        read = {
            decode(cv2.imread(str(png), cv2.IMREAD_GRAYSCALE)),
            decode(bitmap(pixels, surround=BLACK)),
        }
        if read != {link}:
            failed.append((link, read))
    print(f"{len(links)} distinct bundled tel: links decoded by OpenCV")
    assert failed == []
    assert len(links) > 200  # the walk reached the whole catalogue


def test_a_link_too_long_for_any_qr_code_is_an_error_not_a_traceback() -> None:
    from ivrcli.errors import IvrError

    with pytest.raises(IvrError, match=r"^the link is too long for a QR code \(8004 characters\)$"):
        qr.drawing("tel:" + "1" * 8000, color=False)


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        ("--plain", "--qr draws on the screen and cannot go with --plain"),
        ("--tel", "--qr draws on the screen and cannot go with --tel"),
        ("--all", "--qr and --qr-file show one answer's link; --all lists many"),
    ],
)
def test_qr_with_an_output_for_programs_is_a_usage_error(flag: str, message: str) -> None:
    result = ex("find", "example", "cable", "--qr", flag)
    assert (result.code, result.out) == (2, "")
    tail = "" if flag == "--all" else "; --qr-file PATH saves the code with any output"
    assert result.err == f"ivr: {message}{tail}\n"


def test_qr_with_json_is_a_usage_error_in_json() -> None:
    result = ex("find", "example", "cable", "--qr", "--json")
    assert (result.code, result.err) == (2, "")
    assert result.json()["error"] == {
        "code": 2,
        "message": "--qr draws on the screen and cannot go with --json; "
        "--qr-file PATH saves the code with any output",
    }


def test_qr_invert_without_qr_and_a_bad_extension_are_usage_errors(tmp_path: Path) -> None:
    result = ex("find", "example", "cable", "--qr-invert")
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "ivr: --qr-invert changes how --qr draws: add --qr\n",
    )
    bad = tmp_path / "code.jpg"
    for command in ("find", "call"):
        result = ex(command, "example", "cable", "--qr-file", str(bad))
        assert (result.code, result.out) == (2, "")
        assert (
            result.err == f"ivr: --qr-file {bad}: the extension chooses the format, .png or .svg\n"
        )
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- files


def test_qr_file_png_decodes_to_the_tel_link(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    ivr("profile", "set", "id", "39337423")
    png = out / "billing.PNG"
    result = ex("find", "example", "cable", "billing", "--qr-file", str(png))
    assert (result.code, result.out) == (0, "*1234,,2,039337423#\n")
    assert result.err == f"ivr: saved the QR code in {png}\n"
    assert png.read_bytes().startswith(b"\x89PNG")
    assert decode(cv2.imread(str(png), cv2.IMREAD_GRAYSCALE)) == BILLING
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(png.stat().st_mode) == 0o666 & ~umask
    # with --json: the file and one JSON document naming it, nothing on stderr
    again = ex("find", "example", "cable", "billing", "--qr-file", str(png), "--json")
    assert (again.code, again.err) == (0, "")
    assert again.json()["qr_file"] == str(png)
    assert again.json()["tel"] == BILLING
    assert "qr_file" not in ex("find", "example", "cable", "--json").json()
    assert [p.name for p in out.iterdir()] == ["billing.PNG"]


def svg_modules(svg: str) -> list[list[int]]:
    """segno's SVG back into modules: a white square, then black horizontal runs
    (``M``/``m`` move, ``h`` draws) one module high, centred on each row."""
    ns = {"svg": "http://www.w3.org/2000/svg"}
    root = ElementTree.fromstring(svg)  # noqa: S314 - the file ivr just wrote
    [group] = root.findall("svg:g", ns)
    scale = int(group.attrib["transform"].removeprefix("scale(").removesuffix(")"))
    size = int(root.attrib["width"]) // scale
    assert int(root.attrib["height"]) == size * scale
    background, line = group.findall("svg:path", ns)
    assert background.attrib == {"fill": "#fff", "d": f"M0 0h{size}v{size}h-{size}z"}
    assert line.attrib["stroke"] == "#000"
    rows = [[WHITE] * size for _ in range(size)]
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", line.attrib["d"]):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                rows[int(y)][column] = BLACK
            x += float(a)
    return rows


def test_qr_file_svg(tmp_path: Path) -> None:
    svg = tmp_path / "cable.svg"
    result = ex("find", "example", "cable", "--qr-file", str(svg), "--plain")
    assert (result.code, result.out) == (0, "*1234\n")
    text = svg.read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<svg ')
    root = ElementTree.fromstring(text)  # noqa: S314 - the file ivr just wrote
    assert (root.attrib["width"], root.attrib["height"]) == ("290", "290")  # 29 modules x 10
    rows = svg_modules(text)
    assert rows == [[BLACK if m else WHITE for m in row] for row in qr.modules("tel:*1234")]
    assert decode(bitmap(rows, surround=WHITE)) == "tel:*1234"


def test_unwritable_qr_file_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    missing = out / "no-such-dir" / "code.png"
    result = ex("find", "example", "cable", "--qr-file", str(missing))
    assert (result.code, result.out) == (1, "")
    assert result.err == (f"ivr: {missing}: cannot write the QR code (No such file or directory)\n")
    folder = out / "code.svg"
    folder.mkdir()  # a directory where the file should go
    result = ex("find", "example", "cable", "--qr-file", str(folder))
    assert (result.code, result.out) == (1, "")
    assert result.err == f"ivr: {folder}: cannot write the QR code (Is a directory)\n"
    assert [p.name for p in out.iterdir()] == ["code.svg"]  # no temp file left
    assert list(folder.iterdir()) == []


# --------------------------------------------------------------------------- secrets


def test_a_link_holding_a_secret_is_drawn_only_with_reveal(tmp_path: Path) -> None:
    ivr("profile", "set", "card4", "4321")
    refused = ex("find", "example", "cable", "card", "payment", "--qr")
    assert (refused.code, refused.out) == (2, "")
    assert refused.err == (
        "ivr: the link holds a secret (card digits or PIN): --qr draws it only with "
        "--reveal; --qr-file PATH saves it readable only by you\n"
    )
    shown = ex("find", "example", "cable", "card", "payment", "--qr", "--reveal")
    assert (shown.code, shown.out) == (0, "*1234,,3,,,4321\n")
    assert read_terminal(split(shown.err)[0], background=BLACK) == "tel:*1234,,3,,,4321"
    png = tmp_path / "card.png"
    saved = ex("find", "example", "cable", "card", "payment", "--qr-file", str(png))
    assert saved.code == 0
    assert saved.err == (
        f"ivr: saved the QR code in {png} (readable only by you: the link holds a secret)\n"
    )
    assert stat.S_IMODE(png.stat().st_mode) == 0o600
    assert decode(cv2.imread(str(png), cv2.IMREAD_GRAYSCALE)) == "tel:*1234,,3,,,4321"
    # a link without the secret's digits is no secret (--partial stops before it)
    ivr("profile", "set", "pin", "2468")
    partial = ex("find", "example", "cable", "account", "status", "--partial", "--qr")
    assert partial.code == 2  # the PIN is in, {account} is not
    ivr("profile", "unset", "pin")
    before = ex("find", "example", "cable", "account", "status", "--partial", "--qr")
    assert (before.code, before.out) == (0, "*1234,,4\n")


# --------------------------------------------------------------------------- ivr call


def test_call_draws_and_saves_the_code(tmp_path: Path) -> None:
    ivr("profile", "set", "id", "39337423")
    png = tmp_path / "call.png"
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120", "LINES": "40", "NO_COLOR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ivrcli", "call", "example", "cable", "billing", "--qr", "--qr-invert",
         "--qr-file", str(png), "--catalogue", str(EXAMPLE)],
        env=env, encoding="utf-8", timeout=30, dimensions=(40, 120),
    )  # fmt: skip
    child.expect("On hold")
    shown = child.before.replace("\r\n", "\n")
    child.sendintr()
    child.expect("Representative's name: ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130  # discarded: nothing recorded
    assert f"ivr: saved the QR code in {png}\n" in shown
    lines = shown.splitlines()
    end = lines.index(BILLING)
    start = max(i for i in range(end) if "│" in lines[i] or "╯" in lines[i]) + 1
    drawing = "".join(line + "\n" for line in lines[start:end])
    assert "\x1b" not in drawing
    assert read_terminal(drawing, background=WHITE) == BILLING
    assert decode(cv2.imread(str(png), cv2.IMREAD_GRAYSCALE)) == BILLING
