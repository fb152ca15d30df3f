//! [`RoutingIndex`]: routing answered from a structure compiled once per configuration
//! revision (filled in below).

use std::sync::Arc;

use crate::model::Config;

/// A configuration compiled for fast, repeated routing.
#[derive(Debug, Clone)]
pub struct RoutingIndex {
    config: Arc<Config>,
}

impl RoutingIndex {
    /// Compiles `config`.
    pub fn build(config: &Config) -> Self {
        Self {
            config: Arc::new(config.clone()),
        }
    }

    /// The configuration this index answers for.
    pub fn config(&self) -> &Config {
        &self.config
    }
}
