//! The route table. Every route is added through [`Routes::add`], which
//! requires its [`Access`] and wraps the handler in a guard that enforces
//! it; the same calls produce [`route_table`], so the table the tests walk
//! is the router itself, not a copy that could drift.

use crate::AppState;
use crate::csrf::csrf_layer;
use crate::error::{WebError, error_pages, last_resort_response, panic_response};
use crate::headers::security_headers;
use crate::i18n::lang_layer;
use crate::pages;
use crate::permissions::{Access, Permission, RouteRule, allowed};
use crate::session::{CurrentUser, SessionEnded, session_layer};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::handler::Handler;
use axum::http::header::LOCATION;
use axum::http::{Method, StatusCode};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, on};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::Predicate as _;
use tower_http::trace::TraceLayer;

/// Routes being registered, and the rule of each.
pub(crate) struct Routes {
    router: Router<AppState>,
    table: Vec<RouteRule>,
}

impl Routes {
    fn new() -> Self {
        Self {
            router: Router::new(),
            table: Vec::new(),
        }
    }

    /// Add `handler` for `GET` on `path`, usable only as `access` allows.
    pub(crate) fn get<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        handler: H,
    ) -> Self {
        self.add(MethodFilter::GET, "GET", path, access, handler)
    }

    /// Add `handler` for `POST` on `path`, usable only as `access` allows.
    pub(crate) fn post<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        handler: H,
    ) -> Self {
        self.add(MethodFilter::POST, "POST", path, access, handler)
    }

    fn add<H: Handler<T, AppState>, T: 'static>(
        mut self,
        filter: MethodFilter,
        method: &'static str,
        path: &'static str,
        access: Access,
        handler: H,
    ) -> Self {
        let guarded = on(filter, handler).layer(from_fn(move |req: Request, next: Next| {
            guard(access, req, next)
        }));
        self.router = self.router.route(path, guarded);
        self.table.push(RouteRule {
            method,
            path,
            access,
        });
        self
    }
}

/// Every route of the application: each page module registers its own
/// (`routes` in `pages/*.rs`, listed in [`pages::ROUTES`]). The router and
/// [`route_table`] are both made from this one chain.
fn routes() -> Routes {
    let pages = pages::ROUTES.iter().fold(Routes::new(), |r, page| page(r));
    // Readiness and metrics (not a page).
    crate::ops::routes(pages)
}

/// Every route with the access it requires (for tests and documentation).
pub fn route_table() -> Vec<RouteRule> {
    routes().table
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let tls = state.config().secure_cookies;
    routes()
        .router
        .fallback(not_found)
        // Innermost first; see the crate docs for the order and why.
        // Forms may be as large as the CSRF layer reads (axum's own default
        // is 2 MB): a journal entry of 100,000 characters, percent-encoded,
        // can exceed 1 MB.
        .layer(DefaultBodyLimit::max(crate::csrf::MAX_FORM_BYTES))
        .layer(from_fn(csrf_layer))
        .layer(from_fn_with_state(state.clone(), session_layer))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(from_fn(error_pages))
        .layer(from_fn(move |req: Request, next: Next| {
            lang_layer(tls, req, next)
        }))
        .layer(from_fn(move |req: Request, next: Next| {
            security_headers(tls, req, next)
        }))
        // Pages and assets gzip- or brotli-compressed when the browser
        // asks (not the PDFs and spreadsheets, compressed already). A
        // page's CSRF token is masked anew in every response
        // (`csrf::mask`), so compression does not reveal it (BREACH).
        .layer(
            tower_http::compression::CompressionLayer::new()
                .gzip(true)
                .br(true)
                .compress_when(
                    tower_http::compression::predicate::DefaultPredicate::new().and(
                        tower_http::compression::predicate::NotForContentType::new(
                            "application/pdf",
                        ),
                    ),
                ),
        )
        .layer(
            // Method and path only: a query string may hold a personnummer.
            TraceLayer::new_for_http().make_span_with(|req: &Request| {
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
            }),
        )
        .layer(from_fn_with_state(state.clone(), crate::ops::track))
        .layer(CatchPanicLayer::custom(last_resort_response))
        .with_state(state)
}

async fn not_found() -> WebError {
    WebError::NotFound
}

/// Enforce a route's access rule before its handler runs.
async fn guard(access: Access, req: Request, next: Next) -> Response {
    let Access::Requires(permission) = access else {
        return next.run(req).await;
    };
    let Some(user) = req.extensions().get::<CurrentUser>() else {
        return to_login(&req);
    };
    // A one-time password (set by the administrator) must be replaced
    // before anything else: every other route leads to the form.
    if user.must_change_password
        && !matches!(
            permission,
            Permission::ChangeOwnPassword | Permission::EndSession
        )
    {
        tracing::info!(user_id = %user.id, "one-time password: sent to change it");
        return (StatusCode::SEE_OTHER, [(LOCATION, "/password")]).into_response();
    }
    if allowed(user.role, permission) {
        next.run(req).await
    } else {
        tracing::info!(user_id = %user.id, ?permission, "refused by role");
        WebError::Forbidden.into_response()
    }
}

/// Redirect to the login page, coming back here afterwards (GET only).
fn to_login(req: &Request) -> Response {
    let mut target = String::from("/login");
    let mut params = Vec::new();
    if req.extensions().get::<SessionEnded>().is_some() {
        params.push(("ended", "1".to_string()));
    }
    if req.method() == Method::GET {
        let back = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".to_string());
        if back != "/" {
            params.push(("next", back));
        }
    }
    if !params.is_empty()
        && let Ok(q) = serde_urlencoded::to_string(&params)
    {
        target.push('?');
        target.push_str(&q);
    }
    (StatusCode::SEE_OTHER, [(LOCATION, target)]).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_declared_once() {
        let table = route_table();
        let mut seen = std::collections::HashSet::new();
        for r in &table {
            assert!(seen.insert((r.method, r.path)), "duplicate {r:?}");
        }
        assert!(
            table
                .iter()
                .any(|r| r.path == "/cases/{id}"
                    && r.access == Access::Requires(Permission::ViewCase))
        );
    }
}
