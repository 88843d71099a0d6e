use super::*;

fn prompt(id: &str, title: &str, at: &str) -> Prompt {
    Prompt {
        id: id.into(),
        owner_id: "usr_1".into(),
        title: title.into(),
        content: format!("content of {title}"),
        model: "gpt-4o".into(),
        tags: vec!["t".into()],
        created_at: at.into(),
        updated_at: at.into(),
    }
}

fn log(id: &str, prompt_id: &str, score: Option<f64>, notes: Option<&str>, at: &str) -> Log {
    Log {
        id: id.into(),
        prompt_id: prompt_id.into(),
        output: format!("line one of {id}\nline \"two\", with comma"),
        model_used: "gpt-4o".into(),
        notes: notes.map(str::to_owned),
        score,
        created_at: at.into(),
    }
}

fn sample() -> Vec<Record> {
    let prompts = [
        prompt("p2", "Second", "2024-02"),
        prompt("p1", "First", "2024-01"),
    ];
    let logs = [
        log("l2", "p2", Some(9.5), None, "2024-03"),
        log("l1", "p1", Some(7.0), Some("multi\nline"), "2024-02"),
        log("l3", "gone", None, Some(""), "2024-04"),
    ];
    records(&prompts, &logs, true)
}

#[test]
fn records_are_ordered_and_titled() {
    let r = sample();
    let kinds: Vec<String> = r
        .iter()
        .map(|r| match r {
            Record::Prompt(p) => format!("prompt {}", p.id),
            Record::Log(l) => format!("log {} {}", l.id, l.prompt_title),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "prompt p1",
            "prompt p2",
            "log l1 First",
            "log l2 Second",
            "log l3 "
        ]
    );
    let without = records(&[], &[log("l", "p", None, None, "")], false);
    assert_eq!(without.len(), 1);
}

#[test]
fn jsonl_round_trip_with_type_and_integer_scores() {
    let r = sample();
    let mut out = Vec::new();
    write_jsonl(&r, &mut out).unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    let first_log = text.lines().nth(2).unwrap();
    assert!(
        first_log.starts_with(r#"{"type":"log","_id":"l1","promptId":"p1","promptTitle":"First""#),
        "{first_log}"
    );
    assert!(first_log.contains(r#""score":7,"#), "{first_log}");
    assert!(!text.contains("ownerId"));
    let back = read_jsonl(&out);
    assert!(back.bad.is_empty(), "{:?}", back.bad);
    assert_eq!(back.prompts.len(), 2);
    let again: Vec<Record> = back
        .prompts
        .into_iter()
        .map(Record::Prompt)
        .chain(back.logs.into_iter().map(Record::Log))
        .collect();
    assert_eq!(again, r);
}

#[test]
fn jsonl_reading_reports_bad_lines_and_takes_untyped_logs() {
    let text =
        b"{\"output\":\"x\",\"promptId\":\"p\"}\nnope\n{\"type\":\"other\"}\n{\"type\":\"log\"}\n";
    let r = read_jsonl(text);
    assert_eq!(r.logs.len(), 1);
    let lines: Vec<usize> = r.bad.iter().map(|b| b.0).collect();
    assert_eq!(lines, [2, 3, 4]);
}

#[test]
fn csv_round_trip_of_logs() {
    let r = sample();
    let mut out = Vec::new();
    write_csv(&r, &mut out).unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.starts_with("_id,promptId,promptTitle,modelUsed,score,notes,output,createdAt\n"));
    assert!(text.contains(",9.5,"), "{text}");
    let back = read_csv(&out);
    assert!(back.bad.is_empty());
    assert!(back.prompts.is_empty());
    let logs: Vec<&LogRecord> = r
        .iter()
        .filter_map(|r| match r {
            Record::Log(l) => Some(l),
            Record::Prompt(_) => None,
        })
        .collect();
    assert_eq!(back.logs.len(), 3);
    assert_eq!(&back.logs[0], logs[0]);
    assert_eq!(&back.logs[1], logs[1]);
    // An empty note reads back as no note.
    assert_eq!(back.logs[2].notes, None);
    assert_eq!(score_text(9.0), "9");
    assert_eq!(score_text(9.5), "9.5");
}
