//! What a person search asks for: an identity number, or a name with an
//! optional birth year.
//!
//! The rule, total over every string:
//!
//! 1. The query is cut into words at every character that is not a letter or
//!    a digit. A *name word* has no digit (0-9); a *year* is exactly four
//!    digits from 1900 to 2100; any other word with a digit is a *number
//!    part*.
//! 2. No word at all: nothing is searched ([`PersonQuery::Empty`] for blank
//!    input, a name search that finds no one for punctuation only).
//! 3. At least one name word: a search by name. One year may come with it
//!    ("anna andersson 2015"), and filters on the year of birth; a second
//!    year, a number part or more than [`MAX_NAME_WORDS`] name words is
//!    refused with a message saying why.
//! 4. No name word but digits: an identity number ([`IdentityNumber::parse`],
//!    every written form it accepts), except a year on its own, which is
//!    refused with a message asking for the name too.
//!
//! Every identity number the parser accepts is read as a number: it has no
//! spaces, at most one `-` or `+`, and each of its parts holds a digit (the
//! reservnummer's letter stands next to digits), so it has no name word.

use jiff::civil::Date;

use crate::identity::{IdentityError, IdentityNumber};

/// The most name words a query may have (a name has rarely more than
/// five; every word is a condition of the search).
pub const MAX_NAME_WORDS: usize = 8;

/// The lowest year of birth a query may name.
pub const FIRST_BIRTH_YEAR: i16 = 1900;
/// The highest year of birth a query may name.
pub const LAST_BIRTH_YEAR: i16 = 2100;

/// A parsed person search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PersonQuery {
    /// Blank: no search.
    Empty,
    /// By identity number.
    Number(IdentityNumber),
    /// By name: the name words (joined by spaces, each matched against the
    /// start of a name word), and a year of birth if one was given.
    Name {
        words: String,
        birth_year: Option<i16>,
    },
}

/// Why a query cannot be searched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PersonQueryError {
    /// No name word, and not a valid identity number.
    Number(IdentityError),
    /// A year but no name ("2015").
    YearWithoutName,
    /// More than one year with the name ("andersson 2015 2016").
    SeveralYears,
    /// A name with digits that are not a year ("andersson 15", "anna 20150101").
    NameWithDigits,
    /// More than [`MAX_NAME_WORDS`] name words.
    TooManyWords,
}

impl PersonQuery {
    /// Read a search query as the rule above says. Never panics.
    ///
    /// # Errors
    ///
    /// A [`PersonQueryError`] naming what to correct.
    pub fn parse(input: &str, today: Date) -> Result<Self, PersonQueryError> {
        let text = input.trim();
        if text.is_empty() {
            return Ok(PersonQuery::Empty);
        }
        let mut names: Vec<&str> = Vec::new();
        let mut years: Vec<i16> = Vec::new();
        let mut number_parts = 0usize;
        for word in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if !word.chars().any(|c| c.is_ascii_digit()) {
                names.push(word);
            } else if let Some(year) = birth_year(word) {
                years.push(year);
            } else {
                number_parts += 1;
            }
        }
        if names.is_empty() {
            if years.is_empty() && number_parts == 0 {
                // Punctuation only: a name search that finds no one.
                return Ok(PersonQuery::Name {
                    words: String::new(),
                    birth_year: None,
                });
            }
            if number_parts == 0 {
                return Err(PersonQueryError::YearWithoutName);
            }
            return IdentityNumber::parse(text, today)
                .map(PersonQuery::Number)
                .map_err(PersonQueryError::Number);
        }
        if number_parts > 0 {
            return Err(PersonQueryError::NameWithDigits);
        }
        if years.len() > 1 {
            return Err(PersonQueryError::SeveralYears);
        }
        if names.len() > MAX_NAME_WORDS {
            return Err(PersonQueryError::TooManyWords);
        }
        Ok(PersonQuery::Name {
            words: names.join(" "),
            birth_year: years.first().copied(),
        })
    }
}

