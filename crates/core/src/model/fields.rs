//! The `fields!` macro: for an entity, an enum with one variant per editable field, so one
//! `Change` kind edits any field with compare-and-set (`expected` and `value` are both a
//! field value, and must name the same field).

/// Declares `$Field`, an enum of `$Entity`'s editable fields with their values, and
/// `$Entity::field(&self, like)` / `$Entity::set_field(&mut self, value)`.
macro_rules! fields {
    ($Entity:ident => $(#[$doc:meta])* $Field:ident { $( $(#[$fdoc:meta])* $field:ident : $Variant:ident($ty:ty) ),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "field", content = "value", rename_all = "snake_case")]
        pub enum $Field {
            $( $(#[$fdoc])* $Variant($ty), )*
        }

        impl $Field {
            /// The field's name, for messages ("name", "active").
            pub fn name(&self) -> &'static str {
                match self {
                    $( Self::$Variant(_) => stringify!($field), )*
                }
            }

            /// Whether `self` and `other` are values of the same field.
            pub fn same_field(&self, other: &Self) -> bool {
                std::mem::discriminant(self) == std::mem::discriminant(other)
            }
        }

        impl $Entity {
            /// The current value of the field `like` is a value of.
            pub fn field(&self, like: &$Field) -> $Field {
                match like {
                    $( $Field::$Variant(_) => $Field::$Variant(self.$field.clone()), )*
                }
            }

            /// Every field with its current value, in declaration order.
            pub fn fields(&self) -> Vec<$Field> {
                vec![$( $Field::$Variant(self.$field.clone()), )*]
            }

            /// Sets one field.
            pub(crate) fn set_field(&mut self, value: $Field) {
                match value {
                    $( $Field::$Variant(value) => self.$field = value, )*
                }
            }
        }
    };
}

pub(crate) use fields;
