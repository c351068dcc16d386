"""Turns store records into what the learner reads: short paragraphs, bullet lists and buttons.

Plain text with `- ` bullets reads well in the web widget (Markdown), Slack and `rasa shell` alike.
Every answer names the role or skill it is about, so a follow-up question stays in context.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
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

Button = dict[str, str]
CURRENCY_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "INR": "₹"}
CURRENCY_NAMES = {"GBP": "pounds", "USD": "dollars", "EUR": "euros", "INR": "rupees"}
PERIOD_WORDS = {"year": "a year", "month": "a month", "hour": "an hour"}


def bullets(lines: Sequence[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def button(title: str, intent: str, **entities: str) -> Button:
    """A quick reply that sends `intent` with entities, exactly as the NLU would have produced it."""
    payload = f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"
    return {"title": title, "payload": payload}


def lower_title(role: RoleInfo) -> str:
    """'Data scientist' as it reads mid-sentence: 'data scientist'."""
    return role.title[0].lower() + role.title[1:] if role.title[1:2].islower() else role.title


def role_plural(role: RoleInfo) -> str:
    title = lower_title(role)
    if title.endswith("y") and title[-2:-1] not in ("a", "e", "i", "o", "u"):
        return title[:-1] + "ies"
    return title + ("es" if title.endswith(("s", "sh", "ch", "x")) else "s")


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def skill_line(skill: SkillInfo) -> str:
    return f"{skill.name}: {skill.why}"


# -- topics and application areas ---------------------------------------------------------------


def topic(info: TopicInfo) -> str:
    parts = [info.answer.strip()]
    if info.skills:
        parts.append(bullets([skill_line(s) for s in info.skills]))
    if info.source:
        parts.append(f"Source: {info.source}")
    return "\n\n".join(parts)


def topic_for_role(role: RoleInfo, needed: Sequence[RequiredSkill]) -> str:
    """The part of a topic one role needs, from its skills ("which language do data analysts use")."""
    name = lower_title(role)
    if not needed:
        return (
            f"For {article(name)} {name}, my notes list none of these among the role's skills. "
            f"Ask “what skills does {article(name)} {name} need?” for the ones it does."
        )
    pairs = [(n.importance, n.skill.name) for n in needed]
    return f"For {article(name)} {name} specifically:\n" + by_importance(pairs)


def applications_overview(areas: Sequence[ApplicationInfo]) -> str:
    lines = [f"{a.name}: {a.summary}" for a in areas]
    return (
        "Most of us already use deep learning every day. It powers:\n"
        + bullets(lines)
        + "\n\nAsk me about any of them to hear how deep learning is used there."
    )


def application(area: ApplicationInfo) -> str:
    text = f"{area.name}: {area.how.strip()}"
    if area.examples:
        text += "\n\nExamples:\n" + bullets(area.examples)
    if area.roles:
        text += "\n\nWho works on it:\n" + bullets([f"{r.title}: {r.summary}" for r in area.roles])
    return text


def application_buttons(areas: Sequence[ApplicationInfo]) -> list[Button]:
    return [button(a.name, "ask_applications", application=a.key) for a in areas]


# -- roles -------------------------------------------------------------------------------------


def roles_overview(roles: Sequence[RoleInfo]) -> str:
    return (
        "Deep learning knowledge opens many careers. The roles I can tell you about:\n"
        + bullets([f"{r.title}: {r.summary}" for r in roles])
        + "\n\nAsk what any of them does, which skills it needs or what it pays."
    )


def role_buttons(roles: Sequence[RoleInfo], intent: str = "ask_role") -> list[Button]:
    return [button(r.title, intent, role=r.key) for r in roles]


def role(info: RoleInfo) -> str:
    return (
        f"{info.title}: {info.description.strip()}\n\n"
        f"Education: {info.education.strip()}\n\n"
        f"How to get in: {info.how_to_get_in.strip()}"
    )


def by_importance(pairs: Sequence[tuple[str, str]], label: str = "{}") -> str:
    """(importance, name) pairs as one bullet per importance: "- Essential: A, B"."""
    groups = []
    for importance in IMPORTANCE_RANK:
        names = [name for level, name in pairs if level == importance]
        if names:
            groups.append(f"{label.format(importance.capitalize())}: {', '.join(names)}")
    return bullets(groups)


def role_skills(info: RoleInfo, needed: Sequence[RequiredSkill]) -> str:
    pairs = [(n.importance, n.skill.name) for n in needed]
    return f"Skills {article(lower_title(info))} {lower_title(info)} needs:\n" + by_importance(pairs)


def unknown_role(text: str | None, suggestions: Sequence[RoleInfo]) -> str:
    named = f"“{text}”" if text else "that role"
    if suggestions:
        options = ", ".join(r.title for r in suggestions)
        return f"I don't have {named} in my notes. Did you mean: {options}?"
    return f"I don't have {named} in my notes. Here are the roles I can tell you about."


def which_role(question: str) -> str:
    return f"Which role do you mean? Pick one and I'll tell you {question}."


def comparison(first: RoleInfo, second: RoleInfo, skills: dict[str, Sequence[RequiredSkill]]) -> str:
    a, b = skills[first.key], skills[second.key]
    a_keys, b_keys = {n.skill.key for n in a}, {n.skill.key for n in b}
    both = [n.skill.name for n in a if n.skill.key in b_keys]
    only_a = [n.skill.name for n in a if n.skill.key not in b_keys]
    only_b = [n.skill.name for n in b if n.skill.key not in a_keys]
    lines = [
        f"{first.title} vs {second.title}:",
        f"- {first.title}: {first.summary}",
        f"- {second.title}: {second.summary}",
        f"- Skills both need: {', '.join(both) or 'none in common'}",
        f"- Only the {lower_title(first)}: {', '.join(only_a) or 'nothing extra'}",
        f"- Only the {lower_title(second)}: {', '.join(only_b) or 'nothing extra'}",
        f"- Education, {lower_title(first)}: {first.education.strip()}",
        f"- Education, {lower_title(second)}: {second.education.strip()}",
    ]
    return "\n".join(lines)


# -- skills ------------------------------------------------------------------------------------


def covering(info: SkillInfo, parts: Sequence[SkillInfo]) -> str:
    """ "Applied mathematics (with Calculus, Statistics...)": a broad skill with what it covers."""
    return f"{info.name} (with {', '.join(p.name for p in parts)})" if parts else info.name


def need_line(need: RoleNeed) -> str:
    return f"{need.role.title} ({', '.join(need.through)})" if need.through else need.role.title


def skill(info: SkillInfo, needs: Sequence[RoleNeed], parts: Sequence[SkillInfo] = ()) -> str:
    text = f"{info.name}: {info.why.strip()}"
    if parts:
        text += f"\n\nIt covers {', '.join(p.name for p in parts)}."
    if needs:
        text += "\n\nRoles that use it: " + ", ".join(need_line(n) for n in needs) + "."
    return text


def skill_roles(info: SkillInfo, needs: Sequence[RoleNeed], parts: Sequence[SkillInfo] = ()) -> str:
    if not needs:
        return f"None of the roles I know lists {info.name} as a core skill. {info.name}: {info.why}"
    pairs = [(n.importance, need_line(n)) for n in needs]
    return f"Roles that need {covering(info, parts)}:\n" + by_importance(pairs, "{} for")


def unknown_skill(text: str | None) -> str:
    named = f"“{text}”" if text else "that skill"
    return (
        f"I don't have {named} in my notes. Ask me which skills deep learning needs to see the ones I know."
    )


# -- salaries ----------------------------------------------------------------------------------


def money(amount: Decimal, currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency)
    whole = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{symbol}{whole}" if symbol else f"{whole} {currency}"


def salary(figure: SalaryInfo) -> str:
    return (
        f"{figure.basis.capitalize()} for {article(figure.role_title)} {figure.role_title.lower()} "
        f"in {figure.country_name}: {money(figure.amount, figure.currency)} "
        f"{PERIOD_WORDS[figure.period]}. Source: {figure.source} (as of {figure.as_of:%d %B %Y})."
    )


def no_salary(role_name: str | None, country_name: str | None, known: Sequence[SalaryInfo]) -> str:
    about = (f" for {role_name}" if role_name else "") + (f" in {country_name}" if country_name else "")
    text = f"I don't have a salary figure{about}, and I won't guess one."
    if known:
        text += " The figures I do have:\n" + bullets([salary(k) for k in known])
    return text


def not_converted(asked: str, held: str) -> str:
    """Why a figure comes in its own currency: a converted salary is not what employers there pay."""
    return (
        f"I have this figure in {CURRENCY_NAMES.get(held, held)} only, and I don't convert it to "
        f"{CURRENCY_NAMES.get(asked, asked)}: exchange rates move, and a converted salary isn't what "
        "employers elsewhere pay."
    )


def salary_caveat() -> str:
    return (
        "Deep learning is a specialised part of machine learning, and salaries for engineers who "
        "specialise in it reflect that knowledge."
    )


# -- learning resources and guidance -----------------------------------------------------------


def resource_line(r: ResourceInfo) -> str:
    line = f"{r.title} ({r.provider}, {r.kind}, {r.level})"
    return f"{line}: {r.url}" if r.url else line


def courses(resources: Sequence[ResourceInfo]) -> str:
    article_ones = [r for r in resources if r.in_article]
    others = [r for r in resources if not r.in_article]
    text = (
        "A self-paced course from an industry leader is a good next step:\n"
        + bullets([f"{resource_line(r)}: {r.description.strip()}" for r in article_ones])
        + "\nComplete one and you have a certificate to add to your CV or LinkedIn profile."
    )
    if others:
        text += "\n\nMore to explore:\n" + bullets([resource_line(r) for r in others])
    return text


def skill_courses(
    skill: SkillInfo, resources: Sequence[ResourceInfo], parts: Sequence[SkillInfo] = ()
) -> str:
    if not resources:
        return f"None of the courses in my notes teaches {skill.name}. The ones I know, for deep learning in general:"
    return f"Courses in my notes that teach {covering(skill, parts)}:\n" + bullets(
        [resource_line(r) for r in resources]
    )


def role_courses(role: RoleInfo, fits: Sequence[CourseFit], top: int = 4) -> str:
    title = lower_title(role)
    if not fits:
        return f"None of the courses in my notes teaches the skills {article(title)} {title} needs."
    lines = [
        resource_line(f.resource)
        + " — covers "
        + ", ".join(f"{n.skill.name} ({n.importance})" for n in f.teaches)
        for f in fits[:top]
    ]
    return (
        f"Courses for {article(title)} {title}, those covering most of the role's skills first:\n"
        + bullets(lines)
        + f"\nFor the skills you'd still need, tell me what you know and ask “what should I learn to become "
        f"{article(title)} {title}?”"
    )


def unknown_course_topic(text: str) -> str:
    return f"I don't have “{text}” in my notes, so I know no course for it. The courses I know:"


def remembered_skills(skills: Sequence[SkillInfo]) -> str:
    names = ", ".join(s.name for s in skills)
    return (
        f"Noted: you know {names}. Ask me which role suits you, or what you'd need to learn "
        "for a particular role."
    )


def no_known_skills() -> str:
    return (
        "Tell me what you already know (for example “I know Python and calculus”) and I'll "
        "match it against the roles I know."
    )


def recommendations(fits: Sequence[RoleFit], known: Sequence[SkillInfo]) -> str:
    names = ", ".join(s.name for s in known)
    lines = []
    for fit in fits:
        matched = ", ".join(s.name for s in fit.matched)
        next_up = ", ".join(m.skill.name for m in fit.missing[:3]) or "nothing essential"
        lines.append(
            f"{fit.role.title} ({fit.score:.0%} match): you already have {matched}; next learn {next_up}."
        )
    return f"With {names}, the roles that fit you best:\n" + bullets(lines)


def skill_gap(
    info: RoleInfo,
    missing: Sequence[RequiredSkill],
    known: Sequence[SkillInfo],
    resources: dict[str, ResourceInfo],
) -> str:
    if not missing:
        return (
            f"You already have every skill I list for {article(lower_title(info))} "
            f"{lower_title(info)}. Next: {info.how_to_get_in.strip()}"
        )
    lines = []
    for need in missing:
        line = f"{need.skill.name} ({need.importance})"
        course = resources.get(need.skill.key)
        if course:
            line += f": try {course.title} ({course.provider})"
        lines.append(line)
    have = f"You already have {', '.join(s.name for s in known)}. " if known else ""
    return (
        f"{have}To become {article(lower_title(info))} {lower_title(info)}, learn these next, most "
        "important first:\n" + bullets(lines)
    )
