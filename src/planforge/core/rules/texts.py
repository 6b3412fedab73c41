"""The training rules ``planforge check`` cites (R1 to R39), in words, with their sources.

One table, read by ``planforge check --explain RULE`` and written out as ``docs/rules.md``
(``python -m planforge.core.rules.texts > docs/rules.md``; a test keeps the two equal). The
checks themselves are in :mod:`planforge.core.rules.check`. Plain data: importing this module
imports nothing of planforge.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, Protocol


class _Finding(Protocol):  # planforge.core.rules.check.Finding, without importing the rules
    @property
    def rule(self) -> str: ...

    @property
    def severity(self) -> str: ...


class RuleText(NamedTuple):
    rule: str
    title: str
    text: str
    sources: str
    #: why a plan planforge wrote may carry this rule's warnings (``check --strict`` lets
    #: them pass, and says so); empty when it never should
    expected_warning: str = ""


RULES: tuple[RuleText, ...] = (
    RuleText("R1", "On-feet time in the run/walk phase",
             "While a plan still mixes running and walking, no session keeps you on your feet "
             "for more than 30 minutes of main set (35 at the very most), and a week's "
             "on-feet time grows by at most a fifth over the week before.",
             "NHS Couch to 5K (its own weeks grow by at most 19 %)"),
    RuleText("R2", "No single session spikes",
             "No session is longer on your feet than 1.15 times the longest session of the "
             "28 days before it; above 1.10 times it is reported as a warning.",
             "Frandsen et al. 2025 (BJSM) on single-session spikes and injury",
             expected_warning="the NHS plan itself steps up by up to 1.12 times between "
                              "weeks, so a plan that follows it shows these warnings"),
    RuleText("R3", "Weekly running grows slowly",
             "Once running is continuous, a week's running minutes grow by at most 10 % (or "
             "10 minutes, whichever is more) over the last build week; a jump of more than "
             "30 % is an error.",
             "Buist et al. 2008; Nielsen et al. 2014",
             expected_warning="the first build week after a deload week may come back up to "
                              "5 minutes above this step (an error only above 1.30 times)"),
    RuleText("R4", "No early 30-minute run",
             "A beginner's first 30-minute continuous run comes no earlier than week 8 "
             "(normally week 9, as in the NHS plan).",
             "NHS Couch to 5K; the thighs and butt articles"),
    RuleText("R5", "\"Most days\" means 4 or 5 runs",
             "The goal of 30 minutes on most days is 4 to 5 runs of 30 minutes a week, "
             "reached only through the steps R1 to R3 allow.",
             "the thighs article"),
    RuleText("R6", "A lighter week after three build weeks",
             "After the run/walk phase, at most 3 build weeks follow each other; then comes a "
             "deload week at 60 to 80 % of the last build week's volume, with less hard work "
             "and one strength set fewer.",
             "coaching practice; Rogerson et al. 2024 (Sports Medicine Open)"),
    RuleText("R7", "Hard work only on a base",
             "No intervals or hill sprints before the plan has had two weeks with a "
             "continuous run of 20 minutes or more; then at most 1 hard session a week for 4 "
             "weeks, later at most 2.",
             "the butt-fat article (intervals); Seiler 2010"),
    RuleText("R8", "Hard days apart, and few",
             "Hard sessions never fall on consecutive days and make up at most a quarter of "
             "a week's sessions (roughly 80/20 easy to hard).",
             "Bowerman; Seiler 2010"),
    RuleText("R9", "No back-to-back run/walk days",
             "While the plan has run/walk sessions, runs are never on consecutive days.",
             "NHS Couch to 5K"),
    RuleText("R10", "A full rest day every week",
             "Every 7 days hold at least one day with no run and no strength session.",
             "Mayo Clinic and Galloway beginner plans"),
    RuleText("R11", "Strength twice a week from the start",
             "Strength training on at least 2 days a week from week 1, starting with "
             "bodyweight exercises.",
             "WHO 2020 guidelines; all five articles"),
    RuleText("R12", "48 hours between strength for the same muscles",
             "Two strength sessions that load the same muscle group are at least 2 calendar "
             "days apart; heavy leg work the day before a hard run is a warning.",
             "ACSM position stand 2011 (Garber et al.)"),
    RuleText("R13", "Warm up and cool down",
             "Every run has at least 5 minutes of warm-up and 5 of cool-down; a hard session "
             "has at least 10 minutes of warm-up.",
             "NHS Couch to 5K; ACSM"),
    RuleText("R14", "Enough activity once the base is built",
             "From about week 6, a week holds at least 150 moderate-equivalent minutes "
             "(moderate minutes plus twice the vigorous ones; running counts as vigorous, a "
             "brisk walk as moderate).",
             "WHO 2020 guidelines"),
    RuleText("R15", "Strength progresses one variable at a time",
             "An exercise moves to its next variation, or 2 to 10 % more load, only after "
             "every set reaches the top of the rep range.",
             "ACSM position stand 2009"),
    RuleText("R16", "Hard work grows in small steps",
             "Hill-sprint repeats rise by at most 2 a week (from 2 x 8 s after an easy run "
             "toward 8 to 10 x 10 s); interval work time rises by at most 20 % a week.",
             "Hudson, hill sprints (Running Times)"),
    RuleText("R17", "Safe words in week 1",
             "Week 1 and the summary say: wear proper running shoes, stop if it hurts, and "
             "repeat a week if you need to. A plan never claims spot reduction or that "
             "running tightens skin.",
             "the butt, thighs and loose-skin articles"),
    RuleText("R18", "A hard session is what it says",
             "A hard session is a warm-up jog (strides allowed), the repeats with their "
             "recoveries and a cool-down, or repeats added to the end of an easy run. Its "
             "total running is at most 1.10 times the longest easy run of the 28 days "
             "before, and its text states that total truthfully.",
             "Hudson; Frandsen et al. 2025"),
    RuleText("R19", "No filler runs",
             "Once running is continuous, no easy run is shorter than 15 minutes or than half "
             "the week's longest easy run; outside deload weeks the longest easy run never "
             "drops below the last build week's; a runner keeps 30-minute runs from week 1.",
             "coaching practice"),
    RuleText("R20", "The longest run grows in NHS-sized steps",
             "The longest continuous run at most doubles while it is under 8 minutes, may "
             "then jump to 20, and after 20 minutes grows by at most 5 minutes at a time. "
             "The reference is the longest continuous run of the 28 days before (or the "
             "level's start: beginner 0, returning 15, runner 30 minutes). With fewer run "
             "days, weeks repeat; no step is skipped.",
             "NHS Couch to 5K, weeks 1 to 9"),
    RuleText("R21", "One new stressor a week",
             "Against the last build week, a week adds at most one of: an extra run; the "
             "first hard session (or a second one a week); the first back-to-back running "
             "days; more strength sessions or over 20 % more strength sets; over 30 % more "
             "running minutes.",
             "coaching practice; ACSM position stand 2009"),
    RuleText("R22", "Strength fits the run/walk phase",
             "While the plan has run/walk sessions: at most 2 strength sessions a week, each "
             "at most 30 minutes; a third strength day starts only after the first 30-minute "
             "continuous run. Every strength session opens with at least 5 minutes of "
             "warm-up.",
             "ACSM position stand 2011; WHO 2020"),
    RuleText("R23", "Strength changes one step at a time",
             "Per exercise, a week changes at most one of variation, load (bodyweight, band, "
             "dumbbell) or sets; a new variation or load starts at the bottom of its rep "
             "range; at most 2 exercises change variation or load in a week. A plan with "
             "loads says how to choose them (about 2 reps in reserve) and when to go "
             "heavier.",
             "ACSM position stand 2009"),
    RuleText("R24", "Strength for the whole body, at your level",
             "Each week's strength covers the major muscle groups: at least one upper-body "
             "and one core exercise besides the leg work. A returning or runner-level plan "
             "never starts easier than a beginner's; loose skin reaches loaded exercises by "
             "week 4 (returning, runner) or week 9 (beginner), later by the weeks done again "
             "or missed, and by the weeks from week 2 in which R36 holds every strength "
             "change back (a running stressor, a deload or the week after it in each).",
             "WHO 2020 guidelines; the loose-skin article"),
    RuleText("R25", "Equipment said up front",
             "The plan lists every piece of equipment its exercises need (mat, chair or "
             "step, towel, band, dumbbells, bench, foam roller); with none, the exercises "
             "are bodyweight equivalents.",
             "coaching practice"),
    RuleText("R26", "At most three running days in a row",
             "No more than 3 running days follow each other, and a hard session is never the "
             "third running day in a row: it follows a rest day or an easy day.",
             "Bowerman; coaching practice"),
    RuleText("R27", "Long plans keep progressing, or say they maintain",
             "Once every run of the week is 30 minutes, one weekly long run grows by at most "
             "5 minutes (and 1.15 times) per build week toward 60 minutes; 8 weeks or more of "
             "the same running are called maintenance in the summary.",
             "NHS \"C25K+\"; coaching practice"),
    RuleText("R28", "The outcome is told truthfully",
             "The summary's end state (week, runs, longest continuous run, hard sessions) is "
             "that of the last build week, never a deload week; every number in it matches "
             "the sessions; a follow-on plan describes you as you are at its start.",
             "honesty"),
    RuleText("R29", "Deloads, hill recoveries and health notes",
             "Deload weeks drop hard sessions or replace them with 4 to 6 strides; a hill "
             "sprint's recovery is a full walk back down of at least 2 minutes; the notes "
             "say to see a doctor first with a heart, joint or other health condition, when "
             "pregnant or after giving birth, and what to do after missed sessions.",
             "Hudson; NHS"),
    RuleText("R30", "The run/walk ladder goes by sessions, not weeks",
             "The run/walk ladder moves on by sessions done: each NHS week's sessions are done "
             "3 times when your days hold 3 runs, and at least twice with fewer, so a "
             "beginner's first 20-minute continuous run comes no earlier than the 10th run "
             "and the first 30-minute run no earlier than the 17th, whatever the days. With "
             "one run a week the summary says how many months the base takes, and your other "
             "training days get a brisk walk.",
             "NHS Couch to 5K; coaching practice"),
    RuleText("R31", "Missed days: back in as a coach would",
             "After missed workouts (planforge missed) and under 7 days without a run, the "
             "plan carries on with its next workout. After 7 to 13 days it repeats the last "
             "week completed; after 14 days or more it steps back one NHS step or build week "
             "for each further week off, and never asks for more than you did before the "
             "gap. The week after that week back is not a deload, and the count of build "
             "weeks before a deload starts again there. Missed workouts stay on their dates, "
             "recorded as missed (a calendar shows them cancelled), never as something still "
             "to do; the weeks after move later by whole weeks with the same UIDs. A week or "
             "more without a run and nothing recorded (a plan moved with shift) is held to "
             "the same as a warning.",
             "NHS Couch to 5K (\"repeat a week\"); coaching practice",
             expected_warning="a plan moved later with shift --by 1w or more leaves a week "
                              "without a run and does not repeat one; planforge missed does"),
    RuleText("R32", "A run done short holds the step",
             "When a run is done short (planforge done: under 75 % of its planned running, "
             "or its longest stretch without a walk or pause under 75 % of the planned "
             "one), the next week repeats that step instead of moving on: it asks no longer "
             "run without stopping, no more running and no more hard sessions than the "
             "week of the short run.",
             "coaching practice"),
    RuleText("R33", "The week laid out around the long run",
             "No strength session on the long-run day or the day before it; at least one easy "
             "or rest day between the long run and a hard session; strength on the day of a "
             "hard run comes after the run, and its text says so. The long run of a week is an "
             "easy run at least 5 minutes longer than each of the week's other easy runs.",
             "coaching practice; ACSM position stand 2011"),
    RuleText("R34", "A new run starts at 20 minutes",
             "Once runs are continuous, no easy run is shorter than 20 minutes in a build week "
             "whose longest easy run is 25 minutes or more: a new run starts at 20 minutes or "
             "more, or an existing run grows instead.",
             "coaching practice"),
    RuleText("R35", "Goals keep their promises",
             "Easy runs a week stay within the goal's range (glutes and loose skin 2-3, "
             "thighs, cellulite and fat loss 3-4, general fitness 3); a beginner plan of 16 "
             "weeks or more holds the goal's signature work (glutes and thighs: hill sprints; "
             "fat loss, cellulite, loose skin and general fitness: intervals) when its days "
             "hold two runs a week; a runner gets strides or hard work from week 2 and a hard "
             "session in week 3, the first R7 allows; what 'planforge goals' and the summary "
             "promise, the plans hold.",
             "the five articles; the goal table of the training rules"),
    RuleText("R36", "Strength changes are stressors too",
             "A new variation or load in any exercise counts as a new stressor (R21): no "
             "strength variation or load changes in an NHS jump week (the first week of NHS "
             "week 4, 5 or 6), in a week that adds a run or another stressor, or in a week "
             "whose running rises more than 30 %. A week's whole training time (runs with "
             "their warm-ups, strength, mobility, walks) rises at most 15 % against the last "
             "build week (a warning above 15 %, an error above 20 %).",
             "ACSM position stand 2009; coaching practice"),
    RuleText("R37", "Strength keeps progressing",
             "No exercise's prescription (variation, sets, reps, load) stays the same for more "
             "than 6 build weeks unless the summary names it as strength maintenance; every "
             "week with strength holds a hinge, a pull (a row) and a push; the glutes hip "
             "thrust is loaded by about week 9 when the equipment allows; two training days "
             "next to each other hold two strength sessions as an upper/lower split, so a "
             "weekend plan still has two.",
             "ACSM position stand 2009; WHO 2020 guidelines"),
    RuleText("R38", "Shortfalls are said",
             "Weeks under the WHO's 150 minutes (from week 6, as R14), with fewer than 2 "
             "strength sessions (R11) or fewer easy runs than the goal asks are named in the "
             "summary, with what to do: brisk walks on days without a run, or another "
             "training day. Each such line is true of the weeks it names.",
             "honesty; WHO 2020 guidelines"),
    RuleText("R39", "A race is the finish line",
             "A plan made with --race DATE ends with the race: a run session on that date, "
             "the plan's last. The race week is a taper: it runs less than the build week "
             "before it, holds no hard session (hill sprints, intervals) in the 3 days before "
             "the race, and no strength the day before or on the day. A race the progression "
             "cannot reach safely (a 5K asks for 30 minutes of continuous running by the week "
             "before the race week) is refused with the earliest date it could reach.",
             "coaching practice (taper); NHS Couch to 5K"),
)

BY_ID: dict[str, RuleText] = {r.rule: r for r in RULES}


def expected_warnings(findings: Iterable[_Finding]) -> tuple[str, ...]:
    """The rules whose warnings in ``findings`` a plan planforge wrote is expected to show
    (``check --strict`` lets them pass), in rule order."""
    found = {f.rule for f in findings if f.severity == "warning" and f.rule in BY_ID
             and BY_ID[f.rule].expected_warning}
    return tuple(sorted(found, key=lambda r: int(r[1:])))


def strict_failures(findings: Iterable[_Finding]) -> int:
    """How many findings fail ``check --strict``: errors, and warnings not expected."""
    findings = tuple(findings)
    expected = set(expected_warnings(findings))
    return sum(f.severity == "error" or f.rule not in expected for f in findings)


def explain(rule: str, *, width: int = 79) -> str:
    """The text ``planforge check --explain RULE`` prints, wrapped to ``width``; KeyError for
    an unknown id."""
    import textwrap

    r = BY_ID[rule.strip().upper()]
    paragraphs = [f"{r.rule}: {r.title}", r.text, f"Source: {r.sources}."]
    if r.expected_warning:
        paragraphs.append(f"Warnings of {r.rule} in a plan planforge wrote: "
                          f"{r.expected_warning}; check --strict lets them pass.")
    return "\n\n".join(textwrap.fill(p, width) for p in paragraphs)


def rules_markdown() -> str:
    """``docs/rules.md``: every rule, as ``check --explain`` prints it."""
    out = ["# The training rules planforge checks", "",
           "`planforge check` cites these by id; `planforge check --explain R20` prints one. "
           "They are planforge's own summary of the advice its plans follow, with the "
           "sources each comes from. This file is written from "
           "`src/planforge/core/rules/texts.py` (`python -m planforge.core.rules.texts > "
           "docs/rules.md`).", ""]
    for r in RULES:
        out += [f"## {r.rule}: {r.title}", "", r.text, "", f"Source: {r.sources}.", ""]
        if r.expected_warning:
            out += [f"Warnings of {r.rule} in a plan planforge wrote: {r.expected_warning}; "
                    "`check --strict` lets them pass.", ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(rules_markdown(), end="")
