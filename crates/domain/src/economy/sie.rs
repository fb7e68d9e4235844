//! A total reader of SIE 4 files (the Swedish standard for moving
//! accounting data between programs, "SIE typ 4"): outcome per month,
//! account and object dimensions, from periodsaldon (`#PSALDO`) or from
//! verifikationer (`#VER` with `#TRANS`).
//!
//! Why our own reader: the one Rust crate on crates.io (`sie4` 0.1.1, two
//! releases in 2023, none since) reports a failed line as a bare "parse
//! error" without its line number, has no `#PSALDO`, and brings nom 7,
//! `time`, `rust_decimal` and `iso_currency` for it. What Tillit needs is a
//! small subset of the format read exactly, with every error named by its
//! line and nothing half imported; that is this file.
//!
//! - **Encoding.** The standard says `#FORMAT PC8`: IBM code page 437,
//!   decoded with the `oem_cp` crate. A file that is valid UTF-8 (many
//!   newer exports are) is read as UTF-8: CP437 text with Swedish letters
//!   is never valid UTF-8 (å, ä, ö are single bytes above 127 that cannot
//!   stand alone in UTF-8).
//! - **Lines.** Each line is a label and its fields: words, quoted strings
//!   (`"..."`, with `\"` for a quote) and object lists (`{1 "100" 20
//!   "4021"}`: pairs of dimension number and object code). Labels Tillit
//!   does not use are skipped, as the standard asks (new labels must not
//!   break old readers); a line that is not a label is an error.
//! - **Dimensions.** `#DIM` names them. The responsibility (ansvar) is the
//!   dimension named "Ansvar" (or "Resultatenhet", "Kostnadsställe"), else
//!   dimension 1 (the standard's kostnadsställe); the activity is the one
//!   named "Verksamhet" ("Vht"); the project is the one named "Projekt",
//!   else dimension 6 (the standard's projekt). Other dimensions (employee,
//!   supplier, ...) are summed away.
//! - **Periodsaldon.** `#PSALDO år period konto {objekt} saldo`: the
//!   period's amount for a result account, for the object combination
//!   given (`{}`: the account's total). A file may give a total and its
//!   breakdowns; each row counts once, for the part its finer rows do not
//!   cover (the remainder of `{}` is booked without responsibility). Rows
//!   of one account and period must form a tree (a row with `{1 "100"}`
//!   and one with `{1 "100" 6 "P1"}` are fine; `{1 "100" 6 "P1"}` beside
//!   `{1 "100" 20 "4021"}` overlap in a way no sum can undo and are an
//!   error). `#RES` (the year's result per account), where the file has
//!   periodsaldon for that year, must equal their sum.
//! - **Verifikationer.** `#VER serie nr datum` then `{`, `#TRANS konto
//!   {objekt} belopp [datum]` rows, `}`. Each voucher must balance. A
//!   transaction's month is its own date, else the voucher's. `#RTRANS`
//!   and `#BTRANS` (rows added and removed afterwards) are skipped: the
//!   standard repeats an added row as a `#TRANS`.
//! - A file with periodsaldon is read from them (its vouchers, if any,
//!   would count the same money twice); one without, from its vouchers.

use crate::economy::ledger::{
    Errors, ImportErrors, LedgerFile, LedgerFormat, LedgerKey, TextEncoding, collect, in_statement,
};
use crate::economy::{Money, Month};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};

/// Decode a file's bytes: UTF-8 (a byte-order mark is dropped) if valid,
/// else code page 437.
pub fn decode(bytes: &[u8]) -> (String, TextEncoding) {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => (s.to_string(), TextEncoding::Utf8),
        Err(_) => (
            oem_cp::decode_string_complete_table(bytes, &oem_cp::code_table::DECODING_TABLE_CP437),
            TextEncoding::Cp437,
        ),
    }
}

