//! Who may do what: the one place that says it.
//!
//! Two layers:
//!
//! 1. **Route permissions.** Every route is registered with an [`Access`]
//!    (see `routes.rs`): either public or requiring a [`Permission`], which
//!    [`allowed`] grants by role. A guard in front of each handler enforces
//!    it, so a handler only runs for a user whose role has the permission.
//!    [`crate::route_table`] lists every route with its access, for the test
//!    that walks every route with every role.
//! 2. **Record rules**, checked by the handler once it knows the record:
//!    [`may_read_case`] (need-to-know by unit), [`may_write_case`] (the
//!    assignment, the team, the unit's managers), [`may_view_person`]
//!    (through the person's cases), [`sees_protected_identity`] and
//!    [`shows_whereabouts`] (protected persons), [`shows_relations`],
//!    [`lists_relative`] and [`shows_address`] (a protected person's
//!    relations), [`may_edit_goal`] (whose goals) and [`may_see_row_level`]
//!    (lists and extracts with a row per decision or report).
//!
//! ## What each role may do
//!
//! | | caseworker | team lead | unit manager | analyst | quality lead | registrar | system administrator |
//! |---|---|---|---|---|---|---|---|
//! | start page, sign out, change own password | yes | yes | yes | yes | yes | yes | yes |
//! | own worklist | yes | yes | yes | - | - | - | - |
//! | unit's worklist | - | yes | yes | - | - | - | - |
//! | read a case | own unit's, and cases assigned to them | own unit's | own unit's | never | - | - | never |
//! | write in a case | assigned to them or to their team | own unit's | own unit's | never | - | - | never |
//! | register a report (aktualisering) | yes (in their unit) | yes | yes | never | - | - | never |
//! | hand a case to another caseworker | - | own unit's | own unit's | - | - | - | - |
//! | unit overview (figures per caseworker and team) | - | own unit | own unit | - | - | - | - |
//! | search persons, person page | persons in cases they may read | same | same | never | - | - | never |
//! | protected address and whereabouts | cases assigned to them | own unit's cases | own unit's cases | never | - | - | never |
//! | emergency access to another unit's case | with a reason, time-limited, flagged | same | same | - | - | - | - |
//! | log review (loggkontroll) | - | - | own unit's users and cases | - | - | - | - |
//! | users, units, teams | - | - | - | - | - | - | yes (passwords one-time, flagged) |
//! | follow-up: key figures, goals, reports, exports | - | own unit, exact | own unit, exact | all units, small cells hidden | all units, small cells hidden (the kvalitetsberättelse is theirs) | - | - |
//! | row-level lists and extracts (delegation list, NUSO extract, list of ej verkställda beslut) | - | - | own unit, logged | never | never | - | - |
//! | edit goals, set a goal's status | - | - | own unit's enhetsmål | goals above the unit (KF, nämnd), carry-over | - | - | - |
//! | enter manual series values | - | own unit | own unit | - | - | - | - |
//! | define the municipality's own manual series | - | - | yes | - | - | - | - |
//! | report a Lex Sarah matter or an incident, see one's own reports' status | yes | yes | yes | yes | yes | yes | yes |
//! | handle Lex Sarah reports (receive, investigate, IVO, close) | - | - | - | - | all units | - | - |
//! | handle incidents (act, follow up, raise to Lex Sarah, close) | - | own unit | own unit | - | all units | - | - |
//! | handle complaints and feedback (assign, act, answer, close) | - | own unit | own unit | - | all units | - | - |
//! | keep the internal control plan (risks, controls, measures) | - | - | own unit | all units | all units | - | - |
//! | record service matters (råd och stöd, no decision) | own unit | own unit | own unit | - | - | - | - |
//! | the e-service's reports of concern (the intake unit's queue) | intake unit | intake unit | intake unit | - | - | - | - |
//! | economy: budget, outcome, forecasts, cost of care (aggregates) | - | - | own responsibility; enters its forecasts | all | all | - | - |
//! | economy: import the ledger, budget, structure, providers' prices (the economist, a role of its own; never a case) | - | - | - | - | - | - | - |
//! | a contracted provider's record (`/providers`: its Lex Sarah and 27 kap. 7 § reports as the record rule allows, its prices; also the economist) | - | - | yes | - | yes | - | - |
//! | self-audits of documentation (plan, answer; draw and close: the quality lead; read the sample's case files through the audit, logged with it as reason) | - | - | own unit | - | all units | - | - |
//!
//! "-" means not for now: quality leads and registrars get no case contents
//! until their own parts of Tillit are built (the quality lead reads the
//! follow-up as an analyst does, for the kvalitetsberättelse). Analysts see aggregates only,
//! never a person: no route that shows a person is open to them.
//!
//! - A case or person the user may not read is "not found", so that a
//!   guessed id does not even confirm that it exists. A case-handling user
//!   may then ask for emergency access (nödåtkomst) by stating a reason; it
//!   grants read access to that one case for a limited time (2 hours by
//!   default), is logged with the reason and is flagged for the log review.
//!   Emergency access never grants writing, nor a protected person's
//!   address.
//! - A protected person's identity (name, personnummer, address) and
//!   whereabouts (where a child is placed: the kind of placement, the
//!   provider, any address) are shown only to the assigned caseworker and
//!   to the managers (team lead, unit manager) of the case's unit; everyone
//!   else sees "Skyddad identitet", and the person is marked protected
//!   ([`shows_whereabouts`] on every page that would show where).
//! - A protected person's relations are protected with them
//!   ([`shows_relations`], [`lists_relative`], [`shows_address`]): a masked
//!   person's page lists nobody; a protected relative the viewer may not see
//!   is listed on no one's page; and the address of anyone related to a
//!   protected person the viewer may not see is hidden (they may share a
//!   home).
//! - Goals above the unit (KF inriktningsmål, KF-mål, nämndmål) belong to
//!   the analyst (utvecklingsledare/controller, who keeps the committee's
//!   follow-up); a unit manager edits the enhetsmål of their own unit
//!   ([`may_edit_goal`]).
//! - Row-level lists and extracts (a row per decision or report) are for
//!   the unit manager of the unit they cover ([`may_see_row_level`]);
//!   analysts and quality leads get aggregates only.

