//! The API contract over real HTTP: every endpoint with each documented
//! status code, ownership between two users, tokens, JSON errors for the
//! cases axum answers in plain text by default, large bodies, cascade
//! deletes and persistence across restarts. Every case runs on SQLite and
//! on PostgreSQL (`sqlite::NAME`, `postgres::NAME`; see `common::backend`).

mod common;

use common::backend::{Backend, BackendServer, spawn_on};
use common::{PASSWORD, email_of, user};
use promptcrafter::client::ApiClient;
use promptcrafter::model::{Log, NewLog, NewPrompt, Prompt, PromptPatch};
use serde_json::{Value, json};

/// One request and its expected status: name, sender, method, path, JSON body.
type Case = (&'static str, As, &'static str, String, Option<Value>, u16);
/// One raw request: name, method, path, (content type, bytes), expected status.
type RawCase = (&'static str, &'static str, &'static str, RawBody, u16);
/// A raw body: a content type (empty: no header) and bytes.
type RawBody = Option<(&'static str, Vec<u8>)>;

/// Who sends a request.
#[derive(Debug, Clone, Copy)]
enum As {
    Nobody,
    Owner,
    Other,
}

/// A server with two users: the owner has a prompt with one log, the
/// other user has a prompt of their own.
struct World {
    server: BackendServer,
    owner: ApiClient,
    owner_token: String,
    other_token: String,
    prompt: Prompt,
    log: Log,
    other_prompt: Prompt,
}

fn new_prompt(title: &str) -> NewPrompt {
    NewPrompt {
        title: title.to_owned(),
        content: "Summarise the quarterly business report.".to_owned(),
        model: "GPT-4o".to_owned(),
        tags: Some(vec!["Finance".to_owned(), "summary".to_owned()]),
    }
}

fn new_log(prompt_id: &str, output: &str) -> NewLog {
    NewLog {
        prompt_id: prompt_id.to_owned(),
        output: output.to_owned(),
        model_used: "GPT-4o".to_owned(),
        notes: Some("clear".to_owned()),
        score: Some(9),
    }
}

/// Logs in through the raw API and returns the token.
async fn token_of(url: &str, name: &str) -> (ApiClient, String) {
    let client = ApiClient::new(url, promptcrafter::client::ClientOptions::default()).unwrap();
    let email = email_of(name);
    let signup = promptcrafter::model::SignupRequest {
        name: name.to_owned(),
        email: email.clone(),
        password: PASSWORD.to_owned(),
    };
    client.signup(&signup).await.unwrap();
    let token = client.login(&email, PASSWORD).await.unwrap();
    (client.with_token(token.clone()), token)
}

async fn world(backend: Backend) -> World {
    let server = spawn_on(backend).await.expect("a server");
    let (owner, owner_token) = token_of(&server.url(), "owner").await;
    let (other, other_token) = token_of(&server.url(), "other").await;
    let prompt = owner
        .create_prompt(&new_prompt("Report summary"))
        .await
        .unwrap();
    let log = owner
        .create_log(&new_log(&prompt.id, "first"))
        .await
        .unwrap();
    let other_prompt = other
        .create_prompt(&new_prompt("Other's prompt"))
        .await
        .unwrap();
    World {
        server,
        owner,
        owner_token,
        other_token,
        prompt,
        log,
        other_prompt,
    }
}

/// Sends one request with reqwest; `body` is a content type (empty: no
/// header) and bytes. Returns the status and the JSON body (`Value::Null`
/// for an empty body); panics if a non-empty body is not JSON.
async fn raw(
    url: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<(&str, Vec<u8>)>,
) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut rb = reqwest::Client::new().request(method, format!("{url}{path}"));
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    if let Some((content_type, bytes)) = body {
        // An empty content type sends the body without the header.
        if !content_type.is_empty() {
            rb = rb.header("content-type", content_type);
        }
        rb = rb.body(bytes);
    }
    let response = rb.send().await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.bytes().await.unwrap();
    if bytes.is_empty() {
        return (status, Value::Null);
    }
    let value = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
        panic!(
            "{status} {path}: not JSON: {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    (status, value)
}

fn json_body(value: &Value) -> Option<(&'static str, Vec<u8>)> {
    Some(("application/json", value.to_string().into_bytes()))
}

impl World {
    fn token(&self, who: As) -> Option<&str> {
        match who {
            As::Nobody => None,
            As::Owner => Some(&self.owner_token),
            As::Other => Some(&self.other_token),
        }
    }

    /// Fills `{p}` (the owner's prompt), `{l}` (its log) and `{q}` (the
    /// other user's prompt) into a path or body.
    fn fill(&self, s: &str) -> String {
        s.replace("{p}", &self.prompt.id)
            .replace("{l}", &self.log.id)
            .replace("{q}", &self.other_prompt.id)
    }

    async fn send(&self, who: As, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let body = body.map(|b| {
            let filled: Value = serde_json::from_str(&self.fill(&b.to_string())).unwrap();
            json_body(&filled).unwrap()
        });
        raw(
            &self.server.url(),
            method,
            &self.fill(path),
            self.token(who),
            body,
        )
        .await
    }
}

async fn auth_endpoints_answer_their_documented_statuses(backend: Backend) {
    let server = spawn_on(backend).await.expect("a server");
    let url = server.url();
    let email = email_of("ada");
    let shouted = email.to_uppercase();
    let signup =
        |email: &str, password: &str| json!({"name": "Ada", "email": email, "password": password});
    let login = |email: &str, password: &str| json!({"email": email, "password": password});
    let cases: Vec<(&str, &str, Value, u16)> = vec![
        ("signup ok", "/auth/signup", signup(&email, PASSWORD), 201),
        (
            "signup missing name",
            "/auth/signup",
            json!({"email": "x@y.z", "password": PASSWORD}),
            400,
        ),
        (
            "signup short password",
            "/auth/signup",
            signup("new@example.com", "short"),
            400,
        ),
        (
            "signup bad email",
            "/auth/signup",
            signup("nope", PASSWORD),
            400,
        ),
        (
            "signup email in use, any case",
            "/auth/signup",
            signup(&shouted, PASSWORD),
            409,
        ),
        (
            "login ok, any case",
            "/auth/login",
            login(&shouted, PASSWORD),
            200,
        ),
        (
            "login missing password",
            "/auth/login",
            json!({"email": email}),
            400,
        ),
        ("login missing everything", "/auth/login", json!({}), 400),
        (
            "login wrong password",
            "/auth/login",
            login(&email, "wrong-password"),
            401,
        ),
        (
            "login unknown email",
            "/auth/login",
            login("who@example.com", PASSWORD),
            401,
        ),
    ];
    for (name, path, body, expected) in cases {
        let (status, answer) = raw(&url, "POST", path, None, json_body(&body)).await;
        assert_eq!(status, expected, "{name}: {answer}");
        let key = match status {
            201 => "message",
            200 => "token",
            _ => "error",
        };
        assert!(answer[key].is_string(), "{name}: {answer}");
    }
}

async fn resource_endpoints_answer_their_documented_statuses(backend: Backend) {
    let w = world(backend).await;
    let long_id = "a".repeat(101);
    let prompt = json!({"title": "New prompt", "content": "c", "model": "m", "tags": ["x"]});
    let log = json!({"promptId": "{p}", "output": "o", "modelUsed": "m", "score": 3});
    let log_for = |id: &str| json!({"promptId": id, "output": "o", "modelUsed": "m"});
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        ("list prompts", As::Owner, "GET", "/prompts".into(), None, 200),
        ("list prompts, no token", As::Nobody, "GET", "/prompts".into(), None, 401),
        ("create prompt", As::Owner, "POST", "/prompts".into(), Some(prompt.clone()), 201),
        ("create prompt, short title", As::Owner, "POST", "/prompts".into(), Some(json!({"title": "ab", "content": "c", "model": "m"})), 400),
        ("create prompt, no token", As::Nobody, "POST", "/prompts".into(), Some(prompt.clone()), 401),
        ("get prompt", As::Owner, "GET", "/prompts/{p}".into(), None, 200),
        ("get prompt, bad id", As::Owner, "GET", "/prompts/bad.id".into(), None, 400),
        ("get prompt, too long id", As::Owner, "GET", format!("/prompts/{long_id}"), None, 400),
        ("get prompt, no token", As::Nobody, "GET", "/prompts/{p}".into(), None, 401),
        ("get prompt, not owner", As::Other, "GET", "/prompts/{p}".into(), None, 403),
        ("get prompt, missing", As::Owner, "GET", "/prompts/prm_missing".into(), None, 404),
        ("patch prompt", As::Owner, "PATCH", "/prompts/{p}".into(), Some(json!({"model": "o3"})), 200),
        ("patch prompt, empty patch", As::Owner, "PATCH", "/prompts/{p}".into(), Some(json!({})), 400),
        ("patch prompt, bad id", As::Owner, "PATCH", "/prompts/bad.id".into(), Some(json!({"model": "o3"})), 400),
        ("patch prompt, no token", As::Nobody, "PATCH", "/prompts/{p}".into(), Some(json!({"model": "o3"})), 401),
        ("patch prompt, not owner", As::Other, "PATCH", "/prompts/{p}".into(), Some(json!({"model": "o3"})), 403),
        ("patch prompt, missing", As::Owner, "PATCH", "/prompts/prm_missing".into(), Some(json!({"model": "o3"})), 404),
        ("delete prompt, bad id", As::Owner, "DELETE", "/prompts/bad.id".into(), None, 400),
        ("delete prompt, no token", As::Nobody, "DELETE", "/prompts/{p}".into(), None, 401),
        ("delete prompt, not owner", As::Other, "DELETE", "/prompts/{p}".into(), None, 403),
        ("delete prompt, missing", As::Owner, "DELETE", "/prompts/prm_missing".into(), None, 404),
        ("search", As::Owner, "GET", "/search?q=REPORT".into(), None, 200),
        ("search, missing q", As::Owner, "GET", "/search".into(), None, 400),
        ("search, blank q", As::Owner, "GET", "/search?q=%20".into(), None, 400),
        ("search, no token", As::Nobody, "GET", "/search?q=x".into(), None, 401),
        ("all logs", As::Owner, "GET", "/logs".into(), None, 200),
        ("all logs, no token", As::Nobody, "GET", "/logs".into(), None, 401),
        ("prompt logs", As::Owner, "GET", "/logs?promptId={p}".into(), None, 200),
        ("prompt logs, empty id", As::Owner, "GET", "/logs?promptId=".into(), None, 400),
        ("prompt logs, bad id", As::Owner, "GET", "/logs?promptId=bad.id".into(), None, 400),
        ("prompt logs, no token", As::Nobody, "GET", "/logs?promptId={p}".into(), None, 401),
        ("prompt logs, not owner", As::Other, "GET", "/logs?promptId={p}".into(), None, 403),
        ("prompt logs, missing prompt", As::Owner, "GET", "/logs?promptId=prm_missing".into(), None, 404),
        ("alias", As::Owner, "GET", "/logs-by-prompt?promptId={p}".into(), None, 200),
        ("alias, no id", As::Owner, "GET", "/logs-by-prompt".into(), None, 400),
        ("alias, empty id", As::Owner, "GET", "/logs-by-prompt?promptId=".into(), None, 400),
        ("alias, no token", As::Nobody, "GET", "/logs-by-prompt?promptId={p}".into(), None, 401),
        ("alias, not owner", As::Other, "GET", "/logs-by-prompt?promptId={p}".into(), None, 403),
        ("alias, missing prompt", As::Owner, "GET", "/logs-by-prompt?promptId=prm_missing".into(), None, 404),
        ("create log", As::Owner, "POST", "/logs".into(), Some(log.clone()), 201),
        ("create log, no token", As::Nobody, "POST", "/logs".into(), Some(log.clone()), 401),
        ("create log, missing modelUsed", As::Owner, "POST", "/logs".into(), Some(json!({"promptId": "{p}", "output": "o"})), 400),
        ("create log, score 11", As::Owner, "POST", "/logs".into(), Some(json!({"promptId": "{p}", "output": "o", "modelUsed": "m", "score": 11})), 400),
        ("create log, score -1", As::Owner, "POST", "/logs".into(), Some(json!({"promptId": "{p}", "output": "o", "modelUsed": "m", "score": -1})), 400),
        ("create log, score 9.5", As::Owner, "POST", "/logs".into(), Some(json!({"promptId": "{p}", "output": "o", "modelUsed": "m", "score": 9.5})), 400),
        ("create log, score \"9\"", As::Owner, "POST", "/logs".into(), Some(json!({"promptId": "{p}", "output": "o", "modelUsed": "m", "score": "9"})), 400),
        ("create log, OpenAPI's model", As::Owner, "POST", "/logs".into(), Some(json!({"promptId": "{p}", "output": "o", "model": "m"})), 201),
        ("create log, both names equal", As::Owner, "POST", "/logs".into(), Some(json!({"promptId": "{p}", "output": "o", "model": "m", "modelUsed": "m"})), 201),
        ("create log, both names differ", As::Owner, "POST", "/logs".into(), Some(json!({"promptId": "{p}", "output": "o", "model": "m", "modelUsed": "n"})), 400),
        ("create log, unknown field ignored", As::Owner, "POST", "/logs".into(), Some(json!({"promptId": "{p}", "output": "o", "modelUsed": "m", "extra": 1})), 201),
        ("create log, missing prompt", As::Owner, "POST", "/logs".into(), Some(log_for("prm_missing")), 404),
        ("create log, other's prompt", As::Owner, "POST", "/logs".into(), Some(log_for("{q}")), 404),
        ("delete log, bad id", As::Owner, "DELETE", "/logs/bad.id".into(), None, 400),
        ("delete log, no token", As::Nobody, "DELETE", "/logs/{l}".into(), None, 401),
        ("delete log, not owner", As::Other, "DELETE", "/logs/{l}".into(), None, 403),
        ("delete log, missing", As::Owner, "DELETE", "/logs/log_missing".into(), None, 404),
        ("delete log", As::Owner, "DELETE", "/logs/{l}".into(), None, 204),
        ("delete log, gone", As::Owner, "DELETE", "/logs/{l}".into(), None, 404),
        ("delete prompt", As::Owner, "DELETE", "/prompts/{p}".into(), None, 204),
        ("get prompt, deleted", As::Owner, "GET", "/prompts/{p}".into(), None, 404),
    ];
    for (name, who, method, path, body, expected) in cases {
        let (status, answer) = w.send(who, method, &path, body.as_ref()).await;
        assert_eq!(status, expected, "{name}: {answer}");
        if status >= 400 {
            assert!(answer["error"].is_string(), "{name}: {answer}");
        } else if status == 204 {
            assert_eq!(answer, Value::Null, "{name}");
        }
    }
}

async fn validation_messages_name_each_field(backend: Backend) {
    let w = world(backend).await;
    let body = json!({"promptId": "{p}", "output": "o", "score": 9.5});
    let (status, answer) = w.send(As::Owner, "POST", "/logs", Some(&body)).await;
    assert_eq!(status, 400);
    assert_eq!(
        answer["error"],
        "Required fields are missing or invalid: modelUsed (missing), score (must be an integer from 0 to 10)"
    );
}

async fn the_seed_example_log_is_created_and_echoed(backend: Backend) {
    let w = world(backend).await;
    // The request body exactly as the seed page shows it, with a real promptId.
    let seed = r#"{
  "promptId": "prompt101",
  "output": "The business report finds that revenue increased 12% last quarter, driven by strong online sales. Recommendations include expanding digital marketing and improving supply chain efficiency. No significant risks were found, but leadership should monitor supplier stability. Immediate action is suggested to secure long-term supplier contracts.",
  "notes": "Summary is clear and actionable. Matches requirements.",
  "modelUsed": "GPT-4o",
  "score": 9
}"#
    .replace("prompt101", &w.prompt.id);
    let sent: Value = serde_json::from_str(&seed).unwrap();
    let body = Some(("application/json", seed.into_bytes()));
    let (status, answer) = raw(&w.server.url(), "POST", "/logs", Some(&w.owner_token), body).await;
    assert_eq!(status, 201, "{answer}");
    for (key, value) in sent.as_object().unwrap() {
        assert_eq!(&answer[key], value, "{key}");
    }
    let id = answer["_id"].as_str().unwrap();
    assert!(id.starts_with("log_"), "{id}");
    let created = answer["createdAt"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(created).is_ok(),
        "{created}"
    );
    assert!(created.ends_with('Z') && created.len() == "2026-11-28T15:04:05.123Z".len());
    let listed = w.owner.logs_for_prompt(&w.prompt.id).await.unwrap();
    assert_eq!(listed.last().map(|l| l.id.as_str()), Some(id));
}

