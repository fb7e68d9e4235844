//! Personnummer, samordningsnummer and reservnummer.
//!
//! An [`IdentityNumber`] can only hold a valid number: it is made by
//! [`IdentityNumber::parse`] (every written form, needs today's date to decide
//! the century of the 10-digit forms) or [`IdentityNumber::parse_long_form`]
//! (the stored 12-digit form, needs no date).
//!
//! Rules:
//! - The short form is `YYMMDD` + serial (three characters) + check digit. The
//!   check digit is the Luhn digit over the nine characters before it.
//! - Samordningsnummer: the day of birth plus 60 (`730288` = 28 February 1973).
//! - Reservnummer (interim numbers): the first serial character is one of the
//!   letters [`RESERVE_LETTERS`]; for the Luhn digit the letter counts as `1`.
//! - The serial `000` is never issued.
//! - 10-digit forms: `+` means the person has turned 100 on `today`; `-` or no
//!   separator means the most recent century that does not put the birth date
//!   in the future.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::catalog::Gender;

/// The letters allowed first in the serial of a reservnummer (interim number).
pub const RESERVE_LETTERS: [char; 11] = ['T', 'R', 'S', 'U', 'W', 'X', 'J', 'K', 'L', 'M', 'N'];

/// What kind of identity number it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityKind {
    /// Personnummer: for everyone registered in Sweden.
    Personnummer,
    /// Samordningsnummer: day of birth plus 60.
    Samordningsnummer,
    /// Reservnummer (interim number): a letter first in the serial.
    Reservnummer,
}

impl IdentityKind {
    /// Swedish label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Personnummer => "Personnummer",
            Self::Samordningsnummer => "Samordningsnummer",
            Self::Reservnummer => "Reservnummer",
        }
    }

    /// The Swedish noun in definite form, as used inside a sentence.
    fn definite(self) -> &'static str {
        match self {
            Self::Personnummer => "personnumret",
            Self::Samordningsnummer => "samordningsnumret",
            Self::Reservnummer => "reservnumret",
        }
    }
}

impl fmt::Display for IdentityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why a written identity number was refused. The messages are shown to users.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum IdentityError {
    #[error(
        "Personnummer saknas. Skriv personnumret med 10 eller 12 siffror, till exempel 20150916-2390."
    )]
    Empty,

    #[error(
        "Personnumret innehåller det otillåtna tecknet ”{character}”. Använd bara siffror och bindestreck (-), till exempel 20150916-2390."
    )]
    InvalidCharacter { character: char },

    #[error(
        "Personnumret får inte innehålla mellanslag. Skriv bindestreck (-) mellan födelsedatumet och de fyra sista siffrorna, till exempel 20150916-2390."
    )]
    ContainsSpace,

    #[error(
        "Bindestrecket eller plustecknet ska stå före de fyra sista siffrorna, till exempel 20150916-2390."
    )]
    MisplacedSeparator,

    #[error(
        "Personnumret ska ha 10 eller 12 siffror, till exempel 20150916-2390 eller 150916-2390. Det angivna numret har {found}."
    )]
    WrongLength { found: usize },

    #[error(
        "Bokstaven ”{letter}” får inte stå där. Bara reservnummer har en bokstav, och den står direkt efter bindestrecket, till exempel 20000101-T220."
    )]
    MisplacedLetter { letter: char },

    #[error(
        "Bokstaven ”{letter}” kan inte användas i ett reservnummer. Tillåtna bokstäver är T, R, S, U, W, X, J, K, L, M och N."
    )]
    InvalidReserveLetter { letter: char },

    #[error("Ogiltigt datum i {noun}: {detail}. Kontrollera år, månad och dag.")]
    InvalidDate { noun: &'static str, detail: String },

    #[error(
        "De tre siffrorna efter födelsedatumet kan inte vara 000. Kontrollera att personnumret är rätt skrivet."
    )]
    ZeroSerial,

    #[error("Kontrollsiffran stämmer inte. Kontrollera att personnumret är rätt skrivet.")]
    ChecksumMismatch,

    #[error(
        "Födelsedatumet {date} har inte inträffat än. Kontrollera de två första siffrorna (århundradet)."
    )]
    FutureBirthDate { date: Date },

    #[error(
        "Plustecken (+) används bara för den som fyllt 100 år, men personen är {age} år. Skriv bindestreck (-) i stället."
    )]
    PlusUnder100 { age: i16 },

    #[error(
        "Personnumret ska anges i långt format med 12 siffror och bindestreck, till exempel 20150916-2390."
    )]
    NotLongForm,
}

