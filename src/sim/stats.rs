//! Mergeable, bounded-memory accumulators.
//!
//! A run is the merge of batch results, and the merge must be exact: ten batches of 1,000 trials
//! give bit-for-bit the report of one batch of 10,000. Floating-point addition is not
//! associative, so sums are kept as [`ExactSum`] (a non-overlapping expansion, as in Shewchuk's
//! algorithm and Python's `math.fsum`) and rounded once when read. Quantiles come from
//! [`LogHistogram`], whose buckets depend only on the scenario, never on the data, so counts
//! merge by addition; its memory is fixed whatever the number of trials.

use serde::{Deserialize, Serialize};

/// The exact sum of a stream of finite `f64`s, correctly rounded when read.
///
/// The value read does not depend on the order of additions or on how the stream was split
/// and merged.
///
/// Kept as a running pair and an expansion: `hi + lo + Σ partials` is the exact sum at every
/// moment. An addition is two error-free TwoSums on the pair (no branch, no loop); only when the
/// pair's own error does not fit (rare: the errors of sums of similar magnitudes need far fewer
/// than 53 bits) does a remainder go into the expansion. It travels and compares as the
/// expansion alone, with the pair folded in, so its JSON is what it always was.
#[derive(Clone, Debug, Default)]
pub struct ExactSum {
    hi: f64,
    lo: f64,
    /// Non-overlapping partial sums, in increasing magnitude.
    partials: Vec<f64>,
}

/// `(a + b rounded, its exact error)`: Knuth's TwoSum, no comparison of magnitudes.
#[inline]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let hi = a + b;
    let b_virtual = hi - a;
    (hi, (a - (hi - b_virtual)) + (b - b_virtual))
}

/// How an [`ExactSum`] travels and compares: its expansion with the running pair folded in.
#[derive(Serialize, Deserialize)]
struct Expansion {
    partials: Vec<f64>,
}

impl Serialize for ExactSum {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Expansion { partials: self.folded() }.serialize(s)
    }
}

impl<'de> Deserialize<'de> for ExactSum {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let e = Expansion::deserialize(d)?;
        Ok(ExactSum { hi: 0.0, lo: 0.0, partials: e.partials })
    }
}

impl PartialEq for ExactSum {
    fn eq(&self, other: &Self) -> bool {
        self.folded() == other.folded()
    }
}

impl ExactSum {
    /// Adds one finite value.
    #[inline]
    pub fn add(&mut self, value: f64) {
        debug_assert!(value.is_finite(), "ExactSum takes finite values only");
        let (hi, e) = two_sum(self.hi, value);
        let (lo, rest) = two_sum(self.lo, e);
        self.hi = hi;
        self.lo = lo;
        if rest != 0.0 {
            Self::add_partial(&mut self.partials, rest);
        }
    }

    /// The expansion with the running pair added: the same exact sum in partials alone.
    fn folded(&self) -> Vec<f64> {
        let mut p = self.partials.clone();
        for x in [self.hi, self.lo] {
            if x != 0.0 {
                Self::add_partial(&mut p, x);
            }
        }
        p
    }

    /// Adds one value to an expansion (Shewchuk's grow-expansion with zeros dropped).
    fn add_partial(p: &mut Vec<f64>, value: f64) {
        let n = p.len();
        let mut x = value;
        let mut kept = 0;
        for j in 0..n {
            let (hi, lo) = two_sum(x, p[j]);
            // Slot `kept` (<= j) is free: a zero written there is overwritten or cut off.
            p[kept] = lo;
            kept += usize::from(lo != 0.0);
            x = hi;
        }
        if kept < n {
            p[kept] = x;
            p.truncate(kept + 1);
        } else {
            p.push(x);
        }
    }

    /// Adds every value of another sum.
    pub fn merge(&mut self, other: &ExactSum) {
        self.add(other.hi);
        self.add(other.lo);
        for &p in &other.partials {
            self.add(p);
        }
    }

    /// The exact sum, correctly rounded to the nearest `f64` (ties to even).
    pub fn value(&self) -> f64 {
        let p = &self.folded();
        let Some(&last) = p.last() else { return 0.0 };
        let mut n = p.len() - 1;
        let mut hi = last;
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            let y = p[n - 1];
            n -= 1;
            hi = x + y;
            let y_rounded = hi - x;
            lo = y - y_rounded;
            if lo != 0.0 {
                break;
            }
        }
        // Half-way cases: the remaining partials decide which way to round.
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
        hi
    }
}