use crate::session::CurrentUser;
use tillit_domain::register::RegisterKind;
use tillit_domain::role::Role;
use tillit_domain::{UnitId, UserId};
use tillit_store::CaseSummary;

/// Something a user may be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// The start page (every signed-in user; what it shows depends on the role).
    ViewStartPage,
    /// One's own worklist of deadlines.
    ViewOwnWorklist,
    /// The worklist of one's unit.
    ViewUnitWorklist,
    /// A case page (subject to [`may_read_case`]).
    ViewCase,
    /// Search for persons by identity number or name.
    SearchPersons,
    /// A person page.
    ViewPerson,
    /// Sign out.
    EndSession,
    /// Ask for emergency access to a case of another unit (nödåtkomst).
    RequestEmergencyAccess,
    /// Search the access log and mark entries reviewed (loggkontroll).
    ReviewAccessLog,
    /// Manage users, units and teams (never case contents).
    ManageUsers,
    /// Register an aktualisering (intake) about one or several children.
    RegisterIntake,
    /// Record a step in a case (subject to [`may_write_case`]).
    RecordCaseStep,
    /// Hand a case to another caseworker (team leads, unit managers).
    ReassignCase,
    /// Write, save drafts of and sign journal entries (subject to [`may_write_case`]).
    WriteJournal,
    /// The unit overview: figures per caseworker and team (team leads, unit managers).
    ViewUnitOverview,
    /// Follow-up: key figures, goals, manual series, reports and exports as
    /// aggregates (team leads, unit managers, analysts). Never a person.
    ViewFollowUp,
    /// Exact (unsuppressed) figures on screen: the unit's managers. Not a
    /// route permission: the follow-up pages ask [`allowed`] for it.
    ViewExactFigures,
    /// Edit the goal tree: goals, indicators with targets, activities, status
    /// with analysis (unit managers).
    ManageGoals,
    /// Enter values of manual series (team leads, unit managers).
    EnterManualValues,
    /// Reports and extracts with a row per decision, report or case (the
    /// delegation list, the NUSO extract, the list of ej verkställda
    /// beslut): unit managers, for their own unit (see
    /// [`may_see_row_level`]). Not a route permission of its own for the
    /// reports page, which asks [`allowed`] for it.
    ViewRowLevelReports,
    /// Change one's own password (every signed-in user; the only thing a
    /// user with a one-time password may do).
    ChangeOwnPassword,
    /// Define the municipality's own manual series (unit managers). Not a
    /// route permission: `POST /manual` asks [`allowed`] for it.
    DefineManualSeries,
    /// Report to a register (a Lex Sarah report, an incident) and follow
    /// one's own reports' status: every member of staff (27 kap. 2 § SoL).
    ReportToRegister,
    /// Receive, investigate, report to IVO and close Lex Sarah reports: the
    /// quality lead (lex Sarah-ansvarig). See [`record_view`].
    HandleLexSarah,
    /// Act on, follow up, raise and close incidents: the quality lead, and
    /// team leads and unit managers for their own unit ([`record_view`]).
    HandleIncidents,
    /// Handle complaints and feedback (synpunkter och klagomål): the
    /// quality lead, and team leads and unit managers for their own unit.
    HandleComplaints,
    /// Keep the internal control plan: the analyst (controller) and the
    /// quality lead for every unit, a unit manager for their own unit. No
    /// person is in it.
    HandleInternalControl,
    /// Record service matters (råd och stöd without a decision): the
    /// case-handling roles, for their own unit.
    HandleServiceMatters,
    /// Handle reports of concern from the public e-service in the intake
    /// unit's queue: its caseworkers, team leads and unit manager.
    HandleSubmissions,
    /// Self-audits of documentation (egenkontroll): the quality lead (every
    /// unit) and unit managers (their own unit).
    HandleSelfAudits,
    /// Economic assistance (households, applications, decisions,
    /// payments): the case-handling roles of the unit that handles it.
    HandleAssistance,
    /// The economy's figures (budget, outcome, forecasts, the cost of care
    /// as aggregates): unit managers for their own responsibility
    /// ([`may_see_responsibility`]), analysts, quality leads and economists
    /// for all. Caseworkers and team leads see none.
    ViewEconomy,
    /// Enter a forecast with a comment for one's own responsibility: unit
    /// managers.
    EnterForecast,
    /// Import the ledger, keep the budget, the structure and the providers'
    /// prices: the economist, a role of its own.
    ManageEconomy,
    /// A contracted provider's own record (`/providers`): the provider, its
    /// Lex Sarah reports and reports to IVO under 27 kap. 7 § (each as
    /// [`record_view`] allows), its prices ([`Permission::ViewEconomy`]):
    /// the quality lead (who handles the reports), unit managers (who
    /// place children there and follow the provider up) and the economist
    /// (who keeps its prices). No person is on it.
    ViewProviders,
}

