//! Request handlers, one module per resource, each beside its templates'
//! data types.

pub mod admin;
pub mod assets;
pub mod cases;
pub mod emergency;
pub mod goals;
pub mod intake;
pub mod journal;
pub mod key_figures;
pub mod log_review;
pub mod login;
pub mod manual;
pub mod overview;
pub mod password;
pub mod persons;
pub mod reports;
pub mod start;
pub mod steps;
