//! Token buckets: the rate limits of a room (a voter's requests, an address's misses), on a clock
//! the caller passes in milliseconds, so the logic is tested without waiting.

use std::collections::HashMap;
use std::hash::Hash;

/// A bucket's size and refill rate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    /// Requests allowed at once (a full bucket).
    pub burst: f64,
    /// Tokens added per second.
    pub per_second: f64,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at_ms: u64,
}

/// One bucket per key, pruned of full (idle) buckets when it grows past `max_keys`.
#[derive(Debug)]
pub struct Buckets<K> {
    rate: Rate,
    max_keys: usize,
    map: HashMap<K, Bucket>,
}

impl<K: Eq + Hash> Buckets<K> {
    /// Empty buckets of this rate.
    pub fn new(rate: Rate, max_keys: usize) -> Self {
        Self { rate, max_keys, map: HashMap::new() }
    }

    fn refill(rate: Rate, b: &mut Bucket, now_ms: u64) {
        let dt = now_ms.saturating_sub(b.at_ms) as f64 / 1000.0;
        b.tokens = (b.tokens + dt * rate.per_second).min(rate.burst);
        b.at_ms = b.at_ms.max(now_ms);
    }

    /// Takes one token for `key`; false when its bucket is empty (the request is refused).
    pub fn take(&mut self, key: K, now_ms: u64) -> bool {
        if self.map.len() >= self.max_keys {
            let rate = self.rate;
            self.map.retain(|_, b| {
                Self::refill(rate, b, now_ms);
                b.tokens < rate.burst
            });
        }
        let rate = self.rate;
        let b = self.map.entry(key).or_insert(Bucket { tokens: rate.burst, at_ms: now_ms });
        Self::refill(rate, b, now_ms);
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// How many keys are tracked (for tests of the pruning).
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no key is tracked.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refill_at_the_rate() {
        let mut b = Buckets::new(Rate { burst: 10.0, per_second: 10.0 }, 100);
        assert!((0..10).all(|_| b.take("v", 1_000)));
        assert!(!b.take("v", 1_000), "the 11th request in the same millisecond");
        assert!(!b.take("v", 1_050), "half a token after 50 ms");
        assert!(b.take("v", 1_100), "one token after 100 ms");
        assert!(b.take("w", 1_100), "another key has its own bucket");
    }

    #[test]
    fn idle_buckets_are_pruned_busy_ones_kept() {
        let mut b = Buckets::new(Rate { burst: 2.0, per_second: 1.0 }, 4);
        for k in 0..4 {
            assert!(b.take(k, 0));
        }
        assert_eq!(b.len(), 4);
        // 10 s later every bucket is full again: all pruned, then the new key added.
        assert!(b.take(99, 10_000));
        assert_eq!(b.len(), 1);
    }
}
