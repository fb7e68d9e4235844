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
//!    [`may_read_case`] (need-to-know by unit) and
//!    [`sees_protected_identity`] (protected persons).
//!
//! Rules for now (issue 4 extends them with teams, assignments and emergency
//! access):
//!
//! - Caseworkers, team leads and unit managers have the worklist and the case
//!   and person pages. Team leads and unit managers also have the unit's
//!   worklist.
//! - Analysts, quality leads, registrars and system administrators never see
//!   a case or a person: their start page says what they can do.
//! - A case can be read by a case-handling user of the case's unit, or by the
//!   caseworker it is assigned to. Anyone else gets "not found", so that a
//!   guessed id does not even confirm that the case exists.
//! - A protected person's identity (name, personnummer, address) is shown
//!   only to the assigned caseworker and to the managers (team lead, unit
//!   manager) of the case's unit; everyone else sees "Skyddad identitet".

use tillit_domain::role::Role;
use tillit_domain::{UnitId, UserId};

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
}

impl Permission {
    pub const ALL: [Permission; 7] = [
        Permission::ViewStartPage,
        Permission::ViewOwnWorklist,
        Permission::ViewUnitWorklist,
        Permission::ViewCase,
        Permission::SearchPersons,
        Permission::ViewPerson,
        Permission::EndSession,
    ];
}

/// Whether `role` has `permission`. Written as a full match over the
/// permissions so that a new permission must be decided for every role.
pub fn allowed(role: Role, permission: Permission) -> bool {
    use Permission::*;
    match permission {
        ViewStartPage | EndSession => true,
        ViewOwnWorklist | ViewCase | SearchPersons | ViewPerson => handles_cases(role),
        ViewUnitWorklist => is_manager(role),
    }
}

/// Roles that work with individual cases.
pub fn handles_cases(role: Role) -> bool {
    match role {
        Role::Caseworker | Role::TeamLead | Role::UnitManager => true,
        Role::Analyst | Role::QualityLead | Role::Registrar | Role::SystemAdministrator => false,
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

/// May `who` read this case? A case-handling user of the case's unit, or the
/// caseworker the case is assigned to.
pub fn may_read_case(who: Subject, case: CaseScope) -> bool {
    handles_cases(who.role) && (who.unit == Some(case.unit) || case.caseworker == Some(who.user))
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
/// case that `who` is assigned to or manages stays masked.
pub fn sees_protected_identity(who: Subject, cases: &[CaseScope]) -> bool {
    cases.iter().any(|c| sees_protected_in_case(who, *c))
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
}
