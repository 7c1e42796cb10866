//! `ui/src/bindings.ts` is generated from the commands and types. This test regenerates it;
//! when the committed file was stale it is rewritten and the test fails, so CI (a fresh clone)
//! fails until the regenerated file is committed.

#[test]
fn bindings_ts_is_up_to_date() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let committed_path = root.join("ui/src/bindings.ts");
    let fresh_path = std::env::temp_dir().join(format!("bindings-{}.ts", std::process::id()));
    chronolane_desktop::export_bindings(&fresh_path).expect("export bindings");
    let fresh = std::fs::read_to_string(&fresh_path).unwrap();
    let _ = std::fs::remove_file(&fresh_path);
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    if committed != fresh {
        std::fs::write(&committed_path, &fresh).unwrap();
        panic!("ui/src/bindings.ts was stale; it has been regenerated. Review and commit it.");
    }
}
