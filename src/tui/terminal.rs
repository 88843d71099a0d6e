//! The terminal: raw mode, alternate screen, bracketed paste and mouse on
//! entry; all of it undone on exit, on panic, and around the editor.

use std::io::{Stdout, stdout};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Size;
use ratatui::{Frame, Terminal};

/// The terminal while the TUI owns it.
pub struct Term {
    terminal: Terminal<CrosstermBackend<Stdout>>,
    active: bool,
}

fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

fn setup() -> std::io::Result<()> {
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture,
        crossterm::cursor::Hide
    )
}

impl Term {
    /// Takes over the terminal and installs a panic hook that gives it back.
    ///
    /// # Errors
    /// When the terminal cannot be set up.
    pub fn enter() -> std::io::Result<Self> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        if let Err(e) = setup() {
            restore();
            return Err(e);
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
        Ok(Self {
            terminal,
            active: true,
        })
    }

    /// The terminal's size.
    ///
    /// # Errors
    /// When it cannot be read.
    pub fn size(&self) -> std::io::Result<Size> {
        self.terminal.size()
    }

    /// Draws a frame with `render` (the main TUI's or the review's view):
    /// the one place a frame is drawn.
    ///
    /// # Errors
    /// When writing to the terminal fails.
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> std::io::Result<()> {
        self.terminal.draw(render)?;
        Ok(())
    }

    /// Gives the terminal to `f` (an editor), then takes it back and
    /// redraws everything.
    pub fn suspend_for<T>(&mut self, f: impl FnOnce() -> T) -> T {
        restore();
        let out = f();
        let _ = setup();
        let _ = execute!(
            stdout(),
            crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
        );
        // A fresh terminal has empty buffers, so the next frame repaints
        // everything. (`Terminal::clear` would first ask the terminal for the
        // cursor position, a round trip that can time out here.)
        if let Ok(t) = Terminal::new(CrosstermBackend::new(stdout())) {
            self.terminal = t;
        }
        out
    }

    /// Gives the terminal back.
    pub fn leave(&mut self) {
        if self.active {
            restore();
            self.active = false;
        }
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        self.leave();
    }
}
