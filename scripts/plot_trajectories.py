#!/usr/bin/python3
"""Plot the belief trajectories of one Hearsay run with the theory overlaid.

usage: scripts/plot_trajectories.py RUN [--run N|KEY] [--hypothesis NAME] [--output PREFIX]

RUN is a run folder (from `hearsay simulate`, `hearsay run` or a batch's runs/), or a batch
folder together with --run, the run index (from 1) or the run key as in its index.

Top panel: each agent's belief in the true hypothesis θ° over the rounds of beliefs.csv,
with the convergence round marked. Bottom panel: each agent's log-belief ratio
λ_k,i(θ) = log μ_k,i(θ°) − log μ_k,i(θ) for one wrong hypothesis θ (default: the one with
the smallest predicted rate, the hardest to rule out), the network mean in black, and the
theory from summary.json:

- Bayesian update: the line m_ave(θ)·i, where m_ave(θ) = Σ_ℓ v_ℓ d_ℓ(θ) is the asymptotic
  rate (`theory.rates`); λ_k,i / i tends to it.
- Adaptive update: the steady-state mean of λ (`theory.steady_state`, full sharing only)
  with a band of ± 2 standard deviations. Partial sharing has no such formula, so the line
  is then the small-step limit m_ave.

NOTE: with a truth that changes during the run, θ° is the final truth of summary.json.

Writes PREFIX.png and PREFIX.pdf (default RUN/trajectories). Needs Debian's
python3-matplotlib and python3-numpy (hence /usr/bin/python3).
"""

import argparse
import csv
import json
import math
import os
import re
import sqlite3
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def fail(message):
    """Print the message and exit with status 2, as the CLI does for invalid input."""
    print(f"plot_trajectories.py: {message}", file=sys.stderr)
    sys.exit(2)


def run_folder(path, run):
    """Return the run folder: `path` itself, or the folder of run `run` of the batch `path`."""
    index = os.path.join(path, "index.sqlite")
    if run is None:
        if os.path.isfile(index):
            fail(f"{path} is a batch folder; choose a run with --run N or --run KEY")
        return path
    if not os.path.isfile(index):
        fail(f"no index at {index}; --run needs a batch folder")
    connection = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        found = connection.execute(
            "SELECT folder, status FROM runs WHERE run_key = ? OR CAST(run_index AS TEXT) = ?",
            (run, run)).fetchone()
    finally:
        connection.close()
    if found is None:
        fail(f"no run `{run}` in {index}; give a run index from 1 or a run key")
    return os.path.join(path, found[0])


def read_beliefs(folder, hypotheses, log_beliefs):
    """Return (rounds, agents, log μ) with log μ[round, agent, hypothesis]."""
    path = os.path.join(folder, "beliefs.csv")
    if not os.path.isfile(path):
        fail(f"no beliefs.csv in {folder}")
    by_round = {}
    agents = []
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or header[2:] != hypotheses:
            fail(f"{path}: the header does not list the hypotheses {hypotheses}")
        for row in reader:
            round_number, agent = int(row[0]), row[1]
            if agent not in agents:
                agents.append(agent)
            values = [float(v) for v in row[2:]]
            if not log_beliefs:
                values = [math.log(v) if v > 0 else -math.inf for v in values]
            by_round.setdefault(round_number, {})[agent] = values
    rounds = sorted(r for r in by_round if len(by_round[r]) == len(agents))
    if not rounds:
        fail(f"{path} has no complete round")
    logs = np.array([[by_round[r][a] for a in agents] for r in rounds])
    return np.array(rounds), agents, logs


