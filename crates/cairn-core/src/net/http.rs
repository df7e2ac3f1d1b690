//! The real fetcher: blocking reqwest over rustls, the platform's trust
//! store, a user agent, connect and total timeouts, at most [`MAX_REDIRECTS`]
//! redirects each checked against [`super::rules`], no automatic decompression, and
//! answers read only up to the kind's size cap. Host names are resolved by
//! [`PublicResolver`], which refuses names that resolve into a private network.

use std::io::Read;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::blocking::Client;
use reqwest::redirect;

use super::{Fetch, FetchError, Fetched, Kind, rules};

/// Redirects followed before giving up.
pub const MAX_REDIRECTS: usize = 5;

const USER_AGENT: &str = concat!(
    "Cairn/",
    env!("CARGO_PKG_VERSION"),
    " (learner credential wallet; verification)"
);

/// Fetches over HTTPS. Cheap to make: the client (and its TLS setup) is built on
/// first use, so a verification that needs no network never initialises it.
pub struct HttpFetch {
    connect_timeout: Duration,
    total_timeout: Duration,
    extra_roots: Vec<Vec<u8>>,
    lookup: Lookup,
    client: OnceLock<Result<Client, FetchError>>,
}

/// Host name to addresses (port 0: the connection uses the URL's port).
type Lookup = fn(&str) -> std::io::Result<Vec<SocketAddr>>;

fn system_lookup(host: &str) -> std::io::Result<Vec<SocketAddr>> {
    (host, 0).to_socket_addrs().map(Vec::from_iter)
}

impl Default for HttpFetch {
    fn default() -> Self {
        Self::new()
    }
}

impl HttpFetch {
    /// 10 s to connect, 30 s for the whole answer.
    pub fn new() -> Self {
        HttpFetch {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            extra_roots: Vec::new(),
            lookup: system_lookup,
            client: OnceLock::new(),
        }
    }

    pub fn with_timeouts(mut self, connect: Duration, total: Duration) -> Self {
        self.connect_timeout = connect;
        self.total_timeout = total;
        self
    }

    /// Also trusts this PEM certificate authority (an organisation's own CA; tests
    /// use one made for the run), beside the platform's trust store.
    pub fn with_root_certificate_pem(mut self, pem: &[u8]) -> Self {
        self.extra_roots.push(pem.to_vec());
        self
    }

    fn client(&self) -> Result<&Client, FetchError> {
        self.client
            .get_or_init(|| self.build())
            .as_ref()
            .map_err(Clone::clone)
    }

    fn build(&self) -> Result<Client, FetchError> {
        let setup = |reason: String| FetchError::Tls {
            url: "(client setup)".into(),
            reason,
        };
        let policy = redirect::Policy::custom(|attempt| {
            if attempt.previous().len() > MAX_REDIRECTS {
                let url = FetchError::quoted(attempt.previous()[0].as_str());
                return attempt.error(FetchError::TooManyRedirects {
                    url,
                    limit: MAX_REDIRECTS,
                });
            }
            match rules::check(attempt.url().as_str()) {
                Ok(_) => attempt.follow(),
                Err(err) => attempt.error(err),
            }
        });
        let mut builder = Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(self.connect_timeout)
            .timeout(self.total_timeout)
            .redirect(policy)
            .referer(false)
            .no_proxy()
            .dns_resolver(Arc::new(PublicResolver {
                lookup: self.lookup,
            }));
        let mut roots = Vec::new();
        for pem in &self.extra_roots {
            roots.push(
                reqwest::Certificate::from_pem(pem)
                    .map_err(|e| setup(format!("a trusted certificate is unreadable: {e}")))?,
            );
        }
        if !roots.is_empty() {
            builder = builder.tls_certs_merge(roots);
        }
        builder.build().map_err(|e| setup(chain(&e)))
    }

    fn map_error(&self, url: &str, err: &reqwest::Error) -> FetchError {
        let url = FetchError::quoted(url);
        if let Some(ours) = find::<FetchError>(err) {
            return ours.clone();
        }
        let text = chain(err);
        if err.is_timeout() || text.contains("timed out") {
            return FetchError::Timeout {
                url,
                seconds: self.total_timeout.as_secs().max(1),
            };
        }
        if err.is_dns() {
            return FetchError::Dns { url, reason: text };
        }
        let lower = text.to_ascii_lowercase();
        if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
            return FetchError::Tls { url, reason: text };
        }
        if err.is_connect() {
            return FetchError::Connect { url, reason: text };
        }
        FetchError::Malformed {
            url,
            reason: format!("the answer could not be read: {text}"),
        }
    }
}

