"""Extraction rules over one paper's text: names, proposals, relations, code links.

Pure functions of text and knowledge; :mod:`papergraph.extract.components` wraps them as
spaCy components. Character offsets index the whole document text (title, blank line,
abstract), so that spans map back to the spaCy ``Doc``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from string import ascii_uppercase
from typing import Sequence
from .. import knowledge

__all__ = [
    "configuration_stem",
    "normalize_repository",
    "variant_stem",
]

# A name-shaped word: "RMT", "kMaX-DeepLab", "GPT-2", "ViDT+", "LLM.int8()", "wav2vec".
NAME = r"[A-Za-z0-9][A-Za-z0-9_+']*(?:[.\-/][A-Za-z0-9_+']+)*\+*(?:\(\))?"
_NAME_RE = re.compile(rf"(?<![\w\-]){NAME}(?![\w\-])")
# Only words with a capital or a digit can be names: skip the rest without a Python call each.
_MAYBE_NAME_RE = re.compile(rf"(?<![\w\-])(?=[\w.+'/\-]*[A-Z0-9]){NAME}(?![\w\-])")
_URL_RE = re.compile(
    r"https?://[^\s<>\"'()\[\]{}]+|(?<![\w/.])(?:www\.)?(?:github|gitlab|gitee|bitbucket)\.(?:com|org)/[^\s<>\"'()\[\]{}]+|(?<![\w/.])[\w-]+\.github\.io(?:/[^\s<>\"'()\[\]{}]*)?"
)
_CODE_HOSTS = ("github.com", "gitlab.com", "gitee.com", "bitbucket.org", "huggingface.co", "codeberg.org")
#: Suffixes that turn a name into a modifier: "MRA-based approach", "GPT-style model".
MODIFIER_SUFFIX = re.compile(
    r"-(?:based|like|style|aware|specific|driven|powered|guided|free|level|wise|only|"
    r"sized|scale|size|type|inspired|enhanced|augmented|compatible|oriented|centric)$",
    re.I,
)
_NUMBERISH = re.compile(r"\d+(?:[.,]\d+)*[A-Za-z%]{0,3}|[IVX]+|\d+[xX×]")
_SENT_END = re.compile(r"[.!?](?=[\"')\]]?\s+[\"'(\[]?[A-Z0-9])\S*\s+")
_ABBREV = re.compile(
    r"(?:\b(?:e\.g|i\.e|et al|etc|vs|cf|Fig|Figs|Eq|Eqs|Sec|Tab|No|approx|resp|Dr|Mr|Ms|St)|\b[A-Z])\.$"
)
_CONNECTORS = {"of", "for", "and", "the", "in", "with", "to", "a", "an", "on", "via", "by", "from"}
#: A name set off after "the improved/proposed/resulting ... model" or after a numbered
#: contribution's "A ... method": the paper's own ("The improved model, MobileViTV2,").
_OWN_APPOSITION = re.compile(
    r"(?:\b(?:[Tt]he|[Oo]ur)\s+(?:improved|proposed|resulting|final|new)\s+|(?:^|[\s(])\d\)\s+(?:[Aa]n?|[Tt]he)\s+)"
    r"(?:[\w-]+\s+){0,4}?(?:model|method|architecture|framework|network|approach|module|mechanism|algorithm|backbone),\s+"
    rf"({NAME}),"
)
#: Two to four capitalised words (the last may be an acronym) right after "propose",
#: "introduce", "present" or "call" (and "in this paper"), in mid-sentence, ending the clause,
#: followed by a function word or a dash: a name ("by introducing Compact Transformers.",
#: "which we call the Hat EBM."). Not when a noun follows: "a Bottom-Up Patch Summarization
#: approach named BUS" names BUS.
_TITLED_NAME = re.compile(
    r"\s*(?:in\s+this\s+(?:paper|work|article|study)\s*,?\s*)?(?:(?:a|an|the)\s+)?"
    # the last word may be an acronym: "which we call the Hat EBM"
    r"((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+){1,3}(?:[A-Z][a-z]+s?|[A-Z]{2,}s?))"
    r"(?=\s*[,.;:]|\s+(?:for|to|that|which|with|and|in|on|as|by|via|using)\b|\s*[-–—]+\s*(?:a|an)\s|$)"
)


def _trim_url(url: str) -> str:
    """A URL without the punctuation of the sentence around it."""
    return url.strip().rstrip(".,;:!?)]}>'\"")


def normalize_repository(url: str) -> str | None:
    """A code URL as the graph's repository IRI, or ``None`` when it is no code host.

    GitHub links become ``https://github.com/owner/name`` (no ``.git``, no branch page, no
    trailing punctuation), except links into a folder of a repository, which keep the folder
    (a monorepo holds many papers' code); links to other hosts are kept as given, trimmed.

    Parameters
    ----------
    url : str

    Returns
    -------
    str or None

    Examples
    --------
    >>> normalize_repository("https://github.com/RuipingL/TransKD.")
    'https://github.com/RuipingL/TransKD'
    >>> normalize_repository("github.com/a/b.git/tree/main")
    'https://github.com/a/b'
    >>> normalize_repository("https://github.com/google-research/google-research/tree/master/incontext")
    'https://github.com/google-research/google-research/tree/master/incontext'
    >>> normalize_repository("https://gitee.com/mindspore/models/tree/master/research/cv/TNT.")
    'https://gitee.com/mindspore/models/tree/master/research/cv/TNT'
    >>> normalize_repository("https://arxiv.org/abs/1234.5678") is None
    True
    """
    url = _trim_url(url)
    if not re.match(r"https?://", url):
        url = "https://" + url
    m = re.match(r"https?://(?:www\.)?([^/]+)(/.*)?$", url)
    if not m:
        return None
    host, path = m.group(1).lower(), (m.group(2) or "").rstrip("/")
    if host.endswith(".github.io"):  # a project page published from a repository
        return f"https://{host}{path}"
    if host not in _CODE_HOSTS:
        return None
    parts = [p for p in path.split("/") if p]
    if host == "github.com":
        if len(parts) < 2:
            return None
        owner, name = parts[0], re.sub(r"\.git$", "", parts[1])
        if not name:
            return None
        # A link into a folder of a monorepo names that project's code: keep the folder.
        if len(parts) > 4 and parts[2] in ("tree", "blob"):
            return f"https://github.com/{owner}/{name}/" + "/".join(parts[2:])
        return f"https://github.com/{owner}/{name}"
    return f"https://{host}/" + "/".join(parts) if parts else None


@dataclass(frozen=True)
class Found:
    """A name found in the text at ``[start, end)``: ``kind`` method or dataset."""

    start: int
    end: int
    name: str
    kind: str
    canonical: str | None = None  # the gazetteer's canonical name, if known
    rule: str = ""
    confidence: float = 0.5


class Cues:
    """Where a document's cue words stand, by category (``propose_verbs``, ``strong_comparative``,
    ...), as sorted (start, end) character spans; filled by the ``pg_cues`` component.

    >>> cues = Cues({"novelty": [(10, 15), (40, 43)]})
    >>> cues.within("novelty", 0, 20), cues.any("novelty", 16, 39), cues.first("novelty", 20, 50)
    ([(10, 15)], False, 40)
    """

    def __init__(self, spans: dict[str, list[tuple[int, int]]]):
        self.spans = {k: sorted(v) for k, v in spans.items()}
        self.starts = {k: [a for a, _ in v] for k, v in self.spans.items()}

    def outside(self, names: list[tuple[int, int]]) -> "Cues":
        """These cues without those inside a name: "Faster" of "Faster RCNN" says nothing."""
        return Cues(
            {k: [(a, b) for a, b in v if not any(x <= a and b <= y for x, y in names)] for k, v in self.spans.items()}
        )

    def within(self, category: str, start: int, end: int) -> list[tuple[int, int]]:
        starts = self.starts.get(category)
        if not starts:
            return []
        return self.spans[category][bisect_left(starts, start) : bisect_left(starts, end)]

    def any(self, category: str, start: int, end: int) -> bool:
        starts = self.starts.get(category)
        if not starts:
            return False
        i = bisect_left(starts, start)
        return i < len(starts) and starts[i] < end

    def first(self, category: str, start: int, end: int) -> int | None:
        hits = self.within(category, start, end)
        return hits[0][0] if hits else None


class Rules:
    """Compiled patterns and word lists; one instance per pipeline, shared by every document."""

    def __init__(self) -> None:
        c = knowledge.cues()
        self._namelike: dict[str, bool] = {}
        # generic_terms.txt lists singulars; their plurals ("ConvNets") are as generic
        self.generic = knowledge.generic_terms() | {t + "s" for t in knowledge.generic_terms() if t[-1:].isalpha()}
        self.method_heads = frozenset(c["method_heads"])
        self.dataset_nouns = frozenset(c["dataset_nouns"])
        self.family = tuple(c["family_suffixes"])
        self.title_generic = frozenset(c.get("title_generic", ()))
        self.short_link_hosts = frozenset(c["short_link_hosts"])
        self.code_link_words = re.compile(r"\b(?:" + "|".join(map(re.escape, c["code_link_words"])) + r")\b", re.I)
        self.apposition = re.compile(
            rf"\b(?:a|an)\s+(?:novel|new)\s+(?:[\w-]+\s+){{0,4}}?[\w-]+,\s+(?:called\s+|named\s+)?({NAME}),"
        )
        self.generic_phrase_words = frozenset(c["generic_long_form_words"])
        # The field's acronyms of paradigms and tasks ("SSL", "MLM", "RL"; data/concepts/acronyms.tsv,
        # those whose long form ends in a field or task word): never what a paper proposes or a
        # system it beats. "MoE" (mixture of experts) stays a possible name.
        self.concept_acronyms = frozenset(
            short
            for short, long in (line.split("\t") for line in knowledge.lines("concepts", "acronyms.tsv"))
            if self.is_generic_phrase(long)
        )
        # Metric names ("WER", "mIoU", "BLEU", data/cues/metrics.json): what a number is in,
        # never a method or a dataset
        self.metric_words = frozenset(knowledge.metric_spellings())
        # The model families of the method gazetteer, as written ("T5", "SwinV2", "LLaMA"):
        # "T5-Large" is a size of T5 even where the paper never writes "T5" alone.
        self.families = frozenset(
            str(r["pattern"]) for r in knowledge.gazetteer("methods") if len(str(r["pattern"])) >= 2
        )
        # written in another case in a variant: "Swinv2-G" of SwinV2, "BEIT-3" of BEiT
        self._families_any_case = frozenset(
            f.lower() for f in self.families if len(f) >= 4 and " " not in f and any(c.isupper() for c in f)
        )

    # --- what a word is -------------------------------------------------------------
    def is_namelike(self, word: str) -> bool:
        """Whether ``word`` is shaped like a proper name (cached: words repeat across papers)."""
        hit = self._namelike.get(word)
        if hit is None:
            hit = self._namelike[word] = self._is_namelike(word)
            if len(self._namelike) > 200_000:
                self._namelike.clear()
        return hit

    def _is_namelike(self, word: str) -> bool:
        """Whether ``word`` is shaped like a proper name of a model or dataset.

        >>> r = Rules()
        >>> [r.is_namelike(w) for w in ("RMT", "TokenFormer", "GPT-2", "mT5", "LLMs", "8B", "model", "SOTA")]
        [True, True, True, True, False, False, False, False]
        """
        w = word.strip(".'")
        if len(w) < 2 or w in self.generic or _NUMBERISH.fullmatch(w):
            return False
        if re.fullmatch(r"[vV]\d+(?:\.\d+)*", w):  # a bare version: "The Stack v2"
            return False
        if re.fullmatch(r"[A-Z]{2,}s", w):  # plural class acronyms: "CNNs", "SSMs"
            return False
        if "-" in w:  # "kMaX-DeepLab", "GPT-2" are names; "Text-Based", "All-MLP" are not
            parts = w.split("-")
            return any(len(p) > 1 and self.is_namelike(p) for p in parts) or bool(re.search(r"[A-Za-z]-\d", w))
        if any(c.isupper() for c in w[1:]):
            return True
        if re.search(r"[A-Za-z]", w) and re.search(r"\d", w) and w[0].isalpha():
            return True
        return (
            len(w) > 7
            and w[0].isupper()
            and w.lower().endswith(("former", "ormer"))
            and w.lower() not in ("transformer", "performer", "informer", "reformer")
        )

    def has_family_suffix(self, word: str) -> bool:
        return any(word.endswith(s) and len(word) > len(s) for s in self.family)

    def is_family_variant(self, word: str, known: set[str]) -> bool:
        """A variant of a model the paper names (``known``) or of a model family of the
        gazetteer: "ViT-b", "BERT-base", "Hedgehog-Llama2", "Llama-3-8B-Instruct", "T5-Large",
        "KLUE-RoBERTa"."""
        parts = word.split("-")
        if len(parts) > 1 and any(
            "-".join(parts[:i]) in known or "-".join(parts[:i]) in self.families for i in range(1, len(parts))
        ):
            return True
        if len(parts) > 1 and re.search(r"\d|^[A-Z]+$", parts[-1]) and parts[0].lower() in self._families_any_case:
            return True
        # a model built on a known one, named after it: "KLUE-RoBERTa", "Chinese-LLaMA"
        if len(parts) > 1 and any("-".join(parts[i:]) in self.families for i in range(1, len(parts))):
            return True
        # another version of a model the paper names: "phi-2" beside "Phi-3", "GPT-4" beside "GPT-3.5"
        stem = _VERSION.sub("", word).lower()
        return (
            stem != word.lower()
            and len(stem) > 1
            and any(_VERSION.sub("", k).lower() == stem and _VERSION.search(k) for k in known)
        )

    def is_generic_phrase(self, long_form: str) -> bool:
        """Whether a long form names a field or task, not a thing ("Natural Language Processing")."""
        words = long_form.lower().split()
        return bool(words) and words[-1] in self.generic_phrase_words

    @staticmethod
    def comparisons(cues: "Cues", start: int, end: int) -> list[tuple[int, int, str]]:
        """(start, end, rule) of each comparative cue between ``start`` and ``end``.

        Strong cues ("outperforms", "faster than") count unless a negation stands right before
        them ("fails to outperform", "does not surpass"); weak ones ("compared to", "over",
        "comparable to") only in a span that also says better, faster, fewer, ...: the
        guidelines read parity alone as no improvement, parity at lower cost as one.

        >>> cues = Cues({"strong_comparative": [(20, 31)], "negation": [(10, 14)], "weak_comparative": [(40, 53)]})
        >>> Rules.comparisons(cues, 0, 70)
        []
        """
        out = [
            (a, b, "comparative")
            for a, b in cues.within("strong_comparative", start, end)
            if not cues.any("negation", max(start, a - 16), a)
        ]
        if cues.any("comparative_context", start, end):
            out += [
                (a, b, "weak-comparative")
                for a, b in cues.within("weak_comparative", start, end)
                if not any(x <= a < y for x, y, _ in out)
            ]
        return sorted(out)

    @staticmethod
    def paper_sentence_bounds(text: str) -> list[tuple[int, int]]:
        """(start, end) of the title (up to the blank line) and of each abstract sentence.

        >>> t = "FooNet: A Title\\n\\nWe propose FooNet. It works."
        >>> [t[a:b] for a, b in Rules.paper_sentence_bounds(t)]
        ['FooNet: A Title', 'We propose FooNet.', 'It works.']
        """
        title_end = text.find("\n\n") if "\n\n" in text else len(text)
        return [(0, title_end), *Rules.sentence_bounds(text, title_end + 2)]

    @staticmethod
    def sentence_bounds(text: str, start: int = 0) -> list[tuple[int, int]]:
        """(start, end) of each sentence of ``text`` from ``start``: a split after ``.``, ``!`` or
        ``?`` before white space and a capital, digit or bracket, except after abbreviations.

        >>> t = "We use e.g. ViT. It works! See Fig. 2 for more."
        >>> [t[a:b] for a, b in Rules().sentence_bounds(t)]
        ['We use e.g. ViT.', 'It works!', 'See Fig. 2 for more.']
        """
        out, begin = [], start
        for m in _SENT_END.finditer(text, start):
            if _ABBREV.search(text, max(begin, m.start() - 6), m.start() + 1):
                continue
            out.append((begin, m.start() + 1))
            begin = m.end()
        if begin < len(text) and text[begin:].strip():
            out.append((begin, len(text)))
        return out

    def url_spans(self, text: str):
        """Where the URLs of ``text`` stand (names inside them are not names)."""
        if "://" not in text and ".com/" not in text and ".io" not in text and "www." not in text:
            return []
        return list(_URL_RE.finditer(text))

    # --- code links -------------------------------------------------------------------
    def repositories(self, text: str) -> list[tuple[str, int]]:
        """(normalised repository URL, character offset) of each code link in ``text``.

        A code host's link always counts; a short link (``aka.ms/...``, ``bit.ly/...``)
        counts only where its sentence offers code or weights ("Code is available at ..."),
        since a short link elsewhere may lead to a demo or a dataset.

        >>> Rules().repositories("Code and models are available at https://aka.ms/foo-2. A demo: https://bit.ly/x.")
        [('https://aka.ms/foo-2', 33)]
        """
        out = []
        for m in self.url_spans(text):
            url = normalize_repository(m.group(0)) or self._short_code_link(text, m)
            if url:
                out.append((url, m.start()))
        return out

    def _short_code_link(self, text: str, m: re.Match) -> str | None:
        url = _trim_url(m.group(0))
        host = re.sub(r"^https?://(?:www\.)?", "", url).split("/", 1)[0].lower()
        if host not in self.short_link_hosts or "/" not in url.split("://", 1)[-1]:
            return None
        before = text[: m.start()]
        sentence = before[max(before.rfind(". "), before.rfind("\n")) + 1 :]
        return url if self.code_link_words.search(sentence) else None

    # --- acronyms ---------------------------------------------------------------------
    def acronym_pairs(self, text: str) -> list[tuple[str, str, int, int]]:
        """(long form, short form, start, end) for each "Long Form (LF)" in ``text``.

        >>> Rules().acronym_pairs("a Large Brain Model (LaBraM) for EEG")[0][:2]
        ('Large Brain Model', 'LaBraM')
        """
        out: list[tuple[str, str, int, int]] = []
        # "(FocalNets in short)", "(abbreviated as AlgoFormer)"
        for m in re.finditer(
            rf"\(\s*((?:abbreviated|shortened|short)\s+(?:as\s+|to\s+)?)?({NAME})(?:\s*,?\s*(?:in|for)\s+short)?\s*\)",
            text,
        ):
            short = m.group(2)
            if not (2 <= len(short) <= 12) or not re.search(r"[A-Z]", short) or short in ("e.g", "i.e"):
                continue
            # the long form stands in the same clause: "Our model, dubbed XLM-R, outperforms
            # multilingual BERT (mBERT)" is not "model dubbed XLM-R ... BERT"
            before = re.split(r"[,;:.!?()\[\]]\s", text[max(0, m.start() - 120) : m.start()])[-1]
            long = _long_form(re.findall(r"[\w][\w'\-]*", before), short)
            if not long and m.group(1):  # said to abbreviate: the capitalised words before it
                said = re.search(r"((?:[A-Z][\w'\-]*\s+){0,5}[A-Z][\w'\-]*)\s*$", before)
                long = said.group(1) if said and " " in said.group(1) else None
            start = text.rfind(long, 0, m.start()) if long else -1
            if long and start >= 0:
                out.append((long, short, start, m.end()))
        return out

    def head_kind(self, phrase: str) -> str | None:
        """``method`` or ``dataset`` by the last word of a long form, if it says."""
        last = phrase.split()[-1].lower().split("-")[-1] if phrase.split() else ""
        if last in self.dataset_nouns:
            return "dataset"
        if last in self.method_heads or last.endswith(("former", "net")):
            return "method"
        return None

    # --- proposals ---------------------------------------------------------------------
    def title_name(self, title: str, abstract: str) -> str | None:
        """The name before a title's colon, when it is a name ("RMT: Retentive ...").

        >>> r = Rules()
        >>> r.title_name("RMT: Retentive Networks Meet Vision Transformers", ""), r.title_name("A Survey: x", "")
        ('RMT', None)
        """
        m = re.match(r"^\s*([^:]{1,60}?)\s*:\s+\S", title)
        if not m:
            return None
        raw = m.group(1).strip()
        if raw.split()[0].lower() in (
            "a",
            "an",
            "on",
            "how",
            "why",
            "what",
            "when",
            "towards",
            "toward",
            "is",
            "are",
            "do",
            "does",
            "can",
        ):
            return None
        name = re.sub(r"^The\s+", "", raw)
        name = re.sub(
            r"\s+(?:Technical Report|Tech Report|Report|Model Card|System Card)$", "", name
        )  # "Phi-3 Technical Report"
        name = re.split(r"\s+(?:&|and|meets|vs\.?)\s+", name)[0]  # "The Hedgehog & the Porcupine"
        words = name.split()
        if not words or len(words) > 5 or name.lower() in self.title_generic:
            return None
        if any(w in _CONNECTORS for w in words[1:]):  # "Union of Experts": only if the abstract defines it
            return name if re.search(re.escape(name) + r"\s*\(", abstract) else None
        if any(self.is_namelike(w) for w in words) or len(words) == 1 and words[0][:1].isupper():
            return name
        if all(w[:1].isupper() for w in words):
            if name in abstract:
                return name
            if name.endswith("s") and re.search(re.escape(name[:-1]) + r"(?![\w-])", abstract):
                return name[:-1]  # "Switch Transformers: ..." and "the Switch Transformer" in the abstract
        return None

    def proposals(
        self, sentence: str, offset: int, cues: "Cues", pairs: Sequence[tuple[str, str, int, int]] = ()
    ) -> list[tuple[str, int, str, tuple[str, ...]]]:
        """(name, offset, rule, aliases) of what the sentence says the paper introduces.

        ``cues`` are the document's cue words (:class:`Cues`); ``pairs`` its acronym
        definitions (:meth:`acronym_pairs`), so that "called Large Brain Model (LaBraM)"
        proposes LaBraM with its long form as alias.
        """
        out: list[tuple[str, int, str, tuple[str, ...]]] = []
        for m in _OWN_APPOSITION.finditer(sentence):
            # "The improved model, MobileViTV2, is ..."; "3) A self-supervised pre-training method, SimMIM, to ..."
            word = m.group(1).rstrip(".'")
            if self.is_namelike(word):
                out.append((word, offset + m.start(1), "apposition", ()))
        end = offset + len(sentence)
        claims = cues.any("self_reference", offset, end) or cues.any("novelty", offset, end)
        naming = cues.within("naming_words", offset, end)
        # "We refer to our RNN architecture as Neural Density Evolution (NDE)", "models we refer
        # to as PASTA": the object between the verb and "as" is what is named
        naming = naming + [(offset + m.start(1), offset + m.end()) for m in _REFER_TO_AS.finditer(sentence)]
        if not claims and not naming:
            return out
        local = [(lf, sf, a - offset, b - offset) for lf, sf, a, b in pairs if offset <= a < end]

        def name_at(pos: int, limit: int, allow_title: bool, titled_ok: bool = False):
            # After a verb, the first acronym defined in its object, not past a clause or purpose
            # ("we design UoE, including Selective Attention (SA)"; not "CodeBERT, a model for
            # programming language (PL)"). After a naming word, what it names first ("dubbed
            # XLM-R, ... outperforms multilingual BERT (mBERT)").
            pair = next(
                (
                    (sf, offset + b - len(sf) - 1, (lf,), a)
                    for lf, sf, a, b in local
                    if pos <= a < pos + limit and not re.search(r"[.;]|\b(?:that|which|to|for|by)\b", sentence[pos:a])
                ),
                None,
            )
            if pair and not allow_title:
                return pair[:3]
            window = sentence[pos : pos + limit]
            titled = _TITLED_NAME.match(window) if titled_ok and not pair else None
            if titled:
                # "by introducing Compact Transformers": capitalised words in mid-sentence
                return titled.group(1), offset + pos + titled.start(1), ()
            for w in _NAME_RE.finditer(window):
                if pair and pos + w.start() >= pair[3]:
                    break
                word = w.group(0).rstrip(".'")
                if _inside_parens(window, w.start()) or spells_acronym(window, word, w.start()):
                    continue  # "(...)"; "DEtection TRansformer or DETR": capitals spelling the name to come
                if self.is_namelike(word) or (
                    allow_title and w.start() < 4 and word[:1].isupper() and word.lower() not in _CONNECTORS
                ):
                    return word, offset + pos + w.start(), ()
                if window[w.start() : w.start() + 1] in ".;" or re.match(
                    r"(that|which|to|for|by|based|built|upon|from|than|over|like)\b", window[w.start() :]
                ):
                    break
            return pair[:3] if pair else None

        def with_coordinated(hit, rule):
            # "called phi-3-small and phi-3-medium", "includes GLM-4, GLM-4-Air, and GLM-4-9B"
            out.append((hit[0], hit[1], rule, hit[2]))
            pos = hit[1] - offset + len(hit[0])
            while m := _COORDINATED.match(sentence, pos):
                if not self.is_namelike(m.group(1).rstrip(".'")):
                    break
                out.append((m.group(1).rstrip(".'"), offset + m.start(1), rule, ()))
                pos = m.end(1)

        def names_nothing(pos: int) -> bool:
            # "named entity recognition", "(that we call 'prompts')": a naming word followed by
            # an ordinary lowercase word gives no name, whatever stands further on
            pos += len(re.match(r"\s*[\"'“‘]?", sentence[pos:]).group(0))  # type: ignore[union-attr]
            first = re.match(r"(?:(?:the|a|an)\s+)?([A-Za-z][\w.+'/\-]*)", sentence[pos:])
            return first is not None and first.group(1)[0].islower() and not self.is_namelike(first.group(1))

        for a, b in cues.within("propose_verbs", offset, end) if claims else ():
            verb = sentence[a - offset : b - offset].lower()
            if verb == "call" and names_nothing(b - offset):
                continue
            core = verb.startswith(("propos", "introduc", "present", "call", "coin"))
            hit = name_at(b - offset, 160, False, titled_ok=core)
            if hit:
                with_coordinated(hit, "propose-verb")
        for a, b in naming:
            if a > offset and sentence[a - offset].isupper():
                continue  # part of a capitalised name: "Named Entity Recognition"
            rest = re.match(r"\s*(?:as\s+)?[,:]?\s*[\"'“‘]?", sentence[b - offset :])
            assert rest is not None  # every part of the pattern is optional
            if names_nothing(b - offset + rest.end()):
                continue
            hit = name_at(b - offset + rest.end(), 80, True, titled_ok=True)
            if hit:
                with_coordinated(hit, "naming-word")
        if cues.any("novelty", offset, end):
            for m in self.apposition.finditer(sentence):
                word = m.group(1).rstrip(".'")
                if word[:1].isupper() and word.lower() not in _CONNECTORS:
                    out.append((word, offset + m.start(1), "apposition", ()))
        if "our " in sentence or "Our " in sentence:
            for m in re.finditer(rf"\b[Oo]ur\s+({NAME})", sentence):
                if self.is_namelike(m.group(1)):
                    out.append((m.group(1).rstrip(".'"), offset + m.start(1), "our-name", ()))
        return out

    # --- candidates -----------------------------------------------------------------------
    def titled_datasets(self, text: str, start: int = 0) -> list[tuple[str, int, int]]:
        """Capitalised names of several words ending in a data noun, from ``start`` on: "the
        Colossal Clean Crawled Corpus", "the Waymo Open Dataset" (not "A New Benchmark")."""
        out = []
        for m in _TITLED_DATASET.finditer(text, start):
            group = 1 if m.group(1) else 2
            words = m.group(group).split()
            while words and words[0] in _NOT_NAME_START:
                words.pop(0)
            if len(words) >= 2:
                name = " ".join(words)
                end = m.start(group) + len(m.group(group).rstrip())
                out.append((name, end - len(name), end))
        return out

    def titled_runs(self, text: str, start: int = 0) -> list[tuple[str, int, int]]:
        """Runs of two to four capitalised words inside a sentence, from ``start`` on, that
        name neither a field nor a task ("Gutenberg Books", "Stanford Contextual Word
        Similarity"; not "Pronoun Disambiguation"): names only where a list or an "i.e."
        says what they are.

        >>> Rules().titled_runs("on SQuAD, Gutenberg Books, and Pronoun Disambiguation.")
        [('Gutenberg Books', 10, 25)]
        """
        out = []
        for m in _TITLED_RUN.finditer(text, start):
            words = m.group(0).split()
            if words[0] in _NOT_NAME_START or self.is_generic_phrase(m.group(0)) or words[-1].lower() in self.generic:
                continue
            out.append((m.group(0), m.start(), m.end()))
        return out

    def candidates(self, text: str) -> list[tuple[str, int, int]]:
        """Name-shaped words in ``text`` with their offsets."""
        out = []
        for m in _MAYBE_NAME_RE.finditer(text):
            word = MODIFIER_SUFFIX.sub("", m.group(0).rstrip(".'"))
            if self.is_namelike(word):
                out.append((word, m.start(), m.start() + len(word)))
        # A capitalised word inside a sentence right before "model", "architecture" or
        # "network" names one: "the recently-proposed Perceiver model", "Google's novel Griffin
        # architecture" (not "-ing" words or plurals: "Question Answering model", "All Tools model").
        for m in _CAPITALISED_BEFORE_HEAD.finditer(text):
            word = m.group(1)
            if word not in self.generic and not word.endswith(("ing", "s")):
                out.append((word, m.start(1), m.end(1)))
        return sorted(set(out), key=lambda c: (c[1], c[2]))

    def kind_by_context(self, text: str, start: int, end: int, word: str) -> str | None:
        """``method`` or ``dataset`` for an unseen name, from its shape and the words after it."""
        after = text[end : end + 30].lower()
        nxt = re.match(r"[\s\-]*([a-z][a-z\-]*)(?:\s+([a-z]+))?", after)
        if nxt:
            one = nxt.group(1)
            two = f"{one} {nxt.group(2)}" if nxt.group(2) else one
            if one in self.dataset_nouns or two in self.dataset_nouns:
                # "the X dataset" names one; "public X benchmark datasets" is a domain, not a name
                plural = two.endswith(("datasets", "benchmarks", "corpora")) or one.endswith(
                    ("datasets", "benchmarks", "corpora")
                )
                return None if plural else "dataset"
            if one in self.method_heads and one not in ("family", "suite", "head", "heads", "memory", "search"):
                return "method"
            if nxt.group(2) in self.dataset_nouns and "-" in one and one not in self.method_heads:
                return "dataset"  # "the MultiPL-E text-to-code benchmark": a compound modifier between
        if self.has_family_suffix(word) or _PARAMETER_COUNT.search(word):
            return "method"  # "-2B", "-33B": a model's size in parameters
        return None


