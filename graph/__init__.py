"""Stores for the graph document (the embedded networkx file; Neo4j to come) and the queries over it."""
