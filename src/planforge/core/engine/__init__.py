"""The progression engine: a goal template, a level, weeks, a start and training days in, a
frozen :class:`~planforge.core.model.Plan` out.

- :mod:`.progression`: :func:`~.progression.build_plan`, the entry point, and the dated sessions;
- :mod:`.program`: the weekly program (the run/walk ladder, then one new stressor a week);
- :mod:`.runs`: the run/walk ladder, easy runs and hard sessions;
- :mod:`.strength`: strength and mobility sessions, one step at a time;
- :mod:`.schedule`: placing a week's sessions on the training days;
- :mod:`.outcome`: where a plan ends, and the summary written from it.
"""
