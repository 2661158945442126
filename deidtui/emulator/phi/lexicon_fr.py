"""French-language detection lexicons (France and Québec): given names, surnames, places.

Detection only; surrogates come from Faker's fr_FR / fr_CA locales.
"""

from __future__ import annotations

from .lexicon_en import _phrases, _words

GIVEN_FEMALE = _words("""
Marie Julie Sophie Isabelle Nathalie Sylvie Catherine Christine Valérie Véronique Sandrine Stéphanie
Céline Caroline Émilie Emilie Audrey Mélanie Karine Chantal Diane Lucie Louise Geneviève Josée Manon
Annie Johanne Nicole Lise Francine Monique Jocelyne Ginette Suzanne Denise Pierrette Thérèse
Madeleine Jeanne Simone Yvette Yvonne Colette Huguette Micheline Françoise Brigitte Martine Danielle
Hélène Anne Claire Camille Léa Chloé Emma Inès Jade Zoé Lina Sarah Clara Juliette Alice Rose Anaïs
Océane Margaux Pauline Mathilde Laura Marine Justine Élodie Aurélie Amélie Virginie Patricia Laurence
Solène Maëlle Noémie Rosalie Florence Gabrielle Mégane Marianne Andrée Gisèle Raymonde Fernande
Germaine Lorraine Ève Maude Myriam Mireille Odette Paulette Agathe Éloïse Clémence Margot Capucine
Apolline Charlotte Élise Béatrice Cécile Dominique Estelle Fabienne Laetitia Murielle Nadine Solange
Sonia Vanessa Agnès Bernadette Claudette Marie-Claude Marie-Ève Marie-Josée Marie-France
Anne-Marie Marie-Hélène Marie-Pier Ariane Frédérique Jacinthe Lyne Line Carole Mélissa Kim
Roxanne Sabrina Cindy Annick Hélèna Yasmine Fatima Khadija Amina Leïla Nour Salma Mariam
""")

GIVEN_MALE = _words("""
Jean Pierre Michel André Philippe Alain Jacques Bernard Claude Daniel Christian Patrick Nicolas
François Éric Eric Frédéric Laurent Stéphane Pascal David Olivier Julien Sébastien Thomas Vincent
Guillaume Maxime Alexandre Antoine Mathieu Benoît Benoit Marc Luc Yves Gilles Serge Denis Guy Gérard
Robert Roger René Réjean Gaétan Normand Sylvain Martin Mario Richard Jean-Pierre Jean-François
Jean-Marc Jean-Luc Jean-Claude Jean-Guy Jean-Philippe Jean-Sébastien Marc-André Pierre-Luc
Louis-Philippe Hugo Gabriel Raphaël Léo Louis Jules Arthur Lucas Nathan Ethan Noah Adam Samuel
William Félix Émile Zacharie Charles Xavier Simon Étienne Jérôme Fabien Cédric Romain Damien Florian
Kevin Mickaël Anthony Jonathan Dominique Fernand Marcel Lucien Henri Georges Maurice Albert Paul
Raymond Gaston Léon Arnaud Bertrand Didier Hervé Thierry Lionel Yannick Jérémie Benjamin Quentin
Clément Théo Baptiste Valentin Mathis Enzo Tristan Loïc Karim Mohamed Youssef Mehdi Rachid Samir
Sami Amine Bilal Ghislain Rémi Rémy Denis Réal Gilbert Jacques-Yves Jocelyn Steve Alexis Francis
""")

GIVEN_NAMES = GIVEN_FEMALE | GIVEN_MALE

