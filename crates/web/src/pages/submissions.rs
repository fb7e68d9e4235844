//! Reports of concern through the public e-service: the form `/anmalan`
//! (no login) and the intake unit's queue `/submissions` (through
//! `registers.rs`), where a submission is registered as an aktualisering
//! (the intake form prefilled from it, `/intake/new?submission=ID`), or
//! recorded as added to an ongoing investigation, or as a duplicate.
//!
//! The public form is built like the one for complaints
//! (`complaints.rs`): the form mechanism with errors beside the fields and
//! what was typed kept, a robot trap, a per-address limit, a one-time
//! submission id (a double click stores once) and a random receipt. The
//! public side never learns whether a child is known: nothing is looked
//! up. Attachments are not taken (the form has no file field; a post that
//! is not a form is refused by the CSRF layer).

use crate::AppState;
use crate::error::WebError;
use crate::forms::{Field, FieldView, FormData, Input, Kind, Refused, Shown, SummaryItem, read};
use crate::i18n::Tr;
use crate::pages::registers::{FormCtx, RegisterPage, register_routes};
use crate::request::ClientAddr;
use crate::public_form::{
    HONEYPOT, PreSession, Stored, receipt, retry_after, store_once, submission_id,
};
use crate::view::{Layout, html_status};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jiff::Timestamp;
use tillit_domain::RecordId;
use tillit_domain::catalog::{ConcernCategory, ReporterCategory};
use tillit_domain::identity::IdentityNumber;
use tillit_domain::register::submission::{
    E_SERVICE, GivenChild, GivenReporter, SHORT_MAX, Submission, SubmissionEntry,
};
use tillit_domain::register::{Writer, decide};
use tillit_domain::UnitId;
use tillit_store::RecordWrite;

/// Child rows on the public form.
pub const CHILD_ROWS: usize = 3;

