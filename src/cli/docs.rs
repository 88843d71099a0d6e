//! `promptcrafter completions SHELL` and `promptcrafter man`: shell
//! completion scripts and roff man pages, generated from the same clap
//! definition as `--help`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Failure};

/// `promptcrafter completions`.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  \
    promptcrafter completions bash > ~/.local/share/bash-completion/completions/promptcrafter\n  \
    promptcrafter completions zsh > \"${fpath[1]}/_promptcrafter\"\n  \
    promptcrafter completions fish > ~/.config/fish/completions/promptcrafter.fish")]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// `promptcrafter man`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  promptcrafter man | man -l -\n  promptcrafter man logs | man -l -\n  \
                        promptcrafter man --dir ~/.local/share/man/man1"
)]
pub struct ManArgs {
    /// The subcommand whose page to print (e.g. `logs`, `prompts add`); none: the main page.
    #[arg(value_name = "SUBCOMMAND")]
    pub subcommand: Vec<String>,
    /// Write every page (promptcrafter.1, promptcrafter-logs.1, ...) into this folder instead.
    #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
    pub dir: Option<PathBuf>,
}

/// Prints the completion script.
pub fn completions(args: &CompletionsArgs) -> Result<(), Failure> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "promptcrafter", &mut out);
    std::io::stdout().write_all(&out)?;
    Ok(())
}

/// Prints one man page, or writes all of them.
pub fn man(args: &ManArgs) -> Result<(), Failure> {
    if let Some(dir) = &args.dir {
        let written = write_pages(dir)?;
        eprintln!("Wrote {written} man pages to {}.", dir.display());
        return Ok(());
    }
    let page = page(&args.subcommand)?;
    std::io::stdout().write_all(&page)?;
    Ok(())
}

/// The roff page of the subcommand at `path` (empty: the main page).
///
/// # Errors
/// A usage failure when no such subcommand exists.
pub fn page(path: &[String]) -> Result<Vec<u8>, Failure> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut name = "promptcrafter".to_owned();
    for part in path {
        let Some(sub) = cmd.find_subcommand(part).cloned() else {
            return Err(Failure::usage(format!(
                "no subcommand {part:?} under `{}`",
                name.replace('-', " ")
            )));
        };
        name = format!("{name}-{}", sub.get_name());
        cmd = sub;
    }
    let cmd = cmd.name(name);
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out)?;
    Ok(out)
}

/// Writes the main page and one per subcommand, at every depth, into `dir`;
/// returns how many.
///
/// # Errors
/// When the folder or a file cannot be written.
pub fn write_pages(dir: &Path) -> Result<usize, Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::other(format!("cannot create {}: {e}", dir.display())))?;
    let mut count = 0;
    let mut stack: Vec<Vec<String>> = vec![Vec::new()];
    while let Some(path) = stack.pop() {
        let bytes = page(&path)?;
        let mut name = String::from("promptcrafter");
        for p in &path {
            name.push('-');
            name.push_str(p);
        }
        let file = dir.join(format!("{name}.1"));
        std::fs::write(&file, bytes)
            .map_err(|e| Failure::other(format!("cannot write {}: {e}", file.display())))?;
        count += 1;
        for sub in subcommands_at(&path) {
            let mut next = path.clone();
            next.push(sub);
            stack.push(next);
        }
    }
    Ok(count)
}

/// The names of the subcommands under `path`, as `--help` lists them.
#[must_use]
pub fn subcommands_at(path: &[String]) -> Vec<String> {
    let mut cmd = Cli::command();
    cmd.build();
    for part in path {
        match cmd.find_subcommand(part).cloned() {
            Some(sub) => cmd = sub,
            None => return Vec::new(),
        }
    }
    cmd.get_subcommands()
        .filter(|s| s.get_name() != "help")
        .map(|s| s.get_name().to_owned())
        .collect()
}
