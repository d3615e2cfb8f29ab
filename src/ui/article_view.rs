//! The article text with claim highlights: select text to make a claim, click a highlight
//! to select its claim.
//!
//! Speed: the plain text is laid out once per (text, wrap width, size, theme) and the same
//! `Arc<Galley>` handed back to the `TextEdit` every frame; highlights are never baked into
//! the layout but painted as translucent rectangles behind the visible rows only, found by
//! binary search in our own row index.

use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{
    Align, Galley, Id, Pos2, Rect, ScrollArea, Shape, Stroke, TextBuffer, TextEdit, Ui, Vec2,
};

use crate::model::{AnchorState, ArticleId, CharRange, Claim};
use crate::ui::Action;
use crate::ui::theme;

/// One highlight: a claim's range and its nesting level among overlapping claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    range: CharRange,
    /// Index into the claims slice given to [`ArticleView::set_claims`].
    claim: usize,
    /// 0 for a claim that overlaps no earlier one; 1, 2, … for nested/overlapping ones.
    level: u8,
}

#[derive(Debug)]
struct Layout {
    galley: Arc<Galley>,
    wrap_width: f32,
    text_size: f32,
    /// The theme's text colour the galley was laid out with.
    text_color: egui::Color32,
    /// First char of every galley row, plus the total at the end.
    row_starts: Vec<usize>,
    /// The font atlas's fill ratio when last used: a drop means the atlas was cleared.
    atlas_fill: f32,
    /// A one-word galley from egui's own cache, laid out with ours: egui clears that cache
    /// whenever galleys stop matching the font atlas (cleared, rebuilt for a font found on
    /// the system, new options), so a different one back means ours is stale too.
    probe: Arc<Galley>,
}

/// State of the article view that outlives a frame.
#[derive(Debug, Default)]
pub struct ArticleView {
    article_id: ArticleId,
    body: String,
    layout: Option<Layout>,
    spans: Vec<Span>,
    /// The last non-empty selection, kept while focus moves to a button.
    pub selection: Option<CharRange>,
    scroll_to: Option<CharRange>,
    flash: Option<(usize, f64)>,
    last_click: Option<(usize, usize)>,
    galley_pos: Pos2,
    /// The suggestions outlined, in text order, each with whose words it is.
    suggested: Vec<(CharRange, String)>,
    suggested_selected: Option<CharRange>,
}

/// `Id` of the article `TextEdit` (keyboard shortcuts still work while it has focus).
pub fn text_id() -> Id {
    Id::unique("factdesk-article-text")
}

impl ArticleView {
    /// Shows another article (or the same one with new text).
    pub fn set_article(&mut self, article_id: &ArticleId, body: &str) {
        if self.article_id != *article_id || self.body != body {
            self.article_id = article_id.clone();
            self.body = body.to_owned();
            self.layout = None;
            self.selection = None;
            self.last_click = None;
        }
    }

    /// The id of the article shown.
    pub fn article_id(&self) -> &str {
        &self.article_id
    }

    /// The text shown.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The assistant's suggestions to outline (dashed), in text order, each with whose words
    /// it is (shown on hover, and over the selected one).
    pub fn set_suggestions(
        &mut self,
        ranges: Vec<(CharRange, String)>,
        selected: Option<CharRange>,
    ) {
        self.suggested = ranges;
        self.suggested_selected = selected;
    }

    /// Scrolls to `range` on the next frame.
    pub fn scroll_to_range(&mut self, range: CharRange) {
        self.scroll_to = Some(range);
    }

