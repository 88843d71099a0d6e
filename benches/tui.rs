//! One keystroke with a 1 MiB output in the form: the key through update
//! and a full frame drawn (target: within one 16 ms frame); pasting 1 MiB;
//! and a frame with nothing changed.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use promptcrafter::client::{ApiClient, ClientOptions};
use promptcrafter::model::Prompt;
use promptcrafter::tui::message::{ApiEvent, Message};
use promptcrafter::tui::{App, AuthMode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn output_1mib() -> String {
    let para = "The model answered at length about supply chains, margins and risks. ".repeat(12);
    let mut s = String::new();
    while s.len() < 1 << 20 {
        s.push_str(&para);
        s.push_str("\n\n");
    }
    s
}

fn app_with(output: &str) -> App {
    let client = ApiClient::new("http://127.0.0.1:9", ClientOptions::default()).unwrap();
    let auth = AuthMode::Local {
        email: "e".into(),
        password: "p".into(),
    };
    let mut app = App::new(
        client,
        "local".into(),
        "bench".into(),
        auth,
        None,
        Vec::new(),
    );
    let prompt = Prompt {
        id: "prm_1".into(),
        owner_id: "u".into(),
        title: "Bench prompt".into(),
        content: "Summarise.".into(),
        model: "gpt-4o".into(),
        tags: vec![],
        created_at: String::new(),
        updated_at: String::new(),
    };
    app.update(Message::Api(ApiEvent::Prompts(Ok(vec![prompt]))));
    app.update(Message::Input(Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    ))));
    if !output.is_empty() {
        app.update(Message::Input(Event::Paste(output.to_owned())));
    }
    app
}

fn bench_tui(c: &mut Criterion) {
    let big = output_1mib();
    let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
    let mut app = app_with(&big);
    let mut group = c.benchmark_group("tui");
    group.sample_size(30);
    group.bench_function("keystroke_in_output_and_frame_with_1MiB_output", |b| {
        b.iter(|| {
            let k = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
            app.update(Message::Input(Event::Key(k)));
            app.sync_cursors();
            term.draw(|f| promptcrafter::tui::view::draw(black_box(&app), f))
                .unwrap();
        });
    });
    let mut notes_app = app_with(&big);
    for _ in 0..3 {
        let tab = KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE);
        notes_app.update(Message::Input(Event::Key(tab)));
    }
    group.bench_function("keystroke_in_notes_and_frame_with_1MiB_output", |b| {
        b.iter(|| {
            let k = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
            notes_app.update(Message::Input(Event::Key(k)));
            notes_app.sync_cursors();
            term.draw(|f| promptcrafter::tui::view::draw(black_box(&notes_app), f))
                .unwrap();
        });
    });
    group.bench_function("frame_only_with_1MiB_output", |b| {
        b.iter(|| {
            term.draw(|f| promptcrafter::tui::view::draw(black_box(&app), f))
                .unwrap();
        });
    });
    group.bench_function("paste_1MiB_and_frame", |b| {
        b.iter_batched(
            || app_with(""),
            |mut a| {
                a.update(Message::Input(Event::Paste(big.clone())));
                term.draw(|f| promptcrafter::tui::view::draw(&a, f))
                    .unwrap();
                a
            },
            criterion::BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group!(benches, bench_tui);
criterion_main!(benches);