fn optional(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

impl RegisterPage for Submission {
    const BASE: &'static str = "/submissions";

    fn title(tr: Tr) -> String {
        tr.t("submission-title")
    }

    fn intro(tr: Tr) -> String {
        tr.t("submission-intro")
    }

    fn forms(tr: Tr, s: &Submission) -> Vec<(&'static str, String)> {
        if s.handled.is_some() {
            return Vec::new();
        }
        vec![
            ("added", tr.t("submission-added")),
            ("duplicate", tr.t("submission-duplicate")),
        ]
    }

    /// Registered: the cases it went to (their children are named in the
    /// access log of every later read of it).
    fn concerns(s: &Submission) -> Vec<tillit_domain::CaseId> {
        s.cases.clone()
    }

    fn record_links(tr: Tr, id: RecordId, s: &Submission) -> Vec<(String, String)> {
        if s.handled.is_some() {
            return Vec::new();
        }
        vec![(
            format!("/intake/new?submission={id}"),
            tr.t("submission-register"),
        )]
    }

    fn fields(code: &str, c: &FormCtx<'_>, _s: &Submission) -> Option<Vec<Field>> {
        let tr = c.tr;
        Some(match code {
            "added" | "duplicate" => vec![
                Field::new("note", Kind::TextArea, tr.t("submission-note"))
                    .hint(tr.t("submission-note-hint"))
                    .required(),
                Field::confirm("confirm", tr.t("submission-confirm"), String::new()),
            ],
            _ => return None,
        })
    }

    fn parse(
        code: &str,
        input: &mut Input<'_>,
        _c: &FormCtx<'_>,
        _s: &Submission,
    ) -> Option<SubmissionEntry> {
        Some(match code {
            "added" => SubmissionEntry::AddedToInvestigation {
                note: input.raw("note"),
            },
            "duplicate" => SubmissionEntry::Duplicate {
                note: input.raw("note"),
            },
            _ => return None,
        })
    }

    fn show(e: &SubmissionEntry, c: &FormCtx<'_>) -> (String, Vec<(String, String)>) {
        let tr = c.tr;
        let l = |key: &str, v: String| (tr.t(key), v);
        let yes = |b: bool| if b { tr.t("form-yes") } else { tr.t("form-no") };
        match e {
            SubmissionEntry::Submitted {
                unit,
                received_at,
                reporter,
                children,
                guardians,
                what,
                concerns,
                acute,
                wants_feedback,
                receipt,
            } => {
                let mut lines = vec![
                    l("submission-received-at", crate::time::format_timestamp(*received_at)),
                    l("register-unit", c.unit_name(*unit)),
                    l("submission-receipt", receipt.clone()),
                    l(
                        "submission-reporter",
                        if reporter.mandatory {
                            tr.t("submission-reporter-mandatory")
                        } else if reporter.name.is_none() {
                            tr.t("submission-reporter-anonymous")
                        } else {
                            tr.t("submission-reporter-private")
                        },
                    ),
                    l(
                        "submission-profession",
                        tr.label("cat-reporter", reporter.category.code(), reporter.category.label()),
                    ),
                ];
                for (key, v) in [
                    ("submission-organisation", &reporter.organisation),
                    ("submission-name", &reporter.name),
                    ("submission-phone", &reporter.phone),
                    ("submission-email", &reporter.email),
                ] {
                    if let Some(v) = v {
                        lines.push(l(key, v.clone()));
                    }
                }
                for (i, child) in children.iter().enumerate() {
                    let parts: Vec<String> = [
                        child.identity_number.clone(),
                        child.name.clone(),
                        child.age.map(|a| tr.t1("submission-age-years", "age", a.to_string())),
                        child.whereabouts.clone(),
                    ]
                    .into_iter()
                    .flatten()
                    .collect();
                    lines.push((
                        tr.t1("submission-child-n", "n", (i + 1).to_string()),
                        parts.join(", "),
                    ));
                }
                if let Some(g) = guardians {
                    lines.push(l("submission-guardians", g.clone()));
                }
                lines.push(l("submission-what", what.clone()));
                lines.push(l(
                    "submission-concerns",
                    concerns
                        .iter()
                        .map(|c| tr.label("cat-concern", c.code(), c.label()))
                        .collect::<Vec<_>>()
                        .join(", "),
                ));
                lines.push(l("submission-acute", yes(*acute)));
                lines.push(l("submission-wants-feedback", yes(*wants_feedback)));
                (tr.t("submission-entry-submitted"), lines)
            }
            SubmissionEntry::Registered { cases } => (
                tr.t("submission-registered"),
                cases
                    .iter()
                    .map(|c| (tr.t("submission-case"), format!("/cases/{c}")))
                    .collect(),
            ),
            SubmissionEntry::AddedToInvestigation { note } => (
                tr.t("submission-added"),
                vec![l("submission-note", note.clone())],
            ),
            SubmissionEntry::Duplicate { note } => (
                tr.t("submission-duplicate"),
                vec![l("submission-note", note.clone())],
            ),
        }
    }
}

// --- The public form -----------------------------------------------------------

#[derive(Template)]
#[template(path = "public_report.html")]
struct PublicForm {
    l: Layout,
    csrf: String,
    submission: String,
    fields: Vec<FieldView>,
    summary: Vec<SummaryItem>,
}

#[derive(Template)]
#[template(path = "public_report_receipt.html")]
struct PublicReceipt {
    l: Layout,
    receipt: Option<String>,
    acute: bool,
    feedback: bool,
}

/// The child rows' field names.
const CHILD_FIELDS: [[&str; 4]; CHILD_ROWS] = [
    ["child_pnr_0", "child_name_0", "child_age_0", "child_where_0"],
    ["child_pnr_1", "child_name_1", "child_age_1", "child_where_1"],
    ["child_pnr_2", "child_name_2", "child_age_2", "child_where_2"],
];

fn child_names() -> &'static [[&'static str; 4]; CHILD_ROWS] {
    &CHILD_FIELDS
}

