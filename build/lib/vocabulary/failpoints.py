"""Named points where a run can be made to die, for the test that kills a run at every stage boundary and checks
that the next run leaves one whole publication (tests/test_faults.py).

``GIAMNGHEO_KILL_AT=<point>`` kills the process with SIGKILL, as a power cut or the OOM killer would, the first
time it reaches that point; ``<point>:<n>`` the n-th time. Unset, a point costs one dictionary lookup.
"""

import os
import signal

VARIABLE = "GIAMNGHEO_KILL_AT"
_reached: dict[str, int] = {}


def failpoint(name: str) -> None:
    wanted = os.environ.get(VARIABLE)
    if not wanted:
        return
    point, _, times = wanted.partition(":")
    if point != name:
        return
    _reached[name] = _reached.get(name, 0) + 1
    if _reached[name] == int(times or 1):
        os.kill(os.getpid(), signal.SIGKILL)
