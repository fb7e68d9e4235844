//! For operations: `/ready` (readiness) and `/metrics` (Prometheus), and
//! the middleware that counts and times every request. `/health`
//! (liveness, no database) is in `pages/assets.rs`.
//!
//! - `GET /ready`: 200 `ok` when a read is answered, the database is not a
//!   read-only PostgreSQL standby, and the writer commits an empty write,
//!   each within [`READY_WITHIN`]; else 503 with the reason in plain
//!   Swedish. No login, no personal data.
//! - `GET /metrics`: the OpenMetrics text format (which Prometheus reads):
//!   requests by method, matched route pattern (`/cases/{id}`, never the
//!   path with its ids) and status class; latency histograms by method and
//!   route; the reader pool (open, idle, most) and the writer's queue;
//!   overdue deadlines per unit (unit id and name only; counted at most
//!   every [`OVERDUE_EVERY`], so scraping is cheap). No names, no
//!   identity numbers, no user names.
//!
//! **Who may read `/metrics`.** With a token configured
//! ([`crate::WebConfig::metrics_token`], `metrics_token` /
//! `TILLIT_METRICS_TOKEN`) only a request with `Authorization: Bearer
//! <token>`, from anywhere. Without one, only a client on the loopback
//! interface, judged by the client address as the access log records it
//! (behind a trusted reverse proxy, the forwarded address: a request the
//! proxy forwards from outside is refused). Everyone else: 403 (or 401
//! with a wrong token).

use crate::AppState;
use crate::error::MachineAnswer;
use crate::request::ClientAddr;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::time::{Duration, Instant};
use tillit_store::UnitOverdue;

/// The longest `/ready` waits for the database and for the writer.
pub const READY_WITHIN: Duration = Duration::from_secs(2);

/// Overdue deadlines are counted at most this often.
pub const OVERDUE_EVERY: Duration = Duration::from_secs(30);

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct UnitLabels {
    unit_id: String,
    unit: String,
}

/// The application's metrics (one set per [`AppState`]).
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    read_connections: Gauge,
    read_idle: Gauge,
    read_max: Gauge,
    writer_queue: Gauge,
    facts_bytes: Gauge,
    overdue: Family<UnitLabels, Gauge>,
    overdue_counted: tokio::sync::Mutex<Option<(Instant, Vec<UnitOverdue>)>>,
}

impl Default for Metrics {
    fn default() -> Self {
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new([
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ])
        });
        let (read_connections, read_idle, read_max, writer_queue, facts_bytes) = Default::default();
        let overdue = Family::<UnitLabels, Gauge>::default();
        let mut registry = Registry::with_prefix("tillit");
        registry.register(
            "http_requests",
            "HTTP requests by method, route pattern and status class",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by method and route pattern",
            latency.clone(),
        );
        registry.register(
            "db_read_connections",
            "Open connections of the reader pool",
            Gauge::clone(&read_connections),
        );
        registry.register(
            "db_read_connections_idle",
            "Idle connections of the reader pool",
            Gauge::clone(&read_idle),
        );
        registry.register(
            "db_read_connections_max",
            "Most connections the reader pool opens",
            Gauge::clone(&read_max),
        );
        registry.register(
            "db_writer_queue",
            "Writes waiting for the database's writer",
            Gauge::clone(&writer_queue),
        );
        registry.register(
            "followup_facts_bytes",
            "Heap bytes of the follow-up facts kept in memory (one set at a time)",
            Gauge::clone(&facts_bytes),
        );
        registry.register(
            "deadlines_overdue",
            "Deadlines past their legal date, per unit",
            overdue.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            read_connections,
            read_idle,
            read_max,
            writer_queue,
            facts_bytes,
            overdue,
            overdue_counted: tokio::sync::Mutex::new(None),
        }
    }
}

fn status_class(status: StatusCode) -> &'static str {
    match status.as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// Middleware: count and time the request under its matched route pattern
/// (`unmatched` for a path no route has).
pub(crate) async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let response = next.run(req).await;
    let metrics = state.metrics();
    metrics
        .latency
        .get_or_create(&RouteLabels {
            method: method.clone(),
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&RequestLabels {
            method,
            route,
            status: status_class(response.status()).to_string(),
        })
        .inc();
    response
}