SURNAMES = _words("""
Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet Pelletier Bélanger
Lévesque Bergeron Leblanc Paquette Girard Simard Boucher Caron Beaulieu Cloutier Dubé Poirier
Fournier Lapointe Leclerc Lefebvre Poulin Thibault St-Pierre Nadeau Martin Landry Martel Bédard
Grenier Lessard Bernier Richard Michaud Hébert Desjardins Couture Turcotte Parent Blais Gosselin
Savard Proulx Beaudoin Demers Perreault Boudreau Lemieux Cyr Perron Dufour Dion Mercier Bolduc
Bérubé Boisvert Langlois Ménard Therrien Plante Bilodeau Blanchette Dubois Champagne Paradis Fortier
Arsenault Dupuis Gaudreault Hamel Houle Villeneuve Rousseau Gravel Thériault Lemay Allard Deschênes
Giroux Guay Leduc Boivin Charbonneau Lambert Raymond Vachon Gilbert Audet Larouche Legault Trudel
Fontaine Picard Labelle Lacroix Moreau Carrier Bernard Desrosiers Goulet Renaud Dionne Lapierre
Vaillancourt Fillion Lalonde Tessier Bertrand Tardif Lepage Gingras Rioux Giguère Drouin Harvey
Lauzon Gendron Boutin Laflamme Vallée Trépanier Chabot Lachance Brassard Beauchamp Cormier
Thomas Petit Durand Laurent Simon Michel Leroy Roux David Morel Bonnet Dupont Vincent Muller Lefèvre
Faure André Blanc Guérin Boyer Garnier Chevalier François Legrand Garcia Perrin Robin Clément
Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont Lemaire Noël Meyer Meunier
Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Gérard Roche Renard Schmitt
Leroux Colin Vidal Roger Fabre Aubert Lemoine Dumas Olivier Philippe Bourgeois Pierre Benoît Rey
Payet Rolland Leclercq Guillaume Lecomte Lopez Dupuy Guillot Hubert Berger Carpentier Sanchez
Moulin Louis Deschamps Huet Vasseur Perez Fleury Royer Klein Jacquet Adam Poirier Marty Aubry Guyot
Carré Charles Renault Charpentier Maillard Baron Bertin Bailly Hervé Schneider Fernandez Collet
Léger Bouvier Julien Prévost Millet Perrot Daniel Cousin Germain Breton Besson Rémy Pelletier
Lévêque Perrier Lebrun Marchal Weber Mallet Hamon Boulanger Jacob Monnier Rodriguez Guichard Gillet
Étienne Grondin Poulain Chevallier Collin Chauvin Bouchet Lemaître Bénard Maréchal Humbert Reynaud
Antoine Hoarau Perret Barthélemy Cordier Pichon Lejeune Lamy Delaunay Pasquier Carlier Laporte
Nguyen Tran Le Pham Diallo Traoré Khoury Saad Benoit Mohamed Ahmed Cissé Diop Ndiaye
""")

CITIES = _phrases("""
Montréal; Montreal; Québec; Quebec City; Laval; Gatineau; Longueuil; Sherbrooke; Saguenay; Lévis;
Trois-Rivières; Terrebonne; Saint-Jean-sur-Richelieu; Repentigny; Brossard; Drummondville;
Saint-Jérôme; Granby; Blainville; Rimouski; Chicoutimi; Shawinigan; Victoriaville; Joliette;
Rouyn-Noranda; Val-d'Or; Sept-Îles; Magog; Boucherville; Châteauguay; Mirabel; Mascouche;
Saint-Hyacinthe; Beloeil; Baie-Comeau; Thetford Mines; Moncton; Sainte-Foy; Outremont; Verdun;
Paris; Marseille; Lyon; Toulouse; Nice; Nantes; Strasbourg; Montpellier; Bordeaux; Lille; Rennes;
Reims; Le Havre; Saint-Étienne; Toulon; Grenoble; Dijon; Angers; Nîmes; Villeurbanne;
Clermont-Ferrand; Le Mans; Aix-en-Provence; Brest; Tours; Amiens; Limoges; Annecy; Perpignan; Metz;
Besançon; Orléans; Rouen; Mulhouse; Caen; Argenteuil; Montreuil; Roubaix; Tourcoing; Avignon;
Poitiers; Pau; La Rochelle; Calais; Cannes; Versailles; Créteil; Bobigny; Nanterre; Bruxelles;
Liège; Namur; Charleroi; Genève; Lausanne; Fribourg; Neuchâtel; Luxembourg; Alger; Oran; Tunis;
Casablanca; Rabat; Dakar; Abidjan; Port-au-Prince
""")

