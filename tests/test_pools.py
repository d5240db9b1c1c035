"""The candidate pool's rejection sampler: each hire is a uniform draw among the usable workers
of the slot's key, whatever the index holds (stale, working, departed or re-keyed rows), and
keys divided by a stride merge tiers and regions."""

import numpy as np
from scipy import stats

from sim.engine.matching import tied_entries
from sim.engine.pools import KeyedPool, _latest_notes, _stable_order, distinct_keys
from sim.model.hiring import NATIONAL, _place_key
from sim.model.workforce import Workforce
from sim.vocabulary import AVAILABLE, LEFT, MICRO, ROLE, ROLES, SECTORS, WORKING

REGIONS = 64
CAMERA = ROLE["camera"]


def camera_crew(n=60, region=3):
    """``n`` micro-drama camera workers in ``region``: a third working, a sixth departed, a
    quarter experienced, two in-house core members, the rest free to hire."""
    wf = Workforce()
    rows = wf.add(n, role=CAMERA, sector=MICRO, region=region, status=AVAILABLE)
    wf.status[rows[::3]] = WORKING
    wf.status[rows[1::6]] = LEFT
    wf.tier[rows[::4]] = 1
    wf.employer[rows[-2:]] = 7
    return wf


def usable(wf, rows):
    return rows[(wf.status[rows] == AVAILABLE) & (wf.employer[rows] < 0)]


def test_hires_are_uniform_among_usable_workers():
    wf = camera_crew()
    place = int(_place_key(np.array([MICRO]), np.array([CAMERA]), np.array([3]))[0])
    pool = KeyedPool(wf, REGIONS, np.random.default_rng(1))
    counts = np.zeros(wf.size)
    for day in range(3000):
        taken = np.zeros(wf.size, dtype=bool)
        filled, hired = pool.hire(np.full(4, place), day, taken, stride=2)
        assert len(filled) == 4 and len(set(hired)) == 4
        assert taken[hired].all() and taken.sum() == 4
        counts[hired] += 1
    candidates = usable(wf, np.arange(wf.size))
    assert counts[np.setdiff1d(np.arange(wf.size), candidates)].sum() == 0
    assert stats.chisquare(counts[candidates]).pvalue > 1e-3


def test_experienced_stride_and_scarce_keys():
    wf = camera_crew()
    place = int(_place_key(np.array([MICRO]), np.array([CAMERA]), np.array([3]))[0])
    experienced = usable(wf, np.flatnonzero(wf.tier >= 1))
    pool = KeyedPool(wf, REGIONS, np.random.default_rng(2))
    taken = np.zeros(wf.size, dtype=bool)
    # More experienced slots than experienced workers: every one of them is hired, no one else.
    filled, hired = pool.hire(np.full(50, place * 2 + 1), 0, taken, stride=1)
    assert sorted(hired) == sorted(experienced)
    # The national key (sector, role) reaches the same workers, minus those taken.
    sector_role = MICRO * len(ROLE) + CAMERA
    filled, hired = pool.hire(np.full(100, sector_role), 0, taken, stride=NATIONAL)
    everyone = usable(wf, np.arange(wf.size))
    assert sorted(hired) == sorted(np.setdiff1d(everyone, experienced))


def test_rows_noted_after_the_rebuild_are_candidates_and_stale_rows_are_not():
    wf = camera_crew(n=30)
    place = int(_place_key(np.array([MICRO]), np.array([CAMERA]), np.array([3]))[0])
    pool = KeyedPool(wf, REGIONS, np.random.default_rng(3))
    pool.hire(np.full(1, place), 0, np.zeros(wf.size, dtype=bool), stride=2)  # builds the index
    moved = usable(wf, np.arange(wf.size))[:3]
    wf.region[moved] = 5  # re-keyed: no longer candidates in region 3
    pool.note(moved)
    newcomers = wf.add(4, role=CAMERA, sector=MICRO, region=3, status=AVAILABLE)
    pool.note(newcomers)
    taken = np.zeros(wf.size, dtype=bool)
    filled, hired = pool.hire(np.full(100, place), 1, taken, stride=2)
    assert np.isin(newcomers, hired).all()
    assert not np.isin(moved, hired).any()
    elsewhere = int(_place_key(np.array([MICRO]), np.array([CAMERA]), np.array([5]))[0])
    filled, hired = pool.hire(np.full(10, elsewhere), 1, taken, stride=2)
    assert sorted(hired) == sorted(moved)


