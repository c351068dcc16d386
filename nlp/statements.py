"""Where a message says what the learner knows, and whether it asks something besides.

"I know Python and SQL, how much do data engineers earn?" states skills and asks in one breath; "I
studied linguistics" only states a background; "hi! what's an MLOps engineer?" greets and asks. The
actions use the statement's span to tell the skills a learner has from those asked about
(actions/cues.py); the NLU uses the rest of the message to tell such a question from a plain
statement or greeting (nlp/mixed_messages.py). Both read whether what follows a statement is an open
"what next?" ("I know SQL. Now what?").
"""

from __future__ import annotations

import re

from nlp.names import words

STATED_VERB = r"(?:knows|has|uses|does|works|worked|studied|can)\b"
"""Verbs by which a "who" after the learner's trade goes on saying what they know."""
TRADE_WORDS = "developer|dev|engineer|programmer|coder|analyst|tester|admin|student|graduate|grad|swe|sde"
TRADE = rf"(?:{TRADE_WORDS})"
"""Words for what a learner works as or studies, in "as a java developer" or "I'm a web dev"."""
PEOPLE_WORDS = "user|person|guy|fan"
"""Words for the learner as a user or fan of what they know ("python & keras user here")."""
OPENS_AS_STATEMENT = r"^\W*(?!(?:what|which|how|where|why|who|when|are|is|do|does|can)\b)"
"""The start of a message that does not open with a question word."""

OWN_TRADE = re.compile(
    r"\b(?:i'm|im|i am|i work as|i'm working as|i am working as)\s+(?:currently\s+|already\s+)?an?\s+"
    rf"(?:[a-z+#.-]+\s+){{0,3}}?(?:{TRADE_WORDS}|scientist|researcher|bioinformatician)\b"
)
"""The trade the learner says they work as ("I'm a web developer with JavaScript", "i work as a data
analyst"), which is never what they ask about: "as a data engineer" alone may be the target ("how do I
get experience as a data engineer?")."""

NOT_ASKED = "".join(
    rf"(?<!\b{word} )" for word in ("do", "did", "should", "can", "could", "would", "will", "must", "am")
)
"""Before an "I" that is the subject of a statement, not of a question ("do i need …", "should i build",
"am i doing it right")."""

