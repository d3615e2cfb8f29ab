//! Colours, spacing and text sizes of the window, in one place. Verdict colours come from
//! [`Status::rgb`], which the HTML report shares.

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

/// A verdict's solid colour (badges, legend, underlines).
pub fn status_color(status: Status) -> Color32 {
    let [r, g, b] = status.rgb();
    Color32::from_rgb(r, g, b)
}

/// The translucent fill of a claim highlight.
pub fn highlight_fill(status: Status, emphasised: bool, dark: bool) -> Color32 {
    let alpha = match (emphasised, dark) {
        (true, false) => 110,
        (true, true) => 140,
        (false, false) => 55,
        (false, true) => 80,
    };
    status_color(status).gamma_multiply_u8(alpha)
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

/// The article text's font.
pub fn article_font(size: f32) -> FontId {
    FontId::proportional(size)
}

/// Applies the light or dark theme.
pub fn apply(ctx: &egui::Context, dark: bool) {
    ctx.set_theme(if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
}