impl Permission {
    pub const ALL: [Permission; 35] = [
        Permission::ViewStartPage,
        Permission::ViewOwnWorklist,
        Permission::ViewUnitWorklist,
        Permission::ViewCase,
        Permission::SearchPersons,
        Permission::ViewPerson,
        Permission::EndSession,
        Permission::RequestEmergencyAccess,
        Permission::ReviewAccessLog,
        Permission::ManageUsers,
        Permission::RegisterIntake,
        Permission::RecordCaseStep,
        Permission::ReassignCase,
        Permission::WriteJournal,
        Permission::ViewUnitOverview,
        Permission::ViewFollowUp,
        Permission::ViewExactFigures,
        Permission::ManageGoals,
        Permission::EnterManualValues,
        Permission::ViewRowLevelReports,
        Permission::ChangeOwnPassword,
        Permission::DefineManualSeries,
        Permission::ReportToRegister,
        Permission::HandleLexSarah,
        Permission::HandleIncidents,
        Permission::HandleComplaints,
        Permission::HandleInternalControl,
        Permission::HandleServiceMatters,
        Permission::HandleSubmissions,
        Permission::HandleSelfAudits,
        Permission::HandleAssistance,
        Permission::ViewEconomy,
        Permission::EnterForecast,
        Permission::ManageEconomy,
        Permission::ViewProviders,
    ];
}

/// Whether `role` has `permission`. Written as a full match over the
/// permissions so that a new permission must be decided for every role.
pub fn allowed(role: Role, permission: Permission) -> bool {
    use Permission::*;
    match permission {
        ViewStartPage | EndSession | ChangeOwnPassword => true,
        ViewOwnWorklist | ViewCase | SearchPersons | ViewPerson | RequestEmergencyAccess => {
            handles_cases(role)
        }
        RegisterIntake | RecordCaseStep | WriteJournal => handles_cases(role),
        ViewUnitWorklist | ReassignCase | ViewUnitOverview => is_manager(role),
        ReviewAccessLog => role == Role::UnitManager,
        ManageUsers => role == Role::SystemAdministrator,
        ViewFollowUp => is_manager(role) || matches!(role, Role::Analyst | Role::QualityLead),
        ViewExactFigures | EnterManualValues => is_manager(role),
        // Unit managers their unit's enhetsmål, the analyst the goals above
        // the unit: see [`may_edit_goal`].
        ManageGoals => matches!(role, Role::UnitManager | Role::Analyst),
        ViewRowLevelReports | DefineManualSeries => role == Role::UnitManager,
        ReportToRegister => true,
        HandleLexSarah => role == Role::QualityLead,
        HandleIncidents | HandleComplaints => is_manager(role) || role == Role::QualityLead,
        HandleServiceMatters | HandleSubmissions => handles_cases(role),
        HandleInternalControl => {
            matches!(role, Role::UnitManager | Role::Analyst | Role::QualityLead)
        }
        HandleSelfAudits => matches!(role, Role::UnitManager | Role::QualityLead),
        HandleAssistance => handles_cases(role),
        ViewEconomy => matches!(
            role,
            Role::UnitManager | Role::Analyst | Role::QualityLead | Role::Economist
        ),
        EnterForecast => role == Role::UnitManager,
        ManageEconomy => role == Role::Economist,
        ViewProviders => matches!(
            role,
            Role::QualityLead | Role::UnitManager | Role::Economist
        ),
    }
}

/// May `who` see the economy of a responsibility that belongs to `unit`?
/// A unit manager their own unit's; analysts, quality leads and
/// economists every one; nobody else.
pub fn may_see_responsibility(who: Subject, unit: Option<UnitId>) -> bool {
    match who.role {
        Role::UnitManager => unit.is_some() && who.unit == unit,
        Role::Analyst | Role::QualityLead | Role::Economist => true,
        _ => false,
    }
}

/// How much of a register's record a user sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordView {
    /// Everything, and the forms to handle it.
    Handle,
    /// The status of one's own report: never the investigation.
    OwnReport,
}

