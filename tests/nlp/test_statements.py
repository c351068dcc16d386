"""Statements of what the learner knows, and questions besides them (nlp/statements.py)."""

from __future__ import annotations

import pytest

from nlp.statements import (
    asks_after_greeting,
    asks_besides,
    asks_prospects,
    asks_what_next,
    only_states,
    question_part,
    statement_spans,
)


@pytest.mark.parametrize(
    "text",
    [
        "I've written a fair bit of python, how much does a data engineer make in germany?",
        "i've studied computer vision and c++, how much do CV engineers get paid in the US",
        "i did linguistics at uni and know python, what does an nlp engineer need",
        "I know SQL and Excel. Which courses should I take?",
        "I know data cleaning and visualisation, but what is data science actually?",
        "comfortable with java here - do ml engineers earn well in canada?",
        "familiar w/ pandas and sql, what do data analysts earn in canada?",
        "I've fine-tuned a couple of bert models, how much do nlp engineers make?",
        "i've deployed some models with docker, what does an mlops engineer do?",
    ],
)
def test_a_statement_with_a_question_asks_besides(text: str) -> None:
    assert asks_besides(text)


@pytest.mark.parametrize(
    "text",
    [
        "I know Python and SQL",
        "i know sql and spark and have built a few airflow pipelines",
        "I studied linguistics.",
        "how much does a data engineer make in germany?",  # a question and no statement
        "what is Python?",
    ],
)
def test_a_statement_alone_or_a_question_alone_does_not(text: str) -> None:
    assert not asks_besides(text)


@pytest.mark.parametrize(
    "text",
    [
        "I studied linguistics",
        "so i've done a stats degree",
        "I have a degree in physics.",
        "ok I know R",
        "Python, github, software testing. That's what I know.",
        "i've covered data structures, sorting and searching algorithms",
    ],
)
def test_a_background_only_states(text: str) -> None:
    assert only_states(text)


@pytest.mark.parametrize(
    "text",
    [
        "I studied linguistics, is that useful?",
        "I studied linguistics?",
        "do I need a degree in physics",
        "a stats degree in Germany",
        "I studied linguistics and want to become an NLP engineer",
        "ive done some python and would like to get into deep learning",
    ],
)
def test_a_question_or_more_than_a_background_does_not(text: str) -> None:
    assert not only_states(text)


@pytest.mark.parametrize(
    "text",
    [
        "hi! what's an MLOps engineer?",
        "Good evening. I would like to know what a deep learning engineer does.",
        "hey there, which jobs use python?",
    ],
)
def test_a_greeting_then_a_question_asks_after_it(text: str) -> None:
    assert asks_after_greeting(text)


@pytest.mark.parametrize(
    "text",
    ["hi there", "hello!", "hey, ok", "what's an MLOps engineer? hi", "high salaries for which roles?"],
)
def test_a_greeting_alone_or_none_at_the_start_does_not(text: str) -> None:
    assert not asks_after_greeting(text)


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("as a java developer, how much do ML engineers make in germany?", "as a java developer, "),
        (
            "i do javascript and web development, is there a course for me?",
            "i do javascript and web development, ",
        ),
        (
            "with a biology and genomics background, what does a bioinformatician earn?",
            "with a biology and genomics background, ",
        ),
        ("my background is physics and some matlab", "my background is physics and some matlab"),
        ("coming from excel and sql, which roles suit me?", "coming from excel and sql, "),
        (
            "Having done a lot of SQL in my job, how do I get experience?",
            "Having done a lot of SQL in my job, ",
        ),
        (
            "Im a web dev (javascript, apis) - what does a machine learning engineer even do?",
            "Im a web dev (javascript, apis) - ",
        ),
        (
            "I'm a software tester (software testing, some Java) — which skills does an MLOps engineer need?",
            "I'm a software tester (software testing, some Java) — ",
        ),
        ("c++ dev here, what do computer vision engineers need to know?", "c++ dev here, "),
        (
            "I've got python and a bit of calculus - can you recommend a course to get going?",
            "I've got python and a bit of calculus - ",
        ),
        ("My skills: spark, kafka, ETL. Which courses should I take?", "My skills: spark, kafka, ETL"),
        (
            "im ok with numpy/pandas, can u recommend a course on scikit-learn",
            "im ok with numpy/pandas, ",
        ),
        (
            "pretty solid in python and sql, what does a data engineer actually do?",
            "pretty solid in python and sql, ",
        ),
        (
            "done a fair bit with docker containers, what does an mlops engineer do",
            "done a fair bit with docker containers, ",
        ),
        (
            "c++ and some computer vision here, what languages should a computer vision engineer know",
            "c++ and some computer vision here, ",
        ),
        (
            "with a biology degree and a bit of python, do i need a masters to work as a bioinformatician?",
            "with a biology degree and a bit of python, ",
        ),
        (
            "With research methods and statistics from my masters, what does a research scientist do?",
            "With research methods and statistics from my masters, ",
        ),
        (
            "I build web apps with javascript and APIs. what skills does an ML engineer need?",
            "I build web apps with javascript and APIs",
        ),
        (
            "Good evening. I am knowing Java and sorting. Please, what jobs exist?",
            "I am knowing Java and sorting",
        ),
        (
            "Python and SQL are my main skills; how much does a data scientist earn in India?",
            "Python and SQL are my main skills",
        ),
        (
            "been doing computer vision with pytorch for a year, how do self driving cars use it?",
            "been doing computer vision with pytorch for a year, ",
        ),
        (
            "I'm a developer with javascript and APIs - what would a software engineer earn?",
            "I'm a developer with javascript and APIs - ",
        ),
        (
            "I've been doing data warehousing and SQL for years, what does an MLOps engineer do?",
            "I've been doing data warehousing and SQL for years, ",
        ),
        (
            "Calculus and probability are my strong points. Which jobs need probability?",
            "Calculus and probability are my strong points",
        ),
        (
            "as someone with linear algebra and calculus, what programming language should I learn first?",
            "as someone with linear algebra and calculus, ",
        ),
        (  # non-native English without the "I"
            "me know python and computer vision little bit, which course good for computer vision engineer?",
            "me know python and computer vision little bit, ",
        ),
        (
            "Having a background in biology and genomics, what skills does a bioinformatician need?",
            "Having a background in biology and genomics, ",
        ),
        (
            "python & keras user here. what frameworks do computer vision engineers use?",
            "python & keras user here",
        ),
        (
            "me: python, statistics, data visualisation. q: what does a data scientist earn in india",
            "me: python, statistics, data visualisation",
        ),
        (  # a comma before "is" starts the question
            "i know numpy pandas and sklearn, is deep learning the same as machine learning",
            "i know numpy pandas and sklearn, ",
        ),
        (  # a "who" that goes on with the learner is not a question word
            "as a data analyst who knows sql and data visualisation, what does a data engineer do?",
            "as a data analyst who knows sql and data visualisation, ",
        ),
        ("I'm a Java guy. how much would an ML engineer make in Canada?", "I'm a Java guy"),
        ("i'm ok with sql and excel, any courses you'd recommend for me?", "i'm ok with sql and excel, "),
        (  # nor a "how" the learner knows
            "i can code in javascript and i know how to build apis. what now?",
            "i can code in javascript and i know how to build apis",
        ),
    ],
)
def test_a_trade_or_background_is_a_statement(text: str, stated: str) -> None:
    assert [text[start:end] for start, end in statement_spans(text)] == [stated]


