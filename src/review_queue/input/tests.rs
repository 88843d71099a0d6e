use std::path::PathBuf;

use serde_json::json;

use super::*;

#[test]
fn jsonl_keeps_fields_and_metadata_in_order() {
    let text = br#"{"output":"Hello","promptId":"prm_1","modelUsed":"gpt-4o","notes":"n","score":7,"zeta":1,"alpha":"a"}
{"output":"Second","model":"claude","temperature":0.2}
"#;
    let (items, bad) = parse_jsonl("a.jsonl", text);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(items.len(), 2);
    let first = &items[0];
    assert_eq!(first.output, "Hello");
    assert_eq!(first.prompt_id.as_deref(), Some("prm_1"));
    assert_eq!(first.model.as_deref(), Some("gpt-4o"));
    assert_eq!(first.notes.as_deref(), Some("n"));
    assert_eq!(first.score, Some(7));
    assert_eq!(
        first.metadata,
        vec![
            ("zeta".to_owned(), json!(1)),
            ("alpha".to_owned(), json!("a"))
        ]
    );
    assert_eq!(first.source.to_string(), "a.jsonl:1");
    assert_eq!(items[1].model.as_deref(), Some("claude"));
    assert_eq!(items[1].source.line, Some(2));
}

#[test]
fn jsonl_bad_line_in_the_middle_is_reported_and_the_rest_loads() {
    let text = b"{\"output\":\"one\"}\n{not json\n\n{\"output\":\"  \"}\n{\"output\":\"s\",\"score\":11}\n{\"output\":\"f\",\"score\":9.5}\n{\"output\":\"t\",\"notes\":3}\n[1]\n{\"output\":\"last\"}\r\n";
    let (items, bad) = parse_jsonl("in.jsonl", text);
    let outputs: Vec<&str> = items.iter().map(|i| i.output.as_str()).collect();
    assert_eq!(outputs, ["one", "last"]);
    assert_eq!(items[1].source.line, Some(9));
    let lines: Vec<usize> = bad.iter().map(|b| b.line).collect();
    assert_eq!(lines, [2, 4, 5, 6, 7, 8]);
    assert!(
        bad[0].reason.contains("not a JSON object"),
        "{}",
        bad[0].reason
    );
    assert!(bad[1].reason.contains("output"));
    assert!(bad[2].reason.contains("0 to 10"));
    assert!(bad[3].reason.contains("9.5"));
    assert!(bad[4].reason.contains("`notes` must be a string"));
    assert!(bad.iter().all(|b| b.source == "in.jsonl"));
}

#[test]
fn model_beside_model_used_is_metadata() {
    let (items, _) = parse_jsonl("x", br#"{"output":"o","model":"b","modelUsed":"a"}"#);
    assert_eq!(items[0].model.as_deref(), Some("a"));
    assert_eq!(items[0].metadata, vec![("model".to_owned(), json!("b"))]);
}

#[test]
fn csv_with_quoted_multi_line_fields() {
    let text = "output,model,score,notes,source\n\
                \"Line one\nline two, with comma\n\"\"quoted\"\"\",gpt-4o,8,,web\n\
                plain,claude,,\"multi\nline note\",api\n\
                bad,claude,eleven,,x\n\
                ,claude,3,,x\n\
                last,m,10,ok,z\n";
    let (items, bad) = parse_csv("r.csv", text.as_bytes());
    assert_eq!(items.len(), 3, "{bad:?}");
    assert_eq!(
        items[0].output,
        "Line one\nline two, with comma\n\"quoted\""
    );
    assert_eq!(items[0].score, Some(8));
    assert_eq!(items[0].notes, None);
    assert_eq!(items[0].metadata, vec![("source".to_owned(), json!("web"))]);
    assert_eq!(items[0].source.line, Some(2));
    assert_eq!(items[1].notes.as_deref(), Some("multi\nline note"));
    assert_eq!(items[1].source.line, Some(5));
    assert_eq!(items[2].output, "last");
    assert_eq!(items[2].source.line, Some(9));
    let lines: Vec<usize> = bad.iter().map(|b| b.line).collect();
    assert_eq!(lines, [7, 8]);
    assert!(bad[0].reason.contains("score"));
}

#[test]
fn csv_without_output_column_is_one_bad_line() {
    let (items, bad) = parse_csv("r.csv", b"text,model\nhi,m\n");
    assert!(items.is_empty());
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].line, 1);
}

#[test]
fn folder_stdin_and_files_load_in_order_without_changing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("outs");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("b.md"), "# B\n").unwrap();
    std::fs::write(folder.join("a.txt"), "A output").unwrap();
    std::fs::write(folder.join("c.txt"), "   \n").unwrap();
    std::fs::write(folder.join("ignored.json"), "{}").unwrap();
    let csv_file = dir.path().join("more.csv");
    std::fs::write(&csv_file, "output\nfrom csv\n").unwrap();
    let before = std::fs::read(&csv_file).unwrap();

    let inputs = [folder.clone(), PathBuf::from("-"), csv_file.clone()];
    let mut stdin: &[u8] = b"{\"output\":\"from stdin\"}\n";
    let queue = load(&inputs, &mut stdin).unwrap();
    let outputs: Vec<&str> = queue.items.iter().map(|i| i.output.as_str()).collect();
    assert_eq!(outputs, ["A output", "# B\n", "from stdin", "from csv"]);
    assert_eq!(queue.items[0].label.as_deref(), Some("a.txt"));
    assert_eq!(queue.items[0].source.line, None);
    assert_eq!(queue.items[2].source.to_string(), "<stdin>:1");
    assert_eq!(queue.bad.len(), 1);
    assert!(queue.bad[0].source.ends_with("c.txt"));
    assert_eq!(queue.hash.len(), 64);
    assert_eq!(std::fs::read(&csv_file).unwrap(), before);

    // The same bytes give the same hash; other bytes another.
    let mut stdin: &[u8] = b"{\"output\":\"from stdin\"}\n";
    assert_eq!(load(&inputs, &mut stdin).unwrap().hash, queue.hash);
    let mut stdin: &[u8] = b"{\"output\":\"changed\"}\n";
    assert_ne!(load(&inputs, &mut stdin).unwrap().hash, queue.hash);
}

#[test]
fn missing_input_is_an_error() {
    let err = load(
        &[PathBuf::from("/nonexistent/x.jsonl")],
        &mut std::io::empty(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("/nonexistent/x.jsonl"));
}

#[test]
fn defaults_fill_only_what_is_missing() {
    let (mut items, _) = parse_jsonl(
        "x",
        b"{\"output\":\"a\",\"promptId\":\"p1\"}\n{\"output\":\"b\",\"model\":\"m1\"}\n",
    );
    let defaults = Defaults {
        prompt_id: Some("p0".into()),
        model: Some("m0".into()),
    };
    apply_defaults(&mut items, &defaults);
    assert_eq!(items[0].prompt_id.as_deref(), Some("p1"));
    assert_eq!(items[0].model.as_deref(), Some("m0"));
    assert_eq!(items[1].prompt_id.as_deref(), Some("p0"));
    assert_eq!(items[1].model.as_deref(), Some("m1"));
}
