//! How the app's screens are shown on this computer: the reviewer's text size and whether the
//! sidebar is shown. Kept with the app's other small files (the recent list) in the app's
//! folder, never in a review: it belongs to the machine and the person at it, not the case.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::Session;
use crate::error::{Error, Result};

const DISPLAY_FILE: &str = "display.json";

/// The text sizes offered, as a factor of the normal size (Ctrl + and Ctrl − step through them).
pub const TEXT_SIZES: [f64; 8] = [0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0];

/// The screen settings remembered on this computer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct DisplaySettings {
    /// The text size, one of [`TEXT_SIZES`] (1 is normal).
    pub text_size: f64,
    /// Whether the sidebar of views is shown.
    pub sidebar: bool,
}

impl Default for DisplaySettings {
    fn default() -> Self {
        DisplaySettings {
            text_size: 1.0,
            sidebar: true,
        }
    }
}

/// The offered text size nearest to `size` (junk and sizes out of range read as the nearest
/// offered, a size that is not a number as normal).
pub fn nearest_text_size(size: f64) -> f64 {
    if !size.is_finite() || size <= 0.0 {
        return 1.0;
    }
    TEXT_SIZES
        .iter()
        .copied()
        .min_by(|a, b| (a - size).abs().total_cmp(&(b - size).abs()))
        .unwrap_or(1.0)
}

impl Session {
    /// The screen settings remembered on this computer (the defaults when none are, or the
    /// file is damaged: it is rewritten at the next change).
    pub fn display_settings(&self) -> DisplaySettings {
        // A session with no app folder (the command line's) remembers nothing.
        let mut settings: DisplaySettings = self
            .app_dir()
            .and_then(|dir| std::fs::read_to_string(dir.join(DISPLAY_FILE)).ok())
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        settings.text_size = nearest_text_size(settings.text_size);
        settings
    }

    /// Remembers the screen settings on this computer; returns them as kept (the text size
    /// moved to the nearest offered).
    pub fn set_display_settings(&self, settings: DisplaySettings) -> Result<DisplaySettings> {
        let kept = DisplaySettings {
            text_size: nearest_text_size(settings.text_size),
            sidebar: settings.sidebar,
        };
        let Some(dir) = self.app_dir() else {
            return Ok(kept);
        };
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        crate::files::write_atomically(
            &dir.join(DISPLAY_FILE),
            serde_json::to_string_pretty(&kept)?.as_bytes(),
        )?;
        Ok(kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_remembered_per_app_folder_and_junk_reads_as_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let session = Session::new(dir.path().join("app"));
        assert_eq!(session.display_settings(), DisplaySettings::default());
        let kept = session
            .set_display_settings(DisplaySettings {
                text_size: 1.3,
                sidebar: false,
            })
            .unwrap();
        assert_eq!(kept.text_size, 1.25, "moved to the nearest offered size");
        let again = Session::new(dir.path().join("app"));
        assert_eq!(
            again.display_settings(),
            kept,
            "remembered for the next start"
        );
        std::fs::write(dir.path().join("app").join(DISPLAY_FILE), "{not json").unwrap();
        assert_eq!(again.display_settings(), DisplaySettings::default());
        std::fs::write(
            dir.path().join("app").join(DISPLAY_FILE),
            r#"{"text_size": 99, "sidebar": true}"#,
        )
        .unwrap();
        assert_eq!(again.display_settings().text_size, 2.0);
        let other = tempfile::tempdir().unwrap();
        assert_eq!(
            Session::new(other.path().join("app")).display_settings(),
            DisplaySettings::default(),
            "another app folder has its own"
        );
    }

    #[test]
    fn nearest_text_size_handles_what_is_not_a_size() {
        assert_eq!(nearest_text_size(f64::NAN), 1.0);
        assert_eq!(nearest_text_size(-1.0), 1.0);
        assert_eq!(nearest_text_size(0.1), 0.8);
        assert_eq!(nearest_text_size(1.0), 1.0);
    }
}
