//! What every form shares: the submitted values, field descriptions that a
//! template renders the same way everywhere, errors beside their field and
//! in a summary at the top, and parsers for the values people type (dates,
//! times, amounts) with Swedish messages.
//!
//! A form never loses what was typed: the page that shows an error is
//! rendered from the submitted values, not from the stored record.
//!
//! Every posted form is read by one extractor, [`FormData`]: it takes any
//! `application/x-www-form-urlencoded` body (the CSRF layer has checked the
//! content type and the size), never rejects a duplicated or unknown field,
//! and keeps every pair in order. A field that is sent more than once with
//! different values (a browser does that only for checkbox groups; anything
//! else is a broken or tampered form) is reported by [`FormData::conflicts`]
//! and [`Errors::conflicts`], and the form is shown again with the first
//! value, a Swedish message, and nothing stored. Query strings get the same
//! tolerance through [`Query`].
//!
//! Dates people type are checked against an absolute window,
//! [`EARLIEST_DATE`]..=[`LATEST_DATE`], before any rule of the domain (which
//! adds the windows relative to today: no event in the future, deadlines at
//! most a year ahead).

use crate::error::{WebError, store_refusal};
use crate::i18n::Tr;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use jiff::civil::{Date, Time, date};
use serde::de::DeserializeOwned;
use tillit_store::StoreError;

/// The submitted (or prefilled) values of a form, in order, as the browser
/// sent them (a checkbox group sends one pair per ticked box).
#[derive(Clone, Debug, Default)]
pub struct FormData {
    pairs: Vec<(String, String)>,
}

impl FormData {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        Self { pairs }
    }

    /// Parse an `application/x-www-form-urlencoded` text. Never fails:
    /// invalid percent-encoding and invalid UTF-8 are decoded lossily (the
    /// form is then shown again with what could be read).
    pub fn parse(bytes: &[u8]) -> Self {
        Self::new(serde_urlencoded::from_bytes(bytes).unwrap_or_default())
    }

    /// The names sent more than once with different values, in the order
    /// first seen; the CSRF token and `multi` (checkbox groups) excepted.
    pub fn conflicts(&self, multi: &[&str]) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (i, (k, v)) in self.pairs.iter().enumerate() {
            if k == "csrf" || multi.contains(&k.as_str()) || out.contains(&k.as_str()) {
                continue;
            }
            if self.pairs[i + 1..]
                .iter()
                .any(|(k2, v2)| k2 == k && v2 != v)
            {
                out.push(k);
            }
        }
        out
    }

    /// The form as a struct of single values: the first value of each name
    /// (as shown again on the page), whatever was sent after it. Structs of
    /// `String` fields with `#[serde(default)]` always decode.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, WebError> {
        decode_first(&self.pairs)
    }

    /// Every pair, in the order sent.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// The first value of `name`, trimmed.
    pub fn trimmed(&self, name: &str) -> &str {
        self.get(name).trim()
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A ticked checkbox (any non-empty value).
    pub fn checked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }

    pub fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == name)
    }

    /// Set `name` to `value` unless the form already has a value for it.
    pub fn prefill(&mut self, name: &str, value: impl Into<String>) {
        if !self.has(name) {
            self.pairs.push((name.to_string(), value.into()));
        }
    }

    /// Replace every value of `name` with `value`.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.pairs.retain(|(k, _)| k != name);
        self.pairs.push((name.to_string(), value.into()));
    }

    /// Add one more value of `name` (a group of checkboxes).
    pub fn push(&mut self, name: &str, value: impl Into<String>) {
        self.pairs.push((name.to_string(), value.into()));
    }
}

/// The first value of each name, as a struct.
fn decode_first<T: DeserializeOwned>(pairs: &[(String, String)]) -> Result<T, WebError> {
    let mut first: Vec<(&str, &str)> = Vec::new();
    for (k, v) in pairs {
        if !first.iter().any(|(k2, _)| k2 == k) {
            first.push((k, v));
        }
    }
    let text = serde_urlencoded::to_string(&first).map_err(|_| WebError::BadRequest)?;
    serde_urlencoded::from_str(&text).map_err(|_| WebError::BadRequest)
}

/// The one extractor for a posted form (see the module docs).
impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| WebError::TooLarge)?;
        Ok(Self::parse(&bytes))
    }
}