/// A plain-text answer for a program, kept as it is by the error pages.
fn plain(status: StatusCode, text: String) -> Response {
    let mut r = (
        status,
        [
            (CONTENT_TYPE, "text/plain; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response();
    r.extensions_mut().insert(MachineAnswer);
    r
}

/// `GET /ready`.
pub async fn ready(State(state): State<AppState>) -> Response {
    let store = state.store();
    let secs = READY_WITHIN.as_secs();
    if let Err(e) = store.ping(READY_WITHIN).await {
        tracing::warn!(error = %e, "not ready: the database did not answer");
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("inte redo: databasen svarar inte inom {secs} s\n"),
        );
    }
    if store.is_standby().await.unwrap_or(false) {
        tracing::warn!("not ready: the database is a read-only standby");
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "inte redo: databasen är en skrivskyddad standby; DATABASE_URL ska peka på primärservern\n"
                .to_string(),
        );
    }
    if let Err(e) = store.writer_alive(READY_WITHIN).await {
        tracing::warn!(error = %e, "not ready: the writer did not answer");
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("inte redo: databasens skrivare svarar inte inom {secs} s\n"),
        );
    }
    plain(StatusCode::OK, "ok\n".to_string())
}

/// The refusal of a request that may not read `/metrics` (see the
/// module's docs); `None` when it may.
fn metrics_refusal(state: &AppState, client: &str, headers: &HeaderMap) -> Option<Response> {
    if let Some(token) = &state.config().metrics_token {
        let given = headers
            .get(AUTHORIZATION)
            .and_then(|v| v.as_bytes().strip_prefix(b"Bearer "))
            .unwrap_or(b"");
        use subtle::ConstantTimeEq;
        if bool::from(given.ct_eq(token.as_bytes())) {
            return None;
        }
        let mut r = plain(
            StatusCode::UNAUTHORIZED,
            "Mätvärdena kräver rätt token (Authorization: Bearer ...).\n".into(),
        );
        r.headers_mut().insert(
            WWW_AUTHENTICATE,
            axum::http::HeaderValue::from_static("Bearer"),
        );
        return Some(r);
    }
    if client
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
    {
        return None;
    }
    Some(plain(
        StatusCode::FORBIDDEN,
        "Mätvärdena visas bara för klienter på samma maskin, eller med en token (metrics_token).\n"
            .into(),
    ))
}

/// `GET /metrics`.
pub async fn metrics(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = metrics_refusal(&state, &client, &headers) {
        return refused;
    }
    let m = state.metrics();
    let figures = state.store().pool_figures();
    m.read_connections.set(i64::from(figures.read_connections));
    m.read_idle
        .set(i64::try_from(figures.read_idle).unwrap_or(i64::MAX));
    m.read_max.set(i64::from(figures.read_max));
    m.writer_queue
        .set(i64::try_from(figures.writer_queue).unwrap_or(i64::MAX));
    // While a build runs the last figure stands.
    if let Some(bytes) = state.followup().kept_bytes() {
        m.facts_bytes.set(i64::try_from(bytes).unwrap_or(i64::MAX));
    }
    // One scrape at a time refills the per-unit family and encodes it.
    let mut counted = m.overdue_counted.lock().await;
    let fresh = counted
        .as_ref()
        .is_some_and(|(at, _)| at.elapsed() < OVERDUE_EVERY);
    if !fresh {
        match state.store().overdue_by_unit(state.today()).await {
            Ok(units) => *counted = Some((Instant::now(), units)),
            Err(e) => tracing::warn!(error = %e, "overdue deadlines could not be counted"),
        }
    }
    m.overdue.clear();
    for u in counted.iter().flat_map(|(_, units)| units) {
        m.overdue
            .get_or_create(&UnitLabels {
                unit_id: u.unit.0.to_string(),
                unit: u.unit_name.clone(),
            })
            .set(i64::try_from(u.overdue).unwrap_or(i64::MAX));
    }
    let mut body = String::new();
    let encoded = prometheus_client::encoding::text::encode(&mut body, &m.registry);
    drop(counted);
    if let Err(e) = encoded {
        tracing::error!(error = %e, "metrics could not be encoded");
        return plain(StatusCode::INTERNAL_SERVER_ERROR, "internt fel\n".into());
    }
    (
        [
            (
                CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            ),
            (CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// The routes of this module.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::Access::Public;
    // Public to the route guard: `/metrics` checks its own rule (above).
    r.get("/ready", Public, ready)
        .get("/metrics", Public, metrics)
}
