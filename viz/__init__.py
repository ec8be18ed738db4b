"""Offline interactive HTML maps of the network (vis-network, no internet needed)."""