/// Encode text as code page 437 (for writing test files and demo
/// exports); `None` if a character has no place in it.
pub fn encode_cp437(text: &str) -> Option<Vec<u8>> {
    oem_cp::encode_string_checked(text, &oem_cp::code_table::ENCODING_TABLE_CP437)
}

/// A field of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Field {
    Word(String),
    Objects(Vec<(String, String)>),
}

impl Field {
    fn word(&self) -> Option<&str> {
        match self {
            Field::Word(w) => Some(w),
            Field::Objects(_) => None,
        }
    }
}

/// Split a line into fields. Total.
fn fields(line: &str) -> Result<Vec<Field>, String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '{' {
            chars.next();
            let mut inner = Vec::new();
            let mut closed = false;
            while let Some(&d) = chars.peek() {
                if d == '}' {
                    chars.next();
                    closed = true;
                    break;
                } else if d.is_whitespace() {
                    chars.next();
                } else if d == '{' {
                    return Err("en objektlista får inte innehålla en annan".into());
                } else {
                    inner.push(word(&mut chars)?);
                }
            }
            if !closed {
                return Err("objektlistan saknar avslutande }".into());
            }
            if inner.len() % 2 != 0 {
                return Err(
                    "objektlistan ska ha par av dimension och objekt, t.ex. {1 \"100\"}".into(),
                );
            }
            out.push(Field::Objects(
                inner
                    .chunks(2)
                    .map(|p| (p[0].clone(), p[1].clone()))
                    .collect(),
            ));
        } else if c == '}' {
            return Err("} utan { före".into());
        } else {
            out.push(Field::Word(word(&mut chars)?));
        }
    }
    Ok(out)
}

/// One word: quoted (with `\"` and `\\`) or up to whitespace or a brace.
fn word(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, String> {
    let mut w = String::new();
    if chars.peek() == Some(&'"') {
        chars.next();
        loop {
            match chars.next() {
                None => return Err("citattecknet avslutas inte på raden".into()),
                Some('\\') => match chars.next() {
                    Some(c) => w.push(c),
                    None => return Err("citattecknet avslutas inte på raden".into()),
                },
                Some('"') => return Ok(w),
                Some(c) => w.push(c),
            }
        }
    }
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() || c == '{' || c == '}' {
            break;
        }
        if c == '"' {
            return Err("citattecken mitt i ett fält".into());
        }
        w.push(c);
        chars.next();
    }
    Ok(w)
}

/// `YYYYMMDD`. Total.
fn sie_date(text: &str) -> Option<Date> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i16 = text[..4].parse().ok()?;
    let m: i8 = text[4..6].parse().ok()?;
    let d: i8 = text[6..].parse().ok()?;
    if !(1900..=2199).contains(&y) {
        return None;
    }
    Date::new(y, m, d).ok()
}

/// An SIE amount: `-1234.50`, at most two decimals.
fn sie_amount(text: &str) -> Result<Money, String> {
    if text.contains([' ', ',']) {
        return Err(format!("\"{text}\" är inget SIE-belopp (skrivs 1234.50)"));
    }
    Money::parse(text).map_err(|e| format!("beloppet: {e}"))
}

/// Which SIE dimension is which of Tillit's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DimensionRoles {
    pub responsibility: Option<u32>,
    pub activity: Option<u32>,
    pub project: Option<u32>,
}

impl DimensionRoles {
    /// From the file's `#DIM` names (see the module's documentation).
    pub fn from_names(dims: &BTreeMap<u32, String>) -> Self {
        let named = |prefixes: &[&str]| {
            dims.iter()
                .find(|(_, name)| {
                    let n = name.trim().to_lowercase();
                    prefixes.iter().any(|p| n.starts_with(p))
                })
                .map(|(d, _)| *d)
        };
        let responsibility = named(&["ansvar", "resultatenhet", "kostnadsställe"]).or(Some(1));
        let activity = named(&["verksamhet", "vht"]);
        let project = named(&["projekt"]).or(Some(6));
        Self {
            responsibility,
            activity: activity.filter(|a| Some(*a) != responsibility),
            project: project.filter(|p| Some(*p) != responsibility && Some(*p) != activity),
        }
    }