/// The status of a failed call; `None` when it succeeded.
fn status<T>(r: Result<T, promptcrafter::client::ApiError>) -> Option<u16> {
    r.err().and_then(|e| e.status())
}

async fn a_second_user_cannot_reach_the_first_users_data(backend: Backend) {
    let w = world(backend).await;
    let intruder = user(&w.server.url(), "intruder").await;
    assert_eq!(intruder.list_prompts().await.unwrap(), vec![]);
    assert_eq!(intruder.list_logs().await.unwrap(), vec![]);
    assert_eq!(intruder.search_prompts("report").await.unwrap(), vec![]);
    assert_eq!(status(intruder.get_prompt(&w.prompt.id).await), Some(403));
    assert_eq!(
        status(intruder.logs_for_prompt(&w.prompt.id).await),
        Some(403)
    );
    assert_eq!(
        status(intruder.create_log(&new_log(&w.prompt.id, "x")).await),
        Some(404)
    );
    let patch = PromptPatch {
        title: Some("Mine now".into()),
        ..PromptPatch::default()
    };
    assert_eq!(
        status(intruder.update_prompt(&w.prompt.id, &patch).await),
        Some(403)
    );
    assert_eq!(status(intruder.delete_log(&w.log.id).await), Some(403));
    assert_eq!(
        status(intruder.delete_prompt(&w.prompt.id).await),
        Some(403)
    );
    // Nothing changed for the owner.
    assert_eq!(w.owner.get_prompt(&w.prompt.id).await.unwrap(), w.prompt);
    assert_eq!(w.owner.list_logs().await.unwrap(), vec![w.log.clone()]);
}