/// The query of a page a form redirects to after it saved (`?saved=…`),
/// so that the page can say so.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    pub saved: String,
}

impl SavedQuery {
    /// `?saved=1`: the change was saved.
    pub fn saved(&self) -> bool {
        self.saved == "1"
    }
}

/// A query string as a struct, tolerant like [`FormData`]: a repeated name
/// counts with its first value, so that no link can make a page answer a
/// bare "bad request". Structs of `String` fields with `#[serde(default)]`
/// always decode.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let data = FormData::parse(query.as_bytes());
        data.decode().map(Query)
    }
}

/// How a field is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// `ÅÅÅÅ-MM-DD`, typed (a text input: the same on every browser, and
    /// the server says what is wrong with a bad date).
    Date,
    /// `TT:MM`.
    Time,
    TextArea,
    Select,
    Radios,
    /// One checkbox with its own label.
    Checkbox,
    /// A group of checkboxes (several values).
    Checkboxes,
    /// The "Jag bekräftar ..." box of an irreversible step.
    Confirm,
    /// A value that is not to be changed here: shown as text, sent hidden.
    Fixed,
    /// A password: never shown again with what was typed.
    Password,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Date => "date",
            Kind::Time => "time",
            Kind::TextArea => "textarea",
            Kind::Select => "select",
            Kind::Radios => "radios",
            Kind::Checkbox => "checkbox",
            Kind::Checkboxes => "checkboxes",
            Kind::Confirm => "confirm",
            Kind::Fixed => "fixed",
            Kind::Password => "password",
        }
    }
}

/// A field of a form.
#[derive(Clone, Debug)]
pub struct Field {
    /// The form name; also what the domain's `Refusal::field` names.
    pub name: &'static str,
    pub label: String,
    pub hint: String,
    pub kind: Kind,
    /// (value, label) for selects, radios and checkbox groups; for a
    /// `Fixed` field the one (value, text shown).
    pub options: Vec<(String, String)>,
    pub required: bool,
    /// For a `Confirm` field: the message when the box is not ticked
    /// (`form-confirm-missing` when empty).
    pub missing: String,
    /// For a field required only when another choice is made: when, said
    /// beside the field ("Krävs om ...") and tied to it by
    /// `aria-describedby`. Empty for the rest.
    pub condition: String,
}

impl Field {
    pub fn new(name: &'static str, kind: Kind, label: String) -> Self {
        Self {
            name,
            label,
            hint: String::new(),
            kind,
            options: Vec::new(),
            required: false,
            missing: String::new(),
            condition: String::new(),
        }
    }
    /// A "Jag bekräftar ..." box: the form is irreversible, and [`read`]
    /// refuses it unticked with `missing` beside the box.
    pub fn confirm(name: &'static str, label: String, missing: String) -> Self {
        let mut f = Self::new(name, Kind::Confirm, label);
        f.missing = missing;
        f
    }
    pub fn hint(mut self, hint: String) -> Self {
        self.hint = hint;
        self
    }
    pub fn options(mut self, options: Vec<(String, String)>) -> Self {
        self.options = options;
        self
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    /// Required only when `condition` holds ("Krävs om anmälan inte är
    /// anonym."): marked beside the field; the server's message names the
    /// condition too.
    pub fn required_if(mut self, condition: String) -> Self {
        self.condition = condition;
        self
    }
}

/// An option as the template shows it.
#[derive(Clone, Debug)]
pub struct OptView {
    pub value: String,
    pub label: String,
    pub selected: bool,
    /// Element id (radios and checkboxes).
    pub id: String,
}

/// A field as the template shows it.
#[derive(Clone, Debug)]
pub struct FieldView {
    pub name: &'static str,
    pub id: String,
    pub label: String,
    pub hint: String,
    pub hint_id: String,
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<OptView>,
    pub error: Option<String>,
    pub error_id: String,
    pub required: bool,
    /// Ids for `aria-describedby` (hint and error), possibly empty.
    pub describedby: String,
    /// The text shown for a `Fixed` field.
    pub fixed_text: String,
    /// When the field is required (see [`Field::required_if`]), or empty.
    pub condition: String,
    pub condition_id: String,
}

/// The element id of a field (the error summary links to it).
pub fn field_id(name: &str) -> String {
    format!("f-{}", name.replace('_', "-"))
}

/// One line of the error summary.
#[derive(Clone, Debug)]
pub struct SummaryItem {
    /// `#id` of the field, or empty when the error is about the whole form.
    pub href: String,
    pub message: String,
}

/// Errors of a submitted form: per field (the first one per field is kept)
/// and about the whole form.
#[derive(Clone, Debug, Default)]
pub struct Errors {
    fields: Vec<(String, String)>,
    general: Vec<String>,
}

impl Errors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn field(&mut self, name: &str, message: impl Into<String>) {
        if self.get(name).is_none() {
            self.fields.push((name.to_string(), message.into()));
        }
    }

