"""Uniform draws from a NumPy Generator inside numba kernels, with the Generator passed as two
integers.

A numba kernel may take a ``np.random.Generator`` argument, but every call then pays about
30 us to hand it over (a type lookup and three ``ctypes.cast`` calls to unbox it), more than
a small kernel's whole work. :func:`handle` reads once the two addresses a draw needs (the bit
generator's ``next_double`` function and its state) and :func:`next_uniform` calls that
function from compiled code, as numba's own ``rng.random()`` does: the kernel draws the same
numbers, in the same sequence with the Generator's other draws, as it would with the
Generator itself.
"""

import ctypes

import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic


def handle(rng: np.random.Generator) -> tuple[int, int]:
    """The addresses of ``rng``'s ``next_double`` function and of its bit generator's state,
    for :func:`next_uniform` (about 2 us). Valid while ``rng`` lives: take it for each kernel
    call rather than keep it (a copied or unpickled Generator has other addresses)."""
    interface = rng.bit_generator.ctypes
    return ctypes.cast(interface.next_double, ctypes.c_void_p).value, interface.state.value


@intrinsic
def next_uniform(typingctx, next_double, state):
    """A uniform draw in [0, 1) from the Generator whose :func:`handle` is
    ``(next_double, state)``; the same number ``rng.random()`` would give (compiled code only)."""
    signature = types.float64(types.uintp, types.uintp)

    def codegen(context, builder, sig, args):
        function_address, state_address = args
        pointer = ir.IntType(8).as_pointer()
        function_type = ir.FunctionType(ir.DoubleType(), [pointer])
        function = builder.inttoptr(function_address, function_type.as_pointer())
        return builder.call(function, [builder.inttoptr(state_address, pointer)])

    return signature, codegen
