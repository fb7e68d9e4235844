//! Loading the demo municipality into a store, with progress bars.

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use tillit_demo::{DEMO_PASSWORD, DemoConfig, DemoData};
use tillit_store::{NewEvent, NewUser, Store};

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
    load(store, &data).await?;
    println!(
        "Demokommunen {}: {} personer, {} ärenden, {} händelser.",
        data.municipality,
        data.persons.len(),
        data.cases.len(),
        data.stats.events
    );
    Ok(())
}

/// Write demo data to an empty store.
pub async fn load(store: &Store, data: &DemoData) -> Result<()> {
    for u in &data.units {
        let id = store.create_unit(u.name, u.kind_code).await?;
        if id != u.id {
            bail!(
                "enheten {} fick id {id} i stället för {}; databasen var inte tom",
                u.name,
                u.id
            );
        }
    }
    let pb = bar(data.users.len() as u64, "Skapar användare");
    for u in &data.users {
        let hash =
            tillit_web::hash_password(DEMO_PASSWORD).context("kunde inte skapa lösenordshash")?;
        let id = store
            .create_user(&NewUser {
                username: u.username.clone(),
                display_name: u.display_name.clone(),
                role: u.role,
                unit: u.unit,
                password_hash: hash,
            })
            .await?;
        if id != u.id {
            bail!(
                "användaren {} fick id {id} i stället för {}",
                u.username,
                u.id
            );
        }
        pb.inc(1);
    }
    pb.finish();

    let pb = bar(data.persons.len() as u64, "Skapar personer");
    for chunk in data.persons.chunks(500) {
        store.upsert_persons(chunk).await?;
        pb.inc(chunk.len() as u64);
    }
    store.add_relations(&data.relations).await?;
    pb.finish();

    let pb = bar(data.cases.len() as u64, "Skriver ärenden");
    for chunk in data.cases.chunks(500) {
        let batch = chunk
            .iter()
            .map(|c| {
                let events = c
                    .events
                    .iter()
                    .map(|e| NewEvent {
                        recorded_by: e.recorded_by,
                        recorded_at: e.recorded_at,
                        occurred_on: e.occurred_on,
                        event: e.event.clone(),
                    })
                    .collect();
                (c.id, 0, events)
            })
            .collect();
        store.append_many(batch).await?;
        pb.inc(chunk.len() as u64);
    }
    pb.finish();
    // Goals and figures entered by hand, for the follow-up.
    tillit_cli::demo_goals::load(store, data, &tillit_demo::goals::generate(data.end)).await?;
    Ok(())
}

/// Print the demo logins: one per role, with the shared password.
pub async fn print_logins(store: &Store) -> Result<()> {
    let units = store.units().await?;
    let mut users = store.users().await?;
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
    println!();
    Ok(())
}
