"""French detection (Québec and France), one case (or more) per category."""

from __future__ import annotations

import pytest

from .helpers import category_of

CASES = [
    ("Mme Chantal Bergeron, 81 ans, hospitalisée.", "Patient", "Chantal Bergeron"),
    ("La patiente Sophie Lemieux consulte.", "Patient", "Sophie Lemieux"),
    ("Sa fille Nathalie demande un appel.", "Patient", "Nathalie"),
    ("M. Gagnon est revenu.", "Patient", "Gagnon"),
    ("Vue par Dre Isabelle Fortin ce matin.", "Doctor", "Isabelle Fortin"),
    ("Référé par le Dr Benoît Lachance.", "Doctor", "Benoît Lachance"),
    ("Médecin traitant : Claire Dubois", "Doctor", "Claire Dubois"),
    ("Signé : Éric Tremblay, inf.", "Doctor", "Éric Tremblay"),
    ("Le Pr Antoine Girard a rédigé le rapport.", "Doctor", "Antoine Girard"),
    ("Patient référé par Benoît Lachance pour dyspnée.", "Doctor", "Benoît Lachance"),
    ("Bonjour Docteur Marchand, merci.", "Doctor", "Marchand"),
    ("M. Roy, âgé de 72 ans, vit seul.", "Age", "72"),
    ("Mme Roy, âgée de 72 ans, vit seule.", "Age", "72"),
    ("Enfant de 6 ans.", "Age", "6"),
    ("Rendez-vous le 10 Janvier.", "Date", "10 Janvier"),
    ("Admise le 15 mars 2024.", "Date", "15 mars 2024"),
    ("Revue le 1er avril pour suivi.", "Date", "1er avril"),
    ("Né le 14/06/1972 à Lyon.", "Date", "14/06/1972"),
    ("Contrôle le 12.10.2023.", "Date", "12.10.2023"),
    ("Tél. : 514-555-0187", "Phone", "514-555-0187"),
    ("Joindre au 01 45 67 89 12 le soir.", "Phone", "01 45 67 89 12"),
    ("Téléphone : +33 1 23 45 67 89", "Phone", "+33 1 23 45 67 89"),
    ("Télécopieur : 514 555-0190", "Fax", "514 555-0190"),
    ("Écrivez à facturation@hopital-exemple.qc.ca.", "Email", "facturation@hopital-exemple.qc.ca"),
    ("N° de sécurité sociale : 1 72 06 33 063 045 18", "SocialSecurity", "1 72 06 33 063 045 18"),
    ("NAS : 046 454 286", "SocialSecurity", "046 454 286"),
    ("Dossier n° H-339102", "MedicalRecord", "H-339102"),
    ("Numéro de dossier : 2023-884512", "MedicalRecord", "2023-884512"),
    ("Numéro de compte : 778-203-556", "Account", "778-203-556"),
    ("RAMQ : LEMS 8803 1412", "HealthPlan", "LEMS 8803 1412"),
    ("Carte d'assurance maladie BOUY 4507 2218", "HealthPlan", "BOUY 4507 2218"),
    ("Permis de conduire : C3421-190804-07", "License", "C3421-190804-07"),
    ("Plaque FKT 482 relevée.", "Vehicle", "FKT 482"),
    ("Numéro de série : ST-88213-Q", "Device", "ST-88213-Q"),
    ("Nom d'utilisateur : mlafleur62", "Username", "mlafleur62"),
    ("Il habite au 4521 rue Saint-Denis, Montréal (Québec) H2J 2L3.", "Street", "4521 rue Saint-Denis"),
    ("Il habite au 4521 rue Saint-Denis, Montréal (Québec) H2J 2L3.", "City", "Montréal"),
    ("Il habite au 4521 rue Saint-Denis, Montréal (Québec) H2J 2L3.", "State", "Québec"),
    ("Il habite au 4521 rue Saint-Denis, Montréal (Québec) H2J 2L3.", "Zip", "H2J 2L3"),
    ("Adresse : 17 avenue Thiers, 33100 Bordeaux.", "Zip", "33100"),
    ("Adresse : 17 avenue Thiers, 33100 Bordeaux.", "City", "Bordeaux"),
    ("Elle a déménagé en Ontario.", "State", "Ontario"),
    ("Originaire du Maroc, arrivée en 2019.", "CountryOrRegion", "Maroc"),
    ("Vue à l'Hôpital Maisonneuve-Rosemont.", "Hospital", "Hôpital Maisonneuve-Rosemont"),
    ("Transféré au CHU de Bordeaux.", "Hospital", "CHU de Bordeaux"),
    ("Suivie au CLSC Côte-des-Neiges.", "Hospital", "CLSC Côte-des-Neiges"),
    ("Il travaille chez Menuiserie Lefebvre SARL.", "Organization", "Menuiserie Lefebvre SARL"),
    ("Résultats du Laboratoire BioSanté.", "Organization", "Laboratoire BioSanté"),
    ("Elle est enseignante au primaire.", "Profession", "enseignante"),
    ("Travaille comme préposée aux bénéficiaires.", "Profession", "préposée aux bénéficiaires"),
    ("Chute à l'aéroport Montréal-Trudeau.", "LocationOther", "aéroport Montréal-Trudeau"),
]


@pytest.mark.parametrize(("text", "category", "value"), CASES, ids=[f"{c[1]}:{c[2]}" for c in CASES])
def test_french_category(text: str, category: str, value: str) -> None:
    assert category_of(text, value) == category


def test_quebec_city_versus_province():
    assert category_of("Elle habite à Québec depuis 2010.", "Québec") == "City"
    assert category_of("Elle est arrivée au Québec en 2010.", "Québec") == "State"
