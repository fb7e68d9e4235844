//! The parts of the `tillit` command that other crates reuse: writing the
//! demo municipality's goals and manual values (`tillit demo`, and the
//! browser tests' demo server).

pub mod demo_goals;
