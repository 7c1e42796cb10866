//! Commands for timeline.

#[allow(unused_imports)]
use super::Reply;
