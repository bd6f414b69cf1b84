#!/usr/bin/python3
"""An independent numpy implementation of Hearsay's social-learning round.

Two uses:
  numpy_engine.py crosscheck RUN_FOLDER
      Recomputes a run from the observations, topics and heard neighbours that
      `hearsay simulate SCENARIO --export-observations log_beliefs=true` writes, and
      compares every row of beliefs.csv with the recomputed log-beliefs (tolerance 1e-9).
  numpy_engine.py bench --agents N --hypotheses H --rounds R [--degree D] [--seed S]
                       [--records]
      Times a vectorised adaptive update with full sharing on a random graph and prints
      agent-updates per second (the numpy baseline of scripts/bench-engine). With
      --records it also keeps, every round, the decisions, ties, confidence, convergence
      window and steady-state statistics that `hearsay simulate` keeps.

It shares no code with the Swift engine: only the formulas of docs/model.md.
"""
import argparse
import csv
import json
import math
import sys
import time

import numpy as np

HALF_LOG_TWO_PI = 0.5 * math.log(2 * math.pi)


def log_normalize(values):
    """Rows minus their log-sum-exp (rows that are all -inf are left alone)."""
    peak = np.max(values, axis=1, keepdims=True)
    safe = np.where(np.isfinite(peak), peak, 0.0)
    with np.errstate(divide="ignore"):
        total = safe + np.log(np.sum(np.exp(values - safe), axis=1, keepdims=True))
    return values - total


def log_sum_exp_excluding(values, excluded):
    """log Σ exp(values[r, h]) over h != excluded[r], row by row."""
    masked = values.copy()
    masked[np.arange(values.shape[0]), excluded] = -np.inf
    peak = np.max(masked, axis=1)
    safe = np.where(np.isfinite(peak), peak, 0.0)
    with np.errstate(divide="ignore"):
        return safe + np.log(np.sum(np.exp(masked - safe[:, None]), axis=1))


