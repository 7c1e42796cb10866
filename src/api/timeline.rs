//! The data the timeline draws: lanes, entries, links, KPE bands and flags, compactly.
