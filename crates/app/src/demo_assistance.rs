//! The demo's economic assistance ([`tillit_demo::assistance`]): its unit,
//! its four staff and its households, written after the rest of the
//! default demo (the unit and users take the next ids).

use crate::demo::DemoLoadError;
use tillit_demo::DemoData;
use tillit_domain::register::assistance::Household;
use tillit_store::{NewUser, RecordWrite, Store};

/// Write the unit, the staff (with `password_hash`), the persons and the
/// households. Records in transactions of 500.
pub async fn load_assistance(
    store: &Store,
    data: &DemoData,
    password_hash: &str,
) -> Result<(), DemoLoadError> {
    let demo = tillit_demo::assistance::generate(data, 0);
    let unit = store
        .create_unit(
            tillit_demo::assistance::UNIT_NAME,
            tillit_demo::assistance::KIND,
        )
        .await?;
    if unit != demo.unit {
        return Err(DemoLoadError::Mismatch(format!(
            "enheten för ekonomiskt bistånd fick id {unit} i stället för {}",
            demo.unit
        )));
    }
    for (id, username, name, role) in &demo.staff {
        let got = store
            .create_user(&NewUser {
                username: (*username).to_string(),
                display_name: (*name).to_string(),
                role: *role,
                unit: Some(unit),
                password_hash: password_hash.to_string(),
            })
            .await?;
        if got != *id {
            return Err(DemoLoadError::Mismatch(format!(
                "användaren {username} fick id {got} i stället för {id}"
            )));
        }
    }
    for chunk in demo.persons.chunks(500) {
        store.upsert_persons(chunk).await?;
    }
    for chunk in demo.records.chunks(500) {
        let writes = chunk
            .iter()
            .map(|(id, entries)| {
                RecordWrite::new::<Household>(*id, 0, &Household::default(), entries)
            })
            .collect::<Result<Vec<_>, _>>()?;
        store.write_records(writes).await?;
    }
    Ok(())
}
