"""The labelled edits: what newsrooms do to published stories, and what each edit is.

Each edit starts from a story of tests/labels/articles.py and applies the
steps a newsroom took (a sentence reworded, a figure changed, a paragraph
added, a correction appended, a headline swapped). The expected labels were
written with the edit, from what a reader would call it, before the
labeller's rules existed. `python -m tests.labels.edits` writes edits.jsonl.

Label short names: H headline changed, BY byline changed, IMG lead image
changed, HT headline test, C correction declared, S silent change, N numbers
changed, Q quote changed, DEV story developing, TRIM story trimmed, RW rewrite.
"""

import json
from pathlib import Path

from tests.labels.articles import ARTICLES

SLUGS = {
    "H": "headline-changed",
    "BY": "byline-changed",
    "IMG": "lead-image-changed",
    "HT": "headline-test",
    "C": "correction-declared",
    "S": "silent-change",
    "N": "numbers-changed",
    "Q": "quote-changed",
    "DEV": "story-developing",
    "TRIM": "story-trimmed",
    "RW": "rewrite",
}


def R(old, new):
    return ("replace", old, new)


def T(title):
    return ("title", title)


def B(byline):
    return ("byline", byline)


def I(image):  # noqa: E743 (an op, like the others)
    return ("image", image)


def M(modified):
    return ("modified", modified)


def A(paragraph):
    return ("append", paragraph)


def P(index, paragraph):
    return ("insert", index, paragraph)


def D(index):
    return ("delete", index)


def X(index, paragraph):
    return ("rewrite", index, paragraph)