async fn prompts_round_trip_and_patch_bumps_updated_at(backend: Backend) {
    let w = world(backend).await;
    let p = &w.prompt;
    assert!(p.id.starts_with("prm_"));
    assert_eq!(p.created_at, p.updated_at);
    assert!(!p.owner_id.is_empty());
    assert_eq!(w.owner.list_prompts().await.unwrap(), vec![p.clone()]);
    let patch = PromptPatch {
        tags: Some(vec!["Zebra".into()]),
        ..PromptPatch::default()
    };
    let patched = w.owner.update_prompt(&p.id, &patch).await.unwrap();
    assert_eq!(patched.title, p.title);
    assert_eq!(patched.tags, vec!["Zebra".to_owned()]);
    assert_eq!(patched.created_at, p.created_at);
    assert!(
        patched.updated_at > p.updated_at,
        "{} > {}",
        patched.updated_at,
        p.updated_at
    );
    let second = w
        .owner
        .create_prompt(&new_prompt("A later prompt"))
        .await
        .unwrap();
    let ids: Vec<String> = w
        .owner
        .list_prompts()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(ids, vec![p.id.clone(), second.id.clone()]);
    // Search: title, content and tags, ignoring case.
    for (q, expected) in [
        ("LATER", 1),
        ("zEBRA", 1),
        ("SUMMARISE the", 2),
        ("nothing like it", 0),
    ] {
        assert_eq!(
            w.owner.search_prompts(q).await.unwrap().len(),
            expected,
            "{q}"
        );
    }
}

