"""Report renderers: ``compatibility`` (verdicts for policy staff) and ``validation`` (XML)."""
