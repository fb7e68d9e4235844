//! Registering an aktualisering (intake; the domain's "report", not a report
//! document): an anmälan, ansökan or other information about one or several
//! children, at `/intake/new`.
//!
//! Each child is named by identity number in any written form
//! ([`IdentityNumber::parse`]); a child Tillit does not know is added with
//! the name typed beside the number. Every child is checked, and the
//! domain's [`decide`] run for each, before anything is written; then one
//! transaction ([`tillit_store::Store::register_report`]) adds the new
//! persons, records the children as siblings and opens a case per child
//! ([`CaseCommand::OpenCase`]), or adds the report to the child's open case
//! ([`CaseCommand::ReceiveReport`]). Nothing is ever half-written.
//!
//! Without JavaScript, "Lägg till ett barn" posts the form and shows it again
//! with one more row, everything typed kept.
//!
//! Each child Tillit knows is looked up by the same rule as the person
//! search ([`crate::access::found_by_number`]): the form says only what the
//! user may know (the name of a child in a case the user may read, masked
//! when protected; for a child only in other units' cases just that it is
//! known, and where), and every look-up is written to the access log (kind
//! `search`, one row per child, one write) before the form is shown again.

use crate::AppState;
use crate::access::{Found, found_by_number};
use crate::audit::{Reader, log_reads};
use crate::error::WebError;
use crate::forms::{
    Errors, Field, FieldView, FormData, Kind, Refused, SummaryItem, field_id, parse_date,
    parse_time, views,
};
use crate::i18n::Tr;
use crate::permissions::{CaseScope, handles_record, may_read_case};
use crate::session::CurrentUser;
use crate::time::stockholm;
use crate::view::{Layout, Section, html_status};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use tillit_domain::case::{CaseCommand, CaseState, NewReport, Reporter, decide};
use tillit_domain::catalog::{ConcernCategory, ReportKind, ReporterCategory};
use tillit_domain::identity::IdentityNumber;
use tillit_domain::person::Person;
use tillit_domain::register::RegisterKind;
use tillit_domain::register::submission::Submission;
use tillit_domain::{CaseId, ItemId, PersonId, RecordId};
use tillit_store::{NewEvent, StoreError};

/// The most children one report can name (rows of the form).
const MAX_CHILDREN: usize = 12;
/// Children and young people: up to the day before the 21st birthday.
const MAX_AGE: i16 = 20;
/// The longest given or family name of a new child, in characters.
pub const NAME_MAX_CHARS: usize = 100;

struct ChildRow {
    pnr_name: String,
    given_name: String,
    family_name: String,
    pnr_id: String,
    given_id: String,
    family_id: String,
    number: usize,
    pnr: String,
    given: String,
    family: String,
    pnr_error: Option<String>,
    given_error: Option<String>,
    family_error: Option<String>,
    /// The person found for the number, as the user may see them.
    found: Option<String>,
}

#[derive(Template)]
#[template(path = "intake.html")]
struct IntakePage {
    l: Layout,
    csrf: String,
    /// The e-service report this registers, if any (sent hidden).
    submission: String,
    rows: usize,
    children: Vec<ChildRow>,
    can_add: bool,
    fields: Vec<FieldView>,
    summary: Vec<SummaryItem>,
}

