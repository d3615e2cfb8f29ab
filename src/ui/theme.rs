//! Colours, spacing and text sizes of the window, in one place. Verdict colours come from
//! [`Status::rgb`], which the HTML report shares.

// The one module allowed to make colours from numbers (clippy.toml bans the constructors
// elsewhere), so every colour of the window has a name here.
#![expect(
    clippy::disallowed_methods,
    reason = "colours are defined here, as the design tokens the rest of the window uses"
)]

use egui::{Color32, FontId, Stroke};

use crate::model::Status;

/// Gap between panel sections.
pub const SECTION_GAP: f32 = 8.0;

/// Width of the article library panel.
pub const LIBRARY_WIDTH: f32 = 250.0;

/// Width of the claims panel.
pub const CLAIMS_WIDTH: f32 = 380.0;

/// Default article text size in points.
pub const DEFAULT_TEXT_SIZE: f32 = 16.0;

/// Default size of the window's other text in points.
pub const DEFAULT_UI_TEXT_SIZE: f32 = 13.0;

/// The range the UI text size setting offers.
pub const UI_TEXT_SIZES: std::ops::RangeInclusive<f32> = 11.0..=20.0;

/// Small text (legend, badges, metadata, history) is this much smaller than the rest, and
/// never below [`MIN_SMALL_TEXT`].
const SMALL_TEXT_STEP: f32 = 2.0;

/// The smallest small text: below 11 px it is hard to read on a laptop.
const MIN_SMALL_TEXT: f32 = 10.5;

/// Default height of the Suggested list (right panel).
pub const SUGGESTED_LIST_HEIGHT: f32 = 100.0;

/// Default height of the claim list (right panel).
pub const CLAIM_LIST_HEIGHT: f32 = 130.0;

/// The least height of a list in the right panel, when resized.
pub const MIN_LIST_HEIGHT: f32 = 48.0;

/// A verdict's solid colour (badges, legend, underlines).
pub fn status_color(status: Status) -> Color32 {
    let [r, g, b] = status.rgb();
    Color32::from_rgb(r, g, b)
}

/// The article text's colour: near black or near white, so it stays readable on every
/// highlight (see [`highlight_fill`]).
pub const fn article_text(dark: bool) -> Color32 {
    if dark {
        Color32::from_gray(235)
    } else {
        Color32::from_gray(18)
    }
}

/// What the article text is painted on: the central panel's fill.
pub fn article_background(dark: bool) -> Color32 {
    if dark {
        egui::Visuals::dark().panel_fill
    } else {
        egui::Visuals::light().panel_fill
    }
}

/// WCAG AA for body text: the least contrast between the article text and any highlight.
pub const MIN_CONTRAST: f32 = 4.5;

/// The translucent fill of a claim highlight: as strong as wanted (stronger when
/// `emphasised`, the selected claim), but never so strong that the article text on it falls
/// below [`MIN_CONTRAST`] (plus a margin for rounding) in the theme.
pub fn highlight_fill(status: Status, emphasised: bool, dark: bool) -> Color32 {
    tinted_fill(status_color(status), emphasised, dark)
}

/// [`highlight_fill`] for any colour.
fn tinted_fill(color: Color32, emphasised: bool, dark: bool) -> Color32 {
    let mut alpha: u8 = match (emphasised, dark) {
        (true, false) => 120,
        (true, true) => 150,
        (false, false) => 60,
        (false, true) => 85,
    };
    let (text, background) = (article_text(dark), article_background(dark));
    loop {
        let fill = color.gamma_multiply_u8(alpha);
        if alpha <= 16 || contrast_ratio(text, over(fill, background)) >= MIN_CONTRAST + 0.2 {
            return fill;
        }
        alpha -= 4;
    }
}

/// The fill of a claim whose words changed and that waits for re-check, whatever its
/// verdict: a verdict's colour there would say more than is known.
pub fn recheck_fill(emphasised: bool, dark: bool) -> Color32 {
    tinted_fill(WARNING, emphasised, dark)
}

/// The colour seen where the premultiplied `fill` is painted over the opaque `background`
/// (egui blends in gamma space: `fill + background × (1 − alpha)`).
pub fn over(fill: Color32, background: Color32) -> Color32 {
    let keep = 1.0 - f32::from(fill.a()) / 255.0;
    let mix = |f: u8, b: u8| {
        let v = f32::from(f) + f32::from(b) * keep;
        // In 0..=255 by construction (premultiplied colours), rounded to a byte.
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "clamped to a byte's range first"
        )]
        let byte = v.round().clamp(0.0, 255.0) as u8;
        byte
    };
    Color32::from_rgb(
        mix(fill.r(), background.r()),
        mix(fill.g(), background.g()),
        mix(fill.b(), background.b()),
    )
}

