//! The black-box tests' HTTP helpers, whatever the fixture: a browser-like
//! client, signing in, the CSRF token, GET and POST.
//!
//! Shared by every test binary: `access.rs` and `logs.rs` get it through
//! `mod support;`, the others with `#[path = "support/http.rs"] mod http;`.

#![allow(dead_code)]

use reqwest::redirect::Policy;
use reqwest::{Response, StatusCode};

/// The type the helpers hand out, for tests that name it.
pub use reqwest::Client;

/// Every fixture user's password.
pub const PASSWORD: &str = "Rätt lösenord 42";

/// A running server, as the tests reach it.
pub trait Server {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    fn base(&self) -> &str;

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }
}

/// So that `&app` works where the app is itself a reference.
impl<T: Server + ?Sized> Server for &T {
    fn base(&self) -> &str {
        (**self).base()
    }
}

/// A browser: keeps its cookies and does not follow redirects.
pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

/// The value of the first hidden `csrf` field in a page.
pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("no csrf field") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

/// Open the login page and post its form; the answer as it came.
pub async fn post_login(app: &impl Server, c: &Client, username: &str, password: &str) -> Response {
    let page = c.get(app.url("/login")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let csrf = csrf_in(&page.text().await.unwrap());
    c.post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", username),
            ("password", password),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap()
}

/// Sign `c` in as `username` (with [`PASSWORD`]); panics unless it works.
pub async fn login(app: &impl Server, c: &Client, username: &str) {
    let r = post_login(app, c, username, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "login as {username}");
}

/// A new client signed in as `username`.
pub async fn logged_in(app: &impl Server, username: &str) -> Client {
    let c = client();
    login(app, &c, username).await;
    c
}

/// GET `url`: the status and the body.
pub async fn get(c: &Client, url: String) -> (StatusCode, String) {
    let r = c.get(url).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

/// The CSRF token of a signed-in client (from the start page).
pub async fn csrf_of(app: &impl Server, c: &Client) -> String {
    let (_, home) = get(c, app.url("/")).await;
    csrf_in(&home)
}

/// POST `form` to `url` as is: the status, the `Location` (or "") and the
/// body.
pub async fn post(c: &Client, url: String, form: &[(&str, &str)]) -> (StatusCode, String, String) {
    let r = c.post(url).form(form).send().await.unwrap();
    let status = r.status();
    let location = r
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, location, r.text().await.unwrap())
}
