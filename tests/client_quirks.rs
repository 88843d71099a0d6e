//! The client against the answers the published contract allows and a real
//! deployment produces: each quirk of API.md, served by a raw responder.

mod common;

use std::time::Duration;

use common::raw::{RawServer, Reply};
use promptcrafter::client::{ApiClient, ApiError, ClientOptions, ErrorKind};
use promptcrafter::model::NewLog;

fn client(url: &str, timeout_ms: u64) -> ApiClient {
    let opts = ClientOptions {
        connect_timeout: Duration::from_millis(timeout_ms),
        timeout: Duration::from_millis(timeout_ms),
    };
    ApiClient::new(url, opts)
        .unwrap()
        .with_token("tok-SECRET-123")
}

fn log() -> NewLog {
    NewLog {
        prompt_id: "prompt101".into(),
        output: "out".into(),
        model_used: "GPT-4o".into(),
        notes: None,
        score: Some(9),
    }
}

#[tokio::test]
async fn per_prompt_404_no_logs_reads_as_empty() {
    let raw = RawServer::start(vec![Reply::json(
        404,
        r#"{"error":"No logs found for the specified prompt ID"}"#,
    )])
    .await;
    let logs = client(&raw.url, 2000)
        .logs_for_prompt("prompt101")
        .await
        .unwrap();
    assert!(logs.is_empty());
    let req = raw.requests.lock().unwrap()[0].clone();
    assert_eq!(req.start_line(), "GET /logs?promptId=prompt101 HTTP/1.1");
    assert_eq!(req.header("authorization"), Some("Bearer tok-SECRET-123"));
}