/// A valid personnummer, samordningsnummer or reservnummer.
///
/// Serialized as the long form (`YYYYMMDD-NNNN`); deserialized with
/// [`IdentityNumber::parse_long_form`].
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdentityNumber {
    /// The real birth date (for a samordningsnummer: without the 60).
    birth_date: Date,
    kind: IdentityKind,
    /// The three serial characters as ASCII. The first is an upper-case letter
    /// from [`RESERVE_LETTERS`] exactly when `kind` is `Reservnummer`; all
    /// others are digits, and a serial of digits only is never `000`.
    serial: [u8; 3],
    /// The check digit as ASCII.
    check: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Separator {
    None,
    Minus,
    Plus,
}

/// An identity number as written, checked for shape only.
struct Written {
    /// The two leading digits of the 12-digit form.
    century: Option<i32>,
    yy: i32,
    month: i8,
    /// The day as written (plus 60 for a samordningsnummer).
    day: i8,
    separator: Separator,
    serial: [u8; 3],
    check: u8,
}

impl Written {
    fn kind(&self) -> IdentityKind {
        if self.serial[0].is_ascii_alphabetic() {
            IdentityKind::Reservnummer
        } else if self.day > 60 {
            IdentityKind::Samordningsnummer
        } else {
            IdentityKind::Personnummer
        }
    }

    fn real_day(&self) -> i8 {
        match self.kind() {
            IdentityKind::Samordningsnummer => self.day - 60,
            _ => self.day,
        }
    }
}

fn digit_value(b: u8) -> i32 {
    i32::from(b - b'0')
}

/// Reads the shape of a written number: characters, separator, length,
/// letter position. Does not look at dates or the check digit.
fn read_written(input: &str) -> Result<Written, IdentityError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(IdentityError::Empty);
    }
    if let Some(character) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | ' ')))
    {
        return Err(IdentityError::InvalidCharacter { character });
    }
    if text.contains(' ') {
        return Err(IdentityError::ContainsSpace);
    }
    // From here on `text` is ASCII only.
    let bytes = text.as_bytes();
    let mut separator = Separator::None;
    let mut compact = Vec::with_capacity(12);
    for (index, &byte) in bytes.iter().enumerate() {
        match byte {
            b'-' | b'+' => {
                // Exactly one separator, right before the last four characters.
                if index + 5 != bytes.len() || separator != Separator::None {
                    return Err(IdentityError::MisplacedSeparator);
                }
                separator = if byte == b'-' {
                    Separator::Minus
                } else {
                    Separator::Plus
                };
            }
            _ => compact.push(byte),
        }
    }
    if compact.len() != 10 && compact.len() != 12 {
        return Err(IdentityError::WrongLength {
            found: compact.len(),
        });
    }
    let offset = compact.len() - 10;
    let mut short = [0u8; 10];
    short.copy_from_slice(&compact[offset..]);
    for (index, &byte) in compact.iter().enumerate() {
        let serial_start = index == offset + 6;
        if byte.is_ascii_alphabetic() {
            let letter = char::from(byte.to_ascii_uppercase());
            if !serial_start {
                return Err(IdentityError::MisplacedLetter { letter });
            }
            if !RESERVE_LETTERS.contains(&letter) {
                return Err(IdentityError::InvalidReserveLetter { letter });
            }
        }
    }
    short[6] = short[6].to_ascii_uppercase();
    let pair = |a: u8, b: u8| digit_value(a) * 10 + digit_value(b);
    let century = (offset == 2).then(|| pair(compact[0], compact[1]));
    // Both values are two decimal digits, so they fit in an i8.
    let month = pair(short[2], short[3]) as i8;
    let day = pair(short[4], short[5]) as i8;
    Ok(Written {
        century,
        yy: pair(short[0], short[1]),
        month,
        day,
        separator,
        serial: [short[6], short[7], short[8]],
        check: short[9],
    })
}