EDITS = [
    # --- flood (en) ---
    ("flood", "N S", R("At least 12 people", "At least 17 people")),
    (
        "flood",
        "H N S",
        T("Flash floods sweep through valley towns, leaving 17 dead"),
        R("At least 12 people", "At least 17 people"),
    ),
    (
        "flood",
        "DEV",
        M("2026-06-03T11:40:00+00:00"),
        A(
            "By midday the water had begun to recede in Millbrook, but roads to two villages further up the valley remained cut off."
        ),
    ),
    (
        "flood",
        "Q S",
        R(
            '"We have never seen water move this fast,"',
            '"In 25 years on the job I have never seen water move like this,"',
        ),
    ),
    (
        "flood",
        "C N",
        R("opened four shelters", "opened five shelters"),
        A(
            "Correction: An earlier version of this article said four shelters had been opened. There are five."
        ),
    ),
    ("flood", "IMG", I("https://img.example-news.com/2026/06/flood-rescue-boat.jpg")),
    ("flood", "TRIM S", D(4)),
    (
        "flood",
        "DEV N",
        M("2026-06-03T15:00:00+00:00"),
        R("At least 12 people", "At least 14 people"),
        A(
            "Two more bodies were found near the Millbrook weir on Wednesday afternoon, police said."
        ),
        A(
            "The prime minister is expected to visit the valley on Thursday and has promised emergency funding for the families who lost their homes."
        ),
    ),
    ("flood", "", R("emergency officials said on Wednesday", "emergency officials said Wednesday")),
    # --- budget (en) ---
    ("budget", "N S", R("raises property taxes by 3.5%", "raises property taxes by 3.9%")),
    ("budget", "BY", B("Tom Ellis")),
    (
        "budget",
        "C",
        A(
            "This article was amended on 12 March 2026 to correct the spelling of Councillor Adeyemi's name."
        ),
        R("Councillor Ruth Adeyemi", "Councillor Ruth Adeyemi-Cole"),
    ),
    (
        "budget",
        "Q S",
        R(
            '"a betrayal of the neighbourhoods that need help the most"',
            '"a budget written for the downtown lobby, not for the people"',
        ),
    ),
    (
        "budget",
        "H",
        T("Council passes $4.2bn budget with tax rise and 250 new officers"),
    ),
    (
        "budget",
        "DEV S",
        A(
            "The police union welcomed the hiring plan, while tenants' groups said they would protest at the next council meeting on 3 April."
        ),
    ),
    (
        "budget",
        "RW N S",
        X(
            0,
            "After more than 14 hours of debate, councillors voted 9-6 in the early hours of Tuesday to pass the city's $4.2bn spending plan.",
        ),
        X(
            1,
            "Six members opposed the plan, which increases property taxes by 3.5% and pays for 250 extra police officers.",
        ),
        X(
            3,
            "Mayor Glen Sato, who backed the budget, said it would close a $290m deficit while keeping every library open on its usual hours.",
        ),
    ),
    ("budget", "", R("early on Tuesday after a debate", "early on Tuesday, after a debate")),
    ("budget", "TRIM S", D(2)),
    # --- trial (en) ---
    ("trial", "N S", R("more than $60m", "more than $45m")),
    (
        "trial",
        "C N",
        R("more than $60m", "more than $45m"),
        A(
            "Correction: An earlier version of this article overstated the amount investors lost. It was $45m, not $60m."
        ),
    ),
    (
        "trial",
        "DEV",
        M("2026-05-19T19:10:00Z"),
        A(
            "Outside the courthouse, a group of former investors applauded as the verdict was read out. Several said they had lost their life savings."
        ),
    ),
    (
        "trial",
        "Q",
        M("2026-05-19T18:30:00Z"),
        R(
            '"He knew the fund was empty and he kept selling it,"',
            '"He knew the fund was failing and he kept selling it anyway,"',
        ),
    ),
    (
        "trial",
        "N S",
        R("Sentencing is scheduled for 14 August.", "Sentencing is scheduled for 21 August."),
    ),
    (
        "trial",
        "H HT",
        T("Ex-Halden Bank boss convicted of $60m investor fraud"),
        (
            "history",
            [
                ("Former bank executive found guilty of fraud", 0),
                ("Ex-Halden Bank boss convicted of $60m investor fraud", 25),
            ],
        ),
    ),
    (
        "trial",
        "H",
        T("Ex-Halden Bank boss convicted of $60m investor fraud"),
    ),
    ("trial", "TRIM S", D(3)),
    (
        "trial",
        "S",
        R(
            "while continuing to sell shares to pensioners",
            "while continuing to market the fund to retired teachers and nurses",
        ),
    ),
    # --- transfer (en) ---
    ("transfer", "N S", R("scored 27 goals", "scored 29 goals")),
    (
        "transfer",
        "H N S",
        T("Rovers sign striker Leo Mensah in record £38m deal"),
        R("a club-record fee of £35m", "a club-record fee of £38m"),
    ),
    (
        "transfer",
        "Q S",
        R(
            '"This is a dream for me and my family,"',
            '"I am proud to join a club with such history,"',
        ),
    ),
    ("transfer", "IMG", I("https://media.sportsdesk.example/mensah-shirt-presentation.jpg")),
    (
        "transfer",
        "DEV S",
        A(
            "Mensah is expected to make his debut against City on Saturday if his international clearance arrives in time."
        ),
        A(
            "Porto will also receive a 15% sell-on clause, according to people familiar with the deal."
        ),
    ),
    (
        "transfer",
        "C N",
        R("has agreed a five-year contract", "has agreed a four-year contract"),
        A(
            "Update: This article has been corrected to show that Mensah signed a four-year contract."
        ),
    ),
    ("transfer", "BY", B("Jack Harlow, chief football writer")),
    (
        "transfer",
        "S",
        R(
            "had made a new forward her priority",
            "had said all summer that a new forward was essential",
        ),
    ),
    ("transfer", "", R("The 23-year-old scored", "The 23-year-old, scored")),
    # --- outage (en) ---
    (
        "outage",
        "C",
        M("2026-07-11T12:30:00+00:00"),
        A("Update: ClearPay said at 12:15 GMT that service had been fully restored."),
    ),
    (
        "outage",
        "N S",
        R("affected about 30% of transactions", "affected about half of all transactions"),
    ),
    (
        "outage",
        "H N",
        T("Payment network outage halts card transactions for six hours"),
        M("2026-07-11T14:00:00+00:00"),
        R("the problem began at 07:40 GMT", "the problem began at 07:10 GMT"),
    ),
    (
        "outage",
        "Q DEV",
        M("2026-07-11T11:00:00+00:00"),
        A(
            '"We apologise to every customer affected," chief executive Lena Fischer said in a statement.'
        ),
        R(
            "Supermarkets reported long queues",
            "Supermarkets reported long queues, and some closed their doors,",
        ),
        R("as customers searched for cash machines.", "as customers searched for cash machines."),
        R("no evidence of a cyber attack", '"no evidence of a cyber attack"'),
    ),
    ("outage", "TRIM S", D(2)),
    (
        "outage",
        "RW",
        M("2026-07-11T16:45:00+00:00"),
        X(
            0,
            "ClearPay has blamed a faulty software update for the outage that stopped card payments across Europe for much of Friday.",
        ),
        X(
            1,
            "In a statement, the firm said a change to its routing system, made overnight, caused terminals to reject valid cards from 07:40 GMT.",
        ),
        X(
            3,
            "The company has ruled out a cyber attack and says it will compensate retailers for lost sales.",
        ),
    ),
    (
        "outage",
        "C",
        R("the payment network ClearPay", "the payment processor ClearPay"),
        A(
            "Clarification: ClearPay processes payments for card networks; an earlier version of this article described it as a card network."
        ),
    ),
    (
        "outage",
        "",
        R(
            "Card payments failed for millions of shoppers",
            "Card payments failed for millions of shopers",
        ),
    ),
    # --- heat (en) ---
    ("heat", "N S", R("A reading of 40.3C", "A provisional reading of 40.2C")),
    (
        "heat",
        "H HT",
        T("UK records 40C for the first time as heatwave peaks"),
        (
            "history",
            [
                ("UK records 40C for the first time as heatwave peaks", 0),
                ("Heatwave pushes temperatures past 40C for first time", 20),
                ("UK records 40C for the first time as heatwave peaks", 45),
            ],
        ),
    ),
    (
        "heat",
        "H HT",
        T("Heatwave: Britain passes 40C for the first time"),
        (
            "history",
            [
                ("Heatwave: Britain passes 40C for the first time", 0),
                ("Heatwave pushes temperatures past 40C for first time", 90),
            ],
        ),
    ),
    (
        "heat",
        "H",
        T("Heatwave: Britain passes 40C for the first time"),
        (
            "history",
            [
                ("Heatwave: Britain passes 40C for the first time", 0),
                ("Heatwave pushes temperatures past 40C for first time", 60 * 40),
            ],
        ),
    ),
    (
        "heat",
        "Q S",
        R(
            '"This is a sign of what climate change means for us,"',
            '"This is what climate change looks like,"',
        ),
    ),
    (
        "heat",
        "DEV",
        M("2026-07-19T17:00:00+01:00"),
        A("Later on Tuesday, a temperature of 40.1C was also recorded at Heathrow."),
    ),
    ("heat", "TRIM", M("2026-07-19T18:00:00+01:00"), D(4), D(2)),
    ("heat", "IMG", I("https://images.weatherdesk.example/beach-crowds.jpg")),
    (
        "heat",
        "C",
        A(
            "Correction: This article originally misattributed a quote to chief meteorologist Penny Endersby; she is the chief executive of the Met Office."
        ),
        R(
            "said chief meteorologist Penny Endersby",
            "said Met Office chief executive Penny Endersby",
        ),
    ),
    # --- election (en) ---
    ("election", "N S", R("taking 52% of the vote", "taking 51% of the vote")),
    (
        "election",
        "H HT",
        T("Progress Party wins third term as opposition concedes"),
        (
            "history",
            [
                ("Progress Party wins third term as opposition concedes", 0),
                ("Opposition leader concedes as ruling party wins third term", 30),
                ("Progress Party wins third term as opposition concedes", 70),
                ("Opposition leader concedes as ruling party wins third term", 110),
            ],
        ),
    ),
    (
        "election",
        "Q S",
        R(
            '"the fight for a fairer country goes on"',
            '"our fight for a fairer country has only begun"',
        ),
    ),
    (
        "election",
        "DEV S",
        A("Results from the last 3% of polling stations are expected on Monday morning."),
    ),
    ("election", "BY", B("Daniel Ruiz and Ana Kovač")),
    (
        "election",
        "N",
        M("2026-10-05T08:00:00+00:00"),
        R("Turnout was 68%", "Turnout was 67.4%"),
    ),
    (
        "election",
        "C N",
        R("up from 61% at the last election", "up from 64% at the last election"),
        A(
            "Correction: An earlier version of this story gave the wrong turnout figure for the previous election. It was 64%."
        ),
    ),
    ("election", "TRIM S", D(3)),
    (
        "election",
        "RW",
        M("2026-10-05T09:00:00+00:00"),
        X(
            0,
            "Prime Minister Jonas Reinis has secured a third term after his Progress Party won a clear majority in Sunday's election, final results show.",
        ),
        X(
            1,
            "His main rival, Mara Vilks, admitted defeat in a speech to supporters in the capital shortly before midnight.",
        ),
        X(2, "The electoral commission put turnout at 68%, the highest in two decades."),
    ),
    # --- vaccine (en) ---
    ("vaccine", "N S", R("In trials involving 4,800 infants", "In trials involving 4,200 infants")),
    ("vaccine", "N S", R("cut severe cases by 75%", "cut severe cases by about two thirds")),
    (
        "vaccine",
        "Q S",
        R(
            '"This could save tens of thousands of lives every year,"',
            '"This could save many lives,"',
        ),
    ),
    (
        "vaccine",
        "DEV",
        M("2026-03-02T14:00:00Z"),
        A("The World Health Organization said it would review the data at a meeting in April."),
    ),
    ("vaccine", "H", T("Malaria vaccine for babies approved in world first")),
    (
        "vaccine",
        "C",
        R("for children under one year old", "for children aged five months to one year"),
        A("This article was updated to clarify the age range covered by the approval."),
    ),
    ("vaccine", "IMG", I("https://cdn.healthnews.example/clinic-nurse-infant.jpg")),
    ("vaccine", "TRIM S", D(2)),
    ("vaccine", "", R("the first of its kind.", "the first of its kind .")),
    # --- strike (en) ---
    ("strike", "N S", R("84% backed industrial action", "87% backed industrial action")),
    ("strike", "H", T("Nurses back first national strike in union's history")),
    (
        "strike",
        "DEV S",
        A(
            "Strike dates are expected to be announced next week. Emergency care will be maintained, the union said."
        ),
        A("Patients' groups said they were worried about cancelled operations."),
    ),
    (
        "strike",
        "Q S",
        R(
            'said the demand was "unaffordable"',
            'said the demand was "simply not affordable this year"',
        ),
    ),
    (
        "strike",
        "C",
        R("a pay rise of 5% above inflation", "a pay rise of 5% above RPI inflation"),
        A(
            "Correction: The union's demand is linked to the retail prices index, not consumer price inflation, as this article originally said."
        ),
    ),
    ("strike", "BY", B("Owen Blake, health correspondent")),
    ("strike", "TRIM S", D(2)),
    (
        "strike",
        "S",
        R(
            "have voted to strike for the first time",
            "have voted in favour of a walkout for the first time",
        ),
    ),
    # --- quake (en) ---
    (
        "quake",
        "N",
        M("2026-09-08T23:30:00+00:00"),
        R("A magnitude 6.8 earthquake", "A magnitude 7.1 earthquake"),
    ),
    (
        "quake",
        "H N",
        T("Magnitude 7.1 earthquake strikes off coast"),
        M("2026-09-08T23:30:00+00:00"),
        R("A magnitude 6.8 earthquake", "A magnitude 7.1 earthquake"),
    ),
    (
        "quake",
        "DEV",
        M("2026-09-09T02:00:00+00:00"),
        R(
            "There were no immediate reports of casualties, the civil defence agency said.",
            "At least three people were killed, the civil defence agency said.",
        ),
        A(
            "Rescue teams were searching for survivors in the fishing town of Porto Velho, where several houses collapsed."
        ),
    ),
    ("quake", "TRIM S", D(2)),
    ("quake", "N S", R("at a depth of 10km", "at a depth of 35km")),
    (
        "quake",
        "C N",
        R("150km away", "190km away"),
        A(
            "Correction: An earlier version of this article misstated the distance between the epicentre and the capital."
        ),
    ),
    ("quake", "BY", B("Reuters and AFP")),
    (
        "quake",
        "DEV",
        M("2026-09-09T00:10:00+00:00"),
        A('"The shaking went on for almost a minute," said Rosa Lima, a teacher in the capital.'),
    ),
    # --- museum (en) ---
    ("museum", "N S", R("valued at more than $200m", "valued at more than $250m")),
    (
        "museum",
        "Q S",
        R(
            '"It is in remarkably good condition,"',
            '"It has survived in better condition than we dared hope,"',
        ),
    ),
    (
        "museum",
        "DEV S",
        A(
            "The museum said the painting would be examined by conservators before it returns to Boston."
        ),
    ),
    ("museum", "H", T("Vermeer stolen in 1990 Boston heist found in Antwerp warehouse")),
    (
        "museum",
        "C",
        R("said the museum's director, Anne Hawley", "said the museum's director, Peggy Fogelman"),
        A(
            "Correction: A previous version of this article named Anne Hawley as the museum's director. She left the post in 2015."
        ),
    ),
    ("museum", "TRIM S", D(3)),
    ("museum", "IMG", I("https://arts.example-times.com/images/the-concert-detail.jpg")),
    (
        "museum",
        "N S",
        R("Two men have been arrested", "Three men have been arrested"),
    ),
    (
        "museum",
        "RW",
        M("2026-04-02T10:00:00+00:00"),
        X(
            0,
            "Belgian police have recovered The Concert, one of 13 works taken in the 1990 raid on the Isabella Stewart Gardner Museum.",
        ),
        X(
            1,
            "Officers found the canvas rolled inside a crate of old furniture in a warehouse near the port of Antwerp.",
        ),
        X(3, "Prosecutors said two men, aged 58 and 64, were being questioned."),
    ),
    # --- rates (en) ---
    (
        "rates",
        "N S",
        R(
            "Seven members of the rate-setting committee",
            "Six members of the rate-setting committee",
        ),
    ),
    (
        "rates",
        "Q N",
        M("2026-02-05T14:00:00+00:00"),
        R(
            'inflation, at 3.1%, was "still too high for comfort"',
            'inflation, at 3.2%, was "coming down, but not fast enough"',
        ),
    ),
    ("rates", "H", T("Bank of England keeps rates on hold at 4.5%")),
    (
        "rates",
        "DEV",
        M("2026-02-05T15:00:00+00:00"),
        A("The pound fell 0.4% against the dollar after the announcement."),
        A("Mortgage lenders said fixed rates were likely to stay close to current levels."),
    ),
    (
        "rates",
        "S",
        R("as expected by most economists", "in line with the forecasts of most City economists"),
    ),
    (
        "rates",
        "C",
        A(
            "Correction: An earlier version of this article said Governor Andrew Bailey made the remarks at a press conference. They were made in a broadcast interview."
        ),
    ),
    ("rates", "TRIM S", D(3)),
    ("rates", "", R("on Thursday, as expected", "on Thursday as expected")),
    # --- wahl (de) ---
    (
        "wahl",
        "N",
        M("2026-09-27T23:10:00+02:00"),
        R("Sie kommt auf 31,2 Prozent", "Sie kommt auf 30,9 Prozent"),
    ),
    (
        "wahl",
        "N S",
        R("Die SPD folgt mit 29,8 Prozent", "Die SPD folgt mit 30,1 Prozent"),
    ),
    ("wahl", "H", T("Landtagswahl: Kopf-an-Kopf-Rennen zwischen CDU und SPD")),
    (
        "wahl",
        "Q S",
        R(
            "„Das ist ein klarer Auftrag zur Regierungsbildung“",
            "„Wir werden mit allen demokratischen Parteien sprechen“",
        ),
    ),
    (
        "wahl",
        "DEV",
        M("2026-09-28T00:30:00+02:00"),
        A(
            "Nach Auszählung aller Wahlkreise bestätigte die Landeswahlleiterin das vorläufige Ergebnis kurz nach Mitternacht."
        ),
    ),
    (
        "wahl",
        "C N",
        R("die Grünen erreichen 14 Prozent", "die Grünen erreichen 12 Prozent"),
        A(
            "Korrektur: In einer früheren Version dieses Artikels hieß es, die Grünen hätten 14 Prozent erreicht. Richtig sind 12 Prozent."
        ),
    ),
    ("wahl", "TRIM S", D(3)),
    (
        "wahl",
        "H HT",
        T("CDU gewinnt Landtagswahl knapp"),
        (
            "history",
            [
                ("CDU gewinnt Landtagswahl knapp", 0),
                ("Landtagswahl: CDU gewinnt knapp vor der SPD", 35),
            ],
        ),
    ),
    ("wahl", "BY", B("Katrin Vogel und Tim Schuster")),
    # --- bahn (de) ---
    ("bahn", "N S", R("rund 80 Prozent der Fernzüge", "rund 90 Prozent der Fernzüge")),
    (
        "bahn",
        "N S",
        R("bis Mittwoch um 18 Uhr dauern", "bis Donnerstag um 2 Uhr dauern"),
    ),
    ("bahn", "H", T("Lokführerstreik: Bahn streicht fast alle Fernzüge")),
    (
        "bahn",
        "DEV S",
        A(
            "Im Regionalverkehr soll ein Notfahrplan gelten. Fahrgäste können bereits gekaufte Tickets flexibel nutzen."
        ),
    ),
    (
        "bahn",
        "Q S",
        R("„Wir lassen uns nicht erpressen“", "„Dieser Streik ist völlig unverhältnismäßig“"),
    ),
    (
        "bahn",
        "C",
        R(
            "Die Gewerkschaft fordert 555 Euro mehr Lohn",
            "Die Gewerkschaft fordert 555 Euro mehr Lohn und eine Inflationsprämie",
        ),
        A(
            "In einer früheren Version dieses Artikels fehlte die Forderung nach einer Inflationsprämie. Wir haben das ergänzt."
        ),
    ),
    ("bahn", "TRIM S", D(3)),
    (
        "bahn",
        "RW",
        M("2026-01-08T12:00:00+01:00"),
        X(
            0,
            "Millionen Pendler müssen sich seit Montag andere Wege zur Arbeit suchen: Die Lokführer streiken, und im Fernverkehr fährt kaum ein Zug.",
        ),
        X(
            1,
            "Die Bahn rechnet damit, dass vier von fünf Fernzügen ausfallen. Erst am Mittwochabend soll der Betrieb wieder anlaufen.",
        ),
        X(
            3,
            "Ein Bahnsprecher nannte den Streik „unverantwortlich“ und rief die Gewerkschaft zurück an den Verhandlungstisch.",
        ),
    ),
    (
        "bahn",
        "",
        R("fast vollständig zum Erliegen gebracht", "fast vollständig zum erliegen gebracht"),
    ),
    # --- brand (de) ---
    (
        "brand",
        "N",
        M("2026-04-14T09:00:00+02:00"),
        R("mit rund 150 Einsatzkräften", "mit rund 200 Einsatzkräften"),
    ),
    (
        "brand",
        "H N",
        T("Großbrand in Lagerhalle: Feuerwehr mit 200 Kräften im Einsatz"),
        M("2026-04-14T09:00:00+02:00"),
        R("mit rund 150 Einsatzkräften", "mit rund 200 Einsatzkräften"),
    ),
    (
        "brand",
        "DEV",
        M("2026-04-14T11:00:00+02:00"),
        A(
            "Am Vormittag gab die Feuerwehr Entwarnung. Die Messungen hätten keine erhöhten Schadstoffwerte ergeben."
        ),
    ),
    (
        "brand",
        "S",
        R(
            "Verletzt wurde nach ersten Erkenntnissen niemand.",
            "Ein Feuerwehrmann erlitt eine Rauchvergiftung.",
        ),
    ),
    (
        "brand",
        "C",
        R("im Gewerbegebiet Nord", "im Gewerbegebiet Süd"),
        A(
            "Korrektur: In einer früheren Version hieß es, der Brand sei im Gewerbegebiet Nord ausgebrochen. Das ist falsch."
        ),
    ),
    ("brand", "TRIM S", D(2)),
    ("brand", "IMG", I("https://cdn.example-lokal.de/fotos/loescharbeiten-morgen.jpg")),
    (
        "brand",
        "Q",
        M("2026-04-14T08:00:00+02:00"),
        R(
            "Anwohner wurden gebeten, Fenster und Türen geschlossen zu halten.",
            "Anwohner wurden gebeten, Fenster und Türen geschlossen zu halten. „Es besteht keine akute Gefahr“, sagte ein Sprecher der Stadt.",
        ),
    ),
    ("brand", "BY", B("dpa/lnw")),
    # --- klima (de) ---
    (
        "klima",
        "N S",
        R(
            "372 Abgeordnete stimmten dafür, 280 dagegen",
            "376 Abgeordnete stimmten dafür, 275 dagegen",
        ),
    ),
    (
        "klima",
        "Q S",
        R("„Das ist ein Rückschritt für den Klimaschutz“", "„Dieses Gesetz ist ein Rückschritt“"),
    ),
    ("klima", "H", T("Klimaschutzgesetz: Bundestag stimmt Reform zu")),
    (
        "klima",
        "DEV S",
        A(
            "Umweltverbände kündigten an, gegen das Gesetz vor das Bundesverfassungsgericht zu ziehen."
        ),
    ),
    (
        "klima",
        "C",
        R("sagte die Abgeordnete Lisa Brandt", "sagte die Abgeordnete Lisa Brand"),
        A(
            "Korrektur: Wir haben den Namen der Abgeordneten korrigiert. In einer früheren Fassung war er falsch geschrieben."
        ),
    ),
    ("klima", "TRIM S", D(3)),
    ("klima", "N S", R("bis 2045 klimaneutral", "bis 2050 klimaneutral")),
    (
        "klima",
        "",
        R(
            "Der Bundesrat muss dem Gesetz noch zustimmen.",
            "Der Bundesrat muss dem Gesetz noch zustimmen!",
        ),
    ),
    # --- fussball (de) ---
    ("fussball", "N S", R("Vor 81.365 Zuschauern", "Vor 81.000 Zuschauern")),
    (
        "fussball",
        "Q S",
        R("„Wir haben heute verdient verloren“", "„Dortmund war heute einfach besser“"),
    ),
    ("fussball", "H", T("BVB schlägt Bayern im Topspiel")),
    (
        "fussball",
        "H HT",
        T("3:1 – Dortmund schlägt die Bayern"),
        (
            "history",
            [
                ("3:1 – Dortmund schlägt die Bayern", 0),
                ("Bayern verliert Spitzenspiel in Dortmund", 40),
            ],
        ),
    ),
    (
        "fussball",
        "DEV",
        M("2026-11-08T22:00:00+01:00"),
        A("Am Mittwoch treffen beide Mannschaften in der Champions League auf englische Gegner."),
    ),
    (
        "fussball",
        "C",
        R("trafen Adeyemi, Brandt und Füllkrug", "trafen Adeyemi, Brandt und Guirassy"),
        A(
            "Korrektur: In einer früheren Version dieses Artikels wurde Füllkrug als Torschütze genannt. Das dritte Tor erzielte Guirassy."
        ),
    ),
    ("fussball", "TRIM S", D(3)),
    ("fussball", "N S", R("bis auf zwei Punkte", "bis auf einen Punkt")),
    # --- greve (fr) ---
    ("greve", "N S", R("environ 300 vols ont été annulés", "environ 450 vols ont été annulés")),
    (
        "greve",
        "Q S",
        R("« Nous n'avons pas d'autre choix »", "« Le gouvernement ne nous écoute pas »"),
    ),
    ("greve", "H", T("Contrôleurs aériens en grève : le trafic très perturbé à Orly et Roissy")),
    (
        "greve",
        "DEV",
        M("2026-05-16T12:00:00+02:00"),
        A("Ryanair a annoncé l'annulation de 120 vols supplémentaires vendredi."),
    ),
    (
        "greve",
        "C N",
        R("de réduire de 40 % leurs vols", "de réduire de 50 % leurs vols"),
        A(
            "Rectificatif : une version précédente de cet article indiquait une réduction de 40 % des vols à Orly. Il s'agit de 50 %."
        ),
    ),
    ("greve", "TRIM S", D(3)),
    ("greve", "BY", B("Claire Dubois avec AFP")),
    (
        "greve",
        "S",
        R("perturbe fortement le trafic ce jeudi", "paralyse une grande partie du trafic ce jeudi"),
    ),
    # --- incendie (fr) ---
    ("incendie", "N S", R("a parcouru 2 000 hectares", "a parcouru 2 600 hectares")),
    (
        "incendie",
        "H N",
        T("Incendie dans le Var : 2 600 hectares partis en fumée"),
        M("2026-08-12T10:00:00+02:00"),
        R("a parcouru 2 000 hectares", "a parcouru 2 600 hectares"),
    ),
    (
        "incendie",
        "DEV S",
        A(
            "En fin de journée, les pompiers indiquaient que le feu progressait moins vite grâce à la baisse du vent."
        ),
    ),
    (
        "incendie",
        "Q",
        M("2026-08-12T14:00:00+02:00"),
        R(
            "« Le feu n'est pas fixé »",
            "« Le feu n'est pas encore fixé, mais il est en bonne voie »",
        ),
    ),
    (
        "incendie",
        "C N",
        R("appuyés par 12 bombardiers d'eau", "appuyés par 9 bombardiers d'eau"),
        A("Correction : une version précédente de cet article évoquait 12 bombardiers d'eau."),
    ),
    ("incendie", "TRIM S", D(2)),
    ("incendie", "IMG", I("https://cdn.example-sud.fr/photos/canadair-maures.jpg")),
    (
        "incendie",
        "RW",
        M("2026-08-13T08:00:00+02:00"),
        X(
            0,
            "Le feu qui ravage le massif des Maures depuis lundi a déjà détruit l'équivalent de 2 000 terrains de football de forêt.",
        ),
        X(
            1,
            "Les moyens aériens ont été renforcés pendant la nuit et les pompiers venus de tout le Sud-Est se relaient sur place.",
        ),
        X(
            2,
            "Les évacuations se sont poursuivies mardi, notamment dans les campings proches de La Londe.",
        ),
    ),
    # --- retraites (fr) ---
    ("retraites", "N S", R("dans les 24 heures", "dans les 48 heures")),
    (
        "retraites",
        "Q S",
        R("« C'est un déni de démocratie »", "« C'est un aveu de faiblesse »"),
    ),
    ("retraites", "H", T("Retraites : Élisabeth Borne dégaine le 49.3")),
    (
        "retraites",
        "DEV",
        M("2026-03-16T19:00:00+01:00"),
        A("Des rassemblements spontanés ont eu lieu dans la soirée place de la Concorde, à Paris."),
        A("Les syndicats ont appelé à une nouvelle journée de mobilisation jeudi prochain."),
    ),
    (
        "retraites",
        "C",
        R(
            "Les députés de l'opposition ont chanté",
            "Des députés de La France insoumise ont chanté",
        ),
        A(
            "Cet article a été modifié : il attribuait à tous les députés de l'opposition le chant de La Marseillaise."
        ),
    ),
    ("retraites", "TRIM S", D(3)),
    ("retraites", "N S", R("de 62 à 64 ans", "de 62 à 63 ans")),
    (
        "retraites",
        "H HT",
        T("Retraites : Élisabeth Borne dégaine le 49.3"),
        (
            "history",
            [
                ("Retraites : Élisabeth Borne dégaine le 49.3", 0),
                ("Réforme des retraites : le gouvernement recourt au 49.3", 15),
            ],
        ),
    ),
    # --- tour (fr) ---
    ("tour", "N S", R("de 1 min 08 s", "de 1 min 12 s")),
    (
        "tour",
        "Q S",
        R(
            "« J'ai eu de très bonnes jambes aujourd'hui »",
            "« C'était une journée parfaite pour l'équipe »",
        ),
    ),
    ("tour", "H", T("Pogacar écrase le Tour au Plateau de Beille")),
    (
        "tour",
        "DEV S",
        A("Lundi, les coureurs profiteront de la deuxième journée de repos à Gruissan."),
    ),
    (
        "tour",
        "C N",
        R("sa quatrième victoire d'étape", "sa cinquième victoire d'étape"),
        A(
            "Correction : une version précédente de cet article indiquait qu'il s'agissait de sa quatrième victoire d'étape."
        ),
    ),
    ("tour", "TRIM S", D(2)),
    ("tour", "IMG", I("https://sport.example-velo.fr/img/pogacar-maillot-jaune.jpg")),
    ("tour", "", R("au micro de France Télévisions", "au micro de France télévisions")),
    # --- sequia (es) ---
    ("sequia", "N S", R("están al 16% de su capacidad", "están al 15,8% de su capacidad")),
    (
        "sequia",
        "Q S",
        R("«Es la peor sequía del último siglo»", "«Estamos ante una situación excepcional»"),
    ),
    ("sequia", "H", T("Barcelona y 201 municipios, en emergencia por la sequía")),
    (
        "sequia",
        "DEV",
        M("2026-02-01T15:00:00+01:00"),
        A(
            "Las piscinas privadas no podrán llenarse y el riego de parques quedará prohibido salvo para árboles."
        ),
    ),
    (
        "sequia",
        "C",
        R(
            "limita el consumo a 200 litros",
            "limita el consumo a 200 litros por habitante, frente a los 210",
        ),
        R("por habitante y día.", "diarios actuales."),
        A(
            "Corrección: una versión anterior de este artículo no precisaba el límite de consumo vigente hasta ahora."
        ),
    ),
    ("sequia", "TRIM S", D(3)),
    ("sequia", "BY", B("Marta Puig / Barcelona")),
    (
        "sequia",
        "N S",
        R("otros 201 municipios", "otros 202 municipios"),
    ),
    # --- dana (es) ---
    ("dana", "N S", R("491 litros por metro cuadrado", "491,8 litros por metro cuadrado")),
    (
        "dana",
        "DEV N",
        M("2026-10-29T22:00:00+01:00"),
        R("han rescatado a 70 personas", "han rescatado a más de 200 personas"),
        A("El Gobierno ha enviado a la Unidad Militar de Emergencias a las zonas más afectadas."),
    ),
    ("dana", "H", T("Inundaciones en Valencia: rescatadas 70 personas atrapadas en sus coches")),
    (
        "dana",
        "Q S",
        R("«La situación es muy grave»", "«No salgan de casa bajo ningún concepto»"),
    ),
    (
        "dana",
        "C",
        R("El alcalde de Paiporta", "La alcaldesa de Paiporta"),
        A(
            "Fe de errores: en una versión anterior de esta información se atribuían las declaraciones al alcalde de Paiporta. Es alcaldesa."
        ),
    ),
    ("dana", "TRIM S", D(1)),
    ("dana", "IMG", I("https://fotos.example-levante.es/coches-amontonados.jpg")),
    (
        "dana",
        "RW",
        M("2026-10-30T09:00:00+01:00"),
        X(
            0,
            "Valencia amanece devastada tras la peor riada en décadas: calles convertidas en ríos, coches amontonados y pueblos incomunicados.",
        ),
        X(
            1,
            "Aemet registró cantidades históricas de lluvia en Chiva, donde cayó en ocho horas casi lo que suele llover en un año.",
        ),
        X(
            2,
            "Bomberos, policías y vecinos pasaron la noche rescatando a conductores atrapados en la V-31.",
        ),
    ),
    # --- liga (es) ---
    ("liga", "N S", R("en el minuto 92", "en el minuto 91")),
    ("liga", "Q S", R("«Es una noche que no olvidaré nunca»", "«Ganar aquí es algo especial»")),
    ("liga", "H", T("Bellingham decide el clásico y el Madrid es líder")),
    (
        "liga",
        "H HT",
        T("Bellingham decide el clásico y el Madrid es líder"),
        (
            "history",
            [
                ("Bellingham decide el clásico y el Madrid es líder", 0),
                ("El Real Madrid gana el clásico en el Camp Nou", 50),
            ],
        ),
    ),
    (
        "liga",
        "DEV S",
        A("El próximo clásico se disputará en el Santiago Bernabéu el 21 de abril."),
    ),
    (
        "liga",
        "C",
        R("se coloca líder de LaLiga", "se coloca líder provisional de LaLiga"),
        A(
            "Actualización: el Girona puede recuperar el liderato si gana su partido pendiente. Se ha corregido el texto."
        ),
    ),
    ("liga", "TRIM S", D(3)),
    ("liga", "N S", R("a cuatro puntos del líder", "a tres puntos del líder")),
    # --- vivienda (es) ---
    ("vivienda", "N S", R("con 176 votos a favor", "con 179 votos a favor")),
    (
        "vivienda",
        "Q S",
        R(
            "«protege a los inquilinos sin castigar a los pequeños propietarios»",
            "«es un avance histórico»",
        ),
    ),
    ("vivienda", "H", T("Luz verde a la primera ley de vivienda de la democracia")),
    (
        "vivienda",
        "DEV",
        M("2026-05-18T20:00:00+02:00"),
        A(
            "La ley entrará en vigor al día siguiente de su publicación en el Boletín Oficial del Estado."
        ),
    ),
    (
        "vivienda",
        "C",
        R(
            "limita las subidas del alquiler al 3% en 2024",
            "limita las subidas del alquiler al 2% en 2023 y al 3% en 2024",
        ),
        A(
            "Corrección: una versión anterior de este artículo omitía el límite del 2% fijado para 2023."
        ),
    ),
    ("vivienda", "TRIM S", D(2)),
    ("vivienda", "BY", B("Elena Ruiz (Madrid)")),
    (
        "vivienda",
        "RW",
        M("2026-05-18T21:00:00+02:00"),
        X(
            0,
            "España tiene por primera vez una ley estatal de vivienda, aprobada este jueves en el Congreso con el apoyo de los socios del Gobierno.",
        ),
        X(
            1,
            "El texto topa la actualización de los alquileres y abre la puerta a que las comunidades declaren zonas de mercado tensionado.",
        ),
        X(
            2,
            "Los populares la llevarán al Constitucional por invadir, a su juicio, competencias autonómicas.",
        ),
    ),
]

