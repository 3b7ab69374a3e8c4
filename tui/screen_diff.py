"""Only what changed goes to the terminal: Textual's output re-encoded cell by cell.

Textual re-sends every cell of a refreshed region, and every run of text with its whole style
and a reset (`ESC[38;2;224;224;224;48;2;18;18;18m 2.00┤ ESC[0m`): a chart whose line moved by
one cell costs its whole height, 70 % of it colour codes. `ScreenDiff` keeps the screen as the
terminal has it, reads each update Textual writes (cursor moves, SGR styles, text) into it, and
writes back only the cells that differ, each style change as the few codes that change.

Anything it does not understand (a clear, the alternate screen, a hyperlink, an SGR code it does
not model) goes out as written and makes it forget the screen, so the next update of every cell
is sent in full: it can send more than needed, never leave a wrong cell on screen.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

Style = tuple[tuple[int, ...], str, str]  # attributes (SGR numbers), foreground, background
Cell = tuple[Style, str]
PLAIN: Style = ((), "", "")
ANY = "*"  # the foreground of a blank: it does not show
SHOWN_ON_BLANK = {4, 7, 9, 21, 53}  # underline, reverse, strike, double underline, overline
HALF_BLOCKS = {"▀", "▄"}  # with the same colour above and below, a blank of that colour
GAP = 3  # unchanged cells re-sent rather than moving the cursor past them (a move is 4-8 bytes)

TOKEN = re.compile(
    r"\x1b\[(\d*);(\d*)H"  # 1, 2: cursor position
    r"|\x1b\[([0-9;]*)m"  # 3: SGR
    r"|(\x1b\[[0-?]*[ -/]*[@-~])"  # 4: another CSI sequence
    r"|([\x00-\x1a\x1c-\x1f\x7f])"  # 5: a control character
    r"|([^\x00-\x1f\x7f]+)"  # 6: text
    r"|(\x1b.*)",  # 7: anything else (OSC, ...): not modelled
    re.S,
)
# CSI sequences that change no cell and no cursor position: sync, queries, private modes that
# toggle input reporting or the cursor's visibility.
HARMLESS_MODES = {"1", "25", "1000", "1002", "1003", "1004", "1006", "1015", "1016", "2004"}
HARMLESS_MODES |= {"2026", "2048"}
ATTRIBUTES = {1, 2, 3, 4, 5, 7, 8, 9, 21, 51, 52, 53}
ATTRIBUTES_OFF = {22: (1, 2), 23: (3,), 24: (4, 21), 25: (5,), 27: (7,), 28: (8,), 29: (9,)}
ATTRIBUTES_OFF |= {54: (51, 52), 55: (53,)}


def harmless(sequence: str) -> bool:
    body, final = sequence[2:-1], sequence[-1]
    if final == "n" or sequence.endswith("$p") or final == "u":
        return True  # device status (ESC[6n), mode queries, the keyboard protocol
    if final in "hl" and body.startswith("?"):
        return all(mode in HARMLESS_MODES for mode in body[1:].split(";"))
    return False


def apply_sgr(style: Style, params: str) -> Style | None:
    """The style after ESC[{params}m; None for codes this does not model."""
    attrs, fg, bg = set(style[0]), style[1], style[2]
    codes = params.split(";") if params else ["0"]
    index = 0
    while index < len(codes):
        code = codes[index]
        if code in ("38", "48"):
            kind = codes[index + 1] if index + 1 < len(codes) else ""
            size = {"5": 3, "2": 5}.get(kind)
            if size is None or index + size > len(codes):
                return None
            value = ";".join(codes[index : index + size])
            if code == "38":
                fg = short_colour(value)
            else:
                bg = short_colour(value)
            index += size
            continue
        number = int(code) if code.isdigit() else -1
        if number <= 0:
            if code not in ("", "0"):
                return None
            attrs, fg, bg = set(), "", ""
        elif number in ATTRIBUTES:
            attrs.add(number)
        elif number in ATTRIBUTES_OFF:
            attrs -= set(ATTRIBUTES_OFF[number])
        elif 30 <= number <= 37 or 90 <= number <= 97:
            fg = code
        elif 40 <= number <= 47 or 100 <= number <= 107:
            bg = code
        elif number == 39:
            fg = ""
        elif number == 49:
            bg = ""
        else:
            return None
        index += 1
    return tuple(sorted(attrs)), fg, bg


def palette() -> dict[str, str]:
    """The xterm 256-colour palette's fixed part (16-255) by its RGB, as SGR colour codes."""
    levels = (0, 95, 135, 175, 215, 255)
    rgb = {
        16 + 36 * r + 6 * g + b: (levels[r], levels[g], levels[b])
        for r in range(6)
        for g in range(6)
        for b in range(6)
    }
    rgb |= {232 + i: (8 + 10 * i,) * 3 for i in range(24)}
    return {"2;{};{};{}".format(*value): f"5;{number}" for number, value in rgb.items()}


PALETTE = palette()


def short_colour(value: str) -> str:
    """`38;2;r;g;b` as `38;5;n` when the colour is exactly one of the 256-colour palette's
    (plotext's colours are; Textual had turned them into RGB)."""
    short = PALETTE.get(value[3:])
    return value[:3] + short if short is not None else value


def blank(style: Style) -> Style:
    """The style of a space as it shows: only its background, unless it is underlined,
    reversed or struck through (then all of it)."""
    if any(a in SHOWN_ON_BLANK for a in style[0]):
        return style
    return (), ANY, style[2]


def transition(old: Style, new: Style) -> tuple[str, Style]:
    """The shortest SGR sequence this makes from `old` to `new` ("" when they look the same),
    and the style the terminal is in after it."""
    if new[1] == ANY:  # a blank keeps whatever colour and hidden attributes are set
        kept = {a for a in old[0] if a not in SHOWN_ON_BLANK}
        new = tuple(sorted(kept)), old[1], new[2]
    if old == new:
        return "", old
    if set(old[0]) - set(new[0]):  # an attribute goes: start again from plain
        params = ["0", *map(str, new[0]), new[1], new[2]]
    else:
        params = [str(a) for a in new[0] if a not in old[0]]
        if new[1] != old[1]:
            params.append(new[1] or "39")
        if new[2] != old[2]:
            params.append(new[2] or "49")
    return "\x1b[" + ";".join(p for p in params if p) + "m", new


class ScreenDiff:
    """The terminal's screen as sent so far, and what Textual drew that is not sent yet.

    `absorb` takes in what Textual writes, `flush` gives what the terminal still needs (all of
    it, or about `budget` characters, the rows the latest update drew first: a key's echo goes
    before older chart rows); `update` does both."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[int, Cell]] = {}  # known cells; a missing one is unknown
        self.pending: dict[int, dict[int, Cell]] = {}  # drawn, not sent yet
        self.recent: list[int] = []  # the rows the latest update drew
        self.end: tuple[int, int] | None = None  # where Textual leaves the cursor
        self.sent = 0  # characters Textual wrote
        self.kept = 0  # characters written instead

    def forget(self) -> None:
        """The screen is unknown (resized, cleared): every cell is sent when next drawn."""
        self.rows = {}

    def update(self, data: str) -> str:
        """What to write instead of `data`."""
        now = self.absorb(data)
        return now + self.flush()

    def absorb(self, data: str) -> str:
        """Take in what Textual wrote; returns what must go out at once (queries and modes,
        or all of `data` when it holds something this does not model)."""
        drawn: dict[int, dict[int, Cell]] = {}
        passed: list[str] = []
        style = PLAIN
        y = x = 0
        end = self.end
        for match in TOKEN.finditer(data):
            row, col, sgr, csi, control, text, _other = match.groups()
            if text is not None:
                if len(text) != cell_len(text):  # a wide or combining character: rare here
                    return self.give_up(data)
                x = self.draw(drawn.setdefault(y, {}), x, style, text)
            elif row is not None:
                y, x = int(row or 1) - 1, int(col or 1) - 1
                end = (y, x)
            elif sgr is not None:
                new = apply_sgr(style, sgr)
                if new is None:
                    return self.give_up(data)
                style = new
            elif control is not None:
                if control == "\n":
                    y, x = y + 1, 0
                elif control == "\r":
                    x = 0
                else:
                    return self.give_up(data)
            elif csi is not None and harmless(csi):
                passed.append(csi)
            else:
                return self.give_up(data)
        for row_index, cells in drawn.items():
            self.pending.setdefault(row_index, {}).update(cells)
        if drawn:
            self.recent = sorted(drawn)
        self.end = end
        self.sent += len(data)
        return "".join(passed)

    def give_up(self, data: str) -> str:
        """`data` as it is, after what was pending; then the screen is unknown."""
        out = self.flush() + data
        self.forget()
        self.sent += len(data)
        self.kept += len(data)
        return out

    @staticmethod
    def draw(row: dict[int, Cell], x: int, style: Style, text: str) -> int:
        """Put `text` into `row` from column `x`; returns the column after it."""
        spaced = blank(style)
        # A half block in one colour (38;… and 48;… alike), not underlined: a blank.
        solid = style[1][3:] == style[2][3:] != "" and spaced[1] == ANY
        for char in text:
            if char == " " or (solid and char in HALF_BLOCKS):
                row[x] = (spaced, " ")
            else:
                row[x] = (style, char)
            x += 1
        return x

    def flush(self, budget: int | None = None, only: list[int] | None = None) -> str:
        """Pending cells that differ from the terminal's, as output; the model takes them.
        With `budget`, rows stop once that many characters are out; with `only`, just those
        rows go (the rest wait)."""
        out: list[str] = []
        size = 0
        style = PLAIN
        cursor: tuple[int, int] | None = None
        recent = [y for y in self.recent if y in self.pending]
        if only is not None:
            order = [y for y in only if y in self.pending]
        else:
            order = recent + sorted(set(self.pending) - set(recent))
        for y in order:
            if budget is not None and size >= budget:
                break
            new = self.pending.pop(y)
            known = self.rows.setdefault(y, {})
            changed = {x for x, cell in new.items() if known.get(x) != cell}
            if not changed:
                continue
            known.update(new)
            start_size = len(out)
            for start, stop in spans(sorted(changed), known):
                if cursor is not None and cursor[0] == y and cursor[1] <= start:
                    move = start - cursor[1]
                    out.append("\x1b[C" * move if move < 2 else f"\x1b[{move}C")
                else:
                    out.append(f"\x1b[{y + 1};{start + 1}H")
                for x in range(start, stop):
                    codes, style = transition(style, known[x][0])
                    out.append(codes)
                    out.append(known[x][1])
                cursor = (y, stop)
            size += sum(len(part) for part in out[start_size:])
        if not out:
            return ""
        if style != PLAIN:
            out.append("\x1b[0m")
        if self.end is not None:
            out.append(f"\x1b[{self.end[0] + 1};{self.end[1] + 1}H")
        text = "".join(out)
        self.kept += len(text)
        return text


def spans(changed: list[int], known: dict[int, Cell]) -> list[tuple[int, int]]:
    """Runs [start, stop) covering `changed`, joined over short gaps of known cells."""
    out: list[tuple[int, int]] = []
    for x in changed:
        if x not in known:
            continue
        if out:
            start, stop = out[-1]
            if x <= stop + GAP and all(g in known for g in range(stop, x)):
                out[-1] = (start, x + 1)
                continue
        out.append((x, x + 1))
    return out