/// The century rule of the 10-digit forms: the most recent year ending in `yy`
/// that puts the birth date on or before `today` (`-` or no separator), or on
/// or before the day the person turned 100 by `today` (`+`).
fn resolve_year(written: &Written, today: Date) -> i32 {
    let shift = if written.separator == Separator::Plus {
        100
    } else {
        0
    };
    let reference_year = i32::from(today.year()) - shift;
    let mut year = reference_year - (reference_year - written.yy).rem_euclid(100);
    if year == reference_year && (written.month, written.real_day()) > (today.month(), today.day())
    {
        year -= 100;
    }
    year
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The Luhn check digit over nine digit values.
fn luhn_check_digit(digits: &[i32; 9]) -> i32 {
    let sum: i32 = digits
        .iter()
        .enumerate()
        .map(|(index, &digit)| {
            let product = if index % 2 == 0 { digit * 2 } else { digit };
            product / 10 + product % 10
        })
        .sum();
    (10 - sum % 10) % 10
}

/// Checks the date, the serial and the check digit with the year decided.
fn build(written: &Written, year: i32) -> Result<IdentityNumber, IdentityError> {
    let kind = written.kind();
    let day = written.real_day();
    let invalid_date = |detail: String| IdentityError::InvalidDate {
        noun: kind.definite(),
        detail,
    };
    if !(0..=9999).contains(&year) {
        return Err(invalid_date(format!("året {year} finns inte")));
    }
    if !(1..=12).contains(&written.month) {
        return Err(invalid_date(format!(
            "månad {:02} finns inte",
            written.month
        )));
    }
    if !(1..=31).contains(&day) {
        return Err(invalid_date(match kind {
            IdentityKind::Samordningsnummer => format!(
                "dag {:02} finns inte (i ett samordningsnummer är dagen ökad med 60, så den är mellan 61 och 91)",
                written.day
            ),
            _ => format!("dag {:02} finns inte", written.day),
        }));
    }
    // The range check above keeps the year within i16.
    let birth_date = Date::new(year as i16, written.month, day).map_err(|_| {
        let mut detail = String::new();
        if kind == IdentityKind::Samordningsnummer {
            detail.push_str(&format!(
                "dag {} i ett samordningsnummer betyder den {}:e, och ",
                written.day, day
            ));
        }
        detail.push_str(&format!(
            "{year:04}-{:02}-{day:02} finns inte",
            written.month
        ));
        if written.month == 2 && day == 29 && !is_leap_year(year) {
            detail.push_str(&format!(" ({year} är inte ett skottår)"));
        }
        invalid_date(detail)
    })?;
    if kind != IdentityKind::Reservnummer && written.serial == *b"000" {
        return Err(IdentityError::ZeroSerial);
    }
    let serial_value = |byte: u8| {
        if byte.is_ascii_alphabetic() {
            1
        } else {
            digit_value(byte)
        }
    };
    let digits = [
        written.yy / 10,
        written.yy % 10,
        i32::from(written.month) / 10,
        i32::from(written.month) % 10,
        i32::from(written.day) / 10,
        i32::from(written.day) % 10,
        serial_value(written.serial[0]),
        serial_value(written.serial[1]),
        serial_value(written.serial[2]),
    ];
    if luhn_check_digit(&digits) != digit_value(written.check) {
        return Err(IdentityError::ChecksumMismatch);
    }
    Ok(IdentityNumber {
        birth_date,
        kind,
        serial: written.serial,
        check: written.check,
    })
}

impl IdentityNumber {
    /// Parses any written form: `YYYYMMDDNNNN`, `YYYYMMDD-NNNN`,
    /// `YYYYMMDD+NNNN`, `YYMMDDNNNN`, `YYMMDD-NNNN`, `YYMMDD+NNNN`, with a
    /// reservnummer letter first in `NNNN` where it applies. Surrounding
    /// whitespace is ignored; a space as separator is refused.
    ///
    /// `today` decides the century of the 10-digit forms, and refuses 12-digit
    /// forms born after `today` or written with `+` for someone under 100.
    ///
    /// # Errors
    ///
    /// An [`IdentityError`] whose message tells the user what to correct.
    pub fn parse(input: &str, today: Date) -> Result<Self, IdentityError> {
        let written = read_written(input)?;
        let Some(century) = written.century else {
            return build(&written, resolve_year(&written, today));
        };
        let number = build(&written, century * 100 + written.yy)?;
        if number.birth_date > today {
            return Err(IdentityError::FutureBirthDate {
                date: number.birth_date,
            });
        }
        if written.separator == Separator::Plus && number.age_on(today) < 100 {
            return Err(IdentityError::PlusUnder100 {
                age: number.age_on(today),
            });
        }
        Ok(number)
    }

    /// Parses the stored long form, `YYYYMMDD-NNNN` or `YYYYMMDDNNNN`, which
    /// needs no date. Surrounding whitespace is ignored. Does not check that
    /// the birth date has passed.
    ///
    /// # Errors
    ///
    /// [`IdentityError::NotLongForm`] for 10-digit forms and `+`; otherwise as
    /// [`IdentityNumber::parse`].
    pub fn parse_long_form(input: &str) -> Result<Self, IdentityError> {
        let written = read_written(input)?;
        match written.century {
            Some(century) if written.separator != Separator::Plus => {
                build(&written, century * 100 + written.yy)
            }
            _ => Err(IdentityError::NotLongForm),
        }
    }

    pub fn kind(&self) -> IdentityKind {
        self.kind
    }

    /// The reservnummer (interim number) for someone born on `birth_date`:
    /// the letter `RESERVE_LETTERS[letter % 11]`, then the two digits of
    /// `digits % 100` (the last one odd for a man), then the Luhn check digit
    /// (the letter counting as `1`). A reservnummer is never a personnummer
    /// or samordningsnummer: the letter in its serial says so. `None` for a
    /// birth year outside 1000-9999 (the long form has four digits).
    pub fn reservnummer(birth_date: Date, letter: usize, digits: u8) -> Option<Self> {
        let year = i32::from(birth_date.year());
        if !(1000..=9999).contains(&year) {
            return None;
        }
        let letter = RESERVE_LETTERS[letter % RESERVE_LETTERS.len()];
        let digits = digits % 100;
        let yy = year % 100;
        let (month, day) = (i32::from(birth_date.month()), i32::from(birth_date.day()));
        let values = [
            yy / 10,
            yy % 10,
            month / 10,
            month % 10,
            day / 10,
            day % 10,
            1,
            i32::from(digits / 10),
            i32::from(digits % 10),
        ];
        let check = luhn_check_digit(&values);
        Some(IdentityNumber {
            birth_date,
            kind: IdentityKind::Reservnummer,
            serial: [letter as u8, b'0' + digits / 10, b'0' + digits % 10],
            check: b'0' + check as u8,
        })
    }

    /// The real birth date (for a samordningsnummer: the written day minus 60).
    pub fn birth_date(&self) -> Date {
        self.birth_date
    }

    /// The gender: the second-to-last digit is odd for men, even for women.
    pub fn gender(&self) -> Gender {
        if (self.serial[2] - b'0') % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }

    /// Age in whole years on `date`. Someone born on 29 February becomes a year
    /// older on 1 March in years that are not leap years. Negative before the
    /// birth date.
    pub fn age_on(&self, date: Date) -> i16 {
        let birth = self.birth_date;
        let mut years = date.year() - birth.year();
        if (date.month(), date.day()) < (birth.month(), birth.day()) {
            years -= 1;
        }
        years
    }

    /// The day as written: plus 60 for a samordningsnummer.
    fn written_day(&self) -> i8 {
        match self.kind {
            IdentityKind::Samordningsnummer => self.birth_date.day() + 60,
            _ => self.birth_date.day(),
        }
    }

    /// The serial and check characters, e.g. `2390` or `T220`.
    fn last_four(&self) -> String {
        [self.serial[0], self.serial[1], self.serial[2], self.check]
            .iter()
            .map(|&byte| char::from(byte))
            .collect()
    }

    /// `YYYYMMDD-NNNN`, the form Tillit stores and shows.
    pub fn format_long(&self) -> String {
        format!(
            "{:04}{:02}{:02}-{}",
            self.birth_date.year(),
            self.birth_date.month(),
            self.written_day(),
            self.last_four()
        )
    }

    /// `YYYYMMDDNNNN`, twelve characters without separator.
    pub fn format_digits_long(&self) -> String {
        format!(
            "{:04}{:02}{:02}{}",
            self.birth_date.year(),
            self.birth_date.month(),
            self.written_day(),
            self.last_four()
        )
    }

    /// `YYMMDD-NNNN`, or `YYMMDD+NNNN` when the person has turned 100 on `today`.
    pub fn format_short(&self, today: Date) -> String {
        let separator = if self.age_on(today) >= 100 { '+' } else { '-' };
        format!(
            "{:02}{:02}{:02}{separator}{}",
            self.birth_date.year() % 100,
            self.birth_date.month(),
            self.written_day(),
            self.last_four()
        )
    }
}

impl fmt::Display for IdentityNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_long())
    }
}

