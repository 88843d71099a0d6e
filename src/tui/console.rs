//! Where the loop's input comes from and its frames go: the [`Console`]
//! trait, with the real terminal (crossterm: raw mode, alternate screen,
//! bracketed paste and mouse, all undone on exit, on panic and around the
//! editor) and a scripted one on ratatui's `TestBackend` for tests.

use std::io::{Stdout, stdout};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    EventStream,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use futures::Stream;
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend, TestBackend};

use super::editor;
use super::error::EditorError;

/// A terminal the loop runs on: a ratatui [`Backend`] to draw on, a
/// [`Stream`] of terminal events to read, and a way to lend the terminal
/// to an external editor.
pub trait Console {
    /// Where frames are drawn.
    type Backend: Backend;
    /// Where input comes from.
    type Events: Stream<Item = std::io::Result<Event>> + Unpin;

    /// The terminal frames are drawn on.
    fn terminal(&mut self) -> &mut Terminal<Self::Backend>;

    /// The input stream.
    fn events(&mut self) -> &mut Self::Events;

    /// Hands `text` to the external editor and returns what it saved.
    ///
    /// # Errors
    /// When the editor could not run or failed.
    fn edit(&mut self, text: &str) -> Result<String, EditorError>;

    /// Puts `text` on the clipboard as OSC 52, written where the frames go.
    ///
    /// # Errors
    /// When the terminal cannot be written to.
    fn clipboard(&mut self, text: &str) -> std::io::Result<()>;
    /// Captures the mouse (clicks and the wheel reach the TUI) or stops
    /// (the terminal's own text selection works).
    ///
    /// # Errors
    /// When the terminal cannot be told.
    fn set_mouse(&mut self, on: bool) -> std::io::Result<()>;
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

fn setup(mouse: bool) -> std::io::Result<()> {
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        crossterm::cursor::Hide
    )?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// The real terminal while the TUI owns it.
pub struct Term {
    terminal: Terminal<CrosstermBackend<Stdout>>,
    events: EventStream,
    active: bool,
    /// Whether the mouse is captured now.
    mouse: bool,
    /// The editor command (`None`: `$VISUAL`, `$EDITOR`, `vi`).
    editor: Option<String>,
}

impl Term {
    /// Takes over the terminal (capturing the mouse when `mouse`; Ctrl-G
    /// runs `editor`) and installs a panic hook that gives it back.
    ///
    /// # Errors
    /// When the terminal cannot be set up.
    pub fn enter(mouse: bool, editor: Option<String>) -> std::io::Result<Self> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        if let Err(e) = setup(mouse) {
            restore();
            return Err(e);
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
        Ok(Self {
            terminal,
            events: EventStream::new(),
            active: true,
            mouse,
            editor,
        })
    }

    /// Gives the terminal back.
    pub fn leave(&mut self) {
        if self.active {
            restore();
            self.active = false;
        }
    }
}

impl Console for Term {
    type Backend = CrosstermBackend<Stdout>;
    type Events = EventStream;

    fn terminal(&mut self) -> &mut Terminal<Self::Backend> {
        &mut self.terminal
    }

    fn events(&mut self) -> &mut Self::Events {
        &mut self.events
    }

    fn edit(&mut self, text: &str) -> Result<String, EditorError> {
        restore();
        // The editor owns the terminal meanwhile: stop reading it.
        self.events = EventStream::new();
        let out = editor::edit(text, self.editor.as_deref());
        let _ = setup(self.mouse);
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
        self.events = EventStream::new();
        out
    }

    fn clipboard(&mut self, text: &str) -> std::io::Result<()> {
        use std::io::Write;
        let out = self.terminal.backend_mut();
        out.write_all(super::reading::clipboard::osc52(text).as_bytes())?;
        std::io::Write::flush(out)
    }

    fn set_mouse(&mut self, on: bool) -> std::io::Result<()> {
        if on {
            execute!(stdout(), EnableMouseCapture)?;
        } else {
            execute!(stdout(), DisableMouseCapture)?;
        }
        self.mouse = on;
        Ok(())
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        self.leave();
    }
}

/// A console for tests: frames go to a [`TestBackend`] (or any backend),
/// input comes from a channel the test writes to, and the "editor" is a
/// function of the text.
pub struct Scripted<B: Backend> {
    /// The terminal frames are drawn on.
    pub terminal: Terminal<B>,
    /// The scripted input.
    pub events: futures::channel::mpsc::UnboundedReceiver<std::io::Result<Event>>,
    /// What the editor makes of a text.
    pub editor: fn(&str) -> Result<String, EditorError>,
    /// Every text put on the clipboard, in order.
    pub copied: Vec<String>,
    /// Whether the mouse is captured, as the screen last asked.
    pub mouse: bool,
}

impl Scripted<TestBackend> {
    /// A `width` x `height` test terminal, and the sender of its input.
    #[must_use]
    pub fn new(
        width: u16,
        height: u16,
    ) -> (
        Self,
        futures::channel::mpsc::UnboundedSender<std::io::Result<Event>>,
    ) {
        Self::on(TestBackend::new(width, height))
    }
}

impl<B: Backend> Scripted<B> {
    /// A scripted console drawing on `backend`, and the sender of its input.
    ///
    /// # Panics
    /// When the backend cannot report its size (a test backend always can).
    #[must_use]
    pub fn on(
        backend: B,
    ) -> (
        Self,
        futures::channel::mpsc::UnboundedSender<std::io::Result<Event>>,
    ) {
        let (tx, events) = futures::channel::mpsc::unbounded();
        let terminal = Terminal::new(backend).expect("a test backend has a size");
        let console = Self {
            terminal,
            events,
            editor: |text| Ok(format!("{text} (edited)")),
            copied: Vec::new(),
            mouse: true,
        };
        (console, tx)
    }
}

impl<B: Backend> Console for Scripted<B> {
    type Backend = B;
    type Events = futures::channel::mpsc::UnboundedReceiver<std::io::Result<Event>>;

    fn terminal(&mut self) -> &mut Terminal<B> {
        &mut self.terminal
    }

    fn events(&mut self) -> &mut Self::Events {
        &mut self.events
    }

    fn edit(&mut self, text: &str) -> Result<String, EditorError> {
        (self.editor)(text)
    }

    fn clipboard(&mut self, text: &str) -> std::io::Result<()> {
        self.copied.push(text.to_owned());
        Ok(())
    }

    fn set_mouse(&mut self, on: bool) -> std::io::Result<()> {
        self.mouse = on;
        Ok(())
    }
}
