"""The Mesa agents: studios (queue and shooting units, earnings, closing on losses, growing
after hits) and platforms (business model, user growth, commissions). Each test breaks if the
behaviour it names is taken out of sim/studios.py or sim/platforms.py."""

from collections import deque

import numpy as np
import pytest

from sim.config import DramaSimConfig, PlatformConfig
from sim.model import DramaLabourModel
from sim.model.platforms import Platform, platform_free_share
from sim.model.studios import Studio
from sim.vocabulary import DAYS_PER_MONTH, LONG, MICRO


def small_model(**business_model) -> DramaLabourModel:
    config = DramaSimConfig(scale=1000.0, years=1, seed=5)
    for key, value in business_model.items():
        setattr(config.business_model, key, value)
    return DramaLabourModel(config)


@pytest.fixture(scope="module")
def model() -> DramaLabourModel:
    return small_model()


def open_micro_studio(model: DramaLabourModel) -> Studio:
    return next(s for s in model.studios if s.sector == MICRO and not s.closed)


def cash_to_grow(model: DramaLabourModel, studio: Studio) -> tuple[float, float]:
    """Cash (yuan) that leaves ``studio`` just above the growth line once it has paid the
    month's unit costs, and those costs (yuan)."""
    policy = model.config.studios
    unit_cost = policy.unit_cost_yuan_per_day * studio.units * DAYS_PER_MONTH
    cash = policy.growth_cash_titles * model.mean_live_budget_yuan * studio.units + unit_cost + 1.0
    return cash, unit_cost


# ------------------------------------------------------------------ studios
def test_next_shoots_gives_each_free_unit_one_title_in_queue_order(model):
    studio = Studio(model, 9999, MICRO, 0, 0.0, units=3, cash_yuan=0.0)
    studio.unit_free_day = [10, 12, 10]
    studio.queue = deque([101, 102, 103, 104])
    length = {101: 5, 102: 6, 103: 7, 104: 8}
    started = studio.next_shoots(10, length.__getitem__)
    # Units 0 and 2 are free on day 10; unit 1 is busy until day 12.
    assert started == [(101, 15), (102, 16)]
    assert studio.unit_free_day == [15, 12, 16]
    assert list(studio.queue) == [103, 104]
    assert studio.next_shoots(11, length.__getitem__) == []  # none free
    assert studio.next_shoots(12, length.__getitem__) == [(103, 19)]
    studio.queue.clear()
    assert studio.next_shoots(30, length.__getitem__) == []  # nothing queued
    studio.remove()


def test_earn_books_profits_and_losses(model):
    studio = Studio(model, 9998, MICRO, 0, 0.0, units=1, cash_yuan=100.0)
    studio.earn(250.5)
    studio.earn(-400.0)
    assert studio.cash_yuan == pytest.approx(-49.5)
    studio.remove()


def test_a_micro_studio_short_of_cash_closes_at_its_review():
    model = small_model()
    model.run_for(25)
    while np.count_nonzero(model.productions.sector == MICRO) < 2:  # two titles to requeue
        model.step()
    studio = open_micro_studio(model)
    budget = model.mean_live_budget_yuan
    policy = model.config.studios
    core = model.market.core_teams.members_of(np.array([studio.index])).copy()
    assert len(core) > 0
    queued = np.flatnonzero(model.productions.sector == MICRO)[:2].tolist()
    assert len(queued) == 2
    studio.queue.extend(queued)
    closures = model.studio_closures
    studio.cash_yuan = policy.closure_cash_titles * budget - 1.0  # just below the line
    studio.review_month()
    assert studio.closed and studio not in model.agents
    assert model.studio_closures == closures + 1
    assert np.all(model.workforce.employer[core] == -1)  # the core team turns freelance
    assert len(model.market.core_teams.members_of(np.array([studio.index]))) == 0
    assert not studio.queue
    for title in queued:  # its queue goes to studios still open
        assert not model.studios[model.productions.studio[title]].closed


def test_a_studio_with_cash_above_the_line_stays_open(model):
    studio = open_micro_studio(model)
    budget = model.mean_live_budget_yuan
    policy = model.config.studios
    unit_cost = policy.unit_cost_yuan_per_day * studio.units * DAYS_PER_MONTH
    studio.cash_yuan = policy.closure_cash_titles * budget + unit_cost + 1.0
    units = studio.units
    studio.review_month()
    assert not studio.closed and studio.units == units


def test_a_studio_after_hits_adds_a_unit_and_pays_for_it():
    model = small_model()
    studio = open_micro_studio(model)
    policy, budget = model.config.studios, model.mean_live_budget_yuan
    cash, unit_cost = cash_to_grow(model, studio)
    studio.cash_yuan = cash
    studio.queue.extend([0] * studio.units)  # its units are all spoken for
    units, free_days = studio.units, list(studio.unit_free_day)
    model.growing = []
    studio.review_month()
    studio.queue.clear()
    assert studio.units == units + 1
    assert studio.unit_free_day == [*free_days, model.day]
    assert studio.cash_yuan == pytest.approx(
        cash - unit_cost - policy.founding_cash_titles * budget
    )
    assert model.growing == [studio]
    core = len(model.market.core_teams.members_of(np.array([studio.index])))
    model.hire_core_team(model.growing, units=1)  # as the model's monthly review does
    assert len(model.market.core_teams.members_of(np.array([studio.index]))) > core


