//! Running the analysis, listing flags and triaging them.
