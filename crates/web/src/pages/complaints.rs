//! Complaints and feedback (synpunkter och klagomål): the public e-service
//! `/synpunkter` (no login; anonymous if the sender wishes) and the staff's
//! register (`/complaints`, through `registers.rs`): registering what came by
//! phone, letter or visit, and assigning, acting, answering and closing.
//!
//! The e-service withstands what the public sends: every field is read by
//! the one form mechanism (errors beside the fields, what was typed kept);
//! the message is at most [`MESSAGE_MAX`] characters; a hidden field that
//! people never fill in ([`HONEYPOT`]) catches form robots, who get a
//! receipt and store nothing; each address may send
//! [`crate::throttle::SUBMISSIONS_PER_ADDRESS`] in ten minutes (then a polite
//! 429); the form carries a one-time submission id, so a double click
//! stores one complaint. The public never learns anything but its own
//! receipt number, which is random and cannot be guessed.

use crate::AppState;
use crate::error::WebError;
use crate::forms::{Field, FieldView, FormData, Input, Kind, Refused, Shown, SummaryItem, read};
use crate::i18n::Tr;
use crate::pages::registers::{FormCtx, REPORT_FORM, RegisterPage, register_routes};
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
use tillit_domain::register::complaint::{
    Channel, Complaint, ComplaintEntry, ComplaintKind, E_SERVICE, MESSAGE_MAX,
};
use tillit_domain::register::{Writer, decide};
use crate::permissions::handles_cases;
use crate::session::CurrentUser;
use tillit_domain::{RecordId, UnitId};
use tillit_store::RecordWrite;


