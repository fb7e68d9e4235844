//! # tillit-e2e
//!
//! The harness of Tillit's browser tests (the tests are in `tests/`): the
//! real server on a random port with a fresh SQLite store, Debian's
//! ChromeDriver on a free port driving headless Chromium with a fresh
//! profile, [axe-core](../assets/README.md) run on every page visited
//! (WCAG 2.1 A and AA rules; any violation fails the test), and
//! screenshots saved to `docs/screenshots/`.
//!
//! The browser and its driver are the Debian packages `chromium` and
//! `chromium-driver`; `scripts/test.sh` installs them when run as root.
//! Without them the tests fail with a message that names the packages.
//!
//! Two worlds: [`TestServer::start`] (a unit, four users and one case, for
//! the caseworker's journey) and [`TestServer::start_demo`] (a small demo
//! municipality with two years of history, the demo goal tree and figures
//! entered by hand, for the follow-up pages).

use fantoccini::{Client, ClientBuilder, Locator};
use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tillit_app::demo::Quiet;
use tillit_app::password::hash_password;
use tillit_demo::DemoConfig;
use tillit_domain::case::{CaseCommand, CaseState, NewReport, Reporter, decide};
use tillit_domain::catalog::{ConcernCategory, ReportKind, ReporterCategory};
use tillit_domain::person::Person;
use tillit_domain::role::Role;
use tillit_domain::{CaseId, ItemId, PersonId, UnitId, UserId};
use tillit_store::{NewEvent, NewUser, Store, StoreConfig};
use tillit_web::{AppState, WebConfig};

/// The accessibility rules engine, injected into every page.
const AXE: &str = include_str!("../assets/axe.min.js");

/// The password of every seeded user.
pub const PASSWORD: &str = "Tillit e2e 2026";

/// The WCAG 2.1 A and AA rules (axe tags).
const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T> = std::result::Result<T, Error>;

/// Where a program is, or the message that says which Debian package to install.
fn find_program(names: &[&str], package: &str) -> std::result::Result<PathBuf, String> {
    for name in names {
        for dir in ["/usr/bin", "/usr/local/bin", "/usr/lib/chromium"] {
            let p = Path::new(dir).join(name);
            if p.is_file() {
                return Ok(p);
            }
        }
        if let Ok(path) = std::env::var("PATH") {
            for dir in std::env::split_paths(&path) {
                let p = dir.join(name);
                if p.is_file() {
                    return Ok(p);
                }
            }
        }
    }
    Err(format!(
        "{} was not found. The browser tests need the Debian package '{package}': \
         run scripts/test.sh as root (it installs it), or \
         `sudo apt-get install -y chromium chromium-driver`.",
        names[0]
    ))
}

