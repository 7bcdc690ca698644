//! A per-address token bucket for enrolment: codes are short enough to be worth guessing
//! only if guesses are free.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// `burst` attempts at once, then one more every `refill`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub burst: u32,
    pub refill: Duration,
}

impl Default for RateLimit {
    /// Ten attempts, then one every six seconds: a person mistyping a code never notices.
    fn default() -> Self {
        Self {
            burst: 10,
            refill: Duration::from_secs(6),
        }
    }
}

/// Buckets live in memory: a restart forgets them, which costs an attacker nothing they
/// could not get by waiting a minute.
#[derive(Debug)]
pub struct RateLimiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Forget full buckets once there are this many addresses, so that memory stays bounded.
const PRUNE_AT: usize = 10_000;

impl RateLimiter {
    pub fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one attempt for `ip`, if it has one left.
    pub fn allow(&self, ip: IpAddr) -> bool {
        self.allow_at(ip, Instant::now())
    }

    fn allow_at(&self, ip: IpAddr, now: Instant) -> bool {
        let burst = f64::from(self.limit.burst);
        let per_second = 1.0 / self.limit.refill.as_secs_f64().max(1e-3);
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= PRUNE_AT {
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.at).as_secs_f64() * per_second < burst
            });
        }
        let bucket = buckets.entry(ip).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_one_per_refill_per_address() {
        let limiter = RateLimiter::new(RateLimit {
            burst: 3,
            refill: Duration::from_secs(10),
        });
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "::1".parse().unwrap());
        let start = Instant::now();
        assert!((0..3).all(|_| limiter.allow_at(a, start)));
        assert!(!limiter.allow_at(a, start));
        assert!(limiter.allow_at(b, start));
        assert!(!limiter.allow_at(a, start + Duration::from_secs(9)));
        assert!(limiter.allow_at(a, start + Duration::from_secs(11)));
        assert!(!limiter.allow_at(a, start + Duration::from_secs(12)));
    }
}
