//! The demo practice the app opens with on first start.

use crate::model::{Config, Localized, PracticeName, Topic, TopicKey};

/// Elation's six topics, in English and Spanish: the default preset.
const ELATION_TOPICS: [(&str, &str, &str, &str, &str); 6] = [
    ("appointments", "Appointments", "Citas", "Scheduling Team", "Equipo de citas"),
    ("referrals", "Referrals", "Referencias", "Referral Coordinator", "Coordinador de referencias"),
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
    ("general", "General Inquiry", "Consulta general", "Front Office", "Recepción"),
    (
        "health_question",
        "Question About My Health",
        "Pregunta sobre mi salud",
        "My Care Team",
        "Mi equipo de atención",
    ),
];

/// A small, realistic demo practice, clearly marked as a demo.
pub fn demo_practice() -> Config {
    Config {
        practice_name: PracticeName("Riverside Family Medicine (demo)".into()),
        demo: true,
        topics: ELATION_TOPICS
            .iter()
            .map(|(key, label_en, label_es, to_en, to_es)| Topic {
                key: TopicKey::new(*key),
                enabled: true,
                label: Localized::new(*label_en, *label_es),
                display_name: Localized::new(*to_en, *to_es),
                builtin: true,
            })
            .collect(),
    }
}