impl fmt::Debug for IdentityNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdentityNumber({})", self.format_long())
    }
}

impl From<IdentityNumber> for String {
    fn from(number: IdentityNumber) -> Self {
        number.format_long()
    }
}

impl TryFrom<String> for IdentityNumber {
    type Error = IdentityError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse_long_form(&text)
    }
}

impl TryFrom<&str> for IdentityNumber {
    type Error = IdentityError;

    fn try_from(text: &str) -> Result<Self, Self::Error> {
        Self::parse_long_form(text)
    }
}

#[cfg(test)]
mod tests {
    //! Real-looking numbers here are Skatteverket's test personnummer or the
    //! shared test vectors; generated numbers are born after the year 2100.

    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    const TODAY: Date = date(2026, 11, 23);

    fn parse(text: &str) -> Result<IdentityNumber, IdentityError> {
        IdentityNumber::parse(text, TODAY)
    }

    fn valid(text: &str) -> IdentityNumber {
        match parse(text) {
            Ok(number) => number,
            Err(error) => panic!("{text} should be valid: {error}"),
        }
    }

    #[test]
    fn plus_means_one_hundred_or_older() {
        assert_eq!(valid("900101+9802").birth_date(), date(1890, 1, 1));
        assert_eq!(valid("090527+1474").birth_date(), date(1909, 5, 27));
        assert_eq!(valid("0905271474").birth_date(), date(2009, 5, 27));
        // Exactly 100 on the birthday; the day before, the person would be 99,
        // so the number must belong to someone born a century earlier.
        let on_birthday = IdentityNumber::parse("090527+1474", date(2009, 5, 27)).unwrap();
        assert_eq!(on_birthday.birth_date(), date(1909, 5, 27));
        let day_before = IdentityNumber::parse("090527+1474", date(2009, 5, 26)).unwrap();
        assert_eq!(day_before.birth_date(), date(1809, 5, 27));
    }