def step_size(schedule, round_number):
    if schedule is None:
        return None
    initial = schedule["initial"]
    decay = schedule["decay"]
    if decay == "constant":
        value = initial
    elif decay == "time":
        value = initial / (1 + schedule["rate"] * round_number)
    elif decay == "step":
        value = initial * schedule["factor"] ** (round_number // schedule["every"])
    else:
        value = initial * math.exp(-schedule["rate"] * round_number)
    floor = schedule.get("floor")
    return max(value, floor) if floor is not None else value


def log_likelihoods(agent, observation):
    if agent["family"] == "gaussian":
        means = np.array(agent["means"])
        stds = np.array(agent["std"])
        z = (float(observation) - means) / stds
        return -0.5 * z * z - np.log(stds) - HALF_LOG_TWO_PI
    with np.errstate(divide="ignore"):
        table = np.log(np.array(agent["probabilities"]))
    return table[:, int(observation)]


def read_observations(folder):
    rows = {}
    with open(f"{folder}/observations.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(int(row["round"]), []).append(row)
    return rows


def read_beliefs(folder, agents):
    index = {name: position for position, name in enumerate(agents)}
    beliefs = {}
    with open(f"{folder}/beliefs.csv", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            round_number = int(row[0])
            values = [float(value) for value in row[2:]]
            beliefs.setdefault(round_number, {})[index[row[1]]] = values
    return beliefs


def crosscheck(folder):
    with open(f"{folder}/model.json") as handle:
        model = json.load(handle)
    if not model["log_beliefs"]:
        sys.exit("crosscheck needs log-beliefs: run simulate with log_beliefs=true")
    weights = np.array(model["A"])
    count = weights.shape[0]
    hypotheses = len(model["hypotheses"])
    agents = model["agent_models"]
    sharing = model["sharing"]
    rule = sharing["rule"]
    observations = read_observations(folder)
    recorded = read_beliefs(folder, model["agents"])
    mu = np.array([agent["initial_log_belief"] for agent in agents])
    senders, receivers = np.nonzero(weights)
    worst = 0.0
    for round_number in sorted(observations):
        rows = sorted(observations[round_number], key=lambda row: int(row["agent"]))
        psi = np.empty_like(mu)
        for k, row in enumerate(rows):
            likelihood = log_likelihoods(agents[k], row["observation"])
            delta = step_size(agents[k]["step_size"], round_number)
            if delta is None:
                psi[k] = mu[k] + likelihood
            else:
                psi[k] = (1 - delta) * mu[k] + delta * likelihood
        psi = log_normalize(psi)
        if rule == "random_neighbour":
            total = np.zeros_like(mu)
            for k, row in enumerate(rows):
                own = weights[k, k]
                if own > 0:
                    total[k] += own * psi[k]
                if row["speaker"]:
                    total[k] += (1 - own) * psi[int(row["speaker"])]
                elif own < 1:
                    total[k] = psi[k]
        elif rule == "full":
            total = np.zeros_like(mu)
            np.add.at(total, receivers, weights[senders, receivers][:, None] * psi[senders])
        else:
            topics = np.array([int(row["topic"]) for row in rows])
            rest = log_sum_exp_excluding(psi, topics)
            value = psi[np.arange(count), topics]
            total = np.zeros_like(mu)
            for sender, receiver in zip(senders, receivers):
                weight = weights[sender, receiver]
                if sender == receiver and sharing["self_aware"]:
                    total[receiver] += weight * psi[receiver]
                    continue
                topic = topics[sender]
                filled = np.empty(hypotheses)
                own_rest = -np.inf
                if sharing["fill"] == "own":
                    own_rest = log_sum_exp_excluding(psi[[receiver]], [topic])[0]
                if np.isfinite(own_rest):
                    filled[:] = rest[sender] + psi[receiver] - own_rest
                else:
                    filled[:] = rest[sender] - math.log(hypotheses - 1)
                filled[topic] = value[sender]
                total[receiver] += weight * filled
        mu = log_normalize(total)
        if round_number in recorded:
            for k, values in recorded[round_number].items():
                expected = np.array(values)
                both_infinite = np.isneginf(expected) & np.isneginf(mu[k])
                difference = np.where(both_infinite, 0.0, np.abs(expected - mu[k]))
                worst = max(worst, float(np.max(difference)))
    print(f"compared {len(recorded)} recorded rounds of {count} agents: "
          f"largest log-belief difference {worst:.3e}")
    if worst > 1e-9:
        sys.exit("crosscheck failed: difference above 1e-9")


def bench(agents, hypotheses, rounds, degree, seed, records):
    generator = np.random.default_rng(seed)
    weights = np.zeros((agents, agents))
    for k in range(agents):
        senders = {k, (k - 1) % agents}
        while len(senders) < min(degree + 1, agents):
            senders.add(int(generator.integers(agents)))
        for sender in senders:
            weights[sender, k] = 1.0 / len(senders)
    means = np.linspace(0.0, 1.0, hypotheses)
    delta = 0.1
    mu = np.full((agents, hypotheses), -math.log(hypotheses))
    transposed = weights.T.copy()
    # With --records, every round also keeps what `hearsay simulate` keeps (docs/model.md).
    # Per agent: the decision, a tie, and whether the belief in the truth is at least 1 − ε.
    # For the network: the streak of rounds in which every agent decides the truth. From
    # one fifth of the run on: the running mean and variance (Welford) of the log-ratios.
    truth = 0
    rows = np.arange(agents)
    log_threshold = math.log1p(-1e-3)
    steady_start = 1 + rounds // 5
    last_unconfident = np.zeros(agents, dtype=np.int64)
    streak_start = None
    counted = 0
    mean = np.zeros((agents, hypotheses))
    squares = np.zeros((agents, hypotheses))
    start = time.perf_counter()
    for round_number in range(1, rounds + 1):
        samples = generator.normal(means[0], 1.0, size=agents)
        z = samples[:, None] - means[None, :]
        likelihood = -0.5 * z * z - HALF_LOG_TWO_PI
        # As hearsay does under full sharing, ψ is left unnormalised: its constant cancels
        # when the pooled μ is normalised.
        psi = (1 - delta) * mu + delta * likelihood
        mu = log_normalize(transposed @ psi)
        if not records:
            continue
        decision = np.argmax(mu, axis=1)
        tied = np.count_nonzero(mu == mu[rows, decision][:, None], axis=1) > 1
        last_unconfident[mu[:, truth] < log_threshold] = round_number
        if np.all((decision == truth) & ~tied):
            streak_start = round_number if streak_start is None else streak_start
        else:
            streak_start = None
        if round_number >= steady_start:
            ratio = mu[:, truth:truth + 1] - mu
            if np.isfinite(ratio).all():
                counted += 1
                change = ratio - mean
                mean += change / counted
                squares += change * (ratio - mean)
    elapsed = time.perf_counter() - start
    label = "numpy+records" if records else "numpy"
    print(f"{label} agents={agents} hypotheses={hypotheses} rounds={rounds} "
          f"seconds={elapsed:.3f} agent_updates_per_s={agents * rounds / elapsed:.0f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("crosscheck", help="recompute a run and compare")
    check.add_argument("folder")
    timing = commands.add_parser("bench", help="time the vectorised update")
    timing.add_argument("--agents", type=int, required=True)
    timing.add_argument("--hypotheses", type=int, required=True)
    timing.add_argument("--rounds", type=int, required=True)
    timing.add_argument("--degree", type=int, default=4)
    timing.add_argument("--seed", type=int, default=1)
    timing.add_argument("--records", action="store_true",
                        help="also keep the per-round records that hearsay simulate keeps")
    arguments = parser.parse_args()
    if arguments.command == "crosscheck":
        crosscheck(arguments.folder)
    else:
        bench(arguments.agents, arguments.hypotheses, arguments.rounds, arguments.degree,
              arguments.seed, arguments.records)


if __name__ == "__main__":
    main()
