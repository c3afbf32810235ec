"""The whole command line: every command registered on the app, in `ivr --help` order.

``ivr`` itself starts from ``ivrcli.base.run``, which imports only the module of
the command being run; help, completion and the tests use this full app.
"""

from __future__ import annotations

from ivrcli.base import COMMAND_MODULES, app, catalogue_app, profile_app
from ivrcli.commands import browse, calls, find, profile  # noqa: F401 - they register themselves

__all__ = ["app", "catalogue_app", "profile_app"]

_ORDER = list(COMMAND_MODULES)
app.registered_commands.sort(
    key=lambda info: _ORDER.index(str(info.name or getattr(info.callback, "__name__", "")))
)
