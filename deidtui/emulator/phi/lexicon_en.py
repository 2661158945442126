"""English-language detection lexicons: common given names, surnames, places.

These lists only help DETECTION (a capitalised word that is a known given name makes a
following capitalised word likely a surname). Surrogates never come from here: they come
from Faker's locales.
"""

from __future__ import annotations


def _words(blob: str) -> frozenset[str]:
    return frozenset(blob.split())


def _phrases(blob: str) -> frozenset[str]:
    return frozenset(p.strip() for p in blob.split(";") if p.strip())


GIVEN_FEMALE = _words("""
Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Margaret
Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah Stephanie Rebecca
Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha
Katherine Christine Debra Rachel Carolyn Janet Catherine Maria Heather Diane Ruth Julie Olivia Joyce
Virginia Victoria Kelly Lauren Christina Joan Evelyn Judith Megan Andrea Cheryl Hannah Jacqueline
Martha Gloria Teresa Ann Sara Madison Frances Kathryn Janice Abigail Alice Judy Sophia Grace
Denise Amber Doris Marilyn Danielle Beverly Isabella Theresa Diana Natalie Brittany Charlotte Marie
Kayla Alexis Lori Ava Mia Chloe Ella Zoe Lily Aisha Fatima Priya Mei Yuki Ana Sofia Camila Lucia Rosa
Carmen Elena Jasmine Tiffany Crystal Erin Tara Holly Kristen Monica Vanessa Veronica Wendy Yvonne
Paula Rita Sylvia Irene Eleanor Lillian Lucy Nina Jenna Caroline Claire Erica Leah Molly Naomi Rose
Ruby Stella Gabriela Daniela Mariana Jada Maya Aaliyah Riley Harper Avery Addison Layla Nora Hazel
Violet Aurora Savannah Audrey Bella Skylar Allison Gianna Valentina Elise Dana Joanne Kathy Tammy
Tina Connie Peggy Sheila Bonnie Jill Gail Ellen Lynn Dawn Tracy Wanda Annie Phyllis Norma Lois Ethel
Gladys Mildred Edna Florence Bernice Agnes Hilda Dolores Marjorie Vivian Jane June Louise Marion
Lorraine Ida Mabel Esther Beatrice Pearl Vera Bertha Clara Kate Katie Jenny Becky Sue Meg Beth
Alicia Angelica Adriana Guadalupe Yolanda Leticia Silvia Graciela Alejandra Fernanda Isabel Luz
Ngoc Linh Lan Hoa Anh Thu Sakura Keiko Yumi Soo Ji Hye Min Ying Xiu Fang Li Sunita Anjali Deepa
Kavya Meera Nadia Leila Yasmin Amina Zainab Mariam Noor Sana Hana Chiara Giulia Francesca Ingrid
Astrid Freya Greta Heidi Katarina Olga Natasha Svetlana Irina Anya Tamara Ebony Keisha Latoya
Tanisha Shanice Imani Nia Ayesha Abby Maddie Gwen Fiona Siobhan Niamh Aoife Bridget Colleen Maureen
Kathleen Eileen Sheryl Gina Lena Tessa Marissa Melanie Brianna Gabrielle Jocelyn Kristina Krista
""")

GIVEN_MALE = _words("""
James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew
Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward
Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin
Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry
Douglas Zachary Peter Kyle Ethan Walter Noah Jeremy Christian Keith Roger Terry Gerald Harold Sean
Austin Carl Arthur Lawrence Dylan Jesse Jordan Bryan Billy Joe Bruce Gabriel Logan Albert Willie
Alan Juan Wayne Elijah Randy Roy Vincent Ralph Eugene Russell Bobby Mason Philip Louis Liam Lucas
Oliver Aiden Jayden Carter Owen Luke Isaac Hunter Caleb Connor Evan Ian Cole Tom Tony Jim Mike Bill
Bob Steve Dave Chris Matt Greg Ken Ted Fred Ray Luis Carlos Miguel Jorge Pedro Diego Alejandro
Ricardo Fernando Rafael Manuel Antonio Francisco Javier Hector Mohammed Muhammad Mohamed Ahmed Ali
Omar Hassan Ibrahim Yusuf Mustafa Khalid Tariq Raj Rajesh Ravi Arjun Vikram Amit Sanjay Rahul Anil
Suresh Wei Jun Hiroshi Kenji Takeshi Haruto Chen Jian Hao Ming Darnell DeShawn Marcus Andre Jamal
Malik Terrence Reginald Curtis Leonard Howard Stanley Clarence Earl Francis Ernest Martin Craig Dale
Glenn Barry Bernard Leon Calvin Harry Warren Frederick Norman Herbert Lloyd Ben Sam Max Leo Felix
Hugo Victor Oscar Edwin Derek Travis Shane Trevor Marvin Clifford Wesley Gordon Neil Dean Mitchell
Seth Spencer Colin Graham Stuart Nigel Malcolm Hamish Angus Callum Rhys Declan Eamon Seamus Liam
Dmitri Ivan Sergei Nikolai Alexei Piotr Tomasz Lars Sven Anders Hans Klaus Jürgen Stefan Giovanni
Marco Luca Matteo Alessandro Giuseppe Mateo Santiago Sebastian Emilio Raul Ramon Eduardo Sergio
Roberto Enrique Arturo Alberto Andres Hung Minh Tuan Duc Quang Thanh Kwame Kofi Chinedu Emeka Tunde
Oluwaseun Jerome Tyrone Lamar Devon Dwayne Maurice Otis Floyd Chester Herman Vernon Lester Elmer
Wade Troy Brent Todd Chad Brad Kurt Rodney Darren Lance Garrett Tanner Blake Chase Cody Dustin
""")

