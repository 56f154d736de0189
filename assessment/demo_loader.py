"""Demo loader of the self-assessment: the questionnaire page from
assessment/demo/questionnaire.yaml (French), translated from translations/<language>.yaml.

The translation files hold the texts only, in the order of the source; they are paired with
the French texts and turned into the PO file a translator would deliver, then imported
through wagtail-localize (as the glossary's are).
"""

from __future__ import annotations

from pathlib import Path

import polib

from smartvillages.core import demo

from .models import SelfAssessmentPage

DEMO_DIR = Path(__file__).resolve().parent / "demo"
KEY = "self-assessment"
TEXTS = ("title", "introduction", "context_text", "result_text")


def load(command, home):
    data = demo.load_yaml(DEMO_DIR / "questionnaire.yaml")
    page = demo.get_child_by_slug(home, data["slug"])
    if page is None:
        page = SelfAssessmentPage(
            slug=data["slug"],
            show_in_menus=False,
            questionnaire=demo.with_block_ids(questionnaire_stream(data), KEY),
            **{name: data[name] for name in TEXTS},
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        command.log(f"Created the page {page.title!r}.")
    if getattr(command, "export_po", False):
        return  # its translations are YAML files, not PO files to export
    demo.sync_aliases()
    for locale in demo.target_locales(home.locale):
        path = DEMO_DIR / "translations" / f"{locale.language_code}.yaml"
        if not path.exists():
            continue
        po = translation_po(page, locale, data, demo.load_yaml(path))
        if demo.import_translation_po(page, locale, po, str(path)):
            command.log(f"Translated the self-assessment into {locale.language_code}.")


def questionnaire_stream(data) -> list[dict]:
    return [
        {
            "type": "dimension",
            "value": {
                "dimension": dimension["code"],
                "introduction": dimension.get("introduction", ""),
                "questions": [
                    {
                        "text": question["text"],
                        "explanation": question.get("explanation", ""),
                        "weight": question.get("weight", 1),
                        "answers": [
                            {"label": answer["label"], "points": answer["points"]}
                            for answer in question["answers"]
                        ],
                    }
                    for question in dimension["questions"]
                ],
            },
        }
        for dimension in data["dimensions"]
    ]


def paired_texts(source: dict, target: dict) -> list[tuple[str, str]]:
    """(French, translated) text pairs, walking both files in the same order; raises when
    the translation's shape differs from the source's."""
    pairs = [(source[name], target[name]) for name in TEXTS]
    if len(source["dimensions"]) != len(target["dimensions"]):
        raise ValueError("the translation has another number of dimensions")
    for dimension, translated in zip(source["dimensions"], target["dimensions"], strict=True):
        if dimension.get("introduction"):
            pairs.append((dimension["introduction"], translated["introduction"]))
        for question, other in zip(dimension["questions"], translated["questions"], strict=True):
            pairs.append((question["text"], other["text"]))
            if question.get("explanation"):
                pairs.append((question["explanation"], other["explanation"]))
            labels = [answer["label"] for answer in question["answers"]]
            if len(labels) != len(other["answers"]):
                raise ValueError(f"{question['text']!r}: another number of answers")
            pairs.extend(zip(labels, other["answers"], strict=True))
    return pairs


def translation_po(page, locale, source: dict, target: dict) -> polib.POFile:
    """The PO file of the page for ``locale``: every string wagtail-localize extracts from
    the French page, translated from ``target``; the slug from the translation file."""
    return demo.paired_translation_po(page, locale, paired_texts(source, target), target["slug"])
