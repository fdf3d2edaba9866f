"""What a new call carries unless the coordinator changes it: the form the brief describes
(ten structured questions about the need and the benefit) and the four review criteria."""

QUESTIONS = [
    (
        "Vilket behov eller problem ska projektet lösa?",
        "What need or problem will the project address?",
    ),
    (
        "Vilka berörs av behovet – patienter, invånare, medarbetare eller verksamheten – och hur "
        "många?",
        "Who is affected by the need – patients, residents, staff or the organisation – and how "
        "many?",
    ),
    (
        "Hur har behovet identifierats och vilket underlag finns (t.ex. data, avvikelser, "
        "intervjuer)?",
        "How was the need identified and what evidence is there (e.g. data, incident reports, "
        "interviews)?",
    ),
    (
        "Hur hanteras problemet i dag och vilka är bristerna?",
        "How is the problem handled today, and what are the shortcomings?",
    ),
    (
        "Vilka alternativa lösningar finns i regionen eller på marknaden, och varför räcker de "
        "inte?",
        "What alternative solutions exist in the region or on the market, and why are they not "
        "enough?",
    ),
    (
        "Vad är nytt i er lösning jämfört med det som redan finns?",
        "What is new in your solution compared with what already exists?",
    ),
    (
        "Vilken nytta förväntas för patienter, invånare, medarbetare eller verksamheten?",
        "What benefit do you expect for patients, residents, staff or the organisation?",
    ),
    (
        "Hur ska nyttan mätas – vilka indikatorer, vilket nuläge och vilket mål?",
        "How will the benefit be measured – which indicators, what baseline and what target?",
    ),
    (
        "Hur tas resultatet om hand i linjen och sprids efter projektet (införande, förvaltning)?",
        "How will the result be taken care of in the line and spread after the project "
        "(implementation, maintenance)?",
    ),
    (
        "Vilka risker finns (t.ex. regelverk, patientsäkerhet, informationssäkerhet, etik) och hur "
        "hanteras de?",
        "What risks are there (e.g. regulation, patient safety, information security, ethics) and "
        "how will they be handled?",
    ),
]

CRITERIA = [
    (
        "Väsentligt behov hos användare, patienter eller verksamhet",
        "A substantial need among users, patients or the organisation",
    ),
    ("Goda förutsättningar att genomföra projektet", "Good conditions to carry out the project"),
    ("Nytta och mätbara fördelar", "Benefit and measurable advantages"),
    (
        "Lösningens unikhet och om alternativ finns",
        "How unique the solution is and whether alternatives exist",
    ),
]

# The conditions a grant comes with unless the call or the decision words its own (data, in
# the fund's language: the coordinator edits it like the questions).
GRANT_CONDITIONS = (
    "Medlen används för projektet enligt ansökans budget och tidsplan, under det år de beviljats.\n"
    "Projektet lämnar halvtids- och slutrapport i Slussen i tid, med använda medel per "
    "budgetpost.\n"
    "Väsentliga ändringar av mål, budget eller tidsplan stäms av med fondens koordinator "
    "innan de görs.\n"
    "Resultaten, och vägen dit, ägs av regionen och sprids till andra verksamheter.\n"
    "Medel som inte används eller används till annat betalas tillbaka."
)
