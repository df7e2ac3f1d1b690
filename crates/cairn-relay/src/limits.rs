//! Bounds on what one client can make the relay do: requests per minute per address,
//! uploads per minute per address, bytes per upload, and time to send them.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use crate::error::ApiError;

type Limiter = DefaultKeyedRateLimiter<IpAddr>;

pub struct RateLimits {
    all: Option<Limiter>,
    uploads: Option<Limiter>,
    trust_forwarded_for: bool,
}

impl RateLimits {
    /// Per client address and minute; `0` turns a limit off (benchmarks, a relay
    /// behind a proxy that limits already).
    pub fn per_minute(all: u32, uploads: u32) -> Self {
        let limiter = |n| NonZeroU32::new(n).map(|n| Limiter::keyed(Quota::per_minute(n)));
        Self {
            all: limiter(all),
            uploads: limiter(uploads),
            trust_forwarded_for: false,
        }
    }

    /// Behind a reverse proxy every connection comes from the proxy; with this set the
    /// client is the last address in `X-Forwarded-For`, the one the proxy appended.
    /// Only for a relay reachable solely through such a proxy: otherwise a client could
    /// write any address there and escape its limit.
    pub fn trusting_forwarded_for(mut self, trust: bool) -> Self {
        self.trust_forwarded_for = trust;
        self
    }

    fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let forwarded = || {
            let last = headers.get_all("x-forwarded-for").iter().next_back()?;
            last.to_str().ok()?.rsplit(',').next()?.trim().parse().ok()
        };
        let ip = self
            .trust_forwarded_for
            .then(forwarded)
            .flatten()
            .unwrap_or(peer);
        client_key(ip)
    }

    fn check(&self, ip: IpAddr, upload: bool) -> Result<(), ApiError> {
        let limiters = [Some(&self.all), upload.then_some(&self.uploads)];
        for limiter in limiters.into_iter().flatten().flatten() {
            if let Err(not_until) = limiter.check_key(&ip) {
                return Err(ApiError::RateLimited {
                    retry_after: not_until.wait_time_from(DefaultClock::default().now()),
                });
            }
        }
        Ok(())
    }

    /// Forgets addresses whose allowance has fully recovered, so memory stays bounded
    /// by the number of recently active clients.
    pub fn forget_idle(&self) {
        for limiter in [&self.all, &self.uploads].into_iter().flatten() {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

/// Middleware: refuses with 429 before any other work is done.
pub async fn enforce(
    State(limits): State<Arc<RateLimits>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let upload = request.method() == Method::POST && path == "/api/shares";
    // A viewer opened from a file reads blobs cross-origin; it must be able to read
    // "slow down" too, on the one route open to any origin.
    let blob_fetch = matches!(*request.method(), Method::GET | Method::HEAD)
        && path.starts_with("/api/shares/")
        && !path.ends_with("/stats");
    match limits.check(limits.client(peer.ip(), request.headers()), upload) {
        Ok(()) => next.run(request).await,
        Err(e) => {
            let mut response = e.into_response();
            if blob_fetch {
                crate::api::allow_any_origin(&mut response);
            }
            response
        }
    }
}

/// One IPv6 host usually owns a whole /64, so limiting single addresses there would
/// limit nothing.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let bits = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(Ipv6Addr::from(bits))
            }
        },
    }
}

/// The largest share any Cairn opens: cairn-core's `share::envelope::MAX_ENVELOPE_BYTES`,
/// which says why (this crate does not depend on cairn-core; the fuzz crate, which
/// builds both, checks the two are equal). `--max-size` may not exceed it: a larger
/// share would be stored and served, and opened by no one.
pub const MAX_SHARE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads an upload body of at most `limit` bytes within `timeout`. A declared length
/// over the limit is refused before a byte is read.
pub async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: u64,
    timeout: Duration,
) -> Result<Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::TooLarge { limit });
    }
    let limited = Limited::new(body, usize::try_from(limit).unwrap_or(usize::MAX));
    let bytes = match tokio::time::timeout(timeout, limited.collect()).await {
        Err(_) => return Err(ApiError::BodyTimeout(timeout)),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
            return Err(ApiError::TooLarge { limit });
        }
        Ok(Err(_)) => return Err(ApiError::UnreadableBody),
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    if bytes.is_empty() {
        return Err(ApiError::EmptyBody);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_keyed_by_their_64_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(other));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn uploads_have_their_own_tighter_allowance() {
        let limits = RateLimits::per_minute(100, 2);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        assert!(limits.check(ip, true).is_ok());
        assert!(limits.check(ip, true).is_ok());
        assert!(matches!(
            limits.check(ip, true),
            Err(ApiError::RateLimited { .. })
        ));
        assert!(limits.check(ip, false).is_ok(), "fetches are still allowed");
        assert!(limits.check("192.0.2.2".parse().unwrap(), true).is_ok());
    }

    #[test]
    fn the_forwarded_address_counts_only_when_trusted() {
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.append(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.1".parse().unwrap(),
        );
        headers.append("x-forwarded-for", "192.0.2.44".parse().unwrap());
        let trusting = RateLimits::per_minute(1, 1).trusting_forwarded_for(true);
        assert_eq!(
            trusting.client(proxy, &headers),
            "192.0.2.44".parse::<IpAddr>().unwrap()
        );
        assert_eq!(trusting.client(proxy, &HeaderMap::new()), proxy);
        let mut garbage = HeaderMap::new();
        garbage.insert("x-forwarded-for", "not an address".parse().unwrap());
        assert_eq!(trusting.client(proxy, &garbage), proxy);
        assert_eq!(RateLimits::per_minute(1, 1).client(proxy, &headers), proxy);
    }

    #[test]
    fn each_address_has_its_own_allowance() {
        let limits = RateLimits::per_minute(2, 0);
        let (a, b): (IpAddr, IpAddr) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        assert!(limits.check(a, false).is_ok() && limits.check(a, false).is_ok());
        assert!(limits.check(a, false).is_err());
        assert!(limits.check(b, false).is_ok());
    }

    #[test]
    fn zero_turns_a_limit_off() {
        let limits = RateLimits::per_minute(0, 0);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        assert!((0..1000).all(|_| limits.check(ip, true).is_ok()));
    }
}
