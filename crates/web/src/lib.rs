//! # tillit-web
//!
//! Tillit's web application: server-rendered pages in Swedish (English as
//! second language), sessions, CSRF protection, security headers and
//! authorisation, on axum.
//!
//! ## Shape
//!
//! - [`router`] builds the whole application from an [`AppState`] (the store
//!   and the [`WebConfig`]); [`serve`] runs it on a listener.
//! - Every route is registered through one helper that requires its
//!   [`permissions::Access`], so no route exists without a declared rule, and
//!   [`route_table`] lists them all for the test that walks every route with
//!   every role. The rules themselves live in [`permissions`].
//! - One error type, [`WebError`], is turned into a Swedish (or English) error
//!   page in one place (`error.rs`); axum's own rejections (a malformed form,
//!   a wrong method) and panics are caught and shown the same way, never as a
//!   stack trace or bare text.
//! - Pages are askama templates under `templates/`, checked at compile time;
//!   every UI string is a Fluent message in `locales/{sv,en}/tillit.ftl`.
//!
//! ## Middleware, outermost first
//!
//! panic catcher -> metrics (count and time per route pattern) -> request span (method and path only: no query strings,
//! which may hold a personnummer) -> security headers -> language -> error
//! pages -> session -> CSRF -> per-route access guard -> handler.

mod access;
mod audit;
mod auth;
mod config;
mod csrf;
mod error;
mod followup_view;
mod forms;
mod headers;
mod i18n;
mod ops;
mod pages;
pub mod permissions;
mod public_form;
mod request;
mod routes;
mod session;
mod throttle;
mod time;
mod view;

pub use auth::{PasswordError, hash_password, verify_password};

/// Benchmarks only (feature `bench-unlogged`, never in the `tillit`
/// binary): switch the access-log write off or on, to measure its cost.
#[cfg(feature = "bench-unlogged")]
pub fn skip_access_log_for_benchmark(skip: bool) {
    audit::SKIP_FOR_BENCHMARK.store(skip, std::sync::atomic::Ordering::Relaxed);
}
pub use config::WebConfig;
pub use error::WebError;
pub use i18n::Lang;
pub use routes::{route_table, router};

use jiff::civil::Date;
use std::net::SocketAddr;
use std::sync::Arc;
use tillit_app::facts_cache::{FollowUp, Municipality};
use tillit_followup::Facts;
use tillit_store::Store;
// The application layer's follow-up data, under the paths the pages use.
pub(crate) use tillit_app::followup_data;

/// Everything a request handler needs: the store, the configuration and the
/// in-memory login throttle. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    store: Store,
    config: Arc<WebConfig>,
    throttle: Arc<throttle::LoginThrottle>,
    /// Submissions of the public forms (the e-service for complaints).
    submissions: Arc<throttle::SubmissionLimiter>,
    /// Follow-up: the facts cache and the municipality's name
    /// ([`tillit_app::facts_cache`]).
    followup: Arc<FollowUp>,
    /// Request counts and latencies for `/metrics` (see `ops.rs`).
    metrics: Arc<ops::Metrics>,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        auth::warm_up();
        Self {
            // Every request waits a bounded time for the database.
            store: store.with_wait(Some(config.db_wait)),
            config: Arc::new(config),
            throttle: Arc::new(throttle::LoginThrottle::default()),
            submissions: Arc::new(throttle::SubmissionLimiter::default()),
            followup: Arc::new(FollowUp::from_env()),
            metrics: Arc::default(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The limiter of the public forms' submissions.
    pub fn submissions(&self) -> &throttle::SubmissionLimiter {
        &self.submissions
    }

    pub(crate) fn metrics(&self) -> &ops::Metrics {
        &self.metrics
    }

    pub fn config(&self) -> &WebConfig {
        &self.config
    }

    /// Today's civil date in Europe/Stockholm (or the configured override),
    /// the date every legal deadline is measured against.
    pub fn today(&self) -> Date {
        self.config.today_override.unwrap_or_else(time::today)
    }

    /// Now; with a date override (demo, tests), the time of day now on
    /// that date (Stockholm), so that times and dates agree.
    pub fn now(&self) -> jiff::Timestamp {
        let now = jiff::Timestamp::now();
        let Some(day) = self.config.today_override else {
            return now;
        };
        let tz = tillit_app::time::stockholm();
        day.to_datetime(now.to_zoned(tz.clone()).time())
            .to_zoned(tz.clone())
            .map(|z| z.timestamp())
            .unwrap_or(now)
    }

    /// Name the municipality the reports are about (instead of the
    /// environment's or the default).
    pub fn with_municipality(mut self, municipality: Municipality) -> Self {
        self.followup = Arc::new(FollowUp::new(municipality));
        self
    }

    pub fn municipality(&self) -> &Municipality {
        self.followup.municipality()
    }

    /// The facts as of today, rebuilt if the records changed since they were
    /// last built.
    pub async fn facts(&self) -> Result<Arc<Facts>, WebError> {
        Ok(self.followup.facts(&self.store, self.today()).await?)
    }

    /// The follow-up's shared state (the facts kept, the municipality).
    pub fn followup(&self) -> &FollowUp {
        &self.followup
    }
}

/// Serve the application on `listener` until Ctrl-C (SIGINT) or SIGTERM.
/// In-flight requests are allowed to finish.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    serve_with_shutdown(listener, state, shutdown_signal()).await
}

/// Serve the application on `listener` until `shutdown` completes.
pub async fn serve_with_shutdown(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "could not listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
