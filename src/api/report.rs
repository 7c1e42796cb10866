//! Key Practice Episodes, findings and the draft-report export.