fn public_fields(tr: Tr) -> Vec<Field> {
    let yes_no = || {
        vec![
            ("yes".to_string(), tr.t("form-yes")),
            ("no".to_string(), tr.t("form-no")),
        ]
    };
    let mut f = vec![
        Field::new("reporter_type", Kind::Radios, tr.t("anmalan-reporter-type"))
            .options(vec![
                ("mandatory".into(), tr.t("anmalan-reporter-mandatory")),
                ("private".into(), tr.t("anmalan-reporter-private")),
                ("anonymous".into(), tr.t("anmalan-reporter-anonymous")),
            ])
            .required(),
        Field::new("profession", Kind::Select, tr.t("anmalan-profession"))
            .hint(tr.t("anmalan-profession-hint"))
            .options(
                std::iter::once((String::new(), tr.t("form-choose")))
                    .chain(
                        ReporterCategory::all()
                            .filter(|c| c.is_mandatory_reporter())
                            .map(|c| (c.code().to_string(), tr.label("cat-reporter", c.code(), c.label()))),
                    )
                    .collect(),
            ),
        Field::new("organisation", Kind::Text, tr.t("anmalan-organisation")),
        Field::new("reporter_name", Kind::Text, tr.t("anmalan-name")),
        Field::new("phone", Kind::Text, tr.t("anmalan-phone")),
        Field::new("email", Kind::Text, tr.t("anmalan-email")),
    ];
    for (i, [pnr, name, age, place]) in child_names().iter().enumerate() {
        let n = (i + 1).to_string();
        f.push(
            Field::new(pnr, Kind::Text, tr.t1("anmalan-child-pnr", "n", n.clone()))
                .hint(tr.t("anmalan-child-pnr-hint")),
        );
        f.push(Field::new(name, Kind::Text, tr.t1("anmalan-child-name", "n", n.clone())));
        f.push(Field::new(age, Kind::Text, tr.t1("anmalan-child-age", "n", n.clone())));
        f.push(Field::new(place, Kind::Text, tr.t1("anmalan-child-where", "n", n)));
    }
    f.extend([
        Field::new("guardians", Kind::Text, tr.t("anmalan-guardians"))
            .hint(tr.t("anmalan-guardians-hint")),
        Field::new("what", Kind::TextArea, tr.t("anmalan-what"))
            .hint(tr.t("anmalan-what-hint"))
            .required(),
        Field::new("concerns", Kind::Checkboxes, tr.t("anmalan-concerns")).options(
            ConcernCategory::all()
                .map(|c| (c.code().to_string(), tr.label("cat-concern", c.code(), c.label())))
                .collect(),
        ),
        Field::new("acute", Kind::Radios, tr.t("anmalan-acute"))
            .hint(tr.t("anmalan-acute-hint"))
            .options(yes_no())
            .required(),
        Field::new("wants_feedback", Kind::Radios, tr.t("anmalan-feedback"))
            .hint(tr.t("anmalan-feedback-hint"))
            .options(yes_no())
            .required(),
    ]);
    f
}

fn page(
    state: &AppState,
    tr: Tr,
    headers: &HeaderMap,
    data: &FormData,
    refused: Refused,
) -> Result<Response, WebError> {
    let pre = PreSession::of(headers)?;
    let heading = tr.t("anmalan-title");
    let fields = public_fields(tr);
    let shown = Shown::new(tr, &heading, &fields, data, &refused.errors);
    let p = PublicForm {
        l: Layout::public(tr, shown.title),
        csrf: pre.csrf.clone(),
        submission: submission_id(data).to_string(),
        fields: shown.fields,
        summary: shown.summary,
    };
    let mut resp = html_status(refused.status, &p)?;
    pre.set_on(state, &mut resp);
    Ok(resp)
}

