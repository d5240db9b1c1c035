"""A table of rows held as named numpy columns (a struct of arrays) that grows by doubling.

The workforce and the productions are such tables: rules act on whole columns and index arrays,
never on one Python object per row.
"""

import numpy as np

ColumnSpec = tuple  # (dtype, initial value) or (dtype, initial value, shape of one row's cell)


class ColumnTable:
    """Rows in named columns. ``size`` is the number of rows in use; every column read as an
    attribute (``table.name``) is a view of exactly that length, kept as a plain attribute and
    renewed whenever rows are added. Rows are never reused."""

    def __init__(self, columns: dict[str, ColumnSpec], capacity: int = 1024):
        self._spec = {
            name: (spec[0], spec[1], spec[2] if len(spec) > 2 else ())
            for name, spec in columns.items()
        }
        self._data = {
            name: np.full((capacity, *shape), init, dtype)
            for name, (dtype, init, shape) in self._spec.items()
        }
        self._resize(0)

    def _resize(self, size: int) -> None:
        """Use ``size`` rows: renew the column views."""
        self.size = size
        for name, column in self._data.items():
            setattr(self, name, column[:size])

    def __getstate__(self) -> dict:
        # The views are rebuilt on unpickling, so that they share the columns' memory again.
        return {"_spec": self._spec, "_data": self._data, "size": self.size}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._resize(self.size)

    def __len__(self) -> int:
        return self.size

    def add(self, count: int, **values) -> np.ndarray:
        """Append ``count`` rows (keyword arrays or scalars set columns); returns their indices."""
        needed = self.size + count
        capacity = len(next(iter(self._data.values())))
        if needed > capacity:
            while capacity < needed:
                capacity *= 2
            for name, (dtype, init, shape) in self._spec.items():
                grown = np.full((capacity, *shape), init, dtype)
                grown[: self.size] = self._data[name][: self.size]
                self._data[name] = grown
        rows = np.arange(self.size, needed)
        self._resize(needed)
        for name, value in values.items():
            self._data[name][rows] = value
        return rows
