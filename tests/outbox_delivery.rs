//! Exactly one log per submission, through real failures in front of a real
//! server: a server that is down, one that answers 500 three times, one that
//! commits and then drops the connection.

mod common;

use common::proxy::{Fault, Proxy};
use promptcrafter::client::{ApiClient, ClientOptions};
use promptcrafter::model::{NewLog, NewPrompt};
use promptcrafter::outbox::{self, EntryState, Outbox, Outcome, SubmitResult};

async fn prompt(client: &ApiClient) -> String {
    let p = NewPrompt {
        title: "Outbox prompt".into(),
        content: "c".into(),
        model: "m".into(),
        tags: None,
    };
    client.create_prompt(&p).await.unwrap().id
}

fn new_log(prompt_id: &str, output: &str) -> NewLog {
    NewLog {
        prompt_id: prompt_id.into(),
        output: output.into(),
        model_used: "gpt-4o".into(),
        notes: Some("kept".into()),
        score: Some(8),
    }
}

fn via(url: &str, token: &str) -> ApiClient {
    ApiClient::new(url, ClientOptions::default())
        .unwrap()
        .with_token(token)
}

async fn count(client: &ApiClient, prompt_id: &str, output: &str) -> usize {
    let logs = client.logs_for_prompt(prompt_id).await.unwrap();
    logs.iter().filter(|l| l.output == output).count()
}

#[tokio::test(flavor = "multi_thread")]
async fn five_hundred_three_times_then_201_is_one_log() {
    let server = common::spawn_server().await;
    let (client, token) = common::user_with_token(&server.url(), "fivehundred").await;
    let pid = prompt(&client).await;
    let faults = vec![("POST /logs", Fault::Fail500); 3];
    let proxy = Proxy::start(server.server.addr, faults).await;
    let through = via(&proxy.url, &token);
    let dir = tempfile::tempdir().unwrap();
    let ob = Outbox::new(dir.path());

    let out = "three failures, then success";
    let SubmitResult::Queued { entry, error } =
        outbox::submit(&through, &ob, "t", new_log(&pid, out)).await
    else {
        panic!("first 500 must queue");
    };
    assert_eq!(error.status(), Some(500));
    assert!(
        !entry.maybe_delivered,
        "a 500 answer means it was not logged"
    );
    assert_eq!(
        ob.list().unwrap().len(),
        1,
        "on disk before the user is told"
    );

    let mut delivered = None;
    for _ in 0..5 {
        for (_, outcome) in outbox::flush(&through, &ob, "t", true).await.unwrap() {
            if let Outcome::Delivered(l) = outcome {
                delivered = Some(l);
            }
        }
        if delivered.is_some() {
            break;
        }
    }
    assert!(delivered.is_some());
    assert_eq!(proxy.faults_left(), 0);
    assert!(ob.list().unwrap().is_empty());
    assert_eq!(count(&client, &pid, out).await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn committed_then_dropped_is_found_not_resent() {
    let server = common::spawn_server().await;
    let (client, token) = common::user_with_token(&server.url(), "dropper").await;
    let pid = prompt(&client).await;
    let proxy = Proxy::start(server.server.addr, vec![("POST /logs", Fault::DropAnswer)]).await;
    let through = via(&proxy.url, &token);
    let dir = tempfile::tempdir().unwrap();
    let ob = Outbox::new(dir.path());

    let out = "the answer to this one was lost";
    let SubmitResult::Queued { entry, .. } =
        outbox::submit(&through, &ob, "t", new_log(&pid, out)).await
    else {
        panic!("a lost answer must queue");
    };
    assert!(entry.maybe_delivered);
    let results = outbox::flush(&through, &ob, "t", true).await.unwrap();
    assert!(matches!(results[0].1, Outcome::Delivered(_)));
    let posts = proxy
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.starts_with("POST /logs"))
        .count();
    assert_eq!(posts, 1, "found on the server, not sent again");
    assert_eq!(count(&client, &pid, out).await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn server_down_then_up_delivers_once() {
    let server = common::spawn_server().await;
    let (client, token) = common::user_with_token(&server.url(), "downup").await;
    let pid = prompt(&client).await;
    let addr = server.server.addr;
    let common::TestServer {
        server: running,
        dir: db_dir,
    } = server;
    running.shutdown().await.unwrap();

    let down = via(&format!("http://{addr}"), &token);
    let dir = tempfile::tempdir().unwrap();
    let ob = Outbox::new(dir.path());
    let out = "sent while the server was down";
    let SubmitResult::Queued { entry, .. } =
        outbox::submit(&down, &ob, "t", new_log(&pid, out)).await
    else {
        panic!("must queue");
    };
    assert!(!entry.maybe_delivered, "connection refused: never sent");
    // Nothing due yet with backoff, unless forced; still down: stays pending.
    let again = outbox::flush(&down, &ob, "t", true).await.unwrap();
    assert!(matches!(again[0].1, Outcome::Retry(_)));
    assert_eq!(ob.list().unwrap()[0].state, EntryState::Pending);

    let back = common::restart_on(db_dir.path(), addr).await;
    let results = outbox::flush(&down, &ob, "t", true).await.unwrap();
    assert!(
        matches!(results[0].1, Outcome::Delivered(_)),
        "{:?}",
        results[0].1
    );
    let fresh = via(&back.url(), &token);
    assert_eq!(count(&fresh, &pid, out).await, 1);
    back.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_claimed_entry_is_not_sent_twice() {
    let server = common::spawn_server().await;
    let (client, token) = common::user_with_token(&server.url(), "claims").await;
    let pid = prompt(&client).await;
    let dir = tempfile::tempdir().unwrap();
    let ob = Outbox::new(dir.path());
    let entry = promptcrafter::outbox::Entry::new("t", new_log(&pid, "claimed"));
    ob.put(&entry).unwrap();
    let c1 = via(&server.url(), &token);
    let (a, b) = tokio::join!(
        outbox::flush(&c1, &ob, "t", true),
        outbox::flush(&c1, &ob, "t", true)
    );
    let sent = a.unwrap().len() + b.unwrap().len();
    assert!(sent >= 1);
    assert_eq!(count(&client, &pid, "claimed").await, 1);
    // Entries for another API are left alone.
    ob.put(&promptcrafter::outbox::Entry::new(
        "other",
        new_log(&pid, "x"),
    ))
    .unwrap();
    assert!(outbox::flush(&c1, &ob, "t", true).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_400_is_rejected_and_never_queued() {
    let server = common::spawn_server().await;
    let (client, _) = common::user_with_token(&server.url(), "rejects").await;
    let dir = tempfile::tempdir().unwrap();
    let ob = Outbox::new(dir.path());
    let r = outbox::submit(&client, &ob, "t", new_log("prm_does_not_exist", "x")).await;
    let SubmitResult::Rejected(e) = r else {
        panic!("404 must not queue")
    };
    assert_eq!(e.status(), Some(404));
    assert!(ob.list().unwrap().is_empty());
}
