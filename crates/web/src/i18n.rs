//! User-interface text: Fluent messages in `locales/{sv,en}/tillit.ftl`,
//! compiled into the binary. Swedish is the default; `?lang=en` (remembered
//! in a cookie) picks English; the browser's `Accept-Language` does not.
//!
//! Swedish legal and domain terms (event, deadline, role and phase labels)
//! have one source of truth, the domain crate; in English they are looked up
//! as `{group}-{code}` messages and fall back to the Swedish label.

use axum::extract::{FromRequestParts, Request};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::convert::Infallible;
use std::sync::LazyLock;

/// A language of the user interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Sv, Lang::En];

    /// BCP 47 code, as in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next().unwrap_or(code).trim();
        if primary.eq_ignore_ascii_case("sv") {
            Some(Lang::Sv)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::Sv => include_str!("../locales/sv/tillit.ftl"),
            Lang::En => include_str!("../locales/en/tillit.ftl"),
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

fn build_bundle(lang: Lang) -> Bundle {
    let langid: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // No Unicode isolation marks around arguments: the text is left-to-right
    // and the marks would end up in copied text.
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(lang.source().to_string()) {
        Ok(r) => r,
        Err((r, errors)) => {
            // A unit test keeps the files free of syntax errors; a broken
            // message shows as its key rather than taking the server down.
            tracing::error!(
                lang = lang.code(),
                count = errors.len(),
                "syntax errors in Fluent file"
            );
            r
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(
            lang = lang.code(),
            count = errors.len(),
            "duplicate Fluent messages"
        );
    }
    bundle
}

static SV: LazyLock<Bundle> = LazyLock::new(|| build_bundle(Lang::Sv));
static EN: LazyLock<Bundle> = LazyLock::new(|| build_bundle(Lang::En));

fn bundle(lang: Lang) -> &'static Bundle {
    match lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

fn format(lang: Lang, key: &str, args: Option<&FluentArgs>) -> Option<String> {
    let b = bundle(lang);
    let pattern = b.get_message(key)?.value()?;
    let mut errors = Vec::new();
    let text = b.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::warn!(key, lang = lang.code(), "Fluent formatting errors");
    }
    Some(text.into_owned())
}

/// The translator handed to every page: the chosen language and lookups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    /// The message `key`; falls back to Swedish, then to the key itself.
    pub fn t(&self, key: &str) -> String {
        self.lookup(key, None)
    }

    /// The message `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl Into<FluentValue<'static>>) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), value.into());
        self.lookup(key, Some(&args))
    }

    /// The message `key` with a numeric `count` argument (plurals).
    pub fn n(&self, key: &str, count: usize) -> String {
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(count));
        self.lookup(key, Some(&args))
    }

    /// The message `key` with several arguments.
    pub fn args(&self, key: &str, args: &FluentArgs) -> String {
        self.lookup(key, Some(args))
    }

    fn lookup(&self, key: &str, args: Option<&FluentArgs>) -> String {
        format(self.lang, key, args)
            .or_else(|| format(Lang::Sv, key, args))
            .unwrap_or_else(|| {
                tracing::warn!(key, "missing Fluent message");
                key.to_string()
            })
    }

    /// A domain label: Swedish from the domain crate (the one source of
    /// truth for legal terms); in other languages the message
    /// `{group}-{code}`, falling back to the Swedish label.
    pub fn label(&self, group: &str, code: &str, swedish: &str) -> String {
        if self.lang == Lang::Sv {
            return swedish.to_string();
        }
        format(self.lang, &format!("{group}-{code}"), None).unwrap_or_else(|| swedish.to_string())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Tr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Tr>().copied().unwrap_or_default())
    }
}

/// The cookie remembering an explicit language choice.
pub const LANG_COOKIE: &str = "tillit_lang";

/// Middleware: decide the language and put a [`Tr`] in the request; remember
/// an explicit `?lang=` in a cookie (`Secure` when `secure`, like every
/// other cookie of Tillit behind TLS).
pub async fn lang_layer(secure: bool, mut req: Request, next: Next) -> Response {
    let explicit = req
        .uri()
        .query()
        .and_then(|q| {
            serde_urlencoded::from_str::<Vec<(String, String)>>(q)
                .ok()?
                .into_iter()
                .find(|(k, _)| k == "lang")
                .map(|(_, v)| v)
        })
        .and_then(|v| Lang::from_code(&v));
    let lang = explicit.unwrap_or_else(|| negotiate(req.headers()));
    req.extensions_mut().insert(Tr::new(lang));
    let mut resp = next.run(req).await;
    if let Some(lang) = explicit {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{}",
            lang.code(),
            if secure { "; Secure" } else { "" }
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            resp.headers_mut().append(SET_COOKIE, v);
        }
    }
    resp
}

