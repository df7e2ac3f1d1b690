//! Quoting untrusted text in messages: enough to recognise it, never kilobytes of it.

/// How many characters of untrusted input an error message may quote.
const MAX_QUOTED: usize = 80;

/// The first `MAX_QUOTED` characters of `s`, with `…` when it was cut.
pub(crate) fn clip(s: &str) -> String {
    clip_to(s, MAX_QUOTED)
}

/// The first `max` characters of `s`, with `…` when it was cut (URLs, which are
/// often longer than other quoted input yet still bounded by the fetch rules).
pub(crate) fn clip_to(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_input_is_cut_on_a_character_boundary() {
        let long = "é".repeat(200);
        let quoted = clip(&long);
        assert_eq!(quoted.chars().count(), MAX_QUOTED + 1);
        assert!(quoted.ends_with('…'));
        assert_eq!(clip("short"), "short");
    }
}
