//! The folder-import property: importing the same set of FHIR files (a generated health
//! system's directory cut into several Bundles that share locations) in any order, twice,
//! ends in the same configuration, and the second pass is a no-op. Also: a generated
//! directory re-imported whole changes nothing.

use proptest::prelude::*;
use switchboard_core::fhir::fixtures::{directory, directory_files};
use switchboard_core::fhir::{FhirChoices, plan_file};
use switchboard_core::{Config, apply};

use crate::fixture;

fn bytes(files: &[serde_json::Value]) -> Vec<Vec<u8>> {
    files
        .iter()
        .map(|file| serde_json::to_vec(file).expect("a Value serialises"))
        .collect()
}

/// Imports each file in turn; returns the configuration and how many files changed something.
fn import_all(mut config: Config, files: &[Vec<u8>]) -> (Config, usize) {
    let mut changed = 0;
    for file in files {
        let planned = plan_file(
            &config,
            file,
            &FhirChoices::default(),
            fixture::day("2024-06-01"),
        )
        .expect("a generated file plans");
        assert!(
            planned.skipped_records.is_empty() && planned.conflicts.is_empty(),
            "a generated file has nothing to skip: {:?}",
            planned.skipped_records
        );
        if !planned.is_noop() {
            apply(&mut config, &planned.change).expect("apply accepts every plan");
            changed += 1;
        }
    }
    (config, changed)
}

fn folder() -> Vec<Vec<u8>> {
    bytes(&directory_files(120, 5))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_folder_in_any_order_twice_gives_one_configuration(order in Just((0..5).collect::<Vec<usize>>()).prop_shuffle()) {
        let files = folder();
        let (expected, _) = import_all(fixture::practice(), &files);
        let shuffled: Vec<Vec<u8>> = order.iter().map(|i| files[*i].clone()).collect();
        let (once, _) = import_all(fixture::practice(), &shuffled);
        let (twice, changed) = import_all(once.clone(), &shuffled);
        prop_assert_eq!(changed, 0, "the second pass changes nothing (order {:?})", order);
        prop_assert!(twice == expected, "any order gives the configuration of the file order (order {:?})", order);
    }
}

#[test]
fn a_folder_equals_its_directory_in_one_file() {
    let (from_folder, changed) = import_all(fixture::practice(), &folder());
    assert_eq!(changed, 5, "each file of the folder adds its part");
    let whole = bytes(&[directory(120)]);
    let (_, again) = import_all(from_folder.clone(), &whole);
    assert_eq!(
        again, 0,
        "the whole directory in one file finds every record the folder made, unchanged"
    );
    let (from_file, _) = import_all(fixture::practice(), &whole);
    assert!(
        from_file == from_folder,
        "one file or a folder of its parts give the same practice"
    );
}
