"""The bundled newsroom's stories and the edits its editors make.

Everything here is written by the project: no outside text.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass
class Story:
    slug: str
    title: str
    byline: str
    paragraphs: list[str]
    section: str = "news"
    published_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    updated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    revision: int = 1
    # Which picture leads the story: the site serves /images/<slug>-<photo>.svg.
    photo: int = 1

    @property
    def path(self):
        return f"/{self.section}/{self.slug}"

    @property
    def photo_path(self):
        return f"/images/{self.slug}-{self.photo}.svg"

    def touch(self):
        self.revision += 1
        self.updated_at = datetime.now(UTC)


SEED_STORIES = [
    Story(
        slug="harbour-bridge-closure",
        title="Harbour bridge to close for six weeks of repairs",
        byline="By Mara Lindqvist, transport correspondent",
        paragraphs=[
            "The harbour bridge will close to traffic for six weeks from next Monday "
            "while engineers replace worn expansion joints, the city council said.",
            "Commuters have been advised to use the ferry or the ring road, which the "
            "council expects to carry an extra 20,000 vehicles a day.",
            "Council leader Ruth Okafor said the work could not be delayed any longer. "
            '"Every winter the joints get worse, and we would rather close the bridge '
            'on our terms than have it closed for us," she said.',
            "Local businesses on the north shore said they feared a drop in trade. The "
            "chamber of commerce has asked for rate relief during the closure.",
            "The bridge, opened in 1968, carries about 45,000 vehicles on a weekday.",
        ],
    ),
    Story(
        slug="library-opening-hours",
        title="Central library extends opening hours after petition",
        byline="By Tomas Varga",
        paragraphs=[
            "The central library will open until 9pm on weekdays from next month, after "
            "a petition signed by more than 3,000 residents.",
            "Students had complained that the library closed before many of them finished "
            "lectures, leaving them nowhere quiet to work.",
            "The extra hours will cost about 120,000 a year, which the council says it "
            "will meet from savings on energy after new heating was installed.",
            'Head librarian Ines Duarte said staff were delighted. "A library that is '
            'closed when people need it is not doing its job," she said.',
        ],
    ),
    Story(
        slug="river-flood-warning",
        title="Flood warning issued for the lower river valley",
        byline="By Kwame Mensah, environment reporter",
        section="weather",
        paragraphs=[
            "Forecasters have issued a flood warning for the lower river valley after two "
            "days of heavy rain upstream.",
            "Water levels at the weir rose by more than a metre overnight and are expected "
            "to peak on Thursday afternoon.",
            "Residents of low-lying streets near the marina have been told to move valuables "
            "upstairs and to keep an eye on official updates.",
            "The environment agency said its teams were checking defences along the "
            "embankment and clearing debris from culverts.",
        ],
    ),
    Story(
        slug="school-meals-trial",
        title="Schools trial free breakfasts for every pupil",
        byline="By Aiko Tanaka, education editor",
        paragraphs=[
            "Twelve primary schools will offer free breakfasts to every pupil this term in "
            "a trial paid for by the regional education board.",
            "Teachers say hungry children struggle to concentrate, and that a breakfast "
            "club also gets pupils into school on time.",
            "The board will compare attendance and reading scores with schools outside the "
            "trial before deciding whether to extend it.",
            "Parents' groups welcomed the scheme but asked why it was limited to primary schools.",
        ],
    ),
]

NEW_STORY_POOL = [
    (
        "market-square-redesign",
        "Plans unveiled for a car-free market square",
        "By Lena Fischer",
        [
            "The council has published plans to remove parking from the market square and "
            "plant thirty trees.",
            "Traders are divided: some expect more shoppers on foot, others worry that "
            "customers will go elsewhere.",
            "A public consultation runs until the end of the month.",
        ],
    ),
    (
        "tram-extension-approved",
        "Tram extension to the airport approved",
        "By Omar Haddad, transport correspondent",
        [
            "The regional assembly has approved a four-kilometre tram extension to the airport.",
            "Construction is due to start next spring and take about three years.",
            "Opponents say the money would be better spent on buses in the outer suburbs.",
        ],
    ),
]

REWORDINGS = [
    ("said", "told reporters"),
    ("about", "around"),
    ("more than", "over"),
    ("expects", "estimates"),
    ("will", "is set to"),
    ("complained", "said"),
    ("feared", "warned of"),
    ("welcomed", "praised"),
]

UPDATE_PARAGRAPHS = [
    "A spokesperson for the council said further details would be published later today.",
    "Update: officials have since confirmed the figures quoted above.",
    "Opposition councillors called for an independent review of the decision.",
    "The story has been updated with comments from local residents.",
    "A public meeting has been arranged for Thursday evening at the town hall.",
]

HEADLINE_EDITS = [
    ("to close", "closes"),
    ("after petition", "after 3,000 sign petition"),
    ("issued", "raised"),
    ("trial", "test"),
    ("for every pupil", "for all pupils"),
]


def reword_sentence(story, rng):
    candidates = [
        (index, old, new)
        for index, paragraph in enumerate(story.paragraphs)
        for old, new in REWORDINGS
        if f" {old} " in paragraph
    ]
    if not candidates:
        return None
    index, old, new = rng.choice(candidates)
    story.paragraphs[index] = story.paragraphs[index].replace(f" {old} ", f" {new} ", 1)
    return f"reworded '{old}' as '{new}'"


def add_paragraph(story, rng):
    fresh = [p for p in UPDATE_PARAGRAPHS if p not in story.paragraphs]
    if not fresh:
        return None
    story.paragraphs.insert(rng.randrange(1, len(story.paragraphs) + 1), rng.choice(fresh))
    return "added a paragraph"


def remove_paragraph(story, rng):
    if len(story.paragraphs) < 4:
        return None
    removed = story.paragraphs.pop(rng.randrange(1, len(story.paragraphs)))
    return f"removed a paragraph of {len(removed)} characters"


def change_headline(story, rng):
    edits = [(old, new) for old, new in HEADLINE_EDITS if old in story.title]
    if edits:
        old, new = rng.choice(edits)
        story.title = story.title.replace(old, new, 1)
        return "changed the headline"
    if not story.title.endswith("(updated)"):
        story.title += " (updated)"
        return "marked the headline as updated"
    return None


def swap_photo(story, rng):
    story.photo += 1
    return f"swapped the photo for photo {story.photo}"


EDITS = [
    reword_sentence,
    reword_sentence,
    add_paragraph,
    remove_paragraph,
    change_headline,
    swap_photo,
]


def random_edit(story, rng=None):
    """Apply one realistic edit; return its description, or None if none applied."""
    rng = rng or random.Random()
    for edit in rng.sample(EDITS, len(EDITS)):
        description = edit(story, rng)
        if description:
            story.touch()
            return description
    return None
