//! Tests of the config: precedence, merging of keys, errors that point at
//! the line and key, and the template that `config init` writes.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use super::*;

fn file(text: &str) -> FileConfig {
    parse(Path::new("c.toml"), text).unwrap()
}

fn env_of(pairs: &[(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    let map: BTreeMap<&str, &str> = pairs.iter().copied().collect();
    move |v: &str| map.get(v).map(|s| (*s).to_owned())
}

fn resolve(text: &str, env: &[(&'static str, &'static str)], flags: &Flags) -> Config {
    Config::resolve(Path::new("c.toml"), file(text), &env_of(env), flags).unwrap()
}

/// A file, environment and flags, and the api-url and source expected.
type Case<'a> = (&'a str, Env<'a>, &'a Flags, Option<&'a str>, Source);
/// Environment variables and their values.
type Env<'a> = &'a [(&'static str, &'static str)];

#[test]
fn precedence_is_flag_then_env_then_file_then_default() {
    let text = "api-url = \"http://file\"\nrequest-timeout = \"3s\"\nmouse = false";
    let flag = Flags {
        api_url: Some("http://flag".into()),
        ..Flags::default()
    };
    let env = [(API_URL_ENV, "http://env"), ("PROMPTCRAFTER_MOUSE", "true")];
    // (file, env, flags) -> api-url and its source
    let cases: [Case<'_>; 5] = [
        ("", &[], &Flags::default(), None, Source::Default),
        (
            text,
            &[],
            &Flags::default(),
            Some("http://file"),
            Source::File,
        ),
        (
            text,
            &env,
            &Flags::default(),
            Some("http://env"),
            Source::Env(API_URL_ENV),
        ),
        (
            text,
            &env,
            &flag,
            Some("http://flag"),
            Source::Flag("--api-url"),
        ),
        (
            "",
            &[],
            &flag,
            Some("http://flag"),
            Source::Flag("--api-url"),
        ),
    ];
    for (i, (text, env, flags, url, source)) in cases.into_iter().enumerate() {
        let c = resolve(text, env, flags);
        assert_eq!(c.api_url.value.as_deref(), url, "case {i}");
        assert_eq!(c.api_url.source, source, "case {i}");
    }
    let c = resolve(text, &env, &Flags::default());
    assert_eq!(c.request_timeout.value, Duration::from_secs(3));
    assert_eq!(c.request_timeout.source, Source::File);
    assert!(c.mouse.value);
    assert_eq!(c.mouse.source, Source::Env("PROMPTCRAFTER_MOUSE"));
    assert_eq!(c.connect_timeout.source, Source::Default);
    // A blank flag means the embedded default, whatever the file says.
    let blank = Flags {
        api_url: Some("  ".into()),
        ..Flags::default()
    };
    assert_eq!(resolve(text, &[], &blank).api_url.value, None);
}

#[test]
fn a_bad_environment_value_names_the_variable() {
    let err = Config::resolve(
        Path::new("c.toml"),
        FileConfig::default(),
        &env_of(&[("PROMPTCRAFTER_THEME", "neon")]),
        &Flags::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("PROMPTCRAFTER_THEME"), "{err}");
    assert!(err.contains("default, high-contrast or light"), "{err}");
}

#[test]
fn old_timeout_names_still_read() {
    let c = resolve(
        "connect-timeout-secs = 2\ntimeout-secs = 9",
        &[],
        &Flags::default(),
    );
    assert_eq!(c.connect_timeout.value, Duration::from_secs(2));
    assert_eq!(c.client().timeout, Duration::from_secs(9));
}

fn spec(s: &str) -> KeySpec {
    s.parse().unwrap()
}

fn default_keys() -> KeyTable {
    let mut t = KeyTable::new();
    let global = t.entry("global".into()).or_default();
    global.insert("submit".into(), vec![spec("ctrl-s"), spec("f5")]);
    global.insert("help".into(), vec![spec("f1")]);
    t.entry("logs".into())
        .or_default()
        .insert("delete".into(), vec![spec("d")]);
    t
}

#[test]
fn a_partial_keys_table_merges_over_the_defaults() {
    let text = "[keys.global]\nsubmit = \"ctrl-enter\"\n[keys.logs]\ndelete = \"\"";
    let c = resolve(text, &[], &Flags::default());
    let merged = merge_keys(&default_keys(), &c.keys);
    assert_eq!(merged["global"]["submit"], vec![spec("ctrl-enter")]);
    // Not named: kept.
    assert_eq!(merged["global"]["help"], vec![spec("f1")]);
    // Unbound: present, with no key.
    assert_eq!(merged["logs"]["delete"], Vec::<KeySpec>::new());
    let c = resolve("[keys.logs]\ndelete = []", &[], &Flags::default());
    assert!(merge_keys(&default_keys(), &c.keys)["logs"]["delete"].is_empty());
    let c = resolve(
        "[keys.global]\nsubmit = [\"ctrl-s\", \"alt-enter\"]",
        &[],
        &Flags::default(),
    );
    let merged = merge_keys(&default_keys(), &c.keys);
    assert_eq!(
        merged["global"]["submit"],
        vec![spec("ctrl-s"), spec("alt-enter")]
    );
    assert_eq!(merged["logs"], default_keys()["logs"]);
}

#[test]
fn an_invalid_file_names_file_line_column_and_key() {
    let cases = [
        (
            "api-url = \"x\"\nmouse = \"yes\"\n",
            2,
            "mouse",
            "expected a boolean",
        ),
        ("theme = \"neon\"", 1, "theme", "default"),
        (
            "[colors]\nfocus = \"purple\"",
            2,
            "colors.focus",
            "a colour",
        ),
        (
            "[keys.global]\nsubmit = \"ctrl-\"",
            2,
            "keys.global.submit",
            "a key like",
        ),
        ("api_url = \"x\"", 1, "api_url", "unknown field"),
        (
            "draft-autosave = \"soon\"",
            1,
            "draft-autosave",
            "a duration like",
        ),
        (
            "[keys.Global]\nsubmit = \"f5\"",
            1,
            "keys.Global",
            "lower-case",
        ),
    ];
    for (text, line, key, expected) in cases {
        let err = parse(Path::new("/cfg/config.toml"), text).unwrap_err();
        let ConfigError::Parse {
            line: l,
            key: k,
            message,
            ..
        } = &err
        else {
            panic!("{err}");
        };
        assert_eq!(*l, line, "{text}: {err}");
        assert_eq!(k.as_deref(), Some(key), "{text}: {err}");
        assert!(message.contains(expected), "{text}: {err}");
        let shown = err.to_string();
        assert!(
            shown.starts_with(&format!("/cfg/config.toml:{line}:")),
            "{shown}"
        );
        assert!(shown.contains(&format!("key `{key}`")), "{shown}");
    }
    let err = parse(Path::new("c.toml"), "a = 1\nmouse = tru").unwrap_err();
    assert!(err.to_string().starts_with("c.toml:2:9:"), "{err}");
}

#[test]
fn load_or_defaults_gives_the_defaults_and_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("config.toml");
    std::fs::write(&f, "mouse = 3").unwrap();
    let (c, banner) = Config::load_or_defaults(&f, &Flags::default());
    assert!(c.mouse.value);
    let banner = banner.unwrap();
    assert!(banner.contains("config.toml:1:9"), "{banner}");
    assert!(banner.contains("using the defaults"), "{banner}");
    let (_, none) = Config::load_or_defaults(&dir.path().join("missing.toml"), &Flags::default());
    assert_eq!(none, None);
}

#[test]
fn the_template_holds_every_key_at_its_default() {
    let t = template();
    assert_eq!(file(&t), FileConfig::default());
    let uncommented: String = t
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .filter(|l| l.starts_with('[') || l.contains(" = "))
        .filter(|l| !l.starts_with("[keys") && !l.contains("ctrl-s") && !l.starts_with("delete"))
        .map(|l| format!("{l}\n"))
        .collect();
    let c = resolve(&uncommented, &[], &Flags::default());
    let defaults = Config::defaults(Path::new("c.toml").to_path_buf());
    let sourceless = |c: &Config| render_effective(c).replace("# from config file", "# default");
    assert_eq!(sourceless(&c), sourceless(&defaults), "{uncommented}");
    for (key, _) in ENV_VARS {
        assert!(t.contains(&format!("# {key} = ")), "{key}");
    }
    for slot in Slot::ALL {
        assert!(
            uncommented.contains(&format!("{} = ", slot.key())),
            "{slot:?}"
        );
    }
}

#[test]
fn show_names_sources_and_hides_passwords() {
    let text = "api-url = \"https://ada:s3cret@api.example.com/v1\"\n[colors]\nfocus = \"#ff8800\"\n[keys.global]\nsubmit = \"f5\"";
    let c = resolve(text, &[("PROMPTCRAFTER_THEME", "light")], &Flags::default());
    let shown = render_effective(&c);
    assert!(!shown.contains("s3cret"), "{shown}");
    assert!(
        shown.contains("https://ada:***@api.example.com/v1"),
        "{shown}"
    );
    assert!(shown.contains("# from env PROMPTCRAFTER_THEME"), "{shown}");
    let focus = shown.lines().find(|l| l.starts_with("focus = ")).unwrap();
    assert!(focus.starts_with("focus = \"#ff8800\""), "{focus}");
    assert!(focus.ends_with("# from config file"), "{focus}");
    assert!(shown.contains("[keys.global]"), "{shown}");
    assert!(shown.contains("submit = [\"f5\"]"), "{shown}");
    assert_eq!(c.palette().get(Slot::Focus), Colour::Rgb(255, 136, 0));
    assert_eq!(c.palette().get(Slot::Error), Colour::Named(1));
}

#[test]
fn the_readme_documents_every_key_with_its_default() {
    let readme = include_str!("../../README.md");
    let defaults = Config::defaults(Path::new("c.toml").to_path_buf());
    for (key, value, _) in super::text::entries(&defaults) {
        let row = format!("| `{key}` | `{value}`");
        assert!(readme.contains(&row), "README lacks {row}");
    }
    for (key, var) in ENV_VARS {
        assert!(readme.contains(var), "README lacks {var} ({key})");
    }
    for slot in Slot::ALL {
        assert!(readme.contains(&format!("`{}`", slot.key())), "{slot:?}");
    }
}
