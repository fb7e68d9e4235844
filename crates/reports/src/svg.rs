//! Charts as SVG, written by hand: the same chart on screen (inline in HTML)
//! and in the PDF (as an image). Missing and suppressed values are gaps,
//! never zeros.

use crate::format;
use crate::html::escape;
use crate::model::{Chart, ChartKind};
use std::fmt::Write;

/// Colours that stay apart for colour-blind readers (Okabe-Ito), darkest
/// first.
const PALETTE: [&str; 5] = ["#0b4f8a", "#d55e00", "#009e73", "#cc79a7", "#e69f00"];

const W: f64 = 640.0;
const H: f64 = 280.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 30.0;

/// A "nice" axis maximum and step for values up to `max`.
fn nice_axis(max: f64) -> (f64, f64) {
    if max <= 0.0 || !max.is_finite() {
        return (1.0, 0.25);
    }
    let raw = max / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    ((max / step).ceil() * step, step)
}

/// The chart as a standalone SVG document. `font` is the CSS font family
/// (the PDF passes its embedded font).
pub fn chart_svg(chart: &Chart, font: &str) -> String {
    let mut s = String::with_capacity(4096);
    let max = chart
        .series
        .iter()
        .flat_map(|se| se.values.iter().flatten())
        .fold(0.0f64, |a, &b| a.max(b));
    let (top, step) = nice_axis(max);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let y = |v: f64| TOP + plot_h - (v / top) * plot_h;
    let n = chart.categories.len().max(1);
    let band = plot_w / n as f64;
    // Writing to a String cannot fail.
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{}" font-family="{}" font-size="11">"#,
        escape(&chart.title),
        escape(font)
    );
    let _ = write!(s, "<title>{}</title>", escape(&chart.title));
    let _ = write!(s, "<desc>{}</desc>", escape(&chart.description));
    let _ = write!(
        s,
        r##"<rect x="0" y="0" width="{W}" height="{H}" fill="#ffffff"/>"##
    );
    // Grid and y labels.
    let mut v = 0.0;
    while v <= top + step / 2.0 {
        let yy = y(v);
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#d0d0d0" stroke-width="0.8"/>"##,
            W - RIGHT
        );
        let decimals = if step.fract() == 0.0 { 0 } else { 1 };
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#333333">{}</text>"##,
            LEFT - 6.0,
            yy + 4.0,
            escape(&format::number(v, decimals))
        );
        v += step;
    }
    let _ = write!(
        s,
        r##"<text x="4" y="{:.1}" fill="#333333">{}</text>"##,
        TOP - 8.0,
        escape(&chart.unit)
    );
    // X labels.
    for (i, c) in chart.categories.iter().enumerate() {
        let x = LEFT + band * (i as f64 + 0.5);
        let _ = write!(
            s,
            r##"<text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="#333333">{}</text>"##,
            H - BOTTOM + 16.0,
            escape(c)
        );
    }
    let k = chart.series.len().max(1);
    match chart.kind {
        ChartKind::Bar => {
            let inner = band * 0.8;
            let bw = inner / k as f64;
            for (si, se) in chart.series.iter().enumerate() {
                let colour = PALETTE[si % PALETTE.len()];
                for (i, val) in se.values.iter().enumerate() {
                    let Some(val) = val else { continue };
                    let x = LEFT + band * i as f64 + band * 0.1 + bw * si as f64;
                    let yy = y(*val);
                    let _ = write!(
                        s,
                        r#"<rect x="{x:.1}" y="{yy:.1}" width="{:.1}" height="{:.1}" fill="{colour}"><title>{}: {}</title></rect>"#,
                        (bw - 1.0).max(1.0),
                        (TOP + plot_h - yy).max(0.0),
                        escape(&se.name),
                        escape(&format::number(
                            *val,
                            if val.fract() == 0.0 { 0 } else { 1 }
                        ))
                    );
                }
            }
        }
        ChartKind::Line => {
            for (si, se) in chart.series.iter().enumerate() {
                let colour = PALETTE[si % PALETTE.len()];
                let dash = if si == 0 {
                    ""
                } else {
                    r#" stroke-dasharray="5 3""#
                };
                // One polyline per run of values; a gap where a value is missing.
                let mut run: Vec<(f64, f64)> = Vec::new();
                let mut runs = Vec::new();
                for (i, val) in se.values.iter().enumerate() {
                    match val {
                        Some(v) => run.push((LEFT + band * (i as f64 + 0.5), y(*v))),
                        None => runs.push(std::mem::take(&mut run)),
                    }
                }
                runs.push(run);
                for r in runs.iter().filter(|r| !r.is_empty()) {
                    let pts: Vec<String> =
                        r.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                    let _ = write!(
                        s,
                        r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>"#,
                        pts.join(" ")
                    );
                    for (x, y) in r {
                        let _ = write!(
                            s,
                            r#"<circle cx="{x:.1}" cy="{y:.1}" r="2.5" fill="{colour}"/>"#
                        );
                    }
                }
            }
        }
    }
    // Axis line.
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#555555" stroke-width="1"/>"##,
        TOP + plot_h,
        W - RIGHT,
        TOP + plot_h
    );
    // Legend.
    let mut lx = LEFT;
    for (si, se) in chart.series.iter().enumerate() {
        let colour = PALETTE[si % PALETTE.len()];
        let _ = write!(
            s,
            r##"<rect x="{lx:.1}" y="8" width="12" height="12" fill="{colour}"/><text x="{:.1}" y="18" fill="#222222">{}</text>"##,
            lx + 16.0,
            escape(&se.name)
        );
        lx += 24.0 + 7.0 * se.name.chars().count() as f64;
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChartSeries;

    #[test]
    fn axes_are_nice() {
        assert_eq!(nice_axis(87.0), (100.0, 25.0));
        assert_eq!(nice_axis(4.0), (4.0, 1.0));
        assert_eq!(nice_axis(0.0), (1.0, 0.25));
    }

    #[test]
    fn gaps_and_escaping() {
        let c = Chart {
            id: "x".into(),
            kind: ChartKind::Line,
            title: "<b>&".into(),
            unit: "antal".into(),
            categories: vec!["jan".into(), "feb".into(), "mar".into()],
            series: vec![ChartSeries {
                name: "2025".into(),
                values: vec![Some(1.0), None, Some(3.0)],
            }],
            description: "d".into(),
        };
        let svg = chart_svg(&c, "sans-serif");
        assert!(svg.contains("&lt;b&gt;&amp;"));
        assert_eq!(svg.matches("<polyline").count(), 2);
    }
}
