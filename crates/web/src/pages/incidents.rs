//! Incidents (avvikelser): the report any member of staff makes, and the
//! handlers' forms (act, follow up, raise to Lex Sarah, close). The rules
//! are the domain's (`tillit_domain::register::incident`); the pages are
//! `registers.rs`.

use crate::forms::{Field, Input, Kind};
use crate::i18n::Tr;
use crate::pages::registers::{FormCtx, REPORT_FORM, RegisterPage, register_routes};
use jiff::Timestamp;
use tillit_domain::RecordId;
use tillit_domain::register::incident::{
    AddedCategoryRef, Incident, IncidentCategory, IncidentEntry, categories_on,
};
use tillit_domain::register::lex_sarah::{LexSarah, LexSarahEntry, LexSarahTopic};
use tillit_domain::register::{Written, decide, Writer};
use tillit_store::{RecordWrite, StoreError};

fn optional(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

impl RegisterPage for Incident {
    const BASE: &'static str = "/incidents";

    fn title(tr: Tr) -> String {
        tr.t("incident-title")
    }

    fn intro(tr: Tr) -> String {
        tr.t("incident-intro")
    }

    fn forms(tr: Tr, s: &Incident) -> Vec<(&'static str, String)> {
        if s.closed_on.is_some() {
            return Vec::new();
        }
        let mut out = Vec::new();
        if s.acted_on.is_none() {
            out.push(("act", tr.t("incident-act")));
        } else if s.followed_up_on.is_none() {
            out.push(("follow-up", tr.t("incident-follow-up")));
        }
        if s.lex_sarah.is_none() {
            out.push(("raise", tr.t("incident-raise")));
        }
        if s.acted_on.is_some() {
            out.push(("close", tr.t("incident-close")));
        }
        out
    }

    fn fields(code: &str, c: &FormCtx<'_>, _s: &Incident) -> Option<Vec<Field>> {
        let tr = c.tr;
        let text = |name, key: &str| Field::new(name, Kind::TextArea, tr.t(key)).required();
        Some(match code {
            REPORT_FORM => vec![
                Field::new("happened_on", Kind::Date, tr.t("incident-happened-on")).required(),
                Field::new("unit", Kind::Select, tr.t("register-unit"))
                    .options(c.unit_options())
                    .required(),
                Field::new("category", Kind::Select, tr.t("incident-category"))
                    .options(
                        categories_on(&c.added_categories, c.today)
                            .into_iter()
                            .map(|(code, label)| {
                                let shown = tr.label("register-category", &code, &label);
                                (code, shown)
                            })
                            .collect(),
                    )
                    .required(),
                text("what", "incident-what"),
                Field::new("cause", Kind::TextArea, tr.t("incident-cause")),
            ],
            "act" => vec![text("action", "incident-action")],
            "follow-up" => vec![text("result", "incident-result")],
            "raise" => vec![Field::confirm(
                "confirm",
                tr.t("incident-raise-confirm"),
                String::new(),
            )],
            "close" => vec![
                text("conclusion", "incident-conclusion"),
                Field::confirm("confirm", tr.t("incident-close-confirm"), String::new()),
            ],
            _ => return None,
        })
    }

    fn parse(code: &str, input: &mut Input<'_>, c: &FormCtx<'_>, _s: &Incident) -> Option<IncidentEntry> {
        Some(match code {
            REPORT_FORM => {
                let happened_on = input.date("happened_on");
                let unit = c.parse_unit(input, "unit");
                let today = c.today;
                // A built-in category, or one added and valid today.
                let category = input.choice("category", |code| {
                    let built_in = IncidentCategory::ENTRIES
                        .iter()
                        .find(|e| e.code == code && e.is_valid_on(today))
                        .map(|e| (e.value, None));
                    built_in.or_else(|| {
                        c.added_categories
                            .iter()
                            .find(|a| a.code == code && a.is_valid_on(today))
                            .map(|a| {
                                let r = AddedCategoryRef {
                                    code: a.code.clone(),
                                    label: a.label.clone(),
                                };
                                (IncidentCategory::Other, Some(r))
                            })
                    })
                });
                let (category, added) = category?;
                IncidentEntry::Reported {
                    happened_on: happened_on?,
                    unit: unit?,
                    category,
                    added,
                    what: input.raw("what"),
                    cause: optional(input.text("cause")),
                }
            }
            "act" => IncidentEntry::Acted {
                action: input.raw("action"),
            },
            "follow-up" => IncidentEntry::FollowedUp {
                result: input.raw("result"),
            },
            "raise" => IncidentEntry::RaisedToLexSarah {
                record: RecordId::new_random(),
            },
            "close" => IncidentEntry::Closed {
                conclusion: input.raw("conclusion"),
            },
            _ => return None,
        })
    }

    fn show(e: &IncidentEntry, c: &FormCtx<'_>) -> (String, Vec<(String, String)>) {
        let tr = c.tr;
        let l = |key: &str, v: String| (tr.t(key), v);
        match e {
            IncidentEntry::Reported {
                happened_on,
                unit,
                category,
                added,
                what,
                cause,
            } => {
                // An added category by the name it had when reported.
                let category = match added {
                    Some(a) => a.label.clone(),
                    None => tr.label("register-category", category.code(), category.label()),
                };
                let mut lines = vec![
                    l("incident-happened-on", happened_on.to_string()),
                    l("register-unit", c.unit_name(*unit)),
                    l("incident-category", category),
                    l("incident-what", what.clone()),
                ];
                if let Some(cause) = cause {
                    lines.push(l("incident-cause", cause.clone()));
                }
                (tr.t("incident-entry-reported"), lines)
            }
            IncidentEntry::Acted { action } => {
                (tr.t("incident-act"), vec![l("incident-action", action.clone())])
            }
            IncidentEntry::FollowedUp { result } => (
                tr.t("incident-follow-up"),
                vec![l("incident-result", result.clone())],
            ),
            IncidentEntry::RaisedToLexSarah { record } => (
                tr.t("incident-raise"),
                vec![l(
                    "incident-raised-to",
                    format!("{}/{record}", <LexSarah as RegisterPage>::BASE),
                )],
            ),
            IncidentEntry::Closed { conclusion } => (
                tr.t("incident-close"),
                vec![l("incident-conclusion", conclusion.clone())],
            ),
        }
    }

    /// Raising to Lex Sarah writes the Lex Sarah report, with the incident's
    /// date, unit and text, in the same transaction as the link.
    fn linked_writes(
        entry: &IncidentEntry,
        s: &Incident,
        c: &FormCtx<'_>,
        at: Timestamp,
    ) -> Result<Vec<RecordWrite>, StoreError> {
        let IncidentEntry::RaisedToLexSarah { record } = entry else {
            return Ok(Vec::new());
        };
        let (Some(happened_on), Some(unit), Some(category)) = (s.happened_on, s.unit, s.category)
        else {
            return Err(StoreError::Invalid("avvikelsen saknar datum eller enhet".into()));
        };
        let report = LexSarahEntry::Reported {
            happened_on,
            unit,
            topic: match category {
                IncidentCategory::Documentation => LexSarahTopic::Documentation,
                IncidentCategory::Safety => LexSarahTopic::Safety,
                IncidentCategory::Confidentiality => LexSarahTopic::Confidentiality,
                IncidentCategory::Care => LexSarahTopic::Care,
                _ => LexSarahTopic::Other,
            },
            risk_only: false,
            what: c.tr.t("incident-raised-text"),
            immediate_action: None,
            concerns: None,
            provider: None,
            provider_code: None,
            case: None,
        };
        let writer = Writer {
            user: c.user.id,
            handles: false,
        };
        let (_, written): (LexSarah, Written<LexSarahEntry>) =
            decide::<LexSarah>(&LexSarah::default(), &report, writer, c.today, at)
                .map_err(|r| StoreError::Invalid(r.0))?;
        Ok(vec![RecordWrite::new::<LexSarah>(
            *record,
            0,
            &LexSarah::default(),
            &[written],
        )?])
    }
}

pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    register_routes!(r, Incident, "/incidents")
}
