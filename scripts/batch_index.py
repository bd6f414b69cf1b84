"""Reads the SQLite index that `hearsay batch` writes, for the plot scripts.

The plot scripts import this module from their own folder; it is not run by itself.
"""

import json
import os
import sqlite3
import sys


def index_path(batch, program):
    """Return the index.sqlite of a batch folder, or `batch` itself when it is a file.

    Exits with a message naming `program` when there is no index.
    """
    path = os.path.join(batch, "index.sqlite") if os.path.isdir(batch) else batch
    if not os.path.isfile(path):
        sys.exit(f"{program}: no index at {path}; run `hearsay batch SWEEP` first "
                 "(for a Slurm batch, `hearsay batch merge BATCH`)")
    return path


def read_rows(path):
    """Return the sweep's name and its runs as dictionaries, with `parameters` decoded."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        rows = [dict(row) for row in connection.execute("SELECT * FROM runs ORDER BY run_index")]
        name = connection.execute("SELECT value FROM meta WHERE name = 'sweep'").fetchone()
    finally:
        connection.close()
    for row in rows:
        row["parameters"] = json.loads(row["parameters"] or "{}")
    sweep = name[0] if name else os.path.basename(os.path.dirname(os.path.abspath(path)))
    return sweep, rows


def sort_key(value):
    """Order numbers numerically before texts alphabetically."""
    if isinstance(value, (int, float)):
        return (0, value, "")
    return (1, 0, str(value))
