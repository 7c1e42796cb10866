//! When the desktop app turns WebKitGTK's compositing off before its web view starts.

use chronolane_desktop::compositing_off;

#[test]
fn compositing_is_turned_off_where_there_is_no_gpu_unless_the_reviewer_says_otherwise() {
    // No choice made: off without a GPU (a virtual desktop), as WebKit chooses with one.
    assert!(compositing_off(None, false, false));
    assert!(!compositing_off(None, false, true));
    // The reviewer's (or IT's) choice wins either way.
    assert!(!compositing_off(Some("on"), false, false));
    assert!(compositing_off(Some("off"), false, true));
    assert!(compositing_off(Some(" off\n"), false, true));
    // Anything else is no choice.
    assert!(compositing_off(Some("maybe"), false, false));
    assert!(!compositing_off(Some(""), false, true));
    // WebKit's own variable, set already, is left as it is.
    assert!(!compositing_off(None, true, false));
    assert!(!compositing_off(Some("off"), true, false));
}
