"""Production clusters as a networkx graph, and the choices that depend on them.

Nodes are the clusters of ``scenario.regions`` with their attributes (cost index, period sets,
post-production capacity, studio pull, long-drama share); edges are the links of
``scenario.region_links`` (fast rail and habitual crew movements). Travel cost between two
clusters is the number of links on the shortest path times
``market.travel_yuan_per_day_per_link`` (yuan per traveller-day).
"""

import networkx as nx
import numpy as np

from sim.config import DramaSimConfig


class Regions:
    """The region graph plus the probability vectors the model samples from."""

    def __init__(self, config: DramaSimConfig):
        regions = config.scenario.regions
        self.names: list[str] = list(regions)
        self.graph = nx.Graph()
        for name, region in regions.items():
            self.graph.add_node(name, **vars(region))
        self.graph.add_edges_from(tuple(link) for link in config.scenario.region_links)
        hops = dict(nx.all_pairs_shortest_path_length(self.graph))
        n = len(self.names)
        far = n  # clusters not linked at all count as the farthest possible
        self.hops = np.array(
            [[hops[a].get(b, far) for b in self.names] for a in self.names], dtype=np.int16
        )
        self.travel_yuan_per_day = self.hops * config.market.travel_yuan_per_day_per_link

        def attribute(key: str) -> np.ndarray:
            return np.array([getattr(regions[name], key) for name in self.names], dtype=float)

        self.cost_index = attribute("cost_index")
        # Studios weigh each cluster's pull against its cost.
        self.studio_location = _normalise(attribute("studio_pull") / self.cost_index)
        # A costume-period shoot goes where the period sets are.
        self.period_location = _normalise(attribute("period_sets"))
        self.post_location = _normalise(attribute("post_capacity"))
        self.long_location = _normalise(attribute("long_share"))
        self._cumulative = {
            name: _cumulative(getattr(self, name))
            for name in ("period_location", "post_location", "long_location")
        }
        self.index = {name: i for i, name in enumerate(self.names)}

    def __len__(self) -> int:
        return len(self.names)

    def draw(self, rng: np.random.Generator, location: str, size: int) -> np.ndarray:
        """``size`` cluster indices drawn with the probabilities ``location``:
        ``"period_location"``, ``"post_location"`` or ``"long_location"`` (studios are placed by
        :func:`sim.model.model.systematic_sample` from ``studio_location``).

        The same draws as ``rng.choice(len(self), size, p=...)`` from the same state (NumPy draws
        one uniform per index and looks it up in the normalised cumulative sum), without its
        checks of the probabilities on every call: about 4 us a call against 25.
        """
        return self._cumulative[location].searchsorted(rng.random(size), side="right")


def _cumulative(probabilities: np.ndarray) -> np.ndarray:
    cumulative = probabilities.cumsum()
    return cumulative / cumulative[-1]


def _normalise(weights: np.ndarray) -> np.ndarray:
    total = weights.sum()
    if total <= 0:
        return np.full(len(weights), 1 / len(weights))
    return weights / total
