//! Request handlers, one module per resource, each beside its templates'
//! data types, and each with `routes`, the routes it registers.

/// Declare the page modules, and [`ROUTES`]: each module's `routes`, in
/// this order. A new page is one name here.
macro_rules! pages {
    ($($page:ident),* $(,)?) => {
        $(pub mod $page;)*
        /// Every page module's route registration.
        pub(crate) const ROUTES: &[fn(crate::routes::Routes) -> crate::routes::Routes] =
            &[$($page::routes),*];
    };
}

pages!(
    assets,
    login,
    password,
    start,
    persons,
    cases,
    steps,
    journal,
    intake,
    overview,
    emergency,
    log_review,
    admin,
    key_figures,
    goals,
    manual,
    reports,
    registers,
    lex_sarah,
    incidents,
    complaints,
    internal_control,
    service,
    submissions,
    self_audits,
    breakdown,
    assistance,
    feedback,
    categories,
    checklist,
    economy,
    case_file,
    caseload,
    riksnorm,
    providers,
);
