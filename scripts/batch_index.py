"""Reads the SQLite index that `hearsay batch` writes, for the plot scripts.

The plot scripts import this module from their own folder; it is not run by itself.
"""

import json
import os
import sqlite3
import sys


def fail(message):
    """Print `message` to standard error and exit with status 2, as the CLI does for
    invalid input."""
    print(message, file=sys.stderr)
    sys.exit(2)


def index_path(batch, program):
    """Return the index.sqlite of a batch folder, or `batch` itself when it is a file.

    Exits with a message naming `program` when there is no index.
    """
    path = os.path.join(batch, "index.sqlite") if os.path.isdir(batch) else batch
    if not os.path.isfile(path):
        fail(f"{program}: no index at {path}; run `hearsay batch SWEEP` first "
                 "(for a Slurm batch, `hearsay batch merge BATCH`)")
    return path


def read_rows(path):
    """Return the sweep's name and its runs as dictionaries, with `parameters` decoded."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        fail(f"cannot open {path}: {error}")
    connection.row_factory = sqlite3.Row
    try:
        rows = [dict(row) for row in connection.execute("SELECT * FROM runs ORDER BY run_index")]
        name = connection.execute("SELECT value FROM meta WHERE name = 'sweep'").fetchone()
    except sqlite3.Error as error:
        fail(f"{path} is not a Hearsay batch index ({error}); give a batch folder or its "
             "index.sqlite")
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