async fn a_patch_that_changes_nothing_leaves_updated_at(backend: Backend) {
    let w = world(backend).await;
    let p = &w.prompt;
    let same = json!({"title": p.title, "model": p.model, "tags": p.tags});
    let (status, answer) = w
        .send(As::Owner, "PATCH", "/prompts/{p}", Some(&same))
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["updatedAt"], p.updated_at.as_str());
    assert_eq!(w.owner.get_prompt(&p.id).await.unwrap(), *p);
    let (status, answer) = w
        .send(As::Owner, "PATCH", "/prompts/{p}", Some(&json!({})))
        .await;
    assert_eq!(status, 400, "{answer}");
    let changed = json!({"title": p.title, "model": "o3"});
    let (status, answer) = w
        .send(As::Owner, "PATCH", "/prompts/{p}", Some(&changed))
        .await;
    assert_eq!(status, 200, "{answer}");
    assert!(answer["updatedAt"].as_str().unwrap() > p.updated_at.as_str());
}

async fn logs_carry_the_model_under_both_names(backend: Backend) {
    let w = world(backend).await;
    let (status, all) = w.send(As::Owner, "GET", "/logs", None).await;
    assert_eq!(status, 200);
    let first = &all[0];
    assert_eq!(first["modelUsed"], "GPT-4o", "{first}");
    assert_eq!(first["model"], "GPT-4o", "{first}");
    let body = json!({"promptId": "{p}", "output": "from a generated client", "model": "o3"});
    let (status, created) = w.send(As::Owner, "POST", "/logs", Some(&body)).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["model"], "o3");
    assert_eq!(created["modelUsed"], "o3");
}