_VERSION = re.compile(r"[-\s]?v?\d+(?:\.\d+)*$")
# "Gemma-2B", "DeepSeekCoder-33B"; not millions, which as often count a dataset ("YFCC-100M")
_PARAMETER_COUNT = re.compile(r"[A-Za-z]-\d+(?:\.\d+)?B$")
_TITLED_DATASET = re.compile(
    r"(?<![\w-])((?:[A-Z][\w'-]*\s+){1,5}(?:Corpus|Corpora|Dataset|Benchmark|Treebank))\b"
    # several capitalised words before a lowercase data noun: "the Stanford NLI corpus", "the
    # Winograd Schema dataset" (one word before it is read by Rules.kind_by_context)
    r"|(?<![\w-])((?:[A-Z][\w'-]*\s+){2,5})(?:dataset|corpus|benchmark|treebank)(?![\w-])"
)
# not after a sentence's end or an opening quote: "Results show. Gutenberg Books" is no run
_TITLED_RUN = re.compile(r"(?<=[a-z0-9,;:] )(?:[A-Z][a-z]+\s+){1,3}[A-Z][a-z]+(?![\w-])")
_NOT_NAME_START = frozenset("A An The Our This These New Novel Large Comprehensive Open Public First".split())
_REFER_TO_AS = re.compile(r"\b[Ww]e\s+(refer\s+to|term|call|name|dub)\s+(?:[\w-]+\s+){0,6}?as\b")
_CAPITALISED_BEFORE_HEAD = re.compile(r"(?<=[a-z,’'] )([A-Z][a-z]{3,})(?= (?:model|architecture|network)s?\b)")
_SPELLING_CAPITALS = re.compile(r"[A-Z]{2,}[a-z]{2,}")
_COORDINATED = re.compile(rf"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)({NAME})(?![\w\-])")
_SIZE_SUFFIX = re.compile(
    r"(?:[-_ ](?:\d+(?:\.\d+)?[BMKbmk]|[Bb]ase|[Ll]arge|[Ss]mall|[Mm]edium|[Mm]ini|[Tt]iny|[Hh]uge|"
    r"XX?L|xx?l|[Ii]nstruct|[Cc]hat|[Aa]ir|[Pp]ro|[Pp]lus|[Ll]ite|[Ff]lash|[Tt]urbo|[BLSHT]))+$"
)