# More edits of the kinds newsrooms make most: several at once, in every language.
EDITS += [
    (
        "flood",
        "H N S DEV",
        T("Valley floods: death toll rises to 19"),
        R("At least 12 people", "At least 19 people"),
        A("Officials said six people were still missing on Thursday morning."),
    ),
    (
        "budget",
        "H HT",
        T("Council approves $4.2bn budget after marathon session"),
        (
            "history",
            [
                ("Council approves $4.2bn budget after marathon session", 0),
                ("City council approves $4.2bn budget after marathon session", 30),
            ],
        ),
    ),
    (
        "transfer",
        "H HT",
        T("Mensah joins Rovers for club-record £35m"),
        (
            "history",
            [
                ("Rovers sign striker Leo Mensah in record £35m deal", 0),
                ("Mensah joins Rovers for club-record £35m", 20),
                ("Rovers sign striker Leo Mensah in record £35m deal", 35),
            ],
        ),
    ),
    (
        "outage",
        "H",
        T("Payment network outage halts card transactions"),
        (
            "history",
            [
                ("Payment network outage halts card transactions", 0),
                ("Millions hit as payment network outage halts card transactions", 60 * 30),
            ],
        ),
    ),
    (
        "election",
        "TRIM",
        M("2026-10-05T07:00:00+00:00"),
        D(3),
        R("with almost all ballots counted", "with all ballots counted"),
    ),
    (
        "vaccine",
        "Q S",
        R(
            "said Dr Kofi Asante, who led the research",
            'said Dr Kofi Asante, who led the research, adding: "We need to move fast."',
        ),
        R(
            '"This could save tens of thousands of lives every year,"',
            '"This could save thousands of lives,"',
        ),
    ),
    ("rates", "BY", B("Nikhil Shah, economics editor")),
    (
        "strike",
        "H BY",
        T("Nurses vote for historic strike over pay"),
        B("Owen Blake and Sara Ng"),
    ),
    (
        "quake",
        "IMG H",
        I("https://img.globalwire.example/quake-epicentre-map.png"),
        T("Strong earthquake shakes southern coast"),
    ),
    (
        "museum",
        "DEV Q",
        M("2026-04-01T18:00:00+00:00"),
        R(
            '"It is in remarkably good condition,"',
            '"It is in remarkably good condition, almost untouched,"',
        ),
        A(
            "The FBI said it was working with Belgian authorities to find the other 12 works stolen in the raid."
        ),
    ),
    (
        "wahl",
        "S",
        R(
            "und damit höher als vor fünf Jahren",
            "und damit deutlich höher als bei der vorigen Wahl",
        ),
    ),
    (
        "bahn",
        "C",
        A(
            "Aktualisiert: Die Bahn hat am Nachmittag einen Ersatzfahrplan veröffentlicht. In einer früheren Version stand, es gebe keinen."
        ),
    ),
    (
        "brand",
        "RW N S",
        X(
            0,
            "Ein Feuer hat in der Nacht zu Dienstag eine Lagerhalle im Gewerbegebiet Nord vollständig zerstört.",
        ),
        X(
            1,
            "Rund 180 Feuerwehrleute kämpften stundenlang gegen die Flammen. Niemand wurde verletzt.",
        ),
        X(
            3,
            "Warum das Feuer ausbrach, ist unklar. Nach Polizeiangaben liegt der Schaden im zweistelligen Millionenbereich.",
        ),
    ),
    (
        "klima",
        "H HT",
        T("Klimaschutzgesetz: Bundestag stimmt Reform zu"),
        (
            "history",
            [
                ("Bundestag beschließt neues Klimaschutzgesetz", 0),
                ("Klimaschutzgesetz: Bundestag stimmt Reform zu", 10),
                ("Bundestag beschließt neues Klimaschutzgesetz", 25),
            ],
        ),
    ),
    (
        "fussball",
        "IMG",
        I("https://sport.example-blatt.de/img/jubel-suedtribuene.jpg"),
    ),
    (
        "greve",
        "TRIM N",
        M("2026-05-16T10:00:00+02:00"),
        D(3),
        R("environ 300 vols", "environ 350 vols"),
    ),
    (
        "incendie",
        "BY",
        B("Julien Moreau, correspondant à Toulon"),
    ),
    (
        "retraites",
        "DEV Q",
        M("2026-03-16T18:00:00+01:00"),
        R(
            "« C'est un déni de démocratie »",
            "« C'est un déni de démocratie, et nous le combattrons »",
        ),
        A("Le chef de l'État n'a pas réagi publiquement dans la soirée."),
    ),
    (
        "tour",
        "RW",
        M("2026-07-14T19:30:00+02:00"),
        X(
            0,
            "Dimanche au Plateau de Beille, Tadej Pogacar a une nouvelle fois dominé la montagne pour s'offrir la 15e étape.",
        ),
        X(1, "Parti seul à cinq kilomètres du sommet, il a laissé Vingegaard à plus d'une minute."),
        X(3, "Le maillot jaune possède maintenant plus de trois minutes d'avance sur le Danois."),
    ),
    (
        "sequia",
        "H HT",
        T("Emergencia por sequía en Barcelona"),
        (
            "history",
            [
                ("Emergencia por sequía en Barcelona", 0),
                ("Cataluña declara la emergencia por sequía", 45),
            ],
        ),
    ),
    (
        "dana",
        "H",
        T("Alerta roja en Valencia por la DANA"),
        (
            "history",
            [
                ("Alerta roja en Valencia por la DANA", 0),
                ("La DANA deja lluvias torrenciales en Valencia", 60 * 50),
            ],
        ),
    ),
    (
        "liga",
        "IMG BY",
        I("https://deportes.example-marca.es/img/bellingham-celebra.jpg"),
        B("Álvaro Martín y Lucía Gómez"),
    ),
    (
        "vivienda",
        "S",
        R(
            "El PP anunció que recurrirá la ley",
            "El Partido Popular ha anunciado que llevará la norma",
        ),
        R("ante el Tribunal Constitucional.", "al Tribunal Constitucional."),
    ),
    (
        "heat",
        "",
        R("rise in admissions for heat exhaustion", "rise in admissions for heat exaustion"),
    ),
    (
        "trial",
        "",
        R("Sentencing is scheduled for 14 August.", "Sentencing is scheduled for 14 August ."),
    ),
    ("greve", "", R("ce jeudi", "ce Jeudi")),
    (
        "sequia",
        "",
        R("el nivel más bajo desde que hay registros", "el nivel mas bajo desde que hay registros"),
    ),
]


