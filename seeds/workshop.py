"""The seed-000 regional strategy workshop ("Maakuntastrategiatyöpaja").

Themes and background items are the bullet points the facilitators used; the
groups' answers are written for the demo. No names or contact details are copied.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.aggregation.services import add_to_aggregate
from app.core.tokens import new_token, token_hash
from app.extensions import db
from app.groupwork.models import Priority, Source, Submission, SubmissionState
from app.organisations.models import Organisation
from app.sessions.models import (
    Affiliation,
    BackgroundItem,
    Group,
    Participant,
    Session,
    SessionKind,
    Stage,
    Theme,
)
from app.sessions.services import create_session

TITLE = "Maakuntastrategiatyöpaja"
POPSTER = "PoPSTer-lausunto"
BRAX = "Braxin raportti"

PROMPT = (
    "Valitkaa kolme ryhmänne mielestä tärkeintä asiaa, jotka {what} tulisi järjestönäkökulmasta "
    "nostaa esille. Voitte hyödyntää taustalistaa tai tuoda esiin oman järjestönne kannalta "
    "tärkeitä asioita. Kirjatkaa asiat tärkeysjärjestyksessä perusteluineen."
)

THEMES = [
    {
        "title": "Palvelulupaus",
        "prompt": PROMPT.format(what="palvelulupauksessa"),
        "items": [
            (POPSTER, "Hyvinvoinnin ja terveyden sekä osallisuuden edistäminen"),
            (POPSTER, "Järjestötoiminnan moninaisuuden huomioiminen"),
            (POPSTER, "Kokemus- ja järjestötiedon hyödyntäminen"),
            (POPSTER, "Järjestöjen toimintaedellytysten turvaaminen (avustukset ja tilat)"),
            (POPSTER, "Kansalaisten hyvinvoinnin ennakointi, seuranta ja arviointi"),
            (POPSTER, "Heikoimmassa asemassa olevien huomiointi"),
            (POPSTER, "Yhdenvertaisuuden periaate palveluissa"),
            (POPSTER, "Vammaisten riittävän palvelutason turvaaminen"),
            (POPSTER, "Ennaltaehkäisevien ja avopainotteisten palvelujen vahvistaminen"),
            (POPSTER, "Palveluohjaus lähellä asiakasta (digitaalisesti, liikkuvissa palveluissa "
                      "ja sote-keskuksissa)"),
            (POPSTER, "Asiakas- ja palvelumaksujen kohtuullisuus"),
            (BRAX, "Järjestötoiminnan tunnistaminen"),
            (BRAX, "Järjestölähtöinen toiminta vs. palvelutuotanto"),
            (BRAX, "Palveluohjaus ja ohjaaminen järjestötoimintaan"),
        ],
    },
    {
        "title": "Järjestöjen toimintaedellytykset",
        "prompt": PROMPT.format(what="maakuntastrategiassa järjestöjen toimintaedellytyksiin "
                                     "liittyen"),
        "items": [
            (POPSTER, "Ennaltaehkäisevien ja avopainotteisten palvelujen vahvistaminen näkyy myös "
                      "niihin käytetyissä euroissa."),
            (POPSTER, "Maakunnalle osoitettua yleiskatteellista hyte-rahaa käytetään nimenomaan "
                      "terveyden ja hyvinvoinnin edistämiseen."),
            (POPSTER, "Maakunta ja kunnat rahoittavat (jatkossakin) kuntalaisia tukevaa, "
                      "monimuotoista järjestötoimintaa."),
            (POPSTER, "Maakunta turvaa järjestöjen rahoituksen myös hyte-ylimenokauden aikana."),
            (POPSTER, "Maakunta ohjaa sote-palveluntuottajia tarjoamaan maksutta tiloja "
                      "järjestöjen toiminnan käyttöön."),
            (POPSTER, "Kansalaiset voivat suoraan vaikuttaa maakunnan talouden suunnitteluun "
                      "osallistuvan budjetoinnin avulla."),
            (POPSTER, "Tietoa järjestöjen tarjoamasta palvelusta löytyy maakunnan sähköisistä "
                      "palveluhakemistoista."),
            (BRAX, "Järjestöjen tukeminen pitää kirjata yhdyspintasopimukseen."),
            (BRAX, "Osana hyte-kertomusta pitää laatia julkinen lista maakunnassa tunnistetuista "
                   "järjestölähtöisistä toiminnoista."),
            (BRAX, "Järjestöjen kunnilta ja maakunnalta saamat avustukset tulee tilastoida."),
        ],
    },
    {
        "title": "Järjestöyhteistyön rakenteet",
        "prompt": PROMPT.format(what="maakuntastrategiassa järjestöyhteistyön rakenteisiin "
                                     "liittyen"),
        "items": [
            (POPSTER, "Huolehditaan riittävistä henkilöresursseista hyvinvointia ja terveyttä "
                      "edistävään työhön."),
            (POPSTER, "Hyvinvointikertomuksessa huomioidaan myös kokemustieto."),
            (POPSTER, "Maakuntastrategia sisältää sekä kansalaisten että järjestöjen "
                      "osallisuusnäkökulmat."),
            (POPSTER, "Lakisääteiset osallisuusrakenteet (esim. neuvostot) lisäävät aidosti "
                      "kansalaisten vaikuttamismahdollisuuksia."),
            (POPSTER, "Kansalaisten osallistamiseen osoitetaan riittävästi resursseja."),
            (POPSTER, "Kokemustiedon hyödyntäminen otetaan normiksi kaikessa palvelutuotannossa."),
            (POPSTER, "Järjestöt otetaan mukaan kehittämään palveluja erityisasiantuntijuutensa "
                      "vuoksi."),
            (BRAX, "Maakunnan pitää nimetä vastuutaho sekä hyvinvoinnin ja terveyden "
                   "edistämiseen että järjestöyhteistyöhön."),
            (BRAX, "Hyvinvoinnin ja terveyden edistämiseen tulee luoda selkeät "
                   "yhteistyörakenteet."),
            (BRAX, "Palveluohjaukseen perustetaan neuvottelukunta, jossa on sote-järjestöjen ja "
                   "palvelutuottajien edustus."),
        ],
    },
]

GROUPS = ["Ryhmä 1", "Ryhmä 2", "Ryhmä 3", "Ryhmä 4"]

# Made-up first names for the demo's guests (none from the documents), per group.
MEMBERS = {
    "Ryhmä 1": [("Aino", Affiliation.ASSOCIATION), ("Eero", Affiliation.STAFF),
                ("Pekka", Affiliation.RESIDENT)],
    "Ryhmä 2": [("Kaisa", Affiliation.RESIDENT), ("Mikko", Affiliation.ASSOCIATION),
                ("Tuula", Affiliation.STAFF)],
    "Ryhmä 3": [("Leena", Affiliation.EXPERIENCE_EXPERT), ("Ville", Affiliation.COMPANY),
                ("Jari", Affiliation.RESIDENT)],
    "Ryhmä 4": [("Sanna", Affiliation.ASSOCIATION), ("Minna", Affiliation.RESIDENT),
                ("Olli", Affiliation.ASSOCIATION)],
}

# The groups' ranked answers to the first theme: (group, source, [(title, reasoning)]).
ANSWERS = [
    ("Ryhmä 1", "online", [
        ("Järjestöjen toimintaedellytysten turvaaminen",
         "Ilman avustuksia ja maksuttomia tiloja pienet yhdistykset eivät pysty järjestämään "
         "toimintaa, joka ehkäisee palvelutarvetta."),
        ("Palveluohjaus järjestötoimintaan",
         "Asukas löytää vertaistuen ja harrastukset vain, jos ammattilaiset tuntevat järjestöjen "
         "toiminnan ja osaavat ohjata siihen."),
        ("Kokemustiedon hyödyntäminen",
         "Palvelut paranevat, kun niitä käyttävien kokemukset kerätään järjestelmällisesti."),
    ]),
    ("Ryhmä 2", "online", [
        ("Heikoimmassa asemassa olevien huomiointi",
         "Palvelulupauksen pitää näkyä ensin niille, joilla on vähiten voimavaroja hakea apua."),
        ("Järjestöjen avustukset ja tilat turvattava",
         "Vakaa rahoitus tekee vapaaehtoistoiminnasta pitkäjänteistä."),
        ("Ennaltaehkäisevät palvelut vahvemmiksi",
         "Varhainen tuki on inhimillisempää ja edullisempaa kuin korjaavat palvelut."),
    ]),
    ("Ryhmä 3", "paper", [
        ("Palveluohjaus lähellä asiakasta",
         "Reuna-alueiden asukkaat tarvitsevat liikkuvia ja digitaalisia palveluja."),
        ("Järjestötoiminnan tunnistaminen",
         "Järjestöjen työ pitää tunnistaa kumppanuutena eikä vain palvelutuotantona."),
        ("Asiakasmaksujen kohtuullisuus",
         "Kohtuuttomat maksut estävät hakeutumasta palveluihin ajoissa."),
    ]),
]


def _find_existing(organisation: Organisation) -> Session | None:
    return db.session.scalar(sa.select(Session).where(
        Session.organisation_id == organisation.id, Session.title == TITLE))


def seed_workshop(organisation: Organisation) -> Session:
    existing = _find_existing(organisation)
    if existing is not None:
        return existing
    session = create_session(
        organisation, None, TITLE, SessionKind.WORKSHOP,
        description="Järjestöystävällinen Pohjois-Pohjanmaa: mitä maakuntastrategiassa pitää "
                    "sanoa palvelulupauksesta, järjestöjen toimintaedellytyksistä ja "
                    "yhteistyön rakenteista?",
    )
    themes = []
    for position, spec in enumerate(THEMES):
        theme = Theme(session_id=session.id, title=spec["title"], prompt=spec["prompt"],
                      position=position, is_current=position == 0)
        db.session.add(theme)
        db.session.flush()
        db.session.add_all(BackgroundItem(theme_id=theme.id, source=source, text=text,
                                          position=i)
                           for i, (source, text) in enumerate(spec["items"]))
        themes.append(theme)
    groups = {}
    for position, name in enumerate(GROUPS):
        groups[name] = Group(session_id=session.id, name=name, position=position)
        db.session.add(groups[name])
    db.session.flush()
    db.session.add_all(
        Participant(session_id=session.id, group_id=groups[group_name].id, display_name=name,
                    affiliation=affiliation, token_hash=token_hash(new_token()))
        for group_name, members in MEMBERS.items() for name, affiliation in members
    )
    for group_name, source, answers in ANSWERS:
        submission = Submission(group_id=groups[group_name].id, theme_id=themes[0].id,
                                state=SubmissionState.SUBMITTED, source=Source(source),
                                submitted_at=session.created_at)
        db.session.add(submission)
        db.session.flush()
        priorities = [Priority(submission_id=submission.id, rank=rank, title=title,
                               reasoning=reasoning)
                      for rank, (title, reasoning) in enumerate(answers, start=1)]
        db.session.add_all(priorities)
        db.session.flush()
        for priority in priorities:
            add_to_aggregate(priority)
    session.stage = Stage.OPEN
    db.session.flush()
    return session
