//! The quality system in a real browser, over a small demo municipality:
//! a caseworker reports a Lex Sarah matter through the quality hub (first
//! without saying what happened, which is refused and announced); the
//! quality lead sees it due on the start page, receives it, assesses it as
//! serious and sees the report to IVO due with its paragraph, records the
//! investigation and the report to IVO; the annual compilation of Lex Sarah
//! reports counts it. The public's complaint form is sent once, anonymous.
//!
//! axe-core runs on every page visited and the test fails on any WCAG 2.1
//! A/AA violation. Screenshots: `docs/screenshots/` (`quality`,
//! `lex-sarah-record`, `synpunkter`).

use fantoccini::Locator;
use jiff::civil::{Date, date};
use tillit_e2e::{Browser, Result, TestServer, contains, run_tour, screenshot_dir};

/// The demo history ends here; the report is made this year.
const TODAY: Date = date(2026, 3, 10);
const WHAT: &str = "Ett beslut om umgänge delgavs inte vårdnadshavaren";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lex_sarah_report_from_the_caseworker_to_the_committee() {
    let server = TestServer::start_demo(TODAY).await.expect("demo server");
    run_tour("the quality tour", &server, 10, |b, _| Box::pin(tour(b))).await;
}

/// Follow the record page's link to form `label`, fill it with `fill`,
/// submit, and come back to the record page.
async fn form(b: &mut Browser, label: &str) -> Result<()> {
    b.click_link(label).await?;
    b.wait_loaded().await?;
    Ok(())
}

async fn submit_and_back(b: &mut Browser, page: &str) -> Result<()> {
    b.click("form.stacked button.primary").await?;
    b.wait_path("saved=1").await?;
    b.check(page).await?;
    Ok(())
}

