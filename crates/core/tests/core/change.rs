//! apply(): each kind of change, its inverse, and the refusals.
