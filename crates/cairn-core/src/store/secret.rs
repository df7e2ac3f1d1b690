//! Secrets that unlock a wallet. They never print, and are wiped from memory when
//! dropped (`zeroize`), so a passphrase does not linger in freed heap pages.

use std::fmt;

use zeroize::Zeroizing;

/// What the learner types. Never logged, never shown.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(text: String) -> Self {
        Passphrase(Zeroizing::new(text))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// The code shown once at wallet creation; with it, a forgotten passphrase loses
/// nothing. 128 random bits in Crockford base32, in groups of four for reading aloud.
pub struct RecoveryCode(Zeroizing<String>);

/// Crockford's alphabet: no I, L, O, U, so codes survive handwriting.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl RecoveryCode {
    pub(crate) fn generate() -> Result<Self, getrandom::Error> {
        let mut bytes = Zeroizing::new([0u8; 16]);
        getrandom::fill(bytes.as_mut())?;
        // 128 bits → 26 symbols of 5 bits (the last symbol carries 3).
        let mut symbols = Zeroizing::new(String::with_capacity(32));
        let mut acc: u32 = 0;
        let mut bits = 0;
        for byte in bytes.iter() {
            acc = (acc << 8) | u32::from(*byte);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                symbols.push(char::from(CROCKFORD[((acc >> bits) & 31) as usize]));
            }
        }
        if bits > 0 {
            symbols.push(char::from(CROCKFORD[((acc << (5 - bits)) & 31) as usize]));
        }
        let grouped: String = symbols
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("-");
        Ok(RecoveryCode(Zeroizing::new(grouped)))
    }

    /// A code as typed: case, spaces and dashes do not matter, and the letters
    /// people confuse (O/0, I/L/1) are read as Crockford says.
    pub fn parse(text: &str) -> RecoveryCode {
        let normal: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            })
            .collect();
        let grouped = normal
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-");
        RecoveryCode(Zeroizing::new(grouped))
    }

    /// The code, for showing to the learner exactly once.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_26_crockford_symbols_in_groups_and_differ() {
        let a = RecoveryCode::generate().unwrap();
        let b = RecoveryCode::generate().unwrap();
        assert_ne!(a.reveal(), b.reveal());
        let symbols: String = a.reveal().chars().filter(|c| *c != '-').collect();
        assert_eq!(symbols.len(), 26);
        assert!(
            symbols.bytes().all(|c| CROCKFORD.contains(&c)),
            "{}",
            a.reveal()
        );
    }

    #[test]
    fn typed_codes_are_normalised() {
        let code = RecoveryCode::generate().unwrap();
        let typed = code.reveal().to_lowercase().replace('-', " ");
        assert_eq!(RecoveryCode::parse(&typed).reveal(), code.reveal());
        assert_eq!(RecoveryCode::parse("oil0-ab").reveal(), "0110-AB");
    }

    #[test]
    fn secrets_never_print() {
        assert_eq!(
            format!("{:?}", Passphrase::new("hunter2".into())),
            "Passphrase(…)"
        );
        assert!(!format!("{:?}", RecoveryCode::parse("ABCD")).contains("ABCD"));
    }
}
