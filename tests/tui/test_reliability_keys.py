"""Key fuzzing through Pilot: random bindings, arrows, tab, enter, digits, letters and escape,
mixed with resizes from 10x5 to 300x100, on every topic. Nothing escapes; afterwards escape,
a digit and right still work. tests/tui/fuzz_long.py runs the same for 10 000+ keys.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demos import SLUGS, TOPICS

from .keyfuzz import KEYS, MAX_SIZE, MIN_SIZE, assert_still_works, drive, keys_without_idle_wait

keys = st.sampled_from(KEYS)
sizes = st.tuples(st.integers(MIN_SIZE[0], MAX_SIZE[0]), st.integers(MIN_SIZE[1], MAX_SIZE[1]))
# a sixth of the actions are escape (the code view stays up until escape or c, and keys there
# cost ten times more), a sixth are resizes
actions = st.lists(
    st.one_of(keys, keys, keys, keys, st.just("escape"), sizes), min_size=20, max_size=35
)
HALVES = {"first": SLUGS[:5], "second": SLUGS[5:]}  # two tests, so xdist runs them side by side


@pytest.mark.slow  # ~30 s each half; CI runs them (this budget), fuzz_long.py runs 10 000 keys
@pytest.mark.parametrize("half", list(HALVES))
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    pick=st.integers(0, 4),
    paused=st.booleans(),
    actions=actions,
    then=st.integers(0, len(TOPICS) - 1),
)
def test_random_keys_and_resizes_never_break_the_app(
    make_app, tmp_path: Path, half: str, pick: int, paused: bool, actions: list, then: int
) -> None:
    app = make_app(slug=HALVES[half][pick], paused=paused, export_dir=tmp_path)

    async def session() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await drive(pilot, actions)
            await pilot.pause()
            assert app.is_running, "a fuzzed key ended the app"
            await assert_still_works(pilot, then)
            app.compute.stop()  # as quitting does: no frame may land while run_test tears down
            await pilot.pause()
        assert app.return_code in (None, 0)

    try:
        with keys_without_idle_wait():
            asyncio.run(session())
    finally:
        app.compute.stop()
    for path in tmp_path.iterdir():  # e and x export only here: CSV, SVG and the lesson script
        assert path.suffix in (".csv", ".svg", ".py"), path