def test_the_counting_sort_orders_as_a_stable_argsort():
    keys = np.random.default_rng(3).integers(0, 40, 500)
    assert _stable_order(keys, 50).tolist() == np.argsort(keys, kind="stable").tolist()


def test_distinct_keys_counts_as_np_unique():
    for seed, high in [(1, 1), (2, 40), (3, 3000)]:
        keys = np.random.default_rng(seed).integers(0, high, 700)
        expected = np.unique(keys, return_inverse=True, return_counts=True)
        for got, want in zip(distinct_keys(keys), expected, strict=True):
            assert got.tolist() == want.tolist()


def test_latest_notes_keep_each_row_once_at_its_last_place_in_order():
    seen = np.zeros(400, dtype=bool)
    rows = np.random.default_rng(4).integers(0, 300, 900)
    _, last = np.unique(rows[::-1], return_index=True)
    assert _latest_notes(rows, seen).tolist() == np.sort(len(rows) - 1 - last).tolist()
    assert not seen.any()  # the scratch marks are cleared


def test_tied_entries_order_slots_stably_and_entries_in_ring_order():
    rng = np.random.default_rng(5)
    per_studio = len(ROLES) * len(SECTORS)  # a studio's ring holds only its own tie keys
    slot_keys = rng.integers(0, 4 * per_studio - 8, 300)
    offset = rng.integers(-1, per_studio, (4, 16))  # -1: a place not written yet
    ties = np.where(offset < 0, -1, np.arange(4)[:, None] * per_studio + offset)
    ties = ties.astype(np.int32)  # the last studio's last 8 keys: no slot has them
    hires = np.arange(64, dtype=np.int32).reshape(4, 16)
    days = hires + 1000
    order, slot_start, rows, hire_days, entry_start = tied_entries(
        slot_keys, hires, ties, days, np.array([0, 2, 3])
    )
    assert order.tolist() == np.argsort(slot_keys, kind="stable").tolist()
    keys = np.unique(slot_keys)
    assert np.diff(slot_start).tolist() == [np.count_nonzero(slot_keys == k) for k in keys]
    for g, key in enumerate(keys):
        ring = hires[[0, 2, 3]][ties[[0, 2, 3]] == key]  # ring order, studio by studio
        assert rows[entry_start[g] : entry_start[g + 1]].tolist() == ring.tolist()
    assert (hire_days == rows + 1000).all()


def test_a_row_noted_after_the_rebuild_is_hired_once_and_weighed_once():
    """Issue 17: a row in the index and noted again (promoted, new core member) was a candidate
    twice under a stride of 2 or more: the scan after the draws hired it into two slots, and
    the draws gave it twice the chance of the others."""
    wf = camera_crew(n=600)
    free = usable(wf, np.arange(wf.size))
    wf.status[free[8:]] = WORKING  # eight usable among 600 candidates: the draws fall short
    place = int(_place_key(np.array([MICRO]), np.array([CAMERA]), np.array([3]))[0])
    for seed in range(20):
        pool = KeyedPool(wf, REGIONS, np.random.default_rng(seed))
        pool.hire(np.full(1, place), 0, np.zeros(wf.size, dtype=bool), stride=2)  # the index
        pool.note(free[:5])  # e.g. promoted: re-keyed within the place
        # More slots than usable workers: each of them once, most through the scan.
        filled, hired = pool.hire(np.full(12, place), 1, np.zeros(wf.size, dtype=bool), stride=2)
        assert len(set(hired.tolist())) == len(hired)
        assert sorted(hired) == sorted(free[:8])
    wf = camera_crew(n=60)
    pool = KeyedPool(wf, REGIONS, np.random.default_rng(7))
    pool.hire(np.full(1, place), 0, np.zeros(wf.size, dtype=bool), stride=2)
    noted = usable(wf, np.arange(wf.size))[:5]
    pool.note(noted)
    pool.note(noted[:2])  # noted twice
    counts = np.zeros(wf.size)
    for day in range(1, 3001):  # within the refresh: the index is not rebuilt
        filled, hired = pool.hire(np.full(2, place), day % 29 + 1, np.zeros(wf.size, bool), 2)
        counts[hired] += 1
    candidates = usable(wf, np.arange(wf.size))
    assert stats.chisquare(counts[candidates]).pvalue > 1e-3
