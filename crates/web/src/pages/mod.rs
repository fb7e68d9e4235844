//! Request handlers, one module per resource, each beside its templates'
//! data types.

pub mod assets;
pub mod cases;
pub mod journal;
pub mod login;
pub mod overview;
pub mod persons;
pub mod report;
pub mod start;
pub mod steps;
