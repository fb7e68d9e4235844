//! A unit manager's follow-up in a real browser, over a small demo
//! municipality with two years of history: sign in through the login form;
//! the key figures (with their charts) and one indicator's definition; the
//! goal tree, adding an enhetsmål through its form (first without a title,
//! which is refused with the error announced), the targets and carry-over
//! forms; the figures entered by hand, entering one value; the reports page,
//! last year's verksamhetsberättelse on screen with its review before
//! publishing and its download links.
//!
//! axe-core runs on every page visited and the test fails on any WCAG 2.1
//! A/AA violation, printing them all. Screenshots of the main pages are
//! saved to `docs/screenshots/` (`followup`, `goals`, `goal-error`,
//! `manual`, `report`).

use fantoccini::Locator;
use jiff::civil::{Date, date};
use serde_json::json;
use std::time::{Duration, Instant};
use tillit_e2e::{Browser, ChromeDriver, Result, TestServer, browser_programs, screenshot_dir};

/// The demo history ends here (as in the web crate's follow-up tests), so
/// "last year" is 2025 and the goals' plan period 2025-2026.
const TODAY: Date = date(2026, 3, 10);
const LAST_YEAR: i16 = 2025;

/// The enhetsmål added through the form.
const NEW_GOAL: &str = "Fler barn får förhandsbedömning inom 14 dagar";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_managers_follow_up_in_the_browser() {
    let (chromium, chromedriver) = browser_programs().unwrap_or_else(|m| panic!("{m}"));
    let started = Instant::now();
    let server = TestServer::start_demo(TODAY).await.expect("demo server");
    eprintln!(
        "the demo municipality was loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let driver = ChromeDriver::start(&chromedriver).expect("chromedriver");
    let mut b = Browser::open(&driver, &chromium, &server.base)
        .await
        .expect("browser session");
    let outcome = tour(&mut b, &server).await;
    let violations = std::mem::take(&mut b.violations);
    let checked = b.checked.clone();
    let _ = b.client.close().await;
    if let Err(e) = outcome {
        panic!("the follow-up tour failed: {e}");
    }
    assert!(
        violations.is_empty(),
        "axe-core found {} accessibility violation(s) (WCAG 2.1 A/AA):\n{}",
        violations.len(),
        violations.join("\n")
    );
    assert!(
        checked.len() >= 14,
        "axe ran on {} pages: {checked:?}",
        checked.len()
    );
    eprintln!(
        "axe-core: no violations on {} pages: {}",
        checked.len(),
        checked.join(", ")
    );
    eprintln!(
        "the tour took {:.1} s in all",
        started.elapsed().as_secs_f64()
    );
}

async fn tour(b: &mut Browser, server: &TestServer) -> Result<()> {
    let shots = screenshot_dir();

    // Sign in as the intake unit's manager, through the login form.
    b.goto("/login").await?;
    b.check("login").await?;
    b.login("maria").await?;
    b.check("start page (unit manager)").await?;

    // The key figures, from the main menu: this year so far, then the whole
    // of last year chosen in the filter.
    b.click("nav.main-nav a[href='/followup']").await?;
    wait_page(b, "/followup").await?;
    b.check("key figures").await?;
    assert_contains(&b.text().await?, "Exakta värden")?;
    b.select("#f-year", &LAST_YEAR.to_string()).await?;
    b.click("form.filters button.primary").await?;
    b.wait_path(&format!("year={LAST_YEAR}")).await?;
    b.check("key figures, last year").await?;
    let text = b.text().await?;
    assert_contains(&text, "Aktualiseringar")?;
    assert_contains(&text, "Mottagningen")?;
    let charts = count(b, "figure.chart svg").await?;
    if charts == 0 {
        return Err("no chart on the key figures page".into());
    }
    b.screenshot(&shots, "followup").await?;

    // One indicator's definition.
    b.click("a.definition-link[href*='id=aktualiseringar']")
        .await?;
    b.wait_path("/followup/indicator").await?;
    b.check("indicator definition").await?;
    assert_contains(&b.text().await?, "Räkneregel")?;

    // The goal tree, from the follow-up's tabs.
    b.click("p.back a").await?;
    wait_page(b, "/followup").await?;
    b.click("nav.tabs a[href='/goals']").await?;
    wait_page(b, "/goals").await?;
    b.check("goals").await?;
    let text = b.text().await?;
    assert_contains(&text, "Nämndmål")?;
    assert_contains(&text, "Enhetsmål")?;
    b.screenshot(&shots, "goals").await?;

    // Add an enhetsmål under a nämndmål: first without a title.
    b.client
        .find(Locator::XPath(
            "//ul[@class='goal-actions']//a[contains(@href, 'form=add-goal') and contains(., 'nhetsmål')]",
        ))
        .await
        .map_err(|e| format!("no link to add an enhetsmål: {e}"))?
        .click()
        .await?;
    b.wait_path("form=add-goal").await?;
    b.check("add goal form").await?;
    assert_contains(&b.text().await?, "Nytt mål: Enhetsmål")?;
    b.paste("#f-title", "").await?;
    b.paste(
        "#f-description",
        "Förhandsbedömningen ska vara klar inom 14 dagar för fler barn.",
    )
    .await?;
    b.click("button.primary").await?;
    wait_for(b, "#error-summary").await?;
    b.check("add goal form with an error").await?;
    error_is_announced(b, "title", "Målet måste ha en rubrik.").await?;
    b.screenshot(&shots, "goal-error").await?;
    let kept = value(b, "#f-description").await?;
    if kept != "Förhandsbedömningen ska vara klar inom 14 dagar för fler barn." {
        return Err(format!("the description was not kept: {kept:?}").into());
    }
    // The summary's link leads to the field.
    b.click("#error-summary a[href='#f-title']").await?;
    let focused = b
        .client
        .execute("return document.activeElement.id", vec![])
        .await?;
    if focused.as_str() != Some("f-title") {
        return Err(format!("the summary's link did not focus the title: {focused}").into());
    }
    b.fill("#f-title", NEW_GOAL).await?;
    b.click("button.primary").await?;
    b.wait_path("saved=1").await?;
    b.check("goals after adding a goal").await?;
    let text = b.text().await?;
    assert_contains(&text, "Ändringen är sparad.")?;
    assert_contains(&text, NEW_GOAL)?;
    let records = server.store.goal_records().await?;
    let added = records
        .goals
        .iter()
        .find(|g| g.title == NEW_GOAL)
        .ok_or("the goal was not stored")?;
    if added.level.code() != "enhetsmal" || added.unit != Some(server.unit) {
        return Err(format!("stored as {} of {:?}", added.level, added.unit).into());
    }

    // The targets of an indicator of the unit's enhetsmål: opened, left
    // with "Avbryt". Carrying the goals over changes the goals above the
    // unit too: the analyst's, so the unit manager has no such button.
    b.click("a[href*='form=targets']").await?;
    b.wait_path("form=targets").await?;
    b.check("targets form").await?;
    assert_contains(&b.text().await?, "Ändra målvärden")?;
    b.click("a.cancel").await?;
    wait_page(b, "/goals").await?;
    if b.client
        .find(Locator::Css("a.button[href*='form=carry-over']"))
        .await
        .is_ok()
    {
        return Err("the unit manager was offered to carry every goal over".into());
    }

    // Figures entered by hand: one value for last year.
    b.click("nav.tabs a[href='/manual']").await?;
    wait_page(b, "/manual").await?;
    b.check("manual figures").await?;
    assert_contains(&b.text().await?, "Ny egen serie")?;
    b.select("#f-series", "sjukfranvaro").await?;
    b.fill("#f-period", &LAST_YEAR.to_string()).await?;
    b.fill("#f-value-total", "6,2").await?;
    b.click("#enter button.primary").await?;
    b.wait_path("saved=").await?;
    b.check("manual figures after entering a value").await?;
    let text = b.text().await?;
    assert_contains(&text, "1 värde är infört.")?;
    assert_contains(&text, "6,20")?;
    assert_contains(&text, "Maria Sandell")?;
    b.screenshot(&shots, "manual").await?;

    // Reports: last year's verksamhetsberättelse on screen.
    b.click("nav.tabs a[href='/reports']").await?;
    wait_page(b, "/reports").await?;
    b.check("reports").await?;
    b.select("#f-kind", "verksamhetsberattelse").await?;
    b.select("#f-year", &LAST_YEAR.to_string()).await?;
    b.click("form.filters button.primary").await?;
    b.wait_path("kind=verksamhetsberattelse").await?;
    b.check("verksamhetsberättelse on screen").await?;
    let text = b.text().await?;
    assert_contains(&text, &format!("Verksamhetsberättelse {LAST_YEAR}"))?;
    assert_contains(&text, "Granskning före publicering")?;
    assert_contains(&text, "Exakta värden på skärmen")?;
    for (format, label) in [
        ("pdf", "Ladda ner som PDF"),
        ("xlsx", "Ladda ner som Excel"),
    ] {
        let href = b
            .client
            .find(Locator::LinkText(label))
            .await
            .map_err(|e| format!("no download link {label:?}: {e}"))?
            .attr("href")
            .await?
            .unwrap_or_default();
        if !(href.starts_with("/reports/download?")
            && href.contains("kind=verksamhetsberattelse")
            && href.contains(&format!("year={LAST_YEAR}"))
            && href.contains(&format!("format={format}")))
        {
            return Err(format!("the {format} link goes to {href:?}").into());
        }
    }
    b.screenshot(&shots, "report").await?;
    Ok(())
}

/// The form refused `field` with `message`: the error summary is an alert
/// with the focus, linking to the field; the message is beside the field,
/// which is marked invalid and described by it; the page's title says so.
async fn error_is_announced(b: &Browser, field: &str, message: &str) -> Result<()> {
    let id = format!("f-{field}");
    let found = b
        .client
        .execute(
            "const s = document.getElementById('error-summary');\
             const f = document.getElementById(arguments[0]);\
             const e = document.getElementById(arguments[0] + '-error');\
             return {\
               role: s.getAttribute('role'),\
               focused: document.activeElement === s,\
               link: !!s.querySelector('a[href=\"#' + arguments[0] + '\"]'),\
               summary: s.innerText,\
               invalid: f.getAttribute('aria-invalid'),\
               describedby: (f.getAttribute('aria-describedby') || '').split(' '),\
               beside: e ? e.innerText : null,\
               title: document.title };",
            vec![json!(id)],
        )
        .await?;
    let problems: Vec<&str> = [
        (found["role"] == "alert", "the summary is not role=alert"),
        (
            found["focused"] == true,
            "the summary does not have the focus",
        ),
        (
            found["link"] == true,
            "the summary does not link to the field",
        ),
        (
            found["summary"].as_str().unwrap_or("").contains(message),
            "the summary does not say the message",
        ),
        (found["invalid"] == "true", "the field is not aria-invalid"),
        (
            found["describedby"]
                .as_array()
                .is_some_and(|d| d.iter().any(|x| *x == json!(format!("{id}-error")))),
            "the field is not described by its message",
        ),
        (
            found["beside"].as_str().unwrap_or("").contains(message),
            "the message is not beside the field",
        ),
        (
            found["title"].as_str().unwrap_or("").starts_with("Fel: "),
            "the title does not start with \"Fel: \"",
        ),
    ]
    .into_iter()
    .filter(|(ok, _)| !ok)
    .map(|(_, problem)| problem)
    .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the error is not announced: {} ({found})",
            problems.join("; ")
        )
        .into())
    }
}

