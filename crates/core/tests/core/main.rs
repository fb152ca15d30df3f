//! The core crate through its public API: one test binary, modules mirror `src/`.

mod change;
mod exchange;
mod fhir;
mod fhir_cases;
mod fhir_folder;
mod fixture;
mod generate;
mod grid;
mod hostile;
mod inbox;
mod limits;
mod locations;
mod outranked;
mod portal;
mod props;
mod resolve;
mod since;
mod validate;
mod validate_props;