    fn key(&self, month: Month, account: &str, objects: &[(u32, String)]) -> LedgerKey {
        let of = |dim: Option<u32>| {
            dim.and_then(|d| objects.iter().find(|(k, _)| *k == d))
                .map(|(_, o)| o.clone())
                .unwrap_or_default()
        };
        LedgerKey {
            month,
            account: account.to_string(),
            responsibility: of(self.responsibility),
            activity: of(self.activity),
            project: of(self.project),
        }
    }
}

/// An object list with numeric dimensions, sorted by dimension; an error
/// for a dimension that is not a number or given twice.
fn objects(list: &[(String, String)]) -> Result<Vec<(u32, String)>, String> {
    let mut out: Vec<(u32, String)> = Vec::with_capacity(list.len());
    for (d, o) in list {
        let dim: u32 = d
            .parse()
            .map_err(|_| format!("dimensionen \"{d}\" i objektlistan är inget nummer"))?;
        if o.is_empty() {
            return Err(format!("objektet för dimension {dim} är tomt"));
        }
        if out.iter().any(|(k, _)| *k == dim) {
            return Err(format!("dimension {dim} står två gånger i objektlistan"));
        }
        out.push((dim, o.clone()));
    }
    out.sort();
    Ok(out)
}

struct Psaldo {
    line: usize,
    month: Month,
    account: String,
    objects: Vec<(u32, String)>,
    amount: Money,
}

struct Trans {
    month: Month,
    account: String,
    objects: Vec<(u32, String)>,
    amount: Money,
}

/// `a` refines `b`: every object of `b` is in `a`, and `a` has more.
fn refines(a: &[(u32, String)], b: &[(u32, String)]) -> bool {
    a.len() > b.len() && b.iter().all(|p| a.contains(p))
}

/// Two object lists that agree where they share dimensions but neither
/// refines the other: rows that overlap without being nested.
fn overlap(a: &[(u32, String)], b: &[(u32, String)]) -> bool {
    let agree = a
        .iter()
        .all(|(d, o)| b.iter().find(|(e, _)| e == d).is_none_or(|(_, p)| p == o));
    agree && !refines(a, b) && !refines(b, a) && a != b && {
        let da: BTreeSet<u32> = a.iter().map(|p| p.0).collect();
        let db: BTreeSet<u32> = b.iter().map(|p| p.0).collect();
        da != db
    }
}