GIVEN_NAMES = GIVEN_FEMALE | GIVEN_MALE

SURNAMES = _words("""
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark
Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker
Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper
Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James
Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez
Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez
Simmons Romero Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes
Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison
Fernandez McDonald Woods Kennedy Wells Vargas Chen Freeman Webb Tucker Guzman Burns Crawford Olson
Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer
Wagner Black Robertson Boyd Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson
Nichols Stephens Soto Weaver Ryan Gardner Payne Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez
Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Riley
Andrews Alvarado Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis
Carpenter Lawrence Sandoval Guerrero Chapman Rios Estrada Ortega Watkins Greene Nunez Wheeler Valdez
Harper Burke Larson Santiago Maldonado Morrison Franklin Carlson Dominguez Carr Lawson Jacobs
O'Brien Lynch Singh Vega Bishop Montgomery Jensen Harvey Williamson Dean Sims Espinoza Howell Li
Wong Reid Hanson McCoy Garrett Burton Fuller Wang Weber Welch Rojas Marquez Fields Park Yang Banks
Padilla Walsh Bowman Schultz Luna Fowler Mejia Davidson Acosta Brewer Holland Juarez Newman Pearson
Curtis Cortez Douglas Schneider Barrett Navarro Figueroa Keller Avila Molina Stanley Hopkins Campos
Barnett Bates Chambers Caldwell Beck Lambert Miranda Byrd Craig Ayala Lowe Frazier Powers Neal
Leonard Gregory Carrillo Sutton Fleming Rhodes Shelton Schwartz Norris Jennings Watts Duran Walters
Cohen McDaniel Moran Parks Steele Vaughn Becker Holt Barker Hale Benson Haynes Horton Lyons Pham
Graves Thornton Wolfe Warner Cabrera McKinney Mann Zimmerman Dawson Lara Fletcher Page McCarthy
Robles Cervantes Solis Erickson Reeves Chang Klein Salinas Fuentes Baldwin Velasquez Hardy Higgins
Aguirre Lin Cummings Chandler Sharp Barber Bowen Ochoa Robbins Liu Ramsey Griffith Blair O'Connor
Cardenas Pacheco Quinn Moss Swanson Chan Rivas Khan Rodgers Serrano Fitzgerald Rosales Stevenson
Christensen Manning Gill McLaughlin Harmon Gross Doyle Garner Newton Burgess Reese Walton Blake
Trujillo Adkins Brady Goodman Webster Goodwin Fischer Huang Potter Montoya Todd Wu Hines Mullins
Castaneda Malone Cannon Tate Sherman Hubbard Hodges Zhang Guerra Valencia Saunders Franco Rowe
Gallagher Farmer Hammond Hampton Townsend Ingram Gallegos Clarke Barton Schroeder Maxwell Waters Logan
Camacho Strickland Parsons Harrington Glover Osborne Buchanan Casey Patton Ibarra Suarez Bowers
Orozco Salas Cobb Gibbs Andrade Bauer Conner Moody Escobar McGuire Lloyd Mueller Hartman Kramer
McBride Lindsey Velazquez Norton McCormick Sparks Flynn Yates Hogan Marsh Macias Villanueva Zamora
Pratt Stokes Ballard Brock Villarreal Drake Barrera Cain Pineda Burnett Mercado Santana Shepherd
Bautista Shaffer Trevino McKenzie Hess Cochran Morton Nash Wilkins Petersen Briggs Shah Roth Nicholson
Holloway Lozano Rangel Hoover Arias Mora Valenzuela Meyers Weiss Underwood Greer Houston Carson
Morrow Clayton Decker Yoder Collier Zuniga Carey Wilcox Melendez Poole Larsen Conley Davenport
Copeland Massey Lam Huff Rocha Cameron Jefferson Pittman Huynh Randall Singleton Kirk Mathis Skinner
Bradford Galvan Boone Kirby Wilkinson Bridges Atkinson Velez Meza Abbott Allison Tapia Sosa Sweeney
Farrell Wyatt Dalton Barron Phelps Dickerson Foley Atkins Mathews Bonilla Acevedo Benitez Zavala
Hensley Cisneros Harrell Shields Rubio Huffman Choi Garrison Arroyo Hancock Callahan Dillon Cline
Wiggins Grimes Arellano Melton O'Neill Beltran Pitts Parrish Ponce Booth Koch Brennan McDowell
Cantu Humphrey Baxter Sawyer Hutchinson Kaur Wiley Gilmore Russo Villegas Hobbs Wilkerson Ahmed
McClain Montes Rosario Vang Henson Stafford Sharma Gupta Kumar Reddy Rao Iyer Nair Desai Joshi
Tanaka Suzuki Sato Watanabe Yamamoto Kobayashi Ito Zhao Zhou Xu Sun Ma Hu Guo Lim Tan Ng Ong Kaur
Okafor Okonkwo Mensah Boateng Diallo Traore Kowalski Nowak Novak Ivanov Petrov Popov Rossi Ferrari
Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Costa Giordano Mancini Lombardi
Muller Schmitt Wolf Neumann Schwarz Hoffmann Wagner Richter Jansen Visser Bakker Smit Meijer
Murphy Byrne Kelly O'Sullivan Walsh Doherty Kennedy Lynch McLean MacDonald Fraser Stewart Hughes
""")

