"""What the activity readers share: the install hint and the check that a track was read."""

from __future__ import annotations

from ...core.activity import Activity
from ...errors import FileError

#: what the command line says when a reader's package is missing
INSTALL_HINT = ('reading {kind} files needs {package}, part of the optional extra: '
                'pip install "planforge[activities]"')


def checked(activity: Activity) -> Activity:
    """``activity`` if it holds a track with time stamps (two points or more)."""
    if len(activity.points) < 2:
        raise FileError(activity.source, None, "holds no track with times (fewer than 2 "
                                               "time-stamped points); is it a route rather "
                                               "than a recorded activity?")
    return activity