    pub fn general(&mut self, message: impl Into<String>) {
        self.general.push(message.into());
    }

    /// `result`'s value, or its error beside `name`: how a parser that
    /// says why (`Result<T, E: Display>`) is read at the edge.
    pub fn take<T, E: std::fmt::Display>(&mut self, name: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.field(name, e.to_string());
                None
            }
        }
    }

    /// Add `other`'s errors (a field keeps its first message).
    pub fn extend(&mut self, other: Errors) {
        for (name, message) in other.fields {
            self.field(&name, message);
        }
        self.general.extend(other.general);
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_empty()
    }

    /// Fields sent more than once with different values (see
    /// [`FormData::conflicts`]): the message beside the field when the form
    /// shows it (`present`), else about the whole form. `multi` are the
    /// form's checkbox groups.
    pub fn conflicts(
        &mut self,
        tr: Tr,
        data: &FormData,
        multi: &[&str],
        present: &dyn Fn(&str) -> bool,
    ) {
        for name in data.conflicts(multi) {
            if present(name) {
                self.field(name, tr.t("form-duplicate-field"));
            } else {
                self.general(tr.t("form-duplicate"));
            }
        }
    }

    /// A domain refusal: beside its field when the form has that field
    /// (`present`), else about the whole form. `rename` maps the domain's
    /// field names to the form's where they differ.
    pub fn refusal(
        &mut self,
        refusal: &tillit_domain::case::Refusal,
        present: &dyn Fn(&str) -> bool,
        rename: &dyn Fn(&str) -> Option<&'static str>,
    ) {
        match refusal.field {
            Some(f) => {
                let name = rename(f).unwrap_or(f);
                if present(name) {
                    self.field(name, refusal.message.clone());
                } else {
                    self.general(refusal.message.clone());
                }
            }
            None => self.general(refusal.message.clone()),
        }
    }

    /// The summary at the top of the page: whole-form errors first, then the
    /// field errors in the order given by `order` (the form's field order).
    pub fn summary(&self, order: &[&str]) -> Vec<SummaryItem> {
        let mut out: Vec<SummaryItem> = self
            .general
            .iter()
            .map(|m| SummaryItem {
                href: String::new(),
                message: m.clone(),
            })
            .collect();
        let mut fields: Vec<&(String, String)> = self.fields.iter().collect();
        fields.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
        for (k, m) in fields {
            out.push(SummaryItem {
                href: format!("#{}", field_id(k)),
                message: m.clone(),
            });
        }
        out
    }
}

/// The views of `fields` with the values of `data` and the `errors`.
pub fn views(fields: &[Field], data: &FormData, errors: &Errors) -> Vec<FieldView> {
    fields
        .iter()
        .map(|f| {
            let id = field_id(f.name);
            let hint_id = format!("{id}-hint");
            let error_id = format!("{id}-error");
            let condition_id = format!("{id}-condition");
            let error = errors.get(f.name).map(str::to_string);
            let mut describedby = Vec::new();
            if !f.condition.is_empty() {
                describedby.push(condition_id.clone());
            }
            if !f.hint.is_empty() {
                describedby.push(hint_id.clone());
            }
            if error.is_some() {
                describedby.push(error_id.clone());
            }
            let value = match f.kind {
                Kind::Password => String::new(),
                _ => data.get(f.name).to_string(),
            };
            let chosen = data.all(f.name);
            let options = f
                .options
                .iter()
                .enumerate()
                .map(|(i, (v, label))| OptView {
                    value: v.clone(),
                    label: label.clone(),
                    selected: chosen.contains(&v.as_str()),
                    id: format!("{id}-{i}"),
                })
                .collect();
            let (value, fixed_text) = if f.kind == Kind::Fixed {
                f.options
                    .first()
                    .map(|(v, t)| (v.clone(), t.clone()))
                    .unwrap_or_default()
            } else {
                (value, String::new())
            };
            FieldView {
                name: f.name,
                id,
                label: f.label.clone(),
                hint: f.hint.clone(),
                hint_id,
                kind: f.kind.code(),
                value,
                options,
                error,
                error_id,
                required: f.required,
                describedby: describedby.join(" "),
                fixed_text,
                condition: f.condition.clone(),
                condition_id,
            }
        })
        .collect()
}