/// The language from the cookie (set by `?lang=`), else Swedish. Tillit is
/// a Swedish product: a browser's `Accept-Language` does not switch the
/// caseworker's screens to English; choosing English is explicit.
fn negotiate(headers: &HeaderMap) -> Lang {
    crate::session::cookie_value(headers, LANG_COOKIE)
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header::COOKIE;
    use std::collections::BTreeSet;

    fn keys(lang: Lang) -> BTreeSet<String> {
        let res = FluentResource::try_new(lang.source().to_string())
            .unwrap_or_else(|(_, e)| panic!("{} has syntax errors: {e:?}", lang.code()));
        res.entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        let sv = keys(Lang::Sv);
        let en = keys(Lang::En);
        let only_sv: Vec<_> = sv.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&sv).filter(|k| !is_label_key(k)).collect();
        assert!(only_sv.is_empty(), "missing in English: {only_sv:?}");
        assert!(only_en.is_empty(), "missing in Swedish: {only_en:?}");
    }

    /// English-only translations of domain labels (Swedish comes from the domain crate).
    fn is_label_key(k: &str) -> bool {
        [
            "role-",
            "deadline-",
            "event-",
            "phase-",
            "relation-",
            "gender-",
            "cat-",
        ]
        .iter()
        .any(|p| k.starts_with(p))
    }

    /// Every message a template or the Rust code asks for exists in both
    /// languages.
    #[test]
    fn every_used_key_exists() {
        let sv = keys(Lang::Sv);
        let en = keys(Lang::En);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for sub in ["templates", "src", "src/pages"] {
            for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
                let p = entry.unwrap().path();
                if p.is_file() {
                    files.push(p);
                }
            }
        }
        let mut missing = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for call in [".t(\"", ".t1(\"", ".n(\""] {
                for (i, _) in text.match_indices(call) {
                    let rest = &text[i + call.len()..];
                    let key = &rest[..rest.find('"').unwrap()];
                    if key.is_empty() || key.contains('{') {
                        continue;
                    }
                    if !sv.contains(key) || !en.contains(key) {
                        missing.push(format!("{}: {key}", f.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "messages missing: {missing:#?}");
    }

    #[test]
    fn lookups_and_plurals() {
        let sv = Tr::new(Lang::Sv);
        let en = Tr::new(Lang::En);
        assert_eq!(sv.t("login-failed"), "Fel användarnamn eller lösenord.");
        assert_eq!(en.t("login-failed"), "Wrong username or password.");
        assert_eq!(sv.n("worklist-count-overdue", 1), "1 försenad");
        assert_eq!(sv.n("worklist-count-overdue", 3), "3 försenade");
        assert_eq!(en.n("worklist-count-overdue", 3), "3 overdue");
        let missing = "no-such-key";
        assert_eq!(sv.t(missing), missing);
    }

    /// Keys built at run time from codes.
    #[test]
    fn dynamic_keys_exist() {
        let mut wanted = Vec::new();
        for role in tillit_domain::role::Role::ALL {
            wanted.push(format!("start-role-{}", role.code()));
            wanted.push(format!("role-{}", role.code()));
        }
        for s in crate::view::DueStatus::ALL {
            for prefix in ["status", "worklist-group", "worklist-count"] {
                wanted.push(format!("{prefix}-{}", s.code()));
            }
        }
        for k in tillit_domain::deadline::DeadlineKind::ALL {
            wanted.push(format!("deadline-{}", k.code()));
        }
        for g in tillit_domain::catalog::Gender::all() {
            wanted.push(format!("gender-{}", g.code()));
        }
        for lang in Lang::ALL {
            let have = keys(lang);
            for k in &wanted {
                let label_only = lang == Lang::Sv && is_label_key(k);
                assert!(
                    label_only || have.contains(k),
                    "{}: missing {k}",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn swedish_unless_english_was_chosen() {
        let mut h = HeaderMap::new();
        assert_eq!(negotiate(&h), Lang::Sv);
        h.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("en-GB,en;q=0.9"),
        );
        assert_eq!(negotiate(&h), Lang::Sv);
        h.insert(COOKIE, HeaderValue::from_static("tillit_lang=en"));
        assert_eq!(negotiate(&h), Lang::En);
    }
}
