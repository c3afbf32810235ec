"""The catalogue: its format (schema), reading and validating files, compiling, caching.

``sources.open_catalogue`` is the way in; nothing here prints or imports typer or rich.
"""
