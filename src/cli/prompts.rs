//! `promptcrafter prompts` and `prompts add`.

use std::io::{IsTerminal, Read};

use crate::model::{NewPrompt, Prompt};
use crate::paths::Paths;

use super::session::Session;
use super::table;
use super::{Failure, PromptAddArgs, PromptsArgs, PromptsCommand};

/// Lists, searches or adds prompts.
pub async fn run(args: PromptsArgs, api_url: Option<String>, paths: &Paths) -> Result<(), Failure> {
    let mut session = Session::open(api_url, paths, true).await?;
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
        println!(
            "{}",
            serde_json::to_string_pretty(&prompts).unwrap_or_default()
        );
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