/// WCAG 2 relative luminance of an sRGB colour.
fn relative_luminance(c: Color32) -> f32 {
    let channel = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// WCAG 2 contrast ratio of two opaque colours (1 to 21).
pub fn contrast_ratio(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Outline of the selected claim's highlight.
pub fn selected_stroke(dark: bool) -> Stroke {
    Stroke::new(2.0, if dark { Color32::WHITE } else { Color32::BLACK })
}

/// Text colour on a verdict badge.
pub fn badge_text(status: Status) -> Color32 {
    let [r, g, b] = status.rgb();
    let luma = 0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b);
    if luma > 150.0 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// Colour of error messages.
pub const ERROR: Color32 = Color32::from_rgb(0xc5, 0x22, 0x1f);

/// Colour of warnings (claims to re-check, orphans).
pub const WARNING: Color32 = Color32::from_rgb(0xb0, 0x60, 0x00);

/// The dashed outline of the claim assistant's suggestions in the text.
pub const fn suggestion_stroke(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x9a, 0xb8, 0xff)
    } else {
        Color32::from_rgb(0x2a, 0x5d, 0xb0)
    }
}

/// Text on the tag over the selected suggestion (its fill is [`suggestion_stroke`]).
pub const fn suggestion_tag_text(dark: bool) -> Color32 {
    if dark { Color32::BLACK } else { Color32::WHITE }
}

/// Plain text of the revisions window's word diff.
pub const fn diff_text(dark: bool) -> Color32 {
    if dark {
        Color32::from_gray(220)
    } else {
        Color32::from_gray(30)
    }
}

/// Words a revision deleted (text and strike-through) in the word diff.
pub const DIFF_DELETED: Color32 = Color32::from_rgb(190, 40, 40);

/// Background of words a revision inserted in the word diff.
pub const DIFF_INSERTED_FILL: Color32 = Color32::from_rgba_unmultiplied_const(60, 170, 80, 70);

/// Underline of words a revision inserted in the word diff.
pub const DIFF_INSERTED_LINE: Color32 = Color32::from_rgb(40, 130, 60);

/// Team status bar: verdicts awaiting sign-off and open conflicts.
pub const TEAM_ATTENTION: Color32 = Color32::from_rgb(0xc0, 0x60, 0x00);

/// Team status dot: online.
pub const TEAM_ONLINE: Color32 = Color32::from_rgb(0x2e, 0x9e, 0x4f);

/// Team status dot: offline or refused.
pub const TEAM_TROUBLE: Color32 = Color32::from_rgb(0xc0, 0x30, 0x30);

/// Team status dot: a sync under way.
pub const TEAM_SYNCING: Color32 = Color32::from_rgb(0x30, 0x70, 0xc0);

/// Team status dot: not connected.
pub const TEAM_OFF: Color32 = Color32::GRAY;

/// The article text's font.
pub fn article_font(size: f32) -> FontId {
    FontId::proportional(size)
}

/// Applies the light or dark theme, and the UI text size (`ui_size` points for body text
/// and buttons; headings and small text scale with it).
pub fn apply(ctx: &egui::Context, dark: bool, ui_size: f32) {
    use egui::{FontFamily, TextStyle};
    ctx.set_theme(if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
    let size = ui_size.clamp(*UI_TEXT_SIZES.start(), *UI_TEXT_SIZES.end());
    let small = (size - SMALL_TEXT_STEP).max(MIN_SMALL_TEXT);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(size * 1.4, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(size, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(size, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(small, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(size - 0.5, FontFamily::Monospace),
            ),
        ]
        .into();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_ratio_matches_wcag_reference_values() {
        assert!((contrast_ratio(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast_ratio(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.01);
        // #777777 on white is the classic 4.48:1, just under AA.
        let gray = contrast_ratio(Color32::from_gray(0x77), Color32::WHITE);
        assert!((gray - 4.48).abs() < 0.02, "{gray}");
    }

    // Issue 17: the selected claim's highlight measured 2.7:1 (light) and 1.7:1 (dark).
    #[test]
    fn article_text_on_every_highlight_meets_wcag_aa_in_both_themes() {
        for dark in [false, true] {
            let text = article_text(dark);
            let background = article_background(dark);
            assert!(contrast_ratio(text, background) >= MIN_CONTRAST);
            for emphasised in [false, true] {
                let mut fills: Vec<(String, Color32)> = Status::ALL
                    .iter()
                    .map(|s| (s.label().to_owned(), highlight_fill(*s, emphasised, dark)))
                    .collect();
                fills.push(("re-check".into(), recheck_fill(emphasised, dark)));
                for (name, fill) in fills {
                    assert!(fill.a() > 0, "{name}: a highlight must show");
                    let seen = over(fill, background);
                    let ratio = contrast_ratio(text, seen);
                    assert!(
                        ratio >= MIN_CONTRAST,
                        "{name} (dark {dark}, selected {emphasised}): {ratio:.2}:1 on {seen:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_selected_highlight_stays_stronger_than_the_others() {
        for dark in [false, true] {
            for status in Status::ALL {
                assert!(
                    highlight_fill(status, true, dark).a()
                        >= highlight_fill(status, false, dark).a()
                );
            }
        }
    }
}