/// Chromium and ChromeDriver, or a message naming the missing packages.
pub fn browser_programs() -> std::result::Result<(PathBuf, PathBuf), String> {
    let chromium = find_program(&["chromium", "chromium-browser"], "chromium");
    let driver = find_program(&["chromedriver"], "chromium-driver");
    match (chromium, driver) {
        (Ok(c), Ok(d)) => Ok((c, d)),
        (c, d) => Err([c.err(), d.err()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0")?;
    Ok(l.local_addr()?.port())
}

/// ChromeDriver, started on a free port and stopped when dropped.
pub struct ChromeDriver {
    child: Child,
    pub url: String,
}

impl ChromeDriver {
    pub fn start(program: &Path) -> Result<ChromeDriver> {
        let port = free_port()?;
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", program.display()))?;
        let driver = ChromeDriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let start = Instant::now();
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            if start.elapsed() > Duration::from_secs(20) {
                return Err("ChromeDriver did not start listening within 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // Only the process this harness started.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The real server with a fresh store: one unit, a caseworker (`anna`), a
/// second caseworker (`carl`), a team lead (`tea`) and a unit manager
/// (`ulla`), and one open case of Anna's so that the worklist is not empty;
/// or ([`TestServer::start_demo`]) a small demo municipality.
pub struct TestServer {
    pub base: String,
    pub store: Store,
    /// The users by username.
    pub users: HashMap<String, UserId>,
    pub unit: UnitId,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub async fn start(today: Date) -> Result<TestServer> {
        let dir = tempfile::tempdir()?;
        let store = Store::open(&StoreConfig::Sqlite {
            path: dir.path().join("tillit.sqlite"),
        })
        .await?;
        let unit = store.create_unit("Barn och unga", "barn").await?;
        let hash = hash_password(PASSWORD)?;
        let mut users = HashMap::new();
        for (username, name, role) in [
            ("anna", "Anna Lindqvist", Role::Caseworker),
            ("carl", "Carl Berg", Role::Caseworker),
            ("tea", "Tea Holm", Role::TeamLead),
            ("ulla", "Ulla Sand", Role::UnitManager),
        ] {
            let id = store
                .create_user(&NewUser {
                    username: username.into(),
                    display_name: name.into(),
                    role,
                    unit: Some(unit),
                    password_hash: hash.clone(),
                })
                .await?;
            users.insert(username.to_string(), id);
        }
        // A case already on Anna's list: a report received the day before.
        let child = test_person("20150101-2395", "Elin", "Exempel")?;
        store.upsert_person(&child).await?;
        let received = today.yesterday()?;
        let command = CaseCommand::OpenCase {
            child: child.id,
            unit,
            caseworker: Some(users["anna"]),
            report: NewReport {
                report: ItemId::new_random(),
                kind: ReportKind::Report,
                received_at: received.at(10, 30, 0, 0),
                reporter: Reporter {
                    category: ReporterCategory::Preschool,
                    anonymous: false,
                    name: Some("Förskolan Solrosen".into()),
                    contact: None,
                    wants_feedback: false,
                },
                concerns: vec![ConcernCategory::NeglectOfCare],
                siblings: vec![],
                summary: "Barnet hämtas ofta sent.".into(),
            },
        };
        let events = decide(&CaseState::new(), &command, received, today)
            .map_err(|r| r.message)?
            .into_iter()
            .map(|event| NewEvent {
                recorded_by: users["anna"],
                recorded_at: Timestamp::now(),
                occurred_on: received,
                event,
            })
            .collect();
        store.append(CaseId::new_random(), 0, events).await?;
        let base = serve(&store, today).await?;
        Ok(TestServer {
            base,
            store,
            users,
            unit,
            _dir: dir,
        })
    }

    /// A small demo municipality in a fresh store: the demo's four units
    /// and staff (every password [`PASSWORD`]), two years of case history
    /// ending `today` (about 500 aktualiseringar a year, every event made
    /// by the domain's `decide`), the demo goal tree of last year's and
    /// this year's plan period with indicators, targets, activities and
    /// assessments, and the demo's figures entered by hand. `unit` is the
    /// intake unit, managed by `maria`. (The same world as the web crate's
    /// follow-up tests.)
    pub async fn start_demo(today: Date) -> Result<TestServer> {
        let dir = tempfile::tempdir()?;
        let store = Store::open(&StoreConfig::Sqlite {
            path: dir.path().join("tillit.sqlite"),
        })
        .await?;
        let data = tillit_demo::generate(
            &DemoConfig {
                seed: 11,
                end: today,
                years: 2,
                reports_per_year: 500,
            },
            &mut |_, _| {},
        );
        let goals = tillit_demo::goals::generate(today);
        tillit_app::demo::load(&store, &data, PASSWORD, Some(&goals), &mut Quiet).await?;
        let users = data
            .users
            .iter()
            .map(|u| (u.username.clone(), u.id))
            .collect();
        let base = serve(&store, today).await?;
        let unit = data
            .user("maria")
            .and_then(|u| u.unit)
            .ok_or("the demo has no unit manager maria")?;
        Ok(TestServer {
            base,
            store,
            users,
            unit,
            _dir: dir,
        })
    }
}

/// The real server over `store` on a random port, with `today` as its
/// date; its base URL.
async fn serve(store: &Store, today: Date) -> Result<String> {
    let state = AppState::new(
        store.clone(),
        WebConfig {
            today_override: Some(today),
            ..WebConfig::default()
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(tillit_web::serve(listener, state));
    Ok(format!("http://{addr}"))
}

/// A person with one of Skatteverket's test personnummer.
pub fn test_person(number: &str, given: &str, family: &str) -> Result<Person> {
    let n = tillit_domain::identity::IdentityNumber::parse_long_form(number)?;
    Ok(Person {
        id: PersonId::new_random(),
        identity_number: Some(n.format_long()),
        given_name: given.into(),
        family_name: family.into(),
        gender: n.gender(),
        birth_date: Some(n.birth_date()),
        protected: false,
        address: None,
    })
}

/// One browser session against the server, collecting axe's findings.
pub struct Browser {
    pub client: Client,
    pub base: String,
    /// "page: rule: help (targets)" for every violation found.
    pub violations: Vec<String>,
    /// Pages checked with axe.
    pub checked: Vec<String>,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Headless Chromium through `driver`, with a fresh profile.
    pub async fn open(driver: &ChromeDriver, chromium: &Path, base: &str) -> Result<Browser> {
        let profile = tempfile::tempdir()?;
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium.to_string_lossy(),
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--no-default-browser-check",
                    "--lang=sv-SE",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url)
            .await?;
        Ok(Browser {
            client,
            base: base.to_string(),
            violations: Vec::new(),
            checked: Vec::new(),
            _profile: profile,
        })
    }

    pub async fn goto(&self, path: &str) -> Result<()> {
        self.client.goto(&format!("{}{path}", self.base)).await?;
        self.wait_loaded().await
    }

    pub async fn wait_loaded(&self) -> Result<()> {
        let start = Instant::now();
        loop {
            let state = self
                .client
                .execute("return document.readyState", vec![])
                .await?;
            if state == "complete" {
                return Ok(());
            }
            if start.elapsed() > Duration::from_secs(15) {
                return Err("page did not finish loading".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Wait (at most 15 s) until an element matches `css`, then until the
    /// page has loaded.
    pub async fn wait_for_css(&self, css: &str) -> Result<()> {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(fantoccini::Locator::Css(css))
            .await?;
        self.wait_loaded().await
    }

    /// The path and query of the current page.
    pub async fn path(&self) -> Result<String> {
        let url = self.client.current_url().await?;
        Ok(match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        })
    }

    /// Wait until the current path contains `part` (after a click that
    /// navigates) and the page has loaded.
    pub async fn wait_path(&self, part: &str) -> Result<()> {
        let start = Instant::now();
        loop {
            if self.path().await?.contains(part) {
                return self.wait_loaded().await;
            }
            if start.elapsed() > Duration::from_secs(15) {
                return Err(format!(
                    "expected to reach a page with {part:?}, still on {}",
                    self.path().await?
                )
                .into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The visible text of the page.
    pub async fn text(&self) -> Result<String> {
        let v = self
            .client
            .execute("return document.body.innerText", vec![])
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let e = self.client.find(Locator::Css(css)).await?;
        e.clear().await?;
        e.send_keys(text).await?;
        Ok(())
    }

    /// Set a (long) text field's value at once, as a paste would.
    pub async fn paste(&self, css: &str, text: &str) -> Result<()> {
        self.client
            .execute(
                "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
                 e.dispatchEvent(new Event('input', {bubbles: true}));",
                vec![json!(css), json!(text)],
            )
            .await?;
        Ok(())
    }

    pub async fn click(&self, css: &str) -> Result<()> {
        self.client.find(Locator::Css(css)).await?.click().await?;
        Ok(())
    }

    /// Follow the link with exactly this text.
    pub async fn click_link(&self, text: &str) -> Result<()> {
        self.client
            .find(Locator::LinkText(text))
            .await
            .map_err(|e| format!("no link {text:?}: {e}"))?
            .click()
            .await?;
        Ok(())
    }

    pub async fn select(&self, css: &str, value: &str) -> Result<()> {
        self.client
            .find(Locator::Css(css))
            .await?
            .select_by_value(value)
            .await?;
        Ok(())
    }

    /// Run axe-core on the page; violations are remembered under `page`.
    pub async fn check(&mut self, page: &str) -> Result<()> {
        self.client.execute(AXE, vec![]).await?;
        let script = "const done = arguments[arguments.length - 1];\
            axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})\
              .then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))))\
              .catch(e => done('ERROR ' + e));";
        let result = self
            .client
            .execute_async(script, vec![json!(AXE_TAGS)])
            .await?;
        let text = result.as_str().unwrap_or("ERROR no result").to_string();
        if let Some(err) = text.strip_prefix("ERROR ") {
            return Err(format!("axe failed on {page}: {err}").into());
        }
        let found: Vec<Value> = serde_json::from_str(&text)?;
        for v in found {
            self.violations.push(format!(
                "{page}: {} ({}): {} at {}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or("?"),
                v["targets"]
            ));
        }
        self.checked.push(page.to_string());
        Ok(())
    }

    /// Save a screenshot of the whole page to `dir/name.png`.
    pub async fn screenshot(&self, dir: &Path, name: &str) -> Result<()> {
        let height = self
            .client
            .execute(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)",
                vec![],
            )
            .await?
            .as_u64()
            .unwrap_or(900)
            .clamp(600, 4000);
        // The window includes the browser's own frame: leave room for it.
        self.client
            .set_window_size(1280, height as u32 + 140)
            .await?;
        self.client.execute("window.scrollTo(0, 0)", vec![]).await?;
        let png = self.client.screenshot().await?;
        self.client.set_window_size(1280, 900).await?;
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join(format!("{name}.png")), png)?;
        Ok(())
    }

    /// Sign in through the login form.
    pub async fn login(&self, username: &str) -> Result<()> {
        self.goto("/login").await?;
        self.fill("#username", username).await?;
        self.fill("#password", PASSWORD).await?;
        self.click("button.primary").await?;
        let start = Instant::now();
        while self.path().await?.starts_with("/login") {
            if start.elapsed() > Duration::from_secs(15) {
                return Err(format!("could not sign in as {username}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.wait_loaded().await
    }

    /// Sign out with the header's button.
    pub async fn logout(&self) -> Result<()> {
        self.click("form.logout button").await?;
        self.wait_path("/login").await
    }
}

/// Where the screenshots go: `docs/screenshots/` of the repository.
/// A tour's steps: a future borrowing the browser and the server.
pub type Tour<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<()>> + 'a>>;

/// Drive `tour` in a fresh headless Chromium on `server`, then close the
/// browser and fail the test on the tour's error, on any axe-core violation
/// (WCAG 2.1 A/AA), or when axe ran on fewer than `min_pages` pages. Prints
/// how long the tour took and the pages checked.
pub async fn run_tour<F>(name: &str, server: &TestServer, min_pages: usize, tour: F)
where
    F: for<'a> FnOnce(&'a mut Browser, &'a TestServer) -> Tour<'a>,
{
    let (chromium, chromedriver) = browser_programs().unwrap_or_else(|m| panic!("{m}"));
    let started = Instant::now();
    let driver = ChromeDriver::start(&chromedriver).expect("chromedriver");
    let mut b = Browser::open(&driver, &chromium, &server.base)
        .await
        .expect("browser session");
    let outcome = tour(&mut b, server).await;
    let violations = std::mem::take(&mut b.violations);
    let checked = b.checked.clone();
    let _ = b.client.close().await;
    if let Err(e) = outcome {
        panic!("{name} failed: {e}");
    }
    assert!(
        violations.is_empty(),
        "axe-core found {} accessibility violation(s) (WCAG 2.1 A/AA):\n{}",
        violations.len(),
        violations.join("\n")
    );
    assert!(checked.len() >= min_pages, "axe ran on {checked:?}");
    eprintln!(
        "{name} took {:.1} s; axe-core: no violations on {} pages: {}",
        started.elapsed().as_secs_f64(),
        checked.len(),
        checked.join(", ")
    );
}

/// `Ok` when `text` contains `part`, else an error that shows the text.
pub fn contains(text: &str, part: &str) -> Result<()> {
    if text.contains(part) {
        Ok(())
    } else {
        Err(format!("the page does not say {part:?}:\n{text}").into())
    }
}

pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("..")
        .join("docs")
        .join("screenshots")
}
