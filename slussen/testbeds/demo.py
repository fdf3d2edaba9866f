"""The test environments the innovation report 2024 names (seed 000, section 4), with one
request answered and a result recorded. Idempotent."""

from django.contrib.auth.models import AnonymousUser

from . import services
from .models import Record, Testbed

DOMAIN = "regionstockholm.example"

# (slug, organisation, name, summary, offer, audience, open_to, conditions, capacity,
#  contact name, contact e-mail local part, website)
TESTBEDS = [
    (
        "5g-halso-och-sjukvard",
        "rlk-foi",
        "5G inom hälso- och sjukvården (5GMHI)",
        "Prova mobila vårdtjänster över 5G i ambulans, på sjukhus och i hemmet.",
        "Region Stockholm har sedan 2018 undersökt hur 5G kan användas i vården. I EU-projektet "
        "5G Mobile Health Innovative solutions (5GMHI, 2024–2026) prövas 5G-tjänster i sex "
        "delprojekt tillsammans med SöS, AISAB, Locum och Tiohundra, i samarbete med Telia: "
        "platsoberoende mobila vårdlösningar, uppkopplade ambulanser och drönare.",
        "Företag med lösningar som behöver låg fördröjning och hög kapacitet i mobilnätet, och "
        "verksamheter i regionen som vill pröva mobila vårdtjänster.",
        "all",
        "Testet ska ha en tydlig verksamhets- och användarnytta. Patientdata hanteras enligt "
        "patientdatalagen och GDPR; ett personuppgiftsbiträdesavtal krävs.",
        "Två till tre externa tester per halvår inom projektets delprojekt.",
        "Avdelningen Forskning och innovation",
        "5gmhi",
        "https://digital-strategy.ec.europa.eu/en/news/5g-mobile-healthcare-innovative-solutions-5gmhi",
    ),
    (
        "medicinska-dronare",
        "rlk-foi",
        "Medicinska drönare",
        "Drönartransporter mellan akutsjukhusen och drönarleverans av hjärtstartare.",
        "Sedan 2016 undersöker regionen medicinska drönare. Drönare uppkopplade över 5G ingår i "
        "5GMHI, och under 2024 gjordes en fortsatt förstudie om drönartransporter mellan "
        "regionens akutsjukhus. Miljön erbjuder flygrutter, landningsplatser vid sjukhusen och "
        "samverkan med Hjärtstoppscentrum (KI/SöS).",
        "Företag som utvecklar drönare, last- och kylboxar eller ledningssystem, och "
        "verksamheter med akuta transportbehov (prover, blod, läkemedel).",
        "companies",
        "Flygningar följer Transportstyrelsens regler; operatören står för tillstånd och "
        "försäkring.",
        "Ett testprogram i taget.",
        "Avdelningen Forskning och innovation",
        "dronare",
        "",
    ),
    (
        "hemsjukhusvard",
        "karolinska",
        "Distansmonitorering – Hemsjukhusvård",
        "Regionövergripande distansmonitorering av patienter med svår kronisk sjukdom.",
        "Projektet Hemsjukhusvård prövar regional samordning av distansmonitorering vid till "
        "exempel hjärtsvikt och arytmi, för ett proaktivt arbetssätt som förebygger akut- och "
        "slutenvård. Medverkar gör Karolinska, Danderyds sjukhus, Södersjukhuset, Södertälje "
        "sjukhus och SLSO/ASIH, med Siemens Healthineers, Cuviva och Coala Solutions och med stöd "
        "av Vinnova.",
        "Leverantörer av utrustning och plattformar för monitorering i hemmet och vårdens "
        "verksamheter som vill införa distansmonitorering.",
        "all",
        "Lösningen ska kunna integreras med regionens journalsystem via öppna gränssnitt.",
        "Upp till 50 patienter per test.",
        "Innovationscentrum Karolinska",
        "hemsjukhusvard",
        "",
    ),
    (
        "sjukhusvard-i-hemmet",
        "karolinska",
        "Sjukhusvård i hemmet @ Region Stockholm",
        "En regional struktur för högspecialiserad vård i hemmet i stället för på sjukhus.",
        "Projektet leds av Karolinska Universitetssjukhuset och omfattar Södersjukhuset, "
        "Danderyds sjukhus, Södertälje sjukhus, Norrtälje sjukhus, SLSO och Ambulanssjukvården "
        "i Storstockholm. Miljön erbjuder arbetssätt, vårdlogistik och patientflöden för att "
        "pröva lösningar för vård i hemmet.",
        "Medarbetare och företag med lösningar för vård i hemmet: kommunikation, logistik, "
        "läkemedelshantering, mätning.",
        "all",
        "",
        "",
        "Innovationscentrum Karolinska",
        "sjukhusvardihemmet",
        "",
    ),
    (
        "3d-centrum-karolinska",
        "karolinska-3d",
        "3D-visualiseringscentrum Karolinska",
        "Regionövergripande center för 3D-visualisering och 3D-utskrift i kliniskt bruk.",
        "Centret etablerades 2022 vid Karolinska Universitetssjukhuset för kliniskt bruk och "
        "innovationsarbete och har 2024 fått ytterligare stöd av samordningsgruppen för "
        "innovation. Det erbjuder segmentering av bilddata, 3D-modeller för operationsplanering "
        "och 3D-utskrift av anatomiska modeller.",
        "Kliniker i hela regionen och företag som utvecklar programvara eller material för "
        "medicinsk 3D-visualisering.",
        "all",
        "Egentillverkade produkter följer MDR artikel 5.5 och IVO:s tillsyn.",
        "Cirka tio externa projekt per år.",
        "Lars Dahl",
        "3d-centrum",
        "",
    ),
]

