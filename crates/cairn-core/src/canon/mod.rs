//! Canonical forms of JSON documents, the bytes Data Integrity proofs sign.
//!
//! Two algorithms: RDF Dataset Canonicalization (RDFC-1.0) of a JSON-LD document's
//! RDF (for `eddsa-rdfc-2022` and `Ed25519Signature2020`), and the JSON
//! Canonicalization Scheme (RFC 8785, for `eddsa-jcs-2022`). Both are pure functions of
//! their input and the bundled contexts: nothing here touches the network.

mod jcs;
mod rdfc;

pub use jcs::jcs;
pub use rdfc::rdfc;

/// Why a document has no canonical form.
#[derive(Debug, thiserror::Error)]
pub enum CanonError {
    /// The document names a JSON-LD context that Cairn does not bundle.
    #[error(
        "uses the JSON-LD context {url}, which Cairn does not know (contexts are never fetched)"
    )]
    UnknownContext { url: String },
    /// The document uses a term that none of its contexts defines, so the signature
    /// could not cover it: accepting it would let anyone add unsigned claims.
    #[error("uses the term \"{term}\", which none of its JSON-LD contexts defines")]
    UndefinedTerm { term: String },
    #[error("is not valid JSON-LD: {reason}")]
    InvalidJsonLd { reason: String },
    /// Blank-node structures built to make canonicalization explode (RDFC-1.0 §4.4's
    /// "poison graphs") are cut off instead of running for hours.
    #[error("is too complex to canonicalize safely ({reason})")]
    TooComplex { reason: String },
    #[error("cannot be canonicalized as JSON: {reason}")]
    Json { reason: String },
}
