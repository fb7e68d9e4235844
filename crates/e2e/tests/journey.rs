//! A caseworker's day in a real browser, as a new user would go through it:
//! sign in; register a report about two siblings; do the safety assessment;
//! open an investigation (förhandsbedömning) and extend it; take a
//! decision (first forgetting the confirmation); start a foster-home
//! placement; write a journal entry (autosaved as a draft) and sign it; see
//! the worklist change; then sign in as the unit manager and find the
//! placed child in the unit overview.
//!
//! axe-core runs on every page visited and the test fails on any WCAG 2.1
//! A/AA violation, printing them all. Screenshots of the main pages are
//! saved to `docs/screenshots/`.

use jiff::civil::Date;
use tillit_e2e::{Browser, ChromeDriver, Result, TestServer, browser_programs, screenshot_dir};

/// Today in Stockholm, as the server counts it.
fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::get("Europe/Stockholm").expect("bundled time zone"))
        .date()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caseworkers_day_in_the_browser() {
    let (chromium, chromedriver) = browser_programs().unwrap_or_else(|m| panic!("{m}"));
    let server = TestServer::start(today()).await.expect("server");
    let driver = ChromeDriver::start(&chromedriver).expect("chromedriver");
    let mut b = Browser::open(&driver, &chromium, &server.base)
        .await
        .expect("browser session");
    let outcome = journey(&mut b, &server).await;
    let violations = std::mem::take(&mut b.violations);
    let checked = b.checked.clone();
    let _ = b.client.close().await;
    if let Err(e) = outcome {
        panic!("the journey failed: {e}");
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
}

async fn journey(b: &mut Browser, server: &TestServer) -> Result<()> {
    let shots = screenshot_dir();

    // First make sure axe really reports: an image without a text
    // alternative planted in the login page must be found.
    b.goto("/login").await?;
    b.client
        .execute(
            "const i = document.createElement('img'); i.src = '/static/none.png'; document.querySelector('main').appendChild(i);",
            vec![],
        )
        .await?;
    b.check("planted violation").await?;
    let planted: Vec<String> = b.violations.drain(..).collect();
    b.checked.pop();
    if !planted.iter().any(|v| v.contains("image-alt")) {
        return Err(format!("axe did not find the planted violation: {planted:?}").into());
    }

    // Sign in as the caseworker.
    b.goto("/login").await?;
    b.check("login").await?;
    b.screenshot(&shots, "login").await?;
    b.login("anna").await?;
    b.check("worklist (before)").await?;
    let text = b.text().await?;
    assert_contains(&text, "Min arbetslista")?;
    assert_contains(&text, "Elin Exempel")?;

    // Register a report about two siblings: the first child's number
    // typed without a hyphen, the second added with "Lägg till ett barn till".
    b.click("a[href='/intake/new']").await?;
    b.wait_path("/intake/new").await?;
    b.check("register report").await?;
    b.fill("#f-pnr-0", "201701012393").await?;
    b.fill("#f-given-0", "Olle").await?;
    b.fill("#f-family-0", "Andersson").await?;
    b.click("button[value='add_child']").await?;
    b.wait_loaded().await?;
    wait_for(b, "#f-pnr-1").await?;
    b.check("register report, second child").await?;
    b.fill("#f-pnr-1", "20180102-2383").await?;
    b.fill("#f-given-1", "Siri").await?;
    b.fill("#f-family-1", "Andersson").await?;
    b.fill("#f-received-time", "08:40").await?;
    b.select("#f-reporter-category", "skola").await?;
    b.fill("#f-reporter-name", "Karin Rektor, Tallbackaskolan")
        .await?;
    b.fill("#f-reporter-contact", "010-123 45 67").await?;
    b.click("#f-wants-feedback").await?;
    b.click("input[name='concerns'][value='bristande_omsorg']")
        .await?;
    b.click("input[name='concerns'][value='skolfranvaro']")
        .await?;
    b.fill(
        "#f-summary",
        "Syskonen kommer ofta hungriga till skolan och har hög frånvaro.",
    )
    .await?;
    b.screenshot(&shots, "register-report").await?;
    b.click("button.primary[value='register']").await?;
    // Nothing is registered before the review ("Kontrollera dina uppgifter").
    b.wait_loaded().await?;
    wait_for(b, "form.review").await?;
    b.check("register report, review").await?;
    let review = b.text().await?;
    assert_contains(&review, "Kontrollera dina uppgifter")?;
    assert_contains(&review, "Siri Andersson")?;
    b.click("form.review button.primary").await?;
    b.wait_path("done=report").await?;
    b.check("case after the report").await?;
    let text = b.text().await?;
    assert_contains(&text, "Aktualiseringen är registrerad för 2 barn.")?;
    assert_contains(&text, "Olle Andersson")?;
    let case = b
        .path()
        .await?
        .trim_start_matches("/cases/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();

    // The safety assessment, from the case page's next steps.
    b.click(&format!(
        "a.button[href^='/cases/{case}/safety-assessment']"
    ))
    .await?;
    b.wait_path("/safety-assessment").await?;
    b.check("safety assessment").await?;
    b.click("input[name='immediate_protection_needed'][value='no']")
        .await?;
    b.fill(
        "#f-notes",
        "Barnen är i skolan och inget tyder på akut fara.",
    )
    .await?;
    b.click("button.primary").await?;
    b.wait_path("done=safety-assessment").await?;

    // Förhandsbedömning: open an investigation.
    b.click(&format!("a.button[href^='/cases/{case}/pre-assessment?']"))
        .await?;
    b.wait_path("/pre-assessment").await?;
    b.check("pre-assessment").await?;
    b.click("input[name='outcome'][value='open_investigation']")
        .await?;
    b.fill("#f-reasoning", "Oron för omsorgen behöver utredas.")
        .await?;
    // Irreversible: reviewed ("Kontrollera dina uppgifter"), then confirmed.
    b.click("button.primary").await?;
    wait_for(b, "form.review").await?;
    b.check("pre-assessment review").await?;
    let text = b.text().await?;
    assert_contains(&text, "Kontrollera dina uppgifter")?;
    assert_contains(&text, "Oron för omsorgen behöver utredas.")?;
    b.click("form.review button.primary").await?;
    b.wait_path("done=pre-assessment").await?;
    assert_contains(&b.text().await?, "Utredning pågår")?;

    // Extend the investigation.
    b.click(&format!(
        "a.button[href^='/cases/{case}/investigation-extension']"
    ))
    .await?;
    b.wait_path("/investigation-extension").await?;
    b.check("investigation extension").await?;
    b.fill("#f-reason", "Väntar på utlåtande från BUP.").await?;
    // Five months from today: past the four months the law gives.
    let new_due = jiff::civil::Date::checked_add(today(), jiff::Span::new().months(5))?;
    b.fill("#f-new-due", &new_due.to_string()).await?;
    b.click("button.primary").await?;
    b.wait_path("done=investigation-extension").await?;

    // The decision: first a favourable one without its intervention, which
    // is refused with the message (naming when it is required) at the field
    // and everything kept.
    b.click(&format!("a.button[href='/cases/{case}/decision']"))
        .await?;
    b.wait_path("/decision").await?;
    b.check("decision").await?;
    b.select("#f-kind", "intervention").await?;
    b.select("#f-legal-basis", "sol_assistance").await?;
    b.click("input[name='favourable'][value='yes']").await?;
    b.fill(
        "#f-text",
        "Olle beviljas vård i familjehem enligt 11 kap. 1 § SoL.",
    )
    .await?;
    b.click("button.primary").await?;
    wait_for(b, "#error-summary").await?;
    b.check("decision with an error").await?;
    b.screenshot(&shots, "decision-error").await?;
    let text = b.text().await?;
    assert_contains(
        &text,
        "det krävs när beslutet gäller en insats och är gynnande",
    )?;
    let kept = b
        .client
        .execute("return document.querySelector('#f-text').value", vec![])
        .await?;
    if kept.as_str() != Some("Olle beviljas vård i familjehem enligt 11 kap. 1 § SoL.") {
        return Err(format!("the decision text was not kept: {kept}").into());
    }
    // The review, "Ändra" back to the form with everything kept, the
    // review again, then confirmed.
    b.select("#f-intervention-kind", "familjehem").await?;
    b.click("button.primary").await?;
    wait_for(b, "form.review").await?;
    b.check("decision review").await?;
    b.screenshot(&shots, "decision-review").await?;
    let text = b.text().await?;
    assert_contains(&text, "Kontrollera dina uppgifter")?;
    assert_contains(
        &text,
        "Olle beviljas vård i familjehem enligt 11 kap. 1 § SoL.",
    )?;
    b.click("form.review button.secondary").await?;
    wait_for(b, "#f-text").await?;
    let kept = b
        .client
        .execute(
            "return document.querySelector('#f-intervention-kind').value",
            vec![],
        )
        .await?;
    if kept.as_str() != Some("familjehem") {
        return Err(format!("\"Ändra\" lost the intervention: {kept}").into());
    }
    b.click("button.primary").await?;
    wait_for(b, "form.review").await?;
    b.click("form.review button.primary").await?;
    b.wait_path("done=decision").await?;

    // Start the foster-home placement the decision grants.
    b.click(&format!(
        "a.button[href^='/cases/{case}/intervention-start']"
    ))
    .await?;
    b.wait_path("/intervention-start").await?;
    b.check("start placement").await?;
    let decision_options = b
        .client
        .execute(
            "return document.querySelectorAll('#f-decision option').length",
            vec![],
        )
        .await?;
    if decision_options.as_u64() != Some(2) {
        return Err(format!("expected the decision to choose, got {decision_options}").into());
    }
    let decision = b
        .client
        .execute(
            "return document.querySelectorAll('#f-decision option')[1].value",
            vec![],
        )
        .await?;
    b.select("#f-decision", decision.as_str().unwrap_or_default())
        .await?;
    b.select("#f-kind", "familjehem").await?;
    b.click("input[name='provider'][value='kopt']").await?;
    b.fill("#f-provider-name", "Familjen Lind, Tillköping")
        .await?;
    b.fill("#f-price-per-day", "1 450").await?;
    b.click("button.primary").await?;
    b.wait_path("done=intervention-start").await?;
    b.check("case page").await?;
    let text = b.text().await?;
    assert_contains(&text, "Insats påbörjad")?;
    assert_contains(&text, "Övervägande av vården")?;
    assert_contains(&text, "Utredningen ska vara slutförd")?;
    b.screenshot(&shots, "case").await?;

    // Journal: type, let the script save the draft, then sign.
    b.click(&format!("a[href='/cases/{case}/journal']")).await?;
    b.wait_path("/journal").await?;
    b.check("journal (empty)").await?;
    let entry = "Samtal med Olle i skolan. Han berättade om <script>alert('x')</script> sin vardag.\n\nOlle vill bo kvar nära sin syster.";
    b.click("#f-text").await?;
    b.client
        .find(fantoccini::Locator::Css("#f-text"))
        .await?
        .send_keys(entry)
        .await?;
    wait_for_text(b, "[data-autosave-status]", "Utkast sparat").await?;
    let anna = server.users["anna"];
    let case_id = case.parse().map_err(|e| format!("case id {case}: {e}"))?;
    let draft = server.store.draft(case_id, anna).await?;
    if draft.map(|d| d.text) != Some(entry.to_string()) {
        return Err("the autosaved draft is not on the server".into());
    }
    b.check("journal with a draft").await?;
    b.click("#f-confirm").await?;
    b.click("button[value='sign']").await?;
    b.wait_path("signed=1").await?;
    b.check("journal").await?;
    let text = b.text().await?;
    assert_contains(&text, "Anteckningen är signerad.")?;
    // The markup is shown as text, not run.
    assert_contains(&text, "<script>alert('x')</script>")?;
    if b.client.get_alert_text().await.is_ok() {
        return Err("a script in a journal entry ran".into());
    }
    b.screenshot(&shots, "journal").await?;

    // The worklist has changed: Olle's safety assessment and
    // pre-assessment are gone, his placement's review is there, and his
    // sister's safety assessment is waiting.
    b.goto("/").await?;
    b.check("worklist (after)").await?;
    let text = b.text().await?;
    assert_contains(&text, "Övervägande av vården")?;
    assert_contains(&text, "Siri Andersson")?;
    let gone = b
        .client
        .execute(
            "return document.querySelectorAll(arguments[0]).length",
            vec![serde_json::json!(format!(
                "a[href^='/cases/{case}/safety-assessment'], a[href^='/cases/{case}/pre-assessment']"
            ))],
        )
        .await?;
    if gone.as_u64() != Some(0) {
        return Err("Olle's cleared deadlines are still on the worklist".into());
    }
    b.screenshot(&shots, "worklist").await?;
    // The link on a row goes straight to the step that clears it.
    b.click("a[href*='/safety-assessment?report=']").await?;
    b.wait_path("/safety-assessment").await?;
    b.check("safety assessment from the worklist").await?;
    b.logout().await?;

    // The unit manager finds the placed child in the unit overview.
    b.login("ulla").await?;
    b.click("a[href='/overview']").await?;
    b.wait_path("/overview").await?;
    b.check("unit overview").await?;
    let text = b.text().await?;
    assert_contains(&text, "Barn i vård utanför hemmet")?;
    assert_contains(&text, "Olle Andersson")?;
    assert_contains(&text, "Anna Lindqvist")?;
    b.screenshot(&shots, "overview").await?;
    b.click(&format!("a[href='/cases/{case}']")).await?;
    b.wait_path(&format!("/cases/{case}")).await?;
    b.check("case page (unit manager)").await?;
    b.goto("/?view=unit").await?;
    b.check("unit worklist").await?;
    assert_contains(&b.text().await?, "Byt handläggare")?;
    Ok(())
}

fn assert_contains(text: &str, needle: &str) -> Result<()> {
    if text.contains(needle) {
        Ok(())
    } else {
        Err(format!("expected {needle:?} on the page; the page says:\n{text}").into())
    }
}

async fn wait_for(b: &Browser, css: &str) -> Result<()> {
    b.wait_for_css(css).await
}

async fn wait_for_text(b: &Browser, css: &str, needle: &str) -> Result<()> {
    let start = std::time::Instant::now();
    loop {
        let t = b
            .client
            .find(fantoccini::Locator::Css(css))
            .await?
            .text()
            .await?;
        if t.contains(needle) {
            return Ok(());
        }
        if start.elapsed() > std::time::Duration::from_secs(15) {
            return Err(format!("{css} never said {needle:?} (says {t:?})").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