@pytest.mark.parametrize(
    "text",
    [
        "what jobs are there for people with a math background?",
        "what background in statistics do i need?",
        "what should i do next?",
        "how do i do well in interviews",
        "I have a question about python",
        "gaps in my skills for dl engineer?",
        "i've got another question on sql",
        "which courses would you pick with python in mind?",
        "what should i build to get a job?",
        "which skills are my priority?",
        "what am I doing wrong with pytorch?",
        "what are my skills missing for an nlp engineer?",
        "let me know which courses teach python",
        "tell me: what does a data scientist do?",
        "what is having a degree worth?",
        "what should someone with a biology degree learn?",
        "i'm ok thanks",
        "im fine, what is deep learning?",
    ],
)
def test_a_background_asked_about_or_a_question_with_i_do_is_not(text: str) -> None:
    assert statement_spans(text) == []


@pytest.mark.parametrize(
    "text,question",
    [
        ("I know SQL. Which courses?", "Which courses?"),
        ("I know SQL, who hires data analysts?", "who hires data analysts?"),
        ("as a java dev, how much do ML engineers earn?", "how much do ML engineers earn?"),
        ("I have done some python to be honest ?", "I have done some python to be honest ?"),
        ("what is deep learning?", "what is deep learning?"),
    ],
)
def test_the_question_part_is_what_is_left_of_a_statement(text: str, question: str) -> None:
    assert question_part(text) == question


@pytest.mark.parametrize(
    "text",
    [
        "I can write python and I've got a bit of stats, where do I go from here?",
        "so far ive learned linear algebra and calculus. what now",
        "Background: calculus and some C++. Not sure where to go from here.",
        "I know Java pretty well from uni. What's the next thing I should learn?",
        "i know basic ml and sklearn. now what?",
        "know pandas and numpy. next step?",
        "did a stats degree and some sql. whats my next move for deep learning",
        "ive done a lot of excel at work. what should i pick up next?",
        "I am knowing Python and also computer vision little bit. Please guide me what to do now",
        "I know some R and statistics, where should I start?",
        "good with excel, not much else. where to begin?",
    ],
)
def test_asks_what_next(text: str) -> None:
    assert asks_what_next(text)


@pytest.mark.parametrize(
    "text",
    [
        "I know Python and SQL.",
        "I've used TensorFlow for two years",
        "i know sql, what does a data analyst do next to a data scientist?",
        "I know R. Which courses teach Python?",
    ],
)
def test_a_statement_or_another_question_asks_nothing_next(text: str) -> None:
    assert not asks_what_next(text)


@pytest.mark.parametrize(
    "text,asks",
    [
        ("What can I do in deep learning with that?", True),
        ("which role fits me?", True),
        ("any jobs for me?", True),
        ("what can I do to get experience faster", True),  # read only after a statement of skills
        ("what does a data scientist do?", False),
        ("which jobs need python?", False),
    ],
)
def test_asks_prospects(text: str, asks: bool) -> None:
    assert asks_prospects(text) is asks
