//! Fixtures shared by the unit tests, the flow tests and the benches: the
//! prompts and logs the snapshots show, an app with them loaded, and the
//! large data set the benches time (20,000 prompts, 50,000 logs on one).

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::main_screen::App;
use super::message::{ApiEvent, Message};
use super::screen::Screen;
use crate::cli::session::SessionAuth;
use crate::client::{ApiClient, ClientOptions, LogPage};
use crate::local_server::LocalAccount;
use crate::model::{Log, Prompt};

/// A prompt `prm_{n}`.
#[must_use]
pub fn prompt(n: usize, title: &str, model: &str, tags: &[&str], content: &str) -> Prompt {
    Prompt {
        id: format!("prm_{n}"),
        owner_id: "usr_1".into(),
        title: title.into(),
        content: content.into(),
        model: model.into(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        created_at: "2026-11-01T10:00:00.000Z".into(),
        updated_at: "2026-11-01T10:00:00.000Z".into(),
    }
}

/// A log `log_{n}` of `prompt`, created on day 2n of November (n < 10).
#[must_use]
pub fn log(n: usize, prompt: &str, model: &str, score: Option<f64>, output: &str) -> Log {
    Log {
        id: format!("log_{n}"),
        prompt_id: prompt.into(),
        output: output.into(),
        model_used: model.into(),
        notes: Some("Clear, but misses the risk section.".into()),
        score,
        created_at: format!("2026-11-2{n}T09:1{n}:00.000Z"),
    }
}

/// The four prompts the snapshots show.
#[must_use]
pub fn prompts() -> Vec<Prompt> {
    vec![
        prompt(
            1,
            "Quarterly report summary",
            "gpt-4o",
            &["summarization", "business"],
            "Summarize the quarterly report below in at most five sentences.\nLead with the most important number.\n\nReport:\n{{report}}",
        ),
        prompt(
            2,
            "Support ticket triage",
            "claude-sonnet-4",
            &["classification"],
            "Classify the ticket. Answer with JSON only.",
        ),
        prompt(
            3,
            "Invoice fields",
            "gemini-2.5-flash",
            &["extraction", "finance"],
            "Extract invoice_number, issue_date and total.",
        ),
        prompt(
            4,
            "Release notes",
            "llama-3.1-70b",
            &[],
            "Turn the changelog into release notes.",
        ),
    ]
}

/// The three logs of the first prompt, newest first.
#[must_use]
pub fn logs() -> Vec<Log> {
    vec![
        log(
            3,
            "prm_1",
            "gpt-4o",
            Some(9.0),
            "Revenue rose 12% on online sales.\nRisks: supplier stability.",
        ),
        log(
            2,
            "prm_1",
            "claude-sonnet-4",
            Some(7.0),
            "Revenue grew; margins held.",
        ),
        log(
            1,
            "prm_1",
            "gpt-4o",
            Some(6.0),
            "The report says things went well.",
        ),
    ]
}

/// How the fixture apps log in again (never used: nothing answers).
#[must_use]
pub fn local_auth() -> SessionAuth {
    SessionAuth::Local(LocalAccount {
        email: "local@x".into(),
        password: "p".into(),
    })
}

/// A client for an address nothing listens on.
///
/// # Panics
/// Never: the address is valid.
#[must_use]
pub fn offline_client() -> ApiClient {
    ApiClient::new("http://127.0.0.1:9", ClientOptions::default()).expect("a valid URL")
}

/// `logs` as the one page a prompt with no more logs answers.
#[must_use]
pub fn whole(logs: Vec<Log>) -> LogPage {
    LogPage {
        logs,
        next: None,
        whole_list: false,
    }
}

/// An app (no data dir) with `prompts` loaded and the first one's `logs`
/// (all of them) and statistics.
#[must_use]
pub fn app_with(prompts: Vec<Prompt>, logs: Vec<Log>) -> App {
    let mut app = App::new(
        offline_client(),
        "local".into(),
        "ada@example.com".into(),
        local_auth(),
        Some("/nonexistent".into()),
        Vec::new(),
    );
    let _ = app.start();
    let first = prompts.first().map(|p| p.id.clone()).unwrap_or_default();
    app.update(Message::Api(ApiEvent::Prompts(Ok(prompts))));
    let stats = crate::stats::prompt_stats(&logs);
    app.update(Message::Api(ApiEvent::Logs {
        prompt_id: first.clone(),
        result: Ok(whole(logs)),
    }));
    app.update(Message::Api(ApiEvent::Stats {
        prompt_id: first,
        result: Box::new(Ok(stats)),
    }));
    app.banner = None;
    app
}

/// The app the snapshots show: [`prompts`] and [`logs`].
#[must_use]
pub fn app() -> App {
    app_with(prompts(), logs())
}

/// `n` prompts, titled and tagged so a filter has something to match.
#[must_use]
pub fn many_prompts(n: usize) -> Vec<Prompt> {
    let models = [
        "gpt-4o",
        "claude-sonnet-4",
        "gemini-2.5-flash",
        "llama-3.1-70b",
    ];
    (1..=n)
        .map(|i| {
            let model = models[i % models.len()];
            let title = format!("Prompt number {i} about topic {}", i % 97);
            prompt(
                i,
                &title,
                model,
                &["bench", "generated"],
                "Summarise the text.",
            )
        })
        .collect()
}

/// `n` logs of `prm_1`, each with a few lines of output.
#[must_use]
pub fn many_logs(n: usize) -> Vec<Log> {
    let models = ["gpt-4o", "claude-sonnet-4", "gemini-2.5-flash"];
    (0..n)
        .map(|i| {
            #[expect(clippy::cast_precision_loss, reason = "scores are 0..=10")]
            let score = Some((i % 11) as f64);
            Log {
                id: format!("log_{i:06}"),
                prompt_id: "prm_1".into(),
                output: format!(
                    "Answer {i}: revenue rose {}%.\nRisks: suppliers.\nDone.",
                    i % 40
                ),
                model_used: models[i % models.len()].into(),
                notes: None,
                score,
                created_at: format!(
                    "2026-{:02}-{:02}T{:02}:{:02}:00.000Z",
                    1 + i % 12,
                    1 + i % 28,
                    i % 24,
                    i % 60
                ),
            }
        })
        .collect()
}

/// The benches' app: `prompts` prompts, `logs` logs on the first, a
/// `width` x `height` screen, the cursor in the first prompt's Output.
#[must_use]
pub fn big_app(prompts: usize, logs: usize, width: u16, height: u16) -> App {
    let mut app = app_with(many_prompts(prompts), many_logs(logs));
    app.update(Message::Input(Event::Resize(width, height)));
    app.update(Message::Input(Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    ))));
    app
}
