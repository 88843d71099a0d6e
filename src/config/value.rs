//! The typed values a config key can hold, parsed from text the same way
//! whether they come from the file, the environment or a flag: durations
//! (`500ms`, `5s`, `2m`), colours (`red`, `#ff8800`, `208`) and keys
//! (`ctrl-s`, `f5`, `enter`, `a`).

use std::fmt;
use std::time::Duration;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A value that did not parse: what was given and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{given:?} is not {expected}")]
pub struct ValueError {
    /// The text given.
    pub given: String,
    /// What a valid value looks like.
    pub expected: &'static str,
}

fn bad(given: &str, expected: &'static str) -> ValueError {
    ValueError {
        given: given.to_owned(),
        expected,
    }
}

const DURATION_EXPECTED: &str = "a duration like \"500ms\", \"5s\", \"2m\", \"12h\" or \"7d\"";

/// Parses `500ms`, `5s`, `2m`, `12h`, `7d` or a bare number of seconds.
///
/// # Errors
/// When the number or the unit is not one of those.
pub fn parse_duration(s: &str) -> Result<Duration, ValueError> {
    let t = s.trim();
    let (num, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: u64 = num.parse().map_err(|_| bad(s, DURATION_EXPECTED))?;
    let ms = match unit.trim() {
        "ms" => Some(n),
        "" | "s" => n.checked_mul(1000),
        "m" => n.checked_mul(60_000),
        "h" => n.checked_mul(3_600_000),
        "d" => n.checked_mul(86_400_000),
        _ => None,
    };
    ms.map(Duration::from_millis)
        .ok_or_else(|| bad(s, DURATION_EXPECTED))
}

/// Parses a duration that must be more than zero (a token lifetime).
///
/// # Errors
/// When it does not parse, or is zero.
pub fn parse_positive_duration(s: &str) -> Result<Duration, ValueError> {
    let d = parse_duration(s)?;
    if d.is_zero() {
        return Err(bad(s, "a duration of more than zero"));
    }
    Ok(d)
}

/// Writes a duration the way [`parse_duration`] reads it, in its largest
/// whole unit.
#[must_use]
pub fn format_duration(d: Duration) -> String {
    let ms = d.as_millis();
    for (unit, size) in [
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1000),
    ] {
        if ms >= size && ms.is_multiple_of(size) {
            return format!("{}{unit}", ms / size);
        }
    }
    format!("{ms}ms")
}

/// A duration in the config file: a string like `"5s"`, or whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfigDuration(pub Duration);

impl<'de> Deserialize<'de> for ConfigDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ConfigDuration;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(DURATION_EXPECTED)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                let secs = u64::try_from(v)
                    .map_err(|_| E::custom(bad(&v.to_string(), DURATION_EXPECTED)))?;
                Ok(ConfigDuration(Duration::from_secs(secs)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                parse_duration(v).map(ConfigDuration).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// A colour: one of the terminal's 16 (so it follows the terminal's own
/// theme), an index into its 256-colour palette, or an RGB value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// The terminal's default colour.
    Reset,
    /// One of the 16 named colours, by its index 0..=15.
    Named(u8),
    /// An index into the 256-colour palette.
    Indexed(u8),
    /// A 24-bit colour.
    Rgb(u8, u8, u8),
}

/// The 16 colour names, in ANSI order (0-7 normal, 8-15 bright).
pub const COLOUR_NAMES: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark-gray",
    "light-red",
    "light-green",
    "light-yellow",
    "light-blue",
    "light-magenta",
    "light-cyan",
    "white",
];

const COLOUR_EXPECTED: &str = "a colour: a name (red, light-blue, dark-gray, reset, ...), \
                               a palette index 0-255, or \"#rrggbb\"";