KNOWLEDGE_STATEMENT = re.compile(
    # "I" as a subject, not in a question ("do i need a masters to work as …").
    NOT_ASKED + r"\b(?:i|i'm|im|i've|ive|i am|i have)\b(?:[^?!.;]|\.(?=\S))*?"
    r"\b(?:know|knows|knew|knowing|have|has|had|got|can|did|done|studied|learnt|learned|took|use|used|"
    r"comfortable|familiar|experienced|good|solid|decent|fluent|using|understand|understood|"
    r"confident|proficient|competent|(?:ok|okay|fine|alright) (?:with|at)|"
    r"work|worked|working|written|wrote|coded|built|programmed|doing|covered|mastered|trained|fine-tuned"
    r"|finetuned|deployed|shipped|dabbled|tinkered|played|experimented|practiced|practised)\b"
    r"|\bknowing\b|\bwith\b(?=[^?!.;]*\bunder my belt\b)|\b(?:also|already) know\b"
    # What the learner makes at work, said right after the "I" ("I build web apps with javascript").
    r"|" + NOT_ASKED + r"\bi (?:build|develop|design|maintain|write|code|program)\b"
    r"|\b(?:i'm|im|i am) (?:building|developing)\b"
    r"|\bhaving (?:done|used|worked|studied|learnt|learned|built|written|coded|taken)\b"
    r"|^\W*having (?:a |an |some )?(?:[a-z]+ )?(?:background|degree|experience)\b"
    r"|\bas (?:someone|somebody|a [a-z]+) who (?:already |also )?"
    + STATED_VERB
    + r"|\bas (?:someone|somebody|a person|one) with\b"
    # Non-native English that leaves out the "I" ("me know python and computer vision little bit"), and
    # a list headed "me:" ("me: python, statistics. q: …").
    r"|^\W*me (?:know|knows|have|has|use|learn|learned|learnt|study|studied)\b|^\W*me\s*:"
    # A trade or a background the learner has ("as a java developer, …", "with a biology background, …").
    + r"|\b(?:as|i'm|im|i am) an? (?:[a-z+#.-]+ ){0,2}"
    + TRADE
    + r"\b"
    + r"|\b(?:i'm|im|i am) an? (?:[a-z+#.-]+ ){1,2}(?:"
    + PEOPLE_WORDS
    + r"|gal)\b"
    r"|^\W*(?:[a-z+#.&]+ ){1,3}(?:" + TRADE_WORDS + "|" + PEOPLE_WORDS + r") here\b"
    # Skills named, then "here," ("c++ and some computer vision here, what languages …").
    r"|" + OPENS_AS_STATEMENT + r"(?:[a-z0-9+#.&/-]+ ){1,5}here\b(?=\s*[,;:.!\u2013\u2014-])"
    r"|\bmy background\b|\bmy (?:skills|skill set|skillset|stack|toolkit)(?=\s*(?::|-|are\b|is\b|include))"
    # Skills named first ("Python and SQL are my main skills; …").
    r"|" + OPENS_AS_STATEMENT + r"(?=[^?!.;]*\b(?:are|is) my (?:main |core |strongest |best |strong )?"
    r"(?:skills?|strengths?|stack|languages?|points?|suits?|areas?|forte)\b)"
    r"|\bi (?:come|came) from\b|\bcoming from\b"
    # Skills listed, then owned ("Python, github, software testing. That's what I know.").
    r"|" + OPENS_AS_STATEMENT + r"[^?!;]*?"
    r"\b(?:that's|thats|that is|those are|these are) (?:what|all|everything) i (?:know|can do|have|use)\b"
    r"|^\W*(?:so |ok |well |and )?with\b(?=[^?!.;]*(?:\b(?:background|degree|experience)\b|,))"
    # Statements that leave out the "I" ("comfortable with java here - what do …").
    r"|^\W*(?:know|knew|comfortable (?:with|w/)|familiar (?:with|w/)|fluent in|experienced (?:in|with|w/)"
    r"|(?:pretty |quite |really |very )?(?:good|solid|decent|strong) (?:at|with|w/|in)"
    r"|(?:done|did) (?:a (?:fair|good|little) bit|a lot|lots|plenty|some) (?:of|with)\b"
    r"|studied|learnt|learned|work(?:ed|ing)? with"
    r"|been (?:using|coding|doing|working|learning|studying|building)"
    r"|using|background\b|i do\b"
    r"|got(?! any\b| a\b| an\b))"
)
"""Where the learner starts saying what they know ("I know", "I've got", "I've covered", "I've fine-tuned",
"knowing", "I build", "having done", "having a background in", "with … under my belt", "as someone with
…", "me know …", "me:", "as a java developer", "I'm a web dev", "I'm a Java guy", "c++ dev here", "python
& keras user here", "I'm ok with sql", "…. That's what I know.", "my background", "my skills:", "… are my
main skills" or "… my strong points", or a message that opens with "comfortable with" (or "w/"), "pretty
solid in", "done a fair bit with", "got … down", "i do", "been doing", "with a … background", "with a
biology degree and a bit of python,", or names skills and then "here,": "c++ and some computer vision
here,")."""

ASIDE = re.compile(
    r"i(?:'ve|ve| have)? (?:got |have )?(?:a|one|another|some|a few|two) (?:more )?"
    r"(?:questions?|quer(?:y|ies)|doubts?)\b"
)
""""I have a question …" announces a question, not what the learner knows."""

STATEMENT_END = re.compile(
    r"[?!;]|\.(?=\s|$)|\bwho\b(?! (?:already |also )?" + STATED_VERB + r")"
    r"|(?:(?<=, )|(?<=,))(?:is|are|does|do|should|would|will)\b"
    r"|(?<!\bknow )(?<!\bknows )\bhow to\b"
    r"|\b(?:what|what's|whats|which|how(?! to\b)|where|why|when|compare|any|do i|should i"
    r"|can i|would i|could i|is it|are there|is there|do they|does a|does an|do you|do u"
    r"|(?:can|could|would|will) (?:you|u))\b"
)
"""Where a statement of what the learner knows gives way to the question (a full stop ends it, the
dot in "node.js" does not, nor a "who" that goes on with the learner: "as a data analyst who knows
sql, …", nor the "how to" the learner knows: "i know how to build apis"; a comma before "is", "do" and
the like does: "i know numpy and pandas, is deep learning …"; so does a "can u" as well as a "can
you": "im ok with numpy/pandas, can u recommend a course")."""

QUESTION = re.compile(
    r"\?|\b(?:what|what's|whats|wat|which|how|where|why|who|when|compare|any|is|are|do|does|can|could"
    r"|should|would|will|tell me|recommend)\b"
)
"""Words that make what follows a statement a question ("…, how much do data engineers earn")."""

GOAL = re.compile(
    r"\b(?:want|wanna|would like|i'd like|hope|hoping|plan|planning|aim|aiming|become|get into|break into"
    r"|switch|move into|transition)\b"
)
"""Words by which a statement goes on to a goal ("…and want to become an NLP engineer"): more than a
background."""

FILLER = frozenset(
    words("so well ok okay and but also yeah yes hi hello hey um uh erm hmm basically actually")
)
"""Words a statement may come with and still ask nothing ("so I've done a stats degree")."""