/// The permission that handles records of `register`.
pub fn handles_permission(register: RegisterKind) -> Permission {
    match register {
        RegisterKind::LexSarah => Permission::HandleLexSarah,
        RegisterKind::Incident => Permission::HandleIncidents,
        RegisterKind::Complaint => Permission::HandleComplaints,
        RegisterKind::InternalControl => Permission::HandleInternalControl,
        RegisterKind::Service => Permission::HandleServiceMatters,
        RegisterKind::Submission => Permission::HandleSubmissions,
        RegisterKind::SelfAudit => Permission::HandleSelfAudits,
        RegisterKind::Assistance => Permission::HandleAssistance,
    }
}

/// May `who` handle records of `register` about `unit`? Lex Sarah: the
/// quality lead, every unit. Incidents: the quality lead, every unit; team
/// leads and unit managers, their own unit.
pub fn handles_record(who: Subject, register: RegisterKind, unit: UnitId) -> bool {
    if !allowed(who.role, handles_permission(register)) {
        return false;
    }
    match register {
        RegisterKind::LexSarah => true,
        RegisterKind::Incident | RegisterKind::Complaint | RegisterKind::SelfAudit => {
            who.role == Role::QualityLead || who.unit == Some(unit)
        }
        RegisterKind::InternalControl => {
            matches!(who.role, Role::QualityLead | Role::Analyst) || who.unit == Some(unit)
        }
        RegisterKind::Service | RegisterKind::Submission | RegisterKind::Assistance => {
            who.unit == Some(unit)
        }
    }
}

/// What `who` sees of a record of `register` in `unit` reported by
/// `reporter`: everything if they handle it, the status if they reported
/// it, else nothing (the record is "not found").
pub fn record_view(
    who: Subject,
    register: RegisterKind,
    unit: UnitId,
    reporter: Option<UserId>,
) -> Option<RecordView> {
    if handles_record(who, register, unit) {
        Some(RecordView::Handle)
    } else if reporter == Some(who.user) {
        Some(RecordView::OwnReport)
    } else {
        None
    }
}

/// Roles that work with individual cases.
pub fn handles_cases(role: Role) -> bool {
    match role {
        Role::Caseworker | Role::TeamLead | Role::UnitManager => true,
        Role::Analyst
        | Role::QualityLead
        | Role::Registrar
        | Role::SystemAdministrator
        | Role::Economist => false,
    }
}

/// Team leads and unit managers: they lead the unit's casework.
pub fn is_manager(role: Role) -> bool {
    matches!(role, Role::TeamLead | Role::UnitManager)
}

/// What a route requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    /// Anyone, signed in or not (login page, stylesheet, health check).
    Public,
    /// A signed-in user whose role has the permission.
    Requires(Permission),
}

/// One route of the application and what it requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RouteRule {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The axum path pattern, e.g. `/cases/{id}`.
    pub path: &'static str,
    pub access: Access,
}

/// The user a decision is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Subject {
    pub user: UserId,
    pub role: Role,
    pub unit: Option<UnitId>,
}

/// The facts about a case that access depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseScope {
    pub unit: UnitId,
    pub caseworker: Option<UserId>,
}

impl CaseScope {
    /// The scope of a case as the store summarises it.
    pub fn of(case: &CaseSummary) -> CaseScope {
        CaseScope {
            unit: case.unit,
            caseworker: case.caseworker,
        }
    }
}

/// May `who` read this case? A case-handling user of the case's unit, or the
/// caseworker the case is assigned to.
pub fn may_read_case(who: Subject, case: CaseScope) -> bool {
    handles_cases(who.role) && (who.unit == Some(case.unit) || case.caseworker == Some(who.user))
}

/// May `who` write in this case (record steps, journal entries)? A
/// caseworker: a case assigned to them, or to a caseworker of their team in
/// their unit (`caseworker_in_my_team`: the case's caseworker is in the same
/// team as `who`). A team lead or unit manager: every case of their unit.
/// Nobody else, and never through emergency access.
///
/// Handlers with a [`CurrentUser`] and a [`CaseSummary`] call
/// [`may_write_case`], which fills in the team.
pub fn may_write(who: Subject, case: CaseScope, caseworker_in_my_team: bool) -> bool {
    match who.role {
        Role::Caseworker => {
            case.caseworker == Some(who.user)
                || (caseworker_in_my_team
                    && case.caseworker.is_some()
                    && who.unit == Some(case.unit))
        }
        Role::TeamLead | Role::UnitManager => who.unit == Some(case.unit),
        Role::Analyst
        | Role::QualityLead
        | Role::Registrar
        | Role::SystemAdministrator
        | Role::Economist => false,
    }
}

/// **The check for forms that change a case.** May the signed-in `user`
/// write in the case `case` (record a step, sign a journal entry)? See
/// [`may_write`] for the rule. A handler should first check
/// [`may_read_case`] (answering "not found" when it fails), then this
/// (answering "forbidden", or not offering the form, when it fails):
///
/// ```ignore
/// let summary = store.case_summary(id).await?.ok_or(WebError::NotFound)?;
/// if !may_read_case(user.subject(), CaseScope::of(&summary)) { return Err(WebError::NotFound); }
/// if !permissions::may_write_case(&user, &summary) { return Err(WebError::Forbidden); }
/// ```
pub fn may_write_case(user: &CurrentUser, case: &CaseSummary) -> bool {
    let in_my_team = case
        .caseworker
        .is_some_and(|c| user.team_members.contains(&c));
    may_write(user.subject(), CaseScope::of(case), in_my_team)
}