    /// Rebuilds the highlight spans after the claims changed (O(n log n)). Only claims
    /// anchored in `current_revision` are drawn: offsets into another text mean nothing here.
    pub fn set_claims(&mut self, claims: &[Claim], current_revision: &str) {
        let mut spans: Vec<Span> = claims
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.anchor_state != AnchorState::Orphaned && c.revision_id == current_revision
            })
            .map(|(i, c)| Span {
                range: c.anchor.range,
                claim: i,
                level: 0,
            })
            .collect();
        spans.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end)));
        // Greedy interval colouring: each span takes the lowest level free at its start.
        let mut level_ends: Vec<usize> = Vec::new();
        for span in &mut spans {
            let free = level_ends.iter().position(|end| *end <= span.range.start);
            let level = match free {
                Some(l) => l,
                None => {
                    level_ends.push(0);
                    level_ends.len() - 1
                }
            };
            if let Some(end) = level_ends.get_mut(level) {
                *end = span.range.end;
            }
            span.level = u8::try_from(level).unwrap_or(u8::MAX);
        }
        self.spans = spans;
        self.last_click = None;
    }

    /// Scrolls to `range` and flashes `claim` on the next frame.
    pub fn reveal(&mut self, range: CharRange, claim: usize, now: f64) {
        self.scroll_to = Some(range);
        self.flash = Some((claim, now));
    }

    /// Draws the article. Returns what the user asked for.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        claims: &[Claim],
        selected: Option<usize>,
        text_size: f32,
        dark: bool,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let now = ui.input(|i| i.time);
        ScrollArea::vertical()
            .id_salt("article-scroll")
            .auto_shrink(false)
            .show(ui, |ui| {
                let background = ui.painter().add(Shape::Noop);
                let Self {
                    body,
                    layout,
                    spans,
                    selection,
                    scroll_to,
                    flash,
                    last_click,
                    galley_pos: last_galley_pos,
                    suggested,
                    suggested_selected,
                    ..
                } = self;
                let text_color = theme::article_text(dark);
                let mut layouter =
                    |ui: &Ui, buf: &dyn TextBuffer, wrap_width: f32| -> Arc<Galley> {
                        // A galley points into the font atlas; when egui clears the atlas (it
                        // filled up, or the fonts or scale changed) its fill ratio drops, and our
                        // galley must be laid out again like egui's own cached ones.
                        let fill = atlas_fill(ui);
                        let probe = ui.fonts_mut(|f| {
                            f.layout_no_wrap(
                                "factdesk".to_owned(),
                                theme::article_font(text_size),
                                text_color,
                            )
                        });
                        let pixels_per_point = ui.ctx().pixels_per_point();
                        if let Some(l) = layout.as_mut()
                            && Arc::ptr_eq(&l.probe, &probe)
                            && (l.wrap_width - wrap_width).abs() < 0.5
                            && (l.text_size - text_size).abs() < f32::EPSILON
                            && l.text_color == text_color
                            && (l.galley.pixels_per_point - pixels_per_point).abs() < f32::EPSILON
                            && fill >= l.atlas_fill
                        {
                            l.atlas_fill = fill;
                            return Arc::clone(&l.galley);
                        }
                        let job = LayoutJob::simple(
                            buf.as_str().to_owned(),
                            theme::article_font(text_size),
                            text_color,
                            wrap_width,
                        );
                        let galley = ui.fonts_mut(|f| f.layout_job(job));
                        *layout = Some(Layout {
                            atlas_fill: atlas_fill(ui),
                            probe,
                            row_starts: row_starts(&galley),
                            galley: Arc::clone(&galley),
                            wrap_width,
                            text_size,
                            text_color,
                        });
                        galley
                    };
                let mut text: &str = body.as_str();
                let output = TextEdit::multiline(&mut text)
                    .id(text_id())
                    .layouter(&mut layouter)
                    .frame(egui::Frame::NONE)
                    .desired_width(f32::INFINITY)
                    .show(ui);
                let Some(layout) = layout.as_ref() else {
                    return;
                };
                let galley_pos = output.galley_pos;
                *last_galley_pos = galley_pos;

                // Remember the selection (TextEdit reports it only while focused).
                if let Some(range) = output.cursor_range {
                    let (a, b) = (range.primary.index.0, range.secondary.index.0);
                    if a == b {
                        if output.response.has_focus() && output.response.clicked() {
                            *selection = None;
                        }
                    } else {
                        *selection = Some(CharRange::new(a.min(b), a.max(b)));
                    }
                }

                // Click on a highlight: the shortest claim there; clicking again cycles.
                if output.response.clicked()
                    && let Some(pointer) = output.response.interact_pointer_pos()
                {
                    let at = layout.galley.cursor_from_pos(pointer - galley_pos).index.0;
                    let mut here: Vec<&Span> = spans
                        .iter()
                        .filter(|s| s.range.start <= at && at < s.range.end)
                        .collect();
                    here.sort_by_key(|s| (s.range.len(), s.range.start));
                    if !here.is_empty() {
                        let nth = match *last_click {
                            Some((pos, n)) if pos == at => (n + 1) % here.len(),
                            _ => 0,
                        };
                        *last_click = Some((at, nth));
                        if let Some(span) = here.get(nth)
                            && let Some(claim) = claims.get(span.claim)
                        {
                            actions.push(Action::SelectClaim(Some(claim.id.clone())));
                        }
                    } else {
                        *last_click = None;
                    }
                }

                output.response.context_menu(|ui| {
                    let label = "Create claim from selection";
                    if ui
                        .add_enabled(selection.is_some(), egui::Button::new(label))
                        .clicked()
                        && let Some(range) = *selection
                    {
                        actions.push(Action::CreateClaim(range));
                        ui.close();
                    }
                });

                if let Some(range) = scroll_to.take() {
                    let rect = char_rect(layout, range.start).translate(galley_pos.to_vec2());
                    ui.scroll_to_rect(rect, Some(Align::Center));
                }

                let flashing = flash.filter(|(_, start)| now - start < 1.2);
                if flashing.is_some() {
                    ui.ctx().request_repaint();
                } else {
                    *flash = None;
                }
                // Whose words a dashed outline is: on hover, and over the selected one.
                let hovered_suggestion = output
                    .response
                    .hover_pos()
                    .map(|p| layout.galley.cursor_from_pos(p - galley_pos).index.0)
                    .and_then(|at| {
                        suggested
                            .iter()
                            .filter(|(r, _)| r.start <= at && at < r.end)
                            .min_by_key(|(r, _)| r.len())
                    })
                    .map(|(_, who)| who.clone());
                let mut shapes = highlight_shapes(
                    layout,
                    galley_pos,
                    ui.clip_rect(),
                    spans,
                    claims,
                    selected,
                    flashing.map(|(c, start)| (c, now - start)),
                    dark,
                );
                shapes.extend(suggestion_shapes(
                    layout,
                    galley_pos,
                    ui.clip_rect(),
                    suggested,
                    *suggested_selected,
                    dark,
                ));
                ui.painter().set(background, Shape::Vec(shapes));
                if let Some(range) = *suggested_selected
                    && let Some((_, who)) = suggested.iter().find(|(r, _)| *r == range)
                {
                    selected_suggestion_tag(ui, layout, galley_pos, range, who, dark);
                }
                if let Some(who) = hovered_suggestion {
                    output
                        .response
                        .response
                        .clone()
                        .on_hover_text_at_pointer(who);
                }
            });
        actions
    }
}