/// `GET /anmalan`.
pub async fn public_form(
    State(state): State<AppState>,
    tr: Tr,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    page(&state, tr, &headers, &FormData::new(Vec::new()), Refused::none())
}

fn receipt_page(
    tr: Tr,
    status: StatusCode,
    receipt: Option<String>,
    acute: bool,
    feedback: bool,
) -> Result<Response, WebError> {
    let p = PublicReceipt {
        l: Layout::public(tr, tr.t("anmalan-thanks")),
        receipt,
        acute,
        feedback,
    };
    html_status(status, &p)
}

/// What the form gives, read field by field (errors beside each).
struct Given {
    reporter: GivenReporter,
    children: Vec<GivenChild>,
    guardians: Option<String>,
    what: String,
    concerns: Vec<ConcernCategory>,
    acute: bool,
    wants_feedback: bool,
}

fn parse(input: &mut Input<'_>, today: jiff::civil::Date) -> Option<Given> {
    let tr = input.tr;
    let kind = input.choice("reporter_type", |t| {
        matches!(t, "mandatory" | "private" | "anonymous").then(|| t.to_string())
    });
    let mandatory = kind.as_deref() == Some("mandatory");
    let anonymous = kind.as_deref() == Some("anonymous");
    let short = |input: &mut Input<'_>, name: &str, required: bool| -> Option<String> {
        let v = input.text(name);
        if v.chars().count() > SHORT_MAX {
            input.field(name, tr.n("anmalan-too-long", SHORT_MAX));
            return None;
        }
        if v.is_empty() && required {
            input.field(name, tr.t("anmalan-mandatory-missing"));
        }
        optional(v)
    };
    let organisation = short(input, "organisation", mandatory);
    let name = short(input, "reporter_name", mandatory);
    let phone = short(input, "phone", mandatory);
    let email = short(input, "email", mandatory);
    let category = if mandatory {
        input.pick("profession", tr.t("anmalan-profession-missing"), |t| {
            ReporterCategory::from_code(t).filter(|c| c.is_mandatory_reporter())
        })
    } else if anonymous {
        Some(ReporterCategory::Anonymous)
    } else {
        Some(ReporterCategory::Relative)
    };
    let mut children = Vec::new();
    for [pnr, cname, age, place] in child_names() {
        let pnr_text = input.text(pnr);
        let number = if pnr_text.is_empty() {
            None
        } else {
            match IdentityNumber::parse(&pnr_text, today) {
                Ok(n) => Some(n.to_string()),
                Err(_) => {
                    input.field(pnr, tr.t("anmalan-child-pnr-invalid"));
                    None
                }
            }
        };
        let child_name = short(input, cname, false);
        let age_text = input.text(age);
        let child_age = if age_text.is_empty() {
            None
        } else {
            match age_text.parse::<u8>() {
                Ok(a) if a <= 20 => Some(a),
                _ => {
                    input.field(age, tr.t("anmalan-child-age-invalid"));
                    None
                }
            }
        };
        let whereabouts = short(input, place, false);
        let child = GivenChild {
            identity_number: number,
            name: child_name,
            age: child_age,
            whereabouts,
        };
        if child.is_named() {
            children.push(child);
        } else if child.age.is_some() || child.whereabouts.is_some() {
            input.field(cname, tr.t("anmalan-child-unnamed"));
        }
    }
    if children.is_empty() {
        let [_, first_name, _, _] = child_names()[0];
        input.field(first_name, tr.t("anmalan-child-missing"));
    }
    let guardians = short(input, "guardians", false);
    let what = input.raw("what");
    let n = what.trim().chars().count();
    if n == 0 {
        input.field("what", tr.t("anmalan-what-missing"));
    } else if n > tillit_domain::register::TEXT_MAX {
        input.field("what", tr.n("anmalan-what-long", tillit_domain::register::TEXT_MAX));
    }
    let concerns: Vec<ConcernCategory> = input
        .data
        .all("concerns")
        .into_iter()
        .filter_map(ConcernCategory::from_code)
        .collect();
    let acute = input.yes_no("acute");
    let wants_feedback = input.yes_no("wants_feedback");
    if wants_feedback == Some(true) && anonymous {
        input.field("wants_feedback", tr.t("anmalan-feedback-anonymous"));
    }
    Some(Given {
        reporter: GivenReporter {
            mandatory,
            category: category?,
            organisation,
            name: if anonymous { None } else { name },
            phone: if anonymous { None } else { phone },
            email: if anonymous { None } else { email },
        },
        children,
        guardians,
        what,
        concerns,
        acute: acute?,
        wants_feedback: wants_feedback?,
    })
}

