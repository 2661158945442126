"""Ordinary clinical language must not be tagged."""

from __future__ import annotations

import pytest

from deidtui.emulator.phi import tag

CLEAN = [
    "Patient was seen and examined. Denies chest pain.",
    "BP 120/80, HR 72, RR 16, SpO2 98% on room air.",
    "Metformin 500 mg PO bid, lisinopril 10 mg daily, atorvastatin 40 mg qhs.",
    "WBC 14.2, Hgb 9.1 g/dL, platelets 188, creatinine 1.3 mg/dL, HbA1c 7.8 %.",
    "Assessment: community-acquired pneumonia. Plan: ceftriaxone 1 g IV daily x 5 days.",
    "The patient tolerated the procedure well and was taken to PACU in stable condition.",
    "MMSE 22/30. PHQ-9 score 18. GAD-7 15. Pain 3/10.",
    "Le patient est stable. Furosémide 40 mg IV bid, bonne diurèse.",
    "TA 142/88, FC 78. Glycémie 6,8 mmol/L. Poids 72,4 kg.",
    "Douleur depuis 3 ans, traitée pendant 2 ans par physiothérapie.",
    "Continue PT twice weekly. RTC 6 weeks. Follow up in the Cardiology Clinic.",
    "History of Parkinson's disease and Crohn's disease. Dental plaque noted.",
    "Plan: 2 weeks of amoxicillin. Group A strep negative.",
    "May consider a pilot study of the new plate fixation device in 3 months.",
    "Bell's palsy, right side. History of Graves disease. Murphy's sign negative. McBurney's point non-tender.",
    "Glasgow Coma Scale 15. Apgar scores 8 and 9. Foley catheter removed. Allen test normal.",
    "Addison's disease on hydrocortisone; Cushing syndrome ruled out. Wilson's disease screen negative.",
    "Hodgkin lymphoma in remission. Epstein-Barr virus IgG positive. West Nile virus IgM pending.",
    "Transferred to the Intensive Care Unit; Emergency Department course uncomplicated.",
    "Tylenol #3 PRN, Keflex 500 mg qid, Lasix 40 mg daily, Coumadin per INR, Norco 5/325.",
    "Le patient présente une maladie de Crohn. Signe de Lasègue négatif. Score de Glasgow à 14.",
    "Syndrome de Guillain-Barré exclu. Maladie d'Alzheimer débutante. Test de Romberg positif.",
    "Hôpital de jour recommandé. Centre de santé communautaire à contacter. Urgence de l'hôpital général.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_no_phi_in_clinical_vocabulary(text: str) -> None:
    assert [(e.category, e.text) for e in tag(text)] == []


def test_capitalised_sentence_starts_are_not_names():
    text = "Denies fever. Reports improved cough. Continues albuterol. Tolerating diet."
    assert tag(text) == []