/// Read an SIE 4 file. Every error is listed with its line; a file with
/// any error gives no lines at all.
pub fn parse(bytes: &[u8]) -> Result<LedgerFile, ImportErrors> {
    let (text, encoding) = decode(bytes);
    let mut errors = Errors::default();
    let mut lines: Vec<(usize, String, Vec<Field>)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let n = i + 1;
        let raw = raw.trim_end_matches('\r').trim();
        if raw.is_empty() {
            continue;
        }
        if raw == "{" || raw == "}" {
            lines.push((n, raw.to_string(), Vec::new()));
            continue;
        }
        let Some(rest) = raw.strip_prefix('#') else {
            errors.push(n, "raden börjar inte med en etikett (#...)");
            continue;
        };
        let (label, rest) = rest
            .split_once(|c: char| c.is_whitespace())
            .unwrap_or((rest, ""));
        match fields(rest) {
            Ok(f) => lines.push((n, label.to_uppercase(), f)),
            Err(e) => errors.push(n, format!("#{label}: {e}")),
        }
    }

    // Dimensions, years, names first: they may be used by any later line.
    let mut dims: BTreeMap<u32, String> = BTreeMap::new();
    let mut years: BTreeMap<i32, (Date, Date)> = BTreeMap::new();
    let mut organisation = None;
    let mut account_names = Vec::new();
    let mut raw_objects: Vec<(u32, String, String)> = Vec::new();
    for (n, label, f) in &lines {
        let w = |i: usize| f.get(i).and_then(Field::word);
        match label.as_str() {
            "DIM" | "UNDERDIM" => match (w(0).and_then(|d| d.parse::<u32>().ok()), w(1)) {
                (Some(d), Some(name)) => {
                    dims.insert(d, name.to_string());
                }
                _ => errors.push(*n, format!("#{label} ska ha dimensionens nummer och namn")),
            },
            "RAR" => match (
                w(0).and_then(|y| y.parse::<i32>().ok()),
                w(1).and_then(sie_date),
                w(2).and_then(sie_date),
            ) {
                (Some(y), Some(from), Some(to)) if from <= to => {
                    years.insert(y, (from, to));
                }
                _ => errors.push(
                    *n,
                    "#RAR ska ha årsnummer, startdatum och slutdatum (ÅÅÅÅMMDD)",
                ),
            },
            "FNAMN" => organisation = w(0).map(str::to_string),
            "KONTO" => match (w(0), w(1)) {
                (Some(a), Some(name)) if crate::economy::Chart::is_account_code(a) => {
                    account_names.push((a.to_string(), name.to_string()));
                }
                _ => errors.push(*n, "#KONTO ska ha ett kontonummer (siffror) och ett namn"),
            },
            "OBJEKT" => match (w(0).and_then(|d| d.parse::<u32>().ok()), w(1), w(2)) {
                (Some(d), Some(o), Some(name)) if !o.is_empty() => {
                    raw_objects.push((d, o.to_string(), name.to_string()));
                }
                _ => errors.push(*n, "#OBJEKT ska ha dimension, objektkod och namn"),
            },
            _ => {}
        }
    }
    let roles = DimensionRoles::from_names(&dims);

    let mut psaldo: Vec<Psaldo> = Vec::new();
    let mut res: Vec<(usize, i32, String, Money)> = Vec::new();
    let mut trans: Vec<Trans> = Vec::new();
    let mut rows_read = 0usize;
    // The open voucher: its line, date, sum, and whether `{` was seen.
    let mut voucher: Option<(usize, Date, Money, bool)> = None;
    for (n, label, f) in &lines {
        let n = *n;
        let w = |i: usize| f.get(i).and_then(Field::word);
        if let Some((vline, _, _, false)) = voucher
            && label != "{"
        {
            errors.push(vline, "#VER ska följas av en rad med {");
            voucher = None;
        }
        match label.as_str() {
            "{" => match &mut voucher {
                Some((_, _, _, open @ false)) => *open = true,
                _ => errors.push(n, "{ utan #VER före"),
            },
            "}" => match voucher.take() {
                Some((vline, _, sum, true)) => {
                    if !sum.is_zero() {
                        errors.push(
                            vline,
                            format!(
                                "verifikationen balanserar inte: raderna summerar till {sum} kr"
                            ),
                        );
                    }
                }
                _ => errors.push(n, "} utan öppen verifikation"),
            },
            "VER" => {
                if let Some((vline, ..)) = voucher.take() {
                    errors.push(vline, "verifikationen avslutas inte med }");
                }
                match w(2).and_then(sie_date) {
                    Some(d) => voucher = Some((n, d, Money::ZERO, false)),
                    None => errors.push(n, "#VER ska ha serie, nummer och datum (ÅÅÅÅMMDD)"),
                }
            }
            "TRANS" => {
                rows_read += 1;
                let Some((_, vdate, sum, true)) = &mut voucher else {
                    errors.push(n, "#TRANS utanför en verifikation");
                    continue;
                };
                let account = w(0).unwrap_or_default();
                if !crate::economy::Chart::is_account_code(account) {
                    errors.push(n, format!("\"{account}\" är inget kontonummer"));
                    continue;
                }
                let objs = match f.get(1) {
                    Some(Field::Objects(o)) => match objects(o) {
                        Ok(o) => o,
                        Err(e) => {
                            errors.push(n, e);
                            continue;
                        }
                    },
                    _ => {
                        errors.push(n, "#TRANS ska ha en objektlista ({} om den är tom)");
                        continue;
                    }
                };
                let amount = match w(2).map(sie_amount) {
                    Some(Ok(a)) => a,
                    Some(Err(e)) => {
                        errors.push(n, e);
                        continue;
                    }
                    None => {
                        errors.push(n, "#TRANS saknar belopp");
                        continue;
                    }
                };
                let day = match w(3).filter(|d| !d.is_empty()) {
                    None => *vdate,
                    Some(d) => match sie_date(d) {
                        Some(d) => d,
                        None => {
                            errors.push(n, format!("\"{d}\" är inget datum (ÅÅÅÅMMDD)"));
                            continue;
                        }
                    },
                };
                *sum += amount;
                trans.push(Trans {
                    month: Month::of(day),
                    account: account.to_string(),
                    objects: objs,
                    amount,
                });
            }
            "PSALDO" => {
                rows_read += 1;
                let period = w(1).and_then(Month::parse);
                let account = w(2).unwrap_or_default();
                let objs = match f.get(3) {
                    Some(Field::Objects(o)) => objects(o),
                    _ => Err("#PSALDO ska ha en objektlista ({} för kontots summa)".into()),
                };
                let amount = w(4).map(sie_amount);
                match (
                    w(0).and_then(|y| y.parse::<i32>().ok()),
                    period,
                    objs,
                    amount,
                ) {
                    (None, ..) => errors.push(n, "#PSALDO saknar årsnummer"),
                    (_, None, ..) => errors.push(n, "#PSALDO ska ha perioden som ÅÅÅÅMM"),
                    (_, _, Err(e), _) => errors.push(n, e),
                    (_, _, _, None) => errors.push(n, "#PSALDO saknar saldo"),
                    (_, _, _, Some(Err(e))) => errors.push(n, e),
                    (Some(_), Some(month), Ok(objects), Some(Ok(amount))) => {
                        if !crate::economy::Chart::is_account_code(account) {
                            errors.push(n, format!("\"{account}\" är inget kontonummer"));
                        } else {
                            psaldo.push(Psaldo {
                                line: n,
                                month,
                                account: account.to_string(),
                                objects,
                                amount,
                            });
                        }
                    }
                }
            }
            "RES" => match (
                w(0).and_then(|y| y.parse::<i32>().ok()),
                w(1).filter(|a| crate::economy::Chart::is_account_code(a)),
                w(2).map(sie_amount),
            ) {
                (Some(y), Some(a), Some(Ok(amount))) => res.push((n, y, a.to_string(), amount)),
                (_, _, Some(Err(e))) => errors.push(n, e),
                _ => errors.push(n, "#RES ska ha årsnummer, konto och belopp"),
            },
            _ => {}
        }
    }
    if let Some((vline, ..)) = voucher {
        errors.push(vline, "verifikationen avslutas inte med }");
    }

    let format = if !psaldo.is_empty() {
        LedgerFormat::SiePeriodBalances
    } else if !trans.is_empty() {
        LedgerFormat::SieVouchers
    } else {
        if errors.is_empty() {
            errors.push(
                0,
                "filen har varken periodsaldon (#PSALDO) eller verifikationer (#VER/#TRANS)",
            );
        }
        return Err(errors.finish());
    };

    let mut rows: Vec<(LedgerKey, Money)> = Vec::new();
    let mut months = BTreeSet::new();
    match format {
        LedgerFormat::SiePeriodBalances => {
            // Group by month and account; each row counts for what its
            // finer rows leave.
            let mut groups: BTreeMap<(Month, &str), Vec<&Psaldo>> = BTreeMap::new();
            for p in &psaldo {
                groups.entry((p.month, &p.account)).or_default().push(p);
            }
            let mut per_account_year: BTreeMap<(String, Month), Money> = BTreeMap::new();
            for ((month, account), mut group) in groups {
                group.sort_by(|a, b| {
                    b.objects
                        .len()
                        .cmp(&a.objects.len())
                        .then(a.line.cmp(&b.line))
                });
                let mut bad = false;
                for (i, a) in group.iter().enumerate() {
                    for b in &group[i + 1..] {
                        if a.objects == b.objects {
                            errors.push(
                                b.line.max(a.line),
                                format!(
                                    "samma konto, period och objekt som rad {}",
                                    b.line.min(a.line)
                                ),
                            );
                            bad = true;
                        } else if overlap(&a.objects, &b.objects) {
                            errors.push(
                                b.line.max(a.line),
                                format!(
                                    "objekten överlappar raden {} utan att den ena är en uppdelning av den andra; summan kan inte fördelas",
                                    b.line.min(a.line)
                                ),
                            );
                            bad = true;
                        }
                    }
                }
                if bad {
                    continue;
                }
                let mut remainders: Vec<Money> = Vec::with_capacity(group.len());
                for (i, r) in group.iter().enumerate() {
                    let finer: Money = group[..i]
                        .iter()
                        .zip(&remainders)
                        .filter(|(s, _)| refines(&s.objects, &r.objects))
                        .map(|(_, m)| *m)
                        .sum();
                    remainders.push(r.amount - finer);
                }
                if in_statement(account) {
                    months.insert(month);
                }
                for (r, rem) in group.iter().zip(remainders) {
                    *per_account_year
                        .entry((account.to_string(), month))
                        .or_default() += rem;
                    rows.push((
                        roles.key(month, account, &r.objects),
                        Money::from_ledger(rem),
                    ));
                }
            }
            // #RES against the periodsaldon of its year.
            for (n, y, account, amount) in &res {
                let Some((from, to)) = years.get(y) else {
                    continue;
                };
                let (from, to) = (Month::of(*from), Month::of(*to));
                let has_year = psaldo.iter().any(|p| p.month >= from && p.month <= to);
                if !has_year {
                    continue;
                }
                let sum: Money = per_account_year
                    .iter()
                    .filter(|((a, m), _)| a == account && *m >= from && *m <= to)
                    .map(|(_, v)| *v)
                    .sum();
                if sum != *amount {
                    errors.push(
                        *n,
                        format!(
                            "årets saldo för konto {account} ({amount} kr) är inte summan av periodsaldona ({sum} kr)"
                        ),
                    );
                }
            }
        }
        LedgerFormat::SieVouchers => {
            for t in &trans {
                if in_statement(&t.account) {
                    months.insert(t.month);
                }
                rows.push((
                    roles.key(t.month, &t.account, &t.objects),
                    Money::from_ledger(t.amount),
                ));
            }
        }
        LedgerFormat::Csv => unreachable!("not an SIE format"),
    }
    if !errors.is_empty() {
        return Err(errors.finish());
    }
    if months.is_empty() {
        return Err(ImportErrors::one(
            0,
            "filen har inga rader på resultatkonton (kontoklass 3-7)",
        ));
    }
    let (lines, left_out_rows) = collect(rows);
    let object_names = raw_objects
        .into_iter()
        .filter_map(|(d, o, name)| {
            let role = if Some(d) == roles.responsibility {
                "ansvar"
            } else if Some(d) == roles.activity {
                "verksamhet"
            } else if Some(d) == roles.project {
                "projekt"
            } else {
                return None;
            };
            Some((role.to_string(), o, name))
        })
        .collect();
    Ok(LedgerFile {
        format,
        encoding,
        organisation,
        months,
        lines,
        account_names,
        object_names,
        left_out_rows,
        rows_read,
    })
}

