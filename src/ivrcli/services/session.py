"""What every command may need: the active catalogue, opened once, and the profile."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ivrcli.catalogue.compiled import Catalogue

Progress = Callable[[], AbstractContextManager[object]]


class Session:
    """The catalogue files in use (None: the defaults), the profile's name, what to wrap
    a slow first compile in (a progress note, chosen by the caller), and whether the
    user's observations apply. (A plain class: it memoises the catalogue it opens.)"""

    def __init__(
        self,
        catalogue_files: list[Path] | None = None,
        profile_name: str = "default",
        progress: Progress | None = None,
        observed: bool = True,
    ) -> None:
        self.catalogue_files = catalogue_files
        self.profile_name = profile_name
        self.progress = progress
        self.observed = observed
        self._catalogue: Catalogue | None = None

    def catalogue(self) -> Catalogue:
        """The active catalogue, from the compiled cache when it is fresh."""
        if self._catalogue is None:
            from ivrcli.catalogue.sources import open_catalogue

            self._catalogue = open_catalogue(
                self.catalogue_files, progress=self.progress, observed=self.observed
            )
        return self._catalogue

    def profile(self) -> dict[str, str]:
        """The profile's fields; {} when it does not exist yet."""
        from ivrcli.profile import read

        return read(self.profile_name)


def discard_cache() -> None:
    """Drop the compiled cache (a part of it failed to load): the next open rebuilds it."""
    from ivrcli.catalogue.sources import discard_cache as discard

    discard()
