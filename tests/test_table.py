"""ColumnTable: columns stored on their own or interleaved in records read and grow alike."""

import pickle

import numpy as np
import pytest

from sim.engine.table import Column, ColumnTable
from sim.model.workforce import COLUMNS, RECORDS, Workforce

SPEC = {"a": (np.int32, -1), "b": (np.int32, 7), "c": (np.int16, 0), "d": (np.float64, 0.5)}


def tables():
    return ColumnTable(SPEC, capacity=2), ColumnTable(SPEC, capacity=2, records={"ab": ("a", "b")})


def test_records_hold_the_same_values_as_columns_through_growth_and_pickling():
    for table in tables():
        rows = table.add(3, a=np.array([1, 2, 3]), c=4)
        assert rows.tolist() == [0, 1, 2]
        table.b[1] = 9
        table.add(5, b=np.arange(5))  # grows past the capacity: the values are kept
        assert table.a.tolist() == [1, 2, 3, -1, -1, -1, -1, -1]
        assert table.b.tolist() == [7, 9, 7, 0, 1, 2, 3, 4]
        assert table.c.tolist() == [4, 4, 4, 0, 0, 0, 0, 0]
        assert table.d.tolist() == [0.5] * 8
        copy = pickle.loads(pickle.dumps(table))
        copy.a[0] = 100  # the views share the copy's storage again
        assert copy.column("a", copy.size)[0] == 100 and table.a[0] == 1
        assert copy.b.tolist() == table.b.tolist()


def test_a_record_keeps_a_rows_fields_side_by_side_in_a_power_of_two():
    _, table = tables()
    table.add(4)
    assert table.a.base is table.b.base
    assert table.a.strides == (2 * np.dtype(np.int32).itemsize,)
    wf = Workforce()
    assert wf.job_start.strides == (64,)  # 15 int32 fields, padded to one cache line


def test_a_record_needs_scalar_fields_of_one_dtype():
    with pytest.raises(ValueError, match="record 'ac'"):
        ColumnTable(SPEC, records={"ac": ("a", "c")})


def test_the_workforce_records_cover_known_columns_once():
    fields = [field for record in RECORDS.values() for field in record]
    assert len(fields) == len(set(fields)) and set(fields) <= set(COLUMNS)
    wf = Workforce(capacity=4)
    wf.add(6, job_start=5, spell=2, titles_long=3)
    assert wf.job_start.tolist() == [5] * 6 and wf.spell.tolist() == [2] * 6
    assert wf.job_end.tolist() == [-1] * 6 and wf.titles_long.tolist() == [3] * 6
    wf.reset_year()
    assert wf.titles_long.tolist() == [0] * 6 and wf.spell.tolist() == [2] * 6


def test_reset_restores_initial_values_of_the_named_columns_only():
    # on its own, as two fields side by side (a slice), and with a field between (a list)
    for records in ({}, {"ad": ("a", "d2")}, {"abd": ("a", "b", "d2")}):
        spec = {**SPEC, "d2": (np.int32, 3)}
        table = ColumnTable(spec, capacity=2, records=records)
        table.add(5, a=1, b=2, c=3, d=4.0, d2=5)
        table.reset(["a", "d2", "d"])
        assert table.a.tolist() == [-1] * 5 and table.d2.tolist() == [3] * 5
        assert table.d.tolist() == [0.5] * 5
        assert table.b.tolist() == [2] * 5 and table.c.tolist() == [3] * 5  # untouched


def test_keep_moves_the_kept_rows_down_in_order_and_frees_the_rest():
    for table in tables():
        table.add(5, a=np.arange(5), b=np.arange(10, 15), d=np.arange(5) * 1.5)
        where = table.keep(np.array([False, True, False, True, True]))
        assert table.size == 3
        assert table.a.tolist() == [1, 3, 4] and table.b.tolist() == [11, 13, 14]
        assert table.d.tolist() == [1.5, 4.5, 6.0]
        assert where.tolist() == [-1, 0, -1, 1, 2, -1]  # one more place: -1 maps to -1
        assert where[np.array([3, -1])].tolist() == [1, -1]
        table.add(2)  # the freed rows start as new rows do
        assert table.a.tolist() == [1, 3, 4, -1, -1] and table.b.tolist() == [11, 13, 14, 7, 7]
        with pytest.raises(ValueError, match="one flag per row"):
            table.keep(np.ones(2, dtype=bool))


def test_keep_moves_whole_cells_and_takes_an_empty_table():
    table = ColumnTable({**SPEC, "cell": Column(np.int16, 9, shape=(2, 3))}, capacity=4)
    assert table.keep(np.zeros(0, dtype=bool)).tolist() == [-1]
    table.add(4, cell=np.arange(24).reshape(4, 2, 3))
    table.keep(np.array([True, False, False, True]))
    assert table.cell.tolist() == [
        np.arange(6).reshape(2, 3).tolist(),
        (np.arange(6) + 18).reshape(2, 3).tolist(),
    ]
    assert (table.column("cell")[2:4] == 9).all()  # freed rows start as new again
