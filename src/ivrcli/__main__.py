"""Entry point for ``ivr`` and ``python -m ivrcli``."""

from __future__ import annotations


def main() -> None:
    """Run the command line; imported lazily so ``ivr --help`` stays cheap."""
    from ivrcli.cli.main import run

    run()


if __name__ == "__main__":
    main()
