//! Confidence intervals and posterior draws for the estimates.
//!
//! - A proportion (a conversion, a daily exit or rework probability) has a binomial likelihood,
//!   so its interval is Wilson's score interval.
//! - A Poisson rate (new deals a day) has Garwood's exact interval from the gamma (chi-square)
//!   quantiles.
//! - Posterior draws for the plan check: Beta for proportions and Gamma for rates (Jeffreys
//!   priors), drawn by Marsaglia and Tsang's method from the engine's own seeded streams.
//!
//! All transcendental functions come from `libm`, so draws are the same natively and in wasm.

use crate::sim::rng::TrialRng;

/// The two-sided 95% normal quantile.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Wilson's 95% score interval for `k` successes in `n` trials ((0, 1) when `n` is 0).
pub fn wilson(k: f64, n: f64) -> (f64, f64) {
    if !(n > 0.0) {
        return (0.0, 1.0);
    }
    let p = (k / n).clamp(0.0, 1.0);
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 / (1.0 + z2 / n) * libm::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// Regularized lower incomplete gamma P(a, x), by its series below a + 1 and Lentz's
/// continued fraction for Q above.
pub fn gamma_p(a: f64, x: f64) -> f64 {
    if !(x > 0.0) {
        return 0.0;
    }
    let log_front = a * libm::log(x) - x - libm::lgamma(a);
    if x < a + 1.0 {
        let (mut term, mut sum, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..10_000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-15 {
                break;
            }
        }
        (sum * libm::exp(log_front)).clamp(0.0, 1.0)
    } else {
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..10_000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let step = d * c;
            h *= step;
            if (step - 1.0).abs() < 1e-15 {
                break;
            }
        }
        (1.0 - libm::exp(log_front) * h).clamp(0.0, 1.0)
    }
}

/// The `q` quantile of Gamma(a, 1), by bisection on [`gamma_p`] (a few dozen evaluations).
pub fn gamma_quantile(a: f64, q: f64) -> f64 {
    if !(a > 0.0) || !(q > 0.0) {
        return 0.0;
    }
    let (mut lo, mut hi) = (0.0, a + 10.0 * libm::sqrt(a) + 40.0);
    while gamma_p(a, hi) < q {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if gamma_p(a, mid) < q {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-12 * hi {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Garwood's exact 95% interval for the mean of a Poisson count `n`.
pub fn poisson_mean(n: f64) -> (f64, f64) {
    let lo = if n > 0.0 { gamma_quantile(n, 0.025) } else { 0.0 };
    (lo, gamma_quantile(n + 1.0, 0.975))
}

/// One draw of Gamma(shape, 1), shape > 0 (Marsaglia and Tsang 2000; shapes below 1 by the
/// U^(1/a) boost).
pub fn gamma_draw(rng: &mut TrialRng, shape: f64) -> f64 {
    if shape < 1.0 {
        let u = rng.uniform_open0();
        return gamma_draw(rng, shape + 1.0) * libm::pow(u, 1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / libm::sqrt(9.0 * d);
    loop {
        let x = rng.standard_normal();
        let v = 1.0 + c * x;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = rng.uniform_open0();
        if libm::log(u) < 0.5 * x * x + d - d * v + d * libm::log(v) {
            return d * v;
        }
    }
}

/// One draw of Beta(a, b).
pub fn beta_draw(rng: &mut TrialRng, a: f64, b: f64) -> f64 {
    let x = gamma_draw(rng, a);
    let y = gamma_draw(rng, b);
    if x + y > 0.0 {
        x / (x + y)
    } else {
        0.5
    }
}
