#!/usr/bin/python3
"""Draw a heat map of a result of a Hearsay batch over two swept parameters.

usage: scripts/plot_heatmap.py BATCH --x NAME --y NAME [--metric COLUMN] [--output PREFIX]

BATCH is a batch folder written by `hearsay batch` (or its index.sqlite). Each cell is the
mean of the metric over the completed runs with that pair of values (repetitions, and any
parameter not plotted), written in the cell with the number n of runs that have a value
(n=8/10 when 2 of 10 runs have none).
Cells where no run has a value (say, no run converged) are grey.

The metric is `error_rate` (adaptive runs: the share of wrong decisions among agent-rounds
after convergence) when any run has it, else `final_error` (the share of agents whose final
decision is wrong); --metric picks another numeric column, e.g. convergence_round.

Writes PREFIX.png and PREFIX.pdf (default BATCH/plots/heatmap-X-Y). Needs Debian's
python3-matplotlib and python3-numpy (hence /usr/bin/python3).
"""

import argparse
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from batch_index import fail, index_path, read_rows, sort_key  # noqa: E402


def label(value):
    """Return a tick label: numbers in the shortest form, texts as they are."""
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("batch", help="batch folder or index.sqlite")
    parser.add_argument("--x", required=True, help="swept parameter along the columns")
    parser.add_argument("--y", required=True, help="swept parameter along the rows")
    parser.add_argument("--metric", help="index column to show (default: error_rate, else "
                        "final_error)")
    parser.add_argument("--output", help="output path without extension")
    arguments = parser.parse_args()
    if arguments.x == arguments.y:
        fail("plot_heatmap.py: --x and --y must name two different parameters")

    path = index_path(arguments.batch, "plot_heatmap.py")
    sweep, rows = read_rows(path)
    names = sorted({name for row in rows for name in row["parameters"]})
    for name in (arguments.x, arguments.y):
        if name not in names:
            fail(f"plot_heatmap.py: `{name}` is not a swept parameter of this batch; "
                     f"swept parameters: {', '.join(names) or 'none'}")
    completed = [row for row in rows if row["status"] == "completed"]
    if not completed:
        fail("plot_heatmap.py: the index has no completed run to plot")
    metric = arguments.metric
    if metric is None:
        has_rate = any(row.get("error_rate") is not None for row in completed)
        metric = "error_rate" if has_rate else "final_error"
    if metric not in completed[0]:
        fail(f"plot_heatmap.py: unknown column `{metric}`; columns: "
                 f"{', '.join(sorted(completed[0]))}")

    xs = sorted({row["parameters"][arguments.x] for row in completed}, key=sort_key)
    ys = sorted({row["parameters"][arguments.y] for row in completed}, key=sort_key)
    cells = {}
    for row in completed:
        key = (row["parameters"][arguments.y], row["parameters"][arguments.x])
        cells.setdefault(key, []).append(row[metric])
    means = np.full((len(ys), len(xs)), np.nan)
    notes = [["" for _ in xs] for _ in ys]
    for i, y in enumerate(ys):
        for j, x in enumerate(xs):
            values = cells.get((y, x), [])
            finite = [v for v in values if v is not None and math.isfinite(v)]
            if finite:
                means[i, j] = sum(finite) / len(finite)
                counted = f"{len(finite)}" if len(finite) == len(values) else \
                    f"{len(finite)}/{len(values)}"
                notes[i][j] = f"{means[i, j]:.3g}\nn={counted}"
            elif values:
                notes[i][j] = f"no value\nn=0/{len(values)}"

    figure, axis = plt.subplots(figsize=(1.2 * len(xs) + 3, 0.8 * len(ys) + 2.5))
    colours = plt.get_cmap("viridis").copy()
    colours.set_bad("lightgrey")
    image = axis.imshow(np.ma.masked_invalid(means), origin="lower", cmap=colours,
                        aspect="auto")
    figure.colorbar(image, ax=axis, label=f"{metric} (mean over runs)")
    finite = means[np.isfinite(means)]
    middle = (finite.min() + finite.max()) / 2 if finite.size else 0
    for i in range(len(ys)):
        for j in range(len(xs)):
            dark = not np.isfinite(means[i, j]) or means[i, j] > middle
            axis.text(j, i, notes[i][j], ha="center", va="center", fontsize=7,
                      color="black" if dark else "white")
    axis.set_xticks(range(len(xs)), [label(x) for x in xs])
    axis.set_yticks(range(len(ys)), [label(y) for y in ys])
    axis.set_xlabel(arguments.x)
    axis.set_ylabel(arguments.y)
    failed = sum(1 for row in rows if row["status"] == "failed")
    title = f"{sweep}: {metric}, {len(completed)} completed runs"
    if failed:
        title += f", {failed} failed and left out"
    axis.set_title(title, fontsize=10)
    figure.tight_layout()

    prefix = arguments.output
    if prefix is None:
        folder = os.path.join(os.path.dirname(path), "plots")
        os.makedirs(folder, exist_ok=True)
        prefix = os.path.join(folder, f"heatmap-{arguments.x}-{arguments.y}".replace("/", "_"))
    for extension in ("png", "pdf"):
        figure.savefig(f"{prefix}.{extension}", dpi=150)
        print(f"{prefix}.{extension}")


if __name__ == "__main__":
    main()
