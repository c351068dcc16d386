"""Store records as the values domain.yml's responses are filled with: no sentences, only data.

Every sentence the bot says is a response in domain.yml, so content owners reword it there; here
the store's data is shaped to sit inside those sentences: a name mid-sentence ("a data scientist"),
lists as `- ` bullets or comma lists, money and dates, and the quick replies built from the store.
Plain text with `- ` bullets reads well in the web widget (Markdown), Slack and `rasa shell` alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal

from actions.store.models import IMPORTANCE_RANK
from actions.store.queries import (
    ApplicationInfo,
    CourseFit,
    RequiredSkill,
    ResourceInfo,
    RoleFit,
    RoleInfo,
    RoleNeed,
    SalaryInfo,
    SkillInfo,
    TopicInfo,
)
from nlp.names import plural_phrase

Button = dict[str, str]
Values = dict[str, str]
"""A response's placeholders and what fills them."""

CURRENCY_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "INR": "₹"}
CURRENCY_NAMES = {"GBP": "pounds", "USD": "dollars", "EUR": "euros", "INR": "rupees"}
PERIOD_WORDS = {"year": "a year", "month": "a month", "hour": "an hour"}
NOTHING = "—"
"""An empty list where a response expects one (a comparison's "skills both need")."""


def bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def listed(names: Iterable[str]) -> str:
    return ", ".join(names) or NOTHING


def button(title: str, intent: str, **entities: str) -> Button:
    """A quick reply that sends `intent` with entities, exactly as the NLU would have produced it."""
    payload = f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"
    return {"title": title, "payload": payload}


def lower_title(role: RoleInfo) -> str:
    """'Data scientist' as it reads mid-sentence: 'data scientist'."""
    return role.title[0].lower() + role.title[1:] if role.title[1:2].islower() else role.title


def role_plural(role: RoleInfo) -> str:
    """'data scientists': the title mid-sentence, in the plural the ruler and the lookup also take."""
    return plural_phrase(lower_title(role))


LETTERS_READ_WITH_A_VOWEL = "aefhilmnorsx"
"""Letters whose names start with a vowel sound: "an MLOps engineer", "an NLP engineer"."""


def article(word: str) -> str:
    """'a' or 'an' before `word`; an initialism ("MLOps", two capitals first) is read letter by letter."""
    if word[:2].isupper():
        return "an" if word[:1].lower() in LETTERS_READ_WITH_A_VOWEL else "a"
    return "an" if word[:1].lower() in "aeiou" else "a"


def a_role(role: RoleInfo) -> str:
    """'a data scientist', 'an ML engineer': one of the role, mid-sentence."""
    return f"{article(lower_title(role))} {lower_title(role)}"


def skill_names(skills: Iterable[SkillInfo]) -> str:
    return listed(s.name for s in skills)


def by_importance(pairs: Sequence[tuple[str, str]]) -> str:
    """(importance, name) pairs as one bullet per importance: "- Essential: A, B"."""
    groups = []
    for importance in IMPORTANCE_RANK:
        names = [name for level, name in pairs if level == importance]
        if names:
            groups.append(f"{importance.capitalize()}: {', '.join(names)}")
    return bullets(groups)


def required(needed: Sequence[RequiredSkill]) -> str:
    """A role's skills, one bullet per importance."""
    return by_importance([(n.importance, n.skill.name) for n in needed])


# -- topics and application areas ---------------------------------------------------------------


def topic_answer(info: TopicInfo) -> str:
    """The topic's answer, then the skills it lists with why each matters."""
    parts = [info.answer.strip()]
    if info.skills:
        parts.append(bullets(f"{s.name}: {s.why}" for s in info.skills))
    return "\n\n".join(parts)


def application_lines(areas: Sequence[ApplicationInfo]) -> str:
    return bullets(f"{a.name}: {a.summary}" for a in areas)


def application_buttons(areas: Sequence[ApplicationInfo]) -> list[Button]:
    return [button(a.name, "ask_applications", application=a.key) for a in areas]


# -- roles -------------------------------------------------------------------------------------


def role_lines(roles: Sequence[RoleInfo]) -> str:
    return bullets(f"{r.title}: {r.summary}" for r in roles)