// The form mechanism -------------------------------------------------------------
//
// A form is declared once as its fields (`Vec<Field>`, in order). `GET` shows
// them with prefilled [`FormData`]; `POST` goes through [`read`], which
// checks what every form shares (a field sent twice, the version the form
// was shown at, the confirmation box of an irreversible form) and hands an
// [`Input`] to the page's parser, which turns the text into a typed value
// with a message beside each field it cannot read. On any error the page
// is rendered again from the submitted data ([`Shown`]), so nothing typed
// is lost and nothing is stored.

/// The title of a form's page: the heading, after the error prefix
/// ("Fel:") when the form has errors. The one place the prefix is added.
pub fn page_title(tr: Tr, heading: &str, has_errors: bool) -> String {
    if has_errors {
        format!("{} {heading}", tr.t("form-error-title-prefix"))
    } else {
        heading.to_string()
    }
}

/// A form as a page shows it: its title, its fields with the values and
/// errors, and the error summary (what `form_errors.html` and
/// `form_fields.html` render).
pub struct Shown {
    pub title: String,
    pub fields: Vec<FieldView>,
    pub summary: Vec<SummaryItem>,
}

impl Shown {
    pub fn new(tr: Tr, heading: &str, fields: &[Field], data: &FormData, errors: &Errors) -> Self {
        let order: Vec<&str> = fields.iter().map(|f| f.name).collect();
        let summary = errors.summary(&order);
        Shown {
            title: page_title(tr, heading, !summary.is_empty()),
            fields: views(fields, data, errors),
            summary,
        }
    }
}

/// A posted form that is shown again: the errors and the status to answer
/// with (422 for what was typed, 409 for a stale version, 503 for a
/// database that did not answer in time).
#[derive(Debug)]
pub struct Refused {
    pub errors: Errors,
    pub status: StatusCode,
}

