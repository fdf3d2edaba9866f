"""Similar cases hear the language of health care domain by domain (``lexicon_domains_sv.txt``):
a patient's and a relative's everyday words, a professional's synonyms and a company's pitch
look for the words the cases name the same things by; and the forms of one word that Snowball
stems apart or into another word are read as that word (``forms_sv.txt``)."""

import pytest

from slussen.cases import services as case_services
from slussen.core import search
from slussen.intake import search as similar


def _looks_for(text: str) -> set[str]:
    return set(search.query_terms(text))


@pytest.mark.parametrize(
    "text, meant",
    [
        # Body and symptoms, as a patient says them
        ("en vit fläck på insidan av kinden", "munhålecancer"),
        ("han bajsar blod", "avföring"),
        ("dålig aptit sedan operationen", "undernäring"),
        ("hjärtat rusar på natten", "arytmi"),
        ("svullna fötter", "ödem"),
        # Illnesses by their lay names
        ("pappa har rökarhosta", "kol"),
        ("min man har grön starr", "glaukom"),
        ("hon fick en propp i hjärnan", "stroke"),
        # Examinations and procedures
        ("de ska ta blod i morgon", "blodprov"),
        ("livrädd för sprutor", "procedurrädsla"),
        ("fundusfoton från diabeteskontrollen", "ögonbottenbild"),
        # Devices and aids, places and roles
        ("dataglasögon", "vr"),
        ("drifttekniker på sjukhuset", "fastighetsförvaltning"),
        ("min farmor", "anhörig"),
        # The administration of care
        ("mitt frikort", "patientavgift"),
        ("tidboken", "bokning"),
        ("informationshanteringsplanen", "gallring"),
        # Feelings
        ("hotfullt på perrongen", "trygghet"),
        # Home and remote care
        ("en mätare hemma som skickar värdena", "distansmonitorering"),
        ("läkaren över video", "videobesök"),
        # Ambulance and emergency care
        ("responstiden i glesbygden", "väntetid"),
        ("ambulansbilarna över länet", "ambulansresurs"),
        # Buildings, air, energy
        ("renhetskraven i operationssalen", "steril"),
        ("en 3D-modell av byggnaden", "tvilling"),
        ("verksamhetens koldioxidavtryck", "växthusgaser"),
        # Technology as a company pitches it
        ("tredimensionella modeller", "3d"),
        ("ett prognosverktyg", "prediktion"),
        ("en instrumentpanel för ledningen", "visualiseringsverktyg"),
    ],
)
def test_a_persons_own_word_looks_for_the_word_the_cases_use(text, meant):
    assert search.stem(meant) in _looks_for(text), text


@pytest.mark.parametrize(
    "clinical, everyday",
    [
        ("ögonmottagning", "synkontroll"),
        ("skyltning", "vilse"),
        ("tvilling", "byggnadsmodell"),
        ("stroke", "hjärnpropp"),
    ],
)
def test_the_clinical_or_narrower_word_does_not_look_for_the_everyday_one(clinical, everyday):
    """One way: a text about a stroke is not about every clot, nor one about an eye clinic
    about every eye check."""
    assert search.stem(clinical) in _looks_for(everyday)
    assert search.stem(everyday) not in _looks_for(clinical)


@pytest.mark.parametrize(
    "form, word",
    [
        ("äter", "äta"),
        ("grät", "gråta"),
        ("andas", "andning"),
        ("andades", "andning"),
        ("läker", "läkning"),
        ("somnade", "sömn"),
    ],
)
def test_the_forms_of_one_word_are_read_as_that_word(form, word):
    assert search.stem(form) == search.stem(word)


def test_to_heal_is_no_doctor():
    """Snowball stems "läka" (to heal) and "läkare" (a doctor) alike: a wound that will not heal
    is about healing, and meets "sårläkning" by its ending, not every case with a doctor."""
    assert search.stem("läka") != search.stem("läkare")
    assert search.stem("läka") == search.stem("sårläkning")[-len(search.stem("läka")) :]


def test_a_childs_fear_of_needles_finds_the_case_in_a_parents_words(world):
    """A parent's words ("min son", "livrädd för sprutor", "ta blod") meet none of the case's
    (children, procedure fear, sampling) but through the lexicon of the domains."""
    vr = case_services.open_case(
        kind="idea",
        title="VR mot procedurrädsla hos barn",
        description="Barn får se en film i VR-glasögon under provtagningen.",
        organisation=world.sos,
    )
    case_services.open_case(
        kind="idea",
        title="Drönarleveranser av blodprover",
        description="Blodprover flygs mellan akutsjukhusen.",
        organisation=world.sos,
    )
    found = similar.similar("Min son är livrädd för sprutor när de ska ta blod.", limit=3)
    assert found[:1] == [vr]


