"""Pages of meetings (coordinators) and cases (referring clinicians, panel)."""
