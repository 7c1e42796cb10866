//! The `vocabulary!` macro: a string-valued enum declared once with its stored code and its
//! label. A leaf module (it depends on nothing in the crate), so the model, dates, import
//! mapping and timeline can all declare vocabularies without depending on each other.

/// Declares a string-valued enum with its stored name and its label for people, so the
/// database, the JSON format, the CLI and the UI all use one vocabulary.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize, ::specta::Type)]
        pub enum $name {
            $($(#[$vdoc])* #[doc = $label] #[serde(rename = $code)] $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in files and used by the CLI.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// A label fit for a person reading it.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Parses a stored code (exactly as [`Self::code`] writes it).
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use vocabulary;