fn fields(tr: Tr) -> Vec<Field> {
    let label = |group: &str, code: &'static str, sv: &'static str| tr.label(group, code, sv);
    let mut reporters = vec![(String::new(), tr.t("form-choose"))];
    reporters.extend(
        ReporterCategory::ENTRIES
            .iter()
            .map(|e| (e.code.to_string(), label("cat-reporter", e.code, e.label))),
    );
    vec![
        Field::new("kind", Kind::Radios, tr.t("intake-kind"))
            .options(
                ReportKind::ENTRIES
                    .iter()
                    .map(|e| {
                        (
                            e.code.to_string(),
                            label("cat-report-kind", e.code, e.label),
                        )
                    })
                    .collect(),
            )
            .required(),
        Field::new("received_date", Kind::Date, tr.t("intake-received-date"))
            .hint(tr.t("form-date-hint"))
            .required(),
        Field::new("received_time", Kind::Time, tr.t("intake-received-time"))
            .hint(tr.t("form-time-hint"))
            .required(),
        Field::new(
            "reporter_category",
            Kind::Select,
            tr.t("intake-reporter-category"),
        )
        .options(reporters)
        .required(),
        Field::new("anonymous", Kind::Checkbox, tr.t("intake-anonymous"))
            .hint(tr.t("intake-anonymous-hint")),
        Field::new("reporter_name", Kind::Text, tr.t("intake-reporter-name"))
            .hint(tr.t("intake-reporter-name-hint"))
            .required_if(tr.t("intake-reporter-name-required-if")),
        Field::new(
            "reporter_contact",
            Kind::Text,
            tr.t("intake-reporter-contact"),
        )
        .hint(tr.t("intake-reporter-contact-hint")),
        Field::new(
            "wants_feedback",
            Kind::Checkbox,
            tr.t("intake-wants-feedback"),
        )
        .hint(tr.t("intake-wants-feedback-hint")),
        Field::new("concerns", Kind::Checkboxes, tr.t("intake-concerns"))
            .hint(tr.t("intake-concerns-hint"))
            .required_if(tr.t("intake-concerns-required-if"))
            .options(
                ConcernCategory::ENTRIES
                    .iter()
                    .map(|e| (e.code.to_string(), label("cat-concern", e.code, e.label)))
                    .collect(),
            ),
        Field::new("summary", Kind::TextArea, tr.t("intake-summary"))
            .hint(tr.t("intake-summary-hint")),
    ]
}

fn row_count(data: &FormData) -> usize {
    data.trimmed("rows")
        .parse::<usize>()
        .unwrap_or(1)
        .clamp(1, MAX_CHILDREN)
}

