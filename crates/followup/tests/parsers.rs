//! Every parser of what a person types is total: any string gives a value
//! or a Swedish error, never a panic (`GET /followup?period=2025-%C3%961`
//! once cut a period code inside its `Ö`). Arbitrary strings, and strings
//! shaped like the real codes with multi-byte characters where a parser
//! slices.

use proptest::prelude::*;
use tillit_followup::goals::{
    GoalLevel, GoalStatus, MAX_TARGET_TEXT_CHARS, Perspective, PlanPeriod, Target, check_target,
};
use tillit_followup::manual::{
    MAX_DIGITS, check_figure, measure_unit_code, parse_value, validate_series_code,
};
use tillit_followup::{IndicatorId, MeasureUnit, Period};

/// Characters the codes are made of, and characters that break byte slicing.
fn code_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "2025",
            "1000",
            "9998",
            "0999",
            "-",
            "..",
            ":",
            "R12",
            "T",
            "Q",
            "K",
            "M",
            "H",
            "D",
            "t",
            "1",
            "2",
            "05",
            "13",
            "Ö",
            "é",
            "٣",
            "\u{a0}",
            " ",
            "–",
            "/",
            "2025-03-01",
            "x",
        ]),
        0..6,
    )
    .prop_map(|v| v.concat())
}

/// Strings shaped like figures: digits, separators, signs, exponents.
fn figure_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "0",
            "1",
            "9",
            "12",
            "999999999",
            ",",
            ".",
            "-",
            "−",
            "+",
            "e",
            "E",
            "%",
            " ",
            "\u{a0}",
            "inf",
            "NaN",
            "Ö",
        ]),
        0..12,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn periods_parse_or_say_why(s in any::<String>()) {
        if let Ok(p) = s.parse::<Period>() {
            prop_assert_eq!(p.code().parse::<Period>(), Ok(p));
        }
        let _ = s.parse::<PlanPeriod>();
    }

    #[test]
    fn period_shaped_codes_parse_or_say_why(s in code_like()) {
        match s.parse::<Period>() {
            Ok(p) => {
                prop_assert_eq!(p.code().parse::<Period>(), Ok(p));
                let _ = p.label();
                let _ = p.previous_year();
                let _ = p.months();
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        if let Ok(p) = s.parse::<PlanPeriod>() {
            prop_assert_eq!(p.code().parse::<PlanPeriod>(), Ok(p));
        }
    }

    #[test]
    fn figures_parse_or_say_why(s in prop_oneof![any::<String>(), figure_like()]) {
        match parse_value(&s) {
            Ok(Some(v)) => {
                prop_assert!(v.is_finite());
                // At most MAX_DIGITS digits: far below f64's range.
                prop_assert!(v.abs() < 10f64.powi(MAX_DIGITS as i32));
            }
            Ok(None) => {}
            Err(e) => prop_assert!(e.to_string().chars().count() < 200),
        }
    }

    #[test]
    fn codes_parse_or_not(s in any::<String>()) {
        let _ = IndicatorId::from_code(&s);
        let _ = GoalLevel::from_code(&s);
        let _ = GoalStatus::from_code(&s);
        let _ = Perspective::from_code(&s);
        let _ = measure_unit_code::from_code(&s);
        let _ = validate_series_code(&s);
    }

    #[test]
    fn targets_and_figures_are_checked_whatever_the_number(v in any::<f64>(), text in any::<String>()) {
        for unit in [None, Some(MeasureUnit::Procent), Some(MeasureUnit::Antal), Some(MeasureUnit::Tkr)] {
            let number = check_target("x", unit, &Target::Number(v));
            if number.is_ok() {
                prop_assert!(v.is_finite() && v.abs() <= 1e12);
            }
            let text_ok = check_target("x", unit, &Target::Text(text.clone())).is_ok();
            prop_assert_eq!(
                text_ok,
                !text.trim().is_empty() && text.chars().count() <= MAX_TARGET_TEXT_CHARS
            );
        }
        let _ = check_figure(MeasureUnit::Index, v);
    }
}

#[test]
fn the_reviewed_codes_are_refused_with_a_message() {
    for s in [
        "2025-Ö1",
        "2025-\u{d6}",
        "R12:2025-Ö1",
        "Ö",
        "2025-",
        "2025-é5",
    ] {
        let e = s.parse::<Period>().unwrap_err();
        assert!(e.to_string().contains("Okänd period"), "{s}: {e}");
    }
}
