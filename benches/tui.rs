//! The cost of a keystroke on the main screen: update and one frame.
//! With 20,000 prompts in the list and 50,000 logs on the selected prompt
//! at 200x50 (target: under 2 ms each), a key typed in Output and a move
//! in the logs list; and with a 1 MiB output in the form, a key in Output
//! and in Notes, a frame alone, and a paste of 1 MiB. The fixtures are the
//! shared ones (`tui::fixtures`).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use promptcrafter::tui::App;
use promptcrafter::tui::fixtures::big_app;
use promptcrafter::tui::main_screen::Focus;
use promptcrafter::tui::message::Message;
use promptcrafter::tui::screen::Screen;
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

fn key(app: &mut App, code: KeyCode) {
    app.update(Message::Input(Event::Key(KeyEvent::new(
        code,
        KeyModifiers::NONE,
    ))));
}

/// Update and one frame, as the loop does after a key.
fn frame(app: &mut App, term: &mut Terminal<TestBackend>) {
    app.before_draw();
    term.draw(|f| black_box(&*app).render(f)).unwrap();
}

fn bench_large_lists(c: &mut Criterion) {
    let mut group = c.benchmark_group("tui_50k_logs_20k_prompts_200x50");
    group.sample_size(50);
    let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap();
    let mut app = big_app(20_000, 50_000, 200, 50);
    group.bench_function("keystroke_in_output", |b| {
        b.iter(|| {
            key(&mut app, KeyCode::Char('x'));
            frame(&mut app, &mut term);
        });
    });
    let mut app = big_app(20_000, 50_000, 200, 50);
    app.set_focus(Focus::Logs);
    let mut down = true;
    group.bench_function("move_in_logs_list", |b| {
        b.iter(|| {
            // Down through the logs and back up, so every move moves.
            let at = app.logs.window.selected;
            if at == 0 || at + 1 >= 50_000 {
                down = at == 0;
            }
            key(&mut app, if down { KeyCode::Down } else { KeyCode::Up });
            frame(&mut app, &mut term);
        });
    });
    group.finish();
}

fn bench_big_output(c: &mut Criterion) {
    let big = output_1mib();
    let mut group = c.benchmark_group("tui");
    group.sample_size(30);
    let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
    let with_output = |text: &str| {
        let mut app = big_app(1, 0, 160, 48);
        app.update(Message::Input(Event::Paste(text.to_owned())));
        app
    };
    let mut app = with_output(&big);
    group.bench_function("keystroke_in_output_and_frame_with_1MiB_output", |b| {
        b.iter(|| {
            key(&mut app, KeyCode::Char('x'));
            frame(&mut app, &mut term);
        });
    });
    let mut notes_app = with_output(&big);
    for _ in 0..3 {
        key(&mut notes_app, KeyCode::Tab);
    }
    group.bench_function("keystroke_in_notes_and_frame_with_1MiB_output", |b| {
        b.iter(|| {
            key(&mut notes_app, KeyCode::Char('x'));
            frame(&mut notes_app, &mut term);
        });
    });
    group.bench_function("frame_only_with_1MiB_output", |b| {
        b.iter(|| frame(&mut app, &mut term));
    });
    group.bench_function("paste_1MiB_and_frame", |b| {
        b.iter_batched(
            || with_output(""),
            |mut a| {
                a.update(Message::Input(Event::Paste(big.clone())));
                frame(&mut a, &mut term);
                a
            },
            criterion::BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group!(benches, bench_large_lists, bench_big_output);
criterion_main!(benches);
