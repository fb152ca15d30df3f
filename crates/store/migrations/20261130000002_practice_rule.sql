-- The practice rule has one encoding (core's model/route.rs): a practice-wide "the patient chooses" is stored as no rule.
DELETE FROM routes
WHERE json_extract(scope, '$.kind') = 'practice'
  AND json_extract(route, '$.kind') = 'patient_chooses';
