"""English detection, one case (or more) per category."""

from __future__ import annotations

import pytest

from .helpers import category_of

CASES = [
    ("Patient: Margaret Olsen was admitted.", "Patient", "Margaret Olsen"),
    ("Mr. Kowalczyk reports less pain.", "Patient", "Kowalczyk"),
    ("Her daughter Karen called.", "Patient", "Karen"),
    ("Name: HERNANDEZ, Luis   DOB: 07/22/1959", "Patient", "HERNANDEZ, Luis"),
    ("Seen by Dr. Rajesh Patel in clinic.", "Doctor", "Rajesh Patel"),
    ("Signed, Laura Jensen, MD", "Doctor", "Laura Jensen"),
    ("Referred by Amanda Price for review.", "Doctor", "Amanda Price"),
    ("Attending: Ellen Brooks", "Doctor", "Ellen Brooks"),
    ("a 67-year-old woman", "Age", "67"),
    ("45 y/o male", "Age", "45"),
    ("aged 80, lives alone", "Age", "80"),
    ("The visit on 10/12/2023 went well.", "Date", "10/12/2023"),
    ("Admitted 2023-10-12.", "Date", "2023-10-12"),
    ("Collected Nov 4, 2023 at noon.", "Date", "Nov 4, 2023"),
    ("Letter dated 4 November 2023.", "Date", "4 November 2023"),
    ("Seen again November 4th.", "Date", "November 4th"),
    ("Started in October 2023.", "Date", "October 2023"),
    ("Call me at (608) 555-0143 tomorrow.", "Phone", "(608) 555-0143"),
    ("Cell: +1 514 555 0187", "Phone", "+1 514 555 0187"),
    ("Fax: 312-555-0100", "Fax", "312-555-0100"),
    ("Email jenna.morales84@mailbox.org please.", "Email", "jenna.morales84@mailbox.org"),
    ("Portal: https://carelink.example.com/patient/558120 today", "Url", "https://carelink.example.com/patient/558120"),
    ("See www.example-clinic.org for hours.", "Url", "www.example-clinic.org"),
    ("Connected from 192.168.14.27 yesterday", "IPAddress", "192.168.14.27"),
    ("SSN: 412-68-3390", "SocialSecurity", "412-68-3390"),
    ("SSN 412683390 on file", "SocialSecurity", "412683390"),
    ("SIN: 046 454 286", "SocialSecurity", "046 454 286"),
    ("MRN: 00482913", "MedicalRecord", "00482913"),
    ("Medical record number A-77120 noted", "MedicalRecord", "A-77120"),
    ("Account # A77120945", "Account", "A77120945"),
    ("Insurance member ID XJH448120977.", "HealthPlan", "XJH448120977"),
    ("Policy number: PLC-99812", "HealthPlan", "PLC-99812"),
    ("Driver's license no. D4417-8823-9901.", "License", "D4417-8823-9901"),
    ("VIN 1HGCM82633A004352 recorded", "Vehicle", "1HGCM82633A004352"),
    ("License plate 7KJD392 seen", "Vehicle", "7KJD392"),
    ("Pacemaker serial number RZB408812H checked", "Device", "RZB408812H"),
    ("Device ID PM2272-0045893", "Device", "PM2272-0045893"),
    ("Employee ID: E-55821", "IDNum", "E-55821"),
    ("Passport number X1234567", "IDNum", "X1234567"),
    ("Portal username: arahman77", "Username", "arahman77"),
    ("Lives at 2214 Birchwood Lane, Madison, WI 53711.", "Street", "2214 Birchwood Lane"),
    ("Lives at 2214 Birchwood Lane, Madison, WI 53711.", "City", "Madison"),
    ("Lives at 2214 Birchwood Lane, Madison, WI 53711.", "State", "WI"),
    ("Lives at 2214 Birchwood Lane, Madison, WI 53711.", "Zip", "53711"),
    ("She moved to Portland, Oregon last year.", "State", "Oregon"),
    ("Returned from Vietnam on Monday.", "CountryOrRegion", "Vietnam"),
    ("Transferred to Riverside General Hospital.", "Hospital", "Riverside General Hospital"),
    ("Follow-up at Lakeshore Medical Center.", "Hospital", "Lakeshore Medical Center"),
    ("Works as a welder at Northfield Steel Inc.", "Organization", "Northfield Steel Inc."),
    ("Employer: Contoso Ltd", "Organization", "Contoso Ltd"),
    ("Works as a welder at Northfield Steel Inc.", "Profession", "welder"),
    ("A retired firefighter with COPD.", "Profession", "firefighter"),
    ("She works as a nurse at the county hospital.", "Profession", "nurse"),
    ("Fell at Lakeview Park while jogging.", "LocationOther", "Lakeview Park"),
    ("PATIENT: JOHN KOWALCZYK  DOB: 04/12/1961", "Patient", "JOHN KOWALCZYK"),
    ("Ordering physician: Dr. R. Chandra", "Doctor", "R. Chandra"),
    ("Social history: Ahmed lives with his wife.", "Patient", "Ahmed"),
    ("Client Edward Lindqvist (86 yrs) seen at home.", "Age", "86"),
    ("She is a nurse at the county hospital.", "Profession", "nurse"),
    ("Medicare Beneficiary Identifier: 1EG4-TE5-MK73.", "HealthPlan", "1EG4-TE5-MK73"),
    ("Please call my rooms on (02) 9374 4000.", "Phone", "(02) 9374 4000"),
    ("Address: 12 George St, Sydney NSW 2000", "City", "Sydney"),
    ("Address: 12 George St, Sydney NSW 2000", "State", "NSW"),
    ("Address: 12 George St, Sydney NSW 2000", "Zip", "2000"),
    ("Lives at 14 Wellington Road, Manchester M14 6BL.", "Zip", "M14 6BL"),
]


@pytest.mark.parametrize(("text", "category", "value"), CASES, ids=[f"{c[1]}:{c[2]}" for c in CASES])
def test_english_category(text: str, category: str, value: str) -> None:
    assert category_of(text, value) == category


def test_doctor_and_patient_are_told_apart_by_context():
    text = "Mr. John Carter was seen by Dr. Helen Zhao. Carter will return in 2 weeks."
    assert category_of(text, "John Carter") == "Patient"
    assert category_of(text, "Helen Zhao") == "Doctor"
    assert category_of(text, "Carter") == "Patient"  # a later bare surname keeps the person's category


def test_dr_title_is_not_part_of_the_span():
    assert category_of("cc: Dr. Michael O'Connor", "Michael O'Connor") == "Doctor"
    assert category_of("cc: Dr. Michael O'Connor", "Dr. Michael O'Connor") is None
