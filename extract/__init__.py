"""Notes → knowledge graph: readers, the spaCy pipeline, resolution and the graph document."""
