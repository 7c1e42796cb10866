//! Links between entries made by the reviewer: added, changed (a response becomes an
//! escalation) and removed, each undone exactly; a change that would duplicate a link or touch
//! a merge is refused with the review as it was.

use chronolane::api::Session;
use chronolane::model::*;

use crate::support::*;

fn two_entries(s: &Session) -> (EntryId, EntryId) {
    let entries = s.entries().unwrap();
    let by = |summary: &str| entries.iter().find(|e| e.summary == summary).unwrap().id;
    (by("New birth visit"), by("Referral to HV"))
}

fn link(from: EntryId, kind: LinkKind, to: EntryId) -> Link {
    Link {
        id: LinkId(0),
        from,
        to,
        kind,
        note: String::new(),
    }
}

#[test]
fn a_link_changes_kind_undoably_and_a_duplicate_or_a_merge_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = small_review(dir.path());
    let mut s = Session::new(dir.path().join("app"));
    s.set_store(store);
    let (visit, referral) = two_entries(&s);
    let made = s
        .add_link(link(visit, LinkKind::RespondsTo, referral))
        .unwrap();

    let changed = s.change_link(made.id, LinkKind::Escalates).unwrap();
    assert_eq!((changed.id, changed.kind), (made.id, LinkKind::Escalates));
    assert_eq!((changed.from, changed.to), (visit, referral));
    assert_eq!(s.links().unwrap(), vec![changed.clone()]);

    // Undo puts the response back; redo the escalation.
    s.undo().unwrap();
    assert_eq!(s.links().unwrap()[0].kind, LinkKind::RespondsTo);
    s.redo().unwrap();
    assert_eq!(s.links().unwrap()[0].kind, LinkKind::Escalates);

    // A second link between the same two entries can not become the first one's twin.
    let second = s
        .add_link(link(visit, LinkKind::Related, referral))
        .unwrap();
    let before = s.links().unwrap();
    let err = s
        .change_link(second.id, LinkKind::Escalates)
        .unwrap_err()
        .to_string();
    assert!(err.contains("already have a 'escalates' link"), "{err}");
    assert_eq!(s.links().unwrap(), before);

    // Merges are the duplicates review's: neither made nor unmade by changing a link.
    let err = s
        .change_link(second.id, LinkKind::DuplicateOf)
        .unwrap_err()
        .to_string();
    assert!(err.contains("duplicates review"), "{err}");
    let merged = s
        .add_link(link(visit, LinkKind::DuplicateOf, referral))
        .unwrap();
    let err = s
        .change_link(merged.id, LinkKind::Related)
        .unwrap_err()
        .to_string();
    assert!(err.contains("duplicates review"), "{err}");

    // A link that is not there is named as such.
    let err = s
        .change_link(LinkId(999), LinkKind::Related)
        .unwrap_err()
        .to_string();
    assert!(err.contains("Link 999 is not in this review"), "{err}");
    assert_eq!(s.links().unwrap().len(), 3);

    // Changing a link to what it already says changes nothing.
    let same = s.change_link(second.id, LinkKind::Related).unwrap();
    assert_eq!(same.kind, LinkKind::Related);

    // Removing one is undone too.
    s.delete_link(second.id).unwrap();
    assert_eq!(s.links().unwrap().len(), 2);
    s.undo().unwrap();
    assert_eq!(s.links().unwrap().len(), 3);
}
