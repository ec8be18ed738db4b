"""Shipped data: the bundled Daoyi dataset (``daoyi/``) and the default taxonomy (``taxonomy/``)."""
