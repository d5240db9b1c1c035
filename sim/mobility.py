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

import networkx as nx
import numpy as np

from sim.calendar import Calendar, IdleClock
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
    """Sector crossing and retraining, with cumulative counters."""

    def __init__(
        self, config: DramaSimConfig, workforce: Workforce, scale: float, rng, horizon_day: int
    ):
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
        self.training_ends = Calendar()
        self.crossing_clock = IdleClock(workforce, rng, self._crossing_hazard, horizon_day)
        self.training_clock = IdleClock(workforce, rng, self._training_hazard, horizon_day)
        # Cumulative counters (simulated people); the recorder takes differences.
        self.long_to_micro = 0
        self.trainees = 0
        self.retrained = 0

    def _crossing_hazard(self, rows: np.ndarray):
        wf, turnover = self.workforce, self.config.turnover
        may = (wf.sector[rows] == LONG) & (wf.employer[rows] < 0)
        after = np.where(may, turnover.cross_prob_per_day, 0.0)
        return turnover.cross_after_idle_days, 0.0, after

    def _training_hazard(self, rows: np.ndarray):
        wf, ai = self.workforce, self.config.ai
        may = (wf.sector[rows] == MICRO) & (wf.employer[rows] < 0)
        after = np.where(may, ai.retrain_apply_prob_per_day * self.retrain_weight[wf.role[rows]], 0)
        return ai.retrain_after_idle_days, 0.0, after

    def watch(self, rows: np.ndarray, day: int) -> None:
        """Idle ``rows`` (from ``day`` on) may cross or apply for training later."""
        self.crossing_clock.watch(rows, day)
        self.training_clock.watch(rows, day)

    def search_and_move(self, day: int) -> np.ndarray:
        """Today's crossings, applications and graduations. Returns the rows whose sector or role
        changed and who are idle (their other idle events must be redrawn)."""
        wf = self.workforce
        graduates = self._finish_training(day)

        crossing = self.crossing_clock.due(day)
        if len(crossing):
            draw = self.rng.random(len(crossing))[:, None]
            wf.role[crossing] = (draw > self.crossing_cdf[wf.role[crossing]]).sum(axis=1)
            wf.sector[crossing] = MICRO
            wf.new_spell(crossing)
            self.long_to_micro += len(crossing)

        self.places = min(self.places + self.places_per_day, max(self.places_per_day * 30, 1.0))
        applicants = self.rng.permutation(self.training_clock.due(day))
        admitted = applicants[: int(self.places)]
        if len(admitted):
            self.places -= len(admitted)
            wf.status[admitted] = RETRAINING
            wf.new_spell(admitted)
            self.training_ends.add(day + self.config.ai.training_days, admitted)
            self.trainees += len(admitted)
        self.training_clock.watch(applicants[len(admitted) :], day + 1)
        return np.concatenate([graduates, crossing])

    def _finish_training(self, day: int) -> np.ndarray:
        done, _ = self.training_ends.pop(day)
        wf = self.workforce
        wf.role[done] = AI_ANIMATOR
        wf.tier[done] = 0
        wf.status[done] = AVAILABLE
        wf.idle_since[done] = day
        self.retrained += len(done)
        return done
