//! Records the git revision the binary is built from, for `--version`.
//! Built outside a git checkout (or without git), the version is the
//! crate's alone.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = env!("CARGO_PKG_VERSION");
    let rev = git(&["rev-parse", "--short=12", "HEAD"]);
    // Rebuild when HEAD moves (a commit, a checkout); the paths are those of
    // this worktree, wherever its git directory lives.
    for path in ["HEAD", "logs/HEAD"] {
        if let Some(p) = git(&["rev-parse", "--git-path", path]) {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    let full = match rev {
        Some(rev) => format!("{version} (git {rev})"),
        None => version.to_owned(),
    };
    println!("cargo:rustc-env=PROMPTCRAFTER_VERSION={full}");
}
