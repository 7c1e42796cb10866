//! Commands for import.

#[allow(unused_imports)]
use super::Reply;
