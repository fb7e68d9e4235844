//! Persons and how they are related to a child.
//!
//! Name search uses a stored, folded search key so that one portable `LIKE`
//! serves both databases: see [`search_key`].

use crate::codec::{RowExt, bool_int, date_text};
use crate::error::{is_foreign_key_violation, is_unique_violation};
use crate::events::{INSERT_CHUNK, values_list};
use crate::{Store, StoreError};
use sqlx::any::AnyRow;
use tillit_domain::PersonId;
use tillit_domain::catalog::Gender;
use tillit_domain::person::{Person, RelationKind};

pub(crate) const PERSON_COLUMNS: &str =
    "id, identity_number, given_name, family_name, gender, birth_date, protected, address";

/// Fold a name for searching: lower case, diacritics removed (å, ä -> a;
/// ö, ø -> o; é -> e; ü -> u; æ -> ae; ß -> ss; ...), and every run of
/// characters that is not a letter or digit turned into one space.
///
/// Folding å, ä and ö is deliberate although they are letters of their own in
/// Swedish: a caseworker typing on a keyboard without them, or a name
/// registered abroad, must still find the person ("Ostrom" finds "Öström").
/// The cost is that "Åsa" and "Asa" are found by each other, which is what
/// someone searching wants anyway. Only the key is folded; names are stored
/// and shown as written.
pub fn search_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded: &str = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' => "c",
            'ď' | 'đ' | 'ð' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
            'ł' | 'ľ' | 'ĺ' => "l",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'œ' => "oe",
            'ř' | 'ŕ' => "r",
            'ß' => "ss",
            'ś' | 'š' | 'ş' | 'ș' => "s",
            'ť' | 'ţ' | 'ț' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
            'ý' | 'ÿ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            'þ' => "th",
            c if c.is_alphanumeric() => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
                continue;
            }
            _ => {
                pending_space = true;
                continue;
            }
        };
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push_str(folded);
    }
    out
}

/// The stored key of a person: ` given family ` (spaces at both ends, so
/// that `LIKE '% word%'` matches the start of any name).
fn person_key(p: &Person) -> String {
    format!(
        " {} ",
        search_key(&format!("{} {}", p.given_name, p.family_name))
    )
}

pub(crate) fn person_from_row(r: &AnyRow) -> Result<Person, StoreError> {
    let gender_code = r.text("gender")?;
    Ok(Person {
        id: r.parsed("id")?,
        identity_number: r.opt_text("identity_number")?,
        given_name: r.text("given_name")?,
        family_name: r.text("family_name")?,
        gender: Gender::from_code(&gender_code)
            .ok_or_else(|| StoreError::corrupt(format!("okänt kön {gender_code:?}")))?,
        birth_date: r.opt_parsed("birth_date")?,
        protected: r.flag("protected")?,
        address: r.opt_text("address")?,
    })
}

pub(crate) fn relation_code(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Guardian => "guardian",
        RelationKind::Parent => "parent",
        RelationKind::Sibling => "sibling",
        RelationKind::Network => "network",
    }
}

fn relation_from_code(code: &str) -> Result<RelationKind, StoreError> {
    Ok(match code {
        "guardian" => RelationKind::Guardian,
        "parent" => RelationKind::Parent,
        "sibling" => RelationKind::Sibling,
        "network" => RelationKind::Network,
        other => return Err(StoreError::corrupt(format!("okänd relation {other:?}"))),
    })
}

/// Insert or update persons inside the caller's transaction (see
/// [`Store::upsert_persons`]; ids must be unique in `persons`).
pub(crate) async fn insert_persons_tx(
    tx: &mut sqlx::AnyConnection,
    persons: &[&Person],
) -> Result<(), StoreError> {
    for chunk in persons.chunks(INSERT_CHUNK) {
        let changed = crate::events::next_change(&mut *tx).await?;
        let sql = format!(
            "INSERT INTO persons ({PERSON_COLUMNS}, search_key, changed) VALUES {} \
                 ON CONFLICT (id) DO UPDATE SET identity_number = excluded.identity_number, \
                   given_name = excluded.given_name, family_name = excluded.family_name, \
                   gender = excluded.gender, birth_date = excluded.birth_date, \
                   protected = excluded.protected, address = excluded.address, \
                   search_key = excluded.search_key, changed = excluded.changed",
            values_list(&*tx, chunk.len(), 10)
        );
        let mut q = sqlx::query(&sql);
        for p in chunk {
            q = q
                .bind(p.id.to_string())
                .bind(p.identity_number.clone())
                .bind(p.given_name.clone())
                .bind(p.family_name.clone())
                .bind(p.gender.code())
                .bind(p.birth_date.map(date_text))
                .bind(bool_int(p.protected))
                .bind(p.address.clone())
                .bind(person_key(p))
                .bind(changed);
        }
        match q.execute(&mut *tx).await {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::AlreadyExists(
                    "en annan person med samma personnummer".into(),
                ));
            }
            Err(e) => return Err(e.into()),
        }
        write_name_keys(tx, chunk).await?;
    }
    Ok(())
}