async fn bad_expired_and_orphaned_tokens_are_401(backend: Backend) {
    let w = world(backend).await;
    let secret = std::fs::read(w.server.dir.path().join("data/secret")).unwrap();
    assert_eq!(secret.len(), 64);
    let now = chrono::Utc::now().timestamp();
    // Issued in the past: a token issued in the future is refused (issue 12).
    let sign = |sub: &str, exp: i64| {
        let claims = json!({"sub": sub, "iat": now.min(exp) - 60, "exp": exp});
        let key = jsonwebtoken::EncodingKey::from_secret(&secret);
        jsonwebtoken::encode(&jsonwebtoken::Header::default(), &claims, &key).unwrap()
    };
    let owner_id = w.prompt.owner_id.clone();
    let url = w.server.url();
    let cases = [
        ("valid, hand-signed", sign(&owner_id, now + 600), 200),
        ("expired", sign(&owner_id, now - 5), 401),
        ("user does not exist", sign("usr_gone", now + 600), 401),
        ("garbage", "not.a.token".to_owned(), 401),
        ("tampered", format!("{}x", w.owner_token), 401),
    ];
    for (name, token, expected) in cases {
        let (status, answer) = raw(&url, "GET", "/prompts", Some(&token), None).await;
        assert_eq!(status, expected, "{name}: {answer}");
    }
    for header in ["Basic abc", "Bearer", "Token abc"] {
        let response = reqwest::Client::new()
            .get(format!("{url}/prompts"))
            .header("authorization", header)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 401, "{header}");
        let body: Value = response.json().await.unwrap();
        assert!(body["error"].is_string(), "{header}");
    }
}

async fn plain_text_defaults_answer_json_errors(backend: Backend) {
    let w = world(backend).await;
    let url = w.server.url();
    let token = Some(w.owner_token.as_str());
    let huge = vec![b' '; 17 * 1024 * 1024];
    let cases: Vec<RawCase> = vec![
        (
            "malformed JSON",
            "POST",
            "/logs",
            Some(("application/json", b"{\"promptId\": ".to_vec())),
            400,
        ),
        (
            "no content type",
            "POST",
            "/prompts",
            Some(("", b"{}".to_vec())),
            400,
        ),
        (
            "wrong content type",
            "POST",
            "/logs",
            Some(("text/plain", b"{}".to_vec())),
            400,
        ),
        ("unknown route", "GET", "/nope", None, 404),
        ("wrong method", "PUT", "/prompts", None, 405),
        ("wrong method on an id", "POST", "/logs/log_x", None, 405),
        (
            "17 MiB body",
            "POST",
            "/logs",
            Some(("application/json", huge)),
            413,
        ),
    ];
    for (name, method, path, body, expected) in cases {
        let (status, answer) = raw(&url, method, path, token, body).await;
        assert_eq!(status, expected, "{name}: {answer}");
        assert!(answer["error"].is_string(), "{name}: {answer}");
        if name.contains("content type") {
            assert_eq!(
                answer["error"], "Expected a JSON body with Content-Type: application/json.",
                "{name}"
            );
        }
    }
}

async fn a_5_mib_output_round_trips_byte_identical(backend: Backend) {
    let w = world(backend).await;
    let output: String = "Ünïcödé output line with\ttabs and \"quotes\" {}\n"
        .chars()
        .cycle()
        .take(5 * 1024 * 1024)
        .collect();
    let created = w
        .owner
        .create_log(&new_log(&w.prompt.id, &output))
        .await
        .unwrap();
    assert!(created.output == output, "echo differs");
    let listed = w.owner.logs_for_prompt(&w.prompt.id).await.unwrap();
    let stored = listed.iter().find(|l| l.id == created.id).unwrap();
    assert!(stored.output == output, "stored output differs");
}

