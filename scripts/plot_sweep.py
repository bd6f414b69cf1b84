#!/usr/bin/python3
"""Plot error probability and convergence time against a swept parameter of a Hearsay batch.

usage: scripts/plot_sweep.py BATCH --parameter NAME [--group NAME] [--metric COLUMN]
                             [--level 0.95] [--logx] [--output PREFIX]

BATCH is a batch folder written by `hearsay batch` (or its index.sqlite). The x axis is the
swept parameter NAME, e.g. `update.step_size`; with --group, one line per value of a second
swept parameter (e.g. a `sharing` cases axis). Each point is the mean over the completed runs
at that x (repetitions, and any parameter not plotted), with a band of the given confidence
level: mean ± z·s/√n, where s is the sample standard deviation across runs and z the normal
quantile. Failed runs are left out and counted in the title.

Top panel, the error probability: the `error_rate` column (adaptive runs: the share of wrong
decisions among agent-rounds after convergence) when any run has it, else `final_error` (the
share of agents whose final decision is wrong). --metric picks another numeric column.
Runs without a value (adaptive runs that did not converge have no `error_rate`) are left out
of the mean and counted at the foot of their x. Bottom panel, the convergence round over the
runs that converged, counted the same way. Bands of quantities that cannot be negative are
cut at 0.

Writes PREFIX.png and PREFIX.pdf (default BATCH/plots/sweep-NAME). Needs Debian's
python3-matplotlib and python3-numpy (hence /usr/bin/python3).
"""

import argparse
import math
import os
import statistics
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from batch_index import fail, index_path, read_rows, sort_key  # noqa: E402


def z_quantile(level):
    """Return the two-sided normal quantile for a confidence level in (0, 1)."""
    return statistics.NormalDist().inv_cdf(0.5 + level / 2)