/// How full egui's font atlas is (0‥1).
#[expect(
    clippy::redundant_closure_for_method_calls,
    reason = "the method path does not satisfy the closure's higher-ranked lifetime"
)]
fn atlas_fill(ui: &Ui) -> f32 {
    ui.fonts(|f| f.font_atlas_fill_ratio())
}

/// First char of every row of `galley`, plus the total char count at the end.
fn row_starts(galley: &Galley) -> Vec<usize> {
    let mut starts = Vec::with_capacity(galley.rows.len() + 1);
    let mut at = 0;
    for row in &galley.rows {
        starts.push(at);
        at += row.char_count_including_newline().0;
    }
    starts.push(at);
    starts
}

/// Row holding char `pos` (the last row for the end of the text).
fn row_of(layout: &Layout, pos: usize) -> usize {
    layout
        .row_starts
        .partition_point(|start| *start <= pos)
        .saturating_sub(1)
        .min(layout.galley.rows.len().saturating_sub(1))
}

/// Rectangle (galley coordinates) of the char at `pos`.
fn char_rect(layout: &Layout, pos: usize) -> Rect {
    let row_index = row_of(layout, pos);
    let Some(row) = layout.galley.rows.get(row_index) else {
        return Rect::NOTHING;
    };
    let column = pos
        - layout
            .row_starts
            .get(row_index)
            .copied()
            .unwrap_or_default();
    let x = row.pos.x + row.row.x_offset(egui::text::CharIndex(column));
    Rect::from_min_size(Pos2::new(x, row.pos.y), Vec2::new(1.0, row.row.height()))
}