REQUEST = {
    "testbed": "3d-centrum-karolinska",
    "title": "Segmentering med AI för operationsplanering",
    "description": "Vi vill pröva vår AI-baserade segmentering av DT-bilder mot centrets "
    "manuella arbetsflöde vid planering av bäckenkirurgi.",
    "company": "Siemens Healthineers AB",
    "name": "Per Andersson",
    "email": f"per.andersson@siemens-healthineers.{DOMAIN}",
    "period": "Hösten 2025",
}
ANSWER = (
    "Välkommen! Vi kan ta emot testet i oktober. Vi behöver ett personuppgiftsbiträdesavtal "
    "innan ni får tillgång till bilddata."
)
RESULT = (
    "Testresultat: AI-segmentering av bäckenet",
    "Tio anonymiserade DT-undersökningar segmenterades både med AI och manuellt. "
    "AI-segmenteringen kortade förberedelsetiden, men modellerna behövde manuell justering "
    "kring höftledsproteser. Rekommendation: använd AI-segmentering som första utkast.",
)

PUBLIC_PLAN = (
    "5g-halso-och-sjukvard",
    "Testplan: videoöverföring från uppkopplad ambulans",
    "Mål: stabil videolänk från ambulans till akutmottagning under färd. Mätningar: "
    "fördröjning, bildkvalitet och avbrott längs tre körsträckor. Deltar: AISAB, SöS och Telia. "
    "Utvärdering tillsammans med ambulanspersonal och mottagande läkare.",
)


# A request made from an innovation case: its result shows on the case (issue 19).
FOR_CASE = {
    "testbed": "hemsjukhusvard",
    "innovation": "Informationsdriven vård med AI",
    "requester": "johan.nyberg",
    "title": "Skuggdrift av AI-larm i hemsjukhusvård",
    "description": "Vi vill köra larmmodellen i skuggdrift på hemmonitorerade patienter och "
    "jämföra dess larm med sjuksköterskornas ordinarie bedömningar.",
    "company": "Regionledningskontoret",
    "period": "Våren 2026",
}
FOR_CASE_RESULT = (
    "Testresultat: AI-larm på hemmonitorerade patienter",
    "Larmmodellen kördes i skuggdrift på 40 patienter i hemsjukhusvård under sex veckor. "
    "Den flaggade sju av åtta försämringar ett dygn före ordinarie kontroll, med två falsklarm "
    "per vecka. Rekommendation: pröva skarpt med sjuksköterskans bedömning som filter.",
)


def _seed_for_case(region):
    from slussen.process.models import InnovationCase

    ic = (
        InnovationCase.objects.select_related("case")
        .filter(case__title=FOR_CASE["innovation"])
        .first()
    )
    testbed = Testbed.objects.filter(slug=FOR_CASE["testbed"]).first()
    if ic is None or testbed is None or testbed.requests.filter(innovation=ic).exists():
        return
    req = services.open_request(
        testbed,
        user=region.people[FOR_CASE["requester"]],
        title=FOR_CASE["title"],
        description=FOR_CASE["description"],
        company=FOR_CASE["company"],
        period=FOR_CASE["period"],
        innovation=ic,
    )
    services.record(
        testbed,
        region.people["lars.dahl"],
        kind=Record.Kind.RESULT,
        title=FOR_CASE_RESULT[0],
        body=FOR_CASE_RESULT[1],
        request=req,
    )


def seed(region):
    created = 0
    for (
        slug,
        org,
        name,
        summary,
        offer,
        audience,
        open_to,
        conditions,
        capacity,
        contact,
        local,
        website,
    ) in TESTBEDS:
        if Testbed.objects.filter(slug=slug).exists():
            continue
        services.save_testbed(
            None,
            slug=slug,
            organisation=region.orgs[org],
            name=name,
            summary=summary,
            offer=offer,
            audience=audience,
            open_to=open_to,
            conditions=conditions,
            capacity=capacity,
            contact_name=contact,
            contact_email=f"{local}@{DOMAIN}",
            website=website,
        )
        created += 1
    testbed = Testbed.objects.get(slug=REQUEST["testbed"])
    if not testbed.requests.exists():
        data = {k: v for k, v in REQUEST.items() if k != "testbed"}
        req = services.open_request(testbed, user=AnonymousUser(), **data)
        owner = region.people["lars.dahl"]
        services.answer(req, owner, ANSWER)
        services.record(
            testbed, owner, kind=Record.Kind.RESULT, title=RESULT[0], body=RESULT[1], request=req
        )
    _seed_for_case(region)
    slug, title, body = PUBLIC_PLAN
    if not Record.objects.filter(title=title).exists():
        services.record(
            Testbed.objects.get(slug=slug),
            region.people["maria.sjoberg"],
            kind=Record.Kind.PLAN,
            title=title,
            body=body,
            is_public=True,
        )
    return f"testbeds: {Testbed.objects.count()} environments ({created} new)"
