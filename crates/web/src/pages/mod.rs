//! Request handlers, one module per resource, each beside its templates'
//! data types.

pub mod assets;
pub mod cases;
pub mod login;
pub mod persons;
pub mod start;
