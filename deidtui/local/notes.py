"""Synthetic clinical notes in English and French for the demo and the benchmarks.

Every name, date, number and place comes from Faker with a fixed seed: nothing here describes a
real person, and the same seed always gives the same notes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker

_EN = [
    "DISCHARGE SUMMARY\nPatient: {patient}\nMRN: {mrn}\nAdmitted: {date1}    Discharged: {date2}\n"
    "Attending: Dr. {doctor}\n\n{patient_first} is a {age}-year-old {profession} admitted to {hospital} with "
    "chest pain radiating to the left arm. Troponin peaked at 2.1 ng/mL. Cardiac catheterization on {date1} "
    "showed a 90% stenosis of the LAD, treated with a drug-eluting stent.\n\nDischarge medications: aspirin 81 mg "
    "daily, atorvastatin 80 mg nightly, metoprolol 25 mg twice daily.\nFollow-up with Dr. {doctor2} in cardiology "
    "clinic on {date3}. Call {phone} with questions.\nHome address: {street}, {city}, {state} {zip}.\n",
    "PROGRESS NOTE - {date1}\n{patient} ({age} y/o) seen today in the {hospital} oncology clinic for cycle 3 "
    "of FOLFOX. Reports mild neuropathy in both hands, appetite improving. Weight 71.4 kg, BP 128/82.\n"
    "Labs: WBC 4.2, Hgb 11.8, Plt 188.\nPlan: continue current regimen; dose-reduce oxaliplatin if neuropathy "
    "worsens. Next visit {date3}.\nEmail for portal messages: {email}\nSigned: {doctor}, MD\n",
    "REFERRAL LETTER\n{date1}\n\nDear Dr. {doctor2},\n\nThank you for seeing {patient}, date of birth {dob}, "
    "health plan member ID {plan}, who presents with recurrent syncope. Holter monitoring at {hospital} on "
    "{date2} showed paroxysmal atrial fibrillation. She works as a {profession} at {company}.\n\n"
    "Please contact my office at {phone} or fax {fax}.\n\nSincerely,\nDr. {doctor}\n{street}, {city}, {state} {zip}\n",
    "EMERGENCY DEPARTMENT NOTE\nArrival: {date1} 02:14\nPatient {patient}, {age}-year-old, brought by ambulance "
    "after a fall at home ({street}, {city}). GCS 15. CT head negative. Laceration to the scalp repaired with "
    "6 staples.\nSSN on file: {ssn}. Emergency contact: {contact}, {phone}.\nDisposition: discharged home with "
    "wound care instructions; staple removal on {date3}.\nED physician: Dr. {doctor}\n",
    "LAB REPORT\nAccession: {account}\nPatient: {patient}    MRN: {mrn}\nCollected: {date1}\n"
    "HbA1c 8.4 % (H)\nFasting glucose 162 mg/dL (H)\nLDL 131 mg/dL (H)\nCreatinine 0.9 mg/dL\n"
    "Ordering provider: Dr. {doctor}, {hospital}\nResults portal: https://portal.{domain}/results/{mrn}\n",
]

_FR = [
    "COMPTE RENDU D'HOSPITALISATION\nPatient : {patient}\nDossier n° {mrn}\nAdmission : {date1_fr}\n"
    "Médecin traitant : Dr {doctor}\n\n{patient} est un patient de {age} ans, {profession}, admis à {hospital} "
    "pour une pneumonie communautaire. Traitement par amoxicilline 1 g trois fois par jour.\n"
    "Évolution favorable. Sortie le {date2_fr}. Rendez-vous de suivi avec Dr {doctor2} le {date3_fr}.\n"
    "Adresse : {street}, {city} ({state}) {zip}\nTéléphone : {phone}\n",
    "LETTRE DE RÉFÉRENCE\n{city}, le {date1_fr}\n\nChère consœur,\n\nJe vous adresse {patient}, née le {dob_fr}, "
    "numéro d'assurance maladie {plan}, pour l'évaluation d'une dyspnée d'effort. Échographie cardiaque réalisée "
    "à {hospital} le {date2_fr} : FEVG 45 %.\n\nVous pouvez me joindre au {phone} ou par courriel à {email}.\n\n"
    "Confraternellement,\nDr {doctor}\n",
    "NOTE D'ÉVOLUTION - URGENCE\n{patient}, {age} ans, consulte le {date1_fr} pour douleur abdominale. "
    "Examen : sensibilité en fosse iliaque droite. Échographie : appendicite aiguë.\nConduite : consultation en "
    "chirurgie avec Dr {doctor2}, à jeun, soluté NaCl 0,9 %.\nContact : {contact}, {phone}.\n"
    "Dr {doctor}, urgentologue\n",
]


@dataclass(frozen=True, slots=True)
class Note:
    name: str
    text: str
    language: str


class NoteFactory:
    """Fills note templates with Faker data; deterministic for a given seed."""

    def __init__(self, seed: int = 2024) -> None:
        self._rng = random.Random(seed)
        self._fakers = {"en": Faker("en_US"), "fr": Faker("fr_CA")}
        for i, fake in enumerate(self._fakers.values()):
            fake.seed_instance(seed + i)

    def _values(self, language: str) -> dict[str, str]:
        fake = self._fakers[language]
        rng = self._rng
        base = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 330))
        d1, d2, d3 = base, base + timedelta(days=rng.randrange(2, 9)), base + timedelta(days=rng.randrange(20, 60))
        dob = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 60 * 365))

        def person() -> str:  # Faker's name() adds titles and suffixes ("Mr. ... MD") that notes don't
            return f"{fake.first_name()} {fake.last_name()}"

        patient = person()
        values = {
            "patient": patient,
            "patient_first": patient.split()[0],
            "doctor": person(),
            "doctor2": person(),
            "contact": person(),
            "age": str(rng.randrange(19, 89)),
            "mrn": str(rng.randrange(10**6, 10**7)),
            "account": f"A{rng.randrange(10**7, 10**8)}",
            "plan": fake.bothify("???#########").upper(),
            "phone": fake.phone_number(),
            "fax": fake.phone_number(),
            "email": fake.email(),
            "ssn": f"{rng.randrange(100, 899)}-{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}",
            "street": fake.street_address(),
            "city": fake.city(),
            "zip": fake.postcode(),
            "state": fake.state_abbr() if language == "en" else fake.province_abbr(),
            "hospital": self._hospital(language),
            "company": fake.company(),
            "domain": fake.domain_name(),
            "profession": rng.choice(_PROFESSIONS[language]),
            "date1": d1.strftime("%m/%d/%Y"),
            "date2": d2.strftime("%B %d, %Y"),
            "date3": d3.strftime("%m/%d/%Y"),
            "dob": dob.strftime("%m/%d/%Y"),
        }
        for key, value in (("date1_fr", d1), ("date2_fr", d2), ("date3_fr", d3), ("dob_fr", dob)):
            values[key] = f"{value.day} {_FR_MONTHS[value.month - 1]} {value.year}"
        return values

    def _hospital(self, language: str) -> str:
        fake = self._fakers[language]
        if language == "en":
            return self._rng.choice(
                [
                    f"{fake.last_name()} Memorial Hospital",
                    f"{fake.city()} General Hospital",
                    f"St. {fake.first_name()} Medical Center",
                ]
            )
        return self._rng.choice(
            [f"l'Hôpital {fake.last_name()}", f"CHU de {fake.city()}", f"l'Hôpital Sainte-{fake.first_name_female()}"]
        )

    def note(self, language: str) -> str:
        templates = _EN if language == "en" else _FR
        return self._rng.choice(templates).format(**self._values(language))

    def notes(self, count: int, language: str, folder: str) -> Iterator[Note]:
        for i in range(count):
            yield Note(f"{folder}note-{i:04}.txt", self.note(language), language)


_PROFESSIONS = {
    "en": ["teacher", "nurse", "retired firefighter", "software engineer", "truck driver", "accountant"],
    "fr": ["enseignant", "infirmière", "pompier retraité", "ingénieur", "camionneur", "comptable"],
}
_FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
