//! Commands for analysis.

#[allow(unused_imports)]
use super::Reply;
