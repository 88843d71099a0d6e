//! Tests of the clap definition: consistent, `--api-url` only where an API
//! is talked to, an example in every subcommand's help.

use clap::{CommandFactory, Parser};

use super::*;

#[test]
fn clap_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn api_url_belongs_to_the_commands_that_talk_to_an_api() {
    let cli = Cli::try_parse_from(["promptcrafter", "logs", "--api-url", "http://x"]).unwrap();
    let Some(Command::Logs(logs)) = cli.command else {
        panic!("logs");
    };
    assert_eq!(logs.api.api_url.as_deref(), Some("http://x"));
    assert!(Cli::try_parse_from(["promptcrafter", "serve", "--api-url", "http://x"]).is_err());
    let cli = Cli::try_parse_from(["promptcrafter", "--api-url", "http://tui"]).unwrap();
    assert_eq!(cli.api.api_url.as_deref(), Some("http://tui"));
    assert!(cli.command.is_none());
}

#[test]
fn api_url_before_the_subcommand_goes_to_it_or_is_refused() {
    let top = ApiArgs {
        api_url: Some("http://y".into()),
    };
    let mut cli = Cli::try_parse_from(["promptcrafter", "prompts", "--json"]).unwrap();
    let command = cli.command.as_mut().unwrap();
    take_api(&top, api_of(command), "prompts").unwrap();
    let Some(Command::Prompts(p)) = cli.command else {
        panic!("prompts");
    };
    assert_eq!(p.api.api_url.as_deref(), Some("http://y"));
    let mut serve = Cli::try_parse_from(["promptcrafter", "serve"]).unwrap();
    let command = serve.command.as_mut().unwrap();
    assert_eq!(command_name(command), "serve");
    let err = take_api(&top, api_of(command), "serve").unwrap_err();
    assert_eq!(err.code, ExitCode::Usage);
}

fn every_subcommand(cmd: &clap::Command, path: &str, out: &mut Vec<(String, clap::Command)>) {
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("{path} {}", sub.get_name());
        out.push((name.clone(), sub.clone()));
        every_subcommand(sub, &name, out);
    }
}

#[test]
fn every_subcommand_help_carries_an_example() {
    let mut cmd = Cli::command();
    cmd.build();
    let mut all = Vec::new();
    every_subcommand(&cmd, "promptcrafter", &mut all);
    assert!(all.len() >= 20, "{}", all.len());
    for (name, sub) in all {
        let help = sub
            .get_after_help()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(
            help.starts_with("Example:\n  "),
            "{name} has no example: {help:?}"
        );
    }
}

#[test]
fn exit_codes_are_listed_once_in_help() {
    let help = Cli::command().render_long_help().to_string();
    for (code, meaning) in EXIT_CODES {
        assert!(
            help.contains(&format!("  {}  {meaning}", code as u8)),
            "{code:?}"
        );
    }
    let md = exit_codes_markdown();
    assert_eq!(md.lines().count(), EXIT_CODES.len() + 3);
}

#[test]
fn the_readme_carries_the_generated_exit_codes() {
    let readme = include_str!("../../README.md");
    assert!(
        readme.contains(&exit_codes_markdown()),
        "regenerate the README's exit codes"
    );
}
