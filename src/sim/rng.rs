//! Random streams and the samplers the engine draws from.
//!
//! Every trial has its own SplitMix64 stream keyed by `(seed, trial index)`, and every deal in it
//! a stream keyed by its origin, so a trial's numbers never depend on which batch or worker ran
//! it. SplitMix64 (Steele, Lea and Flood 2014; `rand_xoshiro::SplitMix64`) passes BigCrush and
//! is seeded by one assignment, which matters with a stream per deal. All
//! transcendental functions come from the pure-Rust `libm` or, for `exp` on the hot path, from
//! [`super::fast_exp`] (IEEE additions and multiplications only), never from the platform's
//! maths library, so one seed gives bit-identical runs natively and in WebAssembly.

use rand_core::{Rng, SeedableRng};
use rand_xoshiro::SplitMix64;

/// The generator of one trial, or of one deal within a trial.
pub struct TrialRng {
    gen: SplitMix64,
    key: u64,
}

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(GOLDEN);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl TrialRng {
    /// The stream of trial `trial` of a run seeded with `seed`.
    pub fn for_trial(seed: u64, trial: u64) -> Self {
        let key = splitmix64(splitmix64(seed) ^ trial.wrapping_mul(GOLDEN));
        TrialRng { gen: SplitMix64::seed_from_u64(key), key }
    }

    /// The stream of one deal of this trial, named by where the deal comes from (e.g. day,
    /// inflow, n-th arrival). Two scenarios run on the same seed give a deal of the same origin
    /// the same randomness, which is what makes paired comparisons sharp.
    pub fn for_deal(&self, origin: [u64; 3]) -> Self {
        // Distinct odd multipliers keep the three parts apart; one SplitMix round mixes them.
        let [a, b, c] = origin;
        let tag = a.wrapping_mul(0xD6E8_FEB8_6659_FD93)
            ^ b.wrapping_mul(0xA076_1D64_78BD_642F)
            ^ c.wrapping_mul(0xE703_7ED1_A0B4_28DB);
        let key = splitmix64(self.key ^ tag);
        TrialRng { gen: SplitMix64::seed_from_u64(key), key }
    }

    /// A uniform draw on `[0, 1)` with 53 random bits.
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        (self.gen.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform draw on `[0, 1)` and the bucket it falls in when `[0, 1)` is cut into
    /// `2^bits` equal parts (`bits` in 1..=53): the same draw as [`TrialRng::uniform`], and the
    /// bucket is `floor(u · 2^bits)` read off its top bits, without a float conversion.
    #[inline]
    pub fn uniform_bucket(&mut self, bits: u32) -> (f64, usize) {
        let r = self.gen.next_u64() >> 11;
        (r as f64 * (1.0 / (1u64 << 53) as f64), (r >> (53 - bits)) as usize)
    }

    /// A uniform draw on `(0, 1]`, safe to take the logarithm of.
    #[inline]
    pub fn uniform_open0(&mut self) -> f64 {
        ((self.gen.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// `true` with probability `p`.
    #[inline]
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// A standard normal draw by the ziggurat method (Marsaglia and Tsang 2000, 128 layers):
    /// one 64-bit draw gives the layer (7 bits), the sign (1 bit) and the position (53 bits);
    /// about 99% of draws are accepted by one comparison (inlined here), the rest by the exact
    /// wedge or tail tests.
    #[inline]
    pub fn standard_normal(&mut self) -> f64 {
        let z = ziggurat();
        let bits = self.gen.next_u64();
        let i = (bits & 127) as usize;
        let sign = if bits & 128 == 0 { 1.0 } else { -1.0 };
        let u = (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        let x = u * z.x[i];
        if x < z.x[i + 1] {
            return sign * x;
        }
        self.normal_rest(z, i, sign, x)
    }

    /// The rest of a ziggurat draw whose first point was not accepted at once: the same steps
    /// as before the fast path was split off, so the same numbers come out.
    #[cold]
    #[inline(never)]
    fn normal_rest(&mut self, z: &Ziggurat, mut i: usize, mut sign: f64, mut x: f64) -> f64 {
        loop {
            if i == 0 {
                // The tail beyond r, by Marsaglia's exponential method.
                loop {
                    let a = -libm::log(self.uniform_open0()) / ZIG_R;
                    let b = -libm::log(self.uniform_open0());
                    if b + b > a * a {
                        return sign * (ZIG_R + a);
                    }
                }
            }
            let y = z.f[i] + self.uniform() * (z.f[i + 1] - z.f[i]);
            if y < super::fast_exp::exp(-0.5 * x * x) {
                return sign * x;
            }
            let bits = self.gen.next_u64();
            i = (bits & 127) as usize;
            sign = if bits & 128 == 0 { 1.0 } else { -1.0 };
            let u = (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
            x = u * z.x[i];
            if x < z.x[i + 1] {
                return sign * x;
            }
        }
    }
}

/// Where the ziggurat's base layer meets the tail.
const ZIG_R: f64 = 3.442_619_855_899;
/// The area of each layer.
const ZIG_V: f64 = 9.912_563_035_262_17e-3;

/// The ziggurat's layer edges `x[i]` (x[0] the base's virtual width, x[1] = r, x[128] = 0) and
/// `f[i] = exp(-x[i]²/2)`.
struct Ziggurat {
    x: [f64; 129],
    f: [f64; 129],
}

fn ziggurat() -> &'static Ziggurat {
    static TABLES: std::sync::OnceLock<Ziggurat> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let f = |x: f64| libm::exp(-0.5 * x * x);
        let mut x = [0.0; 129];
        x[0] = ZIG_V / f(ZIG_R);
        x[1] = ZIG_R;
        for i in 1..128 {
            let next = f(x[i]) + ZIG_V / x[i];
            x[i + 1] = if next >= 1.0 { 0.0 } else { libm::sqrt(-2.0 * libm::log(next)) };
        }
        x[128] = 0.0;
        let mut fx = [0.0; 129];
        for i in 0..129 {
            fx[i] = f(x[i]);
        }
        // The base layer's "height" runs from 0 to f(r); only its tail case uses f[0].
        fx[0] = 0.0;
        Ziggurat { x, f: fx }
    })
}

/// Guide entries of a Poisson inversion table: where a draw starts looking, never past its answer,
/// so the draw does not depend on this size (a larger one means fewer steps).
const POISSON_GUIDE: usize = 1 << POISSON_GUIDE_BITS;
const POISSON_GUIDE_BITS: u32 = 6;

/// A Poisson distribution with a fixed mean, set up once and sampled many times.
#[derive(Clone, Debug)]
pub struct Poisson {
    mean: f64,
    method: PoissonMethod,
}

#[derive(Clone, Debug)]
enum PoissonMethod {
    Zero,
    /// Inversion: the smallest k with U < F(k), found from a table of F and a guide table.
    Inversion {
        cdf: Vec<f64>,
        /// Entry g: the smallest k with F(k) > g/POISSON_GUIDE (the top value at most); a
        /// draw in bucket g lies between entries g and g + 1.
        guide: [u16; POISSON_GUIDE + 1],
    },
    /// Hörmann's PTRS transformed rejection for large means.
    Ptrs {
        loglam: f64,
        a: f64,
        b: f64,
        inv_alpha: f64,
        vr: f64,
    },
}

impl Poisson {
    /// Means below this use inversion, above it PTRS.
    const INVERSION_LIMIT: f64 = 10.0;

    /// A Poisson distribution of mean `mean` (finite, non-negative).
    pub fn new(mean: f64) -> Self {
        debug_assert!(mean >= 0.0 && mean.is_finite());
        let method = if mean <= 0.0 {
            PoissonMethod::Zero
        } else if mean < Self::INVERSION_LIMIT {
            // F(k) up to where it no longer changes in double precision.
            let mut cdf = Vec::new();
            let mut p = libm::exp(-mean);
            let mut acc = p;
            cdf.push(acc);
            for k in 1..1000 {
                p *= mean / f64::from(k);
                let next = acc + p;
                if next == acc && f64::from(k) > mean {
                    break;
                }
                acc = next;
                cdf.push(acc);
            }
            let mut guide = [0u16; POISSON_GUIDE + 1];
            let mut k = 0;
            for (g, slot) in guide.iter_mut().enumerate() {
                let lo = g as f64 / POISSON_GUIDE as f64;
                while k + 1 < cdf.len() && cdf[k] <= lo {
                    k += 1;
                }
                *slot = k as u16;
            }
            PoissonMethod::Inversion { cdf, guide }
        } else {
            let slam = libm::sqrt(mean);
            let b = 0.931 + 2.53 * slam;
            PoissonMethod::Ptrs {
                loglam: libm::log(mean),
                a: -0.059 + 0.02483 * b,
                b,
                inv_alpha: 1.1239 + 1.1328 / (b - 3.4),
                vr: 0.9277 - 3.6224 / (b - 2.0),
            }
        };
        Poisson { mean, method }
    }

    /// The mean.
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// One draw: inversion inline, the rejection method out of line.
    #[inline]
    pub fn sample(&self, rng: &mut TrialRng) -> u64 {
        match self.method {
            PoissonMethod::Zero => 0,
            PoissonMethod::Inversion { ref cdf, ref guide } => {
                let (u, g) = rng.uniform_bucket(POISSON_GUIDE_BITS);
                let mut k = usize::from(guide[g]);
                // At most the next bucket's start; the last entry is F at the top of the table,
                // and rounding may leave it a hair below 1: then the top value is returned.
                let end = usize::from(guide[g + 1]).min(cdf.len() - 1);
                while k < end && u >= cdf[k] {
                    k += 1;
                }
                k as u64
            }
            PoissonMethod::Ptrs { .. } => self.sample_ptrs(rng),
        }
    }

    #[inline(never)]
    fn sample_ptrs(&self, rng: &mut TrialRng) -> u64 {
        let PoissonMethod::Ptrs { loglam, a, b, inv_alpha, vr } = self.method else {
            return 0;
        };
        loop {
            let u = rng.uniform() - 0.5;
            let v = rng.uniform();
            let us = 0.5 - u.abs();
            let k = libm::floor((2.0 * a / us + b) * u + self.mean + 0.43);
            if us >= 0.07 && v <= vr {
                return k as u64;
            }
            if k < 0.0 || (us < 0.013 && v > us) {
                continue;
            }
            let lhs = libm::log(v) + libm::log(inv_alpha) - libm::log(a / (us * us) + b);
            let rhs = -self.mean + k * loglam - libm::lgamma(k + 1.0);
            if lhs <= rhs {
                return k as u64;
            }
        }
    }
}

/// Days until a daily event of probability `q` first happens: Geometric on `{1, 2, ..}`,
/// capped at `cap` (every value >= cap reads as cap), sampled by table inversion.
///
/// `survive[j]` = (1 − q)^j = P(G > j) for j = 0..=cap, and a guide table (Chen and Asau) gives,
/// for each 1/64 of the unit interval, the smallest G a uniform there can map to, so a draw is
/// one uniform and one or two comparisons. Exact: G = min{j >= 1 : U > (1 − q)^j}.
#[derive(Clone, Debug, PartialEq)]
pub struct Geometric {
    survive: Vec<f64>,
    guide: [u16; GUIDE],
}

const GUIDE: usize = 1 << GUIDE_BITS;
const GUIDE_BITS: u32 = 6;

impl Geometric {
    /// The stay of a daily event of probability `q` in `(0, 1]`, capped at `cap` >= 1.
    pub fn new(q: f64, cap: u32) -> Self {
        let cap = cap.clamp(1, u32::from(u16::MAX)) as usize;
        let mut survive = Vec::with_capacity(cap + 1);
        let mut s = 1.0;
        for _ in 0..=cap {
            survive.push(s);
            s *= 1.0 - q;
        }
        let mut guide = [cap as u16; GUIDE];
        // The smallest G reachable below `top` grows as `top` falls: walk the intervals down.
        let mut j = 1;
        for (i, g) in guide.iter_mut().enumerate().rev() {
            let top = (i + 1) as f64 / GUIDE as f64;
            while j < cap && survive[j] >= top {
                j += 1;
            }
            *g = j as u16;
        }
        Geometric { survive, guide }
    }

    /// One draw, at most `limit` (which must not exceed the table's cap).
    #[inline]
    pub fn sample(&self, rng: &mut TrialRng, limit: u32) -> u32 {
        let (u, g) = rng.uniform_bucket(GUIDE_BITS);
        let mut j = usize::from(self.guide[g]);
        let cap = (limit as usize).min(self.survive.len() - 1);
        while j < cap && u <= self.survive[j] {
            j += 1;
        }
        j.min(cap) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean_var(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        (m, xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0))
    }

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<f64> = (0..4).map(|_| TrialRng::for_trial(1, 7).uniform()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut r1 = TrialRng::for_trial(1, 7);
        let mut r2 = TrialRng::for_trial(1, 8);
        assert_ne!(r1.uniform(), r2.uniform());
    }

    #[test]
    fn poisson_moments_small_and_large_means() {
        for mean in [0.3, 4.0, 9.9, 10.0, 55.0, 400.0] {
            let d = Poisson::new(mean);
            let mut rng = TrialRng::for_trial(42, mean.to_bits());
            let n = 40_000;
            let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng) as f64).collect();
            let (m, v) = mean_var(&xs);
            // Sample mean's SE is sqrt(mean/n); the sample variance's is ~ mean*sqrt(2/n).
            let se_m = (mean / n as f64).sqrt();
            assert!((m - mean).abs() < 5.0 * se_m, "mean {mean}: got {m}");
            let se_v = mean * (2.0 / n as f64).sqrt() + (mean / n as f64).sqrt() * 2.0;
            assert!((v - mean).abs() < 5.0 * se_v, "mean {mean}: variance {v}");
        }
    }

    #[test]
    fn geometric_mean_matches() {
        for q in [0.05f64, 0.2, 0.5, 1.0] {
            let g = Geometric::new(q, 10_000);
            let mut rng = TrialRng::for_trial(3, 0);
            let n = 40_000;
            let xs: Vec<f64> = (0..n).map(|_| f64::from(g.sample(&mut rng, 10_000))).collect();
            let (m, _) = mean_var(&xs);
            let sd = ((1.0 - q) / (q * q)).sqrt();
            assert!((m - 1.0 / q).abs() <= 5.0 * sd / (n as f64).sqrt() + 1e-12, "q {q}: {m}");
        }
    }

    #[test]
    fn geometric_cap_and_pmf() {
        let g = Geometric::new(0.25, 6);
        let mut rng = TrialRng::for_trial(5, 0);
        let n = 80_000;
        let mut counts = [0u32; 7];
        for _ in 0..n {
            counts[g.sample(&mut rng, 6) as usize] += 1;
        }
        assert_eq!(counts[0], 0);
        for (j, &count) in counts.iter().enumerate().skip(1) {
            // P(G = j) for j < 6, P(G >= 6) for the cap.
            let p =
                if j < 6 { 0.25 * libm::pow(0.75, (j - 1) as f64) } else { libm::pow(0.75, 5.0) };
            let got = f64::from(count) / f64::from(n);
            let se = (p * (1.0 - p) / f64::from(n)).sqrt();
            assert!((got - p).abs() < 5.0 * se, "P(G={j}) {got} vs {p}");
        }
        assert!((0..1000).all(|_| g.sample(&mut rng, 2) <= 2));
    }

    #[test]
    fn normal_moments_and_tails() {
        let mut rng = TrialRng::for_trial(9, 9);
        let n = 400_000;
        let xs: Vec<f64> = (0..n).map(|_| rng.standard_normal()).collect();
        let nf = n as f64;
        let (m, v) = mean_var(&xs);
        assert!(m.abs() < 5.0 / nf.sqrt(), "mean {m}");
        assert!((v - 1.0).abs() < 5.0 * (2.0 / nf).sqrt(), "variance {v}");
        // Fourth moment 3 (its sampling variance is E[Z^8] - 9 = 96).
        let k4 = xs.iter().map(|x| x * x * x * x).sum::<f64>() / nf;
        assert!((k4 - 3.0).abs() < 5.0 * (96.0 / nf).sqrt(), "fourth moment {k4}");
        // Shares beyond 1, 2, the base layer's edge r, and 4 standard deviations.
        for (t, p) in
            [(1.0, 0.317_310_507_9), (2.0, 0.045_500_263_9), (ZIG_R, 5.759e-4), (4.0, 6.334e-5)]
        {
            let got = xs.iter().filter(|x| x.abs() > t).count() as f64 / nf;
            let se = (p * (1.0 - p) / nf).sqrt();
            assert!((got - p).abs() < 5.0 * se, "P(|Z| > {t}) = {got}, want {p}");
        }
        let positive = xs.iter().filter(|&&x| x > 0.0).count() as f64 / nf;
        assert!((positive - 0.5).abs() < 5.0 * (0.25 / nf).sqrt());
    }
}
