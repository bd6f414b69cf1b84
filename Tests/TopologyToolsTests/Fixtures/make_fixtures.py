#!/usr/bin/python3
"""Write the NetworkX fixtures of TopologyToolsTests with NetworkX's own writers.

Run from this folder with Debian's Python (python3-networkx, python3-numpy):
    /usr/bin/python3 make_fixtures.py
The tests read the files this writes and never run Python themselves.
"""

import networkx as nx
import numpy as np


def write_all(graph, stem, formats):
    """Write `graph` as stem.gml, stem.graphml, stem.net, stem.ncol and stem.csv, as listed."""
    if "gml" in formats:
        nx.write_gml(graph, f"{stem}.gml")
    if "graphml" in formats:
        nx.write_graphml(graph, f"{stem}.graphml")
    if "pajek" in formats:
        nx.write_pajek(graph, f"{stem}.net")
    if "ncol" in formats:
        if nx.get_edge_attributes(graph, "weight"):
            nx.write_weighted_edgelist(graph, f"{stem}.ncol")
        else:
            nx.write_edgelist(graph, f"{stem}.ncol", data=False)
    if "csv" in formats:
        nodes = list(graph.nodes())
        matrix = nx.to_numpy_array(graph, nodelist=nodes, weight="weight")
        with open(f"{stem}.csv", "w") as handle:
            handle.write("," + ",".join(str(node) for node in nodes) + "\n")
            for node, row in zip(nodes, matrix):
                handle.write(str(node) + "," + ",".join(repr(float(x)) for x in row) + "\n")


ALL = {"gml", "graphml", "pajek", "ncol", "csv"}

# Directed, stochastic weights with self-loops: every agent's incoming weights sum to 1.
weighted = nx.DiGraph()
for sender, receiver, weight in [
    ("alice", "alice", 0.5), ("eve", "alice", 0.5),
    ("bob", "bob", 0.375), ("alice", "bob", 0.625),
    ("carol", "carol", 0.2), ("bob", "carol", 0.3), ("alice", "carol", 0.5),
    ("dave", "dave", 0.7), ("carol", "dave", 0.3),
    ("eve", "eve", 0.25), ("dave", "eve", 0.75),
]:
    weighted.add_edge(sender, receiver, weight=weight)
write_all(weighted, "weighted", ALL)

# Undirected with symmetric Metropolis weights written out, self-loops included.
base = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("a", "c")])
metropolis = nx.Graph()
for node in base.nodes():
    metropolis.add_node(node)
for u, v in base.edges():
    metropolis.add_edge(u, v, weight=1 / max(base.degree(u) + 1, base.degree(v) + 1))
for node in base.nodes():
    rest = 1 - sum(metropolis[node][other]["weight"] for other in base.neighbors(node))
    metropolis.add_edge(node, node, weight=rest)
write_all(metropolis, "symmetric", ALL)

# Unweighted, with an isolated agent `zed` (NCOL cannot hold an isolated node).
isolated = nx.Graph([("alice", "bob"), ("bob", "carol"), ("carol", "alice")])
isolated.add_node("zed")
write_all(isolated, "isolated", ALL - {"ncol"})

# Periodic path 1-2-3 without self-loops.
write_all(nx.Graph([(1, 2), (2, 3)]), "path", ALL)

# Undirected triangle with explicit self-loops.
triangle = nx.Graph([(1, 2), (2, 3), (3, 1)])
triangle.add_edges_from([(1, 1), (2, 2), (3, 3)])
write_all(triangle, "triangle", ALL)

# Weights that are not stochastic: agent 3 sums to 0.8, agent 4 hears nobody, one weight < 0.
broken = nx.DiGraph()
broken.add_nodes_from([1, 2, 3, 4, 5])
for sender, receiver, weight in [
    (1, 1, 0.5), (2, 1, 0.5), (1, 2, 0.7), (2, 2, 0.3),
    (2, 3, 0.5), (3, 3, 0.3), (3, 5, 1.2), (5, 5, -0.2),
]:
    broken.add_edge(sender, receiver, weight=weight)
write_all(broken, "nonstochastic", ALL)

# Ids with gaps and names: a directed cycle each.
write_all(nx.DiGraph([(1, 5), (5, 1000), (1000, 1)]), "gaps", ALL)
write_all(nx.DiGraph([("alice", "bob"), ("bob", "carol"), ("carol", "alice")]), "names", ALL)

# Duplicates in an undirected multigraph: {1,2} three times, {2,3} once (CSV cannot hold them).
duplicates = nx.MultiGraph()
duplicates.add_edge(1, 2, weight=0.4)
duplicates.add_edge(1, 2, weight=0.4)
duplicates.add_edge(2, 1, weight=0.4)
duplicates.add_edge(2, 3, weight=0.6)
write_all(duplicates, "duplicates", {"gml", "graphml", "pajek", "ncol"})

# In a directed graph 1 -> 2 and 2 -> 1 are two edges, not a duplicate.
write_all(nx.DiGraph([(1, 2), (2, 1), (2, 3), (3, 1)]), "opposite", ALL)

# A directed graph with a sink component {4, 5}: it hears 3 but nobody hears it.
write_all(nx.DiGraph([(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 4)]), "sink", ALL)

# Two undirected triangles that share no edge.
write_all(nx.Graph([(1, 2), (2, 3), (3, 1), (4, 5), (5, 6), (6, 4)]), "disconnected", ALL)