def spells_acronym(text: str, word: str, pos: int) -> bool:
    """Whether ``word`` (at ``pos`` in ``text``) is a word whose opening capitals spell part of
    an acronym written near it ("DEtection" and "TRansformer" beside "DETR"): a long form
    typed to show its acronym, not a name ("CAFormer" alone is one).

    >>> t = "called DEtection TRansformer or DETR"
    >>> spells_acronym(t, "DEtection", 7), spells_acronym("the model CAFormer wins", "CAFormer", 10)
    (True, False)
    """
    if not _SPELLING_CAPITALS.fullmatch(word):
        return False
    caps = word[: len(word) - len(word.lstrip(ascii_uppercase))]
    near = text[max(0, pos - 60) : pos + len(word) + 60]
    return any(caps in token for token in re.findall(r"\b[A-Z][A-Z0-9-]{2,}\b", near) if token != word)


def variant_stem(word: str) -> str | None:
    """The model a size or flavour variant belongs to ("StarCoder2-15B" -> "StarCoder2",
    "phi-3-medium" -> "phi-3", "Llama-2-7B-chat" -> "Llama-2").

    Parameters
    ----------
    word : str

    Returns
    -------
    str or None
        The stem, or None when ``word`` has no such suffix.

    Examples
    --------
    >>> variant_stem("StarCoder2-15B"), variant_stem("phi-3-medium"), variant_stem("GLM-4-Air"), variant_stem("ResNet")
    ('StarCoder2', 'phi-3', 'GLM-4', None)
    """
    return _stem_without(_SIZE_SUFFIX, word)