fn assert_contains(text: &str, needle: &str) -> Result<()> {
    if text.contains(needle) {
        Ok(())
    } else {
        Err(format!("expected {needle:?} on the page; the page says:\n{text}").into())
    }
}

async fn count(b: &Browser, css: &str) -> Result<u64> {
    Ok(b.client
        .execute(
            "return document.querySelectorAll(arguments[0]).length",
            vec![json!(css)],
        )
        .await?
        .as_u64()
        .unwrap_or(0))
}

async fn value(b: &Browser, css: &str) -> Result<String> {
    Ok(b.client
        .execute(
            "return document.querySelector(arguments[0]).value",
            vec![json!(css)],
        )
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string())
}

/// Wait until the browser is on exactly `path` (any query), loaded: unlike
/// [`Browser::wait_path`], `/goals` is not reached while still on
/// `/goals/form`.
async fn wait_page(b: &Browser, path: &str) -> Result<()> {
    let start = Instant::now();
    loop {
        let now = b.path().await?;
        if now.split('?').next() == Some(path) {
            return b.wait_loaded().await;
        }
        if start.elapsed() > Duration::from_secs(15) {
            return Err(format!("expected to reach {path}, still on {now}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn wait_for(b: &Browser, css: &str) -> Result<()> {
    b.client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(css))
        .await?;
    b.wait_loaded().await
}
