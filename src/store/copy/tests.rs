use super::*;
use crate::model::{NewLog, NewPrompt};
use crate::store::testing::{self, TestDb};
use crate::store::tests::owner;

/// Two users, three prompts, and logs with awkward text in every column.
async fn fill(db: &Db) -> Vec<String> {
    let mut owners = Vec::new();
    for email in ["ada@example.com", "bob@example.com"] {
        let id = owner(db, email).await;
        for title in ["Straße ☃", "line\nbreak \u{1b}[31mred"] {
            let new = NewPrompt {
                title: title.into(),
                content: "Summarise\r\nthe report".into(),
                model: "GPT-4o".into(),
                tags: Some(vec!["Finance".into(), "ünïcode".into()]),
            };
            let p = db.insert_prompt(&id, &new).await.unwrap();
            for (i, notes) in [None, Some("n\u{7}ote".to_owned())].into_iter().enumerate() {
                let log = NewLog {
                    prompt_id: p.id.clone(),
                    output: format!("out {i}\n\u{1b}]0;title\u{7} ✓"),
                    model_used: "Claude".into(),
                    notes,
                    score: (i == 0).then_some(7),
                };
                db.insert_log(&id, &log).await.unwrap().unwrap();
            }
        }
        owners.push(id);
    }
    owners
}

/// Every prompt and log of `owners`, as the API would list them.
async fn listing(db: &Db, owners: &[String]) -> Vec<String> {
    let mut all = Vec::new();
    for o in owners {
        all.push(format!("{:?}", db.prompts_for_owner(o).await.unwrap()));
        all.push(format!("{:?}", db.logs_for_owner(o).await.unwrap()));
    }
    all
}

async fn round_trip(source: &TestDb, middle: &TestDb, last: &TestDb) {
    let owners = fill(&source.db).await;
    let there = copy_all(&source.db, &middle.db).await.unwrap();
    let counts: Vec<_> = there.tables.iter().map(|t| (t.rows, t.copied)).collect();
    assert_eq!(
        counts,
        vec![(2, 2), (4, 4), (8, 8)],
        "{}",
        middle.db.backend()
    );
    let back = copy_all(&middle.db, &last.db).await.unwrap();
    assert_eq!(back.tables, there.tables, "checksums agree both ways");
    let again = copy_all(&source.db, &middle.db).await.unwrap();
    assert!(
        again
            .tables
            .iter()
            .all(|t| t.copied == 0 && t.skipped == t.rows)
    );
    let expected = listing(&source.db, &owners).await;
    assert_eq!(listing(&middle.db, &owners).await, expected);
    assert_eq!(listing(&last.db, &owners).await, expected);
    for email in ["ada@example.com", "bob@example.com"] {
        let user = last.db.user_by_email(email).await.unwrap();
        assert!(user.is_some());
        assert_eq!(user, source.db.user_by_email(email).await.unwrap());
    }
}

#[tokio::test]
async fn sqlite_to_sqlite_and_back_keeps_every_row() {
    let (a, b, c) = (
        testing::sqlite().await,
        testing::sqlite().await,
        testing::sqlite().await,
    );
    round_trip(&a, &b, &c).await;
}

#[tokio::test]
async fn sqlite_to_postgres_and_back_keeps_every_row() {
    let Some(pg) = testing::postgres().await else {
        return;
    };
    let (a, c) = (testing::sqlite().await, testing::sqlite().await);
    round_trip(&a, &pg, &c).await;
}

#[tokio::test]
async fn a_destination_row_that_differs_fails_the_check() {
    for dest in testing::each_backend().await {
        let source = testing::sqlite().await;
        let owners = fill(&source.db).await;
        copy_all(&source.db, &dest.db).await.unwrap();
        let prompt = &dest.db.prompts_for_owner(&owners[0]).await.unwrap()[0];
        let patch = crate::model::PromptPatch {
            title: Some("changed".into()),
            ..Default::default()
        };
        dest.db.update_prompt(prompt, &patch).await.unwrap();
        let err = copy_all(&source.db, &dest.db).await.unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Mismatch {
                    table: "prompts",
                    ..
                }
            ),
            "{err:?}"
        );
    }
}
