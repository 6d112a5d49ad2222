"""`make bench`: the pages under load, against a bare Django view (docs/performance.md)."""