/// What an SIE file written by [`write_period_balances`] says about itself.
#[derive(Clone, Debug)]
pub struct SieHeader<'a> {
    pub program: &'a str,
    pub organisation: &'a str,
    pub generated: Date,
    /// The financial year (`#RAR 0`).
    pub year: i16,
    pub account_names: &'a [(String, String)],
    /// (role: "ansvar", "verksamhet", "projekt"; code; name)
    pub object_names: &'a [(String, String, String)],
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Write outcome lines as an SIE 4 file of periodsaldon, the way a
/// municipality's financial system exports them: dimensions 1 (Ansvar), 20
/// (Verksamhet) and 6 (Projekt), one `#PSALDO` per line with the amount as
/// booked (debet +, kredit −), each account's total per month as a `{}`
/// row, and `#RES` per account. Encoded as code page 437 (`#FORMAT PC8`);
/// a character CP437 does not have is written as `?`.
pub fn write_period_balances(
    header: &SieHeader<'_>,
    lines: &[crate::economy::LedgerLine],
) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut t = String::new();
    let y = header.year;
    let _ = writeln!(t, "#FLAGGA 0");
    let _ = writeln!(t, "#FORMAT PC8");
    let _ = writeln!(t, "#SIETYP 4");
    let _ = writeln!(t, "#PROGRAM {} 1.0", quoted(header.program));
    let _ = writeln!(
        t,
        "#GEN {:04}{:02}{:02}",
        header.generated.year(),
        header.generated.month(),
        header.generated.day()
    );
    let _ = writeln!(t, "#FNAMN {}", quoted(header.organisation));
    let _ = writeln!(t, "#RAR 0 {y:04}0101 {y:04}1231");
    let _ = writeln!(t, "#KPTYP KOMMUN");
    let _ = writeln!(t, "#DIM 1 \"Ansvar\"");
    let _ = writeln!(t, "#DIM 6 \"Projekt\"");
    let _ = writeln!(t, "#DIM 20 \"Verksamhet\"");
    for (code, name) in header.account_names {
        let _ = writeln!(t, "#KONTO {code} {}", quoted(name));
    }
    for (role, code, name) in header.object_names {
        let dim = match role.as_str() {
            "ansvar" => 1,
            "verksamhet" => 20,
            "projekt" => 6,
            _ => continue,
        };
        let _ = writeln!(t, "#OBJEKT {dim} {} {}", quoted(code), quoted(name));
    }
    let amount = |m: Money| {
        let booked = -m;
        let sign = if booked.0 < 0 { "-" } else { "" };
        format!(
            "{sign}{}.{:02}",
            booked.0.unsigned_abs() / 100,
            booked.0.unsigned_abs() % 100
        )
    };
    let mut totals: BTreeMap<(Month, &str), Money> = BTreeMap::new();
    let mut year_totals: BTreeMap<&str, Money> = BTreeMap::new();
    for l in lines {
        *totals.entry((l.key.month, &l.key.account)).or_default() += l.amount;
        if l.key.month.year == y {
            *year_totals.entry(&l.key.account).or_default() += l.amount;
        }
    }
    for (account, total) in &year_totals {
        let _ = writeln!(t, "#RES 0 {account} {}", amount(*total));
    }
    for ((month, account), total) in &totals {
        let yi = i32::from(month.year) - i32::from(y);
        let _ = writeln!(
            t,
            "#PSALDO {yi} {} {account} {{}} {}",
            month.code(),
            amount(*total)
        );
        let group: Vec<&crate::economy::LedgerLine> = lines
            .iter()
            .filter(|l| l.key.month == *month && l.key.account == *account)
            .collect();
        for l in &group {
            // A row counts every line it covers (the rows nest: a row
            // without project covers the same ansvar and verksamhet with
            // any project).
            let covers = |m: &crate::economy::LedgerLine| {
                [
                    (&l.key.responsibility, &m.key.responsibility),
                    (&l.key.activity, &m.key.activity),
                    (&l.key.project, &m.key.project),
                ]
                .iter()
                .all(|(a, b)| a.is_empty() || a == b)
            };
            let row_amount: Money = group.iter().filter(|m| covers(m)).map(|m| m.amount).sum();
            let mut objs = Vec::new();
            if !l.key.responsibility.is_empty() {
                objs.push(format!("1 {}", quoted(&l.key.responsibility)));
            }
            if !l.key.project.is_empty() {
                objs.push(format!("6 {}", quoted(&l.key.project)));
            }
            if !l.key.activity.is_empty() {
                objs.push(format!("20 {}", quoted(&l.key.activity)));
            }
            if objs.is_empty() {
                continue;
            }
            let _ = writeln!(
                t,
                "#PSALDO {yi} {} {account} {{{}}} {}",
                month.code(),
                objs.join(" "),
                amount(row_amount)
            );
        }
    }
    oem_cp::encode_string_lossy(&t, &oem_cp::code_table::ENCODING_TABLE_CP437)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_split_words_quotes_and_objects() {
        assert_eq!(
            fields(r#"0 202501 5010 {1 "100" 20 "4021"} -12.50"#).unwrap(),
            vec![
                Field::Word("0".into()),
                Field::Word("202501".into()),
                Field::Word("5010".into()),
                Field::Objects(vec![
                    ("1".into(), "100".into()),
                    ("20".into(), "4021".into())
                ]),
                Field::Word("-12.50".into()),
            ]
        );
        assert_eq!(
            fields(r#""Say \"hi\"" {}"#).unwrap(),
            vec![Field::Word("Say \"hi\"".into()), Field::Objects(vec![])]
        );
        assert!(fields(r#"{1 "100""#).is_err());
        assert!(fields(r#"{1}"#).is_err());
        assert!(fields(r#""open"#).is_err());
    }

    #[test]
    fn cp437_is_decoded_and_utf8_tolerated() {
        let cp = encode_cp437("#FNAMN \"Tillköpings kommun\"").unwrap();
        assert!(std::str::from_utf8(&cp).is_err());
        assert_eq!(
            decode(&cp),
            ("#FNAMN \"Tillköpings kommun\"".into(), TextEncoding::Cp437)
        );
        assert_eq!(decode("åäö".as_bytes()).1, TextEncoding::Utf8);
    }

    #[test]
    fn nested_rows_count_once() {
        let file = "#DIM 1 \"Ansvar\"\n#DIM 6 \"Projekt\"\n\
            #PSALDO 0 202501 5010 {} 1000.00\n\
            #PSALDO 0 202501 5010 {1 \"100\"} 700.00\n\
            #PSALDO 0 202501 5010 {1 \"100\" 6 \"P1\"} 200.00\n\
            #PSALDO 0 202501 5010 {1 \"200\"} 250.00\n";
        let f = parse(file.as_bytes()).unwrap();
        let by = |r: &str, p: &str| {
            f.lines
                .iter()
                .find(|l| l.key.responsibility == r && l.key.project == p)
                .map(|l| l.amount)
        };
        assert_eq!(by("100", "P1"), Some(Money(-20_000)));
        assert_eq!(by("100", ""), Some(Money(-50_000)));
        assert_eq!(by("200", ""), Some(Money(-25_000)));
        assert_eq!(by("", ""), Some(Money(-5_000)));
        let total: Money = f.lines.iter().map(|l| l.amount).sum();
        assert_eq!(total, Money(-100_000));
    }

    #[test]
    fn overlapping_rows_are_an_error_naming_the_line() {
        let file = "#PSALDO 0 202501 5010 {1 \"100\" 6 \"P1\"} 1.00\n\
                    #PSALDO 0 202501 5010 {1 \"100\" 20 \"4021\"} 1.00\n";
        let e = parse(file.as_bytes()).unwrap_err();
        assert_eq!(e.errors[0].line, 2, "{e}");
    }
}
