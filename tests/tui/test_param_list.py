"""The parameter list: label left, value right; a value that does not fit goes under its
label, never cut."""

from __future__ import annotations

from unittest import mock

import pytest
from rich.console import Console
from textual.geometry import Size

from demos import get_topic
from tui.widgets.param_list import ParamList


def lines(slug: str, width: int, cursor: int = 0) -> list[str]:
    topic = get_topic(slug)
    params = ParamList()
    values = topic.defaults()
    params.params, params.values, params.cursor, params.active = (
        topic.visible(values),
        values,
        cursor,
        True,
    )
    with mock.patch.object(ParamList, "content_size", Size(width, len(params.params))):
        text = params.render()
    console = Console(width=width, color_system=None)
    rendered = console.render_lines(text, console.options.update_width(width), pad=False)
    return ["".join(segment.text for segment in line) for line in rendered]


@pytest.mark.parametrize("width", [27, 33])
def test_labels_left_values_right(width: int) -> None:
    shown = lines("gradient", width)
    assert shown[0].startswith("▸ param (start)") and shown[0].endswith("‹3›")
    assert shown[4].startswith("  learning rate") and shown[4].endswith("0.3")
    assert all(len(line) == width for line in shown)


def test_a_narrow_list_moves_values_under_their_labels() -> None:
    shown = lines("images", 16)
    assert all(len(line) <= 16 for line in shown) and not any("…" in line for line in shown)
    assert shown[0].startswith("▸ mode") and shown[1].endswith("‹MRI k-space›")
    assert shown[2:4] == ["  k-space kept (", "%)"] and shown[4].endswith("8")
