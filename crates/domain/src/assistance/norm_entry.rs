//! A year's riksnorm entered by the system administrator
//! (`/admin/riksnorm`): the years Tillit does not ship ([`super::norm::TABLES`])
//! are entered from the published source (the SFS amending 2 kap. 1 §
//! socialtjänstförordningen (2001:937) for the year, or Socialstyrelsen's
//! riksnorm page), in the same structure as the shipped tables.
//!
//! [`parse_entered`] reads the form: every field is checked and every
//! error returned at once, each in Swedish beside its field. It is total:
//! any strings give a table or errors, never a panic (property-tested).
//! A year shipped in code is refused: the shipped tables were checked
//! against their sources and are not overwritten here.

use super::money::{AmountError, parse_amount};
use super::norm::{AgeBand, NormOrigin, NormTable, table_for};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The first year a riksnorm was set (1998, socialtjänstförordningen then
/// (1981:750)); the last accepted is a typing guard.
pub const YEAR_MIN: i16 = 1998;
pub const YEAR_MAX: i16 = 2100;
/// The largest amount accepted for one post of the norm: far above any
/// year's (the cohabiting adults' 5 700 kr in 2021), low enough to catch a
/// digit typed twice.
pub const POST_MAX: i64 = 50_000;
/// The longest source and link accepted.
pub const SOURCE_MAX: usize = 300;
pub const URL_MAX: usize = 500;

/// The form's field names.
pub const YEAR_FIELD: &str = "year";
pub const CHILD_FIELDS: [&str; 8] = [
    "child_0",
    "child_1_2",
    "child_3",
    "child_4_6",
    "child_7_10",
    "child_11_14",
    "child_15_18",
    "child_19_20",
];
pub const LUNCH_FIELDS: [&str; 4] = ["lunch_0", "lunch_1_2", "lunch_3", "lunch_4_6"];
pub const SINGLE_FIELD: &str = "single";
pub const COHABITING_FIELD: &str = "cohabiting";
pub const COMMON_FIELDS: [&str; 7] = [
    "common_1", "common_2", "common_3", "common_4", "common_5", "common_6", "common_7",
];
pub const SOURCE_FIELD: &str = "source";
pub const URL_FIELD: &str = "source_url";

/// Every field of the form, in the order shown (for the error summary).
pub fn all_fields() -> Vec<&'static str> {
    let mut f = vec![YEAR_FIELD];
    f.extend(CHILD_FIELDS);
    f.extend(LUNCH_FIELDS);
    f.extend([SINGLE_FIELD, COHABITING_FIELD]);
    f.extend(COMMON_FIELDS);
    f.extend([SOURCE_FIELD, URL_FIELD]);
    f
}

/// The Swedish label of a field (also what its errors start with).
pub fn field_label(name: &str) -> String {
    if let Some(i) = CHILD_FIELDS.iter().position(|f| *f == name) {
        return format!("Barn {}", AgeBand::ALL[i].label());
    }
    if let Some(i) = LUNCH_FIELDS.iter().position(|f| *f == name) {
        return format!(
            "Barn {}, ej lunch hemma 5 dagar/vecka",
            AgeBand::ALL[i].label()
        );
    }
    if let Some(i) = COMMON_FIELDS.iter().position(|f| *f == name) {
        let n = i + 1;
        return format!(
            "Gemensamma hushållskostnader, {n} {}",
            if n == 1 { "person" } else { "personer" }
        );
    }
    match name {
        YEAR_FIELD => "År",
        SINGLE_FIELD => "Vuxen, ensamstående",
        COHABITING_FIELD => "Vuxna, sambor (tillsammans)",
        SOURCE_FIELD => "Källa",
        URL_FIELD => "Länk till källan",
        _ => "Fält",
    }
    .to_string()
}

/// A year's table as the administrator entered it; stored as JSON by the
/// store, the version and who/when beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnteredNorm {
    pub year: i16,
    pub child: [i64; 8],
    pub child_lunch_at_preschool: [i64; 4],
    pub single_adult: i64,
    pub cohabiting_adults: i64,
    pub common: [i64; 7],
    pub source: String,
    /// May be empty.
    pub source_url: String,
}

