//! The agency's own comment column ("Comment", "Agency comment", "Analysis") is imported as
//! the agency's comment, apart from the event and from the reviewer's comment, and kept by
//! the store and the canonical JSON (older JSON without it still reads).

use chronolane::api::Session;
use chronolane::import::{AgencyChoice, ImportRequest};
use chronolane::json::ReviewData;
use chronolane::model::*;

use super::support::day;

#[test]
fn an_agencys_comment_column_is_kept_as_the_agencys_not_the_reviewers() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hv.csv");
    std::fs::write(
        &file,
        "Date,Event or contact,Agency comment\n\
         12/06/2015,Home visit: baby weighed,Practice below standard: no manager oversight\n\
         13/06/2015,Telephone call from Mother,\n",
    )
    .unwrap();
    let path = dir.path().join("review.chronolane");
    let store = chronolane::api::create_review_file(&path, None, Review::default()).unwrap();
    let mut s = Session::new(dir.path().join("app"));
    s.set_store(store);
    let request = ImportRequest::new(
        file.display().to_string(),
        AgencyChoice::New {
            name: "Westvale Health Visiting".into(),
            short_name: String::new(),
            sector: None,
        },
    );
    let at = day(2024, 3, 1).and_hms_opt(10, 0, 0).unwrap();
    s.commit_import_at(request, at, &mut |_, _| true).unwrap();
    let entries = s.entries().unwrap();
    let visit = entries
        .iter()
        .find(|e| e.summary.starts_with("Home visit"))
        .unwrap();
    assert_eq!(
        visit.agency_comment,
        "Practice below standard: no manager oversight"
    );
    assert_eq!(
        visit.comment, "",
        "the reviewer's comment stays the reviewer's"
    );
    assert!(
        !visit.detail.contains("manager oversight"),
        "{}",
        visit.detail
    );
    assert!(!visit.summary.contains("manager oversight"));

    // The canonical JSON carries it; JSON written before the field existed still reads.
    let data = ReviewData::load(&s.store_ref().unwrap().read()).unwrap();
    let json = data.to_json().unwrap();
    assert!(json.contains("\"agency_comment\""), "{json}");
    let older = json.replace(
        "\"agency_comment\": \"Practice below standard: no manager oversight\",",
        "",
    );
    assert_ne!(older, json);
    let back = ReviewData::from_json(&older).unwrap();
    let e = back
        .entries
        .iter()
        .find(|e| e.summary.starts_with("Home visit"))
        .unwrap();
    assert_eq!(e.agency_comment, "");
}
