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

/// Applies the light or dark theme.
pub fn apply(ctx: &egui::Context, dark: bool) {
    ctx.set_theme(if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
}
