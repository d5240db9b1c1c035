"""Large arrays on huge memory pages (Linux transparent huge pages).

The kernels read workers' columns at random rows. With the usual 4 KiB memory pages, a random
read of a large array also misses the processor's address-translation cache (TLB) and costs a
page-table walk on top of the cache miss; with 2 MiB pages the columns of a whole workforce are
covered by a few hundred translations. Numpy asks Linux for huge pages only for allocations of
4 MiB or more, and only their 2 MiB-aligned part can get them; :func:`empty` gives any array of
``MIN_BYTES`` or more its own anonymous mapping, aligned to 2 MiB and marked for huge pages
(``madvise(MADV_HUGEPAGE)``; used when ``/sys/kernel/mm/transparent_hugepage/enabled`` is
``madvise`` or ``always``). Elsewhere it is an ordinary array: the values are the same.
"""

import mmap

import numpy as np

HUGE_PAGE = 1 << 21
"""Bytes in a huge page (x86-64 and arm64 Linux)."""
MIN_BYTES = 1 << 19
"""Smaller arrays stay ordinary numpy arrays (a huge page would be mostly empty)."""


def empty(shape: int | tuple, dtype) -> np.ndarray:
    """An uninitialised array (zeros where huge pages are used) on 2 MiB-aligned memory marked
    for huge pages if it holds ``MIN_BYTES`` or more and the system supports it."""
    dtype = np.dtype(dtype)
    shape = (shape,) if np.ndim(shape) == 0 else tuple(shape)
    nbytes = int(np.prod(shape)) * dtype.itemsize
    if nbytes < MIN_BYTES or not hasattr(mmap, "MADV_HUGEPAGE"):
        return np.empty(shape, dtype)
    memory = mmap.mmap(-1, nbytes + HUGE_PAGE, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    memory.madvise(mmap.MADV_HUGEPAGE)
    buffer = np.frombuffer(memory, dtype=np.uint8)
    offset = -buffer.ctypes.data % HUGE_PAGE
    return buffer[offset : offset + nbytes].view(dtype).reshape(shape)


def full(shape: int | tuple, value, dtype) -> np.ndarray:
    """:func:`empty` filled with ``value``."""
    array = empty(shape, dtype)
    array[...] = value
    return array
