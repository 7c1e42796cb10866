//! Starts the Chronolane desktop app.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    chronolane_desktop::run();
}
