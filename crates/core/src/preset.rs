//! Topic presets: the lists of built-in topics a new practice starts from.
//!
//! Elation's six is the default; ICANotes' five is the option for practices coming from it.

use crate::model::{Localized, Topic, TopicKey};

/// A key, the label (en, es) and the To: display name (en, es).
type PresetTopic = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const ELATION: [PresetTopic; 6] = [
    (
        "appointments",
        "Appointments",
        "Citas",
        "Scheduling Team",
        "Equipo de citas",
    ),
    (
        "referrals",
        "Referrals",
        "Referencias",
        "Referral Coordinator",
        "Coordinador de referencias",
    ),
    (
        "prescriptions",
        "Prescriptions & Refills",
        "Recetas y resurtidos",
        "Prescription Team",
        "Equipo de recetas",
    ),
    (
        "test_results",
        "Lab or Other Test Results",
        "Resultados de laboratorio u otras pruebas",
        "Care Team",
        "Equipo de atención",
    ),
    (
        "general",
        "General Inquiry",
        "Consulta general",
        "Front Office",
        "Recepción",
    ),
    (
        "health_question",
        "Question About My Health",
        "Pregunta sobre mi salud",
        "My Care Team",
        "Mi equipo de atención",
    ),
];

const ICANOTES: [PresetTopic; 5] = [
    (
        "medical",
        "Medical",
        "Médico",
        "Clinical Team",
        "Equipo clínico",
    ),
    ("appointment", "Appointment", "Cita", "Scheduling", "Citas"),
    (
        "medication",
        "Medication",
        "Medicamentos",
        "Medication Team",
        "Equipo de medicamentos",
    ),
    (
        "billing",
        "Billing",
        "Facturación",
        "Billing Office",
        "Oficina de facturación",
    ),
    ("other", "Other", "Otro", "Front Office", "Recepción"),
];

/// A list of built-in topics to start a practice from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// Elation's six topics: the default.
    Elation,
    /// ICANotes' five topics.
    IcaNotes,
}

impl Preset {
    /// The preset's topics, all switched on, in their usual order.
    pub fn topics(self) -> Vec<Topic> {
        let list: &[PresetTopic] = match self {
            Preset::Elation => &ELATION,
            Preset::IcaNotes => &ICANOTES,
        };
        list.iter()
            .map(|(key, label_en, label_es, to_en, to_es)| Topic {
                key: TopicKey::new(*key),
                enabled: true,
                label: Localized::new(*label_en, *label_es),
                display_name: Localized::new(*to_en, *to_es),
                builtin: true,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_have_their_published_topics() {
        let labels = |preset: Preset| -> Vec<String> {
            preset.topics().into_iter().map(|t| t.label.en).collect()
        };
        assert_eq!(
            labels(Preset::Elation),
            [
                "Appointments",
                "Referrals",
                "Prescriptions & Refills",
                "Lab or Other Test Results",
                "General Inquiry",
                "Question About My Health"
            ],
            "Elation's six, in Elation's order"
        );
        assert_eq!(
            labels(Preset::IcaNotes),
            ["Medical", "Appointment", "Medication", "Billing", "Other"],
            "ICANotes' five, in ICANotes' order"
        );
        for topic in Preset::Elation
            .topics()
            .into_iter()
            .chain(Preset::IcaNotes.topics())
        {
            assert!(
                !topic.label.es.is_empty() && !topic.display_name.es.is_empty(),
                "every preset topic has Spanish texts: {}",
                topic.key
            );
        }
    }
}