WHAT_NEXT = re.compile(
    r"\b(?:where (?:do|should|can|could|would) i go|where to go|go from here|where to next|what now"
    r"|now what|what next|what'?s next|what is next|next (?:step|steps|move|thing)|guide me"
    r"|where (?:do|should|can) i (?:start|begin)|where to (?:start|begin)"
    r"|what (?:to|should i) (?:do|learn|study) (?:now|next)"
    r"|what should i (?:learn|do|study|pick up|focus on|tackle)|what (?:do|would|could|can) i (?:learn|do"
    r"|study) next|how (?:do|should|can) i (?:move forward|proceed|progress|level up))\b"
)
"""An open "what next?" ("where do I go from here?", "now what?", "where do I start?"): with skills
stated and no question the intent takes, what to learn next is the answer."""

PROSPECTS = re.compile(
    r"\bwhat (?:could|can|would|should|might) i (?:do|be|become|work as|go for)\b"
    r"|\b(?:suits?|fits?|suited to|right for|open to) me\b|\b(?:jobs?|roles?|careers?) for me\b"
)
"""Words by which a learner asks which jobs are open to them ("What could I do in AI?", "which role
fits me?")."""

GREETING = re.compile(
    r"^\W*(?:hi|hello|hey|hiya|howdy|greetings|yo|good (?:morning|afternoon|evening|day))\b"
    r"(?: there| all| everyone| bot)?\W*"
)
"""A greeting that opens a message ("hi! what's an MLOps engineer?", "Good evening. I would like…")."""


STATES_SKILLS = "inform_skills"
"""The intent of a message that says what the learner knows and asks nothing."""


def own_trade_spans(text: str) -> list[tuple[int, int]]:
    """The character spans in which the learner says what they work as."""
    return [m.span() for m in OWN_TRADE.finditer(text.lower())]


def in_statement(start: int | None, spans: list[tuple[int, int]]) -> bool:
    """Whether a name starting at `start` lies in one of the statement `spans`."""
    return start is not None and any(begin <= start < end for begin, end in spans)


def statement_spans(text: str) -> list[tuple[int, int]]:
    """The character spans in which the learner says what they know, up to where the question starts."""
    lowered = text.lower()
    spans = []
    position = 0
    while True:
        start = KNOWLEDGE_STATEMENT.search(lowered, position)
        if start is None:
            return spans
        if ASIDE.match(lowered, start.start()):
            position = start.end()
            continue
        end_match = STATEMENT_END.search(lowered, start.end())
        end = end_match.start() if end_match else len(text)
        spans.append((start.start(), end))
        position = max(end, start.end())


def _outside(text: str, spans: list[tuple[int, int]]) -> str:
    """The message with the statements at `spans` blanked out."""
    rest, position = [], 0
    for start, end in spans:
        rest.append(text[position:start])
        position = end
    rest.append(text[position:])
    return " ".join(rest)


def asks_besides(text: str) -> bool:
    """Whether the message states what the learner knows and asks a question too."""
    spans = statement_spans(text)
    return bool(spans) and bool(QUESTION.search(_outside(text, spans).lower()))


def question_part(text: str) -> str:
    """What a classifier should read of a message that states what the learner knows and asks
    besides: the question without the statement, whose words ("software testing", "scikit-learn")
    pull towards questions about them; the whole message otherwise, and when what is left holds no
    question word and fewer than three words ("gaps in ?")."""
    spans = statement_spans(text)
    if not spans:
        return text
    rest = " ".join(_outside(text, spans).split()).lstrip(".,;:-\u2013\u2014 ")
    asks = QUESTION.search(rest.lower().replace("?", "")) or len(words(rest)) >= 3
    return rest if asks and QUESTION.search(rest.lower()) else text


def only_states(text: str) -> bool:
    """Whether the message is a statement of what the learner knows and nothing else."""
    if "?" in text or GOAL.search(text.lower()):
        return False
    spans = statement_spans(text)
    return bool(spans) and all(word in FILLER for word in words(_outside(text, spans)))


def after_greeting(text: str) -> str:
    """What follows the greeting a message opens with; "" when it opens with none."""
    greeting = GREETING.match(text.lower())
    return text[greeting.end() :] if greeting else ""


def asks_after_greeting(text: str) -> bool:
    """Whether the message opens with a greeting and goes on to ask something."""
    rest = after_greeting(text)
    return len(words(rest)) >= 3 and bool(QUESTION.search(rest.lower()))


def asks_what_next(text: str) -> bool:
    """Whether the message asks, openly, what to do or learn next."""
    return bool(WHAT_NEXT.search(text.lower()))


def asks_prospects(text: str) -> bool:
    """Whether the question asks which jobs are open to the learner."""
    return bool(PROSPECTS.search(text.lower()))
