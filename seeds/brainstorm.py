"""The seed-001 brainstorm: the event's questions and participants' short answers,
some grouped into sub-themes. Answers are shortened from the notes; no names."""

from __future__ import annotations

import sqlalchemy as sa

from app.brainstorm.models import Cluster, Idea, Support
from app.core.tokens import new_token, token_hash
from app.extensions import db
from app.organisations.models import Organisation
from app.sessions.models import Affiliation, Participant, Session, SessionKind, Stage, Theme
from app.sessions.services import create_session

TITLE = "Järjestöt maakuntaudistuksessa"

# question → {cluster or None: [ideas]}
QUESTIONS: list[tuple[str, dict[str | None, list[str]]]] = [
    ("Millaisia odotuksia ja toiveita järjestöillä on maakuntaudistukselle?", {
        "Rahoitus": [
            "Miten sote-järjestöjen rahoitus jatkuu, jos kuntarahoitus siirtyy maakunnille?",
            "Järjestöjen perustoiminta mukaan, ei vain hankkeiden kautta: rahoitus turvattava.",
            "Jos järjestöille asetetaan velvoitteita, niiden toimintaa on myös tuettava.",
        ],
        "Alueellinen tasa-arvo": [
            "Uudistuksessa huomioitava alueellinen tasa-arvo ja reuna-alueiden palvelut.",
            "Säästöt otetaan muualta kuin haja-asutusalueiden palveluista.",
        ],
        "Tiedotus": [
            "Yksi selkeä tiedotuskanava riittävän ajoissa, myös järjestöjen tiedotus.",
            "Mikä muuttuu järjestöjen kannalta? Tieto monikanavaisesti.",
        ],
        None: [
            "Voisivatko järjestöt ja yritykset tuottaa palveluja allianssimallilla?",
            "Kannattaa tehdä uudistus ja ravistella rakenteita!",
            "Järjestötoiminta itsessään luo hyvinvointia: se pitää nähdä ja tunnistaa.",
            "Avoin dialogi, vuorovaikutus ja läpinäkyvyys.",
            "Yhteistyö konkreettiseksi, esimerkiksi yhteiset tilat.",
            "Julkisten palvelujen työntekijöiden järjestöosaamista vahvistettava.",
        ],
    }),
    ("Miten kehitetään järjestöasiain neuvottelukunnan roolia järjestöjen äänen "
     "viemisessä eteenpäin?", {
        "Lapset ja perheet": [
            "Lapsiperheiden neuvosto pitäisi perustaa.",
            "Lapsiperheiden palvelut eivät saa pirstoutua järjestöjen hartioille.",
        ],
        "Ikäihmiset": [
            "Mikä on vanhusneuvostojen asema maakunnassa?",
            "Vertaisohjauksen koulutus koordinoidusti.",
        ],
        "Terveys ja hyvinvointi": [
            "Järjestöt mukaan sote-toiminnan arviointiin, esimerkiksi raatien avulla.",
            "Maakunnallinen liikunnan vetäjä.",
        ],
        "Ympäristö": [
            "Oma teemaryhmä ympäristöjärjestöille.",
        ],
        None: [
            "Neuvottelukunnalle useita ryhmiä alueiden ja toimialojen mukaan.",
            "Neuvottelukunnan tehtävä: tiedottaminen eri tasojen välillä.",
            "Julkisempi rekrytointi ja nimetty yhteyshenkilö.",
            "Ohjeet siitä, miten tietoa neuvottelukunnasta saa.",
        ],
    }),
    ("Miten digiosallisuutta viedään eteenpäin järjestöjen kautta koko maakunnassa?", {
        None: [
            "Innovoidaan pidemmälle kuin ensi vuoteen.",
            "Järjestöt voivat opettaa tietotekniikkaa koko maakunnan alueella.",
            "Järjestöjen pitää itse näyttää esimerkkiä ja löytyä internetistä.",
        ],
    }),
    ("Miten viedään eteenpäin järjestöjen ja kuntien yhteistyötä kuntatasolla?", {
        None: [
            "Kanavat selkeiksi ja näkyviksi.",
            "Järjestöille ei pidä ladata liian suuria odotuksia.",
            "Jokaiseen kuntaan nimetty järjestöyhteyshenkilö.",
            "Kirjallinen järjestöyhteistyön ohje.",
            "Yhteiset koulutukset, järjestöt mukaan.",
            "Pienet yhdistykset kuuluviin äänekkäiden rinnalla.",
        ],
    }),
]


# Who took part in the demo (made-up first names): they wrote the ideas and support some.
PARTICIPANTS = [("Anni", Affiliation.ASSOCIATION), ("Jussi", Affiliation.RESIDENT),
                ("Heli", Affiliation.STAFF), ("Marko", Affiliation.ASSOCIATION),
                ("Riikka", Affiliation.EXPERIENCE_EXPERT), ("Timo", Affiliation.COMPANY)]


def _supporters(index: int) -> int:
    """How many others support the index-th idea: a varied, fixed pattern (0 to 5)."""
    return (index * 5) % len(PARTICIPANTS)


def seed_brainstorm(organisation: Organisation) -> Session:
    existing = db.session.scalar(sa.select(Session).where(
        Session.organisation_id == organisation.id, Session.title == TITLE))
    if existing is not None:
        return existing
    session = create_session(
        organisation, None, TITLE, SessionKind.BRAINSTORM,
        description="Avoin tilaisuus: järjestöjen odotukset, neuvottelukunnan rooli, "
                    "digiosallisuus ja yhteistyö kuntatasolla.",
    )
    participants = [Participant(session_id=session.id, display_name=name, affiliation=affiliation,
                                token_hash=token_hash(new_token()))
                    for name, affiliation in PARTICIPANTS]
    db.session.add_all(participants)
    ideas: list[Idea] = []
    for position, (question, clusters) in enumerate(QUESTIONS):
        theme = Theme(session_id=session.id, title=question, position=position,
                      is_current=position == 0)
        db.session.add(theme)
        db.session.flush()
        for cluster_position, (cluster_title, texts) in enumerate(clusters.items()):
            cluster = None
            if cluster_title is not None:
                cluster = Cluster(theme_id=theme.id, title=cluster_title,
                                  position=cluster_position)
                db.session.add(cluster)
                db.session.flush()
            ideas.extend(Idea(theme_id=theme.id, text=text,
                              cluster_id=cluster.id if cluster else None)
                         for text in texts)
    db.session.flush()  # the participants' ids
    for index, idea in enumerate(ideas):
        idea.participant_id = participants[index % len(participants)].id
    db.session.add_all(ideas)
    db.session.flush()
    # Supporters are the others: nobody supports their own idea, as in the app.
    db.session.add_all(Support(idea_id=idea.id, participant_id=supporter.id)
                       for index, idea in enumerate(ideas)
                       for supporter in [p for p in participants
                                         if p.id != idea.participant_id][:_supporters(index)])
    session.stage = Stage.OPEN
    db.session.flush()
    return session