/// The index rows of a person's name: `w:` + each word of the folded name,
/// `s:` + each word's sound key ([`sound_key`]).
pub(crate) fn name_keys(p: &Person) -> Vec<String> {
    let key = search_key(&format!("{} {}", p.given_name, p.family_name));
    let mut keys: Vec<String> = Vec::new();
    for word in key.split(' ').filter(|w| !w.is_empty()) {
        keys.push(format!("w:{word}"));
        let sound = sound_key(word);
        if !sound.is_empty() {
            keys.push(format!("s:{sound}"));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// Replace the name index rows of these persons
/// ([`crate::person_search`]).
async fn write_name_keys(
    tx: &mut sqlx::AnyConnection,
    persons: &[&Person],
) -> Result<(), StoreError> {
    let ids: Vec<String> = persons.iter().map(|p| p.id.to_string()).collect();
    let sql = format!(
        "DELETE FROM person_name_index WHERE person_id IN ({})",
        (1..=ids.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut q = sqlx::query(&sql);
    for id in &ids {
        q = q.bind(id.clone());
    }
    q.execute(&mut *tx).await?;
    crate::person_search::insert_index_rows(tx, persons).await
}

/// A Swedish sound key of one folded word ([`search_key`]), so that names
/// spelt differently but said alike find each other: "Carlsson", "Karlson"
/// and "Karlsson" all give `karlson`; "Pettersson" and "Petersson" give
/// `peterson`; "Eriksson" and "Ericsson" give `erikson`.
///
/// The rules, in order: `ph` -> `f`, `th` -> `t`, `ch` -> `k`, `ck` -> `k`,
/// `c` before e, i, y -> `s`, other `c` -> `k`, `q` -> `k`, `w` -> `v`,
/// `z` -> `s`, `x` -> `ks`, `dt` -> `t`, `hj`, `dj`, `gj`, `lj` -> `j`;
/// an `h` after a consonant or a vowel is silent; then every run of one
/// letter becomes one. Digits and other letters are kept as they are.
pub fn sound_key(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut spoken: Vec<char> = Vec::with_capacity(chars.len() + 2);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let mut step = 1;
        match (c, next) {
            ('p', Some('h')) => {
                spoken.push('f');
                step = 2;
            }
            ('t', Some('h')) | ('d', Some('t')) => {
                spoken.push('t');
                step = 2;
            }
            ('c', Some('h')) | ('c', Some('k')) => {
                spoken.push('k');
                step = 2;
            }
            ('h' | 'd' | 'g' | 'l', Some('j')) => {
                spoken.push('j');
                step = 2;
            }
            ('c', Some('e' | 'i' | 'y')) => spoken.push('s'),
            ('c' | 'q', _) => spoken.push('k'),
            ('w', _) => spoken.push('v'),
            ('z', _) => spoken.push('s'),
            ('x', _) => {
                spoken.push('k');
                spoken.push('s');
            }
            ('h', _) if i > 0 => {}
            _ => spoken.push(c),
        }
        i += step;
    }
    spoken.dedup();
    spoken.into_iter().collect()
}

/// The smallest string greater than every string that starts with `prefix`
/// (in byte order), or `None` if there is none.
pub(crate) fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let mut next = u32::from(last) + 1;
        // Skip the surrogate range, which is not made of chars.
        if (0xD800..=0xDFFF).contains(&next) {
            next = 0xE000;
        }
        if let Some(c) = char::from_u32(next) {
            chars.push(c);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

impl Store {
    /// Insert a person, or replace every field of the person with that id.
    /// Two persons cannot share an identity number ([`StoreError::AlreadyExists`]).
    pub async fn upsert_person(&self, p: &Person) -> Result<(), StoreError> {
        self.upsert_persons(std::slice::from_ref(p)).await
    }

    /// [`Store::upsert_person`] for many persons in one transaction (imports,
    /// demo data): all or nothing. If an id appears twice the last one wins.
    pub async fn upsert_persons(&self, persons: &[Person]) -> Result<(), StoreError> {
        // PostgreSQL refuses to update one row twice in one statement.
        let mut last_of_id = std::collections::HashMap::new();
        for (i, p) in persons.iter().enumerate() {
            last_of_id.insert(p.id, i);
        }
        let unique: Vec<Person> = persons
            .iter()
            .enumerate()
            .filter(|(i, p)| last_of_id.get(&p.id) == Some(i))
            .map(|(_, p)| p.clone())
            .collect();
        self.write_unbounded(move |tx| {
            Box::pin(async move {
                let refs: Vec<&Person> = unique.iter().collect();
                insert_persons_tx(tx, &refs).await
            })
        })
        .await
    }

    pub async fn person(&self, id: PersonId) -> Result<Option<Person>, StoreError> {
        let sql = format!("SELECT {PERSON_COLUMNS} FROM persons WHERE id = $1");
        sqlx::query(&sql)
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(|r| person_from_row(&r))
            .transpose()
    }

    /// The persons with these ids (those the store has), in no particular
    /// order; for pages and extracts that name many.
    pub async fn persons(&self, ids: &[PersonId]) -> Result<Vec<Person>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let params: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT {PERSON_COLUMNS} FROM persons WHERE id IN ({})",
                params.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(id.to_string());
            }
            for r in q.fetch_all(&self.pool).await? {
                out.push(person_from_row(&r)?);
            }
        }
        Ok(out)
    }

    /// The person with this identity number in long form (`YYYYMMDD-NNNN`).
    pub async fn person_by_identity_number(
        &self,
        long_form: &str,
    ) -> Result<Option<Person>, StoreError> {
        let sql = format!("SELECT {PERSON_COLUMNS} FROM persons WHERE identity_number = $1");
        sqlx::query(&sql)
            .bind(long_form.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(|r| person_from_row(&r))
            .transpose()
    }

    /// Persons whose names start with every word of `query`, each word
    /// matching the start of any given or family name, ignoring case and
    /// accents ([`search_key`]): "ann ost" finds "Anna-Karin Öström". Sorted
    /// by family name, given name (folded); at most `limit`; everyone in the
    /// register, whoever asks (the web's search asks
    /// [`Store::search_persons`] with the user's scope). An empty query
    /// finds no one.
    pub async fn search_persons_by_name(
        &self,
        query: &str,
        limit: u32,
    ) -> Result<Vec<Person>, StoreError> {
        Ok(self
            .search_persons(&crate::NameSearch {
                query,
                limit,
                ..Default::default()
            })
            .await?
            .into_iter()
            .map(|h| h.person)
            .collect())
    }

    /// Record how `other` stands to the child (idempotent). Both persons must exist.
    pub async fn add_relation(
        &self,
        child: PersonId,
        other: PersonId,
        kind: RelationKind,
    ) -> Result<(), StoreError> {
        self.add_relations(&[(child, other, kind)]).await
    }

    /// [`Store::add_relation`] for many `(child, other, kind)` in one
    /// transaction: all or nothing.
    pub async fn add_relations(
        &self,
        relations: &[(PersonId, PersonId, RelationKind)],
    ) -> Result<(), StoreError> {
        if relations.iter().any(|(child, other, _)| child == other) {
            return Err(StoreError::Invalid(
                "en person kan inte vara relaterad till sig själv".into(),
            ));
        }
        let relations = relations.to_vec();
        self.write_unbounded(move |tx| {
            Box::pin(async move { insert_relations_tx(tx, &relations).await })
        })
        .await
    }
}

/// Insert `(child, other, kind)` relations inside the caller's transaction.
async fn insert_relations_tx(
    tx: &mut sqlx::AnyConnection,
    relations: &[(PersonId, PersonId, RelationKind)],
) -> Result<(), StoreError> {
    {
        for chunk in relations.chunks(INSERT_CHUNK) {
            let sql = format!(
                "INSERT INTO relations (child_id, other_id, kind) VALUES {} \
                 ON CONFLICT (child_id, other_id, kind) DO NOTHING",
                values_list(&*tx, chunk.len(), 3)
            );
            let mut q = sqlx::query(&sql);
            for (child, other, kind) in chunk {
                q = q
                    .bind(child.to_string())
                    .bind(other.to_string())
                    .bind(relation_code(*kind));
            }
            match q.execute(&mut *tx).await {
                Ok(_) => {}
                Err(e) if is_foreign_key_violation(&e) => {
                    return Err(StoreError::NotFound("personen i relationen".into()));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}

impl Store {
    /// The persons related to a child, with how each stands to the child
    /// (guardians first, then parents, siblings, network; by name within).
    /// To go the other way, from a guardian to the children, see
    /// [`Store::related_children`].
    pub async fn relations(
        &self,
        person: PersonId,
    ) -> Result<Vec<(RelationKind, Person)>, StoreError> {
        self.related(person, "r.child_id", "r.other_id").await
    }

    /// The children a person is related to, with how the person stands to
    /// each child (the kind is the person's role: `Guardian` means "is
    /// guardian of this child").
    pub async fn related_children(
        &self,
        person: PersonId,
    ) -> Result<Vec<(RelationKind, Person)>, StoreError> {
        self.related(person, "r.other_id", "r.child_id").await
    }

    /// `(person, child)` for every child any of `persons` stands in a
    /// relation to (the other way of [`Store::relations`], for many at once).
    pub async fn children_related_to(
        &self,
        persons: &[PersonId],
    ) -> Result<Vec<(PersonId, PersonId)>, StoreError> {
        let mut out = Vec::new();
        for chunk in persons.chunks(500) {
            let params: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT DISTINCT other_id, child_id FROM relations WHERE other_id IN ({})",
                params.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for p in chunk {
                q = q.bind(p.to_string());
            }
            for r in q.fetch_all(&self.pool).await? {
                out.push((r.parsed("other_id")?, r.parsed("child_id")?));
            }
        }
        Ok(out)
    }

    async fn related(
        &self,
        person: PersonId,
        from_column: &str,
        to_column: &str,
    ) -> Result<Vec<(RelationKind, Person)>, StoreError> {
        let columns = PERSON_COLUMNS
            .split(", ")
            .map(|c| format!("p.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT r.kind, {columns} FROM relations r JOIN persons p ON p.id = {to_column} \
             WHERE {from_column} = $1 ORDER BY p.family_name, p.given_name, p.id"
        );
        let mut out = sqlx::query(&sql)
            .bind(person.to_string())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((relation_from_code(&r.text("kind")?)?, person_from_row(r)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let rank = |k: RelationKind| match k {
            RelationKind::Guardian => 0,
            RelationKind::Parent => 1,
            RelationKind::Sibling => 2,
            RelationKind::Network => 3,
        };
        out.sort_by_key(|(k, _)| rank(*k)); // stable: keeps the name order
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_accents_and_separators() {
        assert_eq!(search_key("Öström"), "ostrom");
        assert_eq!(search_key("  Anna-Karin  ÅÄÖ "), "anna karin aao");
        assert_eq!(search_key("Renée Müller"), "renee muller");
        assert_eq!(search_key("Łukasz Øberg"), "lukasz oberg");
        assert_eq!(search_key("!!"), "");
    }

    #[test]
    fn names_said_alike_share_a_sound_key() {
        for (a, b) in [
            ("carlsson", "karlson"),
            ("karlsson", "karlson"),
            ("pettersson", "petersson"),
            ("eriksson", "ericsson"),
            ("axelsson", "akselsson"),
            ("sofia", "sophia"),
            ("thomas", "tomas"),
            ("johansson", "joansson"),
        ] {
            assert_eq!(sound_key(a), sound_key(b), "{a} / {b}");
        }
        for (a, b) in [
            ("karlsson", "persson"),
            ("anna", "anders"),
            ("lind", "linde"),
        ] {
            assert_ne!(sound_key(a), sound_key(b), "{a} / {b}");
        }
    }

    #[test]
    fn prefix_end_bounds_every_extension() {
        assert_eq!(prefix_end("w:ann").as_deref(), Some("w:ano"));
        let end = prefix_end("w:ö").unwrap();
        for ext in ["", "a", "zzz", "\u{10FFFF}x"] {
            let s = format!("w:ö{ext}");
            assert!(s.as_bytes() < end.as_bytes(), "{s}");
        }
        assert_eq!(prefix_end("\u{10FFFF}"), None);
    }
}
