//! The journal of a case: signed entries, newest first, and the form to
//! write the next one.
//!
//! A signed entry is a case event ([`CaseEvent::JournalEntrySigned`]) and is
//! never edited; a correction is a new entry that names the old one, which
//! is then shown as "rättad" with a link to its correction. The text being
//! written is a draft on the server (one per case and user): saved by the
//! "Spara utkast" button without JavaScript, and as one types by
//! `/static/tillit.js` (`POST /cases/{id}/journal/draft`), so closing the
//! tab, a lost connection or a session timeout loses nothing. Signing
//! appends the entry and deletes the draft in one transaction.

use crate::AppState;
use crate::error::WebError;
use crate::forms::{Errors, FormData, Query, Refused, SummaryItem};
use crate::i18n::Tr;
use crate::pages::steps::{LoadedCase, load_case, opened};
use crate::permissions::{CaseScope, may_read_case, may_write_case};
use crate::request::ClientAddr;
use crate::session::CurrentUser;
use crate::time::{format_clock, format_timestamp};
use crate::view::{Layout, Section, html_status};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use serde::Deserialize;
use std::collections::HashMap;
use tillit_domain::case::{CaseCommand, CaseEvent, MAX_TEXT_LEN, decide};
use tillit_domain::{CaseId, ItemId, UserId};
use tillit_store::NewEvent;

#[derive(Debug, Default, Deserialize)]
pub struct JournalQuery {
    /// Start a correction of this entry.
    #[serde(default)]
    corrects: String,
    #[serde(default)]
    saved: String,
    #[serde(default)]
    signed: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct JournalForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    corrects: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    version: String,
}

struct EntryView {
    anchor: String,
    text: String,
    signed_by: String,
    signed_at: String,
    /// (anchor, date) of the entry this one corrects.
    corrects: Option<(String, String)>,
    /// (anchor, date) of the entry that corrected this one.
    corrected_by: Option<(String, String)>,
    correct_href: String,
}

/// The entry being corrected, quoted above the form.
struct Correcting {
    id: String,
    anchor: String,
    text: String,
    signed: String,
}

#[derive(Template)]
#[template(path = "journal.html")]
struct JournalPage {
    l: Layout,
    case_href: String,
    child_name: String,
    entries: Vec<EntryView>,
    may_write: bool,
    action: String,
    autosave: String,
    csrf: String,
    version: u64,
    text: String,
    correcting: Option<Correcting>,
    confirm: bool,
    summary: Vec<SummaryItem>,
    text_error: Option<String>,
    confirm_error: Option<String>,
    notice: Option<String>,
    draft_status: String,
    /// "Utkast sparat {time}" for the script to fill in.
    saved_template: String,
}

fn anchor(id: ItemId) -> String {
    format!("entry-{id}")
}

/// What the form shows: typed (or drafted) text and what it corrects.
struct Filled {
    text: String,
    corrects: Option<ItemId>,
    confirm: bool,
    errors: Errors,
    notice: Option<String>,
    draft_saved: Option<Timestamp>,
}

async fn render(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    case: &LoadedCase,
    f: Filled,
    status: StatusCode,
) -> Result<Response, WebError> {
    let names: HashMap<UserId, String> = state
        .store()
        .users()
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let name_of = |u: UserId| {
        names
            .get(&u)
            .cloned()
            .unwrap_or_else(|| tr.t1("user-unknown", "id", u.0.to_string()))
    };
    let dates: HashMap<ItemId, String> = case
        .events
        .iter()
        .filter_map(|e| match &e.event {
            CaseEvent::JournalEntrySigned { entry, .. } => {
                Some((*entry, format_timestamp(e.recorded_at)))
            }
            _ => None,
        })
        .collect();
    let case_id = case.id;
    let mut entries: Vec<EntryView> = case
        .events
        .iter()
        .filter_map(|e| match &e.event {
            CaseEvent::JournalEntrySigned {
                entry,
                text,
                corrects,
            } => {
                let corrected_by = case
                    .state
                    .journal_entry(*entry)
                    .and_then(|j| j.corrected_by);
                Some(EntryView {
                    anchor: anchor(*entry),
                    text: text.clone(),
                    signed_by: name_of(e.recorded_by),
                    signed_at: format_timestamp(e.recorded_at),
                    corrects: corrects
                        .map(|c| (anchor(c), dates.get(&c).cloned().unwrap_or_default())),
                    corrected_by: corrected_by
                        .map(|c| (anchor(c), dates.get(&c).cloned().unwrap_or_default())),
                    correct_href: format!("/cases/{case_id}/journal?corrects={entry}#new-entry"),
                })
            }
            _ => None,
        })
        .collect();
    entries.reverse();

    let correcting = f.corrects.and_then(|c| {
        let j = case.state.journal_entry(c)?;
        let signed = case
            .events
            .iter()
            .find(
                |e| matches!(&e.event, CaseEvent::JournalEntrySigned { entry, .. } if *entry == c),
            )
            .map(|e| {
                format!(
                    "{}, {}",
                    format_timestamp(e.recorded_at),
                    name_of(e.recorded_by)
                )
            })
            .unwrap_or_default();
        Some(Correcting {
            id: c.to_string(),
            anchor: anchor(c),
            text: j.text.clone(),
            signed,
        })
    });
    let summary = f.errors.summary(&["text", "corrects", "confirm"]);
    let title = crate::forms::page_title(tr, &tr.t("journal-title"), !summary.is_empty());
    let page = JournalPage {
        l: Layout::new(tr, user, title, Section::None),
        case_href: case.href(),
        child_name: case.child.name.clone(),
        entries,
        may_write: may_write_case(user, &case.summary),
        action: format!("/cases/{case_id}/journal"),
        autosave: format!("/cases/{case_id}/journal/draft"),
        csrf: user.csrf.clone(),
        version: case.state.version,
        text: f.text,
        correcting,
        confirm: f.confirm,
        text_error: f.errors.get("text").map(str::to_string),
        confirm_error: f.errors.get("confirm").map(str::to_string),
        summary,
        notice: f.notice,
        saved_template: tr.t1("journal-draft-saved", "time", "{time}"),
        draft_status: f
            .draft_saved
            .map(|t| tr.t1("journal-draft-saved", "time", format_clock(t)))
            .unwrap_or_default(),
    };
    html_status(status, &page)
}

