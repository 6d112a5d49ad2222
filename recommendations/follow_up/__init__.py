"""Follow-up reminders of signed proposals: what the engine dates (`inputs`, `refresh`), what
people do with them (`actions`), who sees which (`selectors`), and the daily digest."""
