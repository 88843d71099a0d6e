//! User-supplied bytes (a file, stdin) read as UTF-8, with the byte offset of
//! the first invalid sequence in the error, so nothing garbled is sent.

use super::Failure;

/// `bytes` as text; a usage failure naming `what` and the offset otherwise.
///
/// # Errors
/// [`Failure::usage`] when `bytes` are not valid UTF-8.
pub fn text(bytes: Vec<u8>, what: &str) -> Result<String, Failure> {
    String::from_utf8(bytes).map_err(|e| {
        let e = e.utf8_error();
        Failure::usage(format!(
            "{what} is not valid UTF-8: invalid byte at offset {} (nothing was sent)",
            e.valid_up_to()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offset_of_the_first_bad_byte() {
        assert_eq!(text(b"ok".to_vec(), "x").unwrap(), "ok");
        let e = text(b"caf\xc3\xa9 \xff!".to_vec(), "the model's output").unwrap_err();
        assert_eq!(
            e.message,
            "the model's output is not valid UTF-8: invalid byte at offset 6 (nothing was sent)"
        );
    }
}