/// Shape of a [`LogHistogram`]'s buckets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogBuckets {
    /// Buckets per octave, a power of two; the relative width of a bucket is at most 1/this.
    pub per_octave: u32,
    /// Lowest octave, as a power of two of `value / scale`.
    pub min_exp: i32,
    /// Number of octaves covered above `min_exp`.
    pub octaves: u32,
}

/// A histogram of non-negative values on log-linear buckets relative to a fixed scale
/// (HDR-histogram style): exact zero has its own bucket, positive values fall into
/// `per_octave` equal-width buckets per power of two of `value / scale`. Values below or above
/// the covered range are counted in an underflow or overflow bucket.
///
/// It can also keep the smallest and largest value seen in each bucket, which makes quantiles
/// exact whenever a bucket holds a single distinct value (e.g. revenue that is a multiple of a
/// fixed budget).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogHistogram {
    scale: f64,
    buckets: LogBuckets,
    shift: u32,
    total: u64,
    zero: u64,
    /// Bucket 0 is underflow, the last is overflow, the rest the log-linear range.
    counts: Vec<u64>,
    #[serde(with = "extremes_serde")]
    extremes: Option<Vec<(f64, f64)>>,
}

/// A bucket never hit keeps (∞, −∞), which JSON cannot write: it travels as `null`.
mod extremes_serde {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    type Pairs = Option<Vec<(f64, f64)>>;

    pub fn serialize<S: Serializer>(v: &Pairs, s: S) -> Result<S::Ok, S::Error> {
        let seen: Option<Vec<Option<(f64, f64)>>> = v
            .as_ref()
            .map(|v| v.iter().map(|&(lo, hi)| lo.is_finite().then_some((lo, hi))).collect());
        seen.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Pairs, D::Error> {
        let seen: Option<Vec<Option<(f64, f64)>>> = Deserialize::deserialize(d)?;
        Ok(seen.map(|v| {
            v.into_iter().map(|p| p.unwrap_or((f64::INFINITY, f64::NEG_INFINITY))).collect()
        }))
    }
}

impl LogHistogram {
    /// An empty histogram. `scale` must be positive and finite; `per_octave` a power of two.
    pub fn new(scale: f64, buckets: LogBuckets, keep_extremes: bool) -> Self {
        assert!(scale > 0.0 && scale.is_finite(), "scale must be positive");
        assert!(buckets.per_octave.is_power_of_two(), "per_octave must be a power of two");
        let n = (buckets.per_octave * buckets.octaves) as usize + 2;
        LogHistogram {
            scale,
            buckets,
            shift: 52 - buckets.per_octave.trailing_zeros(),
            total: 0,
            zero: 0,
            counts: vec![0; n],
            extremes: keep_extremes.then(|| vec![(f64::INFINITY, f64::NEG_INFINITY); n]),
        }
    }

    fn index(&self, value: f64) -> usize {
        let x = value / self.scale;
        let bits = x.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i32 - 1023;
        let rel = exp - self.buckets.min_exp;
        if rel < 0 || x < f64::MIN_POSITIVE {
            return 0;
        }
        if rel >= self.buckets.octaves as i32 {
            return self.counts.len() - 1;
        }
        let sub = ((bits >> self.shift) & u64::from(self.buckets.per_octave - 1)) as usize;
        1 + rel as usize * self.buckets.per_octave as usize + sub
    }

    /// Records one value (negative values count as zero).
    pub fn record(&mut self, value: f64) {
        self.total += 1;
        if value.is_nan() || value <= 0.0 {
            self.zero += 1;
            return;
        }
        let i = self.index(value);
        self.counts[i] += 1;
        if let Some(ext) = &mut self.extremes {
            let e = &mut ext[i];
            e.0 = e.0.min(value);
            e.1 = e.1.max(value);
        }
    }

    /// Adds another histogram's counts; both must have been made with the same arguments.
    pub fn merge(&mut self, other: &LogHistogram) {
        assert!(self.buckets == other.buckets && self.scale == other.scale, "unlike histograms");
        self.total += other.total;
        self.zero += other.zero;
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        if let (Some(a), Some(b)) = (&mut self.extremes, &other.extremes) {
            for (x, y) in a.iter_mut().zip(b) {
                x.0 = x.0.min(y.0);
                x.1 = x.1.max(y.1);
            }
        }
    }

