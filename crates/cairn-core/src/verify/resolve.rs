//! Finding the public key behind a verification method id. Offline methods
//! (`did:key`, `did:jwk`) are decoded in place; the rest need a resolver with
//! network access or a cache, supplied by the caller.

use super::keys::{self, KeyError, ResolvedKey};

/// Resolves verification method ids to keys, and says who controls them.
pub trait KeyResolver: Send + Sync {
    fn resolve(&self, verification_method: &str) -> Result<ResolvedKey, KeyError>;
}

/// Resolves only what needs no network; everything else is `KeyError::NeedsNetwork`.
#[derive(Debug, Default, Clone, Copy)]
pub struct OfflineResolver;

impl KeyResolver for OfflineResolver {
    fn resolve(&self, verification_method: &str) -> Result<ResolvedKey, KeyError> {
        keys::resolve_offline(verification_method)
    }
}
