//! Lex Sarah (27 kap. SoL): the report any member of staff makes, and the
//! quality lead's forms for receiving, assessing, investigating, reporting
//! to IVO and closing. The rules are the domain's
//! (`tillit_domain::register::lex_sarah`); the pages are `registers.rs`.

use crate::forms::{Field, Input, Kind};
use crate::i18n::Tr;
use crate::pages::registers::{FormCtx, REPORT_FORM, RegisterPage, register_routes};
use tillit_domain::RecordId;
use tillit_domain::register::lex_sarah::{LexSarah, LexSarahEntry, LexSarahTopic, ProviderGround};

fn yes_no(tr: Tr) -> Vec<(String, String)> {
    vec![
        ("yes".into(), tr.t("form-yes")),
        ("no".into(), tr.t("form-no")),
    ]
}

fn optional(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

fn yes(tr: Tr, b: bool) -> String {
    if b { tr.t("form-yes") } else { tr.t("form-no") }
}

impl RegisterPage for LexSarah {
    const BASE: &'static str = "/lex-sarah";
    const USES_PROVIDERS: bool = true;

    /// The reporter links the case the report concerns by the child's
    /// personnummer (a look-up of the cases they may read).
    fn case_field(code: &str) -> Option<&'static str> {
        (code == REPORT_FORM).then_some("case_pnr")
    }

    /// The child of the linked case is named in the access log of every
    /// read of the report.
    fn concerns(s: &LexSarah) -> Vec<tillit_domain::CaseId> {
        s.case.into_iter().collect()
    }

    /// The provider's record, and the linked case for a reader of it.
    fn links(e: &LexSarahEntry, _id: RecordId, c: &FormCtx<'_>) -> Vec<(String, String)> {
        let (code, case) = match e {
            LexSarahEntry::Reported {
                provider_code,
                case,
                ..
            } => (provider_code.clone(), *case),
            LexSarahEntry::ProviderChosen { code, .. } => (Some(code.clone()), None),
            _ => (None, None),
        };
        code.map(|code| (format!("/providers/{code}"), c.tr.t("provider-record-link")))
            .into_iter()
            .chain(case.and_then(|case| c.case_link(case)))
            .collect()
    }

    fn title(tr: Tr) -> String {
        tr.t("lex-sarah-title")
    }

    fn intro(tr: Tr) -> String {
        tr.t("lex-sarah-intro")
    }

    fn forms(tr: Tr, s: &LexSarah) -> Vec<(&'static str, String)> {
        if s.closed_on.is_some() {
            return Vec::new();
        }
        let mut out = Vec::new();
        if s.received_on.is_none() {
            out.push(("receive", tr.t("lex-sarah-receive")));
            return out;
        }
        if s.reported_to_ivo.is_none() {
            out.push(("assess", tr.t("lex-sarah-assess")));
        }
        if s.investigated_on.is_none() {
            out.push(("investigate", tr.t("lex-sarah-investigate")));
        }
        if s.serious == Some(true) && s.reported_to_ivo.is_none() {
            out.push(("report-to-ivo", tr.t("lex-sarah-report-to-ivo")));
        }
        if s.reported_to_ivo.is_some() && !s.investigation_at_ivo() && s.investigated_on.is_some()
        {
            out.push(("investigation-to-ivo", tr.t("lex-sarah-investigation-to-ivo")));
        }
        out.push(("measure", tr.t("lex-sarah-measure")));
        if s.measures.iter().any(|m| !m.done) {
            out.push(("measure-done", tr.t("lex-sarah-measure-done")));
        }
        if s.person_informed.is_none() {
            out.push(("person-informed", tr.t("lex-sarah-person-informed")));
        }
        if s.serious == Some(true) && s.management_informed.is_none() {
            out.push(("management-informed", tr.t("lex-sarah-management-informed")));
        }
        if s.provider_reported.is_none() {
            out.push(("provider", tr.t("lex-sarah-choose-provider")));
        }
        if s.provider_code.is_some() && s.provider_reported.is_none() {
            out.push(("provider-to-ivo", tr.t("lex-sarah-provider-to-ivo")));
        }
        out.push(("close", tr.t("lex-sarah-close")));
        out
    }

    fn fields(code: &str, c: &FormCtx<'_>, s: &LexSarah) -> Option<Vec<Field>> {
        let tr = c.tr;
        let text = |name, key: &str| Field::new(name, Kind::TextArea, tr.t(key)).required();
        let date = |name, key: &str| Field::new(name, Kind::Date, tr.t(key)).required();
        Some(match code {
            REPORT_FORM => vec![
                date("happened_on", "lex-sarah-happened-on"),
                Field::new("unit", Kind::Select, tr.t("register-unit"))
                    .options(c.unit_options())
                    .required(),
                Field::new("topic", Kind::Select, tr.t("lex-sarah-topic"))
                    .options(
                        LexSarahTopic::all()
                            .map(|t| {
                                (t.code().to_string(), tr.label("register-category", t.code(), t.label()))
                            })
                            .collect(),
                    )
                    .required(),
                Field::new("risk_only", Kind::Radios, tr.t("lex-sarah-risk-only"))
                    .options(yes_no(tr))
                    .required(),
                text("what", "lex-sarah-what"),
                Field::new("immediate_action", Kind::TextArea, tr.t("lex-sarah-immediate-action")),
                Field::new("concerns", Kind::Text, tr.t("lex-sarah-concerns"))
                    .hint(tr.t("lex-sarah-concerns-hint")),
                Field::new("provider", Kind::Select, tr.t("lex-sarah-provider"))
                    .hint(tr.t("lex-sarah-provider-catalogue-hint"))
                    .options(c.provider_options()),
                Field::new("case_pnr", Kind::Text, tr.t("register-case-pnr"))
                    .hint(tr.t("register-case-pnr-hint")),
                Field::confirm("confirm", tr.t("lex-sarah-confirm"), String::new()),
            ],
            "receive" => vec![
                Field::new("investigator", Kind::Select, tr.t("lex-sarah-investigator"))
                    .options(
                        c.staff
                            .iter()
                            .filter(|(id, _)| s.reported.is_none_or(|(_, by)| by != *id))
                            .map(|(id, name)| (id.0.to_string(), name.clone()))
                            .collect(),
                    )
                    .required(),
                Field::confirm("not_involved", tr.t("lex-sarah-not-involved"), String::new()),
            ],
            "assess" => vec![
                Field::new("serious", Kind::Radios, tr.t("lex-sarah-serious"))
                    .options(yes_no(tr))
                    .required(),
                text("motivation", "lex-sarah-motivation"),
            ],
            "investigate" => vec![
                text("consequences", "lex-sarah-consequences"),
                text("causes", "lex-sarah-causes"),
                text("recurrence_risk", "lex-sarah-recurrence-risk"),
                text("preventive", "lex-sarah-preventive"),
            ],
            "report-to-ivo" => vec![
                date("on", "lex-sarah-ivo-on"),
                Field::new("attached", Kind::Radios, tr.t("lex-sarah-attached"))
                    .options(yes_no(tr))
                    .required(),
            ],
            "investigation-to-ivo" => vec![date("on", "lex-sarah-sent-on")],
            "measure" => vec![
                text("what", "lex-sarah-measure-what"),
                Field::new("responsible", Kind::Text, tr.t("lex-sarah-responsible")).required(),
                date("due", "lex-sarah-due"),
            ],
            "measure-done" => vec![
                Field::new("number", Kind::Select, tr.t("lex-sarah-measure-which"))
                    .options(
                        s.measures
                            .iter()
                            .enumerate()
                            .filter(|(_, m)| !m.done)
                            .map(|(i, m)| ((i + 1).to_string(), m.what.clone()))
                            .collect(),
                    )
                    .required(),
            ],
            "person-informed" => vec![
                date("on", "lex-sarah-informed-on"),
                text("how", "lex-sarah-informed-how"),
            ],
            "management-informed" => vec![date("on", "lex-sarah-informed-on")],
            "provider" => vec![
                Field::new("provider", Kind::Select, tr.t("lex-sarah-provider"))
                    .hint(tr.t("lex-sarah-choose-provider-hint"))
                    .options(c.providers.clone())
                    .required(),
            ],
            "provider-to-ivo" => vec![
                date("on", "lex-sarah-ivo-on"),
                Field::new("ground", Kind::Radios, tr.t("lex-sarah-ground"))
                    .options(
                        ProviderGround::all()
                            .map(|g| (g.code().to_string(), tr.label("lex-sarah-ground", g.code(), g.label())))
                            .collect(),
                    )
                    .required(),
            ],
            "close" => vec![
                text("decision", "lex-sarah-decision"),
                Field::confirm("confirm", tr.t("lex-sarah-close-confirm"), String::new()),
            ],
            _ => return None,
        })
    }

    fn parse(code: &str, input: &mut Input<'_>, c: &FormCtx<'_>, _s: &LexSarah) -> Option<LexSarahEntry> {
        Some(match code {
            REPORT_FORM => {
                let happened_on = input.date("happened_on");
                let unit = c.parse_unit(input, "unit");
                let topic = input.choice("topic", LexSarahTopic::from_code);
                let risk_only = input.yes_no("risk_only");
                let provider = c.parse_provider(input, "provider");
                let case = c.parse_case(input, "case_pnr");
                let provider = provider?;
                LexSarahEntry::Reported {
                    happened_on: happened_on?,
                    unit: unit?,
                    topic: topic?,
                    risk_only: risk_only?,
                    what: input.raw("what"),
                    immediate_action: optional(input.text("immediate_action")),
                    concerns: optional(input.text("concerns")),
                    provider: provider.as_ref().map(|(_, name)| name.clone()),
                    provider_code: provider.map(|(code, _)| code),
                    case: case?,
                }
            }
            "provider" => {
                let providers = &c.providers;
                let (code, name) = input.choice("provider", |code| {
                    providers.iter().find(|(c, _)| c == code).cloned()
                })?;
                LexSarahEntry::ProviderChosen { code, name }
            }
            "receive" => {
                let staff = &c.staff;
                let investigator = input.choice("investigator", |code| {
                    let id = code.parse::<i64>().ok()?;
                    staff.iter().find(|(u, _)| u.0 == id).map(|(u, _)| *u)
                })?;
                LexSarahEntry::Received { investigator }
            }
            "assess" => LexSarahEntry::Assessed {
                serious: input.yes_no("serious")?,
                motivation: input.raw("motivation"),
            },
            "investigate" => LexSarahEntry::Investigated {
                consequences: input.raw("consequences"),
                causes: input.raw("causes"),
                recurrence_risk: input.raw("recurrence_risk"),
                preventive: input.raw("preventive"),
            },
            "report-to-ivo" => {
                let on = input.date("on");
                let attached = input.yes_no("attached");
                LexSarahEntry::ReportedToIvo {
                    on: on?,
                    investigation_attached: attached?,
                }
            }
            "investigation-to-ivo" => LexSarahEntry::InvestigationSentToIvo {
                on: input.date("on")?,
            },
            "measure" => LexSarahEntry::MeasureAdded {
                what: input.raw("what"),
                responsible: input.text("responsible"),
                due: input.date("due")?,
            },
            "measure-done" => LexSarahEntry::MeasureDone {
                number: input.choice("number", |t| t.parse::<u32>().ok())?,
            },
            "person-informed" => {
                let on = input.date("on");
                LexSarahEntry::PersonInformed {
                    on: on?,
                    how: input.raw("how"),
                }
            }
            "management-informed" => LexSarahEntry::ManagementInformed {
                on: input.date("on")?,
            },
            "provider-to-ivo" => {
                let on = input.date("on");
                let ground = input.choice("ground", ProviderGround::from_code);
                LexSarahEntry::ProviderReportedToIvo {
                    on: on?,
                    ground: ground?,
                }
            }
            "close" => LexSarahEntry::Closed {
                decision: input.raw("decision"),
            },
            _ => return None,
        })
    }

    fn show(e: &LexSarahEntry, c: &FormCtx<'_>) -> (String, Vec<(String, String)>) {
        let tr = c.tr;
        let l = |key: &str, v: String| (tr.t(key), v);
        match e {
            LexSarahEntry::Reported {
                happened_on,
                unit,
                topic,
                risk_only,
                what,
                immediate_action,
                concerns,
                provider,
                provider_code,
                case,
            } => {
                let mut lines = vec![
                    l("lex-sarah-happened-on", happened_on.to_string()),
                    l("register-unit", c.unit_name(*unit)),
                    l("lex-sarah-topic", tr.label("register-category", topic.code(), topic.label())),
                    l("lex-sarah-risk-only", yes(tr, *risk_only)),
                    l("lex-sarah-what", what.clone()),
                ];
                for (key, v) in [
                    ("lex-sarah-immediate-action", immediate_action),
                    ("lex-sarah-concerns", concerns),
                ] {
                    if let Some(v) = v {
                        lines.push(l(key, v.clone()));
                    }
                }
                if let Some(name) = provider {
                    // A report from before the catalogue names its
                    // provider as free text.
                    let name = if provider_code.is_some() {
                        name.clone()
                    } else {
                        tr.t1("lex-sarah-provider-free-text", "name", name.clone())
                    };
                    lines.push(l("lex-sarah-provider", name));
                }
                if let Some(case) = case {
                    lines.push(l("register-case", c.case_line(*case)));
                }
                (tr.t("lex-sarah-entry-reported"), lines)
            }
            LexSarahEntry::ProviderChosen { name, .. } => (
                tr.t("lex-sarah-choose-provider"),
                vec![l("lex-sarah-provider", name.clone())],
            ),
            LexSarahEntry::Received { investigator } => (
                tr.t("lex-sarah-receive"),
                vec![l("lex-sarah-investigator", c.staff_name(*investigator))],
            ),
            LexSarahEntry::Assessed { serious, motivation } => (
                tr.t("lex-sarah-assess"),
                vec![
                    l("lex-sarah-serious", yes(tr, *serious)),
                    l("lex-sarah-motivation", motivation.clone()),
                ],
            ),
            LexSarahEntry::Investigated {
                consequences,
                causes,
                recurrence_risk,
                preventive,
            } => (
                tr.t("lex-sarah-investigate"),
                vec![
                    l("lex-sarah-consequences", consequences.clone()),
                    l("lex-sarah-causes", causes.clone()),
                    l("lex-sarah-recurrence-risk", recurrence_risk.clone()),
                    l("lex-sarah-preventive", preventive.clone()),
                ],
            ),
            LexSarahEntry::MeasureAdded {
                what,
                responsible,
                due,
            } => (
                tr.t("lex-sarah-measure"),
                vec![
                    l("lex-sarah-measure-what", what.clone()),
                    l("lex-sarah-responsible", responsible.clone()),
                    l("lex-sarah-due", due.to_string()),
                ],
            ),
            LexSarahEntry::MeasureDone { number } => (
                tr.t("lex-sarah-measure-done"),
                vec![l("lex-sarah-measure-which", number.to_string())],
            ),
            LexSarahEntry::ReportedToIvo {
                on,
                investigation_attached,
            } => (
                tr.t("lex-sarah-report-to-ivo"),
                vec![
                    l("lex-sarah-ivo-on", on.to_string()),
                    l("lex-sarah-attached", yes(tr, *investigation_attached)),
                ],
            ),
            LexSarahEntry::InvestigationSentToIvo { on } => (
                tr.t("lex-sarah-investigation-to-ivo"),
                vec![l("lex-sarah-sent-on", on.to_string())],
            ),
            LexSarahEntry::ProviderReportedToIvo { on, ground } => (
                tr.t("lex-sarah-provider-to-ivo"),
                vec![
                    l("lex-sarah-ivo-on", on.to_string()),
                    l("lex-sarah-ground", tr.label("lex-sarah-ground", ground.code(), ground.label())),
                ],
            ),
            LexSarahEntry::PersonInformed { on, how } => (
                tr.t("lex-sarah-person-informed"),
                vec![
                    l("lex-sarah-informed-on", on.to_string()),
                    l("lex-sarah-informed-how", how.clone()),
                ],
            ),
            LexSarahEntry::ManagementInformed { on } => (
                tr.t("lex-sarah-management-informed"),
                vec![l("lex-sarah-informed-on", on.to_string())],
            ),
            LexSarahEntry::Closed { decision } => (
                tr.t("lex-sarah-close"),
                vec![l("lex-sarah-decision", decision.clone())],
            ),
        }
    }
}

pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    register_routes!(r, LexSarah, "/lex-sarah")
}
