//! Help → About: the version and build (`crate::VERSION`), what factdesk is, its licence,
//! and the folder where it keeps its own files. It shows; it changes nothing.

/// The About window, while `open`.
pub(crate) fn about_ui(ctx: &egui::Context, open: &mut bool) {
    if !*open {
        return;
    }
    egui::Window::new("About factdesk")
        .open(open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.heading("factdesk");
            ui.label(format!("Version {}", crate::VERSION));
            ui.label(env!("CARGO_PKG_DESCRIPTION"));
            ui.label(format!("Licence: {}", env!("CARGO_PKG_LICENSE")));
            if let Some(dir) = crate::files::data_dir() {
                ui.label(format!("Data folder: {}", dir.display()));
            }
        });
}