    #[test]
    fn minus_means_most_recent_century_not_in_the_future() {
        assert_eq!(valid("150916-2390").birth_date(), date(2015, 9, 16));
        let on_birth_day = IdentityNumber::parse("150916-2390", date(2015, 9, 16)).unwrap();
        assert_eq!(on_birth_day.birth_date(), date(2015, 9, 16));
        let day_before = IdentityNumber::parse("150916-2390", date(2015, 9, 15)).unwrap();
        assert_eq!(day_before.birth_date(), date(1915, 9, 16));
        assert_eq!(valid("1509162390").birth_date(), date(2015, 9, 16));
    }

    #[test]
    fn twelve_digits_carry_their_century() {
        assert_eq!(valid("18900101-9802").birth_date(), date(1890, 1, 1));
        assert_eq!(valid("18900101+9802").birth_date(), date(1890, 1, 1));
        assert_eq!(valid("189001019802").birth_date(), date(1890, 1, 1));
        assert_eq!(
            parse("20150916+2390"),
            Err(IdentityError::PlusUnder100 { age: 11 })
        );
        assert_eq!(
            IdentityNumber::parse("20150916-2390", date(2015, 9, 15)),
            Err(IdentityError::FutureBirthDate {
                date: date(2015, 9, 16)
            })
        );
    }

    #[test]
    fn leap_day_depends_on_the_century() {
        assert_eq!(valid("000229-2399").birth_date(), date(2000, 2, 29));
        assert_eq!(valid("20000229-2399").birth_date(), date(2000, 2, 29));
        // With `+` the number would be from 1900, which had no 29 February.
        let error = parse("000229+2399").unwrap_err();
        assert!(matches!(error, IdentityError::InvalidDate { .. }));
        assert!(
            error.to_string().contains("1900 är inte ett skottår"),
            "{error}"
        );
        assert!(matches!(
            parse("20230229-2399"),
            Err(IdentityError::InvalidDate { .. })
        ));
    }

