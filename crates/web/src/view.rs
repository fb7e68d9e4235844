//! What every page shares: the layout (title, navigation, the signed-in
//! user, language switch), rendering, and how a person is shown (masked when
//! protected).

use crate::error::WebError;
use crate::i18n::{Lang, Tr};
use crate::permissions::{Permission, allowed};
use crate::session::CurrentUser;
use askama::Template;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use tillit_domain::person::Person;

/// An option of a `<select>`.
#[derive(Clone, Debug)]
pub(crate) struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A group of options (`<optgroup>`).
#[derive(Clone, Debug)]
pub(crate) struct OptGroup {
    pub label: String,
    pub options: Vec<Opt>,
}

/// A navigation link.
#[derive(Clone, Debug)]
pub struct NavItem {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// The signed-in user as the page header shows them.
#[derive(Clone, Debug)]
pub struct UserBar {
    pub display_name: String,
    pub role_label: String,
    pub csrf: String,
}

/// Which main section a page belongs to (for `aria-current`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Start,
    Persons,
    /// Register an aktualisering (intake).
    Intake,
    /// The unit overview.
    Overview,
    /// Loggkontroll.
    LogReview,
    /// Users (administration).
    Users,
    /// Units and teams (administration).
    Units,
    /// Incident categories (administration).
    Categories,
    /// Follow-up: key figures, goals, manual series, reports.
    FollowUp,
    /// The quality system's registers (Lex Sarah, incidents).
    Quality,
    /// The economy: budget, outcome, forecasts, import, providers.
    Economy,
    /// The caseload lists (my cases, the unit's cases).
    Caseload,
    /// The riksnorm per year (administration).
    Riksnorm,
    None,
}

/// The frame around every page.
#[derive(Clone, Debug)]
pub struct Layout {
    pub tr: Tr,
    pub title: String,
    pub user: Option<UserBar>,
    pub nav: Vec<NavItem>,
    /// A notice shown above the page's content (e.g. emergency access).
    pub banner: Option<String>,
}

impl Layout {
    /// A page for a signed-in user.
    pub fn new(tr: Tr, user: &CurrentUser, title: String, section: Section) -> Self {
        let mut nav = vec![NavItem {
            href: "/".into(),
            label: if allowed(user.role, Permission::ViewOwnWorklist) {
                tr.t("nav-worklist")
            } else {
                tr.t("nav-start")
            },
            current: section == Section::Start,
        }];
        if allowed(user.role, Permission::ViewOwnWorklist) {
            nav.push(NavItem {
                href: "/caseload".into(),
                label: tr.t("nav-caseload"),
                current: section == Section::Caseload,
            });
        }
        if allowed(user.role, Permission::SearchPersons) {
            nav.push(NavItem {
                href: "/persons".into(),
                label: tr.t("nav-persons"),
                current: section == Section::Persons,
            });
        }
        if allowed(user.role, Permission::RegisterIntake) {
            nav.push(NavItem {
                href: "/intake/new".into(),
                label: tr.t("nav-intake"),
                current: section == Section::Intake,
            });
        }
        if allowed(user.role, Permission::HandleAssistance) {
            nav.push(NavItem {
                href: "/assistance".into(),
                label: "Ekonomiskt bistånd".into(),
                current: false,
            });
        }
        if allowed(user.role, Permission::ViewUnitOverview) {
            nav.push(NavItem {
                href: "/overview".into(),
                label: tr.t("nav-overview"),
                current: section == Section::Overview,
            });
        }
        if allowed(user.role, Permission::ViewFollowUp) {
            nav.push(NavItem {
                href: "/followup".into(),
                label: tr.t("nav-followup"),
                current: section == Section::FollowUp,
            });
        }
        if allowed(user.role, Permission::ViewEconomy) {
            nav.push(NavItem {
                href: "/economy".into(),
                label: tr.t("nav-economy"),
                current: section == Section::Economy,
            });
        }
        if allowed(user.role, Permission::ReportToRegister) {
            nav.push(NavItem {
                href: "/quality".into(),
                label: tr.t("nav-quality"),
                current: section == Section::Quality,
            });
        }
        if allowed(user.role, Permission::ReviewAccessLog) {
            nav.push(NavItem {
                href: "/log-review".into(),
                label: tr.t("nav-log-review"),
                current: section == Section::LogReview,
            });
        }
        if allowed(user.role, Permission::ManageUsers) {
            nav.push(NavItem {
                href: "/admin/users".into(),
                label: tr.t("nav-users"),
                current: section == Section::Users,
            });
            nav.push(NavItem {
                href: "/admin/units".into(),
                label: tr.t("nav-units"),
                current: section == Section::Units,
            });
            nav.push(NavItem {
                href: "/admin/incident-categories".into(),
                label: tr.t("nav-categories"),
                current: section == Section::Categories,
            });
            nav.push(NavItem {
                href: "/admin/riksnorm".into(),
                label: tr.t("nav-riksnorm"),
                current: section == Section::Riksnorm,
            });
        }
        Self {
            tr,
            title,
            user: Some(UserBar {
                display_name: user.display_name.clone(),
                role_label: tr.label("role", user.role.code(), user.role.label()),
                csrf: user.csrf.clone(),
            }),
            nav,
            banner: None,
        }
    }

