"""hangdoctor inside a Python process: an exit guard, the fix helpers, and self-diagnosis.

- install(exit_timeout=..., on_sigint=...): if the process has not exited in time, log what
  holds it (hangdoctor diagnose on this process) and end it with the status it was exiting with.
- nonblocking_executor(...), run_blocking(...): the fixes hangdoctor's verdicts recommend.
- diagnose_self(): hangdoctor's verdict on this very process, from a helper process.
"""

from ._guard import ExitGuard, install
from ._helpers import WorkersOutlivedDeadline, nonblocking_executor, run_blocking
from ._selfdiagnosis import HangdoctorNotFound, Verdict, diagnose_self, locate

__all__ = [
    "ExitGuard",
    "HangdoctorNotFound",
    "Verdict",
    "WorkersOutlivedDeadline",
    "diagnose_self",
    "install",
    "locate",
    "nonblocking_executor",
    "run_blocking",
]
