//! Import of agency chronologies (CSV, spreadsheets, Word tables) into a review: reading,
//! column mapping, date parsing, preview and a transactional commit, with provenance.
