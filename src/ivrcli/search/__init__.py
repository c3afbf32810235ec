"""Search: from the user's query to a company, line and menu node.

``index`` (names and words), ``rank`` (scores), ``resolve`` (the one answer or
an honest tie). Nothing here prints or imports typer or rich.
"""
