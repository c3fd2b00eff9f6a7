"""Plugin developer kit: scaffold and conformance suite."""
