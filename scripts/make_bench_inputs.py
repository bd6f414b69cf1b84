#!/usr/bin/python3
"""Writes the topology and scenario files that the benchmark scripts run.

make_bench_inputs.py FOLDER --agents N --hypotheses H --rounds R --graph ring|random
    [--degree D] [--seed S] [--step-size DELTA]

ring: an undirected ring with self-loops; random: a directed ring plus D − 1 random
in-neighbours per agent (strongly connected), self-loops and uniform weights. The scenario
uses Gaussian likelihoods with means evenly spaced in [0, 1], variance 1, adaptive update
and full sharing, and records beliefs only at the last round.
"""
import argparse
import os
import random


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--agents", type=int, required=True)
    parser.add_argument("--hypotheses", type=int, default=3)
    parser.add_argument("--rounds", type=int, required=True)
    parser.add_argument("--graph", choices=["ring", "random"], default="random")
    parser.add_argument("--degree", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--step-size", type=float, default=0.1)
    parser.add_argument("--sharing", default="full")
    arguments = parser.parse_args()

    count = arguments.agents
    generator = random.Random(arguments.seed)
    lines = [f"agents: {count}", "weights: uniform", "self_loops: implied"]
    if arguments.graph == "ring":
        lines.append("directed: false")
        edges = {(k, (k + 1) % count) for k in range(count)} if count > 2 else {(0, 1)}
    else:
        lines.append("directed: true")
        edges = set()
        for k in range(count):
            senders = {(k - 1) % count}
            while len(senders) < min(arguments.degree, count - 1):
                sender = generator.randrange(count)
                if sender != k:
                    senders.add(sender)
            edges.update((sender, k) for sender in senders)
    lines += [f"{a + 1} {b + 1}" for a, b in sorted(edges)]
    os.makedirs(arguments.folder, exist_ok=True)
    name = f"{arguments.graph}-{count}-h{arguments.hypotheses}"
    with open(os.path.join(arguments.folder, f"{name}.edges"), "w") as handle:
        handle.write("\n".join(lines) + "\n")

    hypotheses = arguments.hypotheses
    means = [round(index / (hypotheses - 1), 6) for index in range(hypotheses)]
    scenario = [
        f"name: {name}",
        f"topology: {name}.edges",
        f"hypotheses: {hypotheses}",
        "truth: h1",
        "likelihood:",
        "  family: gaussian",
        f"  means: {means}",
        "  std: 1",
        "update:",
        "  rule: adaptive",
        f"  step_size: {arguments.step_size}",
        "sharing:",
        f"  rule: {arguments.sharing}",
        f"rounds: {arguments.rounds}",
        f"report_every: {arguments.rounds}",
        "seed: 1",
        "runtime:",
        "  heartbeat_interval: 5",
    ]
    with open(os.path.join(arguments.folder, f"{name}.yaml"), "w") as handle:
        handle.write("\n".join(scenario) + "\n")
    print(os.path.join(arguments.folder, f"{name}.yaml"))


if __name__ == "__main__":
    main()