fn optional(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

fn kind_options(tr: Tr) -> Vec<(String, String)> {
    ComplaintKind::all()
        .map(|k| {
            (
                k.code().to_string(),
                tr.label("register-category", k.code(), k.label()),
            )
        })
        .collect()
}

impl RegisterPage for Complaint {
    const BASE: &'static str = "/complaints";

    fn title(tr: Tr) -> String {
        tr.t("complaint-title")
    }

    fn intro(tr: Tr) -> String {
        tr.t("complaint-intro")
    }

    fn forms(tr: Tr, s: &Complaint) -> Vec<(&'static str, String)> {
        if s.closed.is_some() {
            return Vec::new();
        }
        let mut out = vec![("assign", tr.t("complaint-assign"))];
        if s.acted.is_none() {
            out.push(("act", tr.t("complaint-act")));
        }
        if s.can_answer && s.answered.is_none() {
            out.push(("answer", tr.t("complaint-answer")));
        }
        out.push(("link-case", tr.t("complaint-link-case")));
        out.push(("close", tr.t("complaint-close")));
        out
    }

    /// A handler who reads cases links the complaint to the case it
    /// concerns by the child's personnummer (a look-up of the cases they
    /// may read); the quality lead, who reads no case, does not.
    fn may_fill(code: &str, user: &CurrentUser, _s: &Complaint) -> bool {
        code != "link-case" || handles_cases(user.role)
    }

    fn case_field(code: &str) -> Option<&'static str> {
        (code == "link-case").then_some("case_pnr")
    }

    /// The child of the linked case is named in the access log of every
    /// read of the complaint.
    fn concerns(s: &Complaint) -> Vec<tillit_domain::CaseId> {
        s.case.into_iter().collect()
    }

    fn links(e: &ComplaintEntry, _id: RecordId, c: &FormCtx<'_>) -> Vec<(String, String)> {
        match e {
            ComplaintEntry::CaseLinked { case: Some(case) } => {
                c.case_link(*case).into_iter().collect()
            }
            _ => Vec::new(),
        }
    }

    fn fields(code: &str, c: &FormCtx<'_>, _s: &Complaint) -> Option<Vec<Field>> {
        let tr = c.tr;
        let text = |name, key: &str| Field::new(name, Kind::TextArea, tr.t(key)).required();
        Some(match code {
            REPORT_FORM => vec![
                Field::new("kind", Kind::Radios, tr.t("complaint-kind"))
                    .options(kind_options(tr))
                    .required(),
                Field::new("unit", Kind::Select, tr.t("register-unit"))
                    .options(c.unit_options())
                    .required(),
                Field::new("channel", Kind::Select, tr.t("complaint-channel"))
                    .options(
                        Channel::all()
                            .filter(|ch| *ch != Channel::EService)
                            .map(|ch| {
                                (
                                    ch.code().to_string(),
                                    tr.label("complaint-channel", ch.code(), ch.label()),
                                )
                            })
                            .collect(),
                    )
                    .required(),
                text("message", "complaint-message"),
                Field::new("contact", Kind::Text, tr.t("complaint-contact"))
                    .hint(tr.t("complaint-contact-hint")),
            ],
            "assign" => vec![
                Field::new("to", Kind::Select, tr.t("complaint-assign-to"))
                    .options(
                        c.staff
                            .iter()
                            .map(|(id, name)| (id.0.to_string(), name.clone()))
                            .collect(),
                    )
                    .required(),
            ],
            "act" => vec![text("action", "complaint-action")],
            "answer" => vec![
                Field::new("on", Kind::Date, tr.t("complaint-answered-on")).required(),
                text("how", "complaint-answered-how"),
            ],
            "link-case" => vec![
                Field::new("case_pnr", Kind::Text, tr.t("register-case-pnr"))
                    .hint(tr.t("complaint-link-case-hint")),
            ],
            "close" => vec![
                text("conclusion", "complaint-conclusion"),
                Field::confirm("confirm", tr.t("complaint-close-confirm"), String::new()),
            ],
            _ => return None,
        })
    }

    fn parse(
        code: &str,
        input: &mut Input<'_>,
        c: &FormCtx<'_>,
        _s: &Complaint,
    ) -> Option<ComplaintEntry> {
        Some(match code {
            REPORT_FORM => {
                let kind = input.choice("kind", ComplaintKind::from_code);
                let unit = c.parse_unit(input, "unit");
                let channel = input.choice("channel", |code| {
                    Channel::from_code(code).filter(|ch| *ch != Channel::EService)
                });
                ComplaintEntry::Received {
                    kind: kind?,
                    unit: unit?,
                    channel: channel?,
                    message: input.raw("message"),
                    contact: optional(input.text("contact")),
                    receipt: receipt("SY").ok()?,
                }
            }
            "assign" => {
                let staff = &c.staff;
                ComplaintEntry::Assigned {
                    to: input.choice("to", |code| {
                        let id = code.parse::<i64>().ok()?;
                        staff.iter().find(|(u, _)| u.0 == id).map(|(u, _)| *u)
                    })?,
                }
            }
            "act" => ComplaintEntry::Acted {
                action: input.raw("action"),
            },
            "answer" => {
                let on = input.date("on");
                ComplaintEntry::Answered {
                    on: on?,
                    how: input.raw("how"),
                }
            }
            "close" => ComplaintEntry::Closed {
                conclusion: input.raw("conclusion"),
            },
            "link-case" => ComplaintEntry::CaseLinked {
                case: c.parse_case(input, "case_pnr")?,
            },
            _ => return None,
        })
    }

    fn show(e: &ComplaintEntry, c: &FormCtx<'_>) -> (String, Vec<(String, String)>) {
        let tr = c.tr;
        let l = |key: &str, v: String| (tr.t(key), v);
        match e {
            ComplaintEntry::Received {
                kind,
                unit,
                message,
                contact,
                channel,
                receipt,
            } => {
                let mut lines = vec![
                    l(
                        "complaint-kind",
                        tr.label("register-category", kind.code(), kind.label()),
                    ),
                    l("register-unit", c.unit_name(*unit)),
                    l(
                        "complaint-channel",
                        tr.label("complaint-channel", channel.code(), channel.label()),
                    ),
                    l("complaint-message", message.clone()),
                    l("complaint-receipt", receipt.clone()),
                ];
                lines.push(l(
                    "complaint-contact",
                    contact.clone().unwrap_or_else(|| tr.t("complaint-anonymous")),
                ));
                (tr.t("complaint-entry-received"), lines)
            }
            ComplaintEntry::Assigned { to } => (
                tr.t("complaint-assign"),
                vec![l("complaint-assign-to", c.staff_name(*to))],
            ),
            ComplaintEntry::Acted { action } => (
                tr.t("complaint-act"),
                vec![l("complaint-action", action.clone())],
            ),
            ComplaintEntry::Answered { on, how } => (
                tr.t("complaint-answer"),
                vec![
                    l("complaint-answered-on", on.to_string()),
                    l("complaint-answered-how", how.clone()),
                ],
            ),
            ComplaintEntry::Closed { conclusion } => (
                tr.t("complaint-close"),
                vec![l("complaint-conclusion", conclusion.clone())],
            ),
            ComplaintEntry::CaseLinked { case } => (
                tr.t("complaint-link-case"),
                vec![l(
                    "register-case",
                    case.map_or_else(|| tr.t("register-case-unlinked"), |case| c.case_line(case)),
                )],
            ),
        }
    }
}

