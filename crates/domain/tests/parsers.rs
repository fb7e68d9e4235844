//! Every parser of what a person types is total: any string gives a value
//! or an error, never a panic. Arbitrary strings, and strings shaped like
//! the real thing (digits, separators, letters, multi-byte characters in
//! the places a parser slices), with any date as "today".

use jiff::civil::{Date, date};
use proptest::prelude::*;
use tillit_domain::catalog::*;
use tillit_domain::deadline::DeadlineKind;
use tillit_domain::goal::*;
use tillit_domain::identity::IdentityNumber;
use tillit_domain::role::Role;
use tillit_domain::{CaseId, ItemId, PersonId};

/// Any civil date jiff can hold.
fn any_date() -> impl Strategy<Value = Date> {
    (-9999i16..=9999, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| date(y, m, d))
}

/// Strings shaped like identity numbers: digits, the separators, letters
/// (ASCII and Swedish) and a few odd characters, 0-16 long.
fn number_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-', '+', ' ', 'T', 't', 'Ö', 'é',
            '\u{0}', '٣', '\u{a0}', 'A', 'x',
        ]),
        0..16,
    )
    .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn identity_numbers_parse_or_say_why(s in any::<String>(), today in any_date()) {
        let _ = IdentityNumber::parse(&s, today);
        let _ = IdentityNumber::parse_long_form(&s);
    }

    #[test]
    fn number_shaped_strings_parse_or_say_why(s in number_like(), today in any_date()) {
        if let Ok(n) = IdentityNumber::parse(&s, today) {
            // What parses has a valid long form that parses to the same number.
            prop_assert_eq!(IdentityNumber::parse_long_form(&n.format_long()), Ok(n));
        }
        let _ = IdentityNumber::parse_long_form(&s);
    }

    #[test]
    fn codes_and_ids_parse_or_not(s in any::<String>()) {
        let _ = ReporterCategory::from_code(&s);
        let _ = ConcernCategory::from_code(&s);
        let _ = ReportKind::from_code(&s);
        let _ = InterventionKind::from_code(&s);
        let _ = ProviderKind::from_code(&s);
        let _ = InterventionEndReason::from_code(&s);
        let _ = ClosureReason::from_code(&s);
        let _ = Gender::from_code(&s);
        let _ = Role::from_code(&s);
        let _ = DeadlineKind::from_code(&s);
        let _ = s.parse::<CaseId>();
        let _ = s.parse::<ItemId>();
        let _ = s.parse::<PersonId>();
    }

    /// The follow-up vocabulary's codes: any string is a value whose code is
    /// that string, or nothing; a plan period parses or says why.
    #[test]
    fn goal_codes_parse_totally(s in any::<String>()) {
        fn exact<T: Copy>(s: &str, parse: fn(&str) -> Option<T>, code: fn(T) -> &'static str) -> bool {
            parse(s).is_none_or(|v| code(v) == s)
        }
        prop_assert!(exact(&s, GoalLevel::from_code, GoalLevel::code));
        prop_assert!(exact(&s, GoalStatus::from_code, GoalStatus::code));
        prop_assert!(exact(&s, Perspective::from_code, Perspective::code));
        prop_assert!(exact(&s, Direction::from_code, Direction::code));
        prop_assert!(exact(&s, IndicatorSource::from_code, IndicatorSource::code));
        prop_assert!(exact(&s, TargetKind::from_code, TargetKind::code));
        if let Ok(p) = s.parse::<PlanPeriod>() {
            prop_assert_eq!(p.code().parse::<PlanPeriod>(), Ok(p));
        }
        let _ = s.parse::<GoalId>();
    }
}

#[test]
fn odd_identity_numbers_are_refused_with_a_message() {
    let today = date(2026, 3, 10);
    for s in [
        "Ö",
        "20150101-Ö395",
        "٣٣٣٣٣٣-٣٣٣٣",
        "2015010-12395",
        "201501012395Ö",
        "+",
        "-",
        "++++",
        "000000-0000",
        "999999-9999",
        "99999999-9999",
        "00000000-0000",
    ] {
        let e = IdentityNumber::parse(s, today).unwrap_err();
        assert!(!e.to_string().is_empty(), "{s}");
    }
}
