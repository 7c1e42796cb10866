//! The canonical JSON format: lossless and byte-identical through a round trip.

use chronolane::json::{import_json, ReviewData};
use chronolane::{ErrorKind, Store};

#[test]
fn the_demo_round_trips_to_identical_json() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("demo.chronolane");
    let store = chronolane::demo::write_demo(&first).unwrap();
    let json_a = dir.path().join("a.json");
    chronolane::json::export_json(&store, &json_a).unwrap();
    let second = dir.path().join("copy.chronolane");
    let copy = import_json(&json_a, &second, None).unwrap();
    let json_b = dir.path().join("b.json");
    chronolane::json::export_json(&copy, &json_b).unwrap();
    let a = std::fs::read_to_string(&json_a).unwrap();
    let b = std::fs::read_to_string(&json_b).unwrap();
    assert_eq!(a, b);
    // And the JSON is the demo's content, not an empty shell.
    let data = ReviewData::from_json(&a).unwrap();
    assert_eq!(data, chronolane::demo::demo_review());
}

#[test]
fn unrelated_or_newer_json_is_refused_and_no_file_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("not json", "This is not valid JSON"),
        ("{\"hello\": 1}", "not a Chronolane review"),
        (
            "{\"format\": \"chronolane-review\", \"version\": 7}",
            "version 7",
        ),
        (
            "{\"format\": \"chronolane-review\", \"version\": 1}",
            "not complete",
        ),
    ];
    for (i, (text, message)) in cases.iter().enumerate() {
        let input = dir.path().join(format!("in{i}.json"));
        std::fs::write(&input, text).unwrap();
        let out = dir.path().join(format!("out{i}.chronolane"));
        let err = import_json(&input, &out, None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert!(err.to_string().contains(message), "{err}");
        assert!(!out.exists(), "no half-made review is left behind");
    }
}

#[test]
fn json_with_a_broken_reference_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = chronolane::demo::demo_review();
    data.entries[0].agency = chronolane::model::AgencyId(9999);
    let input = dir.path().join("broken.json");
    std::fs::write(&input, data.to_json().unwrap()).unwrap();
    let out = dir.path().join("broken.chronolane");
    let err = import_json(&input, &out, None).unwrap_err();
    assert!(err.to_string().contains("9999"), "{err}");
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the input remains");
    let _ = Store::open(&input, None).unwrap_err();
}
