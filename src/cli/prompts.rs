//! `promptcrafter prompts` and `prompts add`.

use std::io::{IsTerminal, Read};

use clap::{Args, Subcommand};

use crate::model::{NewPrompt, Prompt};
use crate::paths::Paths;

use super::Failure;
use super::session::{ApiArgs, Session};
use super::table;

/// `promptcrafter prompts`.
#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Example:\n  promptcrafter prompts --search summary\n  \
                  promptcrafter prompts --json | jq -r '.[] | [._id, .title] | @tsv'"
)]
pub struct PromptsArgs {
    /// Only prompts whose title, content or tags contain this (case-insensitive).
    #[arg(long, value_name = "Q")]
    pub search: Option<String>,
    /// Print a JSON array instead of a table (same order).
    #[arg(long)]
    pub json: bool,
    /// The API.
    #[command(flatten)]
    pub api: ApiArgs,
    /// Add a prompt.
    #[command(subcommand)]
    pub command: Option<PromptsCommand>,
}

/// `promptcrafter prompts <command>`.
#[derive(Debug, Subcommand)]
pub enum PromptsCommand {
    /// Add a prompt (content from --content or stdin); prints its id.
    Add(PromptAddArgs),
}

/// `promptcrafter prompts add`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  promptcrafter prompts add --title 'Report summary' --model gpt-4o --tag finance < prompt.txt"
)]
pub struct PromptAddArgs {
    /// Title, 3 to 100 characters.
    #[arg(long)]
    pub title: String,
    /// The model the prompt is for.
    #[arg(long)]
    pub model: String,
    /// A tag (repeat for more).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// The prompt text (default: read from stdin).
    #[arg(long)]
    pub content: Option<String>,
}

/// Lists, searches or adds prompts.
pub async fn run(args: PromptsArgs, paths: &Paths) -> Result<(), Failure> {
    let mut session = Session::open(&args.api, paths, true).await?;
    let result = match args.command {
        Some(PromptsCommand::Add(add)) => add_prompt(&mut session, add).await,
        None => list(&mut session, args.search, args.json).await,
    };
    session.close().await;
    result
}

async fn list(session: &mut Session, search: Option<String>, json: bool) -> Result<(), Failure> {
    let prompts = match search {
        Some(q) => {
            session
                .call(|c| {
                    let q = q.clone();
                    async move { c.search_prompts(&q).await }
                })
                .await?
        }
        None => {
            session
                .call(|c| async move { c.list_prompts().await })
                .await?
        }
    };
    if json {
        table::print_json(&prompts)?;
    } else {
        print!("{}", prompts_table(&prompts));
    }
    Ok(())
}

/// The table `promptcrafter prompts` prints.
#[must_use]
pub fn prompts_table(prompts: &[Prompt]) -> String {
    let rows: Vec<Vec<String>> = prompts
        .iter()
        .map(|p| {
            vec![
                table::cut(&p.id, 60),
                table::cut(&p.title, 50),
                table::cut(&p.model, 24),
                table::cut(&p.tags.join(", "), 40),
            ]
        })
        .collect();
    table::render(&["ID", "TITLE", "MODEL", "TAGS"], &rows)
}

async fn add_prompt(session: &mut Session, args: PromptAddArgs) -> Result<(), Failure> {
    let content = match args.content {
        Some(c) => c,
        None => read_stdin("the prompt's content")?,
    };
    let prompt = NewPrompt {
        title: args.title,
        content,
        model: args.model,
        tags: (!args.tags.is_empty()).then_some(args.tags),
    };
    let created = session
        .call(|c| {
            let prompt = prompt.clone();
            async move { c.create_prompt(&prompt).await }
        })
        .await?;
    println!("{}", created.id);
    Ok(())
}

/// Reads all of stdin as UTF-8; refuses to wait on an interactive terminal.
pub fn read_stdin(what: &str) -> Result<String, Failure> {
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(Failure::usage(format!(
            "expected {what} on stdin (pipe it in), or give it with a flag"
        )));
    }
    let mut bytes = Vec::new();
    stdin.read_to_end(&mut bytes)?;
    super::utf8::text(bytes, what)
}