def _apply(story, ops):
    title, byline = story["title"], story["byline"]
    image, modified = story["image"], story["modified"]
    paragraphs = list(story["paragraphs"])
    for op in ops:
        kind, *args = op
        if kind == "replace":
            old, new = args
            text = "\n\n".join(paragraphs)
            if text.count(old) != 1:
                raise ValueError(f"{old!r} is not in the text exactly once")
            paragraphs = text.replace(old, new).split("\n\n")
        elif kind == "title":
            title = args[0]
        elif kind == "byline":
            byline = args[0]
        elif kind == "image":
            image = args[0]
        elif kind == "modified":
            modified = args[0]
        elif kind == "append":
            paragraphs.append(args[0])
        elif kind == "insert":
            paragraphs.insert(args[0], args[1])
        elif kind == "delete":
            del paragraphs[args[0]]
        elif kind == "rewrite":
            paragraphs[args[0]] = args[1]
    return {
        "title": title,
        "byline": byline,
        "lead_image_url": image,
        "modified_at": modified,
        "text": "\n\n".join(paragraphs),
    }


def _side(story):
    return _apply(story, [])


def records():
    for number, (name, labels, *ops) in enumerate(EDITS, start=1):
        history = [op[1] for op in ops if op[0] == "history"]
        ops = [op for op in ops if op[0] != "history"]
        yield _record(number, name, labels, ops, history[0] if history else [])


# Minutes between the version before an edit and the one after it.
EDIT_GAP_MINUTES = 30


def _timeline(history, before_title):
    """[[title, minute]] of the versions before the edit's, and its minute.

    A history names the versions served before the edited one, oldest
    first; when it ends with the edited version's own headline, that entry
    is the edited version itself.
    """
    history = [list(entry) for entry in history]
    if history and history[-1][0] == before_title:
        *earlier, (_, before_at) = history
    else:
        earlier, before_at = history, (history[-1][1] + EDIT_GAP_MINUTES if history else 0)
    return earlier, before_at


def _record(number, name, labels, ops, history):
    story = ARTICLES[name]
    before = _side(story)
    earlier, before_at = _timeline(history, before["title"])
    return {
        "id": number,
        "story": name,
        "lang": story["lang"],
        "before": before,
        "after": _apply(story, ops),
        "earlier_headlines": earlier,
        "before_minute": before_at,
        "after_minute": before_at + EDIT_GAP_MINUTES,
        "labels": sorted(SLUGS[short] for short in labels.split()),
    }


def main():
    path = Path(__file__).with_name("edits.jsonl")
    with path.open("w", encoding="utf-8") as out:
        for record in records():
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