#[tokio::test]
async fn other_404_is_not_found() {
    let raw = RawServer::start(vec![Reply::json(404, r#"{"error":"Prompt not found"}"#)]).await;
    let err = client(&raw.url, 2000)
        .logs_for_prompt("x")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.server_message(), Some("Prompt not found"));
}

#[tokio::test]
async fn fractional_score_is_read() {
    let body = r#"[{"_id":"log101","promptId":"prompt101","output":"o","modelUsed":"GPT-4o","score":9.5,"createdAt":"2024-06-20T13:10:00Z"}]"#;
    let raw = RawServer::start(vec![Reply::json(200, body)]).await;
    let logs = client(&raw.url, 2000).list_logs().await.unwrap();
    assert_eq!(logs[0].score, Some(9.5));
}

#[tokio::test]
async fn html_502_is_undecodable_with_excerpt() {
    let html =
        "<html><head><title>502 Bad Gateway</title></head><body>\u{1b}[31mnginx</body></html>";
    let raw = RawServer::start(vec![Reply::with(502, "text/html", html)]).await;
    let err = client(&raw.url, 2000).create_log(&log()).await.unwrap_err();
    match &err {
        ApiError::Undecodable { status, excerpt } => {
            assert_eq!(*status, 502);
            assert!(excerpt.contains("502 Bad Gateway"), "{excerpt}");
            assert!(!excerpt.contains('\u{1b}'), "sanitised: {excerpt}");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_transient());
}

#[tokio::test]
async fn empty_500_keeps_status() {
    let raw = RawServer::start(vec![Reply::with(500, "text/plain", "")]).await;
    let err = client(&raw.url, 2000).list_prompts().await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(err.to_string().contains("Internal Server Error"), "{err}");
    assert_eq!(err.kind(), ErrorKind::Server);
}

#[tokio::test]
async fn non_json_and_truncated_success_bodies() {
    let raw = RawServer::start(vec![
        Reply::with(200, "text/html", "<html>hello</html>"),
        Reply::json(200, r#"[{"_id":"p1","title":"Trunc"#),
    ])
    .await;
    let c = client(&raw.url, 2000);
    for _ in 0..2 {
        let err = c.list_prompts().await.unwrap_err();
        assert!(
            matches!(err, ApiError::Undecodable { status: 200, .. }),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn connection_closed_mid_response() {
    let cut = b"HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 400\r\n\r\n{\"_id\":\"log_1\",".to_vec();
    let raw = RawServer::start(vec![Reply::Cut(cut)]).await;
    let err = client(&raw.url, 2000).create_log(&log()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err:?}");
    assert!(
        err.may_have_reached_server(),
        "the server may have logged it"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let raw = RawServer::start(vec![Reply::Hang]).await;
    let err = client(&raw.url, 300).create_log(&log()).await.unwrap_err();
    assert!(matches!(err, ApiError::Timeout(_)), "{err:?}");
    assert!(err.may_have_reached_server());
    assert!(!err.to_string().contains("SECRET"));
}

#[tokio::test]
async fn a_dead_server_is_a_network_error_that_was_not_sent() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = client(&format!("http://127.0.0.1:{port}"), 2000)
        .create_log(&log())
        .await
        .unwrap_err();
    assert!(
        matches!(err, ApiError::Network { sent: false, .. }),
        "{err:?}"
    );
    assert!(!err.may_have_reached_server());
    assert!(err.to_string().contains("cannot reach"));
    assert!(!err.to_string().contains("SECRET"));
}

#[tokio::test]
async fn invalid_log_is_not_sent() {
    let raw = RawServer::start(vec![Reply::json(201, "{}")]).await;
    let mut bad = log();
    bad.score = Some(11);
    bad.model_used = " ".into();
    let err = client(&raw.url, 2000).create_log(&bad).await.unwrap_err();
    let ApiError::Invalid(problems) = err else {
        panic!()
    };
    assert_eq!(problems.fields.len(), 2);
    assert!(raw.requests.lock().unwrap().is_empty());
}

#[tokio::test]
async fn retry_after_is_kept_and_escapes_in_messages_are_inert() {
    let raw = RawServer::start(vec![Reply::Raw(
        b"HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nretry-after: 7\r\ncontent-length: 37\r\nconnection: close\r\n\r\n{\"error\":\"slow \\u001b]0;x\\u0007down\"}".to_vec(),
    )])
    .await;
    let err = client(&raw.url, 2000).list_logs().await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert!(err.is_transient());
    let msg = err.to_string();
    assert!(
        !msg.chars().any(promptcrafter::sanitize::is_unsafe),
        "{msg:?}"
    );
}

/// A server without our extensions: `PATCH /logs/:id` answers 404 (HTML or
/// another message) or 405, which the client reports as `NotSupported`; a
/// server that ignores `limit` sends the whole list, which the page says;
/// stats are computed from it.
#[tokio::test]
async fn a_server_without_our_extensions_is_recognised() {
    let patch = promptcrafter::model::LogPatch {
        score: Some(3),
        notes: None,
    };
    for reply in [
        Reply::with(404, "text/html", "<pre>Cannot PATCH /logs/log_1</pre>"),
        Reply::json(404, r#"{"error":"No such route."}"#),
        Reply::json(405, r#"{"error":"Method not allowed"}"#),
    ] {
        let raw = RawServer::start(vec![reply]).await;
        let err = client(&raw.url, 2000)
            .update_log("log_1", &patch)
            .await
            .unwrap_err();
        assert!(matches!(err, ApiError::NotSupported(_)), "{err:?}");
    }
    let ours = RawServer::start(vec![Reply::json(
        404,
        r#"{"error":"No log found with the specified ID."}"#,
    )])
    .await;
    let err = client(&ours.url, 2000)
        .update_log("log_1", &patch)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err:?}");
    let list = r#"[
        {"_id":"l1","promptId":"p","output":"a","modelUsed":"m","score":4,"createdAt":"2026-01-01T00:00:01.000Z"},
        {"_id":"l2","promptId":"p","output":"b","modelUsed":"m","score":8,"createdAt":"2026-01-01T00:00:02.000Z"},
        {"_id":"l3","promptId":"p","output":"c","modelUsed":"m","createdAt":"2026-01-01T00:00:03.000Z"}
    ]"#;
    let raw = RawServer::start(vec![Reply::json(200, list)]).await;
    let page = client(&raw.url, 2000)
        .list_logs_page("p", 2, None)
        .await
        .unwrap();
    assert!(page.whole_list && page.next.is_none(), "{page:?}");
    let ids: Vec<&str> = page.logs.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["l3", "l2", "l1"]);
    let raw = RawServer::start(vec![
        Reply::with(404, "text/html", "<pre>Cannot GET /prompts/p/stats</pre>"),
        Reply::json(200, list),
    ])
    .await;
    let stats = client(&raw.url, 2000).prompt_stats("p").await.unwrap();
    assert_eq!((stats.total, stats.unscored), (3, 1));
    assert_eq!(stats.models[0].histogram[8], 1);
    let prompts = r#"[
        {"_id":"p1","ownerId":"u","title":"a","content":"c","model":"m","tags":[],"createdAt":"2026-01-01T00:00:01.000Z","updatedAt":"2026-01-01T00:00:01.000Z"},
        {"_id":"p2","ownerId":"u","title":"b","content":"c","model":"m","tags":[],"createdAt":"2026-01-01T00:00:02.000Z","updatedAt":"2026-01-01T00:00:02.000Z"}
    ]"#;
    let raw = RawServer::start(vec![Reply::json(200, prompts)]).await;
    let page = client(&raw.url, 2000)
        .list_prompts_page(1, None)
        .await
        .unwrap();
    assert!(page.whole_list && page.next.is_none(), "{page:?}");
    let ids: Vec<&str> = page.prompts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["p1", "p2"]);
}

/// The 404 a contract server may answer for a prompt without logs reads
/// as an empty last page (as it does for the whole list), so opening such
/// a prompt in the TUI, and its statistics computed by paging, see no logs
/// rather than an error.
#[tokio::test]
async fn a_404_no_logs_is_an_empty_last_page_and_empty_statistics() {
    let no_logs = Reply::json(
        404,
        r#"{"error":"No logs found for the specified prompt ID"}"#,
    );
    let raw = RawServer::start(vec![no_logs.clone()]).await;
    let page = client(&raw.url, 2000)
        .list_logs_page("prompt101", 200, None)
        .await
        .unwrap();
    assert!(page.logs.is_empty() && page.next.is_none(), "{page:?}");
    let raw = RawServer::start(vec![
        Reply::with(404, "text/html", "<pre>Cannot GET /prompts/p/stats</pre>"),
        no_logs,
    ])
    .await;
    let stats = client(&raw.url, 2000).prompt_stats("p").await.unwrap();
    assert_eq!((stats.total, stats.models.len()), (0, 0));
    let raw = RawServer::start(vec![Reply::json(404, r#"{"error":"Prompt not found"}"#)]).await;
    let err = client(&raw.url, 2000)
        .list_logs_page("x", 200, None)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "another 404 stays one");
}
