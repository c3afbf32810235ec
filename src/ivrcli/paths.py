"""Where ivr reads and writes: ``IVR_HOME`` relocates everything it writes."""

from __future__ import annotations

import os
from pathlib import Path

APP = "ivr"


def _home() -> Path | None:
    value = os.environ.get("IVR_HOME")
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    """Profiles, the user's catalogue overlay and subscriptions."""
    home = _home()
    if home is not None:
        return home
    import platformdirs

    return Path(platformdirs.user_config_dir(APP))


def data_dir() -> Path:
    """The call journal."""
    home = _home()
    if home is not None:
        return home
    import platformdirs

    return Path(platformdirs.user_data_dir(APP))


def cache_dir() -> Path:
    """The compiled catalogue cache (derived data, safe to delete)."""
    home = _home()
    if home is not None:
        return home / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP))


def overlay_dir() -> Path:
    """``catalogue.d``: the user's own catalogue files, merged over the bundled one."""
    return config_dir() / "catalogue.d"


def observed_path() -> Path:
    """``observed.yaml``: what the user's own calls taught (written by ``ivr map`` and
    the keys question after a call)."""
    return config_dir() / "observed.yaml"


def subscriptions_dir() -> Path:
    """``subscriptions``: one git clone of a community catalogue per subscription."""
    return config_dir() / "subscriptions"


def profiles_dir() -> Path:
    return config_dir() / "profiles"


def journal_path() -> Path:
    return data_dir() / "journal.sqlite3"


def bundled_catalogue() -> Path:
    """The catalogue shipped with the package (inside the wheel, or the repo's data/)."""
    here = Path(__file__).resolve().parent
    installed = here / "data" / "companies.yaml"
    if installed.is_file():
        return installed
    return here.parent.parent / "data" / "companies.yaml"


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) with mode 0700 for the leaf."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