    /// A page without a signed-in user (login, errors).
    pub fn public(tr: Tr, title: String) -> Self {
        Self {
            tr,
            title,
            user: None,
            nav: Vec::new(),
            banner: None,
        }
    }

    /// A UI message (shorthand for templates).
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    /// A UI message with a count (plurals).
    pub fn n(&self, key: &str, count: usize) -> String {
        self.tr.n(key, count)
    }

    /// A UI message with one argument.
    pub fn t1(&self, key: &str, name: &str, value: String) -> String {
        self.tr.t1(key, name, value)
    }

    /// The signed-in user's CSRF token, for a form's hidden `csrf` field.
    pub fn csrf(&self) -> &str {
        self.user.as_ref().map(|u| u.csrf.as_str()).unwrap_or("")
    }

    pub fn lang(&self) -> &'static str {
        self.tr.lang.code()
    }

    /// The other language's code.
    pub fn other_lang(&self) -> &'static str {
        match self.tr.lang {
            Lang::Sv => Lang::En.code(),
            Lang::En => Lang::Sv.code(),
        }
    }

    /// The other language's name, in that language (a link to switch).
    pub fn other_lang_name(&self) -> String {
        match self.tr.lang {
            Lang::Sv => Tr::new(Lang::En).t("language-name"),
            Lang::En => Tr::new(Lang::Sv).t("language-name"),
        }
    }
}

/// Render a template to a string.
pub fn render_string<T: Template>(t: &T) -> Result<String, WebError> {
    Ok(t.render()?)
}

/// Render a template as an HTML response with `status`.
pub fn html_status<T: Template>(status: StatusCode, t: &T) -> Result<Response, WebError> {
    let body = render_string(t)?;
    Ok((status, [(CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response())
}

/// Render a template as a 200 HTML response.
pub fn html<T: Template>(t: &T) -> Result<Response, WebError> {
    html_status(StatusCode::OK, t)
}

/// A person as a list or page shows them: masked when protected and the
/// viewer may not see the identity.
#[derive(Clone, Debug)]
pub struct PersonView {
    pub href: String,
    pub name: String,
    pub number: String,
    pub protected: bool,
    /// The identity is hidden from this viewer.
    pub masked: bool,
}

impl PersonView {
    pub fn new(tr: Tr, p: &Person, may_see_protected: bool) -> Self {
        let masked = p.protected && !may_see_protected;
        if masked {
            Self {
                href: format!("/persons/{}", p.id),
                name: tr.t("protected-identity"),
                number: String::new(),
                protected: true,
                masked: true,
            }
        } else {
            Self {
                href: format!("/persons/{}", p.id),
                name: p.full_name(),
                number: p
                    .identity_number
                    .clone()
                    .unwrap_or_else(|| tr.t("identity-unknown")),
                protected: p.protected,
                masked: false,
            }
        }
    }

    /// A person the store does not have (should not happen).
    pub fn missing(tr: Tr) -> Self {
        Self {
            href: String::new(),
            name: tr.t("person-missing"),
            number: String::new(),
            protected: false,
            masked: true,
        }
    }
}

/// Status of a deadline as of today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DueStatus {
    Overdue,
    Today,
    ThisWeek,
    Later,
}

impl DueStatus {
    pub const ALL: [DueStatus; 4] = [
        DueStatus::Overdue,
        DueStatus::Today,
        DueStatus::ThisWeek,
        DueStatus::Later,
    ];

    /// Overdue when the legal date has passed; today when the planning date
    /// is today or has passed; this week up to Sunday; later after that.
    pub fn of(overdue: bool, planning: jiff::civil::Date, today: jiff::civil::Date) -> DueStatus {
        if overdue {
            return DueStatus::Overdue;
        }
        if planning <= today {
            return DueStatus::Today;
        }
        let days_to_sunday = 7 - i64::from(today.weekday().to_monday_one_offset());
        let sunday = today
            .checked_add(jiff::Span::new().days(days_to_sunday))
            .unwrap_or(today);
        if planning <= sunday {
            DueStatus::ThisWeek
        } else {
            DueStatus::Later
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            DueStatus::Overdue => "overdue",
            DueStatus::Today => "today",
            DueStatus::ThisWeek => "this-week",
            DueStatus::Later => "later",
        }
    }

    pub fn label(self, tr: Tr) -> String {
        tr.t(&format!("status-{}", self.code()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn due_status() {
        // 2026-03-11 is a Wednesday.
        let today = date(2026, 3, 11);
        assert_eq!(
            DueStatus::of(true, date(2026, 3, 20), today),
            DueStatus::Overdue
        );
        assert_eq!(DueStatus::of(false, today, today), DueStatus::Today);
        assert_eq!(
            DueStatus::of(false, date(2026, 3, 10), today),
            DueStatus::Today
        );
        assert_eq!(
            DueStatus::of(false, date(2026, 3, 15), today),
            DueStatus::ThisWeek
        );
        assert_eq!(
            DueStatus::of(false, date(2026, 3, 16), today),
            DueStatus::Later
        );
        // On a Sunday, Monday is later.
        let sunday = date(2026, 3, 15);
        assert_eq!(
            DueStatus::of(false, date(2026, 3, 16), sunday),
            DueStatus::Later
        );
    }
}