/// May `who` open the page of a person (or see them in a search's hit
/// list)? `cases` are the cases the person is part of (their own, and those
/// of the children they are related to), each with whether `who` holds
/// emergency access to it. Through any case `who` may read; a person with no
/// case at all (not yet in any case) to every case-handling user.
pub fn may_view_person(who: Subject, cases: &[(CaseScope, bool)]) -> bool {
    handles_cases(who.role)
        && (cases.is_empty()
            || cases
                .iter()
                .any(|(scope, emergency)| *emergency || may_read_case(who, *scope)))
}

/// May `who` ask for emergency access to this case? A case-handling user
/// who may not read it otherwise.
pub fn may_request_emergency_access(who: Subject, case: CaseScope) -> bool {
    allowed(who.role, Permission::RequestEmergencyAccess) && !may_read_case(who, case)
}

/// May `who` review the access log of `unit` (entries by its users or about
/// its cases)? Its unit manager.
pub fn may_review_log_of(who: Subject, unit: UnitId) -> bool {
    allowed(who.role, Permission::ReviewAccessLog) && who.unit == Some(unit)
}

/// Where a protected child is (the placement's provider and place, any
/// address) may be shown to `who` in this case: the same rule as the
/// protected identity, [`sees_protected_in_case`]. For an unprotected child
/// every reader of the case sees it.
pub fn shows_whereabouts(who: Subject, case: CaseScope, child_protected: bool) -> bool {
    !child_protected || sees_protected_in_case(who, case)
}

/// May a person's relations (guardians, parents, siblings, network; or the
/// children they are related to) be listed on their page? Only where the
/// person's identity is shown: the guardian of a masked protected child
/// would name the child.
pub fn shows_relations(person_masked: bool) -> bool {
    !person_masked
}

/// May a relative be listed (on another person's page)? A protected
/// relative only to a viewer who may see them: listed even masked, they
/// would tell that the person has a protected child, parent or sibling.
pub fn lists_relative(relative_protected: bool, viewer_sees_relative: bool) -> bool {
    !relative_protected || viewer_sees_relative
}

/// May a person's address be shown? Not if the person is protected and the
/// viewer may not see them, and not if any protected person they are
/// related to is hidden from the viewer: a guardian's or sibling's address
/// is where the protected child may live. `relatives` are the person's
/// relatives as (protected, viewer sees them).
pub fn shows_address(
    person_protected: bool,
    viewer_sees_person: bool,
    relatives: &[(bool, bool)],
) -> bool {
    (!person_protected || viewer_sees_person)
        && relatives
            .iter()
            .all(|(protected, seen)| lists_relative(*protected, *seen))
}

/// May `who` change a goal of `goal_unit` (its texts, indicators, targets,
/// activities, status, end), or add a goal there? Goals above the unit
/// (`None`: KF inriktningsmål, KF-mål, nämndmål, shared by every unit)
/// belong to the analyst (utvecklingsledare/controller), who keeps the
/// committee's follow-up; an enhetsmål to the unit manager of its unit.
/// Carrying every goal over to a new plan period changes the goals above
/// the unit too: `may_edit_goal(who, None)`. Report texts follow the same
/// rule (the municipality's texts, `None`, are the analyst's).
pub fn may_edit_goal(who: Subject, goal_unit: Option<UnitId>) -> bool {
    allowed(who.role, Permission::ManageGoals)
        && match goal_unit {
            None => who.role == Role::Analyst,
            Some(unit) => who.role == Role::UnitManager && who.unit == Some(unit),
        }
}

/// May `who` see a report or extract with a row per decision, report or
/// case covering `unit` (`None`: every unit)? The unit manager of that one
/// unit; never a list of every unit.
pub fn may_see_row_level(who: Subject, unit: Option<UnitId>) -> bool {
    allowed(who.role, Permission::ViewRowLevelReports) && unit.is_some() && who.unit == unit
}

/// May `who` see the identity of a protected person in this case? The
/// assigned caseworker, or a manager of the case's unit.
pub fn sees_protected_in_case(who: Subject, case: CaseScope) -> bool {
    handles_cases(who.role)
        && (case.caseworker == Some(who.user)
            || (is_manager(who.role) && who.unit == Some(case.unit)))
}

/// May `who` see the identity of a protected person whose cases are
/// `cases`? Only through one of those cases; a protected person with no
/// case that `who` is assigned to or manages stays masked. Pass
/// [`current_cases`] of the person's cases, so that the caseworker of an
/// intake closed long ago does not keep seeing where the child lives now.
pub fn sees_protected_identity(who: Subject, cases: &[CaseScope]) -> bool {
    cases.iter().any(|c| sees_protected_in_case(who, *c))
}

