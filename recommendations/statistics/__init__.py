"""The panel's activity over a period, for coordinators and administrators: a few aggregate
queries (figures), their charts as server-side SVG (charts) and a CSV export (csv_export).
Aggregates only: no patient's identity leaves these modules."""
