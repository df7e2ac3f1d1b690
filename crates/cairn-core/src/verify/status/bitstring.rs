//! `BitstringStatusListEntry` (Bitstring Status List v1.0) and `StatusList2021Entry`:
//! fetch the status list credential, verify it, check its type and purpose, then
//! read bit `statusListIndex` of its GZIP-compressed `encodedList` (index 0 is the
//! most significant bit of the first byte, §"Bitstring Encoding").

use std::io::Read;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::Value;

use super::{Context, Outcome, fetch_list, outcome, verdict};
use crate::credential;
use crate::net::Fetch;
use crate::quote::clip_to;
use crate::verify::report::{CheckId, CheckStatus};

/// Largest decompressed list: 16 Mi entries (2 MiB). The specification's minimum is
/// 16 KiB; anything past this cap is refused as a likely GZIP bomb.
pub(crate) const MAX_LIST_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavour {
    Bitstring,
    StatusList2021,
}

impl Flavour {
    fn credential_type(self) -> &'static str {
        match self {
            Flavour::Bitstring => "BitstringStatusListCredential",
            Flavour::StatusList2021 => "StatusList2021Credential",
        }
    }

    fn subject_type(self) -> &'static str {
        match self {
            Flavour::Bitstring => "BitstringStatusList",
            Flavour::StatusList2021 => "StatusList2021",
        }
    }
}

fn fail(message: impl Into<String>) -> Outcome {
    outcome(CheckStatus::Fail, message)
}

