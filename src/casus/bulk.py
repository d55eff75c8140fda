"""Rows into a DuckDB table in one statement, column by column.

DuckDB runs an `executemany` one row at a time, which made most of a batch's write; passing
each column as one list parameter and `unnest`ing them inserts the batch at once. Used by the
store and by the stages that keep tables of their own (event clusters).
"""

from __future__ import annotations

from typing import Any


def insert(con: Any, head: str, rows: list[list[Any]]) -> None:
    """`rows` into a table (`head`: "INSERT INTO t" or "INSERT OR REPLACE INTO t"). Only
    placeholders are built into the statement; every value is a bound parameter."""
    if rows:
        cols = [list(c) for c in zip(*rows)]
        con.execute(f"{head} SELECT {', '.join(f'unnest(${i + 1})' for i in range(len(cols)))}", cols)


def once(rows: list[list[Any]]) -> list[list[Any]]:
    """The first row of each key (its first column): a key twice in one statement is not the
    conflict that OR IGNORE / OR REPLACE resolves against the table, as it was row by row."""
    first: dict[Any, list[Any]] = {}
    for r in rows:
        first.setdefault(r[0], r)
    return list(first.values())
