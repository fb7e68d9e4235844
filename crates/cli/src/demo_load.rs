//! Loading the demo municipality into a store, with progress bars.

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use tillit_app::demo::Progress;
use tillit_demo::large::LargeConfig;
use tillit_demo::{DEMO_PASSWORD, DemoConfig};
use tillit_store::Store;

fn bar(len: u64, what: &str) -> ProgressBar {
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{msg:<28} [{bar:40}] {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// The loader's stages as progress bars.
struct Bars(Option<ProgressBar>);

impl Progress for Bars {
    fn stage(&mut self, what: &str, total: u64) {
        self.0 = Some(bar(total, what));
    }

    fn advance(&mut self, n: u64) {
        if let Some(pb) = &self.0 {
            pb.inc(n);
        }
    }

    fn finish(&mut self) {
        if let Some(pb) = self.0.take() {
            pb.finish();
        }
    }
}

/// Generate the demo municipality ending today and write it to `store`.
pub async fn generate_and_load(store: &Store, seed: u64) -> Result<()> {
    let today = jiff::Zoned::now().date();
    let pb = bar(1, "Genererar demokommunen");
    let data = tokio::task::block_in_place(|| {
        tillit_demo::generate(&DemoConfig::new(seed, today), &mut |done, total| {
            pb.set_length(total);
            pb.set_position(done);
        })
    });
    pb.finish();
    let goals = tillit_demo::goals::generate(data.end);
    tillit_app::demo::load(store, &data, DEMO_PASSWORD, Some(&goals), &mut Bars(None)).await?;
    println!(
        "Demokommunen {}: {} personer, {} ärenden, {} händelser.",
        data.municipality,
        data.persons.len(),
        data.cases.len(),
        data.stats.events
    );
    Ok(())
}

/// The large load's one bar: cases written, cases a second and time left.
/// Hidden when standard error is not a terminal (indicatif draws nothing).
struct CaseBar(ProgressBar);

impl Progress for CaseBar {
    fn stage(&mut self, _what: &str, total: u64) {
        self.0.set_length(total);
    }

    fn advance(&mut self, n: u64) {
        self.0.inc(n);
    }

    fn finish(&mut self) {
        // "About N" cases: the bar ends at the count written.
        self.0.set_length(self.0.position());
        self.0.finish();
    }
}

/// "1 område", "7 områden".
fn districts_text(n: u32) -> String {
    if n == 1 {
        "1 område".to_string()
    } else {
        format!("{n} områden")
    }
}

/// Generate a demo municipality of about `cases` cases ending today and
/// write it to `store` district by district.
pub async fn generate_and_load_large(
    store: &Store,
    seed: u64,
    cases: u64,
    batch: usize,
) -> Result<()> {
    let today = jiff::Zoned::now().date();
    let cfg = LargeConfig::new(seed, today, cases);
    let districts = cfg.districts();
    let pb = ProgressBar::new(cases);
    pb.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:30}] {human_pos}/{human_len} ärenden, {rate}, {elapsed_precise} (kvar ca {eta})",
        )
        .map(|s| {
            s.with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} ärenden/s", state.per_sec());
                },
            )
        })
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    pb.set_message(format!("Skriver {}", districts_text(districts)));
    let started = std::time::Instant::now();
    let done =
        tillit_app::demo::load_large(store, cfg, DEMO_PASSWORD, true, batch, &mut CaseBar(pb))
            .await?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "Demokommunen: {}, {} enheter, {} användare, {} personer ({} med reservnummer), {} ärenden, {} händelser på {:.0} s ({:.0} ärenden/s).",
        districts_text(done.districts),
        done.units,
        done.users,
        done.persons,
        done.reservnummer,
        done.cases,
        done.events,
        secs,
        done.cases as f64 / secs.max(0.001)
    );
    Ok(())
}

/// Print the demo logins: one per role, with the shared password.
/// Only the default demo's 25 (the first district of a large municipality).
pub async fn print_logins(store: &Store) -> Result<()> {
    let units = store.units().await?;
    let mut users = store.users().await?;
    // A large municipality: the first district's logins (the default
    // demo's); the other districts' staff are only counted.
    // The economist is created after the staff (see
    // `tillit_app::demo::load_economy`): listed whatever their id.
    let listed = |u: &tillit_store::User| {
        u.id.0 <= FIRST_DISTRICT_USERS || u.role == tillit_domain::role::Role::Economist
    };
    let others = users.iter().filter(|u| !listed(u)).count();
    users.retain(listed);
    users.sort_by(|a, b| (a.role, a.unit, &a.username).cmp(&(b.role, b.unit, &b.username)));
    println!();
    println!("Demoinloggningar (lösenord för alla: {DEMO_PASSWORD}):");
    for u in &users {
        let unit = u
            .unit
            .and_then(|id| units.iter().find(|x| x.id == id))
            .map(|x| x.name.as_str())
            .unwrap_or("-");
        println!(
            "  {:<10} {:<20} {:<18} {}",
            u.username,
            u.display_name,
            u.role.label(),
            unit
        );
    }
    if others > 0 {
        println!("  ... och {others} användare i de andra områdena (samma lösenord).");
    }
    println!();
    Ok(())
}

/// The default demo's users (the first district of a large one).
const FIRST_DISTRICT_USERS: i64 = 25;
