//! The load benchmark of the write path (run on demand, never in the test
//! suite): starts `tillit serve --demo` on a fresh database, signs in 64
//! browsers and drives them on loopback, one keep-alive connection each.
//!
//! ```sh
//! cargo build --release -p tillit-cli --bin tillit --example load
//! target/release/examples/load                      # SQLite
//! DATABASE_URL=postgres://tillit@127.0.0.1:55432/postgres target/release/examples/load
//! target/release/examples/load --seconds 10 --connections 64 --only case,search
//! # an existing database (e.g. `tillit demo --cases 1000000`), served as it is
//! target/release/examples/load --data-dir /tmp/big1m --only case,worklist,mix
//! ```
//!
//! With `--data-dir` the server is started on that database without
//! `--demo` (on PostgreSQL: `DATABASE_URL` names it) and the benchmark waits
//! until the server's first follow-up build is done (`/metrics`), so the
//! figures are of a server serving, not starting.
//!
//! Scenarios, each for `--seconds` at `--connections`:
//! - `case`: case pages (every view writes its access-log rows), rotating
//!   over the unit's cases;
//! - `worklist`: the unit's worklist (`/?view=unit`);
//! - `search`: person search by name (`/persons?q=Andersson`);
//! - `search-year`: the same name with a year of birth
//!   (`/persons?q=Andersson+2015`);
//! - `draft`: journal draft autosave (`POST /cases/{id}/journal/draft`);
//! - `mix`: 60 % case pages, 15 % worklist, 10 % search, 10 % autosave,
//!   5 % signed journal entries (a case event with its version check);
//! - `bursts`: 30 bursts of all connections on case pages, each cut off after
//!   0.7 s (every request in flight is dropped, as when clients disconnect),
//!   then the time until a new login and a logged case page succeed.
//!
//! Prints per route: requests, throughput, p50, p99, max, errors (5xx or a
//! failed connection; 409 conflicts counted apart), and the server's peak
//! resident memory while serving (sampled every 50 ms from /proc).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode, redirect::Policy};
use tokio::sync::Mutex;

const PASSWORD: &str = "tillit-demo";

struct Args {
    connections: usize,
    seconds: u64,
    only: Vec<String>,
    binary: PathBuf,
    port: u16,
    data_dir: Option<PathBuf>,
}

fn args() -> Args {
    let mut a = Args {
        connections: 64,
        seconds: 10,
        only: Vec::new(),
        binary: PathBuf::from("target/release/tillit"),
        port: 18080,
        data_dir: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--connections" => a.connections = value.parse().expect("--connections N"),
            "--seconds" => a.seconds = value.parse().expect("--seconds N"),
            "--only" => a.only = value.split(',').map(str::to_string).collect(),
            "--binary" => a.binary = PathBuf::from(value),
            "--port" => a.port = value.parse().expect("--port N"),
            "--data-dir" => a.data_dir = Some(PathBuf::from(value)),
            other => panic!("unknown flag {other}"),
        }
    }
    a
}

/// Latencies and outcomes of one route.
#[derive(Default)]
struct Stats {
    micros: Vec<u32>,
    errors: u64,
    conflicts: u64,
}

type AllStats = Arc<Mutex<BTreeMap<&'static str, Stats>>>;

fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .pool_max_idle_per_host(1)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

fn field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..start + html[start..].find('"')?].to_string())
}

async fn login(base: &str, c: &Client, user: &str) -> Result<String, String> {
    let page = c
        .get(format!("{base}/login"))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let csrf = field(&page.text().await.map_err(|e| e.to_string())?, "csrf").ok_or("no csrf")?;
    let r = c
        .post(format!("{base}/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", user),
            ("password", PASSWORD),
            ("next", ""),
        ])
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if r.status() != StatusCode::SEE_OTHER {
        return Err(format!("login as {user}: {}", r.status()));
    }
    let home = c
        .get(format!("{base}/"))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    field(&home, "csrf").ok_or_else(|| "no csrf on the start page".into())
}

