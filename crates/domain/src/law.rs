//! Law citations. (Being written.)
