"""The demo region, drawn from the seeds (Region Stockholm's innovation report 2024)."""

# (code, parent code, name, short name, kind, innovation unit, reports to the annual report)
ORGANISATIONS = [
    ("rs", None, "Region Stockholm", "RS", "region", "", False),
    ("rlk", "rs", "Regionledningskontoret", "RLK", "committee", "", False),
    ("rlk-foi", "rlk", "Avdelningen Forskning och innovation", "FoI", "unit",
     "Avdelningen Forskning och innovation (central samordning)", False),
    ("rlk-hallbarhet", "rlk", "RLK Hållbarhet", "", "unit", "", False),
    ("rlk-inkop", "rlk", "RLK Strategiskt inköp", "", "unit", "", False),
    ("hsf", "rs", "Hälso- och sjukvårdsförvaltningen", "HSF", "committee",
     "HSF Innovation", True),
    ("karolinska", "rs", "Karolinska Universitetssjukhuset", "Karolinska", "committee",
     "Innovationscentrum Karolinska", True),
    ("karolinska-3d", "karolinska", "3D-centrum Karolinska", "", "unit", "", False),
    ("danderyd", "rs", "Danderyds sjukhus", "DS", "company", "DS Innovation", True),
    ("sos", "rs", "Södersjukhuset", "SöS", "company", "SöS Innovation", True),
    ("sos-ktd", "sos", "Kompetenscentrum för system- och tjänstedesign", "", "unit",
     "", False),
    ("sodertalje", "rs", "Södertälje sjukhus", "", "company", "Innovation Södertälje sjukhus",
     True),
    ("tiohundra", "rs", "Tiohundra AB (Norrtälje sjukhus)", "Tiohundra", "company",
     "Tiohundra utveckling", True),
    ("slso", "rs", "Stockholms läns sjukvårdsområde", "SLSO", "committee",
     "SLSO Innovation (82 innovationsambassadörer)", True),
    ("sankt-erik", "rs", "S:t Eriks ögonsjukhus", "S:t Erik", "company",
     "S:t Erik Innovation", True),
    ("ftv", "rs", "Folktandvården Stockholms län", "FTV", "company", "FTV Utveckling", True),
    ("aisab", "rs", "Ambulanssjukvården i Storstockholm", "AISAB", "company",
     "AISAB Utveckling", True),
    ("medicarrier", "rs", "MediCarrier", "", "company", "MediCarrier Innovation", True),
    ("locum", "rs", "Locum", "", "company", "Locum Innovation", True),
    ("trafik", "rs", "Trafikförvaltningen", "TF", "committee", "TF Innovation", True),
    ("kultur", "rs", "Kulturförvaltningen", "KF", "committee", "", True),
    ("kultur-halsa", "kultur", "Kompetenscentrum för kultur och hälsa", "", "unit", "", False),
    ("skf", "rs", "Service- och kulturförvaltningen", "SKF", "committee", "", False),
    ("sf-upphandling", "skf", "SF Upphandling", "", "unit", "", False),
    ("regionarkivet", "rs", "Regionarkivet", "", "unit", "", False),
    ("patientnamnden", "rs", "Patientnämnden", "", "committee", "", False),
    # External actors (companies that collaborate with the region)
    ("telia", None, "Telia Company AB", "Telia", "external", "", False),
    ("cuviva", None, "Cuviva AB", "Cuviva", "external", "", False),
    ("siemens-healthineers", None, "Siemens Healthineers AB", "", "external", "", False),
    ("candela", None, "Candela Speedboats AB", "Candela", "external", "", False),
]

CONTACT_DOMAIN = "regionstockholm.example"
DEMO_PASSWORD = "Slussen-demo-2026"

# (e-mail local part, name, [(role, organisation code)], superuser)
PEOPLE = [
    ("anna.lindqvist", "Anna Lindqvist", [("employee", "sos")], False),
    ("erik.bergstrom", "Erik Bergström", [("manager", "sos"), ("employee", "sos")], False),
    ("sara.holm", "Sara Holm", [("advisor", "sos")], False),
    ("karin.ekman", "Karin Ekman", [("innovation_head", "karolinska")], False),
    ("johan.nyberg", "Johan Nyberg", [("advisor", "karolinska")], False),
    ("maria.sjoberg", "Maria Sjöberg", [("coordinator", "rlk-foi")], False),
    ("ali.hassan", "Ali Hassan", [("prescreener", "rlk-foi")], False),
    ("eva.strand", "Eva Strand", [("expert", "rlk")], False),
    ("lars.dahl", "Lars Dahl", [("testbed_owner", "karolinska-3d")], False),
    ("lena.virtanen", "Lena Virtanen", [("external", "cuviva")], False),
    ("admin", "Systemadministratör", [("admin", "rs")], True),
]