fn render(
    tr: Tr,
    user: &CurrentUser,
    data: &FormData,
    rows: usize,
    found: &[Option<String>],
    errors: &Errors,
    status: StatusCode,
) -> Result<Response, WebError> {
    let fields = fields(tr);
    let mut order: Vec<String> = Vec::new();
    for i in 0..rows {
        for part in ["pnr", "given", "family"] {
            order.push(format!("{part}_{i}"));
        }
    }
    order.extend(fields.iter().map(|f| f.name.to_string()));
    let order_refs: Vec<&str> = order.iter().map(String::as_str).collect();
    let summary = errors.summary(&order_refs);
    let children = (0..rows)
        .map(|i| {
            let (p, g, f) = (
                format!("pnr_{i}"),
                format!("given_{i}"),
                format!("family_{i}"),
            );
            ChildRow {
                pnr_id: field_id(&p),
                given_id: field_id(&g),
                family_id: field_id(&f),
                number: i + 1,
                pnr: data.get(&p).to_string(),
                given: data.get(&g).to_string(),
                family: data.get(&f).to_string(),
                pnr_error: errors.get(&p).map(str::to_string),
                given_error: errors.get(&g).map(str::to_string),
                family_error: errors.get(&f).map(str::to_string),
                found: found.get(i).cloned().flatten(),
                pnr_name: p,
                given_name: g,
                family_name: f,
            }
        })
        .collect();
    let title = crate::forms::page_title(tr, &tr.t("intake-title"), !summary.is_empty());
    let page = IntakePage {
        l: Layout::new(tr, user, title, Section::Intake),
        csrf: user.csrf.clone(),
        submission: data.trimmed("submission").to_string(),
        rows,
        children,
        can_add: rows < MAX_CHILDREN,
        fields: views(&fields, data, errors),
        summary,
    };
    html_status(status, &page)
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct IntakeQuery {
    /// An e-service report to register (`/submissions`).
    #[serde(default)]
    submission: String,
}

/// The e-service report `id` that `user` may register now: one of their
/// unit's queue, not yet handled.
async fn open_submission(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<Option<tillit_store::Record<Submission>>, WebError> {
    let Ok(id) = id.parse::<RecordId>() else {
        return Ok(None);
    };
    let Some(record) = state.store().record::<Submission>(id).await? else {
        return Ok(None);
    };
    let Some(unit) = record.state.unit else {
        return Ok(None);
    };
    if record.state.handled.is_some()
        || !handles_record(user.subject(), RegisterKind::Submission, unit)
    {
        return Ok(None);
    }
    Ok(Some(record))
}

/// The received date and time of an e-service report, as the form shows
/// them (Stockholm, to the minute).
fn received_of(s: &Submission) -> Option<(String, String)> {
    let at = s.received_at?.to_zoned(stockholm().clone());
    Some((at.date().to_string(), at.strftime("%H:%M").to_string()))
}

/// The form filled in from an e-service report: the reporter, the
/// concerns, what happened, the children as the reporter gave them, and
/// the time it arrived.
fn prefill_from(data: &mut FormData, record: &tillit_store::Record<Submission>) -> usize {
    let Some(tillit_domain::register::submission::SubmissionEntry::Submitted {
        reporter,
        children,
        what,
        concerns,
        wants_feedback,
        guardians,
        ..
    }) = record.entries.first().map(|w| &w.entry)
    else {
        return 1;
    };
    data.set("submission", record.id.to_string());
    data.set("kind", ReportKind::Report.code());
    if let Some((date, time)) = received_of(&record.state) {
        data.set("received_date", date);
        data.set("received_time", time);
    }
    data.set("reporter_category", reporter.category.code());
    if reporter.category == ReporterCategory::Anonymous {
        data.set("anonymous", "1");
    }
    if let Some(name) = &reporter.name {
        let who = match &reporter.organisation {
            Some(org) => format!("{name}, {org}"),
            None => name.clone(),
        };
        data.set("reporter_name", who);
    }
    let contact: Vec<&str> = [&reporter.phone, &reporter.email]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !contact.is_empty() {
        data.set("reporter_contact", contact.join(", "));
    }
    if *wants_feedback {
        data.set("wants_feedback", "1");
    }
    for c in concerns {
        data.push("concerns", c.code());
    }
    let mut summary = what.clone();
    if let Some(g) = guardians {
        summary.push_str(&format!("\n\nVårdnadshavare enligt anmälaren: {g}"));
    }
    data.set("summary", summary);
    for (i, c) in children.iter().enumerate().take(MAX_CHILDREN) {
        if let Some(n) = &c.identity_number {
            data.set(&format!("pnr_{i}"), n.clone());
        }
        if let Some(name) = &c.name {
            let mut parts = name.rsplitn(2, ' ');
            let family = parts.next().unwrap_or_default().to_string();
            let given = parts.next().unwrap_or_default().to_string();
            data.set(&format!("given_{i}"), given);
            data.set(&format!("family_{i}"), family);
        }
    }
    children.len().clamp(1, MAX_CHILDREN)
}

/// `GET /intake/new`: an empty report, received now; or, with
/// `?submission=ID`, the e-service report `ID` to register.
pub async fn form(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    crate::forms::Query(q): crate::forms::Query<IntakeQuery>,
) -> Result<Response, WebError> {
    let mut data = FormData::default();
    let now = Timestamp::now().to_zoned(stockholm().clone());
    let today = state.today();
    data.prefill("kind", ReportKind::Report.code());
    data.prefill("received_date", today.to_string());
    data.prefill("received_time", now.strftime("%H:%M").to_string());
    let mut rows = 1;
    if !q.submission.is_empty() {
        let record = open_submission(&state, &user, &q.submission)
            .await?
            .ok_or_else(|| WebError::Unknown(tr.t("submission-not-handled")))?;
        rows = prefill_from(&mut data, &record);
        data.set("rows", rows.to_string());
    }
    render(tr, &user, &data, rows, &[], &Errors::new(), StatusCode::OK)
}

/// One child as checked: the person (known or to be added).
struct Child {
    person: Person,
    is_new: bool,
}

/// `POST /intake/new`: `action=add_child` shows the form again with one
/// more row; anything else registers the report.
pub async fn submit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    crate::request::ClientAddr(addr): crate::request::ClientAddr,
    mut data: FormData,
) -> Result<Response, WebError> {
    let reader = Reader::new(&user, &addr)?;
    let mut looked_up = Vec::new();
    let mut rows = row_count(&data);
    // Registering an e-service report: the time it arrived is the report's,
    // whatever the form says (the deadlines count from it).
    let submission = if data.trimmed("submission").is_empty() {
        None
    } else {
        let id = data.trimmed("submission").to_string();
        let record = open_submission(&state, &user, &id)
            .await?
            .ok_or_else(|| WebError::Unknown(tr.t("submission-not-handled")))?;
        if let Some((date, time)) = received_of(&record.state) {
            data.set("received_date", date);
            data.set("received_time", time);
        }
        Some(record)
    };
    let store = state.store();
    let today = state.today();
    let who = user.subject();
    let mut errors = Errors::new();
    let report_fields = fields(tr);
    errors.conflicts(tr, &data, &["concerns"], &|n| {
        report_fields.iter().any(|f| f.name == n)
            || (0..rows).any(|i| {
                [
                    format!("pnr_{i}"),
                    format!("given_{i}"),
                    format!("family_{i}"),
                ]
                .iter()
                .any(|x| x == n)
            })
    });

    // Check every child: parse the number, find the person.
    let mut found: Vec<Option<String>> = vec![None; rows];
    let mut children: Vec<Child> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (i, slot) in found.iter_mut().enumerate() {
        // Every message about a child names the child ("Barn 2: ...").
        let nth = |m: String| format!("{} {}: {m}", tr.t("intake-child"), i + 1);
        let (p, g, f) = (
            format!("pnr_{i}"),
            format!("given_{i}"),
            format!("family_{i}"),
        );
        let text = data.trimmed(&p).to_string();
        if text.is_empty() {
            if !data.trimmed(&g).is_empty() || !data.trimmed(&f).is_empty() {
                errors.field(&p, nth(tr.t("intake-child-number-missing")));
            }
            continue;
        }
        let number = match IdentityNumber::parse(&text, today) {
            Ok(n) => n,
            Err(e) => {
                errors.field(&p, nth(e.to_string()));
                continue;
            }
        };
        let long = number.format_long();
        if seen.contains(&long) {
            errors.field(&p, nth(tr.t("intake-child-twice")));
            continue;
        }
        seen.push(long.clone());
        // Normalise what is shown to the long form.
        data.set(&p, long.clone());
        let age = number.age_on(today);
        if age > MAX_AGE {
            errors.field(&p, nth(tr.t1("intake-child-too-old", "age", i64::from(age))));
            continue;
        }
        match store.person_by_identity_number(&long).await? {
            Some(person) => {
                // The same rule as the person search: a child only in other
                // units' cases is "known, there", without name or
                // protection; a protected child by the current cases only,
                // so the caseworker of an intake closed long ago no longer
                // sees the name here.
                let (found, entry) = found_by_number(store, &user, &reader, &person).await?;
                looked_up.push(entry);
                *slot = Some(match found {
                    Found::Shown { may_see: true } => {
                        tr.t1("intake-child-found", "name", person.full_name())
                    }
                    Found::Shown { may_see: false } => tr.t("intake-child-found-protected"),
                    Found::Elsewhere(cases) => {
                        let units = store.units().await?;
                        let mut names: Vec<String> = cases
                            .iter()
                            .filter_map(|c| units.iter().find(|u| u.id == c.unit))
                            .map(|u| u.name.clone())
                            .collect();
                        names.sort();
                        names.dedup();
                        tr.t1("intake-child-found-elsewhere", "units", names.join(", "))
                    }
                });
                children.push(Child {
                    person,
                    is_new: false,
                });
            }
            None => {
                let given = data.trimmed(&g).to_string();
                let family = data.trimmed(&f).to_string();
                if given.is_empty() {
                    errors.field(&g, nth(tr.t("intake-child-given-missing")));
                } else if given.chars().count() > NAME_MAX_CHARS {
                    errors.field(&g, nth(tr.n("intake-child-name-too-long", NAME_MAX_CHARS)));
                }
                if family.is_empty() {
                    errors.field(&f, nth(tr.t("intake-child-family-missing")));
                } else if family.chars().count() > NAME_MAX_CHARS {
                    errors.field(&f, nth(tr.n("intake-child-name-too-long", NAME_MAX_CHARS)));
                }
                *slot = Some(nth(tr.t("intake-child-new")));
                children.push(Child {
                    person: Person {
                        id: PersonId::new_random(),
                        identity_number: Some(long),
                        given_name: given,
                        family_name: family,
                        gender: number.gender(),
                        birth_date: Some(number.birth_date()),
                        protected: false,
                        address: None,
                    },
                    is_new: true,
                });
            }
        }
    }

    // The look-ups are reads of the children's data: logged before anything
    // is shown (and before the report is registered).
    log_reads(&state, &looked_up).await?;

    if data.get("action") == "edit" {
        // Back from the review to the form, everything kept.
        data.set("confirmed", "");
        return render(tr, &user, &data, rows, &found, &Errors::new(), StatusCode::OK);
    }

    if data.get("action") == "add_child" {
        if rows < MAX_CHILDREN {
            rows += 1;
            data.set("rows", rows.to_string());
            found.push(None);
        }
        // Only the children's checks are shown while the form is being filled.
        let mut only_children = Errors::new();
        for i in 0..rows {
            for part in ["pnr", "given", "family"] {
                let name = format!("{part}_{i}");
                if let Some(m) = errors.get(&name) {
                    only_children.field(&name, m.to_string());
                }
            }
        }
        return render(
            tr,
            &user,
            &data,
            rows,
            &found,
            &only_children,
            StatusCode::OK,
        );
    }

    if children.is_empty() && errors.get("pnr_0").is_none() {
        errors.field("pnr_0", tr.t("intake-no-child"));
    }

    // The report itself.
    let kind = ReportKind::from_code(data.get("kind"));
    if kind.is_none() {
        errors.field("kind", tr.t("form-choose-one"));
    }
    let date = parse_date(tr, data.get("received_date"))
        .map_err(|m| errors.field("received_date", m))
        .ok();
    let time = parse_time(tr, data.get("received_time"))
        .map_err(|m| errors.field("received_time", m))
        .ok();
    let category = ReporterCategory::from_code(data.get("reporter_category"));
    if category.is_none() {
        errors.field(
            "reporter_category",
            tr.t("intake-reporter-category-missing"),
        );
    }
    let anonymous = data.checked("anonymous");
    let name = data.trimmed("reporter_name").to_string();
    let contact = data.trimmed("reporter_contact").to_string();
    if !anonymous && name.is_empty() && category.is_some() {
        errors.field("reporter_name", tr.t("intake-reporter-name-missing-if"));
    }
    let concerns: Vec<ConcernCategory> = data
        .all("concerns")
        .into_iter()
        .filter_map(ConcernCategory::from_code)
        .collect();
    let Some(unit) = user.unit else {
        errors.general(tr.t("intake-no-unit"));
        return render(
            tr,
            &user,
            &data,
            rows,
            &found,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };

    let (Some(kind), Some(date), Some(time), Some(category)) = (kind, date, time, category) else {
        return render(
            tr,
            &user,
            &data,
            rows,
            &found,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let received_at = date.to_datetime(time);
    let reporter = Reporter {
        category,
        anonymous,
        name: (!anonymous && !name.is_empty()).then(|| name.clone()),
        contact: (!anonymous && !contact.is_empty()).then(|| contact.clone()),
        wants_feedback: data.checked("wants_feedback") && !anonymous,
    };
    let ids: Vec<PersonId> = children.iter().map(|c| c.person.id).collect();

    // Decide for every child before anything is written.
    let now = Timestamp::now();
    let mut batch = Vec::new();
    let mut targets: Vec<(CaseId, CaseScope)> = Vec::new();
    for child in &children {
        let report = NewReport {
            report: ItemId::new_random(),
            kind,
            received_at,
            reporter: reporter.clone(),
            concerns: concerns.clone(),
            siblings: ids
                .iter()
                .copied()
                .filter(|p| *p != child.person.id)
                .collect(),
            summary: data.get("summary").to_string(),
        };
        let open = if child.is_new {
            None
        } else {
            store.open_case_for_child(child.person.id).await?
        };
        let (case, version, case_state, command, scope) = match open {
            Some(summary) => {
                let events = store.load_case(summary.id).await?;
                (
                    summary.id,
                    summary.version,
                    CaseState::from_events(&events),
                    CaseCommand::ReceiveReport(report),
                    CaseScope::of(&summary),
                )
            }
            None => (
                CaseId::new_random(),
                0,
                CaseState::new(),
                CaseCommand::OpenCase {
                    child: child.person.id,
                    unit,
                    caseworker: Some(user.id),
                    report,
                },
                CaseScope {
                    unit,
                    caseworker: Some(user.id),
                },
            ),
        };
        match decide(&case_state, &command, date, today) {
            Ok(events) => {
                let events = events
                    .into_iter()
                    .map(|event| NewEvent {
                        recorded_by: user.id,
                        recorded_at: now,
                        occurred_on: date,
                        event,
                    })
                    .collect();
                batch.push((case, version, events));
                targets.push((case, scope));
            }
            Err(refusal) => {
                let present = |f: &str| f != "on";
                let rename = |f: &str| -> Option<&'static str> {
                    match f {
                        "received_at" | "on" => Some("received_date"),
                        _ => None,
                    }
                };
                errors.refusal(&refusal, &present, &rename);
                // The same report for every child: one refusal is enough.
                break;
            }
        }
    }
    if !errors.is_empty() {
        return render(
            tr,
            &user,
            &data,
            rows,
            &found,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }

    // Nothing is written before the user has seen what will be: the review
    // ("Kontrollera dina uppgifter"), then "Registrera" sends it again with
    // `confirmed=1`.
    if data.get("confirmed") != "1" {
        return review(tr, &user, &data, &children, &found, kind, received_at, &reporter, &concerns);
    }

    let new_persons: Vec<Person> = children
        .iter()
        .filter(|c| c.is_new)
        .map(|c| c.person.clone())
        .collect();
    let records = match &submission {
        None => Vec::new(),
        Some(record) => {
            let entry = tillit_domain::register::submission::SubmissionEntry::Registered {
                cases: targets.iter().map(|(c, _)| *c).collect(),
            };
            let writer = tillit_domain::register::Writer {
                user: user.id,
                handles: true,
            };
            let (_, written) = tillit_domain::register::decide::<Submission>(
                &record.state,
                &entry,
                writer,
                today,
                Timestamp::now(),
            )
            .map_err(|r| WebError::Unknown(r.0))?;
            vec![tillit_store::RecordWrite::new::<Submission>(
                record.id,
                record.version,
                &record.state,
                &[written],
            )?]
        }
    };
    if let Err(e) = store
        .register_report_with(&new_persons, &ids, batch, records)
        .await
    {
        // A person added by someone else meanwhile, a conflict, a database
        // too busy, or a refusal of the store: on the form, typed values kept.
        let r = match e {
            StoreError::AlreadyExists(_) => {
                Refused::general(tr.t("intake-person-added-meanwhile"), StatusCode::CONFLICT)
            }
            e => Refused::store(tr, e)?,
        };
        return render(tr, &user, &data, rows, &found, &r.errors, r.status);
    }
    tracing::info!(user_id = %user.id, children = children.len(), "report registered");
    let to = targets
        .iter()
        .find(|(_, scope)| may_read_case(who, *scope))
        .map(|(case, _)| format!("/cases/{case}?done=report&count={}", children.len()))
        .unwrap_or_else(|| "/".to_string());
    Ok((StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response())
}

/// A line of the review.
struct ReviewLine {
    label: String,
    value: String,
}

#[derive(Template)]
#[template(path = "intake_review.html")]
struct ReviewPage {
    l: Layout,
    csrf: String,
    /// Every submitted value, sent again with the confirmation.
    hidden: Vec<(String, String)>,
    children: Vec<ReviewLine>,
    lines: Vec<ReviewLine>,
    summary: String,
}

/// "Kontrollera dina uppgifter": what registering will record, with the
/// buttons to register it or to change it.
#[allow(clippy::too_many_arguments)]
fn review(
    tr: Tr,
    user: &CurrentUser,
    data: &FormData,
    children: &[Child],
    found: &[Option<String>],
    kind: ReportKind,
    received_at: jiff::civil::DateTime,
    reporter: &Reporter,
    concerns: &[ConcernCategory],
) -> Result<Response, WebError> {
    let hidden = data
        .pairs()
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "csrf" | "action" | "confirmed"))
        .cloned()
        .collect();
    let children = children
        .iter()
        .enumerate()
        .map(|(i, c)| ReviewLine {
            label: format!("{} {}", tr.t("intake-child"), i + 1),
            value: format!(
                "{}, {}{}",
                c.person.full_name(),
                c.person.identity_number.clone().unwrap_or_default(),
                found
                    .iter()
                    .flatten()
                    .nth(i)
                    .map(|f| format!(" ({f})"))
                    .unwrap_or_default()
            ),
        })
        .collect();
    let line = |key: &str, value: String| ReviewLine {
        label: tr.t(key),
        value,
    };
    let mut lines = vec![
        line("intake-kind", tr.label("cat-report-kind", kind.code(), kind.label())),
        line(
            "intake-review-received",
            received_at.strftime("%Y-%m-%d %H:%M").to_string(),
        ),
        line(
            "intake-reporter-category",
            tr.label(
                "cat-reporter",
                reporter.category.code(),
                reporter.category.label(),
            ),
        ),
    ];
    if reporter.anonymous {
        lines.push(line("intake-anonymous", tr.t("form-yes")));
    } else {
        lines.push(line(
            "intake-reporter-name",
            reporter.name.clone().unwrap_or_default(),
        ));
        if let Some(c) = &reporter.contact {
            lines.push(line("intake-reporter-contact", c.clone()));
        }
    }
    lines.push(line(
        "intake-concerns",
        concerns
            .iter()
            .map(|c| tr.label("cat-concern", c.code(), c.label()))
            .collect::<Vec<_>>()
            .join(", "),
    ));
    let page = ReviewPage {
        l: Layout::new(tr, user, tr.t("intake-review-title"), Section::Intake),
        csrf: user.csrf.clone(),
        hidden,
        children,
        lines,
        summary: data.get("summary").to_string(),
    };
    html_status(StatusCode::OK, &page)
}

/// The old address, from when "report" also meant this: moved for good
/// (308, so a form posted there is posted here).
async fn moved() -> Response {
    (StatusCode::PERMANENT_REDIRECT, [(LOCATION, "/intake/new")]).into_response()
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/intake/new", Requires(RegisterIntake), form)
        .post("/intake/new", Requires(RegisterIntake), submit)
        .get("/reports/new", Requires(RegisterIntake), moved)
        .post("/reports/new", Requires(RegisterIntake), moved)
}