async fn deleting_a_prompt_deletes_its_logs(backend: Backend) {
    let w = world(backend).await;
    let kept = w
        .owner
        .create_prompt(&new_prompt("Kept prompt"))
        .await
        .unwrap();
    let kept_log = w
        .owner
        .create_log(&new_log(&kept.id, "kept"))
        .await
        .unwrap();
    w.owner
        .create_log(&new_log(&w.prompt.id, "second"))
        .await
        .unwrap();
    assert_eq!(w.owner.list_logs().await.unwrap().len(), 3);
    w.owner.delete_prompt(&w.prompt.id).await.unwrap();
    assert_eq!(w.owner.list_logs().await.unwrap(), vec![kept_log]);
    let gone = w.owner.logs_for_prompt(&w.prompt.id).await.unwrap_err();
    assert_eq!(gone.status(), Some(404));
    let gone = w.owner.delete_log(&w.log.id).await.unwrap_err();
    assert_eq!(gone.status(), Some(404));
}

async fn a_prompt_without_logs_lists_empty_under_both_paths(backend: Backend) {
    let w = world(backend).await;
    let empty = w
        .owner
        .create_prompt(&new_prompt("No logs yet"))
        .await
        .unwrap();
    for path in ["/logs", "/logs-by-prompt"] {
        let query = format!("{path}?promptId={}", empty.id);
        let (status, answer) = w.send(As::Owner, "GET", &query, None).await;
        assert_eq!((status, answer), (200, json!([])), "{path}");
    }
    let (status, answer) = w
        .send(As::Owner, "GET", "/logs-by-prompt?promptId={p}", None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(answer[0]["_id"], w.log.id.as_str());
}

async fn data_persists_across_a_restart(backend: Backend) {
    let w = world(backend).await;
    let World {
        server,
        owner_token,
        prompt,
        log,
        ..
    } = w;
    let server = server.restart().await;
    let owner = ApiClient::new(
        &server.url(),
        promptcrafter::client::ClientOptions::default(),
    )
    .unwrap()
    .with_token(owner_token);
    // The same token still works: the secret was reused.
    assert_eq!(owner.list_prompts().await.unwrap(), vec![prompt.clone()]);
    assert_eq!(owner.logs_for_prompt(&prompt.id).await.unwrap(), vec![log]);
    server.server.shutdown().await.unwrap();
}

/// PostgreSQL text cannot hold U+0000, so neither backend takes it: the
/// same 400 on both, never a 500 on one and a 201 on the other.
async fn a_nul_character_is_the_same_400_on_both_backends(backend: Backend) {
    let w = world(backend).await;
    let token = Some(w.owner_token.as_str());
    let url = w.server.url();
    let cases = [
        (
            "/logs",
            json!({"promptId": w.prompt.id, "output": "a\u{0}b", "modelUsed": "m"}),
            "output",
        ),
        (
            "/logs",
            json!({"promptId": w.prompt.id, "output": "o", "modelUsed": "m", "notes": "\u{0}"}),
            "notes",
        ),
        (
            "/prompts",
            json!({"title": "Nul \u{0} title", "content": "c", "model": "m"}),
            "title",
        ),
        (
            "/prompts",
            json!({"title": "Tags", "content": "c", "model": "m", "tags": ["a\u{0}"]}),
            "tags",
        ),
    ];
    for (path, body, field) in cases {
        let (status, answer) = raw(&url, "POST", path, token, json_body(&body)).await;
        assert_eq!(status, 400, "{field}: {answer}");
        assert!(
            answer["error"].as_str().is_some_and(|e| e.contains(field)),
            "{answer}"
        );
    }
    assert_eq!(
        w.owner.logs_for_prompt(&w.prompt.id).await.unwrap(),
        vec![w.log]
    );
}

/// `PATCH /logs/:id` (our extension): the owner corrects score and notes;
/// the same `_id` and `createdAt`; 400 for an empty or invalid body, 404
/// for another user's log (as for a missing one), 401 without a token.
async fn patch_logs_corrects_score_and_notes(backend: Backend) {
    let w = world(backend).await;
    let path = format!("/logs/{}", w.log.id);
    let cases: [(&str, As, Value, u16); 8] = [
        ("score", As::Owner, json!({"score": 3}), 200),
        ("notes", As::Owner, json!({"notes": "fixed"}), 200),
        ("empty", As::Owner, json!({}), 400),
        ("score too high", As::Owner, json!({"score": 11}), 400),
        ("score fractional", As::Owner, json!({"score": 9.5}), 400),
        (
            "output cannot change",
            As::Owner,
            json!({"score": 1, "output": "x"}),
            400,
        ),
        ("other user's log", As::Other, json!({"score": 1}), 404),
        ("no token", As::Nobody, json!({"score": 1}), 401),
    ];
    for (name, who, body, want) in cases {
        let (status, answer) = w.send(who, "PATCH", &path, Some(&body)).await;
        assert_eq!(status, want, "{name}: {answer}");
        if want != 200 {
            assert!(answer["error"].is_string(), "{name}: {answer}");
        }
    }
    let (status, _) = w
        .send(
            As::Owner,
            "PATCH",
            "/logs/log_none",
            Some(&json!({"score": 1})),
        )
        .await;
    assert_eq!(status, 404);
    let patch = promptcrafter::model::LogPatch {
        score: Some(7),
        notes: None,
    };
    let fixed = w.owner.update_log(&w.log.id, &patch).await.unwrap();
    assert_eq!(
        (&fixed.id, &fixed.created_at),
        (&w.log.id, &w.log.created_at)
    );
    assert_eq!(
        (fixed.score, fixed.notes.as_deref()),
        (Some(7.0), Some("fixed"))
    );
    assert_eq!(
        (&fixed.output, &fixed.model_used),
        (&w.log.output, &w.log.model_used)
    );
    assert_eq!(
        w.owner.logs_for_prompt(&w.prompt.id).await.unwrap(),
        vec![fixed]
    );
    let missing = w.owner.update_log("log_none", &patch).await.unwrap_err();
    assert_eq!(missing.status(), Some(404), "{missing}");
}

/// Paging (our extension): `limit` answers the newest logs first, the
/// `X-Next-Cursor` header leads to the next page, the last page has none;
/// without `limit` the whole list, oldest first, as the contract says.
async fn logs_page_newest_first_by_cursor(backend: Backend) {
    let w = world(backend).await;
    let mut all = vec![w.log.clone()];
    for i in 0..6 {
        let log = w
            .owner
            .create_log(&new_log(&w.prompt.id, &format!("out {i}")))
            .await;
        all.push(log.unwrap());
    }
    assert_eq!(w.owner.logs_for_prompt(&w.prompt.id).await.unwrap(), all);
    let mut newest_first = all.clone();
    newest_first.reverse();
    let mut seen = Vec::new();
    let mut before: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = w
            .owner
            .list_logs_page(&w.prompt.id, 3, before.as_deref())
            .await
            .unwrap();
        assert!(!page.whole_list && page.logs.len() <= 3, "{page:?}");
        pages += 1;
        seen.extend(page.logs);
        match page.next {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    assert_eq!((pages, seen), (3, newest_first));
    let url = w.server.url();
    let token = Some(w.owner_token.as_str());
    for bad in ["limit=0", "limit=x", "before=abc", "limit=2&before=nope"] {
        let path = format!("/logs?promptId={}&{bad}", w.prompt.id);
        let (status, answer) = raw(&url, "GET", &path, token, None).await;
        assert_eq!(status, 400, "{bad}: {answer}");
    }
    let other = format!("/logs?promptId={}&limit=2", w.other_prompt.id);
    assert_eq!(raw(&url, "GET", &other, token, None).await.0, 403);
}

/// Looking for a repeat while logging (our extension): with the
/// `Promptcrafter-Find-Duplicate: N` header, `POST /logs` logs the output
/// and says whether the same one (case and spacing aside, same model) is
/// among the prompt's newest `N` logs; never for another user's prompt.
async fn post_logs_finds_a_repeat_among_the_newest(backend: Backend) {
    use promptcrafter::client::DuplicateAnswer;
    let w = world(backend).await;
    let log_finding = |w: &World, log: &NewLog, among: u32| {
        let (client, log) = (w.owner.clone(), log.clone());
        async move {
            client
                .create_log_finding_duplicate(&log, among)
                .await
                .unwrap()
        }
    };
    let repeat = new_log(&w.prompt.id, "  FIRST\n");
    let (made, found) = log_finding(&w, &repeat, 200).await;
    let earlier = DuplicateAnswer::Found {
        id: w.log.id.clone(),
        created_at: w.log.created_at.clone(),
    };
    assert_eq!(found, earlier);
    assert_eq!(made.output, "  FIRST\n", "logged all the same");
    let mut other_model = new_log(&w.prompt.id, "first");
    other_model.model_used = "o3".into();
    let fresh = new_log(&w.prompt.id, "a new answer");
    for log in [&other_model, &fresh] {
        let (_, found) = log_finding(&w, log, 200).await;
        assert_eq!(found, DuplicateAnswer::Absent, "{log:?}");
    }
    // Neither earlier "first" is among the newest two; the one this makes
    // is the newest of all.
    let (again, found) = log_finding(&w, &repeat, 2).await;
    assert_eq!(found, DuplicateAnswer::Absent);
    let (_, found) = log_finding(&w, &repeat, 1).await;
    let newest = DuplicateAnswer::Found {
        id: again.id,
        created_at: again.created_at,
    };
    assert_eq!(found, newest);
    // Long outputs (the server reads the first 256 chars of each, then the
    // whole of a log that may be the same): one that differs only after
    // char 300 is not a repeat, the same with other spacing and case is.
    let long = "Σίσυφος rolls the stone. ".repeat(20);
    let (first_long, _) = log_finding(&w, &new_log(&w.prompt.id, &format!("{long}end")), 200).await;
    let (_, found) = log_finding(
        &w,
        &new_log(&w.prompt.id, &format!("{long}END, and more")),
        200,
    )
    .await;
    assert_eq!(found, DuplicateAnswer::Absent);
    let respaced = format!("  {}\n END", long.to_uppercase().replace(' ', "\t "));
    let (_, found) = log_finding(&w, &new_log(&w.prompt.id, &respaced), 200).await;
    let long_found = DuplicateAnswer::Found {
        id: first_long.id,
        created_at: first_long.created_at,
    };
    assert_eq!(found, long_found);

    let post = |token: &str, among: &str, prompt: &str| {
        let body = json!({"promptId": prompt, "output": "first", "modelUsed": "GPT-4o"});
        reqwest::Client::new()
            .post(format!("{}/logs", w.server.url()))
            .bearer_auth(token.to_owned())
            .header("promptcrafter-find-duplicate", among.to_owned())
            .json(&body)
            .send()
    };
    let theirs = post(&w.other_token, "200", &w.prompt.id).await.unwrap();
    assert_eq!(theirs.status().as_u16(), 404);
    assert!(theirs.headers().get("promptcrafter-duplicate").is_none());
    for bad in ["0", "1001", "x", ""] {
        let answer = post(&w.owner_token, bad, &w.prompt.id).await.unwrap();
        assert_eq!(answer.status().as_u16(), 400, "{bad:?}");
    }
    let before = w.owner.logs_for_prompt(&w.prompt.id).await.unwrap().len();
    assert_eq!(before, 9, "a refused request logs nothing");
}

/// Paging the prompts (our extension): `limit` answers the list in its own
/// order, the `X-Next-Cursor` header leads to the next page (passed as
/// `after`), the last page has none, no other user's prompt appears.
async fn prompts_page_in_list_order_by_cursor(backend: Backend) {
    let w = world(backend).await;
    for i in 0..4 {
        let made = w.owner.create_prompt(&new_prompt(&format!("p {i}"))).await;
        made.unwrap();
    }
    let all = w.owner.list_prompts().await.unwrap();
    assert_eq!(all.len(), 5, "{all:?}");
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = w
            .owner
            .list_prompts_page(2, after.as_deref())
            .await
            .unwrap();
        assert!(!page.whole_list && page.prompts.len() <= 2, "{page:?}");
        pages += 1;
        seen.extend(page.prompts);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!((pages, seen), (3, all));
    let url = w.server.url();
    let token = Some(w.owner_token.as_str());
    for bad in ["limit=0", "limit=5001", "after=abc", "limit=2&after=nope"] {
        let (status, answer) = raw(&url, "GET", &format!("/prompts?{bad}"), token, None).await;
        assert_eq!(status, 400, "{bad}: {answer}");
    }
}

/// The stats extension: the server's figures are exactly those computed
/// from every log; a prompt without logs has zero of everything.
async fn prompt_stats_match_those_computed_from_all_logs(backend: Backend) {
    let w = world(backend).await;
    for (i, (model, score)) in [("a", Some(3)), ("b", Some(10)), ("a", None), ("b", Some(4))]
        .into_iter()
        .enumerate()
    {
        let mut log = new_log(&w.prompt.id, &format!("out {i}"));
        log.model_used = model.to_owned();
        log.score = score;
        w.owner.create_log(&log).await.unwrap();
    }
    let all = w.owner.logs_for_prompt(&w.prompt.id).await.unwrap();
    let served = w.owner.prompt_stats(&w.prompt.id).await.unwrap();
    assert_eq!(served, promptcrafter::stats::prompt_stats(&all));
    assert_eq!(served.total, 5);
    assert_eq!(
        served.best.as_ref().map(|l| l.output.as_str()),
        Some("out 1")
    );
    let b = served.models.iter().find(|m| m.model == "b").unwrap();
    assert_eq!((b.histogram[10], b.histogram[4], b.trend.len()), (1, 1, 2));
    let token = Some(w.owner_token.as_str());
    let url = w.server.url();
    let other = format!("/prompts/{}/stats", w.other_prompt.id);
    assert_eq!(raw(&url, "GET", &other, token, None).await.0, 403);
    assert_eq!(
        raw(&url, "GET", "/prompts/prm_none/stats", token, None)
            .await
            .0,
        404
    );
    assert_eq!(raw(&url, "GET", &other, None, None).await.0, 401);
    let empty = w.owner.create_prompt(&new_prompt("No logs")).await.unwrap();
    let none = w.owner.prompt_stats(&empty.id).await.unwrap();
    assert_eq!((none.total, none.models.len(), none.best), (0, 0, None));
}

crate::on_both_backends!(
    patch_logs_corrects_score_and_notes,
    logs_page_newest_first_by_cursor,
    post_logs_finds_a_repeat_among_the_newest,
    prompts_page_in_list_order_by_cursor,
    prompt_stats_match_those_computed_from_all_logs,
    a_nul_character_is_the_same_400_on_both_backends,
    auth_endpoints_answer_their_documented_statuses,
    resource_endpoints_answer_their_documented_statuses,
    validation_messages_name_each_field,
    the_seed_example_log_is_created_and_echoed,
    a_second_user_cannot_reach_the_first_users_data,
    prompts_round_trip_and_patch_bumps_updated_at,
    a_patch_that_changes_nothing_leaves_updated_at,
    logs_carry_the_model_under_both_names,
    bad_expired_and_orphaned_tokens_are_401,
    plain_text_defaults_answer_json_errors,
    a_5_mib_output_round_trips_byte_identical,
    deleting_a_prompt_deletes_its_logs,
    a_prompt_without_logs_lists_empty_under_both_paths,
    data_persists_across_a_restart,
);
