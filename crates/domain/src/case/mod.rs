//! The child's case: commands -> events -> state.

pub mod command;
pub mod event;
pub mod feedback;
pub mod state;
pub mod step;

pub use command::*;
pub use event::*;
pub use state::*;
pub use step::*;