def writes_log_beliefs(folder):
    """True when the run's scenario.yaml sets `log_beliefs: true`."""
    path = os.path.join(folder, "scenario.yaml")
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        return False
    return re.search(r"^log_beliefs:\s*(true|yes|on)\s*$", text, re.MULTILINE) is not None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="run folder, or batch folder with --run")
    parser.add_argument("--run", help="run index (from 1) or run key of a batch")
    parser.add_argument("--hypothesis", help="wrong hypothesis of the bottom panel")
    parser.add_argument("--output", help="output path without extension")
    arguments = parser.parse_args()

    folder = run_folder(arguments.folder, arguments.run)
    try:
        with open(os.path.join(folder, "summary.json"), encoding="utf-8") as handle:
            summary = json.load(handle)
    except (OSError, ValueError) as error:
        fail(f"no readable summary.json in {folder} ({error}); the run did not finish")
    hypotheses = summary["hypotheses"]
    truth = summary["truth"]
    theory = summary.get("theory") or {}
    rates = {h: float(v) for h, v in (theory.get("rates") or {}).items()}
    wrong = [h for h in hypotheses if h != truth]
    hypothesis = arguments.hypothesis
    if hypothesis is None:
        positive = [h for h in wrong if rates.get(h, 0) > 0]
        hypothesis = min(positive, key=rates.get) if positive else wrong[0]
    if hypothesis not in wrong:
        fail(f"--hypothesis must be a wrong hypothesis: one of {', '.join(wrong)}")

    rounds, agents, logs = read_beliefs(folder, hypotheses, writes_log_beliefs(folder))
    t = hypotheses.index(truth)
    h = hypotheses.index(hypothesis)
    ratio = logs[:, :, t] - logs[:, :, h]

    figure, (top, bottom) = plt.subplots(2, 1, figsize=(8, 7.5), sharex=True)
    top.plot(rounds, np.exp(logs[:, :, t]), linewidth=0.6, alpha=0.6)
    top.set_ylabel(f"belief in the truth {truth}")
    top.set_ylim(-0.02, 1.02)
    if summary.get("convergence_round") is not None:
        for axis in (top, bottom):
            axis.axvline(summary["convergence_round"], color="grey", linestyle=":",
                         linewidth=1)
        top.annotate(f"converged at round {summary['convergence_round']}",
                     (summary["convergence_round"], 0.02), fontsize=8, color="grey",
                     textcoords="offset points", xytext=(3, 0))

    bottom.plot(rounds, ratio, linewidth=0.6, alpha=0.5)
    finite = np.where(np.isfinite(ratio), ratio, np.nan)
    bottom.plot(rounds, np.nanmean(finite, axis=1), color="black", linewidth=1.5,
                label="network mean")
    rate = rates.get(hypothesis)
    steady = (theory.get("steady_state") or {}).get(hypothesis)
    if summary.get("update") == "adaptive":
        if steady is not None:
            mean = float(steady["mean"])
            spread = 2 * math.sqrt(max(float(steady["variance"]), 0))
            bottom.axhline(mean, color="red", linestyle="--",
                           label=f"theory: steady-state mean {mean:.3g} (± 2 sd)")
            bottom.axhspan(mean - spread, mean + spread, color="red", alpha=0.1)
        elif rate is not None:
            bottom.axhline(rate, color="red", linestyle="--",
                           label=f"theory: small-step limit m_ave = {rate:.3g}")
    elif rate is not None:
        span = np.array([0, rounds[-1]])
        bottom.plot(span, rate * span, color="red", linestyle="--",
                    label=f"theory: slope m_ave = {rate:.3g} per round")
    bottom.set_ylabel(f"λ = log μ({truth}) − log μ({hypothesis})")
    bottom.set_xlabel("round")
    bottom.legend(fontsize=8, loc="best")
    for axis in (top, bottom):
        axis.grid(True, alpha=0.3)
    title = f"{summary.get('scenario', os.path.basename(folder))}: {len(agents)} agents, " \
            f"{summary.get('update', '?')} update, seed {summary.get('seed', '?')}"
    if summary.get("status") != "completed":
        title += f" ({summary.get('status')}: {summary.get('error')})"
    top.set_title(title, fontsize=10)
    figure.tight_layout()

    prefix = arguments.output or os.path.join(folder, "trajectories")
    for extension in ("png", "pdf"):
        figure.savefig(f"{prefix}.{extension}", dpi=150)
        print(f"{prefix}.{extension}")


if __name__ == "__main__":
    main()