#[expect(
    clippy::too_many_arguments,
    reason = "one drawing pass over the frame's inputs"
)]
fn highlight_shapes(
    layout: &Layout,
    origin: Pos2,
    clip: Rect,
    spans: &[Span],
    claims: &[Claim],
    selected: Option<usize>,
    flash: Option<(usize, f64)>,
    dark: bool,
) -> Vec<Shape> {
    let Some(visible) = visible_chars(layout, origin, clip) else {
        return Vec::new();
    };
    let mut shapes = Vec::new();
    let mut emphasised = Vec::new();
    for span in spans.iter().take_while(|s| s.range.start < visible.end) {
        if span.range.end <= visible.start {
            continue;
        }
        let Some(claim) = claims.get(span.claim) else {
            continue;
        };
        let is_selected = selected == Some(span.claim);
        let flash_alpha = flash
            .filter(|(c, _)| *c == span.claim)
            .map(|(_, t)| (t * std::f64::consts::TAU * 1.5).sin().abs() as f32);
        // A claim whose words changed waits for re-check: its old verdict's colour would
        // say more than is known, so it gets the re-check fill and a dashed underline.
        let recheck = claim.anchor_state == AnchorState::QuoteChanged;
        let fill = if recheck {
            theme::recheck_fill(is_selected, dark)
        } else {
            theme::highlight_fill(claim.status, is_selected, dark)
        };
        // The flash pulses the fill between half and full strength: never stronger, so the
        // text on it keeps its contrast.
        let fill = flash_alpha.map_or(fill, |a| fill.gamma_multiply(0.5 + a / 2.0));
        let underline = theme::status_color(claim.status);
        let from = span.range.start.max(visible.start);
        let to = span.range.end.min(visible.end);
        for rect in range_rects(layout, from, to) {
            let rect = rect.translate(origin.to_vec2());
            shapes.push(Shape::rect_filled(rect, 2.0, fill));
            if recheck {
                let y = rect.max.y - 0.5;
                shapes.extend(Shape::dashed_line(
                    &[Pos2::new(rect.min.x, y), Pos2::new(rect.max.x, y)],
                    Stroke::new(2.0, theme::WARNING),
                    5.0,
                    3.0,
                ));
            }
            if span.level > 0 {
                // Overlapping claims get their own underline below the row.
                let y = rect.max.y - 1.0 - 2.5 * f32::from(span.level - 1);
                shapes.push(Shape::line_segment(
                    [Pos2::new(rect.min.x, y), Pos2::new(rect.max.x, y)],
                    Stroke::new(2.0, underline),
                ));
            }
            if is_selected {
                emphasised.push(Shape::rect_stroke(
                    rect,
                    2.0,
                    theme::selected_stroke(dark),
                    egui::StrokeKind::Outside,
                ));
            }
        }
    }
    shapes.extend(emphasised);
    shapes
}

/// The chars of the rows inside `clip` (binary search on the rows' y positions).
fn visible_chars(layout: &Layout, origin: Pos2, clip: Rect) -> Option<CharRange> {
    let rows = &layout.galley.rows;
    if rows.is_empty() {
        return None;
    }
    let first = rows
        .partition_point(|r| origin.y + r.pos.y + r.row.height() < clip.min.y)
        .min(rows.len() - 1);
    let last = rows
        .partition_point(|r| origin.y + r.pos.y <= clip.max.y)
        .max(first + 1);
    Some(CharRange::new(
        layout.row_starts.get(first).copied().unwrap_or_default(),
        layout.row_starts.get(last).copied().unwrap_or_default(),
    ))
}