    /// Number of values recorded.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The value of bucket `i` at relative position `t` in 0..=1.
    fn bucket_value(&self, i: usize, t: f64) -> f64 {
        let per = self.buckets.per_octave as usize;
        let last = self.counts.len() - 1;
        let lo_exp = self.buckets.min_exp;
        if i == 0 {
            return libm::ldexp(1.0, lo_exp) * self.scale;
        }
        if i == last {
            return libm::ldexp(1.0, lo_exp + self.buckets.octaves as i32) * self.scale;
        }
        let octave = ((i - 1) / per) as i32;
        let sub = ((i - 1) % per) as f64;
        let low = 1.0 + sub / per as f64;
        libm::ldexp(low + t / per as f64, lo_exp + octave) * self.scale
    }

    /// The empirical quantile of order `q` (the smallest recorded value whose cumulative share
    /// reaches `q`), resolved to a bucket. With extremes kept, the value is interpolated by rank
    /// between the bucket's smallest and largest values, so it is exact when they are equal;
    /// otherwise it is the bucket's midpoint. `None` when nothing was recorded.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.total == 0 {
            return None;
        }
        let rank = ((q * self.total as f64).ceil() as u64).clamp(1, self.total);
        self.value_at_rank(rank)
    }

    /// The `rank`-th smallest value recorded (1-based), resolved as [`LogHistogram::quantile`]
    /// describes; `None` outside 1..=total.
    pub fn value_at_rank(&self, rank: u64) -> Option<f64> {
        if rank == 0 || rank > self.total {
            return None;
        }
        if rank <= self.zero {
            return Some(0.0);
        }
        let mut before = self.zero;
        for (i, &c) in self.counts.iter().enumerate() {
            if c == 0 {
                continue;
            }
            if before + c >= rank {
                let within = (rank - before - 1) as f64;
                return Some(match &self.extremes {
                    Some(ext) => {
                        let (lo, hi) = ext[i];
                        if c == 1 || lo == hi {
                            lo
                        } else {
                            lo + (hi - lo) * within / (c - 1) as f64
                        }
                    }
                    None => self.bucket_value(i, 0.5),
                });
            }
            before += c;
        }
        None
    }
}

/// Quantiles of values of either sign: magnitudes of negative and positive values in two
/// [`LogHistogram`]s, exact zeros counted apart.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedHistogram {
    negative: LogHistogram,
    positive: LogHistogram,
}

impl SignedHistogram {
    /// An empty histogram on the given buckets (relative to `scale`), keeping extremes.
    pub fn new(scale: f64, buckets: LogBuckets) -> Self {
        SignedHistogram {
            negative: LogHistogram::new(scale, buckets, true),
            positive: LogHistogram::new(scale, buckets, true),
        }
    }

    /// Records one value. Zero goes to the positive side's zero bucket.
    pub fn record(&mut self, value: f64) {
        if value < 0.0 {
            self.negative.record(-value);
        } else {
            self.positive.record(value);
        }
    }

    /// Adds another histogram made with the same arguments.
    pub fn merge(&mut self, other: &SignedHistogram) {
        self.negative.merge(&other.negative);
        self.positive.merge(&other.positive);
    }

    /// The empirical quantile of order `q`; `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let (neg, pos) = (self.negative.total(), self.positive.total());
        let total = neg + pos;
        if total == 0 {
            return None;
        }
        let rank = ((q * total as f64).ceil() as u64).clamp(1, total);
        if rank <= neg {
            // The r-th smallest overall is the (neg − r + 1)-th smallest magnitude, negated.
            self.negative.value_at_rank(neg - rank + 1).map(|v| -v)
        } else {
            self.positive.value_at_rank(rank - neg)
        }
    }
}

/// Counts for judging a warning against what happened.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confusion {
    /// Warned, and the plan was missed.
    pub true_pos: u64,
    /// Warned, but the plan was met.
    pub false_pos: u64,
    /// Not warned, but the plan was missed.
    pub false_neg: u64,
    /// Not warned, and the plan was met.
    pub true_neg: u64,
}

