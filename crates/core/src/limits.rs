//! The limits of a practice configuration: one table, checked by [`apply`](crate::apply) for
//! every change (whoever sent it) and by [`import`](crate::import) for every file, so that no
//! client can store what another cannot read back.
//!
//! | what | limit | why |
//! |---|---|---|
//! | a name: practice, location, person, group; a location's alias; credentials | [`NAME_CHARS`] characters | fits a list row, a To: field and a printout |
//! | a topic's label or To: name, in each language | [`LABEL_CHARS`] characters | one line of the patient's topic list |
//! | a line: address, phone, time zone, e-mail, an external id | [`LINE_CHARS`] characters | one line of a form |
//! | a text patients read: banner, note, disclaimer, response time, after-hours notice, automatic reply | [`TEXT_CHARS`] characters | a few paragraphs on a phone's screen |
//! | a topic key | [`TOPIC_KEY_CHARS`] characters of `a-z 0-9 _ -` | stable, shown in files and logs |
//! | topics | [`TOPICS`] | a patient's list stays readable |
//! | locations | [`LOCATIONS`] | a health system's sites |
//! | people | [`PEOPLE`] | a health system's directory (about 190,000 practitioners) |
//! | groups | [`GROUPS`] | |
//! | routing rules | [`RULES`] | every topic for every provider at several sites |
//! | recipients of one rule | [`RECIPIENTS_PER_RULE`] | |
//! | external ids of one location, person or group | [`EXTERNAL_IDS`] | |
//! | the longest message patients may write | [`MESSAGE_CHARS`] characters | |
//! | a message quota | [`QUOTA_COUNT`] messages in at most [`QUOTA_DAYS`] days | |
//! | attachments | [`ATTACHMENT_COUNT`] files of at most [`ATTACHMENT_MEGABYTES`] MB | |
//! | the logo | [`MAX_LOGO_BYTES`](crate::MAX_LOGO_BYTES) bytes, checked before the file is read | a portal header |
//! | a file to import (configuration or FHIR directory) | [`IMPORT_FILE_BYTES`] bytes, checked before the file is read | a health system's directory is about 50 MB |
//! | one entry of the change log (a change as JSON), and so one request to the practice server | [`CHANGE_BYTES`] bytes | the largest import as one undo step (a directory of ~190,000 practitioners is ~63 MB) |
//!
//! A [`Change::Batch`](crate::Change::Batch) with nothing in it is refused as well: it would
//! be an undo step that does nothing.

/// Names: the practice, a location (and its alias), a person (and credentials), a group.
pub const NAME_CHARS: usize = 200;
/// A topic's label or To: name, in each language.
pub const LABEL_CHARS: usize = 120;
/// One-line texts: an address, a phone number, a time zone, an e-mail address, an external id.
pub const LINE_CHARS: usize = 300;
/// Texts patients read: the banner, the note above the message box, the emergency
/// disclaimer, the response time, the after-hours notice, an automatic reply.
pub const TEXT_CHARS: usize = 2_000;
/// A topic key.
pub const TOPIC_KEY_CHARS: usize = 64;
/// Topics of a practice.
pub const TOPICS: usize = 50;
/// Locations of a practice.
pub const LOCATIONS: usize = 1_000;
/// People of a practice.
pub const PEOPLE: usize = 250_000;
/// Groups of a practice.
pub const GROUPS: usize = 10_000;
/// Routing rules of a practice.
pub const RULES: usize = 200_000;
/// Recipients of one routing rule.
pub const RECIPIENTS_PER_RULE: usize = 200;
/// External ids of one location, person or group.
pub const EXTERNAL_IDS: usize = 50;
/// The longest message a practice may let patients write, in characters.
pub const MESSAGE_CHARS: u32 = 100_000;
/// The most messages a quota may allow.
pub const QUOTA_COUNT: u32 = 10_000;
/// The longest period of a quota, in days.
pub const QUOTA_DAYS: u32 = 366;
/// The most files a patient may attach to one message.
pub const ATTACHMENT_COUNT: u32 = 50;
/// The largest attachment, in megabytes.
pub const ATTACHMENT_MEGABYTES: u32 = 100;
/// The largest file Switchboard reads for an import, in bytes.
pub const IMPORT_FILE_BYTES: u64 = 128 * 1024 * 1024;
/// The largest change the log records, as JSON bytes.
pub const CHANGE_BYTES: usize = 128 * 1024 * 1024;

/// Why a file of `len` bytes is not read, or `None` when it may be. Call it with the size the
/// file system reports, before reading the file.
pub fn import_file_problem(len: u64) -> Option<String> {
    (len > IMPORT_FILE_BYTES).then(|| {
        format!(
            "The file is {} MB; Switchboard imports files of at most {} MB. Split the directory into smaller files, or export less, and choose them again.",
            len.div_ceil(1024 * 1024),
            IMPORT_FILE_BYTES / (1024 * 1024)
        )
    })
}

/// Why a logo file of `len` bytes is not read, or `None` when it may be. Call it with the
/// size the file system reports, before reading the file.
pub fn logo_file_problem(len: u64) -> Option<String> {
    let max = u64::try_from(crate::MAX_LOGO_BYTES).unwrap_or(u64::MAX);
    (len > max).then(|| {
        crate::LogoError::TooLarge {
            kib: usize::try_from(len.div_ceil(1024)).unwrap_or(usize::MAX),
        }
        .to_string()
    })
}

/// Why a change written as `len` bytes of JSON is not recorded, or `None` when it may be.
pub fn change_size_problem(len: usize) -> Option<String> {
    (len > CHANGE_BYTES).then(|| {
        format!(
            "This change is {} MB; Switchboard records changes of at most {} MB. Make it in smaller steps (import fewer records at once).",
            len.div_ceil(1024 * 1024),
            CHANGE_BYTES / (1024 * 1024)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_measured_before_they_are_read() {
        assert_eq!(
            import_file_problem(IMPORT_FILE_BYTES),
            None,
            "a file at the limit is read"
        );
        assert!(
            import_file_problem(IMPORT_FILE_BYTES + 1).is_some_and(|m| m.contains("128 MB")),
            "a file one byte past the limit is refused, naming the limit"
        );
        let logo = u64::try_from(crate::MAX_LOGO_BYTES).expect("fits");
        assert_eq!(logo_file_problem(logo), None, "a logo at the limit is read");
        assert!(
            logo_file_problem(logo + 1).is_some_and(|m| m.contains("256 KB")),
            "a logo one byte past the limit is refused, naming the limit"
        );
        assert_eq!(
            change_size_problem(CHANGE_BYTES),
            None,
            "a change at the limit is recorded"
        );
        assert!(
            change_size_problem(CHANGE_BYTES + 1).is_some(),
            "a change one byte past the limit is refused"
        );
    }
}
