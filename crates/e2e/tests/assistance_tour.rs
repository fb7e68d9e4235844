//! Economic assistance in a real browser, over the demo municipality: a
//! caseworker of the unit for economic assistance (`amira`) registers a
//! household with two children (5 and 12 years old in March 2021), applies
//! for March 2021 and sees the riksnorm computed item by item, decides the
//! housing cost partly granted with a reason, records the payment and
//! downloads the decision letter (a PDF, fetched by the browser with its
//! session).
//!
//! axe-core runs on every page visited and the test fails on any WCAG 2.1
//! A/AA violation. Screenshots: `docs/screenshots/` (`assistance-apply`,
//! `assistance-household`).

use jiff::civil::{Date, date};
use tillit_e2e::{Browser, Result, TestServer, contains, run_tour, screenshot_dir};

const TODAY: Date = date(2026, 3, 10);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caseworker_applies_decides_pays_and_downloads_the_letter() {
    let server = TestServer::start_demo(TODAY).await.expect("demo server");
    run_tour("the assistance tour", &server, 8, |b, _| Box::pin(tour(b))).await;
}

async fn submit_and_back(b: &mut Browser, page: &str) -> Result<()> {
    b.click("form.stacked[method=post] button.primary").await?;
    b.wait_path("saved=1").await?;
    b.check(page).await?;
    Ok(())
}

async fn add_child(b: &mut Browser, number: &str, given: &str) -> Result<()> {
    b.click_link("Lägg till en person i hushållet").await?;
    b.wait_loaded().await?;
    b.check("member form").await?;
    b.fill("#f-identity", number).await?;
    b.fill("#f-given", given).await?;
    b.fill("#f-family", "Provare").await?;
    b.select("#f-role", "barn").await?;
    b.fill("#f-from", "2021-01").await?;
    submit_and_back(b, "household with a child").await
}

async fn tour(b: &mut Browser) -> Result<()> {
    let shots = screenshot_dir();
    b.login("amira").await?;
    b.click("nav.main-nav a[href='/assistance']").await?;
    b.wait_path("/assistance").await?;
    b.check("assistance worklist").await?;
    contains(&b.text().await?, "Ansökningar som väntar på beslut")?;

    b.click_link("Registrera ett nytt hushåll").await?;
    b.wait_loaded().await?;
    b.check("new household form").await?;
    b.fill("#f-identity", "19880102-2388").await?;
    b.fill("#f-given", "Signe").await?;
    b.fill("#f-family", "Provare").await?;
    b.fill("#f-from", "2021-01").await?;
    submit_and_back(b, "household").await?;
    let household = b.path().await?;
    let household = household.split('?').next().unwrap_or_default().to_string();
    add_child(b, "20160104-2383", "Lo").await?;
    add_child(b, "20090101-2393", "Sam").await?;

    // The application: the norm for March 2021, item by item.
    b.click_link("Registrera en ansökan").await?;
    b.wait_loaded().await?;
    b.fill("#pick-month", "2021-03").await?;
    b.click("form[method=get] button").await?;
    b.wait_path("month=2021-03").await?;
    b.check("application with the norm").await?;
    let text = b.text().await?;
    for part in [
        "Personliga kostnader, ensamstående vuxen",
        "3 160 kr",
        "barn 5 år (4–6 år)",
        "2 440 kr",
        "barn 12 år (11–14 år)",
        "3 520 kr",
        "Gemensamma hushållskostnader, 3 personer",
        "1 420 kr",
        "10 540 kr",
    ] {
        contains(&text, part)?;
    }
    b.fill("#f-received-on", "2021-03-02").await?;
    b.fill("#f-need-boende", "7900").await?;
    b.fill("#f-need-hushallsel", "350").await?;
    b.fill("#f-inc-a-barnbidrag", "2500").await?;
    b.select("#f-hinder-a", "arbetslos_utan_ersattning").await?;
    b.screenshot(&shots, "assistance-apply").await?;
    submit_and_back(b, "household with an application").await?;

    // The decision: housing partly granted, with the reason.
    b.click_link("Fatta beslut för mars 2021").await?;
    b.wait_loaded().await?;
    b.check("decision form").await?;
    b.click("#f-out-riksnorm-0").await?;
    b.click("#f-out-boende-1").await?;
    b.fill("#f-gr-boende", "7200").await?;
    b.fill(
        "#f-why-boende",
        "Skälig hyra för tre personer är 7 200 kr enligt riktlinjen.",
    )
    .await?;
    b.click("#f-out-hushallsel-0").await?;
    b.fill("#f-reasoning", "Hyran är högre än kommunens riktlinje.")
        .await?;
    b.fill("#f-delegate", "Delegationsordning 3.1").await?;
    submit_and_back(b, "household with a decision").await?;
    let text = b.text().await?;
    contains(&text, "Beviljas delvis")?;
    // 10 540 + 7 200 + 350 − 2 500.
    contains(&text, "att betala ut 15 590 kr")?;

    // The payment.
    b.click_link("Registrera utbetalning").await?;
    b.wait_loaded().await?;
    b.check("payment form").await?;
    submit_and_back(b, "household with a payment").await?;
    contains(&b.text().await?, "Utbetalning 1: 15 590 kr till Sökande")?;
    b.screenshot(&shots, "assistance-household").await?;

    // The decision letter, fetched by the browser with its session.
    let script = "const done = arguments[arguments.length - 1];\
        fetch(arguments[0]).then(r => r.arrayBuffer().then(buf => done(JSON.stringify({\
          status: r.status, type: r.headers.get('content-type'),\
          head: String.fromCharCode(...new Uint8Array(buf.slice(0, 5))), size: buf.byteLength}))))\
        .catch(e => done('ERROR ' + e));";
    let url = format!("{household}/letter/2021-03");
    let result = b
        .client
        .execute_async(script, vec![serde_json::json!(url)])
        .await?;
    let text = result.as_str().unwrap_or("ERROR no result");
    let got: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("{text}: {e}"))?;
    if got["status"] != 200 || got["type"] != "application/pdf" || got["head"] != "%PDF-" {
        return Err(format!("the decision letter did not download: {got}").into());
    }
    if got["size"].as_u64().unwrap_or(0) < 1000 {
        return Err(format!("the decision letter is too small: {got}").into());
    }
    b.logout().await?;
    Ok(())
}
