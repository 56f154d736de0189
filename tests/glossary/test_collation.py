"""Alphabetical order and letter groups per language (ICU through PyICU), no database."""

from glossary.collation import group_by_letter, letter_of, sorted_in

SLOVENIAN_TERMS = [
    "Zadruga",
    "Šolski prevoz",
    "Sezonsko delo",
    "Čezmejno sodelovanje",
    "Cestni promet",
    "Dostopnost",
    "Žičnica",
    "Civilna družba",
    "Skupnost občin",
    "Ekonomija",
]


def test_slovenian_order_puts_c_caron_after_c_and_s_caron_after_s():
    assert sorted_in("sl", SLOVENIAN_TERMS) == [
        "Cestni promet",
        "Civilna družba",
        "Čezmejno sodelovanje",
        "Dostopnost",
        "Ekonomija",
        "Sezonsko delo",
        "Skupnost občin",
        "Šolski prevoz",
        "Zadruga",
        "Žičnica",
    ]


def test_slovenian_letter_groups_are_letters_of_their_own():
    groups = group_by_letter(SLOVENIAN_TERMS, "sl")
    assert [(group["label"], group["items"]) for group in groups] == [
        ("C", ["Cestni promet", "Civilna družba"]),
        ("Č", ["Čezmejno sodelovanje"]),
        ("D", ["Dostopnost"]),
        ("E", ["Ekonomija"]),
        ("S", ["Sezonsko delo", "Skupnost občin"]),
        ("Š", ["Šolski prevoz"]),
        ("Z", ["Zadruga"]),
        ("Ž", ["Žičnica"]),
    ]
    assert all(group["is_letter"] for group in groups)
    # anchors are ASCII and distinct, even for Č and Š
    anchors = [group["anchor"] for group in groups]
    assert len(set(anchors)) == len(anchors)
    assert all(anchor.isascii() for anchor in anchors)


def test_german_files_umlauts_with_their_letter():
    terms = ["Zweckverband", "Ärztehaus", "Anlaufstelle", "Öffentlicher Dienst", "Ortsmitte"]
    assert sorted_in("de", terms) == [
        "Anlaufstelle",
        "Ärztehaus",
        "Öffentlicher Dienst",
        "Ortsmitte",
        "Zweckverband",
    ]
    assert [group["label"] for group in group_by_letter(terms, "de")] == ["A", "O", "Z"]


def test_the_same_terms_sort_differently_per_language():
    terms = ["Čas", "Cesta", "Dom"]
    assert sorted_in("de", terms) == ["Čas", "Cesta", "Dom"]
    assert sorted_in("sl", terms) == ["Cesta", "Čas", "Dom"]


def test_french_ignores_accents_and_case_first():
    terms = ["Évaluation", "espace saisonnier", "EPCI", "Économie", "écomobilité"]
    assert sorted_in("fr", terms) == [
        "écomobilité",
        "Économie",
        "EPCI",
        "espace saisonnier",
        "Évaluation",
    ]
    assert {group["label"] for group in group_by_letter(terms, "fr")} == {"E"}


def test_letter_groups_only_for_letters_with_terms():
    groups = group_by_letter(["Tiers-lieu", "Autopartage"], "fr")
    assert [group["label"] for group in groups] == ["A", "T"]


def test_digits_and_symbols_go_to_a_group_that_is_not_a_letter():
    number, _label, is_letter = letter_of("3e lieu", "fr")
    assert not is_letter
    groups = group_by_letter(["3e lieu", "Autopartage"], "fr", key=str)
    assert [group["is_letter"] for group in groups] == [False, True]


def test_group_by_letter_takes_a_key():
    items = [{"title": "Šola"}, {"title": "Sova"}]
    groups = group_by_letter(items, "sl", key=lambda item: item["title"])
    assert [(group["label"], group["items"]) for group in groups] == [
        ("S", [{"title": "Sova"}]),
        ("Š", [{"title": "Šola"}]),
    ]
