//! OSC 52: putting text on the terminal's clipboard (which works over SSH).
//! The text goes out base64-encoded, so nothing in it can act as an escape.

use base64::Engine;

/// The OSC 52 sequence that sets the clipboard to `text`:
/// `ESC ] 52 ; c ; <base64> BEL`.
#[must_use]
pub fn osc52(text: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\u{1b}]52;c;{b64}\u{7}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_base64_goes_between_the_markers() {
        let evil = "out\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m done";
        let seq = osc52(evil);
        let body = seq
            .strip_prefix("\u{1b}]52;c;")
            .and_then(|s| s.strip_suffix('\u{7}'))
            .expect("framed as OSC 52");
        assert!(
            body.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c)),
            "{body}"
        );
        let back = base64::engine::general_purpose::STANDARD
            .decode(body)
            .expect("base64");
        assert_eq!(back, evil.as_bytes());
    }
}
