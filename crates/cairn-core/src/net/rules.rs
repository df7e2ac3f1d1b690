//! The network rules every fetch obeys, checked on the first URL and on every
//! redirect: `https` only (plain `http` only to this computer's loopback, which is
//! what tests and local development use), no credentials in the URL, no literal
//! private or link-local addresses, bounded length.
//!
//! Host names are not resolved here; `HttpFetch` resolves them and passes every
//! address through [`check_resolved`], so a public name that resolves to a private
//! address is refused too (DNS rebinding).

use std::net::{IpAddr, SocketAddr};

use url::{Host, Url};

use super::FetchError;

/// Longest URL fetched. Real issuer URLs are under 200 characters.
pub const MAX_URL_LEN: usize = 2048;

/// Parses `url` and checks it against the rules.
pub fn check(url: &str) -> Result<Url, FetchError> {
    let quoted = || FetchError::quoted(url);
    if url.len() > MAX_URL_LEN {
        return Err(FetchError::BadUrl {
            url: quoted(),
            reason: format!("longer than {MAX_URL_LEN} characters"),
        });
    }
    let parsed = Url::parse(url).map_err(|e| FetchError::BadUrl {
        url: quoted(),
        reason: e.to_string(),
    })?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(FetchError::BadUrl {
            url: quoted(),
            reason: "it carries a user name or password".into(),
        });
    }
    let host = parsed.host().ok_or_else(|| FetchError::BadUrl {
        url: quoted(),
        reason: "it names no host".into(),
    })?;
    let loopback = is_loopback(&host);
    match parsed.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => return Err(FetchError::NotHttps { url: quoted() }),
    }
    let ip = match host {
        Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
        Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
        Host::Domain(_) => None,
    };
    if let Some(ip) = ip
        && !loopback
        && !is_public(ip)
    {
        return Err(FetchError::PrivateAddress {
            url: quoted(),
            address: ip.to_string(),
        });
    }
    Ok(parsed)
}

/// The addresses `host` resolved to, if none is private: one private address among
/// public ones is enough to refuse, since the connection may pick any of them.
/// Loopback addresses pass, as the loopback is allowed by name.
pub fn check_resolved(host: &str, addrs: Vec<SocketAddr>) -> Result<Vec<SocketAddr>, FetchError> {
    if let Some(private) = addrs
        .iter()
        .map(SocketAddr::ip)
        .find(|ip| !ip.is_loopback() && !is_public(*ip))
    {
        return Err(FetchError::PrivateAddress {
            url: FetchError::quoted(host),
            address: private.to_string(),
        });
    }
    Ok(addrs)
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// Not private, link-local, unspecified, broadcast, multicast or documentation space.
fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                // 100.64.0.0/10, carrier-grade NAT (RFC 6598).
                || (a == 100 && (64..128).contains(&b)))
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            !(v6.is_unspecified()
                || v6.is_multicast()
                // fc00::/7 unique local, fe80::/10 link-local.
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_public_and_http_only_on_loopback() {
        assert!(check("https://issuer.example/profile").is_ok());
        assert!(check("http://127.0.0.1:8080/did.json").is_ok());
        assert!(check("http://localhost/x").is_ok());
        assert!(check("http://[::1]:9/x").is_ok());
        assert!(matches!(
            check("http://issuer.example/profile"),
            Err(FetchError::NotHttps { .. })
        ));
        assert!(matches!(
            check("ftp://issuer.example/x"),
            Err(FetchError::NotHttps { .. })
        ));
        assert!(matches!(
            check("file:///etc/passwd"),
            Err(FetchError::BadUrl { .. } | FetchError::NotHttps { .. })
        ));
    }

    #[test]
    fn names_resolving_into_a_private_network_are_refused() {
        let at = |ip: &str| vec![SocketAddr::new(ip.parse().unwrap(), 443)];
        for ip in [
            "10.1.2.3",
            "192.168.0.1",
            "169.254.169.254",
            "fd00::1",
            "::ffff:10.0.0.1",
        ] {
            let err = check_resolved("rebind.example", at(ip)).unwrap_err();
            assert!(
                matches!(&err, FetchError::PrivateAddress { address, .. } if *address == ip.trim_start_matches("::ffff:") || address == ip),
                "{ip}: {err:?}"
            );
            assert!(err.to_string().contains("rebind.example"), "{err}");
        }
        let mut mixed = at("93.184.216.34");
        mixed.extend(at("10.0.0.1"));
        assert!(check_resolved("mixed.example", mixed).is_err());
        for ip in [
            "93.184.216.34",
            "2606:2800:220:1:248:1893:25c8:1946",
            "127.0.0.1",
            "::1",
        ] {
            assert_eq!(
                check_resolved("ok.example", at(ip)).unwrap(),
                at(ip),
                "{ip}"
            );
        }
    }

    #[test]
    fn private_and_link_local_literals_are_refused() {
        for url in [
            "https://10.0.0.1/x",
            "https://192.168.1.1/x",
            "https://172.16.5.4/x",
            "https://169.254.169.254/latest/meta-data",
            "https://[fd00::1]/x",
            "https://[fe80::1]/x",
            "https://0.0.0.0/x",
            "https://[::ffff:10.0.0.1]/x",
        ] {
            assert!(
                matches!(check(url), Err(FetchError::PrivateAddress { .. })),
                "{url}"
            );
        }
        assert!(check("https://93.184.215.14/x").is_ok());
    }

    #[test]
    fn credentials_garbage_and_huge_urls_are_refused() {
        assert!(matches!(
            check("https://user:pw@issuer.example/"),
            Err(FetchError::BadUrl { .. })
        ));
        assert!(matches!(check("not a url"), Err(FetchError::BadUrl { .. })));
        let long = format!("https://issuer.example/{}", "a".repeat(MAX_URL_LEN));
        let err = check(&long).unwrap_err();
        assert!(err.to_string().len() < 300, "{err}");
    }
}
