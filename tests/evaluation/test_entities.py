"""The entity merge (as the actions do it) and the span scoring, on tiny inputs."""

from evaluation.entities import labels_read_by_intent, merged_entities, only_labels, score_spans, spans


def entity(label, start, end, value, extractor="x"):
    return {"entity": label, "start": start, "end": end, "value": value, "extractor": extractor}


def test_two_extractors_reporting_the_same_span_keep_it_once():
    found = [
        entity("role", 0, 14, "data scientist", "DIET"),
        entity("role", 0, 14, "data scientist", "spacy"),
    ]
    assert spans(merged_entities(found, ["role"])) == [(0, 14, "role")]


def test_overlapping_spans_keep_the_first_by_start():
    found = [entity("skill", 5, 12, "learning"), entity("skill", 0, 12, "deep learning")]
    assert spans(merged_entities(found, ["skill"])) == [(0, 12, "skill")]


def test_labels_are_merged_separately_and_returned_in_order():
    found = [
        entity("skill", 20, 26, "python"),
        entity("role", 0, 9, "ML expert"),
        entity("role", 5, 15, "expert dev"),
        entity("country", 30, 32, "UK"),
    ]
    assert spans(merged_entities(found, ["role", "skill"])) == [(0, 9, "role"), (20, 26, "skill")]


def test_a_repeated_value_is_kept_once_like_the_actions_do():
    found = [entity("skill", 0, 6, "Python"), entity("skill", 20, 26, "Python")]
    assert spans(merged_entities(found, ["skill"])) == [(0, 6, "skill")]


def test_scores_need_same_span_and_label():
    gold = [(0, 6, "skill"), (10, 24, "role")]
    predicted = [(0, 6, "skill"), (10, 20, "role"), (30, 32, "country")]
    scores = score_spans([(gold, predicted)], ["role", "skill", "country"])
    assert (scores["skill"].true_positives, scores["skill"].f1) == (1, 1.0)
    assert (scores["role"].false_positives, scores["role"].false_negatives) == (1, 1)
    assert scores["role"].f1 == 0.0
    assert scores["country"].precision == 0.0 and scores["country"].support == 0


def test_precision_recall_f1():
    pairs = [([(0, 1, "role"), (2, 3, "role")], [(0, 1, "role")]), ([], [(5, 6, "role")])]
    role = score_spans(pairs, ["role"])["role"]
    assert (role.precision, role.recall) == (0.5, 0.5)
    assert role.f1 == 0.5


def test_labels_read_by_intent_come_from_the_intents_table():
    table = "\n".join(
        [
            "| intent | the learner wants | example |",
            "| `ask_salary` | what a job pays (`role` optional, `country` optional) | how much? |",
            "| `greet` | to say hello | hi |",
        ]
    )
    read = labels_read_by_intent(table, ["role", "skill", "country"])
    assert read == {"ask_salary": {"role", "country"}, "greet": set()}
    assert only_labels([(0, 1, "role"), (2, 3, "skill")], read["ask_salary"]) == [(0, 1, "role")]
