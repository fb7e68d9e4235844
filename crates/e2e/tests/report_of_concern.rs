//! A report of concern from the public e-service to the letter that tells
//! the reporter what became of it, in a real browser:
//!
//! a teacher (a mandatory reporter, 19 kap. 1 § SoL) reports two siblings
//! on `/anmalan` asking for feedback (first without their own name: refused
//! beside the field, what was typed kept); the intake caseworker opens the
//! queue and the submission, turns it into an aktualisering for both
//! children with one form (the received time the submission's); both cases
//! show the förhandsbedömning (14 days) and the feedback deadline
//! (19 kap. 6 § SoL: one week after the decision, so before it 21 days)
//! counted from the submission's arrival; after the skyddsbedömning and the
//! förhandsbedömning of one child the feedback deadline is one week from the
//! decision, the letter is downloaded (read back from the PDF: the outcome
//! and nothing of the reasoning) and recorded sent, and the deadline
//! closes. axe-core runs on every page and the test fails on any WCAG 2.1
//! A/AA violation.

use fantoccini::Locator;
use jiff::civil::{Date, date};
use serde_json::json;
use tillit_domain::calendar::add_days;
use tillit_domain::register::RegisterKind;
use tillit_domain::register::submission::Submission;
use tillit_e2e::{Browser, Result, TestServer, contains, run_tour};
use tillit_store::RecordFilter;

/// A Tuesday, after the amendment of 19 kap. 6 § (2026-01-15).
const TODAY: Date = date(2026, 3, 10);
const ELLA: &str = "20180101-2392";
const SIRI: &str = "20180102-2383";
const REASONING: &str = "Familjen har redan stöd via elevhälsan, hemliga skäl";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teachers_report_about_two_siblings_becomes_two_cases_and_a_feedback_letter() {
    let server = TestServer::start(TODAY).await.expect("server");
    run_tour("the report of concern's tour", &server, 12, |b, s| {
        Box::pin(tour(b, s))
    })
    .await;
}

/// The text of every table row of the page, whitespace folded.
async fn rows(b: &Browser) -> Result<Vec<String>> {
    let v = b
        .client
        .execute(
            "return Array.from(document.querySelectorAll('tr')).map(r => r.innerText.replace(/\\s+/g, ' '))",
            vec![],
        )
        .await?;
    Ok(v.as_array()
        .ok_or("no rows")?
        .iter()
        .filter_map(|r| r.as_str().map(str::to_string))
        .collect())
}

/// The row that contains `part` and `and`.
fn line_with<'a>(rows: &'a [String], part: &str, and: &str) -> Result<&'a str> {
    rows.iter()
        .map(String::as_str)
        .find(|l| l.contains(part) && l.contains(and))
        .ok_or_else(|| format!("no row with {part:?} and {and:?}:\n{}", rows.join("\n")).into())
}

/// The value of an input.
async fn value(b: &Browser, css: &str) -> Result<String> {
    Ok(b.client
        .find(Locator::Css(css))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default())
}

/// The text of a PDF through `pdftotext` (poppler-utils), whitespace folded.
fn pdf_text(pdf: &[u8]) -> Result<String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("pdftotext (Debian package poppler-utils): {e}"))?;
    child.stdin.take().ok_or("no stdin")?.write_all(pdf)?;
    let out = child.wait_with_output()?;
    let text = String::from_utf8(out.stdout)?;
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Download `href` in the browser's session (its cookies) as bytes.
async fn download(b: &Browser, href: &str) -> Result<(String, Vec<u8>)> {
    let script = "const done = arguments[arguments.length - 1];\
        fetch(arguments[0], {credentials: 'same-origin'})\
          .then(r => r.arrayBuffer().then(buf => done({type: r.headers.get('content-type'), status: r.status, bytes: Array.from(new Uint8Array(buf))})))\
          .catch(e => done({error: String(e)}));";
    let v = b.client.execute_async(script, vec![json!(href)]).await?;
    if let Some(e) = v.get("error") {
        return Err(format!("download of {href} failed: {e}").into());
    }
    if v["status"] != json!(200) {
        return Err(format!("download of {href}: status {}", v["status"]).into());
    }
    let bytes = v["bytes"]
        .as_array()
        .ok_or("no bytes")?
        .iter()
        .map(|n| {
            n.as_u64()
                .and_then(|n| u8::try_from(n).ok())
                .ok_or("not a byte")
        })
        .collect::<std::result::Result<Vec<u8>, _>>()?;
    Ok((v["type"].as_str().unwrap_or_default().to_string(), bytes))
}

