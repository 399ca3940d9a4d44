"""The review flows (week, quarter, year, five-year, the path assessment) on one base that
asks through an injected asker, resumes, and saves every answer as it is given."""
