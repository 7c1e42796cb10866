//! Working days in England and Wales: weekends and bank holidays (computed for any year,
//! with substitute days) excluded. Protocol timescales are counted with it.