async fn tour(b: &mut Browser, server: &TestServer) -> Result<()> {
    // The teacher, on the public form: first without their own name.
    b.goto("/anmalan").await?;
    b.check("public report of concern").await?;
    contains(&b.text().await?, "Ring 112")?;
    b.click("#f-reporter-type-0").await?;
    b.select("#f-profession", "skola").await?;
    b.fill("#f-organisation", "Tillköpings skola").await?;
    b.fill("#f-phone", "08-000 00 00").await?;
    b.fill("#f-email", "lena.lind@example.se").await?;
    b.fill("#f-child-pnr-0", ELLA).await?;
    b.fill("#f-child-name-0", "Ella Exempel").await?;
    b.fill("#f-child-pnr-1", SIRI).await?;
    b.fill("#f-child-name-1", "Siri Exempel").await?;
    b.fill(
        "#f-what",
        "Ella och Siri berättar att pappa slår mamma hemma.",
    )
    .await?;
    b.click("#f-concerns-0").await?;
    b.click("#f-acute-1").await?;
    b.click("#f-wants-feedback-0").await?;
    b.click("form.stacked button.primary").await?;
    b.wait_loaded().await?;
    b.check("public report of concern, refused").await?;
    contains(&b.text().await?, "kan inte vara anonym")?;
    if value(b, "#f-child-name-1").await? != "Siri Exempel" {
        return Err("the public form lost what was typed".into());
    }
    b.fill("#f-reporter-name", "Lena Lind").await?;
    b.click("form.stacked button.primary").await?;
    b.wait_loaded().await?;
    b.check("public report of concern, receipt").await?;
    let receipt = b.text().await?;
    contains(&receipt, "EA-")?;
    if receipt.contains("Ella Exempel") {
        return Err("the receipt repeats the child's name".into());
    }

    // When it arrived (Stockholm).
    let queue = server
        .store
        .records(RegisterKind::Submission, &RecordFilter::default())
        .await?;
    let [head] = queue.as_slice() else {
        return Err(format!("{} submissions stored, expected one", queue.len()).into());
    };
    let submission = server
        .store
        .record::<Submission>(head.id)
        .await?
        .ok_or("the submission is gone")?;
    let arrived = submission
        .state
        .received_at
        .ok_or("no arrival time")?
        .to_zoned(jiff::tz::TimeZone::get("Europe/Stockholm")?);
    let arrived_on = arrived.date();
    let arrived_at = arrived.strftime("%H:%M").to_string();

    // The intake caseworker: the queue, the submission, the intake form.
    b.login("anna").await?;
    b.goto("/submissions").await?;
    b.check("the intake unit's queue").await?;
    contains(&b.text().await?, "Anmälningar från e-tjänsten")?;
    b.goto(&format!("/submissions/{}", head.id)).await?;
    b.check("the submission").await?;
    let text = b.text().await?;
    contains(&text, "Ella och Siri berättar")?;
    contains(&text, "20 kap. 1 § SoL (2025:400)")?;
    b.click_link("Registrera som aktualisering").await?;
    b.wait_path("/intake/new").await?;
    b.check("intake form from the submission").await?;
    if value(b, "#f-received-date").await? != arrived_on.to_string()
        || value(b, "#f-received-time").await? != arrived_at
    {
        return Err("the intake form does not carry the submission's time".into());
    }
    b.click("button.primary[name='action'][value='register']")
        .await?;
    // Nothing is registered before the review ("Kontrollera dina uppgifter"),
    // which carries the arrival time too.
    b.wait_loaded().await?;
    if b.wait_for_css("form.review").await.is_err() {
        return Err(format!("no review before the intake:\n{}", b.text().await?).into());
    }
    b.check("intake review").await?;
    let review = b.text().await?;
    contains(&review, "Kontrollera dina uppgifter")?;
    contains(&review, &arrived_at)?;
    b.click("form.review button.primary").await?;
    if b.wait_path("done=report").await.is_err() {
        return Err(format!("the intake was refused:\n{}", b.text().await?).into());
    }
    b.check("the first child's case").await?;

    // Both cases: the 14 days and the feedback week, from the arrival.
    let pre_due = add_days(arrived_on, 14);
    let feedback_due = add_days(pre_due, 7);
    b.goto("/").await?;
    b.check("worklist").await?;
    let worklist = rows(b).await?;
    for child in ["Ella Exempel", "Siri Exempel"] {
        let pre = line_with(&worklist, child, "Förhandsbedömning")?;
        contains(pre, &pre_due.to_string())?;
        let fb = line_with(&worklist, child, "Information till anmälaren")?;
        contains(fb, &feedback_due.to_string())?;
        contains(fb, "19 kap. 6 § SoL (2025:400)")?;
    }
    let cases = server
        .store
        .cases_for_persons(&persons(server).await?)
        .await?;
    if cases.len() != 2 {
        return Err(format!("{} cases, expected one per child", cases.len()).into());
    }
    for c in &cases {
        b.goto(&format!("/cases/{}", c.id)).await?;
        b.check("a sibling's case").await?;
        let text = rows(b).await?;
        let fb = line_with(
            &text,
            "Information till anmälaren",
            &feedback_due.to_string(),
        )?;
        contains(fb, &arrived_on.to_string())?;
        line_with(&text, "Förhandsbedömning", &pre_due.to_string())?;
    }

    // Ella's skyddsbedömning and förhandsbedömning (no investigation).
    let ella_id = server_person(server, ELLA).await?;
    let ella = cases
        .iter()
        .find(|c| c.child == ella_id)
        .ok_or("no case for Ella")?;
    let case = format!("/cases/{}", ella.id);
    b.goto(&format!("{case}/safety-assessment")).await?;
    b.check("safety assessment form").await?;
    b.click("#f-immediate-protection-needed-1").await?;
    b.fill("#f-notes", "Inget akut skyddsbehov; barnen är i skolan.")
        .await?;
    b.click("form.stacked button.primary").await?;
    b.wait_path("done=safety-assessment").await?;
    b.goto(&format!("{case}/pre-assessment")).await?;
    b.check("pre-assessment form").await?;
    b.click("#f-outcome-1").await?;
    b.fill("#f-reasoning", REASONING).await?;
    // Irreversible: reviewed ("Kontrollera dina uppgifter"), then confirmed.
    b.click("form.stacked button.primary").await?;
    b.wait_for_css("form.review").await?;
    b.check("pre-assessment review").await?;
    contains(&b.text().await?, "Kontrollera dina uppgifter")?;
    contains(&b.text().await?, REASONING)?;
    b.click("form.review button.primary").await?;
    b.wait_path("done=pre-assessment").await?;
    b.check("case after the pre-assessment").await?;
    let text = rows(b).await?;
    line_with(
        &text,
        "Information till anmälaren",
        &add_days(TODAY, 7).to_string(),
    )?;

    // The letter, from the step that records it sent.
    b.goto(&format!("{case}/inform-reporter")).await?;
    b.check("inform the reporter").await?;
    contains(&b.text().await?, "Brev till anmälaren")?;
    let link = b
        .client
        .find(Locator::Css("a[href*='/feedback-letter?report=']"))
        .await?
        .attr("href")
        .await?
        .ok_or("no letter link")?;
    let (kind, pdf) = download(b, &link).await?;
    if kind != "application/pdf" || !pdf.starts_with(b"%PDF") {
        return Err(format!("the letter is not a PDF: {kind}").into());
    }
    let letter = pdf_text(&pdf)?;
    for needle in [
        &format!("Socialnämnden beslutade den {TODAY} att inte inleda utredning."),
        "Lena Lind, Tillköpings skola",
        "om Ella Exempel",
        &format!("Anmälan kom in {arrived_on} kl. {arrived_at}"),
        "19 kap. 6 § SoL (2025:400)",
    ] {
        contains(&letter, needle)?;
    }
    if letter.contains("hemliga skäl") || letter.contains("Siri") {
        return Err(format!("the letter says more than the law allows:\n{letter}").into());
    }
    b.click("form.stacked button.primary").await?;
    b.wait_path("done=inform-reporter").await?;
    b.check("case after the reporter was told").await?;
    contains(&b.text().await?, "Anmälaren informerad")?;
    if rows(b)
        .await?
        .iter()
        .any(|l| l.contains("Information till anmälaren") && l.contains("19 kap. 6 §"))
    {
        return Err("the feedback deadline is still open".into());
    }
    Ok(())
}

/// The two children's person ids.
async fn persons(server: &TestServer) -> Result<Vec<tillit_domain::PersonId>> {
    let mut out = Vec::new();
    for n in [ELLA, SIRI] {
        out.push(server_person(server, n).await?);
    }
    Ok(out)
}

async fn server_person(server: &TestServer, number: &str) -> Result<tillit_domain::PersonId> {
    Ok(server
        .store
        .person_by_identity_number(number)
        .await?
        .ok_or_else(|| format!("no person {number}"))?
        .id)
}