impl Refused {
    pub fn new(errors: Errors) -> Self {
        Self {
            errors,
            status: StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    /// Nothing refused: the form as first shown (200).
    pub fn none() -> Self {
        Self {
            errors: Errors::new(),
            status: StatusCode::OK,
        }
    }

    /// One message beside a field.
    pub fn field(name: &str, message: String) -> Self {
        let mut errors = Errors::new();
        errors.field(name, message);
        Self::new(errors)
    }

    /// One message about the whole form.
    pub fn general(message: String, status: StatusCode) -> Self {
        let mut errors = Errors::new();
        errors.general(message);
        Self { errors, status }
    }

    /// A write the store did not make, said on the form: someone else
    /// changed the record (409), the database did not answer in time
    /// (503), or a refusal of the store (422). Any other failure stays an
    /// error.
    pub fn store(tr: Tr, e: StoreError) -> Result<Self, WebError> {
        Ok(if e.is_conflict() {
            Self::general(tr.t("form-conflict"), StatusCode::CONFLICT)
        } else if e.is_unavailable() {
            Self::general(
                crate::error::unavailable_on_form(tr, &e),
                StatusCode::SERVICE_UNAVAILABLE,
            )
        } else {
            Self::general(store_refusal(tr, e)?, StatusCode::UNPROCESSABLE_ENTITY)
        })
    }
}

/// Read a posted form declared by `fields`: a field sent twice with
/// different values, the `version` the form was shown at against
/// `current` (when the record has one), then `parse`, then the
/// confirmation box of an irreversible form. The typed value, or the
/// errors to show the form again with.
pub fn read<T>(
    tr: Tr,
    fields: &[Field],
    data: &FormData,
    current: Option<u64>,
    parse: impl FnOnce(&mut Input<'_>) -> Option<T>,
) -> Result<T, Refused> {
    let mut errors = Errors::new();
    let multi: Vec<&str> = fields
        .iter()
        .filter(|f| f.kind == Kind::Checkboxes)
        .map(|f| f.name)
        .collect();
    errors.conflicts(tr, data, &multi, &|name| {
        fields.iter().any(|f| f.name == name)
    });
    if !errors.is_empty() {
        return Err(Refused::new(errors));
    }
    // The form was shown at a version; someone else may have recorded
    // something since. Checked first: what the form is about may be gone,
    // and only "someone else has changed it" tells the user why. A form
    // without its version cannot be told from a stale one.
    if let Some(current) = current {
        match data.trimmed("version").parse::<u64>() {
            Ok(shown_at) if shown_at == current => {}
            Ok(_) => {
                return Err(Refused::general(
                    tr.t("form-conflict"),
                    StatusCode::CONFLICT,
                ));
            }
            Err(_) => {
                return Err(Refused::general(
                    tr.t("form-version-missing"),
                    StatusCode::UNPROCESSABLE_ENTITY,
                ));
            }
        }
    }
    let mut input = Input { tr, data, errors };
    let value = parse(&mut input);
    let mut errors = input.errors;
    for f in fields.iter().filter(|f| f.kind == Kind::Confirm) {
        if !data.checked(f.name) {
            let missing = if f.missing.is_empty() {
                tr.t("form-confirm-missing")
            } else {
                f.missing.clone()
            };
            errors.field(f.name, missing);
        }
    }
    match value {
        Some(v) if errors.is_empty() => Ok(v),
        _ => {
            if errors.is_empty() {
                errors.general(tr.t("form-incomplete"));
            }
            Err(Refused::new(errors))
        }
    }
}

/// A posted form being parsed: each reader gives the typed value, or
/// `None` with a Swedish message beside the field.
pub struct Input<'a> {
    pub tr: Tr,
    pub data: &'a FormData,
    pub errors: Errors,
}

impl Input<'_> {
    /// The value as typed, trimmed.
    pub fn text(&self, name: &str) -> String {
        self.data.trimmed(name).to_string()
    }

    /// The value as typed, untrimmed (free text keeps its layout).
    pub fn raw(&self, name: &str) -> String {
        self.data.get(name).to_string()
    }

    pub fn field(&mut self, name: &str, message: impl Into<String>) {
        self.errors.field(name, message);
    }

    /// `result`'s value, or its error beside `name`.
    pub fn parsed<T, E: std::fmt::Display>(
        &mut self,
        name: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        self.errors.take(name, result)
    }

    /// `found`, or `message` beside `name`.
    pub fn require<T>(&mut self, name: &str, found: Option<T>, message: String) -> Option<T> {
        if found.is_none() {
            self.errors.field(name, message);
        }
        found
    }

    /// A required date (`ÅÅÅÅ-MM-DD`).
    pub fn date(&mut self, name: &str) -> Option<Date> {
        let r = parse_date(self.tr, self.data.get(name));
        self.parsed(name, r)
    }

    /// An amount in kronor, as öre; empty is `Some(None)`.
    pub fn kronor(&mut self, name: &str) -> Option<Option<i64>> {
        let r = parse_kronor(self.tr, self.data.get(name));
        self.parsed(name, r)
    }

    /// A yes/no choice (`yes`, `no`).
    pub fn yes_no(&mut self, name: &str) -> Option<bool> {
        let v = match self.data.get(name) {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        let m = self.tr.t("form-choose-yes-no");
        self.require(name, v, m)
    }

    /// One of a list, found by `find` from the text (trimmed); else
    /// `message` beside the field.
    pub fn pick<T>(
        &mut self,
        name: &str,
        message: String,
        find: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let v = find(self.data.trimmed(name));
        self.require(name, v, message)
    }

    /// Like [`Input::pick`], where empty means none: `Some(None)`.
    pub fn optional_pick<T>(
        &mut self,
        name: &str,
        message: String,
        find: impl Fn(&str) -> Option<T>,
    ) -> Option<Option<T>> {
        if self.data.trimmed(name).is_empty() {
            return Some(None);
        }
        self.pick(name, message, find).map(Some)
    }

    /// One of a list, by its code (`from_code` of a catalogue): an unknown
    /// or missing code is "choose one of the alternatives", never a
    /// default.
    pub fn choice<T>(&mut self, name: &str, from_code: impl Fn(&str) -> Option<T>) -> Option<T> {
        let m = self.tr.t("form-choose-one");
        self.pick(name, m, from_code)
    }
}

/// The earliest date anyone types in Tillit (nothing Tillit records
/// happened before it; a year before it is a typing error).
pub const EARLIEST_DATE: Date = date(1900, 1, 1);
/// The latest date anyone types in Tillit (deadlines have their own, closer
/// limits in the domain).
pub const LATEST_DATE: Date = date(2199, 12, 31);

/// Parse a date written `ÅÅÅÅ-MM-DD` (spaces around it ignored), in
/// [`EARLIEST_DATE`]..=[`LATEST_DATE`].
pub fn parse_date(tr: Tr, text: &str) -> Result<Date, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(tr.t("form-date-missing"));
    }
    let parts: Vec<&str> = t.split('-').collect();
    let well_formed = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed {
        return Err(tr.t1("form-date-format", "value", t.to_string()));
    }
    let (y, m, d) = (
        parts[0].parse::<i16>().unwrap_or(0),
        parts[1].parse::<i8>().unwrap_or(0),
        parts[2].parse::<i8>().unwrap_or(0),
    );
    let d = Date::new(y, m, d).map_err(|_| tr.t1("form-date-invalid", "value", t.to_string()))?;
    if !(EARLIEST_DATE..=LATEST_DATE).contains(&d) {
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("value", t.to_string());
        args.set("earliest", EARLIEST_DATE.to_string());
        args.set("latest", LATEST_DATE.to_string());
        return Err(tr.args("form-date-out-of-range", &args));
    }
    Ok(d)
}

