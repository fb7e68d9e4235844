//! A goal title full of HTML and typst syntax renders as plain text.

mod common;

use common::*;
use tillit_reports::*;

const NASTY: &str = r#"<script>alert("x")</script> #set page(fill: red) $x^2$ *fet* _kursiv_ [länk] ]#panic("boom")[ \ // @ref ~ 'citat' & <b>"#;

#[test]
fn a_nasty_goal_title_is_text_in_html_and_pdf() {
    let facts = small_facts();
    let goals = goals(NASTY);
    let mut input = ReportInput::new(&facts);
    input.goals = &goals;
    input.publication = Publication::internal();
    let doc = verksamhetsberattelse(&input, 2025).unwrap();

    let html = String::from_utf8(render_html(&doc).unwrap()).unwrap();
    assert!(!html.contains("<script>"), "no script element");
    assert!(!html.contains("<b>"));
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(html_text(&html).contains(&norm(NASTY)));
    let fragment = render_html_fragment(&doc);
    assert!(!fragment.contains("<script>"));

    // typst compiles it (no markup is read from the title) and prints it.
    let pdf = render_pdf(&doc).unwrap();
    let text = norm(&pdf_text(&pdf));
    for part in [
        "<script>alert(\"x\")</script>",
        "#set page(fill: red)",
        "$x^2$",
        "*fet*",
        "_kursiv_",
        "[länk]",
        "]#panic(\"boom\")[",
        "// @ref ~",
    ] {
        assert!(text.contains(part), "PDF text lacks {part:?}");
    }

    // CSV quotes it; Excel stores it as a string.
    let records = csv_records(&render_csv(&doc).unwrap());
    assert!(
        records
            .iter()
            .flatten()
            .any(|f| f.contains("#set page(fill: red)"))
    );
    let sheets = xlsx_sheets(&render_xlsx(&doc).unwrap());
    assert!(sheets.iter().any(|(_, rows)| {
        rows.iter()
            .flatten()
            .any(|c| matches!(c, calamine::Data::String(s) if s.contains("<script>")))
    }));
}

#[test]
fn typst_strings_escape_quotes_and_backslashes() {
    assert_eq!(
        tillit_reports::pdf::typst_string("a\"b\\c\nd"),
        "\"a\\\"b\\\\c\\nd\""
    );
}
