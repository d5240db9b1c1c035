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

Both are hazards on idle days from the day after a worker became idle or changed;
:mod:`sim.engine.idle` draws the days on which they fire.
"""

import networkx as nx
import numpy as np

from sim.config import DramaSimConfig
from sim.engine.calendar import Calendar
from sim.engine.idle import CROSS, TRAIN, IdleEvents
from sim.model.workforce import Workforce
from sim.vocabulary import AVAILABLE, DAYS_PER_YEAR, LONG, MICRO, RETRAINING, ROLE, ROLES

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
    """Sector crossing and retraining, with cumulative counters. The crossing and training
    hazards are set on ``idle``, which says who crosses and who applies."""

    def __init__(
        self, config: DramaSimConfig, workforce: Workforce, scale: float, rng, idle: IdleEvents
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
        self.places_per_day = config.ai.training_places_per_year / DAYS_PER_YEAR / scale
        self.places = 0.0
        self.training_ends = Calendar()
        self.idle = idle
        idle.set_hazard(CROSS, self.crossing_hazard)
        idle.set_hazard(TRAIN, self.training_hazard)
        # Cumulative counters (simulated people); the recorder takes differences.
        self.long_to_micro = 0
        self.trainees = 0
        self.retrained = 0

    def renumber(self, where: np.ndarray) -> None:
        """Rows were renumbered: row ``r`` is now ``where[r]`` (see
        :meth:`sim.engine.table.ColumnTable.keep`)."""
        self.training_ends.renumber(where)

    def crossing_hazard(self, sector, role, gig, employee):
        """The crossing hazard (a :data:`sim.engine.idle.Hazard`): freelance long-drama workers
        cross with ``turnover.cross_prob_per_day`` a day once idle for more than
        ``turnover.cross_after_idle_days`` days."""
        turnover = self.config.turnover
        may = (sector == LONG) & ~employee
        return turnover.cross_after_idle_days, 0.0, np.where(may, turnover.cross_prob_per_day, 0.0)

    def training_hazard(self, sector, role, gig, employee):
        """The training hazard (a :data:`sim.engine.idle.Hazard`): freelance micro-drama workers
        apply
        with ``ai.retrain_apply_prob_per_day`` times their role's edge to ``ai_animator`` a day
        once idle for more than ``ai.retrain_after_idle_days`` days."""
        ai = self.config.ai
        may = (sector == MICRO) & ~employee
        after = np.where(may, ai.retrain_apply_prob_per_day * self.retrain_weight[role], 0.0)
        return ai.retrain_after_idle_days, 0.0, after

    def search_and_move(self, day: int) -> np.ndarray:
        """Today's crossings, applications and graduations. Returns the rows whose sector or role
        changed and who are idle (their idle events must be drawn again, from tomorrow)."""
        wf = self.workforce
        graduates = self._finish_training(day)

        crossing = self.idle.due(CROSS, day)
        if len(crossing):
            draw = self.rng.random(len(crossing))[:, None]
            wf.role[crossing] = (draw > self.crossing_cdf[wf.role[crossing]]).sum(axis=1)
            wf.sector[crossing] = MICRO
            wf.new_spell(crossing)
            self.long_to_micro += len(crossing)

        self.places = min(self.places + self.places_per_day, max(self.places_per_day * 30, 1.0))
        applicants = self.rng.permutation(self.idle.due(TRAIN, day))
        admitted = applicants[: int(self.places)]
        if len(admitted):
            self.places -= len(admitted)
            wf.status[admitted] = RETRAINING
            wf.new_spell(admitted)
            self.training_ends.add(day + self.config.ai.training_days, admitted)
            self.trainees += len(admitted)
        self.idle.watch(applicants[len(admitted) :], day + 1)  # turned away: apply again
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