impl std::str::FromStr for Colour {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, ValueError> {
        let t = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        if t == "reset" || t == "default" {
            return Ok(Self::Reset);
        }
        let t = if t == "grey" {
            "gray".to_owned()
        } else {
            t.replace("grey", "gray")
        };
        if let Some(i) = COLOUR_NAMES.iter().position(|n| *n == t) {
            return Ok(Self::Named(u8::try_from(i).unwrap_or(0)));
        }
        if let Ok(i) = t.parse::<u8>() {
            return Ok(Self::Indexed(i));
        }
        let hex = t.strip_prefix('#').filter(|h| h.len() == 6);
        let byte = |h: &str, i: usize| h.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok());
        match hex.map(|h| (byte(h, 0), byte(h, 2), byte(h, 4))) {
            Some((Some(r), Some(g), Some(b))) => Ok(Self::Rgb(r, g, b)),
            _ => Err(bad(s, COLOUR_EXPECTED)),
        }
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Reset => f.write_str("reset"),
            Self::Named(i) => f.write_str(COLOUR_NAMES.get(usize::from(*i)).unwrap_or(&"reset")),
            Self::Indexed(i) => write!(f, "{i}"),
            Self::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
        }
    }
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Colour;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(COLOUR_EXPECTED)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                u8::try_from(v)
                    .map(Colour::Indexed)
                    .map_err(|_| E::custom(bad(&v.to_string(), COLOUR_EXPECTED)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for Colour {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The keys that have a name (the rest are single characters).
pub const KEY_NAMES: [&str; 18] = [
    "enter",
    "tab",
    "backtab",
    "esc",
    "backspace",
    "delete",
    "insert",
    "home",
    "end",
    "pageup",
    "pagedown",
    "up",
    "down",
    "left",
    "right",
    "space",
    "minus",
    "plus",
];

const KEY_EXPECTED: &str = "a key like \"ctrl-s\", \"alt-enter\", \"shift-tab\", \"f5\", \
                            \"pagedown\" or \"a\"";

/// A key with its modifiers, as a binding names it (`ctrl-s`, `f5`, `k`).
/// The TUI turns it into its own key events.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeySpec {
    /// Control held.
    pub ctrl: bool,
    /// Alt held.
    pub alt: bool,
    /// Shift held (for named keys; a character names its own case).
    pub shift: bool,
    /// The key.
    pub key: KeyName,
}

/// The key itself, without modifiers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyName {
    /// A character key, as typed (`a`, `A`, `/`).
    Char(char),
    /// A function key, 1 to 24.
    F(u8),
    /// A key from [`KEY_NAMES`].
    Named(&'static str),
}

impl std::str::FromStr for KeySpec {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, ValueError> {
        let mut spec = Self {
            ctrl: false,
            alt: false,
            shift: false,
            key: KeyName::Char(' '),
        };
        let mut rest = s.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            let (flag, len) = if lower.starts_with("ctrl-") {
                (&mut spec.ctrl, 5)
            } else if lower.starts_with("alt-") {
                (&mut spec.alt, 4)
            } else if lower.starts_with("shift-") {
                (&mut spec.shift, 6)
            } else {
                break;
            };
            if rest.len() == len {
                break;
            }
            *flag = true;
            rest = &rest[len..];
        }
        spec.key = key_name(rest).ok_or_else(|| bad(s, KEY_EXPECTED))?;
        Ok(spec)
    }
}

fn key_name(s: &str) -> Option<KeyName> {
    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return (!c.is_control()).then_some(KeyName::Char(c));
    }
    let lower = s.to_ascii_lowercase();
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        return (1..=24).contains(&n).then_some(KeyName::F(n));
    }
    let alias = match lower.as_str() {
        "return" => "enter",
        "escape" => "esc",
        "del" => "delete",
        "pgup" => "pageup",
        "pgdn" | "pgdown" => "pagedown",
        other => other,
    };
    KEY_NAMES
        .iter()
        .find(|n| **n == alias)
        .map(|n| KeyName::Named(n))
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (on, name) in [
            (self.ctrl, "ctrl-"),
            (self.alt, "alt-"),
            (self.shift, "shift-"),
        ] {
            if on {
                f.write_str(name)?;
            }
        }
        match &self.key {
            KeyName::Char(c) => write!(f, "{c}"),
            KeyName::F(n) => write!(f, "f{n}"),
            KeyName::Named(n) => f.write_str(n),
        }
    }
}

/// A binding's keys in the file: one key, a list, or `""`/`[]` to unbind.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyList(pub Vec<KeySpec>);

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key (\"ctrl-s\"), a list of keys, or \"\" to unbind")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if v.trim().is_empty() {
                    return Ok(KeyList(Vec::new()));
                }
                v.parse().map(|k| KeyList(vec![k])).map_err(E::custom)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut keys = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    if !s.trim().is_empty() {
                        keys.push(s.parse().map_err(de::Error::custom)?);
                    }
                }
                Ok(KeyList(keys))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("7d").unwrap().as_secs(), 604_800);
        assert_eq!(parse_duration("90").unwrap().as_secs(), 90);
        assert_eq!(parse_duration("500ms").unwrap().as_millis(), 500);
        assert!(parse_positive_duration("0s").is_err());
        assert!(parse_duration("3w").is_err());
        assert!(parse_duration("h").is_err());
        for d in ["500ms", "5s", "2m", "12h", "7d", "90s"] {
            assert_eq!(format_duration(parse_duration(d).unwrap()), d);
        }
    }

    #[test]
    fn colours() {
        assert_eq!("Light-Blue".parse::<Colour>().unwrap(), Colour::Named(12));
        assert_eq!("dark-grey".parse::<Colour>().unwrap(), Colour::Named(8));
        assert_eq!("208".parse::<Colour>().unwrap(), Colour::Indexed(208));
        assert_eq!(
            "#FF8800".parse::<Colour>().unwrap(),
            Colour::Rgb(255, 136, 0)
        );
        assert!("#ff88".parse::<Colour>().is_err());
        assert!("purple".parse::<Colour>().is_err());
        assert_eq!(Colour::Rgb(255, 136, 0).to_string(), "#ff8800");
    }

    #[test]
    fn keys() {
        let k: KeySpec = "Ctrl-S".parse().unwrap();
        assert!(k.ctrl && !k.alt);
        assert_eq!(k.key, KeyName::Char('S'));
        assert_eq!(
            "shift-tab".parse::<KeySpec>().unwrap().to_string(),
            "shift-tab"
        );
        assert_eq!("F5".parse::<KeySpec>().unwrap().key, KeyName::F(5));
        assert_eq!("-".parse::<KeySpec>().unwrap().key, KeyName::Char('-'));
        assert_eq!("ctrl--".parse::<KeySpec>().unwrap().to_string(), "ctrl--");
        assert_eq!(
            "PgDn".parse::<KeySpec>().unwrap().key,
            KeyName::Named("pagedown")
        );
        for bad in ["ctrl-", "f25", "hyper-x", "enterr", ""] {
            assert!(bad.parse::<KeySpec>().is_err(), "{bad}");
        }
    }
}
