"""General exact optimisation the queries call: maximum-cardinality maximum-weight matching (a certified dense blossom engine)."""
