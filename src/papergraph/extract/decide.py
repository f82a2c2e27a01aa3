"""The learned decision over relation candidates.

The rules of :mod:`.facts` propose relation *candidates* with high recall and describe each
by general features (cue strength, where the subject came from, the object's shape, parity
and negation words, position, ...; never the names themselves). A logistic model per
relation, fitted by ``tools/fit_relations.py`` on annotated papers and shipped as
``data/models/relations.json``, turns the features into a probability; a candidate is kept
when it reaches the model's threshold, and that probability becomes its confidence.

>>> weights = {"bias": -1.0, "weights": {"strong": 2.0}, "threshold": 0.5}
>>> round(probability(weights, {"strong": 1.0}), 3), round(probability(weights, {}), 3)
(0.731, 0.269)
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Mapping

from .. import knowledge

__all__ = [
    "decide",
]


@lru_cache(maxsize=None)
def models() -> Mapping[str, Mapping]:
    """The fitted model of each relation (``improvesOn``, ``evaluatedOn``); empty when none is shipped."""
    try:
        data = json.loads(knowledge.read_text("models", "relations.json"))
    except FileNotFoundError:
        return {}
    return {k: v for k, v in data.items() if not k.startswith("_")}


def probability(model: Mapping, features: Mapping[str, float]) -> float:
    """The model's probability that a candidate with ``features`` is a true relation."""
    z = model["bias"] + sum(w * features.get(name, 0.0) for name, w in model["weights"].items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def decide(predicate: str, features: Mapping[str, float], rule_confidence: float) -> float | None:
    """The confidence of a kept candidate, or None when the decision drops it.

    The fitted logistic model of ``predicate`` (``data/models/relations.json``, fitted by
    ``tools/fit_relations.py``) turns the candidate's features into a probability; a
    candidate under the model's threshold is dropped. Without a fitted model for
    ``predicate`` every candidate is kept at its rule's confidence.

    Parameters
    ----------
    predicate : str
        ``improvesOn`` or ``evaluatedOn``.
    features : mapping of str to float
        The candidate's features (never the names themselves).
    rule_confidence : float
        The confidence of the rule that proposed it.

    Returns
    -------
    float or None

    Examples
    --------
    >>> decide("proposes", {}, 0.9)  # no model for it: the rule decides
    0.9
    >>> decide("improvesOn", {}, 0.9) is None or 0 <= decide("improvesOn", {}, 0.9) <= 1
    True
    """
    model = models().get(predicate)
    if model is None:
        return rule_confidence
    p = probability(model, features)
    return round(p, 3) if p >= model["threshold"] else None
