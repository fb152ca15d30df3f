//! The sentences the portal view writes itself, in every [`Language`]: limits, the
//! attachment rule, "call us", and the closed screen when no topic is switched on.

use crate::model::{Attachments, Language, Limits, Localized};

/// The sentence shown when messaging is open but no topic is switched on.
pub(super) fn no_topics() -> Localized {
    Localized::new(
        "No message topics are available right now.",
        "No hay temas de mensaje disponibles en este momento.",
    )
}

/// `sentence`, followed by an invitation to call `phone` when there is one.
pub(super) fn with_phone(sentence: String, phone: &str, language: Language) -> String {
    if phone.trim().is_empty() {
        return sentence;
    }
    match language {
        Language::English => format!("{sentence} Please call us at {phone}."),
        Language::Spanish => format!("{sentence} Llámenos al {phone}."),
    }
}

/// "Up to 2,000 characters. You can send up to 5 messages every 7 days."
pub(super) fn limits(limits: &Limits, language: Language) -> String {
    let characters = number(limits.max_characters, language);
    let length = match language {
        Language::English => format!("Up to {characters} characters."),
        Language::Spanish => format!("Hasta {characters} caracteres."),
    };
    let Some(quota) = limits.quota else {
        return length;
    };
    let count = number(quota.count, language);
    let days = number(quota.days, language);
    let how_many = match (language, quota.count == 1) {
        (Language::English, true) => "1 message".to_owned(),
        (Language::English, false) => format!("up to {count} messages"),
        (Language::Spanish, true) => "1 mensaje".to_owned(),
        (Language::Spanish, false) => format!("hasta {count} mensajes"),
    };
    let per = match (language, quota.days == 1) {
        (Language::English, true) => "a day".to_owned(),
        (Language::English, false) => format!("every {days} days"),
        (Language::Spanish, true) => "por día".to_owned(),
        (Language::Spanish, false) => format!("cada {days} días"),
    };
    match language {
        Language::English => format!("{length} You can send {how_many} {per}."),
        Language::Spanish => format!("{length} Puede enviar {how_many} {per}."),
    }
}

/// "You can attach up to 3 files of up to 10 MB each." or "Attachments are not accepted."
pub(super) fn attachments(rule: &Attachments, language: Language) -> String {
    if !rule.allowed || rule.max_count == 0 {
        return match language {
            Language::English => "Attachments are not accepted.",
            Language::Spanish => "No se aceptan archivos adjuntos.",
        }
        .to_owned();
    }
    let count = number(rule.max_count, language);
    let mb = rule.max_megabytes;
    match (language, rule.max_count == 1, mb == 0) {
        (Language::English, true, true) => "You can attach 1 file.".to_owned(),
        (Language::English, true, false) => format!("You can attach 1 file of up to {mb} MB."),
        (Language::English, false, true) => format!("You can attach up to {count} files."),
        (Language::English, false, false) => {
            format!("You can attach up to {count} files of up to {mb} MB each.")
        }
        (Language::Spanish, true, true) => "Puede adjuntar 1 archivo.".to_owned(),
        (Language::Spanish, true, false) => {
            format!("Puede adjuntar 1 archivo de hasta {mb} MB.")
        }
        (Language::Spanish, false, true) => format!("Puede adjuntar hasta {count} archivos."),
        (Language::Spanish, false, false) => {
            format!("Puede adjuntar hasta {count} archivos de hasta {mb} MB cada uno.")
        }
    }
}

/// `value` as the language writes numbers: "2,000" in English, "2000" in Spanish (which
/// groups digits with a space only from five digits on; plain digits are always correct).
fn number(value: u32, language: Language) -> String {
    let digits = value.to_string();
    if language == Language::Spanish || digits.len() <= 3 {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Quota;

    #[test]
    fn limits_read_as_sentences_in_both_languages() {
        let limits = Limits {
            quota: Some(Quota { count: 5, days: 7 }),
            max_characters: 2000,
        };
        assert_eq!(
            super::limits(&limits, Language::English),
            "Up to 2,000 characters. You can send up to 5 messages every 7 days.",
            "English groups thousands with a comma and spells out the quota"
        );
        assert_eq!(
            super::limits(&limits, Language::Spanish),
            "Hasta 2000 caracteres. Puede enviar hasta 5 mensajes cada 7 días.",
            "Spanish says the same in Spanish"
        );
        let daily = Limits {
            quota: Some(Quota { count: 1, days: 1 }),
            max_characters: 500,
        };
        assert_eq!(
            super::limits(&daily, Language::English),
            "Up to 500 characters. You can send 1 message a day.",
            "one message a day is not 'up to 1 messages every 1 days'"
        );
    }

    #[test]
    fn attachments_say_how_many_and_how_large() {
        let rule = Attachments {
            allowed: true,
            max_count: 3,
            max_megabytes: 10,
        };
        assert_eq!(
            attachments(&rule, Language::English),
            "You can attach up to 3 files of up to 10 MB each.",
            "the count and the size per file are both stated"
        );
        let none = Attachments {
            allowed: true,
            max_count: 0,
            max_megabytes: 10,
        };
        assert_eq!(
            attachments(&none, Language::Spanish),
            "No se aceptan archivos adjuntos.",
            "allowing zero files is the same as not allowing attachments"
        );
    }

    #[test]
    fn numbers_group_thousands_in_english_only() {
        assert_eq!(
            number(1_234_567, Language::English),
            "1,234,567",
            "commas every three digits"
        );
        assert_eq!(
            number(999, Language::English),
            "999",
            "no comma below a thousand"
        );
        assert_eq!(
            number(1_234_567, Language::Spanish),
            "1234567",
            "plain digits in Spanish"
        );
    }
}
