"""The PHI categories of the de-identification service, spelled exactly as on the wire."""

from __future__ import annotations

CATEGORIES: tuple[str, ...] = (
    "Unknown",
    "Account",
    "Age",
    "BioID",
    "City",
    "CountryOrRegion",
    "Date",
    "Device",
    "Doctor",
    "Email",
    "Fax",
    "HealthPlan",
    "Hospital",
    "IDNum",
    "IPAddress",
    "License",
    "LocationOther",
    "MedicalRecord",
    "Organization",
    "Patient",
    "Phone",
    "Profession",
    "SocialSecurity",
    "State",
    "Street",
    "Url",
    "Username",
    "Vehicle",
    "Zip",
)

CATEGORY_SET = frozenset(CATEGORIES)
