//! The lists with many rows: only the rows in view are drawn, the view
//! follows the highlight, and a click hits the row drawn where it lands.

use super::*;
use crate::tui::fixtures::{app_with, many_logs, many_prompts};

fn click(app: &mut App, column: u16, row: u16) {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    app.update(Message::Input(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })));
}

#[test]
fn a_click_after_scrolling_back_up_hits_the_prompt_drawn_there() {
    let mut app = app_with(many_prompts(200), Vec::new());
    app.update(Message::Input(Event::Resize(100, 30)));
    for _ in 0..30 {
        key(&mut app, KeyCode::Down);
    }
    for _ in 0..3 {
        key(&mut app, KeyCode::Up);
    }
    assert_eq!(app.current_id(), Some("prm_28"));
    let areas = app.areas();
    let text = format!("{}", screen(&app, 100, 30).backend());
    // The first row in view, as drawn: a click on it selects that prompt.
    let first = app.list.window.offset;
    let title = app.list.prompts[app.list.rows[first].index]
        .title()
        .to_owned();
    assert!(text.contains(title.as_str()), "{title} not drawn:\n{text}");
    click(&mut app, areas.prompts.x + 3, areas.prompts.y + 1);
    assert_eq!(
        app.list.selected_prompt().map(|p| p.title().to_owned()),
        Some(title),
        "the click hits the row drawn there, not one re-derived from the selection"
    );
}

#[test]
fn the_logs_pane_draws_the_rows_in_view_and_follows_the_highlight() {
    let mut app = app_with(many_prompts(3), many_logs(5000));
    app.update(Message::Input(Event::Resize(100, 30)));
    app.set_focus(Focus::Logs);
    for _ in 0..40 {
        key(&mut app, KeyCode::Down);
    }
    let selected = app.logs.window.selected;
    assert_eq!(selected, 40);
    let log = app.current_logs().unwrap()[selected].clone();
    assert!(app.logs.window.offset > 0, "the view scrolled to follow");
    let t = screen(&app, 100, 30);
    let buf = t.backend().buffer();
    let areas = app.areas();
    // The one highlighted row of the logs pane shows the highlighted log.
    let highlighted: Vec<u16> = (areas.logs.y + 1..areas.logs.bottom() - 1)
        .filter(|&y| {
            let cell = &buf[(areas.logs.x + 2, y)];
            let sel = crate::tui::theme::selected();
            cell.modifier.contains(sel.add_modifier) && sel.bg.is_none_or(|bg| cell.bg == bg)
        })
        .collect();
    // A pane this narrow gives each row two lines (the output on the second).
    assert_eq!(highlighted.len(), 2, "{}", t.backend());
    let line: String = (areas.logs.x + 1..areas.logs.right() - 1)
        .map(|x| buf[(x, highlighted[0])].symbol().to_owned())
        .collect();
    let time = log.created_at[5..19].replace('T', " ");
    assert!(line[1..].starts_with(&time), "{line:?} is not {time}");
}
