"""Search and move: idle workers cross from long to micro dramas, or retrain as AI animators.

The occupational-mobility network (``market.mobility``, a networkx DiGraph of roles weighted by
transferability, after del Rio-Chanona et al. 2021) decides where a worker can go:

* a long-drama worker idle for more than ``turnover.cross_after_idle_days`` turns to micro dramas
  with probability ``turnover.cross_prob_per_day`` a day, taking a role drawn in proportion to
  the network's weights (AI animation excluded: that needs training);
* a micro-drama worker idle for more than ``ai.retrain_after_idle_days`` applies for AI-animator
  training with probability ``ai.retrain_apply_prob_per_day`` times the weight of the edge from
  their role to ``ai_animator``; ``ai.training_places_per_year`` places exist (real people), and
  training takes ``ai.training_days`` days, after which the worker is an AI animator.
"""

from collections import defaultdict

import networkx as nx
import numpy as np

from sim.config import DramaSimConfig
from sim.roles import AVAILABLE, LONG, MICRO, RETRAINING, ROLE, ROLES
from sim.workforce import Workforce

AI_ANIMATOR = ROLE["ai_animator"]


def mobility_network(config: DramaSimConfig) -> nx.DiGraph:
    """The role graph with ``transferability`` weights on its edges."""
    graph = nx.DiGraph()
    graph.add_nodes_from(ROLES)
    for source, targets in config.market.mobility.items():
        for target, weight in targets.items():
            graph.add_edge(source, target, transferability=weight)
    return graph


class Mobility:
    """Sector crossing and retraining, with the year's counters."""

    def __init__(self, config: DramaSimConfig, workforce: Workforce, scale: float, rng):
        self.config = config
        self.workforce = workforce
        self.rng = rng
        graph = mobility_network(config)
        n = len(ROLES)
        weights = np.zeros((n, n))
        for source, target, weight in graph.edges(data="transferability"):
            weights[ROLE[source], ROLE[target]] = weight
        self.retrain_weight = weights[:, AI_ANIMATOR].copy()
        self.retrain_weight[AI_ANIMATOR] = 0.0
        crossing = weights.copy()
        crossing[:, AI_ANIMATOR] = 0.0
        crossing[AI_ANIMATOR, AI_ANIMATOR] = 1.0
        self.crossing_cdf = np.cumsum(crossing / crossing.sum(axis=1, keepdims=True), axis=1)
        self.places_per_day = config.ai.training_places_per_year / 365 / scale
        self.places = 0.0
        self.training_ends: dict[int, list[np.ndarray]] = defaultdict(list)
        # Cumulative counters (simulated people); the recorder takes differences.
        self.long_to_micro = 0
        self.trainees = 0
        self.retrained = 0

    def search_and_move(self, day: int, available: np.ndarray) -> None:
        """Cross sectors and start or finish training; ``available`` are the idle workers."""
        self._finish_training(day)
        wf = self.workforce
        idle_days = day - wf.idle_since[available]
        turnover, ai = self.config.turnover, self.config.ai
        long = available[
            (wf.sector[available] == LONG)
            & (idle_days > turnover.cross_after_idle_days)
            & (wf.employer[available] < 0)
        ]
        crossing = long[self.rng.random(len(long)) < turnover.cross_prob_per_day]
        if len(crossing):
            draw = self.rng.random(len(crossing))[:, None]
            new_role = (draw > self.crossing_cdf[wf.role[crossing]]).sum(axis=1)
            wf.role[crossing] = new_role
            wf.sector[crossing] = MICRO
            self.long_to_micro += len(crossing)

        self.places = min(self.places + self.places_per_day, max(self.places_per_day * 30, 1.0))
        micro = available[
            (wf.sector[available] == MICRO)
            & (idle_days > ai.retrain_after_idle_days)
            & (wf.employer[available] < 0)
        ]
        apply = (
            self.rng.random(len(micro))
            < ai.retrain_apply_prob_per_day * self.retrain_weight[wf.role[micro]]
        )
        admitted = self.rng.permutation(micro[apply])[: int(self.places)]
        if len(admitted):
            self.places -= len(admitted)
            wf.status[admitted] = RETRAINING
            self.training_ends[day + ai.training_days].append(admitted)
            self.trainees += len(admitted)

    def _finish_training(self, day: int) -> None:
        batches = self.training_ends.pop(day, [])
        if not batches:
            return
        done = np.concatenate(batches)
        wf = self.workforce
        wf.role[done] = AI_ANIMATOR
        wf.tier[done] = 0
        wf.status[done] = AVAILABLE
        wf.idle_since[done] = day
        self.retrained += len(done)
