//! A radix-2 complex FFT for the exact path ([`super::exact`]).
//!
//! Written here rather than taken from a crate because the engine takes every transcendental
//! function from `libm` (tests/tidy.rs): the twiddle factors are computed with `libm::sin` and
//! `libm::cos` on the first octant and completed by exact symmetries, so a solve gives the same
//! numbers natively and in WebAssembly.

use std::f64::consts::PI;
use std::ops::{Add, Mul, Sub};

/// A complex number in double precision.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Complex {
    /// Real part.
    pub re: f64,
    /// Imaginary part.
    pub im: f64,
}

impl Complex {
    /// 1 + 0i.
    pub const ONE: Complex = Complex { re: 1.0, im: 0.0 };
    /// 0 + 0i.
    pub const ZERO: Complex = Complex { re: 0.0, im: 0.0 };

    /// `re + i·im`.
    pub const fn new(re: f64, im: f64) -> Complex {
        Complex { re, im }
    }

    /// The complex conjugate.
    pub fn conj(self) -> Complex {
        Complex::new(self.re, -self.im)
    }

    /// Multiplication by a real number.
    pub fn scale(self, k: f64) -> Complex {
        Complex::new(self.re * k, self.im * k)
    }

    /// e^z.
    pub fn cexp(self) -> Complex {
        let m = libm::exp(self.re);
        Complex::new(m * libm::cos(self.im), m * libm::sin(self.im))
    }

    /// The principal logarithm (−∞ real part at 0, which `cexp` maps back to 0).
    pub fn clog(self) -> Complex {
        Complex::new(libm::log(libm::hypot(self.re, self.im)), libm::atan2(self.im, self.re))
    }
}

impl Add for Complex {
    type Output = Complex;
    fn add(self, o: Complex) -> Complex {
        Complex::new(self.re + o.re, self.im + o.im)
    }
}

impl Sub for Complex {
    type Output = Complex;
    fn sub(self, o: Complex) -> Complex {
        Complex::new(self.re - o.re, self.im - o.im)
    }
}

impl Mul for Complex {
    type Output = Complex;
    fn mul(self, o: Complex) -> Complex {
        Complex::new(self.re * o.re - self.im * o.im, self.re * o.im + self.im * o.re)
    }
}

/// A plan for transforms of one power-of-two length.
#[derive(Clone, Debug)]
pub struct Fft {
    n: usize,
    /// e^{−2πik/n} for k in 0..n/2.
    twiddles: Vec<Complex>,
    /// The twiddles of each pass, contiguous: for blocks of `len`, e^{−2πij/len} for j in
    /// 0..len/2 start at len/2 − 1.
    passes: Vec<Complex>,
}

impl Fft {
    /// A plan for length `n`, a power of two >= 2 (smaller or other lengths are rounded up).
    pub fn new(n: usize) -> Fft {
        let n = n.max(2).next_power_of_two();
        let half = n / 2;
        let quarter = n / 4;
        let eighth = n / 8;
        // (cos, sin) of 2πk/n on the first octant from libm; the rest by symmetry, exactly.
        let octant: Vec<(f64, f64)> = (0..=eighth)
            .map(|k| {
                let a = 2.0 * PI * k as f64 / n as f64;
                (libm::cos(a), libm::sin(a))
            })
            .collect();
        let cos_sin = |k: usize| -> (f64, f64) {
            if k <= eighth {
                octant[k]
            } else if k <= quarter {
                let (c, s) = octant[quarter - k];
                (s, c)
            } else {
                // k in (n/4, n/2): angle = π − angle(n/2 − k).
                let (c, s) = if half - k <= eighth {
                    octant[half - k]
                } else {
                    let (c, s) = octant[k - quarter];
                    (s, c)
                };
                (-c, s)
            }
        };
        let twiddles = (0..half)
            .map(|k| {
                let (c, s) = if n >= 8 {
                    cos_sin(k)
                } else {
                    let a = 2.0 * PI * k as f64 / n as f64;
                    (libm::cos(a), libm::sin(a))
                };
                Complex::new(c, -s)
            })
            .collect::<Vec<_>>();
        let mut passes = Vec::with_capacity(n);
        let mut len = 2;
        while len <= n {
            passes.extend((0..len / 2).map(|j| twiddles[j * (n / len)]));
            len *= 2;
        }
        Fft { n, twiddles, passes }
    }

