"""The actors of the innovation system (seed 003, appendices 3 and 5; the domain brief) and the
region's own units. Idempotent: an actor already there is left as the coordinators keep it."""

from . import services
from .models import Actor

N, D, I = "need_idea", "development", "implementation"  # noqa: E741
ALL_PHASES: list[str] = []
MD, PH, SE, OR, PR, SY = (
    "medical_device",
    "pharmaceutical",
    "service",
    "organisational",
    "process",
    "system",
)

# (slug, name, short, kind, needs, phases, types, summary sv, summary en, website, org code)
# fmt: off
ACTORS = [
    ("lakemedelsverket", "Läkemedelsverket", "LV", "agency",
     ["regulation", "patient_safety"], [D, I], [MD, PH],
     "Tillsyn och regler för läkemedel och medicintekniska produkter: klassificering, CE-märkning "
     "enligt MDR (EU) 2017/745, kliniska prövningar, vägledning och innovationskontor för "
     "regulatoriska frågor.",
     "Rules and supervision for medicines and medical devices: classification, CE marking under "
     "the MDR (EU) 2017/745, clinical investigations, guidance and an innovation office for "
     "regulatory questions.",
     "https://www.lakemedelsverket.se", ""),
    ("ivo", "Inspektionen för vård och omsorg", "IVO", "agency",
     ["patient_safety", "regulation"], [D, I], [MD, SE, PR],
     "Tillsyn över vård och omsorg, bland annat egentillverkade medicintekniska produkter "
     "(MDR artikel 5.5) och anmälan av allvarliga händelser (lex Maria).",
     "Supervises health and social care, including in-house manufactured medical devices "
     "(MDR article 5.5) and reports of serious incidents (lex Maria).",
     "https://www.ivo.se", ""),
    ("tlv", "Tandvårds- och läkemedelsförmånsverket", "TLV", "agency",
     ["hta", "implementation"], [I], [PH, MD],
     "Beslutar om pris och subvention för läkemedel och gör hälsoekonomiska bedömningar av "
     "medicintekniska produkter inför ordnat införande.",
     "Decides on prices and subsidies for medicines and makes health-economic assessments of "
     "medical devices before managed introduction.",
     "https://www.tlv.se", ""),
    ("sbu", "Statens beredning för medicinsk och social utvärdering", "SBU", "agency",
     ["hta"], [D, I], [MD, PH, PR, SE],
     "Utvärderar metoder i vård och omsorg vetenskapligt: vilken evidens som finns, "
     "kunskapsluckor och hälsoekonomi.",
     "Assesses methods in health and social care scientifically: the evidence, gaps in "
     "knowledge, health economics.",
     "https://www.sbu.se", ""),
    ("vinnova", "Vinnova", "", "agency",
     ["funding", "testing", "partners"], [N, D], ALL_PHASES,
     "Sveriges innovationsmyndighet: finansierar innovationsprojekt, behovsägare och "
     "testbäddar, och driver strategiska innovationsprogram som Swelife och Medtech4Health.",
     "Sweden's innovation agency: funds innovation projects, need owners and testbeds, and "
     "runs strategic innovation programmes such as Swelife and Medtech4Health.",
     "https://www.vinnova.se", ""),
    ("upphandlingsmyndigheten", "Upphandlingsmyndigheten", "", "agency",
     ["procurement"], [N, I], ALL_PHASES,
     "Stöd för innovationsvänlig upphandling: tidig dialog med leverantörer, "
     "innovationspartnerskap, funktionsupphandling och LOU.",
     "Support for innovation-friendly procurement: early supplier dialogue, innovation "
     "partnerships, functional requirements and the Public Procurement Act (LOU).",
     "https://www.upphandlingsmyndigheten.se", ""),
    ("tillvaxtverket", "Tillväxtverket", "", "agency",
     ["funding", "partners"], [D, I], ALL_PHASES,
     "Förvaltar EU:s regionalfond och stöd till företags utveckling och regional tillväxt.",
     "Manages the EU regional development fund and support for company development and "
     "regional growth.",
     "https://tillvaxtverket.se", ""),
    ("e-halsomyndigheten", "E-hälsomyndigheten", "", "agency",
     ["data_protection", "implementation"], [D, I], [SE, SY],
     "Nationella e-tjänster och standarder för informationsutbyte, till exempel "
     "läkemedelsinformation och interoperabilitet.",
     "National e-services and standards for information exchange, such as prescription data "
     "and interoperability.",
     "https://www.ehalsomyndigheten.se", ""),
    ("mfd", "Myndigheten för delaktighet", "MFD", "agency",
     ["implementation", "partners"], [N, I], [SE, OR],
     "Kunskap om välfärdsteknik, tillgänglighet och delaktighet för personer med "
     "funktionsnedsättning.",
     "Knowledge of welfare technology, accessibility and participation for people with "
     "disabilities.",
     "https://www.mfd.se", ""),
    ("socialstyrelsen", "Socialstyrelsen", "", "agency",
     ["patient_safety", "implementation", "hta"], [I], [PR, SE, OR],
     "Kunskapsstöd, nationella riktlinjer, föreskrifter och fastställda termer och begrepp i "
     "vård och omsorg.",
     "Knowledge support, national guidelines, regulations and established terms and concepts "
     "in health and social care.",
     "https://www.socialstyrelsen.se", ""),
    ("prv", "Patent- och registreringsverket", "PRV", "agency",
     ["ip"], [N, D], [MD, PH, SE],
     "Patent, varumärken och design: sökningar, rådgivning och ansökan. Sök skydd innan "
     "idén offentliggörs.",
     "Patents, trademarks and designs: searches, advice and applications. Seek protection "
     "before the idea is disclosed.",
     "https://www.prv.se", ""),
    ("etikprovningsmyndigheten", "Etikprövningsmyndigheten", "", "agency",
     ["ethics"], [D], ALL_PHASES,
     "Prövar forskning som gäller människor eller känsliga personuppgifter enligt "
     "etikprövningslagen.",
     "Reviews research involving people or sensitive personal data under the Ethical Review "
     "Act.",
     "https://etikprovningsmyndigheten.se", ""),
    ("imy", "Integritetsskyddsmyndigheten", "IMY", "agency",
     ["data_protection"], ALL_PHASES, ALL_PHASES,
     "Vägledning om GDPR och patientdatalagen, konsekvensbedömningar och förhandssamråd.",
     "Guidance on the GDPR and the Patient Data Act, impact assessments and prior "
     "consultation.",
     "https://www.imy.se", ""),
    ("ki-innovations", "KI Innovations", "", "park",
     ["ip", "partners", "funding"], [N, D], [MD, PH, SE],
     "Karolinska Institutets innovationskontor: verifiering av idéer, immaterialrätt, "
     "bolagsbildning och licensiering.",
     "Karolinska Institutet's innovation office: verifying ideas, intellectual property, "
     "company formation and licensing.",
     "https://ki.se/en/collaboration/ki-innovations", ""),
    ("sting", "Stockholm Innovation & Growth", "Sting", "park",
     ["partners", "funding"], [D, I], [MD, SE, SY],
     "Inkubator och accelerator för tillväxtbolag, bland annat inom hälsa och medicinteknik.",
     "Incubator and accelerator for growth companies, including health and medtech.",
     "https://www.sting.co", ""),
    ("ki-science-park", "Karolinska Institutet Science Park", "", "park",
     ["partners"], [D, I], [MD, PH],
     "Mötesplats och lokaler för life science-företag nära Karolinska Institutet.",
     "Meeting place and premises for life-science companies next to Karolinska Institutet.",
     "https://www.kisciencepark.se", ""),
    ("flemingsberg-science", "Flemingsberg Science", "", "park",
     ["partners", "testing"], [N, D], [MD, SE],
     "Samverkan mellan akademi, vård och näringsliv i Flemingsberg, med stöd för "
     "tester och kliniska samarbeten.",
     "Collaboration between academia, care and business in Flemingsberg, with support for "
     "tests and clinical collaboration.",
     "https://flemingsbergscience.se", ""),
    ("kista-science-city", "Kista Science City", "", "park",
     ["partners", "testing"], [D], [SE, SY],
     "Innovationsmiljö för digital teknik och ICT, med nätverk för e-hälsa.",
     "Innovation hub for digital technology and ICT, with e-health networks.",
     "https://kista.com", ""),
    ("sodertalje-science-park", "Södertälje Science Park", "", "park",
     ["partners", "testing"], [D, I], [PR, SY],
     "Samverkansarena för industri, akademi och offentlig sektor kring produktion, hållbarhet "
     "och testmiljöer.",
     "Collaboration arena for industry, academia and the public sector on production, "
     "sustainability and test environments.",
     "https://www.sodertaljesciencepark.se", ""),
    ("ki", "Karolinska Institutet", "KI", "university",
     ["partners", "ethics", "hta"], [N, D], [MD, PH, PR],
     "Medicinskt universitet: forskningssamarbeten, kliniska studier och utvärdering.",
     "Medical university: research collaboration, clinical studies and evaluation.",
     "https://ki.se", ""),
    ("kth", "KTH Kungliga Tekniska högskolan", "KTH", "university",
     ["partners", "testing"], [N, D], [MD, SE, SY],
     "Tekniskt universitet: medicinsk teknik, data och AI, studentprojekt och "
     "forskningssamarbeten.",
     "Technical university: medical technology, data and AI, student projects and research "
     "collaboration.",
     "https://www.kth.se", ""),
    ("su", "Stockholms universitet", "SU", "university",
     ["partners", "implementation"], [N, I], [OR, SE, SY],
     "Forskning om organisation, ledning och beteende som stöd för förändring och spridning.",
     "Research on organisation, management and behaviour that supports change and spread.",
     "https://www.su.se", ""),
    ("foi", "Avdelningen Forskning och innovation", "FoI", "region",
     ["funding", "partners", "implementation", "ip", "testing"], ALL_PHASES, ALL_PHASES,
     "Regionens centrala samordning: Innovationsfonden, företagens väg in, regionövergripande "
     "strategiska projekt, testmiljöer och innovationsbokslutet.",
     "The region's central coordination: the innovation fund, the companies' way in, "
     "region-wide strategic projects, test environments and the annual innovation report.",
     "", "rlk-foi"),
    ("innovationsenheterna", "De lokala innovationsenheterna", "", "region",
     ["funding", "partners", "testing", "implementation", "regulation", "ip"], ALL_PHASES,
     ALL_PHASES,
     "Varje sjukhus, förvaltning och bolag har en innovationsenhet (idé- och "
     "innovationssluss) som tar emot idéer, coachar projekt och hjälper till att hitta rätt "
     "stöd. Börja här.",
     "Every hospital, administration and company has an innovation unit that receives ideas, "
     "coaches projects and helps find the right support. Start here.",
     "", ""),
    ("tjanstedesign", "Kompetenscentrum för system- och tjänstedesign", "", "region",
     ["implementation", "partners"], [N, D], [SE, OR, PR],
     "Stöd med tjänstedesign och behovsanalys, bland annat för projekt som söker medel ur "
     "Innovationsfonden.",
     "Support with service design and needs analysis, for example for projects applying to "
     "the innovation fund.",
     "", "sos-ktd"),
    ("strategiskt-inkop", "RLK Strategiskt inköp", "", "region",
     ["procurement"], [N, I], ALL_PHASES,
     "Regionens strategiska inköp: innovationsupphandling, tidig leverantörsdialog, "
     "innovationspartnerskap och dynamiska inköpssystem.",
     "The region's strategic purchasing: innovation procurement, early supplier dialogue, "
     "innovation partnerships and dynamic purchasing systems.",
     "", "rlk-inkop"),
]
# fmt: on


def seed(region):
    created = 0
    for row in ACTORS:
        slug, name, short, kind, needs, phases, types, sv, en, website, org = row
        if Actor.objects.filter(slug=slug).exists():
            continue
        organisation = region.orgs.get(org)
        services.save_actor(
            None,
            slug=slug,
            name=name,
            short_name=short,
            kind=kind,
            summary_sv=sv,
            summary_en=en,
            website=website,
            organisation=organisation,
            email=organisation.contact_email if organisation else "",
            needs=needs,
            phases=phases,
            types=types,
        )
        created += 1
    return f"navigator: {Actor.objects.count()} actors ({created} new)"