/// A year from a query or a hidden field: `default` unless it is a year in
/// the window every typed date has ([`EARLIEST_DATE`]..=[`LATEST_DATE`]).
pub fn year_param(text: &str, default: i16) -> i16 {
    text.trim()
        .parse::<i16>()
        .ok()
        .filter(|y| (EARLIEST_DATE.year()..=LATEST_DATE.year()).contains(y))
        .unwrap_or(default)
}

/// Parse a time of day written `TT:MM` (or `TT.MM`).
pub fn parse_time(tr: Tr, text: &str) -> Result<Time, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(tr.t("form-time-missing"));
    }
    let parts: Vec<&str> = t.split([':', '.']).collect();
    let ok = parts.len() == 2
        && (1..=2).contains(&parts[0].len())
        && parts[1].len() == 2
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        return Err(tr.t1("form-time-format", "value", t.to_string()));
    }
    let h = parts[0].parse::<i8>().unwrap_or(99);
    let m = parts[1].parse::<i8>().unwrap_or(99);
    Time::new(h, m, 0, 0).map_err(|_| tr.t1("form-time-format", "value", t.to_string()))
}

/// Parse an amount in kronor (`1850`, `1 850`, `1850,50`, `1850.5`) into
/// öre. Empty is `None`.
pub fn parse_kronor(tr: Tr, text: &str) -> Result<Option<i64>, String> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    let t = t.strip_suffix("kr").unwrap_or(&t).trim_end_matches(':');
    if t.is_empty() {
        return Ok(None);
    }
    let err = || tr.t1("form-kronor-format", "value", text.trim().to_string());
    let (whole, frac) = match t.split_once([',', '.']) {
        Some((w, f)) => (w, f),
        None => (t, ""),
    };
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(err());
    }
    let whole: i64 = whole.parse().map_err(|_| err())?;
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| err())? * 10,
        _ => frac.parse().map_err(|_| err())?,
    };
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac))
        .map(Some)
        .ok_or_else(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use jiff::civil::{date, time};

    #[test]
    fn dates_are_iso_and_checked() {
        let tr = Tr::new(Lang::Sv);
        assert_eq!(parse_date(tr, " 2026-03-10 "), Ok(date(2026, 3, 10)));
        assert!(
            parse_date(tr, "2026-02-30")
                .unwrap_err()
                .contains("finns inte")
        );
        assert!(
            parse_date(tr, "10/3/2026")
                .unwrap_err()
                .contains("ÅÅÅÅ-MM-DD")
        );
        assert!(parse_date(tr, "2026-3-1").is_err());
        assert!(parse_date(tr, "").is_err());
    }

    #[test]
    fn times_and_amounts() {
        let tr = Tr::new(Lang::Sv);
        assert_eq!(parse_time(tr, "9:05"), Ok(time(9, 5, 0, 0)));
        assert_eq!(parse_time(tr, "17.30"), Ok(time(17, 30, 0, 0)));
        assert!(parse_time(tr, "25:00").is_err());
        assert_eq!(parse_kronor(tr, "1 850"), Ok(Some(185_000)));
        assert_eq!(parse_kronor(tr, "1850,5"), Ok(Some(185_050)));
        assert_eq!(parse_kronor(tr, "1850.50 kr"), Ok(Some(185_050)));
        assert_eq!(parse_kronor(tr, ""), Ok(None));
        assert!(parse_kronor(tr, "-5").is_err());
        assert!(parse_kronor(tr, "tusen").is_err());
    }

    #[test]
    fn dates_outside_the_window_are_refused() {
        let tr = Tr::new(Lang::Sv);
        for bad in ["0000-01-01", "1899-12-31", "2200-01-01", "9999-12-31"] {
            let e = parse_date(tr, bad).unwrap_err();
            assert!(e.contains("1900-01-01 till 2199-12-31"), "{bad}: {e}");
        }
        assert_eq!(parse_date(tr, "1900-01-01"), Ok(EARLIEST_DATE));
        assert_eq!(year_param("2025", 2000), 2025);
        for bad in ["32767", "-1", "1899", "2200", "", "två"] {
            assert_eq!(year_param(bad, 2000), 2000, "{bad}");
        }
    }

    #[test]
    fn forms_keep_every_pair_and_name_the_conflicts() {
        let d =
            FormData::parse(b"a=1&b=2&a=1&c=%C3%96&b=3&csrf=x&csrf=y&multi=1&multi=2&bad=%ZZ%FF");
        assert_eq!(d.get("a"), "1");
        assert_eq!(d.get("c"), "Ö");
        assert_eq!(d.conflicts(&["multi"]), vec!["b"]);
        #[derive(serde::Deserialize, Default, Debug)]
        struct F {
            #[serde(default)]
            b: String,
            #[serde(default)]
            c: String,
        }
        let f: F = d.decode().unwrap();
        assert_eq!((f.b.as_str(), f.c.as_str()), ("2", "Ö"), "the first value");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The parsers of what people type are total: a value or a Swedish
        /// message, never a panic.
        #[test]
        fn typed_values_parse_or_say_why(s in proptest::prelude::any::<String>()) {
            let tr = Tr::new(Lang::Sv);
            if let Ok(d) = parse_date(tr, &s) {
                proptest::prop_assert!((EARLIEST_DATE..=LATEST_DATE).contains(&d));
            }
            let _ = parse_time(tr, &s);
            if let Ok(Some(ore)) = parse_kronor(tr, &s) {
                proptest::prop_assert!(ore >= 0);
            }
            let y = year_param(&s, 2000);
            proptest::prop_assert!((1900..=2199).contains(&y));
        }

        /// Any body or query string is read, and decodes into a form struct.
        #[test]
        fn any_body_is_a_form(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            #[derive(serde::Deserialize, Default, Debug)]
            struct F {
                #[serde(default)]
                text: String,
                #[serde(default)]
                version: String,
            }
            let d = FormData::parse(&bytes);
            let _ = d.conflicts(&[]);
            let f = d.decode::<F>();
            proptest::prop_assert!(f.is_ok());
            let f = f.unwrap_or_default();
            proptest::prop_assert_eq!(f.text.as_str(), d.get("text"));
            proptest::prop_assert_eq!(f.version.as_str(), d.get("version"));
        }

        /// Any values in any form: `read` gives a value only when nothing
        /// is wrong, and otherwise errors to show; never a panic.
        #[test]
        fn any_form_is_read_or_refused(
            on in proptest::prelude::any::<String>(),
            kind in proptest::prelude::any::<String>(),
            confirm in proptest::prelude::any::<String>(),
            version in proptest::prelude::any::<String>(),
            extra in proptest::prelude::any::<String>(),
        ) {
            let tr = Tr::new(Lang::Sv);
            let data = form(&[
                ("on", &on),
                ("kind", &kind),
                ("confirm", &confirm),
                ("version", &version),
                ("price", &extra),
            ]);
            match read(tr, &fields(), &data, Some(7), |input| {
                let price = input.kronor("price");
                let unit = input.optional_pick("price", "x".into(), |s| s.parse::<u8>().ok());
                let parsed = parse(input);
                price.and(unit).and(parsed)
            }) {
                Ok((d, _)) => {
                    proptest::prop_assert!((EARLIEST_DATE..=LATEST_DATE).contains(&d));
                    proptest::prop_assert_eq!(data.trimmed("version"), "7");
                    proptest::prop_assert!(data.checked("confirm"));
                }
                Err(r) => proptest::prop_assert!(!r.errors.is_empty()),
            }
        }

        /// Date-shaped strings: digits, dashes and multi-byte digits.
        #[test]
        fn date_shaped_strings_parse_or_say_why(
            s in "[0-9٣\\-+ ]{0,14}"
        ) {
            let _ = parse_date(Tr::new(Lang::Sv), &s);
            let _ = parse_time(Tr::new(Lang::Sv), &s);
            let _ = parse_kronor(Tr::new(Lang::Sv), &s);
        }
    }

    fn form(pairs: &[(&str, &str)]) -> FormData {
        FormData::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    fn fields() -> Vec<Field> {
        vec![
            Field::new("on", Kind::Date, "Datum".into()),
            Field::new("kind", Kind::Select, "Typ".into()),
            Field::confirm("confirm", "Jag bekräftar".into(), String::new()),
        ]
    }

    /// The parse of the test form: a date and a code of a catalogue.
    fn parse(input: &mut Input<'_>) -> Option<(Date, tillit_domain::case::ReviewKind)> {
        let on = input.date("on");
        let kind = input.choice("kind", tillit_domain::case::ReviewKind::from_code);
        Some((on?, kind?))
    }

    #[test]
    fn read_checks_what_every_form_shares() {
        let tr = Tr::new(Lang::Sv);
        let good = [
            ("on", "2026-03-10"),
            ("kind", "consideration"),
            ("confirm", "1"),
            ("version", "4"),
        ];
        let (on, _) = read(tr, &fields(), &form(&good), Some(4), parse).unwrap();
        assert_eq!(on, date(2026, 3, 10));
        // A stale version: 409, before anything is parsed.
        let r = read(tr, &fields(), &form(&good), Some(5), parse).unwrap_err();
        assert_eq!(r.status, StatusCode::CONFLICT);
        // No version: 422.
        let r = read(tr, &fields(), &form(&good[..3]), Some(4), parse).unwrap_err();
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        // A field sent twice: beside it, nothing parsed.
        let twice = [("on", "2026-03-10"), ("on", "2026-03-11")];
        let r = read(tr, &fields(), &form(&twice), None, parse).unwrap_err();
        assert!(r.errors.get("on").unwrap().contains("flera gånger"));
        // An unknown code is never a default; the box must be ticked.
        let bad = [("on", "2026-03-10"), ("kind", "annat")];
        let r = read(tr, &fields(), &form(&bad), None, parse).unwrap_err();
        assert_eq!(r.errors.get("kind"), Some("Välj ett av alternativen."));
        assert!(r.errors.get("confirm").unwrap().contains("bekräfta"));
        // The title says so, in one place.
        let shown = Shown::new(tr, "Steg", &fields(), &form(&bad), &r.errors);
        assert_eq!(shown.title, "Fel: Steg");
        assert_eq!(shown.summary.len(), 2);
        assert_eq!(shown.fields[1].value, "annat", "what was typed is kept");
    }

    #[test]
    fn errors_keep_the_first_per_field_and_sort_the_summary() {
        let mut e = Errors::new();
        e.field("text", "a");
        e.field("text", "b");
        e.field("on", "c");
        e.general("d");
        let s = e.summary(&["on", "text"]);
        let got: Vec<_> = s
            .iter()
            .map(|i| (i.href.as_str(), i.message.as_str()))
            .collect();
        assert_eq!(got, vec![("", "d"), ("#f-on", "c"), ("#f-text", "a")]);
    }
}