/// The cases that decide who sees a protected person outside a case page:
/// the open ones, or, if none is open, all of them (the last caseworker and
/// the managers of a closed file keep it).
pub fn current_cases(cases: &[CaseSummary]) -> Vec<CaseScope> {
    let open: Vec<CaseScope> = cases
        .iter()
        .filter(|c| c.closed_on.is_none())
        .map(CaseScope::of)
        .collect();
    if open.is_empty() {
        cases.iter().map(CaseScope::of).collect()
    } else {
        open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT_A: UnitId = UnitId(1);
    const UNIT_B: UnitId = UnitId(2);

    fn who(role: Role, unit: Option<UnitId>) -> Subject {
        Subject {
            user: UserId(10),
            role,
            unit,
        }
    }

    #[test]
    fn only_case_roles_see_cases_and_persons() {
        for role in Role::ALL {
            for p in [
                Permission::ViewCase,
                Permission::ViewPerson,
                Permission::SearchPersons,
                Permission::ViewOwnWorklist,
            ] {
                assert_eq!(allowed(role, p), role.handles_cases(), "{role:?} {p:?}");
            }
            assert!(allowed(role, Permission::ViewStartPage));
            assert!(allowed(role, Permission::EndSession));
        }
        assert!(!allowed(Role::SystemAdministrator, Permission::ViewCase));
        assert!(!allowed(Role::Analyst, Permission::ViewPerson));
        assert!(allowed(Role::TeamLead, Permission::ViewUnitWorklist));
        assert!(allowed(Role::UnitManager, Permission::ViewUnitWorklist));
        assert!(!allowed(Role::Caseworker, Permission::ViewUnitWorklist));
    }

    #[test]
    fn cases_by_unit_or_assignment() {
        let case = CaseScope {
            unit: UNIT_A,
            caseworker: None,
        };
        assert!(may_read_case(who(Role::Caseworker, Some(UNIT_A)), case));
        assert!(!may_read_case(who(Role::Caseworker, Some(UNIT_B)), case));
        assert!(!may_read_case(who(Role::Caseworker, None), case));
        assert!(!may_read_case(who(Role::UnitManager, Some(UNIT_B)), case));
        assert!(!may_read_case(
            who(Role::SystemAdministrator, Some(UNIT_A)),
            case
        ));
        let assigned = CaseScope {
            unit: UNIT_A,
            caseworker: Some(UserId(10)),
        };
        assert!(may_read_case(who(Role::Caseworker, Some(UNIT_B)), assigned));
    }

    #[test]
    fn protected_identity_for_assigned_caseworker_and_managers() {
        let mine = CaseScope {
            unit: UNIT_A,
            caseworker: Some(UserId(10)),
        };
        let colleagues = CaseScope {
            unit: UNIT_A,
            caseworker: Some(UserId(11)),
        };
        assert!(sees_protected_in_case(
            who(Role::Caseworker, Some(UNIT_A)),
            mine
        ));
        assert!(!sees_protected_in_case(
            who(Role::Caseworker, Some(UNIT_A)),
            colleagues
        ));
        assert!(sees_protected_in_case(
            who(Role::TeamLead, Some(UNIT_A)),
            colleagues
        ));
        assert!(!sees_protected_in_case(
            who(Role::UnitManager, Some(UNIT_B)),
            colleagues
        ));
        assert!(!sees_protected_identity(
            who(Role::UnitManager, Some(UNIT_A)),
            &[]
        ));
        assert!(sees_protected_identity(
            who(Role::Caseworker, Some(UNIT_B)),
            &[colleagues, mine]
        ));
    }

    #[test]
    fn a_record_is_seen_by_its_handlers_and_its_reporter_only() {
        let reporter = UserId(70);
        let lead = Subject {
            user: UserId(71),
            role: Role::QualityLead,
            unit: None,
        };
        let manager_a = who(Role::UnitManager, Some(UNIT_A));
        let manager_b = who(Role::UnitManager, Some(UNIT_B));
        let own = Subject {
            user: reporter,
            role: Role::Caseworker,
            unit: Some(UNIT_A),
        };
        let other = who(Role::Caseworker, Some(UNIT_A));
        let ls = RegisterKind::LexSarah;
        let inc = RegisterKind::Incident;
        assert_eq!(
            record_view(lead, ls, UNIT_A, Some(reporter)),
            Some(RecordView::Handle)
        );
        assert_eq!(
            record_view(lead, inc, UNIT_B, Some(reporter)),
            Some(RecordView::Handle)
        );
        // A unit manager handles their unit's incidents, not Lex Sarah.
        assert_eq!(
            record_view(manager_a, inc, UNIT_A, Some(reporter)),
            Some(RecordView::Handle)
        );
        assert_eq!(record_view(manager_b, inc, UNIT_A, Some(reporter)), None);
        assert_eq!(record_view(manager_a, ls, UNIT_A, Some(reporter)), None);
        // The reporter sees the status of their own report only.
        assert_eq!(
            record_view(own, ls, UNIT_A, Some(reporter)),
            Some(RecordView::OwnReport)
        );
        assert_eq!(record_view(other, ls, UNIT_A, Some(reporter)), None);
        assert_eq!(record_view(other, inc, UNIT_A, Some(reporter)), None);
    }

    #[test]
    fn the_permission_table() {
        use Permission::*;
        let yes = |role: Role, p: Permission| allowed(role, p);
        for role in Role::ALL {
            assert_eq!(yes(role, RequestEmergencyAccess), role.handles_cases());
            assert_eq!(yes(role, ReviewAccessLog), role == Role::UnitManager);
            assert_eq!(yes(role, ManageUsers), role == Role::SystemAdministrator);
        }
        // The analyst sees no person anywhere; the administrator no case.
        for p in Permission::ALL {
            // Everyone may report to a register (27 kap. 2 § SoL: whoever
            // works in the social services); a reporter sees their own
            // report's status, which names nobody.
            if matches!(
                p,
                ViewStartPage | EndSession | ChangeOwnPassword | ReportToRegister
            ) {
                assert!(Role::ALL.into_iter().all(|r| yes(r, p)), "{p:?}");
                continue;
            }
            // The internal control plan names no person: the analyst
            // (controller) keeps it with the quality lead and the unit
            // managers.
            if p == HandleInternalControl {
                assert!(yes(Role::Analyst, p) && yes(Role::QualityLead, p));
                assert!(yes(Role::UnitManager, p) && !yes(Role::TeamLead, p));
                assert!(!yes(Role::Caseworker, p) && !yes(Role::SystemAdministrator, p));
                continue;
            }
            // The quality lead handles Lex Sarah; incidents also the units'
            // managers. Never the analyst or the administrator.
            if matches!(p, HandleLexSarah | HandleIncidents | HandleComplaints) {
                assert!(yes(Role::QualityLead, p));
                assert_eq!(yes(Role::UnitManager, p), p != HandleLexSarah);
                assert_eq!(yes(Role::TeamLead, p), p != HandleLexSarah);
                assert!(!yes(Role::Caseworker, p) && !yes(Role::Analyst, p));
                assert!(!yes(Role::SystemAdministrator, p) && !yes(Role::Registrar, p));
                continue;
            }
            // Self-audits: the quality lead and unit managers.
            if p == HandleSelfAudits {
                for role in Role::ALL {
                    assert_eq!(
                        yes(role, p),
                        matches!(role, Role::QualityLead | Role::UnitManager)
                    );
                }
                continue;
            }
            // The goals above the unit are the analyst's (see may_edit_goal).
            if p == ManageGoals {
                assert!(yes(Role::Analyst, p));
                assert!(yes(Role::UnitManager, p));
                assert!(!yes(Role::QualityLead, p) && !yes(Role::TeamLead, p));
                continue;
            }
            // The economy: unit managers (own responsibility), analysts,
            // quality leads and economists see it; unit managers forecast;
            // only the economist imports and keeps the budget.
            if matches!(p, ViewEconomy | EnterForecast | ManageEconomy) {
                for role in Role::ALL {
                    let want = match p {
                        ViewEconomy => matches!(
                            role,
                            Role::UnitManager | Role::Analyst | Role::QualityLead | Role::Economist
                        ),
                        EnterForecast => role == Role::UnitManager,
                        _ => role == Role::Economist,
                    };
                    assert_eq!(yes(role, p), want, "{role:?} {p:?}");
                }
                continue;
            }
            // A provider's record: the quality lead, unit managers and the
            // economist; never the analyst (a row per report), a caseworker
            // or the administrator.
            if p == ViewProviders {
                for role in Role::ALL {
                    assert_eq!(
                        yes(role, p),
                        matches!(
                            role,
                            Role::QualityLead | Role::UnitManager | Role::Economist
                        ),
                        "{role:?}"
                    );
                }
                continue;
            }
            // Follow-up shows aggregates only (suppressed for analysts and
            // the quality lead).
            if p == ViewFollowUp {
                assert!(yes(Role::Analyst, p));
                assert!(yes(Role::QualityLead, p));
                continue;
            }
            assert!(!yes(Role::Analyst, p), "{p:?}");
            assert_eq!(yes(Role::SystemAdministrator, p), p == ManageUsers, "{p:?}");
            assert!(!yes(Role::QualityLead, p), "{p:?}");
            assert!(!yes(Role::Registrar, p), "{p:?}");
        }
    }

    #[test]
    fn goals_above_the_unit_are_the_analysts_and_rows_the_unit_managers() {
        let manager = who(Role::UnitManager, Some(UNIT_A));
        let analyst = who(Role::Analyst, None);
        assert!(may_edit_goal(manager, Some(UNIT_A)));
        assert!(!may_edit_goal(manager, Some(UNIT_B)));
        assert!(
            !may_edit_goal(manager, None),
            "shared goals are not a unit's"
        );
        assert!(may_edit_goal(analyst, None));
        assert!(!may_edit_goal(analyst, Some(UNIT_A)));
        assert!(!may_edit_goal(
            who(Role::Analyst, Some(UNIT_A)),
            Some(UNIT_A)
        ));
        for role in [Role::TeamLead, Role::QualityLead, Role::Caseworker] {
            assert!(!may_edit_goal(who(role, Some(UNIT_A)), None));
            assert!(!may_edit_goal(who(role, Some(UNIT_A)), Some(UNIT_A)));
        }
        assert!(may_see_row_level(manager, Some(UNIT_A)));
        assert!(!may_see_row_level(manager, Some(UNIT_B)));
        assert!(!may_see_row_level(manager, None));
        for role in [Role::Analyst, Role::QualityLead, Role::TeamLead] {
            assert!(!may_see_row_level(who(role, Some(UNIT_A)), Some(UNIT_A)));
        }
    }

    #[test]
    fn relations_of_a_protected_person_are_protected_with_them() {
        assert!(!shows_relations(true));
        assert!(shows_relations(false));
        assert!(lists_relative(false, false));
        assert!(!lists_relative(true, false));
        assert!(lists_relative(true, true));
        // The guardian of a protected child the viewer may not see.
        assert!(!shows_address(false, true, &[(true, false)]));
        assert!(shows_address(false, true, &[(true, true), (false, false)]));
        assert!(!shows_address(true, false, &[]));
        assert!(shows_address(true, true, &[]));
    }

    #[test]
    fn writing_by_assignment_team_and_unit_managers() {
        let mine = CaseScope {
            unit: UNIT_A,
            caseworker: Some(UserId(10)),
        };
        let teammates = CaseScope {
            unit: UNIT_A,
            caseworker: Some(UserId(11)),
        };
        let unassigned = CaseScope {
            unit: UNIT_A,
            caseworker: None,
        };
        let cw = who(Role::Caseworker, Some(UNIT_A));
        assert!(may_write(cw, mine, false));
        assert!(!may_write(cw, teammates, false));
        assert!(may_write(cw, teammates, true));
        assert!(!may_write(cw, unassigned, true));
        // A team of another unit does not count.
        let other_unit = CaseScope {
            unit: UNIT_B,
            caseworker: Some(UserId(11)),
        };
        assert!(!may_write(cw, other_unit, true));
        for role in [Role::TeamLead, Role::UnitManager] {
            assert!(may_write(who(role, Some(UNIT_A)), unassigned, false));
            assert!(!may_write(who(role, Some(UNIT_B)), unassigned, false));
        }
        for role in [
            Role::Analyst,
            Role::QualityLead,
            Role::Registrar,
            Role::SystemAdministrator,
        ] {
            assert!(!may_write(who(role, Some(UNIT_A)), mine, true));
        }
    }

    #[test]
    fn persons_through_their_cases() {
        let a = CaseScope {
            unit: UNIT_A,
            caseworker: None,
        };
        let b = CaseScope {
            unit: UNIT_B,
            caseworker: None,
        };
        let cw_a = who(Role::Caseworker, Some(UNIT_A));
        assert!(may_view_person(cw_a, &[(b, false), (a, false)]));
        assert!(!may_view_person(cw_a, &[(b, false)]));
        assert!(may_view_person(cw_a, &[(b, true)]), "emergency access");
        assert!(may_view_person(cw_a, &[]), "a person in no case yet");
        assert!(!may_view_person(who(Role::Analyst, Some(UNIT_A)), &[]));
        assert!(!may_view_person(
            who(Role::SystemAdministrator, None),
            &[(a, false)]
        ));
        assert!(may_request_emergency_access(cw_a, b));
        assert!(!may_request_emergency_access(cw_a, a));
        assert!(!may_request_emergency_access(who(Role::Analyst, None), b));
        assert!(may_review_log_of(
            who(Role::UnitManager, Some(UNIT_A)),
            UNIT_A
        ));
        assert!(!may_review_log_of(
            who(Role::UnitManager, Some(UNIT_A)),
            UNIT_B
        ));
        assert!(!may_review_log_of(
            who(Role::TeamLead, Some(UNIT_A)),
            UNIT_A
        ));
        // Whereabouts of a protected child: as the protected identity.
        let colleagues = CaseScope {
            unit: UNIT_A,
            caseworker: Some(UserId(11)),
        };
        assert!(shows_whereabouts(cw_a, colleagues, false));
        assert!(!shows_whereabouts(cw_a, colleagues, true));
        assert!(shows_whereabouts(
            who(Role::TeamLead, Some(UNIT_A)),
            colleagues,
            true
        ));
    }

    #[test]
    fn protected_persons_follow_their_open_cases() {
        use tillit_domain::{CaseId, PersonId};
        let summary = |caseworker: i64, closed: bool| CaseSummary {
            id: CaseId::new_random(),
            child: PersonId::from_u128(1),
            unit: UNIT_A,
            caseworker: Some(UserId(caseworker)),
            phase: "received".into(),
            opened_on: jiff::civil::date(2023, 1, 1),
            closed_on: closed.then(|| jiff::civil::date(2023, 2, 1)),
            version: 1,
            placed: false,
        };
        // Anna (10) had the intake, closed; Carl (11) has the open case.
        let cases = [summary(10, true), summary(11, false)];
        let anna = who(Role::Caseworker, Some(UNIT_A));
        let carl = Subject {
            user: UserId(11),
            ..anna
        };
        assert!(!sees_protected_identity(anna, &current_cases(&cases)));
        assert!(sees_protected_identity(carl, &current_cases(&cases)));
        // With every case closed, the last caseworkers keep it.
        let closed = [summary(10, true)];
        assert!(sees_protected_identity(anna, &current_cases(&closed)));
        assert!(current_cases(&[]).is_empty());
    }
}