    #[test]
    fn age_around_birthdays() {
        let number = valid("20150916-2390");
        assert_eq!(number.age_on(date(2025, 9, 15)), 9);
        assert_eq!(number.age_on(date(2025, 9, 16)), 10);
        assert_eq!(number.age_on(date(2015, 9, 16)), 0);
        assert_eq!(number.age_on(date(2033, 9, 15)), 17);
        assert_eq!(number.age_on(date(2033, 9, 16)), 18);
        assert_eq!(number.age_on(date(2015, 9, 15)), -1);
    }

    #[test]
    fn age_of_someone_born_on_29_february() {
        let number = valid("20000229-2399");
        assert_eq!(number.age_on(date(2024, 2, 28)), 23);
        assert_eq!(number.age_on(date(2024, 2, 29)), 24);
        assert_eq!(number.age_on(date(2025, 2, 28)), 24);
        assert_eq!(number.age_on(date(2025, 3, 1)), 25);
        assert_eq!(number.age_on(date(2018, 2, 28)), 17);
        assert_eq!(number.age_on(date(2018, 3, 1)), 18);
    }

    #[test]
    fn samordningsnummer_is_day_plus_60() {
        let number = valid("730288-9931");
        assert_eq!(number.kind(), IdentityKind::Samordningsnummer);
        assert_eq!(number.birth_date(), date(1973, 2, 28));
        assert_eq!(number.format_long(), "19730288-9931");
        assert_eq!(number.format_short(TODAY), "730288-9931");
        let number = valid("20210791-9967");
        assert_eq!(number.birth_date(), date(2021, 7, 31));
        assert_eq!(number.gender(), Gender::Female);
    }

    #[test]
    fn samordningsnummer_day_minus_60_must_be_a_real_date() {
        // 29 February 1973 does not exist; nor do days 32..=60 or above 91.
        for text in ["730289-9931", "730231-9931", "730260-9931", "730292-9931"] {
            assert!(
                matches!(parse(text), Err(IdentityError::InvalidDate { .. })),
                "{text}"
            );
        }
        let message = parse("730289-9930").unwrap_err().to_string();
        assert!(
            message.starts_with("Ogiltigt datum i samordningsnumret:"),
            "{message}"
        );
        assert!(message.contains("1973-02-29 finns inte"), "{message}");
    }

    #[test]
    fn reservnummer_letters() {
        for letter in RESERVE_LETTERS {
            let number = valid(&format!("000101-{letter}220"));
            assert_eq!(number.kind(), IdentityKind::Reservnummer);
            assert_eq!(number.format_long(), format!("20000101-{letter}220"));
            assert_eq!(number.format_digits_long(), format!("20000101{letter}220"));
            assert_eq!(number.gender(), Gender::Female);
        }
        // Lower case is read as upper case.
        assert_eq!(valid("20000101-t220").format_long(), "20000101-T220");
        for letter in ['E', 'A', 'Z', 'e'] {
            assert_eq!(
                parse(&format!("000101-{letter}220")),
                Err(IdentityError::InvalidReserveLetter {
                    letter: letter.to_ascii_uppercase()
                })
            );
        }
        assert_eq!(
            parse("00A101-T220"),
            Err(IdentityError::MisplacedLetter { letter: 'A' })
        );
        assert_eq!(
            parse("000101-2T20"),
            Err(IdentityError::MisplacedLetter { letter: 'T' })
        );
        assert_eq!(parse("000101-T221"), Err(IdentityError::ChecksumMismatch));
    }

    #[test]
    fn empty_input() {
        assert_eq!(parse(""), Err(IdentityError::Empty));
        assert_eq!(parse("  \t\n"), Err(IdentityError::Empty));
        assert_eq!(
            IdentityNumber::parse_long_form(""),
            Err(IdentityError::Empty)
        );
    }

