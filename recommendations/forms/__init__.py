"""Forms of the case pages: the case itself and a document joined to it."""
