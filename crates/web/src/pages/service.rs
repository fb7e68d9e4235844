//! Service matters (serviceinsatser): råd och stöd without investigation
//! or decision, recorded by the unit's caseworkers and managers: the kind,
//! who (or anonymous, with gender and age band only), start, contacts and
//! end. The rules are the domain's (`tillit_domain::register::service`);
//! the pages are `registers.rs`.

use crate::forms::{Field, Input, Kind};
use crate::i18n::Tr;
use crate::pages::registers::{FormCtx, REPORT_FORM, RegisterPage, register_routes};
use tillit_domain::catalog::Gender;
use tillit_domain::register::service::{AgeBand, ServiceEntry, ServiceKind, ServiceMatter};

fn optional(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

impl RegisterPage for ServiceMatter {
    const BASE: &'static str = "/service";

    fn title(tr: Tr) -> String {
        tr.t("service-title")
    }

    fn intro(tr: Tr) -> String {
        tr.t("service-intro")
    }

    fn forms(tr: Tr, s: &ServiceMatter) -> Vec<(&'static str, String)> {
        if s.ended_on.is_some() {
            Vec::new()
        } else {
            vec![
                ("contact", tr.t("service-contact")),
                ("close", tr.t("service-close")),
            ]
        }
    }

    fn fields(code: &str, c: &FormCtx<'_>, _s: &ServiceMatter) -> Option<Vec<Field>> {
        let tr = c.tr;
        Some(match code {
            REPORT_FORM => vec![
                Field::new("kind", Kind::Select, tr.t("service-kind"))
                    .options(
                        ServiceKind::all()
                            .map(|k| {
                                (
                                    k.code().to_string(),
                                    tr.label("register-category", k.code(), k.label()),
                                )
                            })
                            .collect(),
                    )
                    .required(),
                Field::new("unit", Kind::Select, tr.t("register-unit"))
                    .options(c.unit_options())
                    .required(),
                Field::new("gender", Kind::Radios, tr.t("service-gender"))
                    .options(
                        Gender::all()
                            .map(|g| (g.code().to_string(), tr.label("gender", g.code(), g.label())))
                            .collect(),
                    )
                    .required(),
                Field::new("age_band", Kind::Select, tr.t("service-age-band"))
                    .options(
                        AgeBand::all()
                            .map(|a| (a.code().to_string(), tr.label("age-band", a.code(), a.label())))
                            .collect(),
                    )
                    .required(),
                Field::new("happened_on", Kind::Date, tr.t("service-started-on")).required(),
                Field::new("who", Kind::Text, tr.t("service-who")).hint(tr.t("service-who-hint")),
            ],
            "contact" => vec![Field::new("on", Kind::Date, tr.t("service-contact-on")).required()],
            "close" => vec![
                Field::new("on", Kind::Date, tr.t("service-ended-on")).required(),
                Field::confirm("confirm", tr.t("service-close-confirm"), String::new()),
            ],
            _ => return None,
        })
    }

    fn parse(
        code: &str,
        input: &mut Input<'_>,
        c: &FormCtx<'_>,
        _s: &ServiceMatter,
    ) -> Option<ServiceEntry> {
        Some(match code {
            REPORT_FORM => {
                let kind = input.choice("kind", ServiceKind::from_code);
                let unit = c.parse_unit(input, "unit");
                let gender = input.choice("gender", Gender::from_code);
                let age_band = input.choice("age_band", AgeBand::from_code);
                let started_on = input.date("happened_on");
                ServiceEntry::Opened {
                    unit: unit?,
                    kind: kind?,
                    gender: gender?,
                    age_band: age_band?,
                    started_on: started_on?,
                    who: optional(input.text("who")),
                }
            }
            "contact" => ServiceEntry::Contact {
                on: input.date("on")?,
            },
            "close" => ServiceEntry::Closed {
                ended_on: input.date("on")?,
            },
            _ => return None,
        })
    }

    fn show(e: &ServiceEntry, c: &FormCtx<'_>) -> (String, Vec<(String, String)>) {
        let tr = c.tr;
        let l = |key: &str, v: String| (tr.t(key), v);
        match e {
            ServiceEntry::Opened {
                unit,
                kind,
                gender,
                age_band,
                started_on,
                who,
            } => (
                tr.t("service-entry-opened"),
                vec![
                    l(
                        "service-kind",
                        tr.label("register-category", kind.code(), kind.label()),
                    ),
                    l("register-unit", c.unit_name(*unit)),
                    l("service-gender", tr.label("gender", gender.code(), gender.label())),
                    l(
                        "service-age-band",
                        tr.label("age-band", age_band.code(), age_band.label()),
                    ),
                    l("service-started-on", started_on.to_string()),
                    l(
                        "service-who",
                        who.clone().unwrap_or_else(|| tr.t("service-anonymous")),
                    ),
                ],
            ),
            ServiceEntry::Contact { on } => (
                tr.t("service-contact"),
                vec![l("service-contact-on", on.to_string())],
            ),
            ServiceEntry::Closed { ended_on } => (
                tr.t("service-close"),
                vec![l("service-ended-on", ended_on.to_string())],
            ),
        }
    }
}

pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    register_routes!(r, ServiceMatter, "/service")
}