/// The intake unit: the first unit of kind `mottagning`, else the first.
async fn intake_unit(state: &AppState) -> Result<Option<UnitId>, WebError> {
    let units = state.store().units().await?;
    Ok(units
        .iter()
        .find(|u| u.kind_code == "mottagning")
        .or(units.first())
        .map(|u| u.id))
}

/// `POST /anmalan`.
pub async fn public_submit(
    State(state): State<AppState>,
    tr: Tr,
    headers: HeaderMap,
    ClientAddr(addr): ClientAddr,
    data: FormData,
) -> Result<Response, WebError> {
    if !data.trimmed(HONEYPOT).is_empty() {
        tracing::info!("public report form: the hidden field was filled in; nothing stored");
        return receipt_page(tr, StatusCode::OK, Some(receipt("EA")?), false, false);
    }
    let today = state.today();
    let fields = public_fields(tr);
    let given = match read(tr, &fields, &data, None, |input| parse(input, today)) {
        Ok(g) => g,
        Err(refused) => return page(&state, tr, &headers, &data, refused),
    };
    if let Err(wait) = state.submissions().take(&addr, std::time::Instant::now()) {
        let mut resp = receipt_page(tr, StatusCode::TOO_MANY_REQUESTS, None, given.acute, false)?;
        retry_after(&mut resp, wait);
        return Ok(resp);
    }
    let Some(unit) = intake_unit(&state).await? else {
        return Err(WebError::Internal {
            what: "no unit to receive the report",
            cause: None,
        });
    };
    let (acute, feedback) = (given.acute, given.wants_feedback);
    let entry = SubmissionEntry::Submitted {
        unit,
        received_at: state.now(),
        reporter: given.reporter,
        children: given.children,
        guardians: given.guardians,
        what: given.what,
        concerns: given.concerns,
        acute,
        wants_feedback: feedback,
        receipt: receipt("EA")?,
    };
    let writer = Writer {
        user: E_SERVICE,
        handles: false,
    };
    let (_, written) =
        match decide::<Submission>(&Submission::default(), &entry, writer, today, Timestamp::now()) {
            Ok(x) => x,
            Err(r) => {
                let refused = Refused::general(r.0, StatusCode::UNPROCESSABLE_ENTITY);
                return page(&state, tr, &headers, &data, refused);
            }
        };
    let SubmissionEntry::Submitted { receipt: number, .. } = &written.entry else {
        return Err(WebError::Internal {
            what: "the submitted entry changed kind",
            cause: None,
        });
    };
    let number = number.clone();
    let id = submission_id(&data);
    let write = RecordWrite::new::<Submission>(id, 0, &Submission::default(), &[written])?;
    match store_once::<Submission>(&state, tr, id, write, number, |s| s.receipt.clone()).await? {
        Stored::Receipt(r) => receipt_page(tr, StatusCode::OK, r, acute, feedback),
        Stored::Unavailable(refused) => page(&state, tr, &headers, &data, refused),
    }
}

pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::Access::Public;
    register_routes!(r, Submission, "/submissions", no_report_form)
        .get("/anmalan", Public, public_form)
        .post("/anmalan", Public, public_submit)
}
