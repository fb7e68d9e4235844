//! What handlers read from a request besides its form and query (those
//! are in `forms.rs`): who the client is.

use crate::AppState;
use axum::extract::FromRequestParts;
use axum::extract::connect_info::ConnectInfo;
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

/// The client's address: the connection's peer, or, when the peer is one of
/// the configured trusted reverse proxies ([`crate::WebConfig::trusted_proxies`]),
/// the address that proxy put in `X-Forwarded-For`.
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        Ok(ClientAddr(
            client_addr(peer, &forwarded, &state.config().trusted_proxies)
                .map(|ip| ip.to_string())
                .unwrap_or_else(|| "unknown".to_string()),
        ))
    }
}

/// Who the client is. The peer address, unless the peer is a trusted proxy:
/// then the `X-Forwarded-For` entries (all header lines, in order) are read
/// from the right, skipping further trusted proxies, and the first other
/// address is the client. An entry that is not an address makes the header
/// untrustworthy from there on, and the last trusted hop is used instead.
pub fn client_addr(peer: Option<IpAddr>, forwarded: &[&str], trusted: &[IpAddr]) -> Option<IpAddr> {
    let mut client = peer?;
    if !trusted.contains(&client) {
        return Some(client);
    }
    let hops = forwarded
        .iter()
        .flat_map(|line| line.split(','))
        .map(str::trim)
        .filter(|hop| !hop.is_empty())
        .collect::<Vec<_>>();
    for hop in hops.into_iter().rev() {
        let Ok(ip) = hop.parse::<IpAddr>() else {
            break;
        };
        client = ip;
        if !trusted.contains(&ip) {
            break;
        }
    }
    Some(client)
}
