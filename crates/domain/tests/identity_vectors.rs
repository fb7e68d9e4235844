//! Identity numbers against the test vectors in the repository's `testdata/`
//! (copied from the brief's shared test data):
//! the personnummer test lists and Skatteverket's 41,493 test personnummer.

use std::path::PathBuf;

use jiff::civil::{Date, date};
use serde::Deserialize;
use tillit_domain::catalog::Gender;
use tillit_domain::identity::{IdentityKind, IdentityNumber};

const TODAY: Date = date(2026, 11, 23);

fn testdata(file: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata");
    let path = dir.join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "cannot read test data {}: {error}. The identity vectors live in the \
             repository's testdata/ directory.",
            path.display()
        )
    })
}

fn parse(text: &str) -> Option<IdentityNumber> {
    IdentityNumber::parse(text, TODAY).ok()
}

#[derive(Debug, Deserialize)]
struct Vector {
    long_format: String,
    short_format: String,
    separated_format: String,
    separated_long: String,
    valid: bool,
    #[serde(rename = "type")]
    kind: String,
    #[serde(rename = "isMale")]
    is_male: bool,
    #[serde(rename = "isFemale")]
    is_female: bool,
}

fn kind_of(code: &str) -> IdentityKind {
    match code {
        "ssn" => IdentityKind::Personnummer,
        "con" => IdentityKind::Samordningsnummer,
        "interim" => IdentityKind::Reservnummer,
        other => panic!("unknown type in test vectors: {other}"),
    }
}

/// Checks every entry of a vector file; returns how many entries were checked.
fn check_vector_file(file: &str) -> usize {
    let vectors: Vec<Vector> = serde_json::from_str(&testdata(file))
        .unwrap_or_else(|error| panic!("{file} is not a list of vectors: {error}"));
    assert!(!vectors.is_empty(), "{file} has no vectors");
    for vector in &vectors {
        for text in [
            &vector.long_format,
            &vector.separated_format,
            &vector.separated_long,
            &vector.short_format,
        ] {
            let result = IdentityNumber::parse(text, TODAY);
            assert_eq!(
                result.is_ok(),
                vector.valid,
                "{file}: {text:?} should be {}: {result:?}",
                if vector.valid { "valid" } else { "invalid" }
            );
        }
        if !vector.valid {
            continue;
        }
        assert_eq!(vector.is_male, !vector.is_female, "{file}: {vector:?}");
        let expected_long = format!("{}-{}", &vector.long_format[..8], &vector.long_format[8..]);
        let expected_gender = if vector.is_male {
            Gender::Male
        } else {
            Gender::Female
        };
        for text in [
            &vector.long_format,
            &vector.separated_format,
            &vector.separated_long,
        ] {
            let number = parse(text).unwrap_or_else(|| panic!("{text} is valid"));
            assert_eq!(number.format_long(), expected_long, "{file}: {text}");
            assert_eq!(number.format_digits_long(), vector.long_format, "{file}");
            assert_eq!(number.gender(), expected_gender, "{file}: {text}");
            assert_eq!(number.kind(), kind_of(&vector.kind), "{file}: {text}");
            assert_eq!(number.format_short(TODAY), vector.separated_format);
        }
        let short = parse(&vector.short_format).unwrap_or_else(|| panic!("valid"));
        assert_eq!(short.gender(), expected_gender);
        assert_eq!(short.kind(), kind_of(&vector.kind));
        let stored = IdentityNumber::parse_long_form(&vector.long_format)
            .unwrap_or_else(|error| panic!("{}: {error}", vector.long_format));
        assert_eq!(stored.format_long(), expected_long);
    }
    vectors.len()
}

#[test]
fn personnummer_list() {
    assert_eq!(check_vector_file("personnummer-list.json"), 14);
}

#[test]
fn personnummer_interim() {
    assert_eq!(check_vector_file("personnummer-interim.json"), 12);
}

#[derive(Deserialize)]
struct Lists<T> {
    valid: Vec<T>,
    invalid: Vec<T>,
}

#[derive(Deserialize)]
struct Section {
    integer: Lists<u64>,
    string: Lists<String>,
}

#[test]
fn personnummer_structured() {
    let sections: std::collections::BTreeMap<String, Section> =
        serde_json::from_str(&testdata("personnummer-structured.json"))
            .unwrap_or_else(|error| panic!("personnummer-structured.json: {error}"));
    assert!(sections.contains_key("ssn") && sections.contains_key("con"));
    let mut checked = 0;
    for (kind, section) in &sections {
        let integers = |list: &[u64]| list.iter().map(|n| format!("{n:012}")).collect::<Vec<_>>();
        let valid = section
            .string
            .valid
            .iter()
            .cloned()
            .chain(integers(&section.integer.valid));
        let invalid = section
            .string
            .invalid
            .iter()
            .cloned()
            .chain(integers(&section.integer.invalid));
        for text in valid {
            let number = IdentityNumber::parse(&text, TODAY)
                .unwrap_or_else(|error| panic!("{kind}: {text:?} should be valid: {error}"));
            assert_eq!(number.kind(), kind_of(kind), "{text}");
            checked += 1;
        }
        for text in invalid {
            let result = IdentityNumber::parse(&text, TODAY);
            assert!(
                result.is_err(),
                "{kind}: {text:?} should be invalid: {result:?}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 70);
}

fn skatteverket_numbers() -> Vec<String> {
    let numbers: Vec<String> = testdata("skatteverket-testpersonnummer.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    assert_eq!(
        numbers.len(),
        41_493,
        "the Skatteverket list has 41,493 numbers"
    );
    numbers
}

#[test]
fn all_skatteverket_test_numbers_are_valid() {
    for text in skatteverket_numbers() {
        let number = IdentityNumber::parse(&text, TODAY)
            .unwrap_or_else(|error| panic!("{text} should be valid: {error}"));
        assert_eq!(number.kind(), IdentityKind::Personnummer, "{text}");
        assert_eq!(number.format_digits_long(), text);
        assert_eq!(IdentityNumber::parse_long_form(&text), Ok(number));
        assert_eq!(
            IdentityNumber::parse_long_form(&number.format_long()),
            Ok(number)
        );
        // The short form, with `+` for those over 100, names the same person.
        let short = number.format_short(TODAY);
        assert_eq!(IdentityNumber::parse(&short, TODAY), Ok(number), "{short}");
        let expected_gender = if (text.as_bytes()[10] - b'0') % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        };
        assert_eq!(number.gender(), expected_gender, "{text}");
    }
}

#[test]
fn any_single_digit_change_of_a_skatteverket_number_is_rejected() {
    let mut tried = 0usize;
    for text in skatteverket_numbers() {
        // The ten digits the check digit covers, plus the check digit itself
        // (the century digits are outside the Luhn sum).
        for index in 2..12 {
            for digit in b'0'..=b'9' {
                let mut bytes = text.clone().into_bytes();
                if bytes[index] == digit {
                    continue;
                }
                bytes[index] = digit;
                let changed = String::from_utf8(bytes).unwrap_or_else(|_| unreachable!());
                assert!(
                    IdentityNumber::parse_long_form(&changed).is_err(),
                    "{changed} (changed from {text}) was accepted"
                );
                tried += 1;
            }
        }
    }
    assert_eq!(tried, 41_493 * 10 * 9);
}
