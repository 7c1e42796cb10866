//! Analysis: the rules that flag lost transfers, missed escalations, unseen children, delays,
//! contradicting records and repeated concerns, as a pure function of the review's data,
//! its settings and "today".
