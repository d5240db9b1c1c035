"""Arrays on huge pages behave as ordinary arrays; large ones start on a huge-page boundary."""

import mmap
import pickle

import numpy as np
import pytest

from sim.engine import hugepages
from sim.model.workforce import Workforce


@pytest.mark.parametrize("shape", [10, (3, 4), hugepages.MIN_BYTES, (hugepages.MIN_BYTES, 2)])
def test_full_arrays_hold_the_value_and_shape_asked_for(shape):
    array = hugepages.full(shape, 7, np.int32)
    assert array.shape == (shape if isinstance(shape, tuple) else (shape,))
    assert array.dtype == np.int32 and (array == 7).all() and array.flags.writeable
    array[-1] = 3
    assert (pickle.loads(pickle.dumps(array)) == array).all()


@pytest.mark.skipif(not hasattr(mmap, "MADV_HUGEPAGE"), reason="no transparent huge pages")
def test_only_large_arrays_get_their_own_aligned_mapping():
    large = hugepages.empty(hugepages.MIN_BYTES, np.int8)
    assert large.ctypes.data % hugepages.HUGE_PAGE == 0
    assert large.base is not None  # a view of its mapping
    small = hugepages.empty(hugepages.MIN_BYTES // 2, np.int8)
    assert small.base is None  # an ordinary array, owning its memory


def test_a_large_workforce_keeps_its_columns_on_aligned_memory():
    wf = Workforce(capacity=1 << 20)
    wf.add(5, role=2)
    assert wf.role.tolist() == [2] * 5 and wf.job_start.tolist() == [-1] * 5
    if hasattr(mmap, "MADV_HUGEPAGE"):
        assert wf.role.ctypes.data % hugepages.HUGE_PAGE == 0
