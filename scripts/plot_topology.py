#!/usr/bin/python3
"""Draw a Hearsay topology: node size by Perron centrality, colour by final decision.

usage: scripts/plot_topology.py FILE [--run FOLDER] [--output PNG] [--layout NAME]

FILE is a Hearsay edge list (.edges), or a GML or GraphML file (read with NetworkX).
--run FOLDER colours each agent by its final decision, read from FOLDER/summary.json
(`final`), else from the last round of FOLDER/beliefs.csv. With --run and no FILE, the run's
own topology.edges is drawn.

Node area is proportional to the agent's entry in the Perron vector v of the combination
matrix A = [a_lk] (A v = v, sum v = 1): its long-run influence on the network's beliefs.
When A is not primitive, all nodes have one size and the title states it.

Needs Debian's python3-networkx, python3-matplotlib and python3-numpy (hence the shebang
/usr/bin/python3 rather than the first python3 on PATH).
"""

import argparse
import csv
import json
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402


class TopologyFileError(Exception):
    """A line of the edge-list file that this script cannot read."""


def read_edge_list(path):
    """Return (names, directed, rule, self_loops, edges) of a Hearsay edge list.

    Follows the format's rules: `key: value` header lines, then `FROM TO [WEIGHT]` lines
    separated by spaces, tabs or commas (optionally with `->` or `--`); `#` starts a comment.
    """
    with open(path, encoding="utf-8-sig") as handle:
        text = handle.read()
    header = {}
    edges = []
    for number, raw in enumerate(text.splitlines(), start=1):
        content = raw.split("#", 1)[0].strip()
        if not content:
            continue
        first = content.split(None, 1)[0].split(",", 1)[0]
        if ":" in first:
            key, value = content.split(":", 1)
            header[key.strip().replace("-", "_")] = value.strip()
            continue
        tokens = [t for t in content.replace(",", " ").split() if t not in ("->", "--")]
        if len(tokens) not in (2, 3):
            raise TopologyFileError(f"{path}:{number}: expected FROM TO [WEIGHT]")
        weight = float(tokens[2]) if len(tokens) == 3 else None
        edges.append((tokens[0], tokens[1], weight))
    directed = header.get("directed", "false").lower() in ("true", "yes", "1")
    has_weights = any(weight is not None for _, _, weight in edges)
    rule = header.get("weights", "given" if has_weights else "uniform").lower()
    self_loops = header.get("self_loops", "implied").lower()
    if "agents" in header:
        tokens = header["agents"].replace(",", " ").split()
        if len(tokens) == 1 and tokens[0].isdigit():
            names = [str(i) for i in range(1, int(tokens[0]) + 1)]
        else:
            names = tokens
    else:
        names = []
        for source, target, _ in edges:
            for name in (source, target):
                if name not in names:
                    names.append(name)
        if all(name.lstrip("-").isdigit() for name in names):
            names.sort(key=int)
    return names, directed, rule, self_loops, edges


def combination_matrix(names, directed, rule, self_loops, edges):
    """Return A with A[l, k] = a_lk, the weight agent k gives to agent l."""
    index = {name: position for position, name in enumerate(names)}
    count = len(names)
    heard = [dict() for _ in range(count)]
    for source, target, weight in edges:
        sender, receiver = index[source], index[target]
        heard[receiver][sender] = weight
        if not directed:
            heard[sender][receiver] = weight
    matrix = np.zeros((count, count))
    if rule == "uniform":
        for receiver in range(count):
            senders = set(heard[receiver])
            if self_loops == "implied":
                senders.add(receiver)
            for sender in senders:
                matrix[sender, receiver] = 1 / len(senders)
    elif rule == "metropolis":
        degree = [len([s for s in heard[k] if s != k]) + 1 for k in range(count)]
        for receiver in range(count):
            for sender in heard[receiver]:
                if sender != receiver:
                    matrix[sender, receiver] = 1 / max(degree[sender], degree[receiver])
            matrix[receiver, receiver] = max(0.0, 1 - matrix[:, receiver].sum())
    else:
        for receiver in range(count):
            for sender, weight in heard[receiver].items():
                matrix[sender, receiver] = weight or 0.0
            if self_loops == "implied" and receiver not in heard[receiver]:
                rest = 1 - matrix[:, receiver].sum()
                if rest > 1e-12:
                    matrix[receiver, receiver] = rest
    return matrix


def perron_vector(matrix):
    """Return v with A v = v, v > 0, sum v = 1, or None when A is not primitive."""
    count = matrix.shape[0]
    vector = np.full(count, 1 / count)
    for _ in range(100_000):
        following = matrix @ vector
        if np.max(np.abs(following - vector)) < 1e-13:
            return following if np.all(following > 0) else None
        vector = following
    return None


def read_foreign(path):
    """Return (names, directed, edges, A) of a GML or GraphML file.

    The rules come from the `weightrule` and `selfloops` graph attributes that Hearsay writes.
    Without them the edge weights are taken as given when there are any, else uniform, and
    only the self-loops in the file exist.
    """
    if path.lower().endswith(".gml"):
        graph = nx.read_gml(path, label="label")
    else:
        graph = nx.read_graphml(path)
    # igraph's GraphML writer numbers the nodes n0, n1, … and keeps the names in `name`.
    name_of = {node: str(data.get("name", node)) for node, data in graph.nodes(data=True)}
    names = [name_of[node] for node in graph.nodes()]
    directed = graph.is_directed()
    has_weights = any("weight" in data for _, _, data in graph.edges(data=True))
    edges = [
        (name_of[u], name_of[v], float(data.get("weight", 0.0)) if has_weights else None)
        for u, v, data in graph.edges(data=True)
    ]
    rule = str(graph.graph.get("weightrule", "given" if has_weights else "uniform"))
    self_loops = str(graph.graph.get("selfloops", "explicit"))
    if rule != "given":
        edges = [(u, v, None) for u, v, _ in edges]
    matrix = combination_matrix(names, directed, rule, self_loops, edges)
    return names, directed, edges, matrix


