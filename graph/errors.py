"""Messages the stores and queries show users: one sentence, what went wrong and what to do."""

from __future__ import annotations


class Errors:
    E101 = "{file}: no graph here yet; run `servicemap build` first."
    E102 = "{file}: not a servicemap graph file ({reason}); run `servicemap build` to recreate it."
    E103 = "{file}: could not write the graph ({reason}); check that the folder exists and is writable."
    E110 = "Neo4j at {uri} does not answer; start the server or fix NEO4J_URI."
    E111 = "Neo4j at {uri} refused user {user!r}; check NEO4J_USER and NEO4J_PASSWORD."
    E112 = "Neo4j at {uri} has no database {database!r}; create it or fix NEO4J_DATABASE."
    E113 = "{uri!r} is not a Neo4j address ({reason}); use bolt://host:7687 or neo4j://host:7687."
    E114 = "{where} holds no servicemap graph yet; run `servicemap build --neo4j URI` first."
    E115 = "Neo4j at {uri} could not use database {database!r} ({reason}); check NEO4J_DATABASE and the user's rights."
    E116 = "The server at {uri} is too old for servicemap ({problem}); upgrade to Neo4j 5 or later."
    # Questions (graph/queries): raised as ValueError / UnknownTopic, shown as one line, exit status 2.
    E120 = "the question is empty; describe the situation, e.g. 'restore a table to yesterday'."
    E121 = "k must be a whole number of 1 or more, not {k!r}."
    E122 = "no ranking method {method!r}; use one of {methods}."
    E123 = "no topic named {name!r} — did you mean {options}?"
    E124 = "no topic named {name!r}; try `servicemap search {name}`."
    E125 = "search needs some text, e.g. `servicemap search replication`."
    E126 = "compare needs two different topics; {names} name only one."
    E127 = "{what} must be {least} or more, not {value}."


class StoreError(Exception):
    """An error whose message is meant for the user as it is."""