def configuration_stem(word: str) -> str | None:
    """The model whose configuration ``word`` names: a base/large or one-letter size of one
    architecture ("RoBERTa-Large", "ConvBERTbase", "RT-DETR-L", "Swin-T" -> the model), as
    opposed to a released model of its own size ("phi-3-mini", "Llama-2-7B": see
    :func:`variant_stem`).

    Parameters
    ----------
    word : str

    Returns
    -------
    str or None
        The stem, or None when ``word`` names no configuration.

    Examples
    --------
    >>> configuration_stem("RoBERTa-Large"), configuration_stem("ConvBERTbase"), configuration_stem("RT-DETR-L")
    ('RoBERTa', 'ConvBERT', 'RT-DETR')
    >>> configuration_stem("GPT-J"), configuration_stem("phi-3-mini"), configuration_stem("Database")
    (None, None, None)
    """
    return _stem_without(_CONFIGURATION_SUFFIX, word)


def _stem_without(suffix: re.Pattern, word: str) -> str | None:
    stem = suffix.sub("", word)
    return stem if stem != word and len(stem) >= 2 else None


_CONFIGURATION_SUFFIX = re.compile(r"(?:[-_ ](?:[Bb]ase|BASE|[Ll]arge|LARGE|[LXSBTHM]\d?)|(?<=[A-Z])(?:base|large))$")