impl EnteredNorm {
    /// The table to compute with, as version `version` of the year.
    pub fn table(&self, version: u32) -> NormTable {
        NormTable {
            year: self.year,
            child: self.child,
            child_lunch_at_preschool: self.child_lunch_at_preschool,
            single_adult: self.single_adult,
            cohabiting_adults: self.cohabiting_adults,
            common: self.common,
            source: Cow::Owned(self.source.clone()),
            source_url: Cow::Owned(self.source_url.clone()),
            valid_from: jiff::civil::Date::new(self.year, 1, 1).unwrap_or_default(),
            valid_to: jiff::civil::Date::new(self.year, 12, 31).unwrap_or_default(),
            origin: NormOrigin::Entered { version },
        }
    }

    /// The form's values for this table (to correct it, or to send it on
    /// from the review page): amounts as digits.
    pub fn form_values(&self) -> Vec<(&'static str, String)> {
        let mut v = vec![(YEAR_FIELD, self.year.to_string())];
        v.extend(
            CHILD_FIELDS
                .iter()
                .zip(self.child)
                .map(|(f, a)| (*f, a.to_string())),
        );
        v.extend(
            LUNCH_FIELDS
                .iter()
                .zip(self.child_lunch_at_preschool)
                .map(|(f, a)| (*f, a.to_string())),
        );
        v.push((SINGLE_FIELD, self.single_adult.to_string()));
        v.push((COHABITING_FIELD, self.cohabiting_adults.to_string()));
        v.extend(
            COMMON_FIELDS
                .iter()
                .zip(self.common)
                .map(|(f, a)| (*f, a.to_string())),
        );
        v.push((SOURCE_FIELD, self.source.clone()));
        v.push((URL_FIELD, self.source_url.clone()));
        v
    }
}

/// One error of the form: the field and the Swedish message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

fn error(field: &'static str, message: impl std::fmt::Display) -> FieldError {
    FieldError {
        field,
        message: format!("{}: {message}", field_label(field)),
    }
}

/// The year, as four digits in [`YEAR_MIN`]..=[`YEAR_MAX`], not a year
/// shipped in code.
pub fn parse_year(text: &str) -> Result<i16, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("Skriv året tabellen gäller, till exempel 2026.".into());
    }
    if t.len() != 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "\"{}\" är inte ett år. Skriv året med fyra siffror, till exempel 2026.",
            shorten(t)
        ));
    }
    let year: i16 = t
        .parse()
        .map_err(|_| "Skriv året med fyra siffror.".to_string())?;
    if !(YEAR_MIN..=YEAR_MAX).contains(&year) {
        return Err(format!(
            "Riksnormen finns från {YEAR_MIN}; skriv ett år från {YEAR_MIN} till {YEAR_MAX}."
        ));
    }
    if let Some(t) = table_for(year) {
        return Err(format!(
            "Riksnormen för {year} finns redan i Tillit, kontrollerad mot källan ({}), och kan inte ändras här. Är den fel ska Tillit rättas.",
            t.source
        ));
    }
    Ok(year)
}

fn shorten(t: &str) -> String {
    let s: String = t.chars().take(20).collect();
    if s.len() < t.len() {
        format!("{s}…")
    } else {
        s
    }
}

/// One post of the norm: whole kronor, above 0, at most [`POST_MAX`].
pub fn parse_post(text: &str) -> Result<i64, String> {
    match parse_amount(text) {
        Ok(k) if k.0 == 0 => {
            Err("beloppet kan inte vara 0. Skriv beloppet som källan anger.".into())
        }
        Ok(k) if k.0 > POST_MAX => Err(format!(
            "{} är för stort för en post i riksnormen (högst {} kr). Kontrollera beloppet.",
            k.display(),
            super::money::group_thousands(POST_MAX)
        )),
        Ok(k) => Ok(k.0),
        Err(AmountError::Empty) => Err("skriv beloppet i hela kronor som källan anger.".into()),
        Err(e) => Err(lower_first(&e.to_string())),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The source: required, one line, at most [`SOURCE_MAX`] characters.
pub fn parse_source(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("skriv var beloppen är hämtade, till exempel \"SFS 2025:1234, socialtjänstförordningen (2001:937) 2 kap. 1 §\".".into());
    }
    if t.chars().any(char::is_control) {
        return Err("skriv källan på en rad.".into());
    }
    if t.chars().count() > SOURCE_MAX {
        return Err(format!("skriv högst {SOURCE_MAX} tecken."));
    }
    Ok(t.to_string())
}

/// The link: empty, or an `https://` / `http://` address without spaces.
pub fn parse_url(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    let ok_scheme = t.starts_with("https://") || t.starts_with("http://");
    if !ok_scheme || t.len() < 10 || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("skriv en webbadress som börjar med https://, eller lämna fältet tomt.".into());
    }
    if t.chars().count() > URL_MAX {
        return Err(format!("skriv högst {URL_MAX} tecken."));
    }
    Ok(t.to_string())
}