/// A word of exactly four ASCII digits naming a year from
/// [`FIRST_BIRTH_YEAR`] to [`LAST_BIRTH_YEAR`].
fn birth_year(word: &str) -> Option<i16> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i16 = word.parse().ok()?;
    (FIRST_BIRTH_YEAR..=LAST_BIRTH_YEAR)
        .contains(&year)
        .then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    const TODAY: Date = date(2026, 11, 23);

    fn parse(q: &str) -> Result<PersonQuery, PersonQueryError> {
        PersonQuery::parse(q, TODAY)
    }

    fn name(words: &str, birth_year: Option<i16>) -> Result<PersonQuery, PersonQueryError> {
        Ok(PersonQuery::Name {
            words: words.into(),
            birth_year,
        })
    }

    #[test]
    fn names_with_and_without_a_birth_year() {
        assert_eq!(parse("Andersson"), name("Andersson", None));
        assert_eq!(parse("  anna  andersson "), name("anna andersson", None));
        assert_eq!(parse("Andersson 2015"), name("Andersson", Some(2015)));
        assert_eq!(
            parse("2015 anna andersson"),
            name("anna andersson", Some(2015))
        );
        assert_eq!(
            parse("Anna-Karin Öström, 1900"),
            name("Anna Karin Öström", Some(1900))
        );
        assert_eq!(parse("lind 2100"), name("lind", Some(2100)));
        assert_eq!(parse("---"), name("", None));
        assert_eq!(parse("   "), Ok(PersonQuery::Empty));
    }

    #[test]
    fn digits_that_are_no_year_are_refused_with_a_name() {
        assert_eq!(parse("lind 1899"), Err(PersonQueryError::NameWithDigits));
        assert_eq!(parse("lind 2101"), Err(PersonQueryError::NameWithDigits));
        assert_eq!(parse("lind 15"), Err(PersonQueryError::NameWithDigits));
        assert_eq!(parse("anna2 lind"), Err(PersonQueryError::NameWithDigits));
        assert_eq!(
            parse("lind 20150101-2395"),
            Err(PersonQueryError::NameWithDigits)
        );
        assert_eq!(parse("lind 2015 2016"), Err(PersonQueryError::SeveralYears));
        assert_eq!(parse("2015"), Err(PersonQueryError::YearWithoutName));
        assert_eq!(parse("2015, 2016"), Err(PersonQueryError::YearWithoutName));
        assert_eq!(parse("a b c d e f g h"), name("a b c d e f g h", None));
        assert_eq!(
            parse("a b c d e f g h i"),
            Err(PersonQueryError::TooManyWords)
        );
    }

    #[test]
    fn every_written_form_of_a_number_is_a_number() {
        for q in [
            "20150101-2395",
            "201501012395",
            "150101-2395",
            "1501012395",
            " 20150101-2395 ",
        ] {
            assert!(matches!(parse(q), Ok(PersonQuery::Number(_))), "{q}");
        }
        let reserve = IdentityNumber::reservnummer(date(2015, 3, 12), 7, 12)
            .unwrap()
            .format_long();
        assert!(
            matches!(parse(&reserve), Ok(PersonQuery::Number(_))),
            "{reserve}"
        );
        // A malformed number keeps the parser's explanation.
        assert!(matches!(
            parse("20150101-2396"),
            Err(PersonQueryError::Number(_))
        ));
        assert!(matches!(parse("1234"), Err(PersonQueryError::Number(_))));
    }

    proptest! {
        #[test]
        fn any_string_gets_an_answer(q in any::<String>()) {
            let _ = parse(&q);
        }

        #[test]
        fn any_mix_of_words_digits_and_separators_gets_an_answer(
            q in "[a-zA-ZåäöÅÄÖ0-9 +,.-]{0,30}"
        ) {
            let parsed = parse(&q);
            // A number the identity parser accepts is always searched as one.
            if let Ok(n) = IdentityNumber::parse(&q, TODAY) {
                prop_assert_eq!(parsed, Ok(PersonQuery::Number(n)));
            } else if let Ok(PersonQuery::Name { words, birth_year }) = parsed {
                prop_assert!(!words.chars().any(|c| c.is_ascii_digit()));
                if let Some(y) = birth_year {
                    prop_assert!((FIRST_BIRTH_YEAR..=LAST_BIRTH_YEAR).contains(&y));
                }
            }
        }

        #[test]
        fn every_written_form_of_a_made_number_is_searched_as_a_number(
            days in 0i64..(100 * 366),
            letter in 0usize..40,
            digits in 0u8..=255,
        ) {
            let born = date(1920, 1, 1).checked_add(jiff::Span::new().days(days)).unwrap();
            let number = IdentityNumber::reservnummer(born, letter, digits).unwrap();
            let long = number.format_long();
            for written in [long.clone(), long.replace('-', ""), long[2..].to_string()] {
                if let Ok(parsed) = IdentityNumber::parse(&written, TODAY) {
                    prop_assert_eq!(parse(&written), Ok(PersonQuery::Number(parsed)));
                }
            }
        }

        #[test]
        fn a_name_with_a_year_filters_on_that_year(
            words in "[a-zåäö]{1,10}( [a-zåäö]{1,10}){0,2}",
            year in 1900i16..=2100,
        ) {
            prop_assert_eq!(
                parse(&format!("{words} {year}")),
                name(&words, Some(year))
            );
        }
    }
}