# Multi-word city names are matched as phrases; keep them capitalised as written.
CITIES = _phrases("""
New York; Los Angeles; Chicago; Houston; Phoenix; Philadelphia; San Antonio; San Diego; Dallas;
San Jose; Austin; Jacksonville; Fort Worth; Columbus; Indianapolis; San Francisco; Seattle; Denver;
Boston; El Paso; Nashville; Detroit; Oklahoma City; Portland; Las Vegas; Memphis; Louisville;
Baltimore; Milwaukee; Albuquerque; Tucson; Fresno; Sacramento; Kansas City; Atlanta; Omaha; Raleigh;
Miami; Minneapolis; Tulsa; Cleveland; Wichita; New Orleans; Tampa; Honolulu; Anaheim; Pittsburgh;
Cincinnati; St. Louis; Saint Louis; Orlando; Buffalo; Madison; Springfield; Salt Lake City; Richmond;
Hartford; Providence; Newark; Rochester; Albany; Birmingham; Baton Rouge; Des Moines; Boise; Spokane;
Anchorage; Charleston; Savannah; Knoxville; Lexington; Dayton; Toledo; Akron; Syracuse; Worcester;
Cambridge; Ann Arbor; Lansing; Green Bay; St. Paul; Little Rock; Jackson; Montgomery; Mobile;
Toronto; Vancouver; Calgary; Edmonton; Ottawa; Winnipeg; Halifax; Victoria; Regina; Saskatoon;
Mississauga; Brampton; Kingston; Windsor; London; Manchester; Liverpool; Leeds; Glasgow; Edinburgh;
Bristol; Sheffield; Cardiff; Belfast; Oxford; Nottingham; Leicester; Newcastle; Brighton; Aberdeen;
Sydney; Melbourne; Brisbane; Perth; Adelaide; Canberra; Hobart; Darwin; Auckland; Wellington; Dublin;
Cork
""")

US_STATES = _phrases("""
Alabama; Alaska; Arizona; Arkansas; California; Colorado; Connecticut; Delaware; Florida; Georgia;
Hawaii; Idaho; Illinois; Indiana; Iowa; Kansas; Kentucky; Louisiana; Maine; Maryland; Massachusetts;
Michigan; Minnesota; Mississippi; Missouri; Montana; Nebraska; Nevada; New Hampshire; New Jersey;
New Mexico; New York State; North Carolina; North Dakota; Ohio; Oklahoma; Oregon; Pennsylvania;
Rhode Island; South Carolina; South Dakota; Tennessee; Texas; Utah; Vermont; Virginia; Washington;
West Virginia; Wisconsin; Wyoming; Ontario; Quebec; Québec; British Columbia; Alberta; Manitoba;
Saskatchewan; Nova Scotia; New Brunswick; Newfoundland; Newfoundland and Labrador;
Prince Edward Island; Yukon; Nunavut; Northwest Territories; New South Wales; Queensland; Tasmania;
Western Australia; South Australia
""")

