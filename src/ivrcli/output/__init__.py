"""Every byte ivr prints: JSON (one versioned envelope), plain text, rich views, the hold timer.

``json`` and ``text`` need no rich; ``human`` and ``tree`` lay out the services'
results; ``hold`` is ``ivr call``'s live timer and prompts. Nothing here imports
``ivrcli.services`` or ``ivrcli.cli`` (result types only under TYPE_CHECKING).
"""
