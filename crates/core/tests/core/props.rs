//! Properties of apply() over generated changes.
