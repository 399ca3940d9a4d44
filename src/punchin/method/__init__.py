"""The method's own rules, pure decisions on explicit dates and the journal's facts:
the diagnosis, the digest of a span of weeks, its patterns, the punch-in-life signs, the
three paths."""