async fn tour(b: &mut Browser) -> Result<()> {
    let shots = screenshot_dir();

    // A caseworker reports, from the quality hub in the main menu.
    b.login("anna").await?;
    b.click("nav.main-nav a[href='/quality']").await?;
    b.wait_path("/quality").await?;
    b.check("quality hub (caseworker)").await?;
    b.screenshot(&shots, "quality").await?;
    b.goto("/lex-sarah/new").await?;
    b.check("Lex Sarah report form").await?;
    contains(&b.text().await?, "27 kap. 2 § SoL")?;
    b.select("#f-topic", "handlaggning").await?;
    b.click("#f-risk-only-1").await?;
    b.fill("#f-immediate-action", "Enhetschefen informerades")
        .await?;
    b.click("#f-confirm").await?;
    b.click("form.stacked button.primary").await?;
    b.wait_loaded().await?;
    b.check("Lex Sarah report form, refused").await?;
    let text = b.text().await?;
    contains(&text, "Skriv vad som hänt")?;
    // What was typed is kept.
    let kept = b
        .client
        .find(Locator::Css("#f-immediate-action"))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    if kept != "Enhetschefen informerades" {
        return Err(format!("the form lost what was typed: {kept:?}").into());
    }
    b.fill("#f-what", WHAT).await?;
    if b.client
        .find(Locator::Css("#f-confirm"))
        .await?
        .prop("checked")
        .await?
        .as_deref()
        != Some("true")
    {
        b.click("#f-confirm").await?;
    }
    submit_and_back(b, "Lex Sarah record (reporter)").await?;
    let record = b.path().await?;
    let record = record.split('?').next().unwrap_or_default().to_string();
    contains(&b.text().await?, "Rapporterad")?;
    b.logout().await?;

    // The quality lead: due at once, on the start page.
    b.login("therese").await?;
    b.check("start page (quality lead)").await?;
    let text = b.text().await?;
    contains(&text, "Ta emot, dokumentera och utse utredare")?;
    contains(&text, "27 kap. 5 § SoL (2025:400)")?;
    b.goto(&record).await?;
    b.check("Lex Sarah record (quality lead)").await?;
    contains(&b.text().await?, WHAT)?;
    form(b, "Ta emot och utse utredare").await?;
    b.check("receive form").await?;
    b.client
        .execute(
            "const s = document.getElementById('f-investigator'); s.selectedIndex = 1;",
            vec![],
        )
        .await?;
    b.click("#f-not-involved").await?;
    submit_and_back(b, "record, received").await?;
    form(b, "Bedöm allvarlighetsgrad").await?;
    b.click("#f-serious-0").await?;
    b.fill(
        "#f-motivation",
        "Vårdnadshavarens rätt att överklaga gick förlorad.",
    )
    .await?;
    submit_and_back(b, "record, assessed").await?;
    let text = b.text().await?;
    contains(&text, "Anmäl till IVO (snarast)")?;
    contains(&text, "27 kap. 6 § SoL (2025:400)")?;
    b.goto("/").await?;
    contains(&b.text().await?, "Anmäl till IVO (snarast)")?;
    b.goto(&record).await?;
    form(b, "Utredning").await?;
    for (field, text) in [
        ("#f-consequences", "Beslutet kunde inte överklagas i tid."),
        ("#f-causes", "Delgivningen bevakades inte."),
        ("#f-recurrence-risk", "Låg med ny rutin."),
        ("#f-preventive", "Rutin för delgivning."),
    ] {
        b.fill(field, text).await?;
    }
    submit_and_back(b, "record, investigated").await?;
    form(b, "Anmälan till IVO").await?;
    b.fill("#f-on", &TODAY.to_string()).await?;
    b.click("#f-attached-0").await?;
    submit_and_back(b, "record, reported to IVO").await?;
    let text = b.text().await?;
    if text.contains("Anmäl till IVO (snarast)") {
        return Err("the report to IVO is still due".into());
    }
    b.screenshot(&shots, "lex-sarah-record").await?;

    // The annual compilation counts it.
    b.goto(&format!("/reports?kind=lex-sarah&year={}", TODAY.year()))
        .await?;
    b.check("Lex Sarah compilation").await?;
    let text = b.text().await?;
    contains(&text, "Sammanställning av lex Sarah-rapporter")?;
    contains(&text, "har anmälts till Inspektionen för vård och omsorg")?;
    // The hub links the checklist and the providers' records; a provider's
    // record lists its Lex Sarah reports and its prices.
    b.goto("/quality").await?;
    contains(
        &b.text().await?,
        "Checklistan för egenkontroll av dokumentation",
    )?;
    b.click("a[href='/providers']").await?;
    b.wait_path("/providers").await?;
    b.check("providers (quality lead)").await?;
    b.click("table tbody a").await?;
    b.wait_loaded().await?;
    b.check("a provider's record (quality lead)").await?;
    let text = b.text().await?;
    contains(&text, "Lex Sarah-rapporter")?;
    contains(&text, "Priser i utförarkatalogen")?;
    b.logout().await?;

    // The public's form, anonymous.
    b.goto("/synpunkter").await?;
    b.check("public complaint form").await?;
    b.click("#f-kind-0").await?;
    b.fill("#f-message", "Tack för att ni lyssnade på mig.")
        .await?;
    b.click("form.stacked button.primary").await?;
    b.wait_loaded().await?;
    b.check("public receipt").await?;
    contains(&b.text().await?, "Ditt kvittonummer är")?;
    b.screenshot(&shots, "synpunkter").await?;

    // The public's report of concern: the form, a refusal, the receipt;
    // then the intake unit's queue.
    b.goto("/anmalan").await?;
    b.check("public report of concern").await?;
    contains(&b.text().await?, "Ring 112")?;
    b.click("#f-reporter-type-0").await?;
    b.fill("#f-child-name-0", "Ella").await?;
    b.fill("#f-what", "Ella säger att hon inte vill gå hem.")
        .await?;
    b.click("#f-acute-1").await?;
    b.click("#f-wants-feedback-0").await?;
    b.click("form.stacked button.primary").await?;
    b.wait_loaded().await?;
    b.check("public report of concern, refused").await?;
    contains(&b.text().await?, "kan inte vara anonym")?;
    b.select("#f-profession", "skola").await?;
    b.fill("#f-organisation", "Tillköpings skola").await?;
    b.fill("#f-reporter-name", "Lärare Lind").await?;
    b.fill("#f-phone", "08-000 00 00").await?;
    b.fill("#f-email", "larare@example.se").await?;
    b.click("form.stacked button.primary").await?;
    b.wait_loaded().await?;
    b.check("public report of concern, receipt").await?;
    contains(&b.text().await?, "EA-")?;
    b.screenshot(&shots, "anmalan").await?;
    b.login("anna").await?;
    b.goto("/submissions").await?;
    b.check("the intake unit's queue").await?;
    contains(&b.text().await?, "Anmälningar från e-tjänsten")?;
    Ok(())
}