def role_buttons(roles: Sequence[RoleInfo], intent: str = "ask_role") -> list[Button]:
    return [button(r.title, intent, role=r.key) for r in roles]


def role(info: RoleInfo) -> Values:
    return {
        "role_title": info.title,
        "role_key": info.key,
        "description": info.description.strip(),
        "education": info.education.strip(),
        "how_to_get_in": info.how_to_get_in.strip(),
    }


def comparison(first: RoleInfo, second: RoleInfo, skills: dict[str, Sequence[RequiredSkill]]) -> Values:
    """Two roles side by side: summaries, the skills both need, those only one needs, education."""
    a, b = skills[first.key], skills[second.key]
    a_keys, b_keys = {n.skill.key for n in a}, {n.skill.key for n in b}
    return {
        "first_title": first.title,
        "second_title": second.title,
        "first_name": lower_title(first),
        "second_name": lower_title(second),
        "first_summary": first.summary,
        "second_summary": second.summary,
        "both": listed(n.skill.name for n in a if n.skill.key in b_keys),
        "only_first": listed(n.skill.name for n in a if n.skill.key not in b_keys),
        "only_second": listed(n.skill.name for n in b if n.skill.key not in a_keys),
        "first_education": first.education.strip(),
        "second_education": second.education.strip(),
    }


# -- skills ------------------------------------------------------------------------------------


def covering(info: SkillInfo, parts: Sequence[SkillInfo]) -> str:
    """ "Applied mathematics (Linear algebra, Calculus...)": a broad skill with what it covers."""
    return f"{info.name} ({skill_names(parts)})" if parts else info.name


def need_line(need: RoleNeed) -> str:
    """ "Data scientist (Statistics)": a role, with the narrower skills through which it needs one."""
    return f"{need.role.title} ({', '.join(need.through)})" if need.through else need.role.title


def needs(found: Sequence[RoleNeed]) -> str:
    return listed(need_line(n) for n in found)


def needs_by_importance(found: Sequence[RoleNeed]) -> str:
    return by_importance([(n.importance, need_line(n)) for n in found])


# -- salaries ----------------------------------------------------------------------------------


def money(amount: Decimal, currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency)
    whole = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{symbol}{whole}" if symbol else f"{whole} {currency}"


def currency_name(code: str) -> str:
    return CURRENCY_NAMES.get(code, code)


def salary(figure: SalaryInfo) -> Values:
    return {
        "basis": figure.basis.capitalize(),
        "a_role": f"{article(figure.role_title)} {figure.role_title.lower()}",
        "country": figure.country_name,
        "amount": f"{money(figure.amount, figure.currency)} {PERIOD_WORDS[figure.period]}",
        "source": figure.source,
        "as_of": f"{figure.as_of:%d %B %Y}",
    }


# -- learning resources and guidance -----------------------------------------------------------


def resource_line(r: ResourceInfo) -> str:
    line = f"{r.title} ({r.provider}, {r.kind}, {r.level})"
    return f"{line}: {r.url}" if r.url else line


def resource_lines(resources: Sequence[ResourceInfo]) -> str:
    return bullets(resource_line(r) for r in resources)


def described_resources(resources: Sequence[ResourceInfo]) -> str:
    return bullets(f"{resource_line(r)}: {r.description.strip()}" for r in resources)


def course_fits(fits: Sequence[CourseFit]) -> str:
    """Courses for a role, each with the role's skills it teaches: "... — Python (essential), SQL"."""
    return bullets(
        resource_line(f.resource) + " — " + ", ".join(f"{n.skill.name} ({n.importance})" for n in f.teaches)
        for f in fits
    )


def role_fit(fit: RoleFit) -> Values:
    return {
        "role_title": fit.role.title,
        "score": f"{fit.score:.0%}",
        "matched": skill_names(fit.matched),
        "next_skills": listed(m.skill.name for m in fit.missing[:3]),
    }


def gap_lines(missing: Sequence[RequiredSkill], courses: dict[str, ResourceInfo]) -> str:
    """The skills a role needs that the learner lacks, each with a course teaching it where one does."""
    lines = []
    for need in missing:
        line = f"{need.skill.name} ({need.importance})"
        course = courses.get(need.skill.key)
        lines.append(f"{line}: {course.title} ({course.provider})" if course else line)
    return bullets(lines)
