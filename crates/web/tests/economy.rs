//! The economy over HTTP: the economist uploads an SIE 4 export and gets
//! its receipt, again with nothing changed, and a malformed file refused by
//! line; a unit manager sees and forecasts their own responsibility, never
//! another's; caseworkers see none; only the economist imports.

mod support;

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use support::*;
use tillit_domain::economy::{
    Activity, BudgetKey, BudgetLine, Money, PlacementType, Responsibility, Structure, Validity,
};
use tillit_store::Stamp;

const SIE: &[u8] = include_bytes!("../../../testdata/economy/tillkoping-utfall-2025-01-02.se");

/// A multipart upload of `file` with the CSRF token, as a browser sends it.
async fn upload(
    c: &Client,
    url: String,
    csrf: &str,
    name: &str,
    file: &[u8],
) -> (StatusCode, String) {
    let boundary = "----tillit-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let r = c
        .post(url)
        .header(
            CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.text().await.unwrap())
}

async fn structure(app: &App) {
    let valid = Validity::from(jiff::civil::date(2020, 1, 1));
    app.store
        .save_structure(Structure {
            responsibilities: vec![
                Responsibility {
                    code: "4120".into(),
                    name: "Barnenheten".into(),
                    unit: Some(app.unit_a),
                    valid,
                },
                Responsibility {
                    code: "4130".into(),
                    name: "Ungdomsenheten".into(),
                    unit: Some(app.unit_b),
                    valid,
                },
            ],
            activities: vec![Activity {
                code: "4021".into(),
                name: "Institutionsvård barn och unga".into(),
                placement_type: Some(PlacementType::Institution),
                valid,
            }],
            projects: vec![],
        })
        .await
        .unwrap();
    let line = |r: &str| BudgetLine {
        key: BudgetKey {
            year: 2025,
            responsibility: r.into(),
            activity: "4021".into(),
            project: String::new(),
            account: "46310".into(),
        },
        amount: Money::kronor(-1_500_000),
    };
    app.store
        .set_decided_budget(
            2025,
            vec![line("4120"), line("4130")],
            jiff::civil::date(2024, 11, 20),
            "KF 2024-11-20".into(),
            Stamp::now(app.users["eli"]),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn the_economist_imports_once_and_malformed_files_name_their_lines() {
    let app = spawn().await;
    structure(&app).await;
    let eli = logged_in(&app, "eli").await;
    let csrf = csrf_of(&app, &eli).await;
    let (status, page) = upload(&eli, app.url("/economy/import"), &csrf, "utfall.se", SIE).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("nya rader") && page.contains("PC8"), "{page}");
    let stored = app
        .store
        .outcome(
            tillit_domain::economy::Month::new(2025, 1).unwrap(),
            tillit_domain::economy::Month::new(2025, 12).unwrap(),
        )
        .await
        .unwrap();
    let (status, page) = upload(&eli, app.url("/economy/import"), &csrf, "utfall.se", SIE).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Inga ändringar"), "{page}");
    let again = app
        .store
        .outcome(
            tillit_domain::economy::Month::new(2025, 1).unwrap(),
            tillit_domain::economy::Month::new(2025, 12).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(again, stored, "nothing doubled");

    let bad = b"#FORMAT PC8\n#PSALDO 0 202503 5010 {1 \"4120\"} 12,5\n";
    let (status, page) = upload(&eli, app.url("/economy/import"), &csrf, "fel.se", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("rad 2:"), "{page}");
    assert_eq!(app.store.ledger_imports().await.unwrap().len(), 2);

    // A token from another session is refused before anything is read.
    let (status, _) = upload(
        &eli,
        app.url("/economy/import"),
        "fel-token",
        "utfall.se",
        SIE,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Only the economist imports.
    let ulla = logged_in(&app, "ulla").await;
    let (status, _) = get(&ulla, app.url("/economy/import")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_unit_manager_forecasts_their_own_responsibility_only() {
    let app = spawn().await;
    structure(&app).await;
    let ulla = logged_in(&app, "ulla").await;
    let (status, page) = get(&ulla, app.url("/economy?year=2025&point=T2")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("4120 Barnenheten"), "{page}");
    assert!(
        !page.contains("4130 Ungdomsenheten"),
        "another unit's responsibility"
    );
    let (status, form) = get(
        &ulla,
        app.url("/economy/forecast?year=2025&point=T2&key=4120|4021|"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{form}");
    let csrf = csrf_in(&form);
    let (status, _, _) = post(
        &ulla,
        app.url("/economy/forecast"),
        &[
            ("csrf", &csrf),
            ("year", "2025"),
            ("point", "T2"),
            ("key", "4120|4021|"),
            ("income", "0"),
            ("staff", "0"),
            ("other", "1 650 000"),
            ("comment", ""),
        ],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a comment is required"
    );
    let (status, location, _) = post(
        &ulla,
        app.url("/economy/forecast"),
        &[
            ("csrf", &csrf),
            ("year", "2025"),
            ("point", "T2"),
            ("key", "4120|4021|"),
            ("income", "0"),
            ("staff", "0"),
            ("other", "1 650 000"),
            ("comment", "En placering till förlängs hösten ut."),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("saved=1"));
    let f = app.store.forecasts(2025).await.unwrap();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].forecast.amounts[2], Money::kronor(-1_650_000));
    assert_eq!(f[0].by, app.users["ulla"]);
    // Another unit's key is not found, to read or to write.
    let (status, _) = get(
        &ulla,
        app.url("/economy/forecast?year=2025&point=T2&key=4130|4021|"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = post(
        &ulla,
        app.url("/economy/forecast"),
        &[
            ("csrf", &csrf),
            ("year", "2025"),
            ("point", "T2"),
            ("key", "4130|4021|"),
            ("income", "0"),
            ("staff", "0"),
            ("other", "1"),
            ("comment", "x"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(app.store.forecasts(2025).await.unwrap().len(), 1);

    // Caseworkers and team leads see no economy; analysts see all.
    for who in ["anna", "tea"] {
        let c = logged_in(&app, who).await;
        let (status, _) = get(&c, app.url("/economy")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
    }
    let alva = logged_in(&app, "alva").await;
    let (status, page) = get(&alva, app.url("/economy?year=2025&point=T2")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("4130 Ungdomsenheten") && page.contains("4120 Barnenheten"));
}
