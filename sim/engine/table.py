"""A table of rows held as named numpy columns (a struct of arrays) that grows by doubling.

The workforce and the productions are such tables: rules act on whole columns and index arrays,
never on one Python object per row.

Columns that the compiled kernels read and write together for one row at a time may be stored
interleaved, as the fields of a *record* (one 2-D array, a row's fields next to each other in
memory): touching a row's fields then costs one cache miss instead of one per column. Each field
is still read as a column (a strided view), so the rest of the code does not see the layout;
only whole-column passes over a field are slower, so fields should be columns that are rarely
scanned whole.
"""

from typing import NamedTuple

import numpy as np

from sim.engine import hugepages


class Column(NamedTuple):
    """One column of a table, declared once: its storage and what it means.

    ``dtype`` is the numpy type of a cell, ``initial`` the value a new row starts with,
    ``label`` what the column holds (for people and the docs' state-variable tables), ``unit``
    its unit or coding, and ``shape`` the shape of one row's cell (``()`` for a scalar)."""

    dtype: type
    initial: int | float | bool
    label: str = ""
    unit: str = ""
    shape: tuple[int, ...] = ()


class ColumnTable:
    """Rows in named columns. ``size`` is the number of rows in use; every column read as an
    attribute (``table.name``) is a view of exactly that length, kept as a plain attribute and
    renewed whenever rows are added or dropped. Rows are appended, and only :meth:`keep` drops
    rows (moving the rest down).

    ``records`` maps a record's name to the columns stored interleaved in it (scalar columns of
    one dtype; see the module docstring)."""

    def __init__(
        self,
        columns: dict[str, Column | tuple],
        capacity: int = 1024,
        records: dict[str, tuple[str, ...]] | None = None,
    ):
        columns = {name: Column(*spec) for name, spec in columns.items()}
        self.columns = columns
        """Each column's declaration, by name."""
        self._spec = {
            name: (spec.dtype, spec.initial, spec.shape) for name, spec in columns.items()
        }
        # Where each column lives: (array name, field index, or None for a column of its own).
        self._place = {name: (name, None) for name in self._spec}
        # Each array's first row as it starts: the initial value of each field of a record, or of
        # the one column's cell.
        self._fill: dict[str, np.ndarray] = {}
        for record, fields in (records or {}).items():
            dtypes = {np.dtype(self._spec[field][0]) for field in fields}
            shaped = [field for field in fields if self._spec[field][2]]
            if len(dtypes) != 1 or shaped:
                raise ValueError(f"record {record!r}: fields must be scalars of one dtype")
            # Padded to a power of two, so that a row of 64 bytes or less fills part of one
            # cache line and never straddles two.
            fill = np.zeros(1 << (len(fields) - 1).bit_length(), dtype=dtypes.pop())
            fill[: len(fields)] = [self._spec[field][1] for field in fields]
            self._fill[record] = fill
            self._place.update({field: (record, k) for k, field in enumerate(fields)})
        for name, (dtype, init, shape) in self._spec.items():
            if self._place[name][1] is None:
                self._fill[name] = np.full(shape, init, dtype)
        self._data = {name: self._empty(name, capacity) for name in self._fill}
        self._allocated()
        self._resize(0)

    def _empty(self, array: str, capacity: int) -> np.ndarray:
        """Storage ``array`` for ``capacity`` rows, every row as it starts."""
        fill = self._fill[array]
        return hugepages.full((capacity, *fill.shape), fill, fill.dtype)

    def reset(self, names) -> None:
        """Set the columns ``names`` back to their initial values in every row, one pass over
        each array (a record's fields together; as a slice if they lie side by side, which is
        several times faster than numpy's field-by-field pass for a list of fields)."""
        fields: dict[str, list] = {}
        for name in names:
            array, field = self._place[name]
            fields.setdefault(array, []).append(field)
        for array, places in fields.items():
            data, fill = self._data[array][: self.size], self._fill[array]
            if places == [None]:
                data[:] = fill
                continue
            places = sorted(places)
            if places == list(range(places[0], places[-1] + 1)):
                places = slice(places[0], places[-1] + 1)
            data[:, places] = fill[places]

    def column(self, name: str, rows: int | None = None) -> np.ndarray:
        """Column ``name`` over the first ``rows`` rows (default: all allocated), as a view."""
        return self._whole[name][:rows]

    def _allocated(self) -> None:
        """The arrays are new: make each column's view over all their rows."""
        self._whole = {}
        for name, (array, field) in self._place.items():
            data = self._data[array]
            self._whole[name] = data if field is None else data[:, field]

    def _resize(self, size: int) -> None:
        """Use ``size`` rows: renew the column views (each a slice of its view over all rows,
        the cheapest view numpy makes: tables grow every day)."""
        self.size = size
        self.__dict__.update({name: whole[:size] for name, whole in self._whole.items()})

    def __getstate__(self) -> dict:
        # The views are rebuilt on unpickling, so that they share the columns' memory again.
        keep = ("_spec", "_place", "_fill", "_data", "size")
        return {name: self.__dict__[name] for name in keep}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._allocated()
        self._resize(self.size)

    def __len__(self) -> int:
        return self.size

    def keep(self, kept: np.ndarray) -> np.ndarray:
        """Keep the rows where the boolean array ``kept`` is True, in their order, as rows 0,
        1, ...; the others are dropped. Returns where each old row went: an array over the old
        rows plus one (-1 there, so that -1, "no row", maps to itself), -1 for rows dropped."""
        kept = np.asarray(kept, dtype=bool)
        if len(kept) != self.size:
            raise ValueError(f"keep needs one flag per row ({self.size}), got {len(kept)}")
        rows = np.flatnonzero(kept)  # taking rows is 2-10 times faster than a boolean mask
        new_size = len(rows)
        for array, data in self._data.items():
            data[:new_size] = data[: self.size].take(rows, axis=0)
            data[new_size : self.size] = self._fill[array]  # free rows start as new again
        where = np.full(self.size + 1, -1, dtype=np.int64)
        where[rows] = np.arange(new_size)
        self._resize(new_size)
        return where

    def add(self, count: int, **values) -> np.ndarray:
        """Append ``count`` rows (keyword arrays or scalars set columns); returns their indices."""
        needed = self.size + count
        capacity = len(next(iter(self._data.values())))
        if needed > capacity:
            while capacity < needed:
                capacity *= 2
            for array, data in self._data.items():
                grown = self._empty(array, capacity)
                grown[: self.size] = data[: self.size]
                self._data[array] = grown
            self._allocated()
        new = slice(self.size, needed)
        self._resize(needed)
        for name, value in values.items():
            self._whole[name][new] = value
        return np.arange(new.start, new.stop)