# (kind, organisation, submitter, handler, title, description, transitions, secrecy)
CASES = [
    ("idea", "ftv", None, None,
     "AI-baserat beslutsstöd för tidig upptäckt av muncancer",
     "Ett nytt sätt att följa potentiellt maligna lesioner med borstprover för cytologi och "
     "med AI-analys för att diagnostisera munhålecancer.", ["start_assessment", "accept"],
     "public"),
    ("idea", "ftv", None, None, "DentDi – selektiv screening för diabetes typ 2",
     "Selektiv screening i tandvården för att tidigt hitta personer i riskzon för diabetes "
     "typ 2.", ["start_assessment"], "public"),
    ("idea", "aisab", None, None, "Dynamisk dimensionering av ambulansresurser",
     "Utveckla ett dimensioneringsstöd med artificiell intelligens för att minska spridningen "
     "av väntetider.", ["start_assessment", "accept"], "public"),
    ("idea", "danderyd", None, None, "Höra & Göra – programvara för barnlogopedi",
     "Ett digitalt verktyg för vårdgivare och skolpersonal för att testa impressiv och "
     "expressiv auditiv diskriminationsförmåga hos barn.", [], "public"),
    ("need", "regionarkivet", None, None,
     "Långsiktig digital arkivering av regionens webbplatser",
     "Webbplatser ska kunna arkiveras som de ser ut och fungerar, med e-tjänster, och vara "
     "tillgängliga i den formen över tid.", ["start_assessment"], "public"),
    ("idea", "kultur-halsa", None, None, "Antistigmateater inom psykosvården",
     "En manual för teater inom psykosvården, framtagen med brukare, anhöriga, chefer och "
     "personal på psykosmottagningar i Stockholms län.", [], "public"),
    ("idea", "locum", None, None, "Bakteriefria vattenlås mot multiresistenta bakterier",
     "Vattenlås som motverkar tillväxt av multiresistenta bakterier: minskad risk för "
     "smittspridning, allvarlig sjukdom och död.", ["start_assessment", "accept"], "public"),
    ("idea", "sodertalje", None, None, "Omvårdnadsträning med VR",
     "Interaktiv omvårdnadsträning i virtuell verklighet: träna på att ställa rätt frågor till "
     "patienter för att minska antalet ringningar och fall.", [], "public"),
    ("need", "sodertalje", None, None, "Ledningsstöd för minskad klimatpåverkan",
     "Ett visualiseringsverktyg som hjälper ledningen att minska hälso- och sjukvårdens "
     "utsläpp av växthusgaser.", ["start_assessment"], "public"),
    ("partnership", "trafik", None, None, "Pilot med eldriven bärplansbåt i kollektivtrafiken",
     "Trafikförvaltningen är projektpart i Trafikverkets FoI-projekt TRV2020/50879; fartyget "
     "byggs av Candela Speedboats AB.", ["start_assessment", "accept"], "partial"),
    ("proposal", "trafik", None, None, "Öka tryggheten för kvinnor i kollektivtrafiken",
     "Resenärer identifierar, testar och analyserar tillsammans med tjänstedesigners lösningar "
     "som kan ge störst effekt på den upplevda tryggheten.", [], "public"),
    ("idea", "danderyd", None, None, "CLEOS – digital anamnes med AI vid bröstsmärta",
     "Digital anamnes samlar automatiskt in den sjukdomshistorik som behövs för att utesluta "
     "hjärtinfarkt och kan avlasta akutmottagningen.", ["start_assessment", "accept"],
     "public"),
    ("idea", "sos", "anna.lindqvist", "sara.holm",
     "AI-analys av fritextsvar i den nationella graviditetsenkäten",
     "Göra de födandes enkätsvar tillgängliga för personalen och stärka förbättringsarbetet "
     "utifrån patienternas upplevelser.", ["start_assessment"], "public"),
    ("idea", "sos", "anna.lindqvist", "sara.holm", "IVA-dagboken",
     "En dagbok som underlättar tillfrisknandet efter intensivvård, för patienter och "
     "närstående.", [], "public"),
    ("need", "sos", "erik.bergstrom", None, "Minska onödiga avbrott i arbetet på kardiologen",
     "Samverkansprojekt mellan VO Kardiologi och SöS Innovation för en bättre arbetsmiljö.",
     [], "public"),
    ("idea", "tiohundra", None, None, "Digifysisk ögonmottagning i Norrtälje",
     "Läkare från S:t Eriks ögonsjukhus bedömer undersökningsbilder på distans och gör "
     "fysiska besök när det behövs.", ["start_assessment"], "public"),
    ("idea", "karolinska", None, "johan.nyberg", "Informationsdriven vård med AI",
     "Vårdens resurser kan effektiviseras och arbetsmiljön förbättras med informationsdriven "
     "vård.", ["start_assessment", "accept"], "public"),
    ("collaboration", "karolinska", "lena.virtanen", "johan.nyberg",
     "Distansmonitorering vid hjärtsvikt – samarbetsförslag",
     "Cuviva föreslår samarbete om plattform för distansmonitorering av patienter med svår "
     "kronisk sjukdom inom Hemsjukhusvård.", ["start_assessment"], "secret"),
    ("need", "locum", None, None, "Vaken 2.0 – kontroll på luftkvalitet i sterila lokaler",
     "Kontinuerlig mätning av luftkvaliteten för sterila lokalytor.", [], "public"),
    ("idea", "locum", None, None, "Digital tvilling för fastighetsförvaltning",
     "En fastighetsplattform för effektivare förvaltning av regionens fastigheter.",
     ["start_assessment", "refer"], "public"),
    ("idea", "aisab", None, None, "Personcentrerat vårdförlopp vid sepsis",
     "Ett sammanhållet vårdförlopp som utgår från internationella och nationella kunskapsstöd.",
     [], "public"),
    ("proposal", "karolinska", None, None, "Tydligare skyltning till akutmottagningen",
     "Som anhörig var det svårt att hitta rätt ingång på natten. Bättre skyltar och en karta "
     "på webben skulle hjälpa.", ["close"], "public"),
]
