"""The hangdoctor pytest plugin (entry point `hangdoctor`): see hangdoctor_pytest.plugin."""

from .plugin import HANG_EXIT_STATUS, HangTimeout

__all__ = ["HANG_EXIT_STATUS", "HangTimeout"]
