"""The embedded backend (networkx): the store, its query patterns, the write-ahead log and the journaled store the API serves."""
