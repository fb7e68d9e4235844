//! CSV files of outcome and budget, as spreadsheets and financial systems
//! export them: a header row, then one row per amount; fields separated by
//! `;` (Swedish spreadsheets), a tab or `,` (whichever the header uses);
//! quotes around a field that holds the separator; UTF-8 (with or without
//! a byte-order mark), else Latin-1. Header names are matched without
//! regard to case; the columns may come in any order and unknown columns
//! are ignored. Every error names its line; a file with an error gives
//! nothing.
//!
//! **Outcome** ([`parse_ledger`]): `konto`, `belopp` (as booked: debet +,
//! kredit −; or the two columns `debet` and `kredit`), `period` (`202504`
//! or `2025-04`) or `datum` (`2025-04-17`), and optionally `ansvar`,
//! `verksamhet` (or `vht`) and `projekt`.
//!
//! **Budget** ([`parse_budget`]): `år`, `konto`, `belopp` (typed as
//! positive amounts, incomes and costs alike; see
//! [`crate::economy::budget`]), and optionally `ansvar`, `verksamhet`,
//! `projekt`.

use crate::economy::budget::{BudgetKey, BudgetLine, typed_amount};
use crate::economy::chart::Chart;
use crate::economy::ledger::{
    Errors, ImportErrors, LedgerFile, LedgerFormat, LedgerKey, TextEncoding, collect, in_statement,
};
use crate::economy::structure::parse_code;
use crate::economy::{Money, Month};
use std::collections::{BTreeMap, BTreeSet};

/// Decode: UTF-8 if valid (BOM dropped), else Latin-1.
pub fn decode(bytes: &[u8]) -> (String, TextEncoding) {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => (s.to_string(), TextEncoding::Utf8),
        Err(_) => (
            bytes.iter().map(|&b| char::from(b)).collect(),
            TextEncoding::Latin1,
        ),
    }
}

/// Split one line at `sep`, honouring quotes (`""` inside quotes is a
/// quote). Total.
fn split(line: &str, sep: char) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cur.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cur.push(c);
            }
        } else if c == '"' && at_start {
            quoted = true;
            at_start = false;
        } else if c == sep {
            out.push(std::mem::take(&mut cur).trim().to_string());
            at_start = true;
        } else {
            if !c.is_whitespace() {
                at_start = false;
            }
            cur.push(c);
        }
    }
    if quoted {
        return Err("ett citattecken avslutas inte på raden".into());
    }
    out.push(cur.trim().to_string());
    Ok(out)
}

/// The rows of a CSV text: the header's column indexes by lower-case
/// name, and (line number, fields) per non-empty row.
struct Table {
    columns: BTreeMap<String, usize>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    fn read(text: &str, errors: &mut Errors) -> Option<Table> {
        let mut lines = text
            .split('\n')
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
            .filter(|(_, l)| !l.trim().is_empty());
        let Some((hn, header)) = lines.next() else {
            errors.push(0, "filen är tom");
            return None;
        };
        let sep = if header.contains(';') {
            ';'
        } else if header.contains('\t') {
            '\t'
        } else {
            ','
        };
        let names = match split(header, sep) {
            Ok(n) => n,
            Err(e) => {
                errors.push(hn, e);
                return None;
            }
        };
        let mut columns = BTreeMap::new();
        for (i, n) in names.iter().enumerate() {
            let key = n.trim().to_lowercase();
            if columns.insert(key.clone(), i).is_some() && !key.is_empty() {
                errors.push(hn, format!("kolumnen \"{n}\" finns två gånger"));
            }
        }
        let mut rows = Vec::new();
        for (n, l) in lines {
            match split(l, sep) {
                Ok(f) => rows.push((n, f)),
                Err(e) => errors.push(n, e),
            }
        }
        Some(Table { columns, rows })
    }

    fn col(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.columns.get(*n).copied())
    }
}

fn field(row: &[String], col: Option<usize>) -> &str {
    col.and_then(|c| row.get(c)).map_or("", String::as_str)
}

fn optional_code(text: &str, what: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Ok(String::new())
    } else {
        parse_code(text).map_err(|e| format!("{what}: {e}"))
    }
}

/// `2025-04-17` or `20250417`: the month. Total.
fn month_of_date(text: &str) -> Option<Month> {
    let t = text.trim();
    let digits: String = t.chars().filter(|c| *c != '-').collect();
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if t.contains('-') && (t.len() != 10 || &t[4..5] != "-" || &t[7..8] != "-") {
        return None;
    }
    let y: i16 = digits[..4].parse().ok()?;
    let m: i8 = digits[4..6].parse().ok()?;
    let d: i8 = digits[6..].parse().ok()?;
    jiff::civil::Date::new(y, m, d).ok()?;
    Month::new(y, m)
}

