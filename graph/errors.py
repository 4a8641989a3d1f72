"""Messages the stores and queries show users: one sentence, what went wrong and what to do."""

from __future__ import annotations


class Errors:
    E101 = "{file}: no graph here yet; run `servicemap build` first."
    E102 = "{file}: not a servicemap graph file ({reason}); run `servicemap build` to recreate it."
    E103 = "{file}: could not write the graph ({reason}); check that the folder exists and is writable."


class StoreError(Exception):
    """An error whose message is meant for the user as it is."""