REGIONS = _phrases("""
Québec; Ontario; Colombie-Britannique; Nouveau-Brunswick; Nouvelle-Écosse; Terre-Neuve;
Île-du-Prince-Édouard; Alberta; Manitoba; Saskatchewan; Île-de-France; Bretagne; Normandie;
Occitanie; Nouvelle-Aquitaine; Auvergne-Rhône-Alpes; Provence-Alpes-Côte d'Azur; Grand Est;
Hauts-de-France; Pays de la Loire; Bourgogne-Franche-Comté; Centre-Val de Loire; Corse; Wallonie;
Flandre; Abitibi-Témiscamingue; Gaspésie; Montérégie; Laurentides; Lanaudière; Estrie; Mauricie;
Outaouais; Saguenay–Lac-Saint-Jean; Bas-Saint-Laurent; Côte-Nord
""")

COUNTRIES = _phrases("""
États-Unis; Mexique; Allemagne; Italie; Espagne; Brésil; Argentine; Colombie; Pérou; Chili; Haïti;
Jamaïque; République dominicaine; Royaume-Uni; Angleterre; Écosse; Irlande; Pays-Bas; Belgique;
Suisse; Autriche; Pologne; Russie; Grèce; Turquie; Roumanie; Suède; Norvège; Danemark; Finlande;
Chine; Japon; Corée du Sud; Corée; Viêt Nam; Thaïlande; Inde; Liban; Syrie; Irak; Israël;
Arabie saoudite; Égypte; Maroc; Algérie; Tunisie; Sénégal; Cameroun; Côte d'Ivoire; Mali; Congo;
République démocratique du Congo; Afrique du Sud; Australie; Nouvelle-Zélande; Canada; France;
Portugal; Cuba; Ukraine; Guinée; Burkina Faso; Niger; Togo; Bénin; Madagascar; Rwanda; Burundi;
Venezuela; Équateur; Bolivie; Philippines; Cambodge; Laos; Iran; Pakistan; Bangladesh; Afghanistan
""")

PROFESSIONS = _phrases("""
enseignant; enseignante; professeur; professeure; instituteur; institutrice; pompier; pompière;
policier; policière; électricien; électricienne; plombier; plombière; menuisier; menuisière;
charpentier; soudeur; soudeuse; mécanicien; mécanicienne; comptable; avocat; avocate; notaire;
ingénieur; ingénieure; architecte; agriculteur; agricultrice; cultivateur; cultivatrice;
camionneur; camionneuse; chauffeur de camion; chauffeur d'autobus; chauffeur de taxi; chauffeur;
caissier; caissière; serveur; serveuse; barman; cuisinier; cuisinière; boulanger; boulangère;
boucher; bouchère; coiffeur; coiffeuse; concierge; agent de sécurité; militaire; pilote;
bibliothécaire; journaliste; photographe; peintre; musicien; musicienne; comédien; comédienne;
écrivain; écrivaine; étudiant; étudiante; vendeur; vendeuse; représentant; représentante;
banquier; banquière; femme de ménage; préposé aux bénéficiaires; préposée aux bénéficiaires;
éducatrice; éducateur; éducatrice en garderie; secrétaire; réceptionniste; commis; gestionnaire;
informaticien; informaticienne; programmeur; programmeuse; technicien; technicienne; ouvrier;
ouvrière; manœuvre; livreur; livreuse; facteur; factrice; pharmacien; pharmacienne; dentiste;
vétérinaire; travailleur social; travailleuse sociale; ambulancier; ambulancière; infirmier;
infirmière; infirmière auxiliaire; aide-soignant; aide-soignante; médecin; chirurgien; chirurgienne;
psychologue; physiothérapeute; ergothérapeute; ébéniste; couvreur; maçon;
jardinier; jardinière; pêcheur; mineur; couturière; agent immobilier; conseiller; conseillère;
fonctionnaire; employé de bureau; employée de bureau; opérateur de chariot élévateur
""")

CLINICAL_PROFESSIONS = _phrases("""
infirmier; infirmière; infirmière auxiliaire; aide-soignant; aide-soignante; médecin; chirurgien;
chirurgienne; psychologue; physiothérapeute; ergothérapeute; pharmacien; pharmacienne; retraité;
retraitée; étudiant; étudiante; conseiller; conseillère; technicien; technicienne; représentant;
représentante; commis; gestionnaire; chauffeur; mineur; travailleur social; travailleuse sociale;
ambulancier; ambulancière; dentiste; militaire
""")