/// Read the form (`get` gives a field's text, empty when missing): the
/// table, or every error at once. Beyond each field: the amounts without
/// lunch at home are lower than with it, cohabiting adults above a single
/// adult, the common costs do not fall with a larger household.
pub fn parse_entered(get: impl Fn(&str) -> String) -> Result<EnteredNorm, Vec<FieldError>> {
    let mut errors = Vec::new();
    let year = parse_year(&get(YEAR_FIELD))
        .map_err(|e| errors.push(error(YEAR_FIELD, e)))
        .ok();
    let mut post = |field: &'static str| match parse_post(&get(field)) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(error(field, e));
            None
        }
    };
    let child: Vec<Option<i64>> = CHILD_FIELDS.iter().map(|f| post(f)).collect();
    let lunch: Vec<Option<i64>> = LUNCH_FIELDS.iter().map(|f| post(f)).collect();
    let single = post(SINGLE_FIELD);
    let cohabiting = post(COHABITING_FIELD);
    let common: Vec<Option<i64>> = COMMON_FIELDS.iter().map(|f| post(f)).collect();
    let source = parse_source(&get(SOURCE_FIELD))
        .map_err(|e| errors.push(error(SOURCE_FIELD, e)))
        .ok();
    let url = parse_url(&get(URL_FIELD))
        .map_err(|e| errors.push(error(URL_FIELD, e)))
        .ok();
    // The relations, where both amounts were read.
    for (i, (l, c)) in lunch.iter().zip(&child).enumerate() {
        if let (Some(l), Some(c)) = (l, c)
            && l >= c
        {
            errors.push(error(
                LUNCH_FIELDS[i],
                format!(
                    "beloppet när barnet inte äter lunch hemma ska vara lägre än med lunch hemma ({} kr). Kontrollera att beloppen inte har bytt plats.",
                    super::money::group_thousands(*c)
                ),
            ));
        }
    }
    if let (Some(s), Some(c)) = (single, cohabiting)
        && c <= s
    {
        errors.push(error(
            COHABITING_FIELD,
            format!(
                "beloppet för sambor tillsammans ska vara högre än för en ensamstående ({} kr).",
                super::money::group_thousands(s)
            ),
        ));
    }
    for i in 1..common.len() {
        if let (Some(a), Some(b)) = (common[i - 1], common[i])
            && b < a
        {
            errors.push(error(
                COMMON_FIELDS[i],
                format!(
                    "kan inte vara lägre än för {i} {} ({} kr).",
                    if i == 1 { "person" } else { "personer" },
                    super::money::group_thousands(a)
                ),
            ));
        }
    }
    let all = |v: &[Option<i64>]| v.iter().copied().collect::<Option<Vec<i64>>>();
    let table = (|| {
        Some(EnteredNorm {
            year: year?,
            child: all(&child)?.try_into().ok()?,
            child_lunch_at_preschool: all(&lunch)?.try_into().ok()?,
            single_adult: single?,
            cohabiting_adults: cohabiting?,
            common: all(&common)?.try_into().ok()?,
            source: source?,
            source_url: url?,
        })
    })();
    match table {
        Some(t) if errors.is_empty() => Ok(t),
        _ => {
            if errors.is_empty() {
                errors.push(error(YEAR_FIELD, "tabellen är inte komplett."));
            }
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assistance::norm::{Adults, NormChild, NormHousehold, TABLES, norm};
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// The form as an administrator would fill it in from a shipped table
    /// (with the source's thousands spaces), under another year.
    fn form_of(t: &NormTable, year: &str) -> HashMap<&'static str, String> {
        let e = EnteredNorm {
            year: t.year,
            child: t.child,
            child_lunch_at_preschool: t.child_lunch_at_preschool,
            single_adult: t.single_adult,
            cohabiting_adults: t.cohabiting_adults,
            common: t.common,
            source: t.source.to_string(),
            source_url: t.source_url.to_string(),
        };
        let mut m: HashMap<&'static str, String> = e
            .form_values()
            .into_iter()
            .map(|(k, v)| match v.parse::<i64>() {
                Ok(n) if k != YEAR_FIELD => {
                    (k, format!("{} kr", super::super::money::group_thousands(n)))
                }
                _ => (k, v),
            })
            .collect();
        m.insert(YEAR_FIELD, year.to_string());
        m
    }

    fn get<'a>(m: &'a HashMap<&'static str, String>) -> impl Fn(&str) -> String + 'a {
        |k| m.get(k).cloned().unwrap_or_default()
    }

    #[test]
    fn an_entered_table_gives_the_same_norm_as_the_same_shipped_table() {
        let shipped = TABLES.iter().find(|t| t.year == 2021).unwrap();
        let entered = parse_entered(get(&form_of(shipped, "2026"))).unwrap();
        assert_eq!(entered.year, 2026);
        let table = entered.table(1);
        assert_eq!(table.origin, NormOrigin::Entered { version: 1 });
        let households = [
            NormHousehold {
                adults: Adults::Single,
                children: vec![
                    NormChild {
                        age: 5,
                        lunch_at_preschool: false,
                    },
                    NormChild {
                        age: 12,
                        lunch_at_preschool: false,
                    },
                ],
                others_in_dwelling: 0,
            },
            NormHousehold {
                adults: Adults::Cohabiting,
                children: [0u8, 3, 8, 16, 19, 20]
                    .into_iter()
                    .map(|age| NormChild {
                        age,
                        lunch_at_preschool: age == 3,
                    })
                    .collect(),
                others_in_dwelling: 1,
            },
        ];
        for h in &households {
            let a = norm(shipped, h).unwrap();
            let b = norm(&table, h).unwrap();
            assert_eq!(a.lines, b.lines);
            assert_eq!(a.total, b.total);
            assert_eq!(b.year, 2026);
        }
        // The golden example of norm.rs, by the entered table: 10 540 kr.
        assert_eq!(norm(&table, &households[0]).unwrap().total.0, 10_540);
    }

    #[test]
    fn a_month_uses_the_entered_table_of_its_year_and_a_shipped_one_first() {
        use crate::assistance::money::YearMonth;
        use crate::assistance::norm::norm_for_month_with;
        let shipped = TABLES.iter().find(|t| t.year == 2019).unwrap();
        let mut m = form_of(shipped, "2026");
        m.insert(SOURCE_FIELD, "SFS 2025:1, inmatad i test".into());
        let t2026 = parse_entered(get(&m)).unwrap().table(3);
        let h = NormHousehold {
            adults: Adults::Single,
            children: vec![],
            others_in_dwelling: 0,
        };
        let march = YearMonth::new(2026, 3).unwrap();
        let n = norm_for_month_with(march, &h, std::slice::from_ref(&t2026)).unwrap();
        // 2019's amounts: 3 090 + 990.
        assert_eq!(n.total.0, 4_080);
        assert_eq!(n.origin, NormOrigin::Entered { version: 3 });
        assert_eq!(n.source, "SFS 2025:1, inmatad i test");
        // Another year still has no table, and the message names 2026.
        let e = norm_for_month_with(
            YearMonth::new(2025, 3).unwrap(),
            &h,
            std::slice::from_ref(&t2026),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("2021, 2026)"), "{e}");
        // A table entered for a shipped year (a later release) is not used.
        let mut as_2021 = t2026.clone();
        as_2021.year = 2021;
        let n = norm_for_month_with(YearMonth::new(2021, 3).unwrap(), &h, &[as_2021]).unwrap();
        assert_eq!(n.origin, NormOrigin::Shipped);
        assert_eq!(n.total.0, 3_160 + 1_020);
    }

    #[test]
    fn every_error_is_given_at_once_in_swedish() {
        let shipped = TABLES.iter().find(|t| t.year == 2021).unwrap();
        let mut m = form_of(shipped, "2021");
        m.insert("child_3", "tvåtusen".into());
        m.insert("lunch_0", "9 999".into());
        m.insert("single", "".into());
        m.insert("common_4", "-10".into());
        m.insert("common_7", "90 000".into());
        m.insert("source", " ".into());
        m.insert("source_url", "ftp://x".into());
        let errs = parse_entered(get(&m)).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        for f in [
            "year",
            "child_3",
            "lunch_0",
            "single",
            "common_4",
            "common_7",
            "source",
            "source_url",
        ] {
            assert!(fields.contains(&f), "{f}: {errs:?}");
        }
        let year = errs.iter().find(|e| e.field == "year").unwrap();
        assert!(
            year.message.contains("finns redan i Tillit"),
            "{}",
            year.message
        );
        let lunch = errs.iter().find(|e| e.field == "lunch_0").unwrap();
        assert!(
            lunch.message.starts_with("Barn under 1 år, ej lunch"),
            "{}",
            lunch.message
        );
        assert!(lunch.message.contains("lägre"), "{}", lunch.message);
        let big = errs.iter().find(|e| e.field == "common_7").unwrap();
        assert!(big.message.contains("för stort"), "{}", big.message);
        // Relations: sambor not above a single adult; common costs falling.
        let mut m = form_of(shipped, "2026");
        m.insert("cohabiting", "3 000".into());
        m.insert("common_3", "1 000".into());
        let errs = parse_entered(get(&m)).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["cohabiting", "common_3"], "{errs:?}");
    }

    #[test]
    fn the_year_is_read_strictly() {
        assert_eq!(parse_year(" 2026 "), Ok(2026));
        for bad in ["", "26", "20 26", "2026-01", "1997", "2101", "٢٠٢٦", "2019"] {
            assert!(parse_year(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_url(""), Ok(String::new()));
        assert!(parse_url("https://www.riksdagen.se/sfs").is_ok());
        assert!(parse_url("https://a b.se").is_err());
    }

    fn arb_text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[0-9 ]{0,8}( kr)?",
            "-?[0-9]{1,6}([,.][0-9]{2})?",
            "(19|20|21)[0-9]{2}",
            Just(String::new()),
        ]
    }

    proptest! {
        /// Total: any strings in any field give a table or errors, never a
        /// panic; a table satisfies every rule; errors name known fields.
        #[test]
        fn the_parser_is_total(values in prop::collection::vec(arb_text(), 23)) {
            let fields = all_fields();
            let m: HashMap<&'static str, String> =
                fields.iter().copied().zip(values).collect();
            match parse_entered(get(&m)) {
                Ok(t) => {
                    prop_assert!(table_for(t.year).is_none());
                    prop_assert!((YEAR_MIN..=YEAR_MAX).contains(&t.year));
                    let posts = t.child.iter().chain(&t.child_lunch_at_preschool).chain(&t.common)
                        .chain([&t.single_adult, &t.cohabiting_adults]);
                    for p in posts {
                        prop_assert!((1..=POST_MAX).contains(p));
                    }
                    prop_assert!(!t.source.is_empty());
                }
                Err(errs) => {
                    prop_assert!(!errs.is_empty());
                    for e in errs {
                        prop_assert!(fields.contains(&e.field));
                        prop_assert!(!e.message.is_empty());
                    }
                }
            }
        }

        /// A valid table written back to the form reads as itself.
        #[test]
        fn a_table_round_trips_through_the_form(
            year in 2022i16..=2100,
            base in 100i64..5_000,
            steps in prop::collection::vec(1i64..400, 7),
            source in "[A-Za-zÅÄÖåäö0-9:,. ]{1,80}",
        ) {
            prop_assume!(!source.trim().is_empty());
            let mut common = [0i64; 7];
            let mut acc = base;
            for (i, s) in steps.iter().enumerate() {
                acc += s;
                common[i] = acc;
            }
            let e = EnteredNorm {
                year,
                child: [base + 200, base + 300, base + 250, base + 300, base + 400, base + 500, base + 600, base + 700],
                child_lunch_at_preschool: [base + 100, base + 150, base + 120, base + 140],
                single_adult: base + 1000,
                cohabiting_adults: base + 3000,
                common,
                source: source.trim().to_string(),
                source_url: String::new(),
            };
            let m: HashMap<&'static str, String> = e.form_values().into_iter().collect();
            prop_assert_eq!(parse_entered(get(&m)), Ok(e));
        }
    }
}
