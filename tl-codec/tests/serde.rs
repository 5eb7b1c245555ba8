//! Serde support: see the tests below.
