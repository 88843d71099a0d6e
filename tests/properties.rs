//! Property tests: the client's check of a log and the server's validation
//! agree on every log; the response decoders, the sanitiser and the
//! review/import readers never panic, and the sanitiser never lets a
//! control or bidi character through.

use proptest::prelude::*;

use promptcrafter::model::{
    ErrorBody, Log, MAX_MODEL_CHARS, MAX_NOTES_CHARS, MessageResponse, NewLog, Prompt,
    TokenResponse, validate_new_log,
};
use promptcrafter::{export_import, review_queue, sanitize};

/// Strings that stress the rules: empty, blank, long, control and bidi
/// characters, multi-byte text.
fn tricky_string(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("   ".to_owned()),
        "\\PC{0,20}",
        "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{202a}-\\u{202e}a-z ]{0,20}",
        (0..=max + 2).prop_map(|n| "é".repeat(n)),
    ]
}

fn any_log() -> impl Strategy<Value = NewLog> {
    (
        tricky_string(10),
        tricky_string(50),
        tricky_string(MAX_MODEL_CHARS),
        proptest::option::of(tricky_string(MAX_NOTES_CHARS.min(300))),
        proptest::option::of(-3_i64..14),
    )
        .prop_map(|(prompt_id, output, model_used, notes, score)| NewLog {
            prompt_id,
            output,
            model_used,
            notes,
            score,
        })
}

/// Characters that must never reach a terminal: C0, DEL, C1, bidi controls.
fn is_forbidden(c: char) -> bool {
    let code = u32::from(c);
    code < 0x20 && c != '\n'
        || (0x7f..=0x9f).contains(&code)
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn client_and_server_agree_on_every_log(log in any_log()) {
        let client = log.validate();
        // What the client sends is exactly this JSON.
        let server = validate_new_log(&serde_json::to_value(&log).unwrap());
        prop_assert_eq!(client.is_ok(), server.is_ok());
        match server {
            Ok(accepted) => prop_assert_eq!(accepted, log),
            Err(problems) => prop_assert_eq!(Some(problems), client.err()),
        }
    }

    #[test]
    fn decoders_never_panic_on_any_body(body in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = serde_json::from_slice::<Prompt>(&body);
        let _ = serde_json::from_slice::<Vec<Prompt>>(&body);
        let _ = serde_json::from_slice::<Log>(&body);
        let _ = serde_json::from_slice::<Vec<Log>>(&body);
        let _ = serde_json::from_slice::<TokenResponse>(&body);
        let _ = serde_json::from_slice::<MessageResponse>(&body);
        let _ = serde_json::from_slice::<ErrorBody>(&body);
    }

    #[test]
    fn decoders_never_panic_on_any_json(value in json_value()) {
        let text = value.to_string();
        let _ = serde_json::from_str::<Prompt>(&text);
        let _ = serde_json::from_str::<Vec<Log>>(&text);
        let _ = serde_json::from_str::<Log>(&text);
        let _ = serde_json::from_str::<ErrorBody>(&text);
        let _ = validate_new_log(&value);
    }

    #[test]
    fn the_sanitiser_lets_no_control_through(s in "\\PC{0,40}|[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{200e}\\u{200f}\\u{61c}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a ]{0,40}", max in 0_usize..50) {
        prop_assert!(!sanitize::line(&s).chars().any(|c| is_forbidden(c) || c == '\n'));
        prop_assert!(!sanitize::text(&s).chars().any(is_forbidden));
        prop_assert!(!sanitize::excerpt(&s, max).chars().any(|c| is_forbidden(c) || c == '\n'));
    }

    #[test]
    fn readers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), text in "\\PC{0,200}") {
        for input in [bytes.as_slice(), text.as_bytes()] {
            let _ = review_queue::input::parse_jsonl("prop", input);
            let _ = review_queue::input::parse_csv("prop", input);
            let _ = export_import::read_jsonl(input);
            let _ = export_import::read_csv(input);
        }
    }
}

/// Any JSON value, a few levels deep, with the field names the decoders know.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        "\\PC{0,10}".prop_map(serde_json::Value::from),
    ];
    let keys = prop_oneof![
        Just("_id"),
        Just("title"),
        Just("output"),
        Just("modelUsed"),
        Just("model"),
        Just("score"),
        Just("notes"),
        Just("promptId"),
        Just("tags"),
        Just("error"),
        Just("token"),
        Just("createdAt"),
    ];
    leaf.prop_recursive(3, 32, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::vec((keys.clone(), inner), 0..6).prop_map(|pairs| {
                serde_json::Value::Object(
                    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
                )
            }),
        ]
    })
}