# Two-letter codes only count as State in an address context ("Boston, MA 02114").
STATE_CODES = _words("""
AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC
ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC ON QC BC AB MB SK NS NB NL PE YT NT NU NSW QLD
VIC TAS ACT SA
""")

COUNTRIES = _phrases("""
United States; United States of America; USA; U.S.A.; Canada; Mexico; France; Germany; Italy;
Spain; Portugal; Brazil; Argentina; Colombia; Peru; Chile; Venezuela; Cuba; Haiti; Jamaica;
Dominican Republic; Puerto Rico; Guatemala; Honduras; El Salvador; Nicaragua; United Kingdom; UK;
England; Scotland; Wales; Ireland; Netherlands; Belgium; Switzerland; Austria; Poland; Ukraine;
Russia; Greece; Turkey; Romania; Sweden; Norway; Denmark; Finland; China; Japan; South Korea;
North Korea; Korea; Vietnam; Viet Nam; Thailand; Philippines; Indonesia; Malaysia; India; Pakistan;
Bangladesh; Sri Lanka; Nepal; Afghanistan; Iran; Iraq; Syria; Lebanon; Israel; Saudi Arabia; Egypt;
Morocco; Algeria; Tunisia; Nigeria; Ghana; Kenya; Ethiopia; Somalia; Sudan; Senegal; Cameroon;
Congo; South Africa; Australia; New Zealand; Eritrea; Rwanda; Uganda; Tanzania; Zimbabwe; Iceland;
Hungary; Czech Republic; Serbia; Croatia; Bosnia; Albania; Cambodia; Laos; Myanmar; Taiwan;
Singapore; Ecuador; Bolivia; Paraguay; Uruguay; Costa Rica; Panama; Trinidad and Tobago
""")

# Occupations that are specific enough to tag wherever they appear; clinical roles
# (nurse, physician...) only count with a cue ("works as a nurse") because notes are full
# of the care team's roles.
PROFESSIONS = _phrases("""
teacher; schoolteacher; school teacher; primary school teacher; high school teacher;
elementary school teacher; kindergarten teacher; math teacher; substitute teacher; nurse's aide; firefighter;
police officer; electrician; plumber; carpenter; welder;
mechanic; accountant; lawyer; attorney; engineer; software engineer; software developer;
programmer; architect; farmer; truck driver; bus driver; taxi driver; cab driver; construction worker;
cashier; waiter; waitress; bartender; chef; cook; baker; butcher; hairdresser; barber; janitor;
custodian; security guard; soldier; veteran; pilot; flight attendant; librarian; journalist;
photographer; painter; musician; artist; actor; actress; writer; professor; student;
college student; graduate student; salesman; saleswoman; sales representative; real estate agent;
banker; cleaner; housekeeper; nanny; daycare worker; landscaper; roofer; forklift operator;
machinist; miner; fisherman; longshoreman; postal worker; mail carrier; secretary; receptionist;
office manager; manager; administrator; clerk; bookkeeper; pharmacist; dentist; veterinarian;
social worker; paramedic; nurse; registered nurse; nursing assistant; physician; surgeon;
therapist; physical therapist; home health aide; caregiver; laborer; factory worker; warehouse worker;
delivery driver; courier; contractor; consultant; analyst; economist; scientist; researcher;
technician; lab technician; dental hygienist; optometrist; psychologist; pastor; priest; minister;
coach; athlete; tailor; seamstress; jeweler; locksmith; surveyor; paralegal; judge; translator;
interpreter; data analyst; owner; business owner; restaurant owner; store owner; shop owner; web designer;
graphic designer; CEO; executive; entrepreneur; lifeguard
""")

CLINICAL_PROFESSIONS = _phrases("""
nurse; registered nurse; nursing assistant; physician; surgeon; therapist; physical therapist;
pharmacist; paramedic; social worker; psychologist; technician; lab technician; home health aide;
caregiver; dentist; manager; administrator; student; coach; veteran; cook; minister; cleaner; owner; pilot; judge
""")
