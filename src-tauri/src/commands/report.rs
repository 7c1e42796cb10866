//! Commands for report.

#[allow(unused_imports)]
use super::Reply;
