//! Configuration of the web application.

use jiff::civil::Date;
use std::time::Duration;

/// How the web application behaves. `WebConfig::default()` is right for a
/// local run; behind TLS set `secure_cookies`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebConfig {
    /// A session unused for this long ends (default 30 minutes).
    pub idle_timeout: Duration,
    /// A session ends this long after login, used or not (default 12 hours).
    pub absolute_timeout: Duration,
    /// Mark cookies `Secure` (only sent over HTTPS). Set when served behind TLS.
    pub secure_cookies: bool,
    /// Use this date as "today" instead of the Stockholm calendar date (demo
    /// data and tests).
    pub today_override: Option<Date>,
    /// How long emergency access to a case of another unit lasts (default
    /// 2 hours).
    pub emergency_access: Duration,
    /// Reverse proxies whose `X-Forwarded-For` header is believed (default
    /// none). A request from one of these addresses is logged and throttled
    /// under the client address the proxy forwarded; from anywhere else the
    /// header is ignored, so that a client cannot choose its own address.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The longest a request waits for the database (a write's
    /// acknowledgement or a connection to read with) before the user gets
    /// "Tillit är tillfälligt otillgängligt" (503) instead (default 5 s).
    pub db_wait: Duration,
    /// The bearer token that opens `/metrics` from anywhere (default none:
    /// `/metrics` answers only clients on the loopback interface; see
    /// `ops.rs`).
    pub metrics_token: Option<String>,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::from_secs(30 * 60),
            absolute_timeout: Duration::from_secs(12 * 60 * 60),
            secure_cookies: false,
            today_override: None,
            emergency_access: Duration::from_secs(2 * 60 * 60),
            trusted_proxies: Vec::new(),
            db_wait: Duration::from_secs(5),
            metrics_token: None,
        }
    }
}
