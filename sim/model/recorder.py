"""Record: the time series (a row a month, or a row a day with ``output.timeseries=day``) and the
yearly metrics of ``summary.json``.

Every headcount, day count and title count is multiplied by ``scale`` so that it is in real
people, person-days and titles. Per-title means (team size, shooting days) and shares are not
scaled. Flows (hires, entries, exits, transitions) come from cumulative counters of the processes;
the recorder keeps the counters' values at the start of each row's period and of each year and
reports the differences.
"""

from datetime import date, timedelta

import numpy as np
import pandas as pd

from sim.engine.crediting import month_of_year
from sim.vocabulary import (
    AVAILABLE,
    DAYS_PER_YEAR,
    LEFT,
    LONG,
    LONG_DRAMA,
    MICRO,
    MICRO_AI,
    MICRO_LIVE,
    PHASES,
    RETRAINING,
    ROLE,
    ROLE_GROUPS,
    ROLES,
    SECTORS,
    SHOOTING,
    WAITING,
    WORKING,
    WRITING,
)

START_YEAR = 2025
STABLE_MONTHS = 10
CREW_ROLES = [ROLE[r] for r in ROLE_GROUPS["crew"]]
GROUP_OF_ROLE = np.full(len(ROLES), -1)
for _g, _roles in enumerate(ROLE_GROUPS.values()):
    GROUP_OF_ROLE[[ROLE[r] for r in _roles]] = _g
UNDER_30_DAYS = 30 * DAYS_PER_YEAR
"""Age (days) below which a worker counts as under 30."""


def calendar_date(day: int) -> date:
    """The calendar date of simulated day ``day`` (0 is 1 January of START_YEAR; every year has
    365 days, so there is no 29 February)."""
    years, day_of_year = divmod(day, DAYS_PER_YEAR)
    in_a_common_year = date(2001, 1, 1) + timedelta(days=day_of_year)
    return in_a_common_year.replace(year=START_YEAR + years)


