pub mod issuer;
