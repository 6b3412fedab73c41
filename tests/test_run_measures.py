"""``runs.make_run`` measures a main set once, with shortcuts over repeats: its minutes must
be exactly what adding up every segment of every repeat gives (``run_min``, ``on_feet``,
``longest_run``), on the engine's own main sets and on made-up ones."""

from __future__ import annotations

import itertools

from planforge.core.engine.runs import (
    NHS_WEEKS,
    RETURNING_WEEKS,
    STEPS,
    Main,
    easy,
    hard_run,
    longest_run,
    make_run,
    on_feet,
    run_min,
    with_strides,
)
from planforge.core.model import Block, Segment


def _mains() -> list[Main]:
    mains: list[Main] = [m for week in (*NHS_WEEKS, *RETURNING_WEEKS) for m in week]
    for kind, steps in STEPS.items():
        for step in range(len(steps)):
            run = hard_run(kind, step, 99.0, 99.0)
            assert run is not None
            mains.append(run.main)
    mains += [with_strides(20).main, easy(30).main, ()]
    for n in range(1, 4):
        for efforts in itertools.product(("run", "walk", "jog", "hill"), repeat=n):
            for repeat in (0, 1, 2, 3, 5):
                segments = tuple(Segment(e, 30 + 7 * i)  # type: ignore[arg-type]
                                 for i, e in enumerate(efforts))
                mains.append((Block(repeat, segments),))
                mains.append((Block(repeat, segments), Block(2, (Segment("run", 60),)),
                              Block(repeat, segments[::-1])))
    return mains


def test_make_run_measures_as_adding_up_every_segment() -> None:
    mains = _mains()
    assert len(mains) > 900
    for main in mains:
        run = make_run("easy", main)
        assert (run.running, run.on_feet, run.longest) == (
            run_min(main), on_feet(main), longest_run(main)), main


def test_a_walk_break_in_a_repeat_ends_the_stretch() -> None:
    # by hand: 3 x (run 2 min, walk 1 min), then run 3 min: the longest stretch is 3 minutes;
    # 2 x (run 1 min, jog 1 min) is 4 minutes of running without a break
    walked = make_run("run-walk", (Block(3, (Segment("run", 120), Segment("walk", 60))),
                                   Block(1, (Segment("run", 180),))))
    assert (walked.running, walked.on_feet, walked.longest) == (9.0, 12.0, 3.0)
    jogged = make_run("easy", (Block(2, (Segment("run", 60), Segment("jog", 60))),))
    assert (jogged.running, jogged.on_feet, jogged.longest) == (4.0, 4.0, 4.0)