/// Every `/cases/<id>` linked from a page, in order, without repeats.
fn case_ids(html: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in html.split("href=\"/cases/").skip(1) {
        let id: String = part
            .chars()
            .take_while(|c| c.is_ascii_hexdigit() || *c == '-')
            .collect();
        if id.len() == 36 && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

struct Server {
    child: Child,
    pid: u32,
    base: String,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_server(a: &Args) -> Server {
    let addr = format!("127.0.0.1:{}", a.port);
    let started = Instant::now();
    let mut command = Command::new(&a.binary);
    let dir = match &a.data_dir {
        Some(existing) => {
            command
                .args(["serve", "--addr", &addr, "--data-dir"])
                .arg(existing);
            None
        }
        None => {
            let dir = tempfile::tempdir().unwrap();
            command
                .args(["serve", "--demo", "--addr", &addr, "--data-dir"])
                .arg(dir.path());
            Some(dir)
        }
    };
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", a.binary.display()));
    let pid = child.id();
    let base = format!("http://{addr}");
    let c = client();
    loop {
        if let Ok(r) = c.get(format!("{base}/login")).send().await
            && r.status() == StatusCode::OK
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    eprintln!("server up after {:.1} s", started.elapsed().as_secs_f64());
    if a.data_dir.is_some() {
        // The first follow-up build runs in the background at start: wait
        // for it, so that it does not share the CPU with the benchmark.
        loop {
            let built = match c.get(format!("{base}/metrics")).send().await {
                Ok(r) => r.text().await.unwrap_or_default().lines().any(|l| {
                    l.starts_with("tillit_followup_facts_bytes ")
                        && l.split_whitespace().nth(1).is_some_and(|v| v != "0")
                }),
                Err(_) => false,
            };
            if built {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(3600),
                "the follow-up was not built within an hour"
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        eprintln!(
            "follow-up built after {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    Server {
        child,
        pid,
        base,
        _dir: dir,
    }
}

/// CPU time (user + system) the server has used so far, in milliseconds.
fn cpu_ms(pid: u32) -> f64 {
    // Fields 14 and 15 of /proc/PID/stat, after the command in parentheses.
    let ticks = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1.to_string();
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0);
    // USER_HZ is 100 on Linux.
    ticks as f64 * 10.0
}

/// A line of /proc/PID/status in KiB (`VmRSS:`, `RssAnon:`).
fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn rss_kib(pid: u32) -> u64 {
    status_kib(pid, "VmRSS:")
}

/// The process's own memory (heap, stacks), without the pages of files it
/// maps: SQLite's readers map the database file, and each of them counts
/// the same page cache again in VmRSS.
fn anon_kib(pid: u32) -> u64 {
    status_kib(pid, "RssAnon:")
}

/// One signed-in browser.
struct Browser {
    c: Client,
    csrf: String,
    /// The cases this browser turns to (its own slice of the unit's cases).
    cases: Vec<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Scenario {
    Case,
    Worklist,
    Search,
    SearchYear,
    Draft,
    Mix,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Self::Case => "case",
            Self::Worklist => "worklist",
            Self::Search => "search",
            Self::SearchYear => "search-year",
            Self::Draft => "draft",
            Self::Mix => "mix",
        }
    }
}

async fn timed(
    stats: &AllStats,
    route: &'static str,
    req: reqwest::RequestBuilder,
) -> Option<String> {
    let t = Instant::now();
    let outcome = match req.send().await {
        Ok(r) => {
            let status = r.status();
            match r.text().await {
                Ok(body) => Some((status, body)),
                Err(_) => None,
            }
        }
        Err(_) => None,
    };
    let us = t.elapsed().as_micros().min(u128::from(u32::MAX)) as u32;
    let mut s = stats.lock().await;
    let e = s.entry(route).or_default();
    e.micros.push(us);
    match outcome {
        Some((status, body)) if status.is_success() || status.is_redirection() => Some(body),
        Some((StatusCode::CONFLICT, _)) => {
            e.conflicts += 1;
            None
        }
        _ => {
            e.errors += 1;
            None
        }
    }
}

async fn drive(
    base: String,
    b: Arc<Browser>,
    scenario: Scenario,
    stop: Arc<AtomicBool>,
    stats: AllStats,
    seed: u64,
) {
    let mut n: u64 = seed;
    while !stop.load(Ordering::Relaxed) {
        n = n.wrapping_add(1);
        let case = &b.cases[(n as usize) % b.cases.len()];
        let pick = match scenario {
            Scenario::Mix => match n % 20 {
                0..=11 => Scenario::Case,
                12..=14 => Scenario::Worklist,
                15 | 16 => Scenario::Search,
                17 | 18 => Scenario::Draft,
                _ => Scenario::Mix, // a signed journal entry
            },
            s => s,
        };
        match pick {
            Scenario::Case => {
                timed(&stats, "case page", b.c.get(format!("{base}/cases/{case}"))).await;
            }
            Scenario::Worklist => {
                timed(
                    &stats,
                    "unit worklist",
                    b.c.get(format!("{base}/?view=unit")),
                )
                .await;
            }
            Scenario::Search => {
                timed(
                    &stats,
                    "person search",
                    b.c.get(format!("{base}/persons?q=Andersson")),
                )
                .await;
            }
            Scenario::SearchYear => {
                timed(
                    &stats,
                    "person search with year",
                    b.c.get(format!("{base}/persons?q=Andersson+2015")),
                )
                .await;
            }
            Scenario::Draft => {
                timed(
                    &stats,
                    "draft autosave",
                    b.c.post(format!("{base}/cases/{case}/journal/draft"))
                        .form(&[
                            ("csrf", b.csrf.as_str()),
                            ("text", &format!("Utkast nummer {n} från lasttestet.")),
                        ]),
                )
                .await;
            }
            Scenario::Mix => {
                let url = format!("{base}/cases/{case}/journal");
                if let Some(page) = timed(&stats, "journal page", b.c.get(&url)).await
                    && let Some(version) = field(&page, "version")
                {
                    timed(
                        &stats,
                        "sign journal entry",
                        b.c.post(&url).form(&[
                            ("csrf", b.csrf.as_str()),
                            ("text", &format!("Samtal med vårdnadshavare ({n}).")),
                            ("action", "sign"),
                            ("confirm", "1"),
                            ("version", version.as_str()),
                            ("corrects", ""),
                        ]),
                    )
                    .await;
                }
            }
        }
    }
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i]) / 1000.0
}

fn report(
    title: &str,
    seconds: f64,
    stats: &BTreeMap<&'static str, Stats>,
    peak_mib: f64,
    peak_anon_mib: f64,
    server_cpu_ms: f64,
) {
    println!("\n## {title} ({seconds:.1} s)");
    println!("| route | requests | per second | p50 ms | p99 ms | max ms | errors | conflicts |");
    println!("|---|---|---|---|---|---|---|---|");
    for (route, s) in stats {
        let mut v = s.micros.clone();
        v.sort_unstable();
        println!(
            "| {route} | {} | {:.0} | {:.1} | {:.1} | {:.1} | {} | {} |",
            v.len(),
            v.len() as f64 / seconds,
            percentile(&v, 0.5),
            percentile(&v, 0.99),
            percentile(&v, 1.0),
            s.errors,
            s.conflicts
        );
    }
    let total: usize = stats.values().map(|s| s.micros.len()).sum();
    println!(
        "server peak RSS while serving: {peak_mib:.0} MiB (anonymous {peak_anon_mib:.0} MiB, the rest mapped files: on SQLite mostly the database); server CPU {:.2} s = {:.3} ms per request ({:.2} cores)",
        server_cpu_ms / 1000.0,
        server_cpu_ms / total.max(1) as f64,
        server_cpu_ms / 1000.0 / seconds
    );
}

#[tokio::main]
async fn main() {
    let a = args();
    let server = start_server(&a).await;
    let base = server.base.clone();
    let backend = if std::env::var("DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "# Load benchmark: {backend}, {} connections on loopback",
        a.connections
    );

    // The unit's cases, as its manager sees them.
    let peter = client();
    login(&base, &peter, "peter").await.unwrap();
    let list = peter
        .get(format!("{base}/?view=unit"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let cases = case_ids(&list);
    assert!(!cases.is_empty(), "no cases on the unit's worklist");
    eprintln!("{} cases of Barnenheten to rotate over", cases.len());

    // Unit managers may write in every case of their unit: each browser gets
    // its own slice, so signed entries do not conflict with each other.
    let mut browsers = Vec::new();
    for i in 0..a.connections {
        let c = client();
        let csrf = login(&base, &c, "peter").await.unwrap();
        let mine: Vec<String> = cases
            .iter()
            .skip(i % cases.len())
            .step_by(a.connections.min(cases.len()).max(1))
            .cloned()
            .collect();
        browsers.push(Arc::new(Browser {
            c,
            csrf,
            cases: if mine.is_empty() { cases.clone() } else { mine },
        }));
    }

    let wanted = |name: &str| a.only.is_empty() || a.only.iter().any(|o| o == name);
    for scenario in [
        Scenario::Case,
        Scenario::Worklist,
        Scenario::Search,
        Scenario::SearchYear,
        Scenario::Draft,
        Scenario::Mix,
    ] {
        if !wanted(scenario.name()) {
            continue;
        }
        let stats: AllStats = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(0));
        let peak_anon = Arc::new(AtomicU64::new(0));
        let sampler = {
            let (stop, peak, peak_anon, pid) =
                (stop.clone(), peak.clone(), peak_anon.clone(), server.pid);
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
                    peak_anon.fetch_max(anon_kib(pid), Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            })
        };
        let cpu_before = cpu_ms(server.pid);
        let started = Instant::now();
        let tasks: Vec<_> = browsers
            .iter()
            .enumerate()
            .map(|(i, b)| {
                tokio::spawn(drive(
                    base.clone(),
                    b.clone(),
                    scenario,
                    stop.clone(),
                    stats.clone(),
                    i as u64 * 7919,
                ))
            })
            .collect();
        tokio::time::sleep(Duration::from_secs(a.seconds)).await;
        stop.store(true, Ordering::Relaxed);
        for t in tasks {
            let _ = t.await;
        }
        let elapsed = started.elapsed().as_secs_f64();
        let server_cpu = cpu_ms(server.pid) - cpu_before;
        let _ = sampler.await;
        let stats = stats.lock().await;
        report(
            scenario.name(),
            elapsed,
            &stats,
            peak.load(Ordering::Relaxed) as f64 / 1024.0,
            peak_anon.load(Ordering::Relaxed) as f64 / 1024.0,
            server_cpu,
        );
    }

    if wanted("bursts") {
        let stats: AllStats = Arc::default();
        let started = Instant::now();
        for _ in 0..30 {
            let stop = Arc::new(AtomicBool::new(false));
            let tasks: Vec<_> = browsers
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    tokio::spawn(drive(
                        base.clone(),
                        b.clone(),
                        Scenario::Case,
                        stop.clone(),
                        stats.clone(),
                        i as u64,
                    ))
                })
                .collect();
            tokio::time::sleep(Duration::from_millis(700)).await;
            // Cut off: every request in flight is dropped mid-way.
            for t in tasks {
                t.abort();
            }
        }
        let cut = started.elapsed().as_secs_f64();
        let t = Instant::now();
        let fresh = client();
        let outcome = login(&base, &fresh, "karin").await;
        let login_ms = t.elapsed().as_secs_f64() * 1000.0;
        let r = peter
            .get(format!("{base}/cases/{}", cases[0]))
            .send()
            .await
            .map(|r| r.status());
        println!(
            "\n## bursts: 30 x 0.7 s of {} connections, cut off ({cut:.1} s)",
            a.connections
        );
        println!(
            "then: login {} in {login_ms:.0} ms; a logged case page answered {:?} ({:.0} ms after the cut)",
            if outcome.is_ok() { "worked" } else { "FAILED" },
            r.map(|s| s.as_u16()),
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}
