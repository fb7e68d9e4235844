//! Deadlines. (Being written.)
