//! Importing agency chronologies: preview, fix, confirm; merging duplicates; search.
