//! Editing the output in `$VISUAL` / `$EDITOR`, as `git commit` does.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use super::error::EditorError;

/// The editor program and its arguments: the config's `editor` when set,
/// else `$VISUAL`, else `$EDITOR`, else `vi`.
fn editor_command(configured: Option<&str>) -> String {
    configured
        .map(str::to_owned)
        .into_iter()
        .chain(
            ["VISUAL", "EDITOR"]
                .into_iter()
                .filter_map(|v| std::env::var(v).ok()),
        )
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned())
}

/// Writes `text` to a private temp file (ending in a newline, as editors
/// expect), runs the editor (`configured`, else `$VISUAL`, `$EDITOR`,
/// `vi`) on it, and returns the file's text, without that final newline,
/// when the editor exits successfully.
///
/// # Errors
/// No editor, it failed, the file could not be used or is not UTF-8.
pub fn edit(text: &str, configured: Option<&str>) -> Result<String, EditorError> {
    let path = std::env::temp_dir().join(format!(
        "promptcrafter-output-{}-{}.md",
        std::process::id(),
        uuid::Uuid::now_v7().simple()
    ));
    let result = edit_file(&path, text, configured);
    let _ = std::fs::remove_file(&path);
    result
}

fn edit_file(path: &Path, text: &str, configured: Option<&str>) -> Result<String, EditorError> {
    let temp = |source| EditorError::TempFile {
        path: path.to_path_buf(),
        source,
    };
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(temp)?;
    f.write_all(text.as_bytes()).map_err(temp)?;
    // A text file ends with a line break: an editor or a script that
    // appends (`>> "$1"`) starts on a line of its own. It goes again on
    // the way back (`Form::set_output`).
    if !text.is_empty() {
        f.write_all(b"\n").map_err(temp)?;
    }
    drop(f);
    let command = editor_command(configured);
    let mut parts = command.split_whitespace();
    let program = parts.next().unwrap_or("vi").to_owned();
    let status = std::process::Command::new(&program)
        .args(parts)
        .arg(path)
        .status()
        .map_err(|source| EditorError::Start {
            program: program.clone(),
            source,
        })?;
    if !status.success() {
        return Err(EditorError::Exited { program, status });
    }
    let bytes = std::fs::read(path).map_err(temp)?;
    let mut out = String::from_utf8(bytes).map_err(|_| EditorError::NotUtf8)?;
    if out.ends_with('\n') {
        out.pop();
        if out.ends_with('\r') {
            out.pop();
        }
    }
    Ok(out)
}