// --- The e-service --------------------------------------------------------------

#[derive(Template)]
#[template(path = "public_feedback.html")]
struct PublicForm {
    l: Layout,
    csrf: String,
    submission: String,
    fields: Vec<FieldView>,
    summary: Vec<SummaryItem>,
}

#[derive(Template)]
#[template(path = "public_receipt.html")]
struct PublicReceipt {
    l: Layout,
    receipt: Option<String>,
    answer_expected: bool,
}

/// The public form's fields.
fn public_fields(tr: Tr, units: &[(UnitId, String)]) -> Vec<Field> {
    vec![
        Field::new("kind", Kind::Radios, tr.t("complaint-kind"))
            .options(kind_options(tr))
            .required(),
        Field::new("unit", Kind::Select, tr.t("complaint-public-unit"))
            .options(
                std::iter::once((String::new(), tr.t("complaint-public-unit-unknown")))
                    .chain(units.iter().map(|(id, n)| (id.0.to_string(), n.clone())))
                    .collect(),
            )
            .hint(tr.t("complaint-public-unit-hint")),
        Field::new("message", Kind::TextArea, tr.t("complaint-public-message"))
            .hint(tr.n("complaint-public-message-hint", MESSAGE_MAX))
            .required(),
        Field::new("contact", Kind::Text, tr.t("complaint-public-contact"))
            .hint(tr.t("complaint-public-contact-hint")),
    ]
}

