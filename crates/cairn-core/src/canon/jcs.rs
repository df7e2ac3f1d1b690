//! JSON Canonicalization Scheme (RFC 8785), as `eddsa-jcs-2022` requires.

use serde_json::Value;

use super::CanonError;

/// The RFC 8785 serialization of `value`.
pub fn jcs(value: &Value) -> Result<Vec<u8>, CanonError> {
    serde_json_canonicalizer::to_vec(value).map_err(|err| CanonError::Json {
        reason: err.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_and_whitespace_removed() {
        let out =
            jcs(&json!({"b": 1, "a": [true, null, "x"], "c": {"z": 1.0, "y": 1e21}})).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"a":[true,null,"x"],"b":1,"c":{"y":1e+21,"z":1}}"#
        );
    }
}
