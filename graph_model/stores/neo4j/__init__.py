"""The Neo4j backend: the store, its Bolt connection, the batched writer and its undo log, record decoding, and all Cypher."""