def summarise(values, z):
    """Return (mean, half-width of the band, n) of the finite values; NaNs when there are none."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return math.nan, math.nan, 0
    mean = sum(finite) / len(finite)
    if len(finite) < 2:
        return mean, 0.0, len(finite)
    return mean, z * statistics.stdev(finite) / math.sqrt(len(finite)), len(finite)


def clip(lower, nonnegative):
    """Return the lower edge of a band, raised to 0 for a quantity that cannot be negative."""
    return np.maximum(lower, 0) if nonnegative else lower


def note_missing(axis, x, missing, total, colour, shift):
    """Mark a point where `missing` of `total` runs have no value (not converged).

    `shift` (points to the right) keeps the notes of several lines at one x apart.
    """
    axis.annotate(f"{missing}/{total} not converged", (x, 0), xycoords=("data", "axes fraction"),
                  textcoords="offset points", xytext=(shift, 4), fontsize=7, color=colour,
                  ha="center", rotation=90, va="bottom")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("batch", help="batch folder or index.sqlite")
    parser.add_argument("--parameter", required=True, help="swept parameter on the x axis")
    parser.add_argument("--group", help="swept parameter with one line per value")
    parser.add_argument("--metric", help="index column of the top panel (default: error_rate, "
                        "else final_error)")
    parser.add_argument("--level", type=float, default=0.95, help="confidence level of bands")
    parser.add_argument("--logx", action="store_true", help="logarithmic x axis")
    parser.add_argument("--output", help="output path without extension")
    arguments = parser.parse_args()
    if not 0 < arguments.level < 1:
        fail("plot_sweep.py: --level must be between 0 and 1, e.g. 0.95")

    sweep, rows = read_rows(index_path(arguments.batch, "plot_sweep.py"))
    names = sorted({name for row in rows for name in row["parameters"]})
    for name in filter(None, [arguments.parameter, arguments.group]):
        if name not in names:
            fail(f"plot_sweep.py: `{name}` is not a swept parameter of this batch; "
                     f"swept parameters: {', '.join(names) or 'none'}")
    completed = [row for row in rows if row["status"] == "completed"]
    failed = sum(1 for row in rows if row["status"] == "failed")
    if not completed:
        fail("plot_sweep.py: the index has no completed run to plot")
    metric = arguments.metric
    if metric is None:
        has_rate = any(row.get("error_rate") is not None for row in completed)
        metric = "error_rate" if has_rate else "final_error"
    if metric not in completed[0]:
        fail(f"plot_sweep.py: unknown column `{metric}`; columns: "
                 f"{', '.join(sorted(completed[0]))}")

    groups = {}
    for row in completed:
        label = row["parameters"].get(arguments.group) if arguments.group else None
        x = row["parameters"][arguments.parameter]
        groups.setdefault(label, {}).setdefault(x, []).append(row)
    xs_all = sorted({x for series in groups.values() for x in series}, key=sort_key)
    numeric = all(isinstance(x, (int, float)) for x in xs_all)
    position = {x: (x if numeric else i) for i, x in enumerate(xs_all)}
    z = z_quantile(arguments.level)
    # Error rates and shares are never negative, so their bands stop at 0.
    nonnegative = all(row[metric] is None or row[metric] >= 0 for row in completed)

    figure, (top, bottom) = plt.subplots(2, 1, figsize=(7, 7.5), sharex=True)
    labels = sorted(groups, key=lambda v: sort_key(v) if v is not None else (2, 0, ""))
    for number, label in enumerate(labels):
        shift = 9 * number
        series = groups[label]
        xs = sorted(series, key=sort_key)
        where = [position[x] for x in xs]
        name = f"{arguments.group} = {label}" if arguments.group else None
        errors = [summarise([r[metric] for r in series[x]], z) for x in xs]
        means = np.array([e[0] for e in errors])
        widths = np.array([e[1] for e in errors])
        line, = top.plot(where, means, marker="o", label=name)
        top.fill_between(where, clip(means - widths, nonnegative), means + widths,
                         color=line.get_color(), alpha=0.2, linewidth=0)
        for x, (_, _, count) in zip(xs, errors):
            if count < len(series[x]):
                note_missing(top, position[x], len(series[x]) - count, len(series[x]),
                             line.get_color(), shift)
        rounds = []
        for x in xs:
            converged = [r["convergence_round"] for r in series[x] if r["converged"] == 1]
            rounds.append(summarise(converged, z))
            if len(converged) < len(series[x]):
                note_missing(bottom, position[x], len(series[x]) - len(converged),
                             len(series[x]), line.get_color(), shift)
        means = np.array([r[0] for r in rounds])
        widths = np.array([r[1] for r in rounds])
        bottom.plot(where, means, marker="o", color=line.get_color(), label=name)
        bottom.fill_between(where, clip(means - widths, True), means + widths,
                            color=line.get_color(), alpha=0.2, linewidth=0)

    level = f"{arguments.level:.0%}"
    top.set_ylabel(f"{metric} (mean, {level} band)")
    bottom.set_ylabel(f"convergence round (mean, {level} band)")
    bottom.set_xlabel(arguments.parameter)
    if arguments.logx and numeric:
        bottom.set_xscale("log")
    if not numeric:
        bottom.set_xticks(range(len(xs_all)), [str(x) for x in xs_all])
    elif len(xs_all) <= 12:
        bottom.set_xticks(xs_all, [f"{x:g}" for x in xs_all])
        bottom.minorticks_off()
    if arguments.group:
        top.legend(fontsize=8)
    counts = [len(v) for series in groups.values() for v in series.values()]
    title = f"{sweep}: {len(completed)} completed runs ({min(counts)}–{max(counts)} per point)"
    if failed:
        title += f", {failed} failed and left out"
    top.set_title(title, fontsize=10)
    for axis in (top, bottom):
        axis.grid(True, alpha=0.3)
    figure.tight_layout()

    prefix = arguments.output
    if prefix is None:
        index = index_path(arguments.batch, "plot_sweep.py")
        folder = os.path.join(os.path.dirname(index), "plots")
        os.makedirs(folder, exist_ok=True)
        prefix = os.path.join(folder, "sweep-" + arguments.parameter.replace("/", "_"))
    for extension in ("png", "pdf"):
        figure.savefig(f"{prefix}.{extension}", dpi=150)
        print(f"{prefix}.{extension}")


if __name__ == "__main__":
    main()
