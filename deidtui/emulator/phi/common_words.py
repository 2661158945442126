"""Capitalised words that are ordinary vocabulary, not names.

A capitalised token that is neither a known given name nor a known surname is only taken
as part of a name when it is NOT one of these (sentence-initial words, section headers,
clinical terms, drug classes). Stored lower-case.
"""

from __future__ import annotations

from .lexicon_en import _words

COMMON_WORDS = _words("""
a an the and or but if of in on at to for from by with without within into onto over under after
before during since until as is are was were be been being has have had do does did not no yes
this that these those there here it its he she him her his hers they them their we our you your i
my me who whom which what when where why how all any both each few more most other some such only
own same so than too very can will just should would could may might must shall also then again
once further about above below between through up down out off new old per via vs re cc pt pts
patient patients patiente patientes client cliente usager usagère name names nom prénom date dob
age sex male female man woman boy girl son daughter mother father wife husband sister brother
history hpi physical exam examination assessment plan impression diagnosis diagnoses procedure
procedures findings result results report summary note notes progress discharge admission
admitted admit follow followup follow-up visit clinic clinical consult consultation referral
refer referred letter dear sincerely regards thanks thank hello hi dear yours signed electronically
chief complaint reason medications medication allergies allergy social family surgical medical
past review systems vitals vital signs labs lab laboratory imaging radiology pathology subjective
objective general heent neck chest lungs heart cardiovascular abdomen extremities skin neuro
neurologic psychiatric musculoskeletal respiratory gastrointestinal genitourinary endocrine
hematology oncology cardiology neurology pediatrics surgery emergency department unit ward room
icu er ed or pacu nicu floor service team attending resident intern fellow nurse nursing staff
provider physician doctor surgeon pharmacy pharmacist therapist therapy physiotherapy occupational
speech social worker case manager pcp md do rn np pa lpn phd msc dds mph facp facc frcpc
mr mrs ms miss dr drs prof sir madam
no denies reports states presents presented complains noted seen evaluated started continue
continued stopped increase increased decrease decreased start stop take taking given give
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow morning evening
night week weeks month months year years day days hour hours minute minutes time
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
blood pressure heart rate temperature weight height bmi oxygen saturation pain fever cough
diabetes hypertension asthma copd cancer infection pneumonia fracture stroke sepsis anemia
insulin metformin lisinopril aspirin tylenol advil ibuprofen acetaminophen warfarin heparin
amoxicillin morphine prednisone albuterol atorvastatin
negative positive normal abnormal stable unstable acute chronic mild moderate severe left right
bilateral anterior posterior total type stage grade level high low none other unknown
hospital center centre health care medical university college school institute foundation
street avenue road boulevard drive lane way court place suite apt apartment unit floor building
north south east west northeast northwest southeast southwest
phone tel telephone fax email e-mail mail address city state zip country code number id
account mrn ssn insurance policy member group plan license licence device serial
page copy original final preliminary addendum amended dictated transcribed
le la les un une des du de d l au aux et ou mais donc or ni car ce cet cette ces son sa ses leur
leurs mon ma mes ton ta tes notre nos votre vos il elle ils elles on nous vous je tu lui y en
qui que quoi dont où quand comment pourquoi avec sans pour par sur sous dans chez vers entre
depuis pendant avant après selon contre est sont était été être avoir a ont avait eu fait faire
pas plus moins très bien mal peu beaucoup aussi encore déjà toujours jamais tout tous toute toutes
madame monsieur mademoiselle mme mlle m docteur docteure dre pr
âge sexe homme femme garçon fille fils mère père épouse époux mari frère sœur soeur enfant
antécédents histoire examen évaluation plan impression diagnostic diagnostics procédure résultats
rapport résumé sommaire compte rendu note notes évolution sortie admission congé visite suivi
consultation clinique référence lettre objet cher chère chers cordialement salutations merci
bonjour bonsoir médecin infirmière infirmier pharmacien pharmacienne urgence urgences service
unité chambre étage département soins intensifs hôpital hôpitaux centre santé
motif raison médicaments médication allergies allergie sociaux familiaux chirurgicaux
signes vitaux laboratoire imagerie radiologie pathologie subjectif objectif général générale
tête cou poitrine poumons cœur coeur abdomen membres peau neurologique psychiatrique
lundi mardi mercredi jeudi vendredi samedi dimanche aujourd'hui hier demain matin soir nuit
semaine semaines mois an ans année années jour jours heure heures minute minutes
janvier février mars avril mai juin juillet août septembre octobre novembre décembre
tension artérielle fréquence cardiaque température poids taille saturation douleur fièvre toux
diabète hypertension asthme cancer infection pneumonie fracture avc anémie
négatif négative positif positive normal normale anormal anormale stable aigu aiguë chronique
léger légère modéré modérée sévère gauche droite droit bilatéral total type stade niveau aucun
rue avenue boulevard chemin route place allée impasse quai appartement bureau
téléphone tél courriel adresse ville province code postal pays numéro dossier compte assurance
maladie carte permis série
traitement traité traitée prise prend prendre reçu reçue vu vue vus réfère référé référée
adressé adressée avisé avisée signé signée rédigé transmis chute examiné examinée
attends attended works worked lives lived visits visited goes went transferred presented discharged
called returned arrived moved resides resided stays stayed seen saw met meets follows followed sent
admits please contact call see ask asked told per via dear thank thanks re fw fwd
""")

# Department and specialty words: "Cardiology Clinic" is a service, not a named hospital.
SERVICE_WORDS = _words("""
cardiology oncology neurology nephrology urology dermatology endocrinology rheumatology
gastroenterology pulmonary pulmonology respiratory obstetrics gynecology gynaecology surgical surgery
vascular orthopedic orthopaedic orthopedics psychiatric psychiatry mental behavioral pediatric
paediatric pediatrics geriatric geriatrics diabetes memory pain sleep wound travel walk-in family
women's outpatient inpatient primary urgent eye dental fertility heart kidney liver cancer breast
fracture allergy asthma infusion dialysis transplant rehabilitation rehab physiotherapy sports
imaging radiology laboratory lab emergency trauma maternity birthing ent hand spine stroke clinic
hospital health medical care center centre the our this that a an your his her their its
practitioner nurse general internal medicine anticoagulation coumadin lipid hypertension
hematology haematology infectious disease diseases hiv hepatology ophthalmology optometry
audiology speech occupational physical therapy
cardiologie pneumologie oncologie pédiatrie réadaptation gériatrie psychiatrie neurologie néphrologie
urologie dermatologie gynécologie obstétrique chirurgie médecine santé soins urgence radiologie
cancérologie hématologie rhumatologie endocrinologie gastro-entérologie orthopédie ophtalmologie
""")