def final_decisions(folder):
    """Return {agent: decision} from a run folder, or {} when it has none."""
    summary = os.path.join(folder, "summary.json")
    if os.path.exists(summary):
        with open(summary, encoding="utf-8") as handle:
            final = json.load(handle).get("final") or []
        return {entry["agent"]: entry["decision"] for entry in final}
    beliefs = os.path.join(folder, "beliefs.csv")
    if not os.path.exists(beliefs):
        return {}
    with open(beliefs, encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    hypotheses = rows[0][2:]
    last_round = max(int(row[0]) for row in rows[1:])
    decisions = {}
    for row in rows[1:]:
        if int(row[0]) == last_round:
            values = [float(x) for x in row[2:]]
            decisions[row[1]] = hypotheses[int(np.argmax(values))]
    return decisions


def layout(graph, name, seed):
    """Return node positions from the layout called `name`."""
    if name == "circular":
        return nx.circular_layout(graph)
    if name == "kamada-kawai":
        return nx.kamada_kawai_layout(graph)
    if name == "shell":
        return nx.shell_layout(graph)
    return nx.spring_layout(graph, seed=seed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", help="topology: .edges, .gml or .graphml")
    parser.add_argument("--run", help="run folder whose final decisions colour the agents")
    parser.add_argument("--output", help="image to write (default: FILE with .png)")
    parser.add_argument(
        "--layout", default="spring", choices=["spring", "kamada-kawai", "circular", "shell"])
    parser.add_argument("--seed", type=int, default=1, help="seed of the spring layout")
    parser.add_argument("--labels", action="store_true", help="write agent names on nodes")
    arguments = parser.parse_args()

    path = arguments.file
    if path is None:
        if arguments.run is None:
            parser.error("give a topology FILE, or --run FOLDER with a topology.edges")
        path = os.path.join(arguments.run, "topology.edges")
    try:
        if path.lower().endswith((".gml", ".graphml")):
            names, directed, edges, matrix = read_foreign(path)
        else:
            names, directed, rule, self_loops, edges = read_edge_list(path)
            matrix = combination_matrix(names, directed, rule, self_loops, edges)
    except (OSError, TopologyFileError, KeyError, ValueError) as error:
        print(f"plot_topology: cannot read {path}: {error}", file=sys.stderr)
        return 2

    graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(names)
    graph.add_edges_from((u, v) for u, v, _ in edges if u != v)
    perron = perron_vector(matrix)
    if perron is None:
        sizes = [60] * len(names)
        title = f"{os.path.basename(path)}: A is not primitive (no Perron vector)"
        size_note = "equal node sizes (A is not primitive, so it has no Perron vector)"
    else:
        # Area proportional to v_k, scaled so that the mean node has area 120.
        sizes = [max(8.0, 120 * len(names) * value) for value in perron]
        title = f"{os.path.basename(path)}: node area ∝ Perron centrality"
        central = int(np.argmax(perron))
        size_note = (
            f"node area by Perron centrality (largest: agent {names[central]}, "
            f"v = {perron[central]:.4f})"
        )

    colours = "#4c72b0"
    legend = []
    if arguments.run:
        decisions = final_decisions(arguments.run)
        if not decisions:
            print(f"plot_topology: no decisions in {arguments.run}", file=sys.stderr)
            return 2
        kinds = sorted(set(decisions.values()))
        palette = plt.get_cmap("tab10")
        colour_of = {kind: palette(i % 10) for i, kind in enumerate(kinds)}
        colours = [colour_of.get(decisions.get(name), (0.7, 0.7, 0.7, 1)) for name in names]
        legend = [
            plt.Line2D([], [], marker="o", linestyle="", color=colour_of[kind], label=kind)
            for kind in kinds
        ]
        title += "; colour = final decision"
        counts = ", ".join(
            f"{kind} {sum(1 for name in names if decisions.get(name) == kind)}" for kind in kinds
        )
        size_note += f"; colour by final decision in {arguments.run}: {counts}"

    figure, axes = plt.subplots(figsize=(8, 8))
    positions = layout(graph, arguments.layout, arguments.seed)
    nx.draw_networkx_edges(
        graph, positions, ax=axes, alpha=0.3, width=0.6, arrows=directed,
        node_size=sizes)
    nx.draw_networkx_nodes(
        graph, positions, ax=axes, nodelist=names, node_size=sizes, node_color=colours,
        linewidths=0.5, edgecolors="black")
    if arguments.labels:
        nx.draw_networkx_labels(graph, positions, ax=axes, font_size=7)
    if legend:
        axes.legend(handles=legend, title="decision", loc="best")
    axes.set_title(title, fontsize=10)
    axes.set_axis_off()
    output = arguments.output or os.path.splitext(path)[0] + ".png"
    figure.savefig(output, dpi=150, bbox_inches="tight")
    print(f"wrote {output}: {len(names)} agents, {size_note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
