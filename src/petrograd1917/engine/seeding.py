"""A generator seeded from a whole number exactly as `np.random.Generator(np.random.PCG64(seed))` seeds it, without
numpy's SeedSequence object: hashing a seed through it (and numpy's error-state guard around each of its steps)
costs more than the rest of a computer player's set-up of a world, and a decision seeds two generators (the dice
of the world it believes in, and the common dice of its look-ahead, a generator of its own put into the state a
seed starts in: `seeded_state`).

The steps are numpy's (numpy/random/bit_generator.pyx and pcg64.h): the seed's 32-bit words are mixed into a pool
of four (`SeedSequence.mix_entropy`), eight words are drawn from the pool (`generate_state(4, np.uint64)`), and
PCG64 is seeded with them (`pcg64_set_seed`). A test holds the result to numpy's, state for state, over thousands
of seeds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.random.bit_generator import ISeedSequence

from petrograd1917.engine.compiled import kernel
from petrograd1917.engine.index import IntArray

_MASK = 0xFFFFFFFF  # the pool's arithmetic is on 32-bit words
_INIT_A, _MULT_A, _INIT_B, _MULT_B = 0x43B0D7E5, 0x931E8875, 0x8B51F9DD, 0x58F38DED
_MIX_MULT_L, _MIX_MULT_R = 0xCA01F9DD, 0x4973F715
_POOL = 4
_MULTIPLIER = 0x2360ED051FC65DA44385DF649FCCF645  # PCG64's 128-bit multiplier
_MASK_128 = (1 << 128) - 1


class _Unhashed(ISeedSequence):
    """Seeds a new PCG64 with zeros, its state overwritten at once: none of the hashing a SeedSequence does."""

    def generate_state(self, n_words: int, dtype: Any = np.uint32) -> Any:
        return np.zeros(n_words, dtype=dtype)


_UNHASHED = _Unhashed()


def generator(seed: int) -> np.random.Generator:
    """`np.random.Generator(np.random.PCG64(seed))` for a seed in [0, 2**63): the same state, the same draws."""
    return in_state(seeded_state(seed))


def seeded_state(seed: int) -> dict[str, Any]:
    """The state `generator(seed)` starts in (its bit generator's `.state`): put into a generator made before, it
    starts that one afresh from `seed`, without building another."""
    if not 0 <= seed < 1 << 63:
        raise ValueError(f"a seed in [0, 2**63) is needed, not {seed}")
    words = np.empty(2 * _POOL, dtype=np.int64)
    _state_words(seed, words)
    w = words.tolist()
    initial, sequence = (w[0] | w[1] << 32) << 64 | w[2] | w[3] << 32, (w[4] | w[5] << 32) << 64 | w[6] | w[7] << 32
    increment = (sequence << 1 | 1) & _MASK_128
    state = (((increment + initial) & _MASK_128) * _MULTIPLIER + increment) & _MASK_128  # two steps from 0
    return {"bit_generator": "PCG64", "state": {"state": state, "inc": increment}, "has_uint32": 0, "uinteger": 0}


def in_state(bit_state: Mapping[str, Any]) -> np.random.Generator:
    """A generator in exactly this PCG64 state (a bit generator's `.state`), built without hashing a seed for the
    throwaway state it starts in: what a copied game's generator and a seeded one are made with."""
    bit_generator = np.random.PCG64(_UNHASHED)  # type: ignore[arg-type]  # numpy's stubs want its own kind
    bit_generator.state = bit_state  # type: ignore[assignment]
    return np.random.Generator(bit_generator)


@kernel
def _state_words(seed: int, words: IntArray) -> None:
    """The eight 32-bit words SeedSequence(seed).generate_state(4, np.uint64) is made of (low word first), in
    `words`: the seed's words (one for a seed below 2**32, zero included) mixed into the pool, then drawn from it.
    Each product is cut to its low 32 bits, as numpy's 32-bit arithmetic keeps them (the words are read as plain
    ints: as Python, exact products; compiled, 64-bit ones that wrap, whose low 32 bits are the same)."""
    entropy = np.zeros(2, dtype=np.int64)
    entropy[0] = seed & _MASK
    entropy[1] = (seed >> 32) & _MASK
    n_entropy = 2 if seed >> 32 else 1
    pool = np.zeros(_POOL, dtype=np.int64)
    hash_const = _INIT_A
    for i in range(_POOL):
        value = int(entropy[i]) if i < n_entropy else 0
        value = (value ^ hash_const) & _MASK
        hash_const = (hash_const * _MULT_A) & _MASK
        value = (value * hash_const) & _MASK
        pool[i] = value ^ (value >> 16)
    for i_src in range(_POOL):
        for i_dst in range(_POOL):
            if i_src != i_dst:
                value = (int(pool[i_src]) ^ hash_const) & _MASK
                hash_const = (hash_const * _MULT_A) & _MASK
                value = (value * hash_const) & _MASK
                value ^= value >> 16
                mixed = (_MIX_MULT_L * int(pool[i_dst]) - _MIX_MULT_R * value) & _MASK
                pool[i_dst] = mixed ^ (mixed >> 16)
    hash_const = _INIT_B
    for i in range(2 * _POOL):
        value = (int(pool[i % _POOL]) ^ hash_const) & _MASK
        hash_const = (hash_const * _MULT_B) & _MASK
        value = (value * hash_const) & _MASK
        words[i] = value ^ (value >> 16)
