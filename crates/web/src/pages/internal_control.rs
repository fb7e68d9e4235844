//! The internal control plan: a risk is put in the plan with its
//! likelihood and consequence, its control activity, frequency, responsible
//! and method; the controls' findings, measures and the year's assessment
//! follow. The rules are the domain's
//! (`tillit_domain::register::internal_control`); the pages are
//! `registers.rs`; the plan with its risk matrix is an appendix of the
//! verksamhetsberättelse.

use crate::forms::{Field, Input, Kind};
use crate::i18n::Tr;
use crate::pages::registers::{FormCtx, REPORT_FORM, RegisterPage, register_routes};
use tillit_domain::register::internal_control::{Control, ControlArea, ControlEntry, Frequency};

fn scale(tr: Tr, key: &str) -> Vec<(String, String)> {
    (1..=4)
        .map(|v: u8| (v.to_string(), tr.t(&format!("{key}-{v}"))))
        .collect()
}

fn yes_no(tr: Tr) -> Vec<(String, String)> {
    vec![
        ("yes".into(), tr.t("form-yes")),
        ("no".into(), tr.t("form-no")),
    ]
}

impl RegisterPage for Control {
    const BASE: &'static str = "/internal-control";

    fn title(tr: Tr) -> String {
        tr.t("control-title")
    }

    fn intro(tr: Tr) -> String {
        tr.t("control-intro")
    }

    fn forms(tr: Tr, s: &Control) -> Vec<(&'static str, String)> {
        if s.closed.is_some() {
            return Vec::new();
        }
        let mut out = vec![
            ("control", tr.t("control-controlled")),
            ("measure", tr.t("control-measure")),
        ];
        if s.measures.iter().any(|m| !m.1) {
            out.push(("measure-done", tr.t("control-measure-done")));
        }
        if !s.controls.is_empty() {
            out.push(("close", tr.t("control-close")));
        }
        out
    }

    fn fields(code: &str, c: &FormCtx<'_>, s: &Control) -> Option<Vec<Field>> {
        let tr = c.tr;
        let text = |name, key: &str| Field::new(name, Kind::TextArea, tr.t(key)).required();
        Some(match code {
            REPORT_FORM => vec![
                Field::new("year", Kind::Text, tr.t("control-year")).required(),
                Field::new("unit", Kind::Select, tr.t("register-unit"))
                    .options(c.unit_options())
                    .required(),
                Field::new("area", Kind::Select, tr.t("control-area"))
                    .options(
                        ControlArea::all()
                            .map(|a| {
                                (
                                    a.code().to_string(),
                                    tr.label("register-category", a.code(), a.label()),
                                )
                            })
                            .collect(),
                    )
                    .required(),
                text("risk", "control-risk"),
                Field::new("likelihood", Kind::Radios, tr.t("control-likelihood"))
                    .options(scale(tr, "control-likelihood"))
                    .required(),
                Field::new("consequence", Kind::Radios, tr.t("control-consequence"))
                    .options(scale(tr, "control-consequence"))
                    .required(),
                text("control", "control-control"),
                Field::new("frequency", Kind::Select, tr.t("control-frequency"))
                    .options(
                        Frequency::all()
                            .map(|f| {
                                (
                                    f.code().to_string(),
                                    tr.label("control-frequency", f.code(), f.label()),
                                )
                            })
                            .collect(),
                    )
                    .required(),
                Field::new("responsible", Kind::Text, tr.t("control-responsible")).required(),
                text("method", "control-method"),
            ],
            "control" => vec![
                Field::new("on", Kind::Date, tr.t("control-on")).required(),
                text("findings", "control-findings"),
                Field::new("in_order", Kind::Radios, tr.t("control-in-order"))
                    .options(yes_no(tr))
                    .required(),
            ],
            "measure" => vec![
                text("what", "control-measure-what"),
                Field::new("responsible", Kind::Text, tr.t("control-responsible")).required(),
                Field::new("due", Kind::Date, tr.t("control-due")).required(),
            ],
            "measure-done" => vec![
                Field::new("number", Kind::Select, tr.t("control-measure-which"))
                    .options(
                        s.measures
                            .iter()
                            .enumerate()
                            .filter(|(_, m)| !m.1)
                            .map(|(i, m)| ((i + 1).to_string(), format!("{} ({})", i + 1, m.0)))
                            .collect(),
                    )
                    .required(),
            ],
            "close" => vec![
                text("assessment", "control-assessment"),
                Field::confirm("confirm", tr.t("control-close-confirm"), String::new()),
            ],
            _ => return None,
        })
    }

