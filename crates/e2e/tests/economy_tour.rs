//! A unit manager's forecast in a real browser, over a small demo
//! municipality whose history ends in September: sign in through the login
//! form; the economy page from the main menu, at T2 (outcome January to
//! August); the forecast form of one of the unit's activities, first
//! without a comment (refused, the error announced), then with one; the
//! comment beside the forecast on the economy page; the delårsrapport for
//! T2 on screen with the comment in its table, and downloaded as PDF
//! through the browser.
//!
//! axe-core runs on every page visited and the test fails on any WCAG 2.1
//! A/AA violation. Screenshots: `docs/screenshots/economy.png` and
//! `economy-forecast.png`.

use jiff::civil::{Date, date};
use serde_json::json;
use std::time::Duration;
use tillit_e2e::{Browser, Result, TestServer, contains, run_tour, screenshot_dir};

/// After August: the T2 forecast is the one due.
const TODAY: Date = date(2026, 9, 15);
const YEAR: i16 = 2026;
const COMMENT: &str = "Två placeringar på HVB avslutas i oktober; prognosen räknar med det.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_manager_forecasts_at_t2_and_downloads_the_delarsrapport() {
    let server = TestServer::start_demo(TODAY).await.expect("demo server");
    run_tour("the economy tour", &server, 6, |b, s| Box::pin(tour(b, s))).await;
}

async fn tour(b: &mut Browser, server: &TestServer) -> Result<()> {
    let shots = screenshot_dir();
    b.goto("/login").await?;
    b.check("login").await?;
    b.login("peter").await?;
    b.check("start page (unit manager)").await?;

    // The economy, from the main menu, at T2.
    b.click("nav.main-nav a[href='/economy']").await?;
    b.wait_path("/economy").await?;
    b.select("#f-year", &YEAR.to_string()).await?;
    b.select("#f-point", "T2").await?;
    b.click("form.filters button.primary").await?;
    b.wait_path("point=T2").await?;
    b.check("economy at T2").await?;
    let text = b.text().await?;
    contains(&text, "Prognos för din enhet")?;
    contains(&text, "Resultaträkning 2026, prognos vid T2")?;
    contains(&text, "Avvikelse = prognos − budget")?;

    // The forecast form of Barnenheten's institutional care.
    let href: String = b
        .client
        .execute(
            "const a = [...document.querySelectorAll('a[href^=\"/economy/forecast\"]')];\
             const k = a.find(x => x.getAttribute('href').includes('key=4120|4021|')) || a[0];\
             return k ? k.getAttribute('href') : '';",
            vec![],
        )
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string();
    if href.is_empty() {
        return Err("no activity to forecast on the economy page".into());
    }
    b.goto(&href).await?;
    b.check("forecast form").await?;
    contains(&b.text().await?, "Beräknat förslag")?;
    // Without a comment: refused, the error announced, nothing stored.
    b.fill("#comment", "").await?;
    b.click("form.stacked button.primary").await?;
    b.wait_loaded().await?;
    b.check("forecast form refused").await?;
    let summary: bool = b
        .client
        .execute(
            "const s = document.getElementById('error-summary');\
             return !!s && s.getAttribute('role') === 'alert' \
               && document.getElementById('comment').getAttribute('aria-invalid') === 'true';",
            vec![],
        )
        .await?
        .as_bool()
        .unwrap_or(false);
    if !summary {
        return Err("the missing comment is not announced".into());
    }
    if !t2_forecasts(server).await?.is_empty() {
        return Err("a refused forecast was stored".into());
    }
    // With a comment: saved, back on the economy page.
    b.fill("#comment", COMMENT).await?;
    b.screenshot(&shots, "economy-forecast").await?;
    b.click("form.stacked button.primary").await?;
    b.wait_path("saved=1").await?;
    b.check("economy after the forecast").await?;
    let text = b.text().await?;
    contains(&text, "Prognosen är sparad")?;
    contains(&text, COMMENT)?;
    b.screenshot(&shots, "economy").await?;
    let stored = t2_forecasts(server).await?;
    if stored.len() != 1 || stored[0].forecast.comment != COMMENT {
        return Err(format!("stored forecasts: {stored:?}").into());
    }

    // The delårsrapport for T2: the comment in its table, and the PDF.
    b.goto(&format!(
        "/reports?kind=delarsrapport&year={YEAR}&period=T2"
    ))
    .await?;
    b.wait_path("kind=delarsrapport").await?;
    b.check("delårsrapport T2 on screen").await?;
    let text = b.text().await?;
    contains(&text, "Delårsrapport 2 2026")?;
    contains(&text, "Netto per verksamhet")?;
    contains(&text, COMMENT)?;
    let pdf = b
        .client
        .find(fantoccini::Locator::LinkText("Ladda ner som PDF"))
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    let got = b
        .client
        .execute(
            "return fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.arrayBuffer()\
               .then(buf => [r.status, r.headers.get('content-type') || '', \
                 new TextDecoder('latin1').decode(new Uint8Array(buf).slice(0, 5)), buf.byteLength]));",
            vec![json!(pdf)],
        )
        .await?;
    let ok = got[0] == json!(200)
        && got[1].as_str().unwrap_or("").starts_with("application/pdf")
        && got[2] == json!("%PDF-")
        && got[3].as_u64().unwrap_or(0) > 10_000;
    if !ok {
        return Err(format!("the PDF download gave {got}").into());
    }
    tokio::time::sleep(Duration::from_millis(10)).await;
    Ok(())
}

/// The forecasts entered at T2 of the year (the demo has T1's).
async fn t2_forecasts(server: &TestServer) -> Result<Vec<tillit_store::ForecastRow>> {
    Ok(server
        .store
        .forecasts(YEAR)
        .await?
        .into_iter()
        .filter(|f| f.forecast.point == tillit_domain::economy::ForecastPoint::T2)
        .collect())
}
