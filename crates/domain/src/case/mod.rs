//! The child's case: commands -> events -> state.

pub mod event;
pub mod state;

pub use event::*;
pub use state::*;