@pytest.mark.parametrize(
    ("queued", "scripts", "grows"), [(0, 1, True), (1, 0, True), (0, 0, False)]
)
def test_growth_reads_the_whole_order_book(queued, scripts, grows):
    """Scripts still being written count towards growth as titles waiting do: both are orders
    the studio's units will have to shoot (the book platforms read, section 7.7)."""
    model = small_model()
    studio = open_micro_studio(model)
    studio.cash_yuan, _ = cash_to_grow(model, studio)
    per_unit = model.config.studios.growth_book_titles_per_unit
    studio.queue.extend([0] * int(queued * per_unit * studio.units))
    studio.scripts = int(scripts * per_unit * studio.units)
    units = studio.units
    model.growing = []
    studio.review_month()
    studio.queue.clear()
    assert (studio.units == units + 1) is grows


def test_a_studio_at_its_largest_does_not_grow(model):
    studio = open_micro_studio(model)
    studio.units = model.config.studios.max_units
    studio.unit_free_day = [0] * studio.units
    studio.cash_yuan = 1e6 * model.config.studios.growth_cash_titles * model.mean_live_budget_yuan
    studio.queue.extend([0] * 10 * studio.units)
    model.growing = []
    studio.review_month()
    studio.queue.clear()
    assert studio.units == model.config.studios.max_units and model.growing == []


def test_long_drama_companies_neither_close_nor_grow(model):
    studio = next(s for s in model.studios if s.sector == LONG)
    for cash in (-1e15, 1e15):
        studio.cash_yuan = cash
        studio.review_month()
        assert not studio.closed and studio.units == 1


def test_heavy_losses_close_studios_in_a_running_model():
    """Closing is what the monthly review does with losses: with paid titles sold far below
    their budgets, studios close within the year; with generous margins, none do."""
    losing, winning = small_model(free_share=0.0), small_model(free_share=0.0)
    losing.config.studios.paid_fee_margin = -1.0
    winning.config.studios.paid_fee_margin = 5.0
    winning.config.studios.growth_book_titles_per_unit = 0.0  # cash alone decides growth here
    losing.run_for(200)
    most_units = 0
    for _ in range(20):  # units come and go (idle units are dropped): watch the whole run
        winning.run_for(10)
        most_units = max(most_units, *(s.units for s in winning.studios if not s.closed))
    assert losing.studio_closures > 0
    assert winning.studio_closures == 0
    assert most_units > 1  # hits pay for growth


# ------------------------------------------------------------------ platforms
def test_a_platform_tilts_the_market_free_share():
    assert platform_free_share(0.6, 0.0) == pytest.approx(0.6)
    assert platform_free_share(0.6, 0.5) > 0.6 > platform_free_share(0.6, -0.5)
    for offset in (-1.0, 0.0, 1.0):
        assert platform_free_share(0.0, offset) == 0.0
        assert platform_free_share(1.0, offset) == 1.0


def test_a_platform_commissions_in_proportion_to_its_users_and_share(model):
    config = model.config
    platform = Platform(model, "test", PlatformConfig(user_share=0.5, free_offset=0.5), 99)
    free = platform.free_share
    slot = (1 - free) + free * config.business_model.free_commission_factor
    expected = config.scenario.micro_titles_per_month / DAYS_PER_MONTH / model.scale * 0.5 * slot
    assert platform.titles_per_day == pytest.approx(expected)
    rng = np.random.default_rng(0)
    days = 4000
    counts, frees = zip(*(platform.commission(rng) for _ in range(days)), strict=True)
    assert np.mean(counts) == pytest.approx(expected, rel=0.1)
    assert all(len(f) == n for n, f in zip(counts, frees, strict=True))
    assert np.concatenate(frees).mean() == pytest.approx(free, abs=0.05)
    platform.users = 2.0  # twice the users, twice the commissions
    doubled = [platform.commission(rng)[0] for _ in range(days)]
    assert np.mean(doubled) == pytest.approx(2 * expected, rel=0.1)
    platform.remove()


@pytest.mark.parametrize("free_share", [0.0, 1.0])
def test_a_pure_business_model_commissions_only_its_kind(free_share):
    model = small_model(free_share=free_share)
    rng = np.random.default_rng(1)
    frees = np.concatenate([p.commission(rng)[1] for p in model.platforms for _ in range(200)])
    assert len(frees) > 0
    assert np.all(frees == bool(free_share))


def test_the_free_model_asks_for_fewer_titles_and_grows_users_faster():
    paid = small_model(free_share=0.0, free_user_growth_per_year=0.5)
    free = small_model(free_share=1.0, free_user_growth_per_year=0.5, free_commission_factor=0.5)
    for p, f in zip(paid.platforms, free.platforms, strict=True):
        assert f.titles_per_day == pytest.approx(0.5 * p.titles_per_day)
        assert f.monthly_growth == pytest.approx(p.monthly_growth + 0.5 / 12)


def test_grow_month_compounds_users():
    model = small_model()
    model.config.scenario.micro_demand_growth_per_year = 0.24
    platform = Platform(model, "test", PlatformConfig(user_share=0.1, free_offset=0.0), 99)
    growth = platform.monthly_growth
    assert growth > 0
    for _ in range(12):
        platform.grow_month()
    assert platform.users == pytest.approx((1 + growth) ** 12)
    platform.remove()


def test_a_running_model_grows_platform_users_monthly():
    model = small_model(free_user_growth_per_year=1.0)
    model.run_for(92)  # three month ends
    for platform in model.platforms:
        assert platform.users == pytest.approx((1 + platform.monthly_growth) ** 3)