    #[test]
    fn garbage_input() {
        assert_eq!(parse("hej"), Err(IdentityError::WrongLength { found: 3 }));
        assert_eq!(
            parse("abcdef-ghij"),
            Err(IdentityError::MisplacedLetter { letter: 'A' })
        );
        assert_eq!(parse("19090527 1474"), Err(IdentityError::ContainsSpace));
        assert_eq!(parse("090527 1474"), Err(IdentityError::ContainsSpace));
        assert_eq!(
            parse("090527–1474"),
            Err(IdentityError::InvalidCharacter { character: '–' })
        );
        assert_eq!(
            parse("090527/1474"),
            Err(IdentityError::InvalidCharacter { character: '/' })
        );
        assert_eq!(
            parse("😀"),
            Err(IdentityError::InvalidCharacter { character: '😀' })
        );
        assert_eq!(parse("1509-162390"), Err(IdentityError::MisplacedSeparator));
        assert_eq!(
            parse("150916--2390"),
            Err(IdentityError::MisplacedSeparator)
        );
        assert_eq!(parse("-"), Err(IdentityError::MisplacedSeparator));
        assert_eq!(
            parse("15091623"),
            Err(IdentityError::WrongLength { found: 8 })
        );
        assert_eq!(
            parse("150916239015091623901509"),
            Err(IdentityError::WrongLength { found: 24 })
        );
        assert_eq!(parse("201509160006"), Err(IdentityError::ZeroSerial));
        assert_eq!(parse("20150916-2391"), Err(IdentityError::ChecksumMismatch));
        assert!(matches!(
            parse("151316-2390"),
            Err(IdentityError::InvalidDate { .. })
        ));
        assert!(matches!(
            parse("150900-2390"),
            Err(IdentityError::InvalidDate { .. })
        ));
        // Surrounding whitespace is fine.
        assert_eq!(valid("  150916-2390\n").format_long(), "20150916-2390");
    }

    #[test]
    fn messages_are_swedish_and_say_what_to_do() {
        assert_eq!(
            IdentityError::ChecksumMismatch.to_string(),
            "Kontrollsiffran stämmer inte. Kontrollera att personnumret är rätt skrivet."
        );
        assert_eq!(
            IdentityError::WrongLength { found: 8 }.to_string(),
            "Personnumret ska ha 10 eller 12 siffror, till exempel 20150916-2390 eller 150916-2390. Det angivna numret har 8."
        );
        let message = parse("151331-2390").unwrap_err().to_string();
        assert_eq!(
            message,
            "Ogiltigt datum i personnumret: månad 13 finns inte. Kontrollera år, månad och dag."
        );
        let message = parse("150931-2390").unwrap_err().to_string();
        assert_eq!(
            message,
            "Ogiltigt datum i personnumret: 2015-09-31 finns inte. Kontrollera år, månad och dag."
        );
        // Every example number in the messages is itself valid.
        assert_eq!(valid("20150916-2390").format_short(TODAY), "150916-2390");
        assert_eq!(valid("20000101-T220").kind(), IdentityKind::Reservnummer);
    }

    #[test]
    fn formats() {
        let number = valid("090527+1474");
        assert_eq!(number.format_long(), "19090527-1474");
        assert_eq!(number.format_digits_long(), "190905271474");
        assert_eq!(number.format_short(TODAY), "090527+1474");
        assert_eq!(number.format_short(date(2009, 5, 26)), "090527-1474");
        assert_eq!(number.to_string(), "19090527-1474");
        assert_eq!(format!("{number:?}"), "IdentityNumber(19090527-1474)");
        assert_eq!(number.gender(), Gender::Male);
        assert_eq!(number.kind(), IdentityKind::Personnummer);
    }

    #[test]
    fn long_form_needs_no_date() {
        let number = IdentityNumber::parse_long_form("19090527-1474").unwrap();
        assert_eq!(number, valid("090527+1474"));
        assert_eq!(IdentityNumber::parse_long_form("190905271474"), Ok(number));
        assert_eq!(
            IdentityNumber::parse_long_form("090527+1474"),
            Err(IdentityError::NotLongForm)
        );
        assert_eq!(
            IdentityNumber::parse_long_form("19090527+1474"),
            Err(IdentityError::NotLongForm)
        );
        assert_eq!(
            IdentityNumber::parse_long_form("0905271474"),
            Err(IdentityError::NotLongForm)
        );
    }

    #[test]
    fn serde_uses_the_long_form() {
        let number = valid("000101-T220");
        let json = serde_json::to_string(&number).unwrap();
        assert_eq!(json, "\"20000101-T220\"");
        let back: IdentityNumber = serde_json::from_str(&json).unwrap();
        assert_eq!(back, number);
        assert!(serde_json::from_str::<IdentityNumber>("\"20000101-T221\"").is_err());
        assert!(serde_json::from_str::<IdentityNumber>("\"000101-T220\"").is_err());
        assert_eq!(
            serde_json::to_string(&IdentityKind::Samordningsnummer).unwrap(),
            "\"samordningsnummer\""
        );
    }