/// Read a CSV file of outcome (see the module's documentation).
pub fn parse_ledger(bytes: &[u8]) -> Result<LedgerFile, ImportErrors> {
    let (text, encoding) = decode(bytes);
    let mut errors = Errors::default();
    let Some(table) = Table::read(&text, &mut errors) else {
        return Err(errors.finish());
    };
    let account = table.col(&["konto"]);
    let amount = table.col(&["belopp", "utfall"]);
    let debit = table.col(&["debet"]);
    let credit = table.col(&["kredit"]);
    let period = table.col(&["period", "månad", "manad"]);
    let day = table.col(&["datum", "bokföringsdatum", "transaktionsdatum"]);
    let resp = table.col(&["ansvar"]);
    let act = table.col(&["verksamhet", "vht"]);
    let proj = table.col(&["projekt"]);
    if account.is_none() {
        errors.push(1, "kolumnen \"konto\" saknas");
    }
    if amount.is_none() && (debit.is_none() || credit.is_none()) {
        errors.push(
            1,
            "kolumnen \"belopp\" (eller \"debet\" och \"kredit\") saknas",
        );
    }
    if period.is_none() && day.is_none() {
        errors.push(1, "kolumnen \"period\" (ÅÅÅÅMM) eller \"datum\" saknas");
    }
    if !errors.is_empty() {
        return Err(errors.finish());
    }
    let mut rows = Vec::new();
    let mut months = BTreeSet::new();
    for (n, row) in &table.rows {
        let n = *n;
        let acc = field(row, account).trim();
        if !Chart::is_account_code(acc) {
            errors.push(n, format!("\"{acc}\" är inget kontonummer"));
            continue;
        }
        let month = match period {
            Some(_) if !field(row, period).trim().is_empty() => Month::parse(field(row, period)),
            _ => month_of_date(field(row, day)),
        };
        let Some(month) = month else {
            errors.push(n, "perioden ska vara ÅÅÅÅMM eller datumet ÅÅÅÅ-MM-DD");
            continue;
        };
        let booked = if let Some(a) = amount {
            Money::parse(field(row, Some(a)))
        } else {
            let d = field(row, debit);
            let c = field(row, credit);
            let d = if d.trim().is_empty() {
                Ok(Money::ZERO)
            } else {
                Money::parse(d)
            };
            let c = if c.trim().is_empty() {
                Ok(Money::ZERO)
            } else {
                Money::parse(c)
            };
            d.and_then(|d| c.map(|c| d - c))
        };
        let booked = match booked {
            Ok(b) => b,
            Err(e) => {
                errors.push(n, format!("beloppet: {e}"));
                continue;
            }
        };
        let codes = (
            optional_code(field(row, resp), "ansvar"),
            optional_code(field(row, act), "verksamhet"),
            optional_code(field(row, proj), "projekt"),
        );
        let (responsibility, activity, project) = match codes {
            (Ok(r), Ok(a), Ok(p)) => (r, a, p),
            (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => {
                errors.push(n, e);
                continue;
            }
        };
        if in_statement(acc) {
            months.insert(month);
        }
        rows.push((
            LedgerKey {
                month,
                account: acc.to_string(),
                responsibility,
                activity,
                project,
            },
            Money::from_ledger(booked),
        ));
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
    let rows_read = rows.len();
    let (lines, left_out_rows) = collect(rows);
    Ok(LedgerFile {
        format: LedgerFormat::Csv,
        encoding,
        organisation: None,
        months,
        lines,
        account_names: Vec::new(),
        object_names: Vec::new(),
        left_out_rows,
        rows_read,
    })
}

/// Read a CSV file of budget amounts (see the module's documentation):
/// the lines summed per key, with the years the file has.
pub fn parse_budget(bytes: &[u8]) -> Result<(BTreeSet<i16>, Vec<BudgetLine>), ImportErrors> {
    let (text, _) = decode(bytes);
    let mut errors = Errors::default();
    let Some(table) = Table::read(&text, &mut errors) else {
        return Err(errors.finish());
    };
    let year = table.col(&["år", "ar", "year"]);
    let account = table.col(&["konto"]);
    let amount = table.col(&["belopp", "budget"]);
    let resp = table.col(&["ansvar"]);
    let act = table.col(&["verksamhet", "vht"]);
    let proj = table.col(&["projekt"]);
    for (c, name) in [(year, "år"), (account, "konto"), (amount, "belopp")] {
        if c.is_none() {
            errors.push(1, format!("kolumnen \"{name}\" saknas"));
        }
    }
    if !errors.is_empty() {
        return Err(errors.finish());
    }
    let mut sums: BTreeMap<BudgetKey, Money> = BTreeMap::new();
    let mut years = BTreeSet::new();
    for (n, row) in &table.rows {
        let n = *n;
        let ytext = field(row, year).trim();
        let y = match ytext.parse::<i16>() {
            Ok(y) if (1900..=2199).contains(&y) && ytext.len() == 4 => y,
            _ => {
                errors.push(n, format!("\"{ytext}\" är inget år"));
                continue;
            }
        };
        let acc = field(row, account).trim();
        let typed = match Money::parse(field(row, amount)) {
            Ok(m) => m,
            Err(e) => {
                errors.push(n, format!("beloppet: {e}"));
                continue;
            }
        };
        let Some(amount) = Chart::is_account_code(acc)
            .then(|| typed_amount(acc, typed))
            .flatten()
        else {
            errors.push(
                n,
                format!("\"{acc}\" är inget konto i resultaträkningen (kontoklass 3-7)"),
            );
            continue;
        };
        let codes = (
            optional_code(field(row, resp), "ansvar"),
            optional_code(field(row, act), "verksamhet"),
            optional_code(field(row, proj), "projekt"),
        );
        let (responsibility, activity, project) = match codes {
            (Ok(r), Ok(a), Ok(p)) => (r, a, p),
            (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => {
                errors.push(n, e);
                continue;
            }
        };
        years.insert(y);
        *sums
            .entry(BudgetKey {
                year: y,
                responsibility,
                activity,
                project,
                account: acc.to_string(),
            })
            .or_default() += amount;
    }
    if !errors.is_empty() {
        return Err(errors.finish());
    }
    if sums.is_empty() {
        return Err(ImportErrors::one(0, "filen har inga budgetrader"));
    }
    Ok((
        years,
        sums.into_iter()
            .map(|(key, amount)| BudgetLine { key, amount })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_hold_separators() {
        assert_eq!(
            split(r#"a;"b;c";"d ""e""""#, ';').unwrap(),
            vec!["a", "b;c", "d \"e\""]
        );
        assert!(split(r#"a;"b"#, ';').is_err());
    }

    #[test]
    fn a_ledger_csv_reads_and_names_bad_lines() {
        let ok = "Period;Konto;Ansvar;Verksamhet;Projekt;Belopp\n\
                  202501;5010;100;4021;;12 345,50\n\
                  202501;3510;100;4021;P1;-1000\n";
        let f = parse_ledger(ok.as_bytes()).unwrap();
        assert_eq!(f.lines.len(), 2);
        assert_eq!(
            f.lines.iter().map(|l| l.amount).sum::<Money>(),
            Money(100_000 - 1_234_550)
        );
        let bad = "period;konto;belopp\n202501;5010;12\n2025x1;5010;1\n202502;abc;1\n";
        let e = parse_ledger(bad.as_bytes()).unwrap_err();
        assert_eq!(
            e.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            vec![3, 4]
        );
    }

    #[test]
    fn latin1_is_tolerated() {
        let bytes: Vec<u8> = b"period;konto;ansvar;belopp\n202501;5010;"
            .iter()
            .copied()
            .chain([0xC5u8]) // Å in Latin-1
            .chain(*b"1;5\n")
            .collect();
        let f = parse_ledger(&bytes).unwrap();
        assert_eq!(f.encoding, TextEncoding::Latin1);
        assert_eq!(f.lines[0].key.responsibility, "Å1");
    }

    #[test]
    fn a_budget_csv_turns_costs() {
        let text = "år;ansvar;verksamhet;projekt;konto;belopp\n\
                    2025;100;4021;;5010;1 000 000\n\
                    2025;100;4021;;3510;50 000\n";
        let (years, lines) = parse_budget(text.as_bytes()).unwrap();
        assert_eq!(years.into_iter().collect::<Vec<_>>(), vec![2025]);
        let net: Money = lines.iter().map(|l| l.amount).sum();
        assert_eq!(net, Money::kronor(-950_000));
        assert!(parse_budget(b"ar;konto;belopp\n2025;1930;5\n").is_err());
    }
}
