"""CI run of the link benchmark's machinery: one question, briefly, behind a slow simulated link.
It checks that the terminal answered the app's probes, that the app lowered its frame rate and
measured the link, and that a key still changes the value on screen; it asserts no timing."""

from __future__ import annotations

import functools
import shutil
import time
from pathlib import Path

import pytest

from tests.perf.linksim import KIB, LinkTerm
from tests.perf.session import Session, has_plot, selected_value
from tui.link import LOG


@pytest.mark.skipif(shutil.which("qa-tui") is None, reason="qa-tui is not installed")
def test_over_a_slow_link_the_app_probes_it_and_lowers_its_rate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "link.log"
    monkeypatch.setenv(LOG, str(log))
    make = functools.partial(LinkTerm, rate=6 * KIB, rtt=0.1)  # below what gradient draws
    with Session.app("--topic", "gradient", make_term=make) as s:
        assert s.wait(has_plot, 90) is not None
        time.sleep(6)
        term = s.term
        assert isinstance(term, LinkTerm)
        before = selected_value(term.lines())
        term.press("right")
        assert term.wait_for(lambda ls: selected_value(ls) != before, 10) is not None
        probes = term.probes
    lines = log.read_text().splitlines()
    answers = [line for line in lines if line.startswith("answer")]
    rates = [float(line.split()[3]) for line in lines if line.startswith("rate")]
    assert probes > 0 and answers, "the terminal answered no probe"
    assert rates and min(rates) < 10, f"the frame rate never went down: {rates}"
    assert min(rates) >= 1
    assert any(not line.endswith("bw None") for line in answers), "the link was never measured"
