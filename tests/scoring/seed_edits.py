"""Seed tables with one row altered, for the tests of what a table's validation refuses."""


def with_row_changed(data: dict, rows_key: str, row_code: str, /, **changes) -> dict:
    """`data` (a copy the caller owns) with the row `row_code` of `data[rows_key]` changed in
    place; a value None removes the key."""
    row = next(row for row in data[rows_key] if row["code"] == row_code)
    for key, value in changes.items():
        if value is None:
            row.pop(key, None)
        else:
            row[key] = value
    return data
