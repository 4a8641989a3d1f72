"""Messages the stores and queries show users: one sentence, what went wrong and what to do."""

from __future__ import annotations


class Errors:
    E101 = "{file}: no graph here yet; run `servicemap build` first."
    E102 = "{file}: not a servicemap graph file ({reason}); run `servicemap build` to recreate it."
    E103 = "{file}: could not write the graph ({reason}); check that the folder exists and is writable."
    E110 = "Neo4j at {uri} does not answer; start the server or fix NEO4J_URI."
    E111 = "Neo4j at {uri} refused user {user!r}; check NEO4J_USER and NEO4J_PASSWORD."
    E112 = "Neo4j at {uri} could not use database {database!r} ({reason}); create it or fix NEO4J_DATABASE."
    E113 = "{uri!r} is not a Neo4j address ({reason}); use bolt://host:7687 or neo4j://host:7687."
    E114 = "{where} holds no servicemap graph yet; run `servicemap build --neo4j URI` first."


class StoreError(Exception):
    """An error whose message is meant for the user as it is."""