/// A small tag above the selected suggestion's first row, saying whose words it is.
fn selected_suggestion_tag(
    ui: &Ui,
    layout: &Layout,
    origin: Pos2,
    range: CharRange,
    who: &str,
    dark: bool,
) {
    let Some(first) = range_rects(layout, range.start, range.end)
        .into_iter()
        .next()
    else {
        return;
    };
    let first = first.translate(origin.to_vec2());
    // The tag says whose words in short ("quote by Maria Lind"); the hover says the rest.
    let short = who
        .trim_start_matches("Suggested ")
        .split(" · ")
        .next()
        .unwrap_or(who);
    let galley = ui.painter().layout_no_wrap(
        short.to_owned(),
        egui::TextStyle::Small.resolve(ui.style()),
        theme::suggestion_tag_text(dark),
    );
    let size = galley.size() + Vec2::new(8.0, 2.0);
    // Above the first row, kept inside the text's column.
    let clip = ui.clip_rect();
    let x = first.min.x.min(clip.max.x - size.x).max(clip.min.x);
    let rect = Rect::from_min_size(Pos2::new(x, first.min.y - size.y - 1.0), size);
    if !ui.clip_rect().intersects(rect) {
        return;
    }
    ui.painter()
        .rect_filled(rect, 3.0, theme::suggestion_stroke(dark));
    ui.painter().galley(
        rect.min + Vec2::new(4.0, 1.0),
        galley,
        theme::suggestion_tag_text(dark),
    );
}

/// Dashed outlines of the suggestions in view; the selected one drawn thicker.
fn suggestion_shapes(
    layout: &Layout,
    origin: Pos2,
    clip: Rect,
    ranges: &[(CharRange, String)],
    selected: Option<CharRange>,
    dark: bool,
) -> Vec<Shape> {
    let Some(CharRange {
        start: from,
        end: to,
    }) = visible_chars(layout, origin, clip)
    else {
        return Vec::new();
    };
    let mut shapes = Vec::new();
    let start = ranges.partition_point(|(r, _)| r.end <= from);
    for (range, _) in ranges.iter().skip(start) {
        if range.start >= to {
            break;
        }
        let width = if selected == Some(*range) { 2.0 } else { 1.0 };
        let stroke = Stroke::new(width, theme::suggestion_stroke(dark));
        for rect in range_rects(layout, range.start.max(from), range.end.min(to)) {
            let r = rect.translate(origin.to_vec2()).expand(1.0);
            let path = [
                r.left_top(),
                r.right_top(),
                r.right_bottom(),
                r.left_bottom(),
                r.left_top(),
            ];
            shapes.extend(Shape::dashed_line(&path, stroke, 4.0, 3.0));
        }
    }
    shapes
}

/// Rectangles (galley coordinates) covering chars `[from, to)`, one per row.
fn range_rects(layout: &Layout, from: usize, to: usize) -> Vec<Rect> {
    let mut out = Vec::new();
    if to <= from {
        return out;
    }
    let first = row_of(layout, from);
    let last = row_of(layout, to.saturating_sub(1));
    for index in first..=last {
        let (Some(row), Some(start)) =
            (layout.galley.rows.get(index), layout.row_starts.get(index))
        else {
            break;
        };
        let row_chars = row.row.char_count_excluding_newline().0;
        let a = from.saturating_sub(*start).min(row_chars);
        let b = (to - start).min(row_chars);
        if b <= a && index != first {
            continue;
        }
        let x0 = row.pos.x + row.row.x_offset(egui::text::CharIndex(a));
        let x1 = row.pos.x + row.row.x_offset(egui::text::CharIndex(b));
        out.push(Rect::from_min_max(
            Pos2::new(x0, row.pos.y),
            Pos2::new(x1.max(x0 + 2.0), row.pos.y + row.row.height()),
        ));
    }
    out
}

impl ArticleView {
    /// Screen position of the middle of char `pos` as last drawn (tests drive the mouse
    /// with it); `None` before the first frame.
    pub fn char_screen_pos(&self, pos: usize) -> Option<Pos2> {
        let layout = self.layout.as_ref()?;
        let rect = char_rect(layout, pos).translate(self.galley_pos.to_vec2());
        Some(Pos2::new(rect.min.x + 1.0, rect.center().y))
    }
}