class Recorder:
    """Collects the time-series rows (one at the end of each month, or of each day when
    ``daily``) and closes each simulated year into a flat metrics dict."""

    def __init__(self, model, daily: bool = False):
        self.model = model
        self.daily = daily
        self.rows: list[dict[str, float]] = []
        self.years: list[dict[str, float]] = []
        self._month_start = self._counters()
        self._year_start = self._counters()

    def _counters(self) -> dict[str, float]:
        """Current values of every cumulative flow counter (simulated units)."""
        m = self.model
        return {
            "hires": m.market.hires,
            "travel_hires": m.market.travel_hires,
            "recruits": m.market.recruits,
            "unfilled": m.market.unfilled,
            "openings": m.market.openings,
            "away_hires": m.market.away_hires,
            "slipped": m.slipped_titles,
            **{f"booked.{name}": m.market.booked_days[MICRO, p] for p, name in enumerate(PHASES)},
            "idle_spell_days": m.market.idle_spell_days,
            "idle_spells": m.market.idle_spells,
            "long_to_micro": m.mobility.long_to_micro,
            "trainees": m.mobility.trainees,
            "retrained": m.mobility.retrained,
            "entries": m.turnover.entries + m.market.recruits,
            "exits": m.turnover.exits,
            "studio_closures": m.studio_closures,
            "orders_lapsed": m.orders_lapsed,
            "studios_founded": len(m.studios),
        }

    @staticmethod
    def _flows(now: dict[str, float], before: dict[str, float]) -> dict[str, float]:
        return {key: now[key] - before[key] for key in now}

    def record(self, day: int) -> None:
        """Snapshot at the end of a month, or of any day when ``daily`` (``day`` is the first
        day of the next); flows count since the previous row.

        ``month`` is the model's month of the last day covered (months are the twelve 30-31-day
        slices of :func:`~sim.workforce.month_of_year`); ``date`` is the first day of that month
        in a monthly series, the day covered in a daily one."""
        m = self.model
        s = m.scale
        wf, prod = m.workforce, m.productions
        now = self._counters()
        flows = self._flows(now, self._month_start)
        self._month_start = now
        years, day_of_year = divmod(day - 1, DAYS_PER_YEAR)
        month = 12 * years + month_of_year.py_func(day_of_year)
        row: dict[str, float] = {
            "month": month,
            "date": calendar_date(day - 1)
            if self.daily
            else date(START_YEAR + month // 12, month % 12 + 1, 1),
            "day": day,
        }
        census = wf.census(month % 12)  # by status, sector, role, core member, worked in month
        by_sector = census.sum(axis=(2, 3))  # by status, sector, worked in the month
        # Worked in the month: credited some day of it, or working today.
        worked = by_sector[..., 1].sum(axis=0) + by_sector[WORKING, :, 0]
        active = by_sector.sum(axis=(0, 2)) - by_sector[LEFT].sum(axis=-1)
        by_sector_role = census[WORKING].sum(axis=(2, 3))
        for sector, name in enumerate(SECTORS):
            row[f"worked.{name}"] = worked[sector] * s
        row["flows.openings"] = flows["openings"] * s
        row["flows.unfilled"] = flows["unfilled"] * s
        row["flows.orders_lapsed"] = flows["orders_lapsed"] * s
        row["workforce.idle"] = census[AVAILABLE].sum() * s
        row["transitions.long_to_micro_total"] = now["long_to_micro"] * s
        for sector, name in enumerate(SECTORS):
            row[f"employed.{name}"] = by_sector_role[sector].sum() * s
            row[f"workforce.{name}"] = active[sector] * s
            for r, role in enumerate(ROLES):
                row[f"employed.{name}.{role}"] = by_sector_role[sector, r] * s
        row["workforce.retraining"] = census[RETRAINING].sum() * s
        phase = prod.phase
        for code, name in ((WAITING, "waiting"), *enumerate(PHASES)):
            row[f"titles.{name}"] = np.count_nonzero(phase == code) * s
        month_titles = prod.finished_between(self._last_month_day(), day)
        for sector, name in enumerate(SECTORS):
            row[f"titles.completed.{name}"] = (
                np.count_nonzero(prod.sector[month_titles] == sector) * s
            )
        for key in ("hires", "travel_hires", "entries", "exits", "long_to_micro", "retrained"):
            row[f"flows.{key}"] = flows[key] * s
        row["studios.micro"] = len(m.open_micro_studios()) * s
        self.rows.append(row)

    def _last_month_day(self) -> int:
        return int(self.rows[-1]["day"]) if self.rows else 0

    def close_year(self, year_end: int) -> None:
        """Credit running jobs up to ``year_end``, compute the year's metrics, reset counters."""
        m = self.model
        wf = m.workforce
        year_start = year_end - DAYS_PER_YEAR
        working = np.flatnonzero(wf.status == WORKING)
        m.market.credit(working, year_end, year_start)
        now = self._counters()
        flows = self._flows(now, self._year_start)
        self._year_start = now
        self.years.append(self._year_metrics(year_start, year_end, flows))
        wf.reset_year()

    def _year_metrics(self, year_start: int, year_end: int, flows: dict[str, float]) -> dict:
        m = self.model
        s = m.scale
        wf, prod = m.workforce, m.productions
        out: dict[str, float] = {"year": START_YEAR + year_start // DAYS_PER_YEAR}

        done = prod.finished_between(year_start, year_end)
        kind = prod.kind[done]
        micro = done[kind != LONG_DRAMA]
        live = done[kind == MICRO_LIVE]
        long = done[kind == LONG_DRAMA]
        n_micro = max(len(micro), 1)
        out["micro.titles_per_month"] = len(micro) * s / 12
        out["micro.titles_per_year"] = len(micro) * s
        out["micro.team_size_mean"] = _mean(prod.shoot_team[live])
        out["micro.shoot_days_mean"] = _mean(prod.days[live, SHOOTING])
        writing = prod.team[micro, WRITING, ROLE["screenwriter"]] * prod.days[micro, WRITING]
        out["micro.writing_days_per_title"] = _mean(writing)
        crew_days = prod.team[live, SHOOTING][:, CREW_ROLES].sum(axis=1) * prod.days[live, SHOOTING]
        out["micro.crew_days_per_live_title"] = _mean(crew_days)
        out["micro.experienced_share_required"] = _mean(prod.experienced_share[micro])
        out["ai.title_share"] = np.count_nonzero(kind == MICRO_AI) / n_micro
        out["business_model.free_share"] = np.count_nonzero(prod.free[micro]) / n_micro

        days_micro = wf.days_micro.astype(np.int64)
        days_long = wf.days_long.astype(np.int64)
        worked_micro, worked_long = days_micro > 0, days_long > 0
        out["micro.direct_employment"] = np.count_nonzero(worked_micro) * s
        out["micro.working_days"] = days_micro.sum() * s
        out["long.direct_employment"] = np.count_nonzero(worked_long) * s
        out["long.working_days"] = days_long.sum() * s
        out["long.titles_per_year"] = len(long) * s
        out["long.tv_series_per_year"] = np.count_nonzero(prod.tv[long]) * s
        out["long.web_series_per_year"] = np.count_nonzero(~prod.tv[long]) * s
        n_roles = len(ROLES)
        micro_people = np.bincount(wf.role[worked_micro], minlength=n_roles)
        micro_days = np.bincount(wf.role, weights=days_micro, minlength=n_roles)
        long_people = np.bincount(wf.role[worked_long], minlength=n_roles)
        for r, role in enumerate(ROLES):
            out[f"micro.employment.{role}"] = micro_people[r] * s
            out[f"micro.working_days.{role}"] = micro_days[r] * s
            out[f"long.employment.{role}"] = long_people[r] * s

        days = days_micro + days_long
        worked = days > 0
        out["stability.days_worked_median"] = _median(days[worked])
        out["stability.days_worked_median.micro"] = _median(days[worked_micro & ~worked_long])
        out["stability.days_worked_median.long"] = _median(days[worked_long & ~worked_micro])
        core = (wf.employer >= 0) & (wf.core_since >= 0) & (wf.core_since <= year_start)
        out["stability.core_projects_per_year_median"] = _median(wf.titles_micro[core])
        freelance_micro = worked_micro & (wf.employer < 0)
        out["stability.freelance_projects_per_year_median"] = _median(
            wf.titles_micro[freelance_micro]
        )
        out["stability.idle_spell_mean_days"] = flows["idle_spell_days"] / max(
            flows["idle_spells"], 1
        )
        months = np.bitwise_count(wf.months_worked[worked].astype(np.uint32))
        out["stability.stable_share"] = _mean(months >= STABLE_MONTHS)
        out["stability.stable_share.micro"] = _mean(
            np.bitwise_count(wf.months_worked[worked_micro].astype(np.uint32)) >= STABLE_MONTHS
        )
        out["stability.stable_share.long"] = _mean(
            np.bitwise_count(wf.months_worked[worked_long].astype(np.uint32)) >= STABLE_MONTHS
        )
        income = wf.income_yuan[worked]
        out["income.median_yuan"] = _median(income)
        out.update(self._groups(worked, days))
        out.update(self._regions(worked, year_end))
        out["income.day_rate_index"] = wf.income_yuan[worked].sum() / max(
            (days[worked] * m.market.pay.base[wf.role[worked]]).sum(), 1.0
        )

        out["transitions.long_to_micro"] = flows["long_to_micro"] * s
        out["transitions.long_to_micro_total"] = m.mobility.long_to_micro * s
        out["ai.animator_employment"] = out["micro.employment.ai_animator"]
        out["ai.trainees"] = flows["trainees"] * s
        out["ai.retrained"] = flows["retrained"] * s
        out["workforce.entries"] = flows["entries"] * s
        out["workforce.exits"] = flows["exits"] * s
        active = wf.active()
        out["workforce.micro"] = np.count_nonzero(active & (wf.sector == MICRO)) * s
        out["workforce.long"] = np.count_nonzero(active & (wf.sector == LONG)) * s
        hires = max(flows["hires"], 1)
        out["market.hires"] = flows["hires"] * s
        out["market.cross_region_share"] = flows["away_hires"] / hires
        out["market.travel_hire_share"] = flows["travel_hires"] / hires
        out["market.openings"] = flows["openings"] * s
        out["market.unfilled_share"] = flows["unfilled"] / max(flows["openings"], 1)
        out["market.slipped_titles"] = flows["slipped"] * s
        for name in PHASES:
            out[f"micro.working_days.phase.{name}"] = flows[f"booked.{name}"] * s
        out["market.recruits"] = flows["recruits"] * s
        out["studios.micro_open"] = len(m.open_micro_studios()) * s
        out["studios.closures"] = flows["studio_closures"] * s
        out["studios.founded"] = flows["studios_founded"] * s
        out["studios.count"] = out["studios.micro_open"]
        out["studios.entries"] = out["studios.founded"]
        out["studios.exits"] = out["studios.closures"]
        out.update(m.firm_sizes(year_start, year_end))
        out["studios.commission_index"] = m.commission_index
        out["studios.titles_waiting"] = np.count_nonzero(prod.phase == WAITING) * s
        out["studios.orders_lapsed"] = flows["orders_lapsed"] * s

        names = m.regions.names
        region = prod.region[micro]
        out["regions.henan_title_share"] = (
            np.count_nonzero(region == names.index("henan")) / n_micro
        )
        costume = live[prod.costume[live]]
        out["regions.hengdian_costume_share"] = _mean(
            prod.region[costume] == names.index("hengdian")
        )
        out["regions.xian_post_share"] = (
            np.count_nonzero(prod.post_region[micro] == names.index("xian")) / n_micro
        )
        gig = wf.gig & (days > 0)
        out["policy.gig_workers_employed"] = np.count_nonzero(gig) * s

        # A hit takes viewers from other titles: the audience, not the lottery of hits, sets the
        # platforms' total revenue, so spillover uses each title's expected revenue.
        bm = m.config.business_model
        expected_revenue = bm.revenue_per_title_yuan * (
            len(live) + m.config.studios.ai_revenue_factor * (len(micro) - len(live))
        )
        demand = m.io_table.final_demand(
            platform_revenue_yuan=expected_revenue * s,
            budget_yuan=prod.budget_yuan[micro].sum() * s,
            travel_yuan=prod.travel_yuan[micro].sum() * s,
        )
        jobs = m.io_table.indirect_jobs(demand)
        for name, value in zip(m.config.spillover.sectors, jobs, strict=True):
            out[f"spillover.{name}"] = value
        out["micro.indirect_employment"] = jobs.sum()
        out["micro.total_employment"] = out["micro.direct_employment"] + jobs.sum()
        out["spillover.multiplier"] = out["micro.total_employment"] / max(
            out["micro.direct_employment"], 1
        )
        return {key: float(value) for key, value in out.items()}

    def _groups(self, worked: np.ndarray, days: np.ndarray) -> dict[str, float]:
        """Days worked, contracts and day rates (yuan) by group (cast, crew, extras): medians
        over the people of the group who worked in the year."""
        wf = self.model.workforce
        group = GROUP_OF_ROLE[wf.role]
        out = {}
        for g, name in enumerate(ROLE_GROUPS):
            people = worked & (group == g)
            out[f"stability.days_worked_median.{name}"] = _median(days[people])
            out[f"stability.contracts_per_year_median.{name}"] = _median(wf.contracts[people])
            rate = wf.income_yuan[people] / np.maximum(days[people], 1)
            out[f"income.day_rate_median.{name}"] = _median(rate)
        return out

    def _regions(self, worked: np.ndarray, year_end: int) -> dict[str, float]:
        """By region of residence: people who worked in the year, by role, and the shares of
        them under 30 (at the year's end) and with a college degree."""
        m = self.model
        wf, s = m.workforce, m.scale
        out = {}
        region = wf.region[worked]
        role = wf.role[worked]
        young = (year_end - wf.born_day[worked]) < UNDER_30_DAYS
        college = wf.college[worked]
        counts = np.bincount(
            region.astype(np.int64) * len(ROLES) + role, minlength=len(m.regions) * len(ROLES)
        ).reshape(len(m.regions), len(ROLES))
        people = np.maximum(counts.sum(axis=1), 1)
        under_30 = np.bincount(region, weights=young, minlength=len(m.regions)) / people
        with_college = np.bincount(region, weights=college, minlength=len(m.regions)) / people
        for r, name in enumerate(m.regions.names):
            for k, role_name in enumerate(ROLES):
                out[f"regions.{name}.employment.{role_name}"] = counts[r, k] * s
            out[f"regions.{name}.share_under_30"] = under_30[r]  # 0 where no one worked
            out[f"regions.{name}.share_college"] = with_college[r]
        return out

    def summary(self) -> dict[str, float]:
        """The metrics of the last full year."""
        if not self.years:
            raise RuntimeError("no full year simulated yet: run at least 365 days")
        return dict(self.years[-1])

    def timeseries(self) -> pd.DataFrame:
        """The rows recorded so far; ``date`` as datetime64[ns]."""
        frame = pd.DataFrame(self.rows)
        if "date" in frame:
            frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
        return frame


def _mean(values: np.ndarray) -> float:
    return float(np.mean(values)) if len(values) else 0.0


def _median(values: np.ndarray) -> float:
    return float(np.median(values)) if len(values) else 0.0