async fn units(state: &AppState) -> Result<Vec<(UnitId, String)>, WebError> {
    Ok(state
        .store()
        .units()
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

fn public_page(
    state: &AppState,
    tr: Tr,
    headers: &HeaderMap,
    data: &FormData,
    refused: Refused,
    units: &[(UnitId, String)],
) -> Result<Response, WebError> {
    let pre = PreSession::of(headers)?;
    let heading = tr.t("complaint-public-title");
    let fields = public_fields(tr, units);
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

/// `GET /synpunkter`: the e-service's form.
pub async fn public_form(
    State(state): State<AppState>,
    tr: Tr,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let units = units(&state).await?;
    public_page(
        &state,
        tr,
        &headers,
        &FormData::new(Vec::new()),
        Refused::none(),
        &units,
    )
}

fn receipt_page(
    tr: Tr,
    status: StatusCode,
    receipt: Option<String>,
    answer_expected: bool,
) -> Result<Response, WebError> {
    let p = PublicReceipt {
        l: Layout::public(tr, tr.t("complaint-public-thanks")),
        receipt,
        answer_expected,
    };
    html_status(status, &p)
}

/// `POST /synpunkter`: store the message and answer with its receipt.
pub async fn public_submit(
    State(state): State<AppState>,
    tr: Tr,
    headers: HeaderMap,
    ClientAddr(addr): ClientAddr,
    data: FormData,
) -> Result<Response, WebError> {
    // A robot filled in the hidden field: it gets what a person would, and
    // nothing is stored.
    if !data.trimmed(HONEYPOT).is_empty() {
        tracing::info!("public form: the hidden field was filled in; nothing stored");
        return receipt_page(tr, StatusCode::OK, Some(receipt("SY")?), false);
    }
    let units = units(&state).await?;
    let fields = public_fields(tr, &units);
    let parsed = read(tr, &fields, &data, None, |input| {
        let kind = input.choice("kind", ComplaintKind::from_code);
        let unit = if input.data.trimmed("unit").is_empty() {
            // "Vet inte": the first unit (the reception) sorts it out.
            units.first().map(|(u, _)| *u)
        } else {
            input.choice("unit", |code| {
                let id = code.parse::<i64>().ok()?;
                units.iter().find(|(u, _)| u.0 == id).map(|(u, _)| *u)
            })
        };
        let message = input.raw("message");
        let n = message.trim().chars().count();
        if n == 0 {
            input.field("message", tr.t("complaint-public-message-missing"));
        } else if n > MESSAGE_MAX {
            input.field(
                "message",
                tr.args(
                    "complaint-public-message-long",
                    &fluent_args(&[("max", MESSAGE_MAX), ("count", n)]),
                ),
            );
        }
        let contact = optional(input.text("contact"));
        if contact
            .as_ref()
            .is_some_and(|c| c.chars().count() > tillit_domain::register::complaint::CONTACT_MAX)
        {
            input.field("contact", tr.t("complaint-public-contact-long"));
        }
        Some((kind?, unit?, message, contact))
    });
    let (kind, unit, message, contact) = match parsed {
        Ok(v) => v,
        Err(refused) => return public_page(&state, tr, &headers, &data, refused, &units),
    };
    if let Err(wait) = state
        .submissions()
        .take(&addr, std::time::Instant::now())
    {
        let mut resp = receipt_page(tr, StatusCode::TOO_MANY_REQUESTS, None, false)?;
        retry_after(&mut resp, wait);
        return Ok(resp);
    }
    let answer_expected = contact.is_some();
    let entry = ComplaintEntry::Received {
        kind,
        unit,
        message,
        contact,
        channel: Channel::EService,
        receipt: receipt("SY")?,
    };
    let today = state.today();
    let writer = Writer {
        user: E_SERVICE,
        handles: false,
    };
    let (_, written) = match decide::<Complaint>(
        &Complaint::default(),
        &entry,
        writer,
        today,
        Timestamp::now(),
    ) {
        Ok(x) => x,
        Err(r) => {
            let refused = Refused::general(r.0, StatusCode::UNPROCESSABLE_ENTITY);
            return public_page(&state, tr, &headers, &data, refused, &units);
        }
    };
    // The form's submission id is the record's id: sent twice, it is
    // stored once.
    let id = submission_id(&data);
    let ComplaintEntry::Received { receipt: number, .. } = &written.entry else {
        return Err(WebError::Internal {
            what: "the received entry changed kind",
            cause: None,
        });
    };
    let number = number.clone();
    let write = RecordWrite::new::<Complaint>(id, 0, &Complaint::default(), &[written])?;
    match store_once::<Complaint>(&state, tr, id, write, number, |s| s.receipt.clone()).await? {
        Stored::Receipt(r) => receipt_page(tr, StatusCode::OK, r, answer_expected),
        Stored::Unavailable(refused) => public_page(&state, tr, &headers, &data, refused, &units),
    }
}

fn fluent_args(pairs: &[(&'static str, usize)]) -> fluent_bundle::FluentArgs<'static> {
    let mut a = fluent_bundle::FluentArgs::new();
    for (k, v) in pairs {
        a.set(*k, *v);
    }
    a
}

pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::Access::Public;
    register_routes!(r, Complaint, "/complaints")
        .get("/synpunkter", Public, public_form)
        .post("/synpunkter", Public, public_submit)
}