@pytest.mark.parametrize(
    "word, compound",
    [
        ("behandlingstid", "behandlingsplan"),
        ("sjukhusparkeringen", "sjukhusvård"),
        ("sjukhusparkeringen", "sjukhus"),
    ],
)
def test_a_compound_of_the_same_word_is_no_word_of_the_same_root(word, compound):
    """A word no document uses stands for a listed word of its root ("prediktivt":
    "prediktion"), not for a compound that shares only its first word: a treatment's time is
    no treatment plan, a hospital's car park no hospital care."""
    assert search.stem(compound) not in search.same_root(search.stem(word))
    assert search.stem("prediktion") in search.same_root(search.stem("prediktivt"))


@pytest.mark.parametrize(
    "text, meant",
    [
        # Medicines and pharmacy
        ("dospåsarna", "apodos"),
        ("hon fick fel dos", "avvikelse"),
        ("för många mediciner", "polyfarmaci"),
        # Psychiatry and mental health
        ("hon hör röster", "psykos"),
        ("hon svälter sig", "ätstörning"),
        ("skäms för sin sjukdom", "stigma"),
        # Children and maternity
        ("mjölkstockning", "amning"),
        ("förlossningsrädsla", "förlossning"),
        # Dental care
        ("fluortandkräm", "munhälsa"),
        ("tandkontrollen", "tandläkare"),
        # Elderly care and dementia
        ("minnet sviker", "demens"),
        ("min mormor", "äldre"),
        # Laboratory, imaging
        ("ett pcr-test", "provtagning"),
        ("konturering", "segmentering"),
        # Rehabilitation, nutrition, surgery
        ("fick träffa sjukgymnast", "rehabilitering"),
        ("en matdagbok", "nutrition"),
        ("hon magrade", "viktnedgång"),
        ("vakna efter operationen", "uppvakningsavdelning"),
        # The emergency department, 1177's services
        ("vi satt på akuten hela natten", "väntetid"),
        ("köläget", "väntetid"),
        ("kallelsen i appen", "digital"),
        # Research, purchasing, staffing
        ("kliniska prövningar", "forskning"),
        ("ett ramavtal", "upphandling"),
        ("inhyrda sköterskor", "bemanning"),
        ("en träningsdocka", "utbildning"),
        # Patient safety, language, aids
        ("det föll mellan stolarna", "överrapportering"),
        ("en översättningsapp", "språkstöd"),
        ("el-rullen", "elrullstol"),
        ("hjälpmedlen kasseras", "avfall"),
        # An English speaker's words
        ("worried parents", "oro"),
        ("frightened children", "rädsla"),
        ("agency nurses", "bemanning"),
    ],
)
def test_the_domains_walked_second_hear_a_persons_own_word(text, meant):
    assert search.stem(meant) in _looks_for(text), text


@pytest.mark.parametrize(
    "narrow, everyday",
    [
        ("avvikelse", "felmedicinering"),
        ("bemanning", "inhyrd"),
        ("hemtjänst", "omsorgspersonal"),
    ],
)
def test_an_everyday_word_of_a_domain_looks_for_the_narrower_one_one_way(narrow, everyday):
    assert search.stem(narrow) in _looks_for(everyday)
    assert search.stem(everyday) not in _looks_for(narrow)


@pytest.mark.parametrize(
    "word, other",
    [("opera", "operera"), ("ledsen", "led"), ("billig", "bil"), ("skrivare", "skriva")],
)
def test_a_word_snowball_cuts_into_another_word_keeps_its_own(word, other):
    assert search.stem(word) != search.stem(other)


def test_a_car_is_no_car_park():
    assert search.stem("parkering") not in _looks_for("bilarna står på fel ställen")


@pytest.mark.parametrize(
    "phrase, word, meant",
    [
        ("han kissar på sig", "han kissar ofta", "inkontinens"),
        ("när pappa skrevs ut", "sköterskan skrev i journalen", "utskrivning"),
    ],
)
def test_a_phrase_of_little_words_is_met_as_the_phrase_not_its_one_word(phrase, word, meant):
    """ "Kissa på sig" is incontinence and "skrivas ut" a discharge; "kissa" alone is neither, nor
    is every "skriva" (the lists' phrase lost its little words and stood for its one word)."""
    assert search.stem(meant) in _looks_for(phrase)
    assert search.stem(meant) not in _looks_for(word)


def test_a_visitor_is_no_car_park():
    """ "Besökare" stood in the parking group both ways: every text about visitors (a father
    who may not stay the night, visiting hours) looked for parking."""
    assert search.stem("parkering") not in _looks_for("besökarna får inte stanna över natten")
    assert search.stem("parkering") in _looks_for("parkeringsplatserna räcker inte")


def test_a_rehabilitation_is_no_staff_training():
    """ "Träning" and "rehabilitering" stood in one group both ways: a rehabilitation looked for
    every training (staff training, simulation training). A patient's "träna" is most often her
    rehabilitation and looks for it, one way."""
    assert search.stem("träning") not in _looks_for("rehabilitering efter höftoperation")
    assert search.stem("fysioterapi") in _looks_for("rehabilitering efter höftoperation")
    assert search.stem("rehabilitering") in _looks_for("träna hemma efter en stroke")
