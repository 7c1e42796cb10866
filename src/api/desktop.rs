//! What this computer's desktop offers the app. On Linux the native Save and Open dialogs
//! need a desktop session bus (D-Bus); in a remote, minimal or headless session there is
//! none, and a dialog asked for then never appears. The app asks first, and where dialogs
//! cannot open it says so plainly and lets the reviewer type the file's path instead.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::Session;

/// Why the native file dialogs cannot open on a computer whose environment variables are
/// read by `var` and whose files are checked by `exists`; `None` when they can.
pub fn file_dialogs_problem(
    linux: bool,
    var: impl Fn(&str) -> Option<OsString>,
    exists: impl Fn(&Path) -> bool,
) -> Option<String> {
    if !linux {
        return None;
    }
    let set = |name: &str| var(name).is_some_and(|v| !v.is_empty());
    if set("DBUS_SESSION_BUS_ADDRESS") {
        return None;
    }
    // Where no address is set, the bus is found at its usual place.
    if let Some(dir) = var("XDG_RUNTIME_DIR").filter(|v| !v.is_empty()) {
        if exists(&PathBuf::from(dir).join("bus")) {
            return None;
        }
    }
    Some(
        "The Save and Open dialogs cannot open on this computer: they need a desktop session \
         bus (D-Bus), and this session has none (a remote, minimal or headless session). Type \
         the file's full path instead, or start Chronolane from a full desktop session."
            .into(),
    )
}

impl Session {
    /// Why the native Save and Open dialogs cannot open here, if they cannot.
    pub fn file_dialogs_problem(&self) -> Option<String> {
        file_dialogs_problem(
            cfg!(any(
                target_os = "linux",
                target_os = "freebsd",
                target_os = "openbsd"
            )),
            |name| std::env::var_os(name),
            |path| path.exists(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn dialogs_open_with_a_session_bus_and_not_without_one() {
        let nothing = |_: &Path| false;
        assert!(file_dialogs_problem(true, env(&[]), nothing)
            .unwrap()
            .contains("Type the file's full path"));
        assert!(file_dialogs_problem(
            true,
            env(&[("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")]),
            nothing
        )
        .is_none());
        // An empty address is no address.
        assert!(
            file_dialogs_problem(true, env(&[("DBUS_SESSION_BUS_ADDRESS", "")]), nothing).is_some()
        );
        // The bus at its usual place.
        let runtime = env(&[("XDG_RUNTIME_DIR", "/run/user/1000")]);
        assert!(
            file_dialogs_problem(true, &runtime, |p| p == Path::new("/run/user/1000/bus"))
                .is_none()
        );
        assert!(file_dialogs_problem(true, &runtime, nothing).is_some());
        // Windows and macOS dialogs need no bus.
        assert!(file_dialogs_problem(false, env(&[]), nothing).is_none());
    }
}