def _inside_parens(text: str, pos: int) -> bool:
    return text.rfind("(", 0, pos) > text.rfind(")", 0, pos)


def _long_form(words: list[str], short: str) -> str | None:
    """The shortest run of trailing ``words`` whose initials spell ``short`` (Schwartz-Hearst, simplified)."""
    letters = [c.lower() for c in short if c.isalpha()]
    if not letters:
        return None
    for n in range(1, min(len(words), len(letters) + 3) + 1):
        cand = words[-n:]
        if cand[0].lower() in _CONNECTORS or cand[0][0].lower() != letters[0]:
            continue
        if _spells(" ".join(cand).lower(), letters):
            # about a word per capital of the short form ("LaBraM": at least two words), where
            # an all-capital word of the long form stands for its own ("multilingual BERT")
            capitals = len([c for c in short if c.isupper()]) - sum(len(w) for w in cand if w.isupper())
            if _units(cand) < capitals - 1:
                continue
            return " ".join(cand)
    return None


def _units(words: list[str]) -> int:
    """How many capitals a long form can stand for: one per word or hyphen-joined part, and
    one per capital where a word spells its acronym ("Real-Time DEtection TRansformer": 6)."""
    n = 0
    for word in words:
        for part in word.split("-"):
            caps = part[: len(part) - len(part.lstrip(ascii_uppercase))]
            n += len(caps) if len(caps) >= 2 and part[len(caps) :].islower() and part[len(caps) :] else 1
    return n


def _spells(long: str, letters: list[str]) -> bool:
    i = 0
    for ch in long:
        if i < len(letters) and ch == letters[i]:
            i += 1
    return i == len(letters)