    /// A generated number, born in the years 2100–2999 so that it cannot
    /// belong to anyone, in long form with a correct check digit.
    fn generated_number() -> impl Strategy<Value = String> {
        (
            2100i16..=2999,
            1i8..=12,
            1i8..=31,
            0u8..3,
            0usize..RESERVE_LETTERS.len(),
            1u16..=999,
        )
            .prop_filter_map("a real date", |(year, month, day, kind, letter, serial)| {
                Date::new(year, month, day).ok()?;
                let written_day = if kind == 1 { day + 60 } else { day };
                let serial = if kind == 2 {
                    format!("{}{:02}", RESERVE_LETTERS[letter], serial % 100)
                } else {
                    format!("{serial:03}")
                };
                let short = format!("{:02}{month:02}{written_day:02}{serial}", year % 100);
                let mut digits = [0i32; 9];
                for (slot, byte) in digits.iter_mut().zip(short.bytes()) {
                    *slot = if byte.is_ascii_digit() {
                        i32::from(byte - b'0')
                    } else {
                        1
                    };
                }
                let check = luhn_check_digit(&digits);
                Some(format!("{year}{month:02}{written_day:02}-{serial}{check}"))
            })
    }

    proptest! {
        #[test]
        fn a_made_reservnummer_parses_back_and_is_never_a_personnummer(
            days in 0i64..(120 * 366),
            letter in 0usize..40,
            digits in 0u8..=255,
        ) {
            let born = date(1920, 1, 1).checked_add(jiff::Span::new().days(days)).unwrap();
            let number = IdentityNumber::reservnummer(born, letter, digits).unwrap();
            let text = number.format_long();
            prop_assert_eq!(IdentityNumber::parse_long_form(&text), Ok(number));
            prop_assert_eq!(number.kind(), IdentityKind::Reservnummer);
            prop_assert_eq!(number.birth_date(), born);
            let gender = if (digits % 100) % 2 == 1 { Gender::Male } else { Gender::Female };
            prop_assert_eq!(number.gender(), gender);
            // The letter stands right after the separator.
            prop_assert!(RESERVE_LETTERS.contains(&char::from(text.as_bytes()[9])));
        }
    }

    proptest! {
        #[test]
        fn long_form_round_trips(text in generated_number()) {
            let number = IdentityNumber::parse_long_form(&text).unwrap();
            prop_assert_eq!(number.format_long(), text.clone());
            prop_assert_eq!(IdentityNumber::parse_long_form(&number.format_long()), Ok(number));
            prop_assert_eq!(
                IdentityNumber::parse_long_form(&number.format_digits_long()),
                Ok(number)
            );
            let json = serde_json::to_string(&number).unwrap();
            prop_assert_eq!(serde_json::from_str::<IdentityNumber>(&json).unwrap(), number);
        }

        #[test]
        fn short_form_round_trips_within_two_centuries(
            text in generated_number(),
            years in 0i16..200,
            days in 0i64..365,
        ) {
            let number = IdentityNumber::parse_long_form(&text).unwrap();
            let today = number
                .birth_date()
                .checked_add(jiff::Span::new().years(years).days(days))
                .unwrap();
            let short = number.format_short(today);
            prop_assert_eq!(IdentityNumber::parse(&short, today), Ok(number));
            prop_assert_eq!(IdentityNumber::parse(&text, today), Ok(number));
        }

        #[test]
        fn changing_one_digit_is_always_caught(
            text in generated_number(),
            position in 0usize..10,
            replacement in 0u8..10,
        ) {
            // Positions of the 10-character short form within `YYYYMMDD-NNNN`.
            const POSITIONS: [usize; 10] = [2, 3, 4, 5, 6, 7, 9, 10, 11, 12];
            let mut bytes = text.clone().into_bytes();
            let index = POSITIONS[position];
            let replacement = b'0' + replacement;
            prop_assume!(bytes[index].is_ascii_digit() && bytes[index] != replacement);
            bytes[index] = replacement;
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(
                IdentityNumber::parse_long_form(&changed).is_err(),
                "{} accepted after changing {}", changed, text
            );
        }
    }
}