/// The system resolver, then [`rules::check_resolved`] on every address: a public
/// name that resolves into a private network (DNS rebinding, a hostile issuer's
/// `did:web` pointing at the learner's router or a cloud metadata service) is refused
/// before any connection, as a literal private address already is.
struct PublicResolver {
    lookup: Lookup,
}

impl reqwest::dns::Resolve for PublicResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        let lookup = self.lookup;
        Box::pin(async move {
            // getaddrinfo blocks: off the client's runtime thread, as reqwest's own
            // resolver does.
            let name = host.clone();
            let found = tokio::task::spawn_blocking(move || lookup(&name))
                .await
                .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)??;
            let addrs = rules::check_resolved(&host, found)?;
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The first error of type `E` in the chain, looking inside `io::Error`s too (whose
/// `source` skips the error they wrap).
fn find<'a, E: std::error::Error + 'static>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a E> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<E>() {
            return Some(found);
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
        {
            if let Some(found) = inner.downcast_ref::<E>() {
                return Some(found);
            }
            current = inner.source();
            continue;
        }
        current = e.source();
    }
    None
}

/// The messages of an error and its causes, joined, without the URL reqwest repeats.
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    let joined = parts.join(": ");
    crate::quote::clip_to(&joined, 200)
}

impl Fetch for HttpFetch {
    fn get(&self, url: &str, kind: Kind) -> Result<Fetched, FetchError> {
        let parsed = rules::check(url)?;
        let client = self.client()?;
        let limit = kind.max_bytes();
        let quoted = || FetchError::quoted(url);
        let response = client
            .get(parsed)
            .header(
                reqwest::header::ACCEPT,
                "application/did+json, application/ld+json, application/json;q=0.9, */*;q=0.1",
            )
            .send()
            .map_err(|e| self.map_error(url, &e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(FetchError::HttpStatus {
                url: quoted(),
                status: status.as_u16(),
            });
        }
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(FetchError::TooLarge {
                url: quoted(),
                limit,
            });
        }
        let final_url = response.url().to_string();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| crate::quote::clip_to(v, 100));
        let mut body = Vec::new();
        response
            .take(limit as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|e| {
                let text = e.to_string();
                if e.kind() == std::io::ErrorKind::TimedOut || text.contains("timed out") {
                    FetchError::Timeout {
                        url: quoted(),
                        seconds: self.total_timeout.as_secs().max(1),
                    }
                } else {
                    FetchError::Malformed {
                        url: quoted(),
                        reason: format!("the answer broke off: {}", chain(&e)),
                    }
                }
            })?;
        if body.len() > limit {
            return Err(FetchError::TooLarge {
                url: quoted(),
                limit,
            });
        }
        Ok(Fetched {
            url: url.to_owned(),
            final_url,
            body,
            content_type,
            fetched_at: chrono::Utc::now(),
            from_cache: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A resolver under the attacker's control: every name is in the private network
    /// except `loopback.example`.
    fn hostile_dns(host: &str) -> std::io::Result<Vec<SocketAddr>> {
        let ip = if host == "loopback.example" {
            "127.0.0.1"
        } else {
            "10.0.0.7"
        };
        Ok(vec![SocketAddr::new(ip.parse().unwrap(), 0)])
    }

    fn fetcher() -> HttpFetch {
        HttpFetch {
            lookup: hostile_dns,
            ..HttpFetch::new().with_timeouts(Duration::from_secs(5), Duration::from_secs(10))
        }
    }

    #[test]
    fn a_public_name_resolving_to_a_private_address_is_refused_before_connecting() {
        let err = fetcher()
            .get("https://rebind.example/issuer", Kind::IssuerProfile)
            .unwrap_err();
        match &err {
            FetchError::PrivateAddress { url, address } => {
                assert!(url.contains("rebind.example"), "{err}");
                assert_eq!(address, "10.0.0.7");
            }
            other => panic!("expected PrivateAddress, got {other:?}"),
        }
    }

    #[test]
    fn the_checked_addresses_are_the_ones_connected_to() {
        // A name the resolver maps to the loopback: the connection reaches this
        // listener (and fails TLS there, since it speaks none).
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let accepted = {
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                use std::sync::atomic::Ordering;
                while !done.load(Ordering::SeqCst) {
                    if listener.accept().is_ok() {
                        // Dropped at once: the TLS handshake fails without waiting.
                        return true;
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                false
            })
        };
        let err = fetcher()
            .get(
                &format!("https://loopback.example:{port}/x"),
                Kind::IssuerProfile,
            )
            .unwrap_err();
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        assert!(
            !matches!(
                err,
                FetchError::PrivateAddress { .. } | FetchError::Dns { .. }
            ),
            "{err:?}"
        );
        assert!(
            accepted.join().unwrap(),
            "no connection reached the listener"
        );
    }
}
