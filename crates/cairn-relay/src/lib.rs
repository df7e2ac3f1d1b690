//! The relay as a library: the HTTP router and its parts, so the binary (`main.rs`)
//! and the fuzz targets (`fuzz/`) drive exactly the same request handling.
//!
//! It never sees plaintext or keys: uploads are ciphertext, and the key travels only in
//! the link's `#fragment`, which browsers do not send.

pub mod api;
pub mod error;
pub mod ids;
pub mod limits;
pub mod shares;
pub mod store;
pub mod viewer;
