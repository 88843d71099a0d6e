//! Editing the output in `$VISUAL` / `$EDITOR`, as `git commit` does.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;

/// Writes `text` to a private temp file, runs the editor on it, and returns
/// the file's text when the editor exits successfully.
///
/// # Errors
/// The failure in words (no editor, it failed, the file is not UTF-8).
pub fn edit(text: &str) -> Result<String, String> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_owned());
    let path = std::env::temp_dir().join(format!(
        "promptcrafter-output-{}-{}.md",
        std::process::id(),
        uuid::Uuid::now_v7().simple()
    ));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .map_err(|e| format!("cannot write a temporary file: {e}"))?;
        f.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
        drop(f);
        let mut parts = editor.split_whitespace();
        let program = parts.next().unwrap_or("vi");
        let status = std::process::Command::new(program)
            .args(parts)
            .arg(&path)
            .status()
            .map_err(|e| format!("cannot start {program:?}: {e}"))?;
        if !status.success() {
            return Err(format!("{program:?} exited with {status}"));
        }
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        String::from_utf8(bytes).map_err(|_| "the edited file is not UTF-8".to_owned())
    })();
    let _ = std::fs::remove_file(&path);
    result
}