/// `GET /cases/{id}/journal`: the entries, and the form with the user's
/// draft.
pub async fn page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    Query(q): Query<JournalQuery>,
) -> Result<Response, WebError> {
    let case = opened!(load_case(&state, tr, &user, &addr, &id).await?);
    let draft = if may_write_case(&user, &case.summary) {
        state.store().draft(case.id, user.id).await?
    } else {
        None
    };
    let asked: Option<ItemId> = q
        .corrects
        .parse()
        .ok()
        .filter(|c| case.state.journal_entry(*c).is_some());
    let notice = if q.signed == "1" {
        Some(tr.t("journal-signed"))
    } else if q.saved == "1" {
        Some(tr.t("journal-draft-kept"))
    } else {
        None
    };
    let (text, corrects, draft_saved) = match draft {
        Some(d) => (d.text, asked.or(d.corrects), Some(d.updated_at)),
        None => (String::new(), asked, None),
    };
    let filled = Filled {
        text,
        corrects,
        confirm: false,
        errors: Errors::new(),
        notice,
        draft_saved,
    };
    render(&state, tr, &user, &case, filled, StatusCode::OK).await
}

/// `POST /cases/{id}/journal`: `action=draft` saves the draft,
/// `action=sign` signs the entry.
pub async fn submit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, WebError> {
    let form: JournalForm = data.decode()?;
    let case = opened!(load_case(&state, tr, &user, &addr, &id).await?);
    if !may_write_case(&user, &case.summary) {
        return Err(WebError::Forbidden);
    }
    let store = state.store();
    let corrects: Option<ItemId> = form.corrects.trim().parse().ok();
    let now = Timestamp::now();
    let mut errors = Errors::new();
    errors.conflicts(tr, &data, &[], &|f| {
        matches!(f, "text" | "corrects" | "confirm")
    });
    if let Some(message) = draft_problem(tr, &form.text) {
        errors.field("text", message);
    }
    if form.action != "sign" {
        if !errors.is_empty() {
            // Too long to keep, or a field sent twice: nothing saved, the
            // text shown again with the message.
            let filled = Filled {
                text: form.text,
                corrects,
                confirm: !form.confirm.is_empty(),
                errors,
                notice: None,
                draft_saved: None,
            };
            return render(
                &state,
                tr,
                &user,
                &case,
                filled,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        save_or_delete(&state, &case, &user, &form.text, corrects, now).await?;
        let to = format!("/cases/{}/journal?saved=1#new-entry", case.id);
        return Ok((StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response());
    }

    if !form.corrects.trim().is_empty() && corrects.is_none() {
        errors.field("corrects", tr.t("journal-corrects-invalid"));
    }
    if form.confirm.is_empty() {
        errors.field("confirm", tr.t("journal-confirm-missing"));
    }
    // The version the form was shown at is required: without it a stale
    // form could not be told from a fresh one.
    let current = case.state.version;
    let shown_at: Option<u64> = form.version.trim().parse().ok();
    if shown_at.is_none() {
        errors.general(tr.t("form-version-missing"));
    }
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if errors.is_empty() && shown_at != Some(current) {
        errors.general(tr.t("form-conflict"));
        status = StatusCode::CONFLICT;
    }
    let command = CaseCommand::SignJournalEntry {
        entry: ItemId::new_random(),
        text: form.text.clone(),
        corrects,
    };
    let today = state.today();
    let events = if errors.is_empty() {
        match decide(&case.state, &command, today, today) {
            Ok(events) => Some(events),
            Err(r) => {
                errors.refusal(&r, &|f| f == "text" || f == "corrects", &|_| None);
                None
            }
        }
    } else {
        // Check the text too, so that every problem is shown at once.
        if let Err(r) = decide(&case.state, &command, today, today)
            && r.field == Some("text")
        {
            errors.field("text", r.message);
        }
        None
    };
    if let Some(events) = events {
        let events = events
            .into_iter()
            .map(|event| NewEvent {
                recorded_by: user.id,
                recorded_at: now,
                occurred_on: today,
                event,
            })
            .collect();
        match store
            .append_and_clear_draft(case.id, current, events, user.id)
            .await
        {
            Ok(_) => {
                tracing::info!(user_id = %user.id, case = %case.id, "journal entry signed");
                let to = format!("/cases/{}/journal?signed=1", case.id);
                return Ok((StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response());
            }
            Err(e) => {
                let r = Refused::store(tr, e)?;
                errors.extend(r.errors);
                status = r.status;
            }
        }
    } else if errors.get("text").is_none()
        && data.conflicts(&[]).is_empty()
        && !form.text.trim().is_empty()
    {
        // Not signed: keep the text as a draft too, so that nothing is lost
        // even if the page is closed now.
        save_or_delete(&state, &case, &user, &form.text, corrects, now).await?;
    }
    // Show the case as it is now (a conflict means it has moved on).
    let case = opened!(load_case(&state, tr, &user, &addr, &id).await?);
    let filled = Filled {
        text: form.text,
        corrects,
        confirm: !form.confirm.is_empty(),
        errors,
        notice: None,
        draft_saved: None,
    };
    render(&state, tr, &user, &case, filled, status).await
}

/// What is wrong with a text to keep as a draft: longer than a journal
/// entry may be ([`MAX_TEXT_LEN`] characters, the domain's limit).
fn draft_problem(tr: Tr, text: &str) -> Option<String> {
    (text.chars().count() > MAX_TEXT_LEN).then(|| tr.n("journal-text-too-long", MAX_TEXT_LEN))
}

/// Save the text as the user's draft, or delete the draft when the text is
/// empty.
async fn save_or_delete(
    state: &AppState,
    case: &LoadedCase,
    user: &CurrentUser,
    text: &str,
    corrects: Option<ItemId>,
    now: Timestamp,
) -> Result<(), WebError> {
    if text.trim().is_empty() && corrects.is_none() {
        state.store().delete_draft(case.id, user.id).await?;
    } else {
        state
            .store()
            .save_draft(case.id, user.id, text, corrects, now)
            .await?;
    }
    Ok(())
}

#[derive(Debug, Default, Deserialize)]
pub struct DraftForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    corrects: String,
}

/// `POST /cases/{id}/journal/draft`: the autosave of `tillit.js`. Answers
/// the time saved (`HH:MM`, Stockholm) as plain text.
pub async fn autosave(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, WebError> {
    let form: DraftForm = data.decode()?;
    // This answers nothing about the case, so it is not a logged read; it
    // only takes the text of someone who may write in the case.
    let id: CaseId = id.parse().map_err(|_| WebError::NotFound)?;
    let summary = state
        .store()
        .case_summary(id)
        .await?
        .ok_or(WebError::NotFound)?;
    if !may_read_case(user.subject(), CaseScope::of(&summary)) {
        return Err(WebError::NotFound);
    }
    if !may_write_case(&user, &summary) {
        return Err(WebError::Forbidden);
    }
    // Too long, or a field sent twice: nothing is saved; the script says
    // the draft could not be saved (the form's own buttons say why).
    if draft_problem(Tr::default(), &form.text).is_some() || !data.conflicts(&[]).is_empty() {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            [(CONTENT_TYPE, "text/plain; charset=utf-8")],
            "",
        )
            .into_response());
    }
    let now = Timestamp::now();
    let corrects: Option<ItemId> = form.corrects.trim().parse().ok();
    if form.text.trim().is_empty() && corrects.is_none() {
        state.store().delete_draft(id, user.id).await?;
    } else {
        state
            .store()
            .save_draft(id, user.id, &form.text, corrects, now)
            .await?;
    }
    Ok((
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        format_clock(now),
    )
        .into_response())
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/cases/{id}/journal", Requires(WriteJournal), page)
        .post("/cases/{id}/journal", Requires(WriteJournal), submit)
        .post(
            "/cases/{id}/journal/draft",
            Requires(WriteJournal),
            autosave,
        )
}
