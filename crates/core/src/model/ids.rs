//! Identifiers of locations, people and groups, and of practices and changes on a practice
//! server.
//!
//! An id is a UUID (v7 in practice) made by the client that creates the entity, so entities
//! created offline sync without renumbering. Core never makes ids (no randomness, no clock):
//! the caller makes one and passes it inside the `Add…` change. Ids are `Copy` (a `u128`
//! inside) and travel as the usual hyphenated lowercase text.

use std::fmt;
use std::str::FromStr;

/// Why a text is not an id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{text}\" is not an id: expected a UUID such as 0190f3e4-8a2b-7c3d-9e4f-5a6b7c8d9e0f")]
pub struct ParseIdError {
    pub text: String,
}

fn parse_uuid(text: &str) -> Result<u128, ParseIdError> {
    let err = || ParseIdError { text: text.into() };
    let bytes = text.as_bytes();
    let hex: String = match bytes.len() {
        36 => {
            for (index, byte) in bytes.iter().enumerate() {
                let dash = matches!(index, 8 | 13 | 18 | 23);
                if dash != (*byte == b'-') {
                    return Err(err());
                }
            }
            text.chars().filter(|c| *c != '-').collect()
        }
        32 => text.into(),
        _ => return Err(err()),
    };
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(err());
    }
    u128::from_str_radix(&hex, 16).map_err(|_| err())
}

fn format_uuid(value: u128, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let hex = format!("{value:032x}");
    write!(
        f,
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(u128);

        impl $name {
            /// The id whose UUID is `value` (tests and the demo use small numbers).
            pub const fn from_u128(value: u128) -> Self {
                Self(value)
            }

            /// The UUID as a number.
            pub const fn as_u128(self) -> u128 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                format_uuid(self.0, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self)
            }
        }

        impl FromStr for $name {
            type Err = ParseIdError;

            fn from_str(text: &str) -> Result<Self, ParseIdError> {
                parse_uuid(text).map(Self)
            }
        }

        impl TryFrom<String> for $name {
            type Error = ParseIdError;

            fn try_from(text: String) -> Result<Self, ParseIdError> {
                text.parse()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.to_string()
            }
        }
    };
}

id_type!(
    /// A location (site) of the practice.
    LocationId
);
id_type!(
    /// A person: a provider or a staff member.
    PersonId
);
id_type!(
    /// A group of people, such as "Front Office".
    GroupId
);
id_type!(
    /// A practice on a practice server.
    PracticeId
);
id_type!(
    /// One change as a client made it: the same id however often it is pushed, so the
    /// server applies it once.
    ChangeId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_as_hyphenated_uuids() {
        let id = PersonId::from_u128(0x0190_f3e4_8a2b_7c3d_9e4f_5a6b_7c8d_9e0f);
        let text = id.to_string();
        assert_eq!(
            text, "0190f3e4-8a2b-7c3d-9e4f-5a6b7c8d9e0f",
            "ids print as UUIDs"
        );
        assert_eq!(
            text.parse::<PersonId>(),
            Ok(id),
            "printing then parsing gives the same id"
        );
        let json = serde_json::to_string(&id).expect("ids serialise");
        assert_eq!(
            json, "\"0190f3e4-8a2b-7c3d-9e4f-5a6b7c8d9e0f\"",
            "ids travel as strings"
        );
    }

    #[test]
    fn malformed_ids_are_refused() {
        for text in [
            "",
            "xyz",
            "0190f3e4-8a2b-7c3d-9e4f-5a6b7c8d9e0",
            "0190f3e48a2b-7c3d-9e4f-5a6b7c8d9e0ff",
        ] {
            assert!(
                text.parse::<GroupId>().is_err(),
                "{text:?} is not a UUID, so not an id"
            );
        }
    }
}