    /// The transform length.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Always false: a plan has length >= 2.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// e^{−2πik/n} for k in 0..=n/2.
    pub fn root(&self, k: usize) -> Complex {
        self.twiddles.get(k).copied().unwrap_or(Complex::new(-1.0, 0.0))
    }

    /// In place: X_k = Σ_x a_x e^{−2πikx/n}. `data.len()` must equal [`Fft::len`].
    pub fn forward(&self, data: &mut [Complex]) {
        assert_eq!(data.len(), self.n, "FFT length");
        let bits = self.n.trailing_zeros();
        for i in 0..self.n {
            let j = i.reverse_bits() >> (usize::BITS - bits);
            if i < j {
                data.swap(i, j);
            }
        }
        for pair in data.chunks_exact_mut(2) {
            let (u, v) = (pair[0], pair[1]);
            pair[0] = u + v;
            pair[1] = u - v;
        }
        let mut len = 4;
        while len <= self.n {
            let half = len / 2;
            let w = &self.passes[half - 1..len - 1];
            for block in data.chunks_exact_mut(len) {
                let (lo, hi) = block.split_at_mut(half);
                for ((u, v), &w) in lo.iter_mut().zip(hi.iter_mut()).zip(w) {
                    let t = *v * w;
                    *v = *u - t;
                    *u = *u + t;
                }
            }
            len *= 2;
        }
    }

    /// In place: a_x = Σ_k X_k e^{+2πikx/n}, without the 1/n factor.
    pub fn inverse(&self, data: &mut [Complex]) {
        for z in data.iter_mut() {
            *z = z.conj();
        }
        self.forward(data);
        for z in data.iter_mut() {
            *z = z.conj();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(a: &[Complex]) -> Vec<Complex> {
        let n = a.len();
        (0..n)
            .map(|k| {
                a.iter().enumerate().fold(Complex::ZERO, |acc, (x, &v)| {
                    let ang = -2.0 * PI * ((k * x) % n) as f64 / n as f64;
                    acc + v * Complex::new(libm::cos(ang), libm::sin(ang))
                })
            })
            .collect()
    }

    #[test]
    fn matches_the_definition_and_inverts() {
        for n in [2usize, 4, 8, 16, 64, 256] {
            let a: Vec<Complex> = (0..n)
                .map(|i| Complex::new((i * 7 % 13) as f64 - 6.0, (i * 5 % 11) as f64 * 0.5))
                .collect();
            let mut b = a.clone();
            let fft = Fft::new(n);
            fft.forward(&mut b);
            for (x, y) in b.iter().zip(naive(&a)) {
                assert!((x.re - y.re).abs() < 1e-9 && (x.im - y.im).abs() < 1e-9, "n = {n}");
            }
            fft.inverse(&mut b);
            for (x, y) in b.iter().zip(&a) {
                let x = x.scale(1.0 / n as f64);
                assert!((x.re - y.re).abs() < 1e-12 && (x.im - y.im).abs() < 1e-12, "n = {n}");
            }
        }
    }

    #[test]
    fn twiddles_are_the_roots_of_unity() {
        let fft = Fft::new(1024);
        for k in 0..=512 {
            let a = -2.0 * PI * k as f64 / 1024.0;
            let w = fft.root(k);
            assert!((w.re - libm::cos(a)).abs() < 1e-15 && (w.im - libm::sin(a)).abs() < 1e-15);
        }
    }
}
