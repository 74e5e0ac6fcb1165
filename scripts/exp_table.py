#!/usr/bin/env python3
"""Generates the constants of src/sim/fast_exp.rs (needs mpmath): the table of 2^(j/128),
j = 0..127, as pairs (relative tail, bits of the rounded value minus j << 45), and the split
of ln2/128. Run: python3 scripts/exp_table.py > /tmp/table.rs and paste."""
import struct
from mpmath import mp, mpf, log, power

mp.prec = 300
N = 128


def bits(x):
    return struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def f(x):
    """The double nearest to an mpf."""
    return float(x)


print("const TABLE: [u64; 2 * N] = [")
for j in range(N):
    v = power(2, mpf(j) / N)
    hi = f(v)
    tail = f((v - mpf(hi)) / mpf(hi))
    print(f"    0x{bits(tail):016x},\n    0x{(bits(hi) - (j << 45)) % (1 << 64):016x},")
print("];")
ln2n = log(2) / N
# hi keeps 35 significant bits, so k * hi is exact for |k| < 2^18.
e = int(mp.floor(mp.log(ln2n, 2)))
q = mpf(2) ** (e - 34)
hi = mp.nint(ln2n / q) * q
lo = ln2n - hi
print(f"const LN2_N_HI: f64 = f64::from_bits(0x{bits(hi):016x}); // {f(hi)!r}")
print(f"const LN2_N_LO: f64 = f64::from_bits(0x{bits(lo):016x}); // {f(lo)!r}")
print(f"const INV_LN2_N: f64 = f64::from_bits(0x{bits(N / log(2)):016x}); // {f(N / log(2))!r}")