pub(super) fn check(
    entry: &Value,
    flavour: Flavour,
    fetch: &dyn Fetch,
    ctx: &Context<'_>,
) -> Outcome {
    let Some(url) = entry.get("statusListCredential").and_then(Value::as_str) else {
        return fail("the status entry names no statusListCredential");
    };
    let Some(purpose) = entry.get("statusPurpose").and_then(Value::as_str) else {
        return fail("the status entry has no statusPurpose");
    };
    let Some(index) = read_index(entry.get("statusListIndex")) else {
        return fail("the status entry's statusListIndex is not a whole number");
    };
    if let Some(size) = entry.get("statusSize")
        && size.as_u64() != Some(1)
    {
        return outcome(
            CheckStatus::Unknown,
            "the status entry uses a multi-bit statusSize, which Cairn does not read yet",
        );
    }
    let list = match fetch_list(fetch, url) {
        Ok(list) => list,
        Err(outcome) => return outcome,
    };
    let parsed = match credential::parse(&list.body) {
        Ok(parsed) => parsed,
        Err(err) => {
            return fail(format!(
                "the status list at {} is not a credential: {err}",
                clip_to(url, 160)
            ));
        }
    };
    // Believe the list only once it is shown to be the issuer's, unaltered and current.
    let report = (ctx.verify_list)(&parsed);
    for id in [CheckId::Proof, CheckId::Issuer, CheckId::Validity] {
        if let Some(c) = report.check(id)
            && matches!(c.status, CheckStatus::Fail | CheckStatus::Unknown)
        {
            let what = match id {
                CheckId::Validity => "is not current",
                _ => "could not be shown to be the issuer's",
            };
            return outcome(c.status, format!("the status list {what}: {}", c.message));
        }
    }
    let Some(doc) = parsed.document() else {
        return fail("the status list has no content");
    };
    if !credential::types(doc).contains(&flavour.credential_type()) {
        return fail(format!(
            "the status list is not a {} (its type is wrong)",
            flavour.credential_type()
        ));
    }
    let subject = doc.get("credentialSubject").unwrap_or(&Value::Null);
    if !credential::types(subject).contains(&flavour.subject_type()) {
        return fail(format!(
            "the status list's subject is not a {}",
            flavour.subject_type()
        ));
    }
    let purposes: Vec<&str> = match subject.get("statusPurpose") {
        Some(Value::String(p)) => vec![p.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !purposes.contains(&purpose) {
        return fail(format!(
            "the status list is for {}, not for {}",
            purposes.join(", "),
            clip_to(purpose, 40)
        ));
    }
    let Some(encoded) = subject.get("encodedList").and_then(Value::as_str) else {
        return fail("the status list has no encodedList");
    };
    let bits = match decode_list(encoded, flavour) {
        Ok(bits) => bits,
        Err(reason) => return fail(format!("the status list cannot be read: {reason}")),
    };
    let Some(set) = bit(&bits, index) else {
        return fail(format!(
            "the credential's statusListIndex {index} is beyond the list's {} entries",
            bits.len() * 8
        ));
    };
    verdict(purpose, set, &list, None)
}

fn read_index(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::String(text)
            if !text.is_empty() && text.len() <= 20 && text.bytes().all(|b| b.is_ascii_digit()) =>
        {
            text.parse().ok()
        }
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// Bit `index`, most significant bit of the first byte first.
pub(crate) fn bit(bits: &[u8], index: u64) -> Option<bool> {
    let byte = bits.get(usize::try_from(index / 8).ok()?)?;
    Some(byte & (0x80 >> (index % 8)) != 0)
}

/// base64url (Bitstring: multibase `u` prefix) of GZIP, decompressed up to the cap.
pub(crate) fn decode_list(encoded: &str, flavour: Flavour) -> Result<Vec<u8>, String> {
    let text = match flavour {
        Flavour::Bitstring => encoded
            .strip_prefix('u')
            .ok_or("encodedList is not multibase base64url (no `u` prefix)")?,
        // StatusList2021 has no prefix, but some issuers add the multibase one; `u`
        // is also a base64 digit, so it is dropped only before the GZIP magic (H4sI).
        Flavour::StatusList2021 => match encoded.strip_prefix('u') {
            Some(rest) if rest.starts_with("H4sI") => rest,
            _ => encoded,
        },
    };
    let lenient =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let compressed = GeneralPurpose::new(&base64::alphabet::URL_SAFE, lenient)
        .decode(text)
        .or_else(|_| GeneralPurpose::new(&base64::alphabet::STANDARD, lenient).decode(text))
        .map_err(|e| format!("encodedList is not base64url: {e}"))?;
    let mut bits = Vec::new();
    flate2::read::GzDecoder::new(compressed.as_slice())
        .take(MAX_LIST_BYTES as u64 + 1)
        .read_to_end(&mut bits)
        .map_err(|e| format!("encodedList is not GZIP data: {e}"))?;
    if bits.len() > MAX_LIST_BYTES {
        return Err(format!(
            "encodedList decompresses to more than {MAX_LIST_BYTES} bytes (refused as a possible GZIP bomb)"
        ));
    }
    if bits.is_empty() {
        return Err("encodedList is empty".into());
    }
    Ok(bits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use std::io::Write;

    fn encode(bits: &[u8]) -> String {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(bits).unwrap();
        format!("u{}", URL_SAFE_NO_PAD.encode(gz.finish().unwrap()))
    }

    #[test]
    fn bit_zero_is_the_most_significant_bit_of_the_first_byte() {
        let mut list = vec![0u8; 16 * 1024];
        list[0] = 0b1000_0000;
        list[2] = 0b0000_0001;
        let bits = decode_list(&encode(&list), Flavour::Bitstring).unwrap();
        assert_eq!(bit(&bits, 0), Some(true));
        assert_eq!(bit(&bits, 1), Some(false));
        assert_eq!(bit(&bits, 23), Some(true));
        assert_eq!(bit(&bits, 22), Some(false));
        assert_eq!(bit(&bits, 131_072), None);
    }

    #[test]
    fn the_dcc_fixture_list_has_bits_2_6_8_set() {
        let path = crate::test_support::vectors_dir()
            .join("dcc-verifier-core/status/e5WK8CbZ1GjycuPombrj.json");
        let doc: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let encoded = doc["credentialSubject"]["encodedList"].as_str().unwrap();
        let bits = decode_list(encoded, Flavour::Bitstring).unwrap();
        let set: Vec<u64> = (0..64).filter(|i| bit(&bits, *i) == Some(true)).collect();
        assert_eq!(set, vec![2, 6, 8]);
    }

    #[test]
    fn a_gzip_bomb_is_refused_without_inflating_it_all() {
        let bomb = vec![0u8; 64 * 1024 * 1024];
        let err = decode_list(&encode(&bomb), Flavour::Bitstring).unwrap_err();
        assert!(err.contains("GZIP bomb"), "{err}");
    }

    #[test]
    fn status_list_2021_reads_with_or_without_the_multibase_prefix() {
        let encoded = encode(&[0x40; 16]);
        let bare = encoded.strip_prefix('u').unwrap();
        assert_eq!(
            bit(&decode_list(bare, Flavour::StatusList2021).unwrap(), 1),
            Some(true)
        );
        assert_eq!(
            bit(&decode_list(&encoded, Flavour::StatusList2021).unwrap(), 1),
            Some(true)
        );
        assert!(decode_list(bare, Flavour::Bitstring).is_err());
        assert!(decode_list("u!!!", Flavour::Bitstring).is_err());
    }
}
