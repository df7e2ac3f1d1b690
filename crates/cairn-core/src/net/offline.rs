//! The fetcher of `--offline`: it has no network code at all, so it cannot open a
//! socket; every request is answered [`FetchError::Offline`]. Wrapped in a
//! [`super::CachingFetch`], what was remembered still answers.

use super::{Fetch, FetchError, Fetched, Kind};

#[derive(Debug, Default, Clone, Copy)]
pub struct OfflineFetch;

impl Fetch for OfflineFetch {
    fn get(&self, url: &str, _kind: Kind) -> Result<Fetched, FetchError> {
        Err(FetchError::Offline {
            url: FetchError::quoted(url),
        })
    }

    fn reaches_network(&self) -> bool {
        false
    }
}
