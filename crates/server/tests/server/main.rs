//! The practice server through real HTTP on 127.0.0.1, against every backend (SQLite, and the
//! PostgreSQL `cargo xtask test` starts): one test binary, modules by feature.

mod auth;
mod cli;
mod convergence;
mod fixture;
mod http;
mod inputs;
mod load;
mod openapi;
mod portal;
mod processes;
mod proxy;
mod sync;
mod sync_killed;
