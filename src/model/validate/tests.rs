//! The validation rules, field by field.
use super::*;
use serde_json::json;

#[test]
fn seed_log_is_valid() {
    let v = json!({"promptId": "p1", "output": "o", "modelUsed": "GPT-4o", "notes": "n", "score": 9, "extra": true});
    let log = validate_new_log(&v).unwrap();
    assert_eq!(log.score, Some(9));
    assert_eq!(log.notes.as_deref(), Some("n"));
}

#[test]
fn every_bad_field_is_named() {
    let v = json!({"promptId": "p1", "output": "  ", "score": 11});
    let err = validate_new_log(&v).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Required fields are missing or invalid: output (must not be blank), modelUsed (missing), score (must be an integer from 0 to 10)"
    );
}

#[test]
fn score_must_be_an_integer_in_range() {
    for bad in [json!(11), json!(-1), json!(9.5), json!("9"), json!(true)] {
        let v = json!({"promptId": "p", "output": "o", "modelUsed": "m", "score": bad});
        let err = validate_new_log(&v).unwrap_err();
        assert_eq!(err.fields.len(), 1, "{bad}");
        assert_eq!(err.fields[0].field, "score");
    }
    for good in [0, 10] {
        let v = json!({"promptId": "p", "output": "o", "modelUsed": "m", "score": good});
        assert!(validate_new_log(&v).is_ok());
    }
}

#[test]
fn model_is_read_under_either_name() {
    let v = json!({"promptId": "p", "output": "o", "model": "gpt-4o"});
    assert_eq!(validate_new_log(&v).unwrap().model_used, "gpt-4o");
    let v = json!({"promptId": "p", "output": "o", "model": "a", "modelUsed": "a"});
    assert_eq!(validate_new_log(&v).unwrap().model_used, "a");
    let v = json!({"promptId": "p", "output": "o", "model": "a", "modelUsed": "b"});
    let err = validate_new_log(&v).unwrap_err().to_string();
    assert!(err.contains("modelUsed (differs from model"), "{err}");
    let v = json!({"promptId": "p", "output": "o", "model": " "});
    assert_eq!(
        validate_new_log(&v).unwrap_err().for_field("model"),
        Some("must not be blank")
    );
}

#[test]
fn null_is_not_an_optional_value() {
    let v = json!({"title": "abc", "content": "c", "model": "m", "tags": null});
    assert!(
        validate_new_prompt(&v)
            .unwrap_err()
            .for_field("tags")
            .is_some()
    );
    assert!(validate_prompt_patch(&json!({"model": "x", "tags": null})).is_err());
    let v = json!({"promptId": "p", "output": "o", "modelUsed": "m", "notes": null});
    assert!(
        validate_new_log(&v)
            .unwrap_err()
            .for_field("notes")
            .is_some()
    );
}

#[test]
fn log_patch_rules() {
    let ok = validate_log_patch(&json!({"score": 3, "notes": ""})).unwrap();
    assert_eq!((ok.score, ok.notes.as_deref()), (Some(3), Some("")));
    assert!(validate_log_patch(&json!({})).is_err());
    assert!(validate_log_patch(&json!({"score": null})).is_err());
    assert!(validate_log_patch(&json!([1])).is_err());
    let bad = validate_log_patch(&json!({"score": 11, "notes": 3})).unwrap_err();
    assert!(bad.for_field("score").is_some() && bad.for_field("notes").is_some());
    let fixed = validate_log_patch(&json!({"score": 1, "output": "x"})).unwrap_err();
    assert!(fixed.for_field("output").is_some());
}

#[test]
fn notes_must_be_a_string() {
    let v = json!({"promptId": "p", "output": "o", "modelUsed": "m", "notes": 3});
    let err = validate_new_log(&v).unwrap_err();
    assert_eq!(err.for_field("notes"), Some("must be a string"));
}

#[test]
fn client_side_check_matches() {
    let log = NewLog {
        prompt_id: "p".into(),
        output: "o".into(),
        model_used: String::new(),
        notes: None,
        score: Some(12),
    };
    let err = log.validate().unwrap_err();
    assert_eq!(err.for_field("modelUsed"), Some("must not be blank"));
    assert!(err.for_field("score").is_some());
}

#[test]
fn non_object_body() {
    let err = validate_new_log(&json!([1, 2])).unwrap_err();
    assert_eq!(err.summary, "Request body must be a JSON object");
}

#[test]
fn prompt_rules() {
    let err =
        validate_new_prompt(&json!({"title": "ab", "content": "c", "model": "m", "tags": [1]}))
            .unwrap_err();
    assert_eq!(err.for_field("title"), Some("must be 3 to 100 characters"));
    assert_eq!(err.for_field("tags"), Some("must be an array of strings"));
    assert!(validate_prompt_patch(&json!({})).is_err());
    assert!(validate_prompt_patch(&json!({"model": "x"})).is_ok());
}

#[test]
fn signup_rules() {
    let err =
        validate_signup(&json!({"name": "a", "email": "nope", "password": "short"})).unwrap_err();
    assert_eq!(err.fields.len(), 2);
    assert!(
        validate_signup(&json!({"name": "a", "email": "a@b.c", "password": "pale-mint-42"}))
            .is_ok()
    );
}

#[test]
fn weak_passwords_are_refused_saying_why() {
    for (password, why) in [
        ("1111111111", "must not be one character repeated"),
        (
            "0123456789",
            "is one of the most common passwords: choose another",
        ),
        (
            "PassWord123",
            "is one of the most common passwords: choose another",
        ),
    ] {
        let v = json!({"name": "a", "email": "a@b.c", "password": password});
        let err = validate_signup(&v).unwrap_err();
        assert_eq!(err.for_field("password"), Some(why), "{password}");
    }
    assert_eq!(weak_password("correct-horse-9"), None);
}

#[test]
fn field_caps() {
    let long = |n: usize| "x".repeat(n);
    let log = |model: String, notes: String| json!({"promptId": "p", "output": "o", "modelUsed": model, "notes": notes});
    assert!(validate_new_log(&log(long(MAX_MODEL_CHARS), long(MAX_NOTES_CHARS))).is_ok());
    let err =
        validate_new_log(&log(long(MAX_MODEL_CHARS + 1), long(MAX_NOTES_CHARS + 1))).unwrap_err();
    assert_eq!(
        err.for_field("modelUsed"),
        Some("must be at most 100 characters")
    );
    assert_eq!(
        err.for_field("notes"),
        Some("must be at most 10000 characters")
    );
    let huge = json!({"promptId": "p", "output": long(MAX_OUTPUT_BYTES + 1), "modelUsed": "m"});
    let err = validate_new_log(&huge).unwrap_err();
    assert_eq!(err.for_field("output"), Some("must be at most 10 MiB"));
    let prompt =
        |tags: Vec<String>| json!({"title": "abc", "content": "c", "model": "m", "tags": tags});
    assert!(validate_new_prompt(&prompt(vec![long(MAX_TAG_CHARS); MAX_TAGS])).is_ok());
    let err = validate_new_prompt(&prompt(vec![long(1); MAX_TAGS + 1])).unwrap_err();
    assert_eq!(err.for_field("tags"), Some("must be at most 20 tags"));
    let err = validate_new_prompt(&prompt(vec![long(MAX_TAG_CHARS + 1)])).unwrap_err();
    assert_eq!(
        err.for_field("tags"),
        Some("each tag must be at most 50 characters")
    );
    let err = validate_prompt_patch(&json!({"model": long(1_000_000)})).unwrap_err();
    assert_eq!(
        err.for_field("model"),
        Some("must be at most 100 characters")
    );
}