    fn parse(
        code: &str,
        input: &mut Input<'_>,
        c: &FormCtx<'_>,
        _s: &Control,
    ) -> Option<ControlEntry> {
        let tr = c.tr;
        Some(match code {
            REPORT_FORM => {
                let year = input.pick("year", tr.t("control-year-invalid"), |t| {
                    t.parse::<i16>().ok().filter(|y| (2000..=2199).contains(y))
                });
                let unit = c.parse_unit(input, "unit");
                let area = input.choice("area", ControlArea::from_code);
                let likelihood = input.choice("likelihood", |t| {
                    t.parse::<u8>().ok().filter(|v| (1..=4).contains(v))
                });
                let consequence = input.choice("consequence", |t| {
                    t.parse::<u8>().ok().filter(|v| (1..=4).contains(v))
                });
                let frequency = input.choice("frequency", Frequency::from_code);
                ControlEntry::Identified {
                    year: year?,
                    unit: unit?,
                    area: area?,
                    risk: input.raw("risk"),
                    likelihood: likelihood?,
                    consequence: consequence?,
                    control: input.raw("control"),
                    frequency: frequency?,
                    responsible: input.text("responsible"),
                    method: input.raw("method"),
                }
            }
            "control" => {
                let on = input.date("on");
                let in_order = input.yes_no("in_order");
                ControlEntry::Controlled {
                    on: on?,
                    findings: input.raw("findings"),
                    in_order: in_order?,
                }
            }
            "measure" => ControlEntry::MeasureDecided {
                what: input.raw("what"),
                responsible: input.text("responsible"),
                due: input.date("due")?,
            },
            "measure-done" => ControlEntry::MeasureDone {
                number: input.choice("number", |t| t.parse::<u32>().ok())?,
            },
            "close" => ControlEntry::Closed {
                assessment: input.raw("assessment"),
            },
            _ => return None,
        })
    }

    fn show(e: &ControlEntry, c: &FormCtx<'_>) -> (String, Vec<(String, String)>) {
        let tr = c.tr;
        let l = |key: &str, v: String| (tr.t(key), v);
        let yes = |b: bool| if b { tr.t("form-yes") } else { tr.t("form-no") };
        match e {
            ControlEntry::Identified {
                year,
                unit,
                area,
                risk,
                likelihood,
                consequence,
                control,
                frequency,
                responsible,
                method,
            } => (
                tr.t("control-entry-identified"),
                vec![
                    l("control-year", year.to_string()),
                    l("register-unit", c.unit_name(*unit)),
                    l(
                        "control-area",
                        tr.label("register-category", area.code(), area.label()),
                    ),
                    l("control-risk", risk.clone()),
                    l(
                        "control-risk-value",
                        format!(
                            "{} × {} = {}",
                            likelihood,
                            consequence,
                            u16::from(*likelihood) * u16::from(*consequence)
                        ),
                    ),
                    l("control-control", control.clone()),
                    l(
                        "control-frequency",
                        tr.label("control-frequency", frequency.code(), frequency.label()),
                    ),
                    l("control-responsible", responsible.clone()),
                    l("control-method", method.clone()),
                ],
            ),
            ControlEntry::Controlled {
                on,
                findings,
                in_order,
            } => (
                tr.t("control-controlled"),
                vec![
                    l("control-on", on.to_string()),
                    l("control-findings", findings.clone()),
                    l("control-in-order", yes(*in_order)),
                ],
            ),
            ControlEntry::MeasureDecided {
                what,
                responsible,
                due,
            } => (
                tr.t("control-measure"),
                vec![
                    l("control-measure-what", what.clone()),
                    l("control-responsible", responsible.clone()),
                    l("control-due", due.to_string()),
                ],
            ),
            ControlEntry::MeasureDone { number } => (
                tr.t("control-measure-done"),
                vec![l("control-measure-which", number.to_string())],
            ),
            ControlEntry::Closed { assessment } => (
                tr.t("control-close"),
                vec![l("control-assessment", assessment.clone())],
            ),
        }
    }
}

pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    register_routes!(r, Control, "/internal-control")
}
