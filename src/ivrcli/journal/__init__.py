"""The call journal: the record (``record``), the SQLite store (``store``), its file (``files``).

Nothing here prints or imports typer or rich.
"""
