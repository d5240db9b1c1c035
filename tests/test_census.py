"""The workforce census (one compiled pass) counts what numpy's plain count of the cells' flat
indices counts, and the month's record built on it counts what masks over the rows count."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.config import DramaSimConfig
from sim.engine.census import census
from sim.model import DramaLabourModel
from sim.vocabulary import AVAILABLE, LEFT, RETRAINING, ROLES, SECTORS, STATUSES, WORKING

SHAPE = (len(STATUSES), len(SECTORS), len(ROLES), 2, 2)


@settings(max_examples=60, deadline=None)
@given(rows=st.integers(0, 400), month=st.integers(0, 11), seed=st.integers(0, 2**32 - 1))
def test_census_counts_each_row_in_its_cell(rows, month, seed):
    rng = np.random.default_rng(seed)
    status = rng.integers(0, len(STATUSES), rows).astype(np.int8)
    sector = rng.integers(0, len(SECTORS), rows).astype(np.int8)
    role = rng.integers(0, len(ROLES), rows).astype(np.int8)
    employer = rng.integers(-1, 3, rows).astype(np.int32)
    months_worked = rng.integers(0, 1 << 12, rows).astype(np.int32)
    counts = census(status, sector, role, employer, months_worked, 1 << month, SHAPE)
    worked = (months_worked >> month) & 1
    cell = np.ravel_multi_index((status, sector, role, employer >= 0, worked), SHAPE)
    plain = np.bincount(cell, minlength=np.prod(SHAPE)).reshape(SHAPE)
    assert counts.dtype == np.int64 and np.array_equal(counts, plain)


def test_monthly_record_counts_what_masks_over_the_rows_count():
    model = DramaLabourModel(DramaSimConfig(scale=200, years=1, seed=3))
    while len(model.recorder.rows) < 2:  # to the end of February: its record is taken
        model.step()
    row, wf, s = model.recorder.rows[-1], model.workforce, model.scale
    assert row["month"] == 1
    worked = (wf.status == WORKING) | ((wf.months_worked & (1 << 1)) != 0)
    for sector, name in enumerate(SECTORS):
        in_sector = wf.sector == sector
        assert row[f"worked.{name}"] == np.count_nonzero(worked & in_sector) * s
        assert row[f"workforce.{name}"] == np.count_nonzero((wf.status != LEFT) & in_sector) * s
        for r, role in enumerate(ROLES):
            employed = np.count_nonzero((wf.status == WORKING) & in_sector & (wf.role == r))
            assert row[f"employed.{name}.{role}"] == employed * s
    assert row["workforce.idle"] == np.count_nonzero(wf.status == AVAILABLE) * s
    assert row["workforce.retraining"] == np.count_nonzero(wf.status == RETRAINING) * s
    free = (wf.status == AVAILABLE) & (wf.employer < 0)
    assert np.array_equal(
        model.free_workers(), model.market.pay.cells(wf.sector[free], wf.role[free])
    )
