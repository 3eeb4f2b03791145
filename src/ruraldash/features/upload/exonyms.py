"""Official French and German names of Flemish municipalities, for matching uploaded names.

Only names we are sure of: the long-standing official French (and German) translations, used on
official documents until the Flemish Government dropped them in 2006 (BRF, "Französische Ortsnamen
für flämische Kommunen abgeschafft", https://brf.be/national/19516). The reference list is the
correspondence table of official translations in *Toponymic Guidelines for Map and Other Editors for
International Use: Belgium* (K. Van Doren, National Geographic Institute; UNGEGN working paper 93,
2009, annex 2). This table was written from those well-known names and checked against the
bundle's municipality names (every target exists, tests/test_upload_check.py), not line by line
against that annex. Left out on purpose: names that are also the name of another Belgian municipality (*Saint-Nicolas*
is also a municipality in the province of Liège, so it is not taken for Sint-Niklaas), and Walloon
municipalities (Mouscron/Moeskroen, Enghien/Edingen are not Flemish). Names that are the same in
both languages (Hasselt, Diest, Genk, ...) need no entry. Every target is a 2019–2024 name.
"""

from __future__ import annotations

FRENCH = {
    "Anvers": "Antwerpen",
    "Gand": "Gent",
    "Bruges": "Brugge",
    "Louvain": "Leuven",
    "Malines": "Mechelen",
    "Courtrai": "Kortrijk",
    "Ypres": "Ieper",
    "Tirlemont": "Tienen",
    "Alost": "Aalst",
    "Termonde": "Dendermonde",
    "Renaix": "Ronse",
    "Hal": "Halle",
    "Vilvorde": "Vilvoorde",
    "Tongres": "Tongeren",
    "Looz": "Borgloon",
    "Fourons": "Voeren",
    "Ostende": "Oostende",
    "Furnes": "Veurne",
    "Dixmude": "Diksmuide",
    "Roulers": "Roeselare",
    "Menin": "Menen",
    "Audenarde": "Oudenaarde",
    "Grammont": "Geraardsbergen",
    "Lierre": "Lier",
    "Saint-Trond": "Sint-Truiden",
    "Léau": "Zoutleeuw",
    "Nieuport": "Nieuwpoort",
    "Messines": "Mesen",
    "Tamise": "Temse",
    "Rhode-Saint-Genèse": "Sint-Genesius-Rode",
    "Crainhem": "Kraainem",
    "Espierres-Helchin": "Spiere-Helkijn",
    "Biévène": "Bever",
    "Hérinnes": "Herne",
    "Gammerages": "Galmaarden",
    "Montaigu-Zichem": "Scherpenheuvel-Zichem",
}
GERMAN = {
    "Brügge": "Brugge",
    "Löwen": "Leuven",
    "Mecheln": "Mechelen",
    "Ypern": "Ieper",
    "Tongern": "Tongeren",
}
EXONYMS = FRENCH | GERMAN
"""French or German name -> Dutch name of the municipality (2019–2024 borders)."""