impl Confusion {
    /// Records one trial.
    pub fn record(&mut self, warned: bool, missed: bool) {
        match (warned, missed) {
            (true, true) => self.true_pos += 1,
            (true, false) => self.false_pos += 1,
            (false, true) => self.false_neg += 1,
            (false, false) => self.true_neg += 1,
        }
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, o: &Confusion) {
        self.true_pos += o.true_pos;
        self.false_pos += o.false_pos;
        self.false_neg += o.false_neg;
        self.true_neg += o.true_neg;
    }

    /// Share of warnings that were right; `None` when there was no warning.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.true_pos, self.true_pos + self.false_pos)
    }

    /// Share of missed plans that were warned of; `None` when no plan was missed.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.true_pos, self.true_pos + self.false_neg)
    }

    /// Share of trials with a warning; `None` for no trials.
    pub fn rate(&self) -> Option<f64> {
        let n = self.true_pos + self.false_pos + self.false_neg + self.true_neg;
        ratio(self.true_pos + self.false_pos, n)
    }
}

/// `num / den`, or `None` when there is nothing to divide by.
pub fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_sum_is_order_independent() {
        let values: Vec<f64> =
            (0..1000).map(|i| ((i * 7919) % 1013) as f64 * 1.0e3 + 0.1 * i as f64).collect();
        let mut forward = ExactSum::default();
        values.iter().for_each(|&v| forward.add(v));
        let mut backward = ExactSum::default();
        values.iter().rev().for_each(|&v| backward.add(v));
        let mut merged = ExactSum::default();
        for chunk in values.chunks(37) {
            let mut part = ExactSum::default();
            chunk.iter().for_each(|&v| part.add(v));
            merged.merge(&part);
        }
        assert_eq!(forward.value().to_bits(), backward.value().to_bits());
        assert_eq!(forward.value().to_bits(), merged.value().to_bits());
    }

    #[test]
    fn exact_sum_beats_naive_cancellation() {
        let mut s = ExactSum::default();
        for v in [1.0e16, 1.0, -1.0e16, 1.0] {
            s.add(v);
        }
        assert_eq!(s.value(), 2.0);
    }

    #[test]
    fn quantiles_exact_for_discrete_values() {
        let b = LogBuckets { per_octave: 64, min_exp: -20, octaves: 30 };
        let mut h = LogHistogram::new(1000.0, b, true);
        for i in 0..100u32 {
            h.record(f64::from(i % 10) * 150.0);
        }
        assert_eq!(h.quantile(0.05), Some(0.0));
        assert_eq!(h.quantile(0.10), Some(0.0));
        assert_eq!(h.quantile(0.11), Some(150.0));
        assert_eq!(h.quantile(0.5), Some(600.0));
        assert_eq!(h.quantile(1.0), Some(1350.0));
    }

    #[test]
    fn quantile_midpoints_within_bucket_resolution() {
        let b = LogBuckets { per_octave: 32, min_exp: -20, octaves: 30 };
        let mut h = LogHistogram::new(1.0, b, false);
        for i in 1..=1000 {
            h.record(f64::from(i));
        }
        let median = h.quantile(0.5).expect("recorded");
        assert!((median - 500.0).abs() / 500.0 < 1.0 / 32.0, "median {median}");
    }

    #[test]
    fn signed_quantiles() {
        let b = LogBuckets { per_octave: 64, min_exp: -20, octaves: 30 };
        let mut h = SignedHistogram::new(1.0, b);
        for v in [-30.0, -20.0, -10.0, 0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0] {
            h.record(v);
        }
        assert_eq!(h.quantile(0.1), Some(-30.0));
        assert_eq!(h.quantile(0.3), Some(-10.0));
        assert_eq!(h.quantile(0.4), Some(0.0));
        assert_eq!(h.quantile(0.5), Some(10.0));
        assert_eq!(h.quantile(1.0), Some(60.0));
    }

    #[test]
    fn confusion_ratios_are_none_without_denominator() {
        let mut c = Confusion::default();
        c.record(false, false);
        assert_eq!(c.precision(), None);
        assert_eq!(c.recall(), None);
        c.record(true, true);
        c.record(true, false);
        assert_eq!(c.precision(), Some(0.5));
        assert_eq!(c.recall(), Some(1.0));
    }
}
