"""The :class:`PaperGraph` facade: build, open, query and export a papergraph graph.

RDF in an Oxigraph store is the one source of truth; networkx, HTML and the other
exports are views derived from it.

>>> g = PaperGraph.build_records([{"title": "RMT: Retentive Networks Meet Vision Transformers",
...     "abstract": "We propose RMT. RMT reaches 84.1% top-1 accuracy on ImageNet-1k."}])
>>> g.query("SELECT ?d WHERE { ?m rdfs:label ?name ; pg:evaluatedOn/rdfs:label ?d }", name="RMT").rows
[{'d': 'ImageNet'}]
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import pyoxigraph as ox

from . import sources
from . import store
from .errors import GraphNotFoundError, PapergraphError, QueryError, UnknownFormatError
from .namespace import DEFAULT_BASE, PG, PREFIXES
from .queries import PARAMETERS_MARK, bind, check_name, to_term
from .store import RDF_FORMATS, RESULT_FORMATS, snapshot_id  # noqa: F401  (part of this module's API)

if TYPE_CHECKING:
    from .model import Paper
    from .remote import RemoteStore

__all__ = [
    "PaperGraph",
    "QueryResult",
    "example_graph",
]


@dataclass
class QueryResult:
    """Rows of a SELECT (``rows``: dicts of plain Python values), or a boolean for ASK,
    or triples for CONSTRUCT/DESCRIBE.

    It reads like rdflib's result: iterating gives the rows (or the triples), ``len()``
    and indexing count and pick them, and an ASK result is true or false.

    >>> r = QueryResult(["m"], [{"m": "BERT"}, {"m": "ViT"}])
    >>> [row["m"] for row in r], len(r), r[-1]
    (['BERT', 'ViT'], 2, {'m': 'ViT'})
    >>> bool(QueryResult(boolean=True)), bool(QueryResult(["m"], []))
    (True, False)
    """

    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple] | None = None

    def _items(self) -> list:
        return self.triples if self.triples is not None else self.rows

    def __len__(self) -> int:
        return len(self._items())

    def __iter__(self):
        return iter(self._items())

    def __getitem__(self, index):
        return self._items()[index]

    def __bool__(self) -> bool:
        return self.boolean if self.boolean is not None else bool(self._items())

    def to_frame(self):
        """The rows as a ``pandas.DataFrame`` (one column per variable; needs pandas).

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        ImportError
            pandas is not installed (it is no dependency of papergraph).

        Examples
        --------
        >>> QueryResult(["m"], [{"m": "BERT"}]).to_frame().shape  # doctest: +SKIP
        (1, 1)
        """
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("to_frame() needs pandas: pip install pandas") from None
        return pd.DataFrame(self.rows, columns=self.variables)


def _python(term) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt.endswith(("#integer", "#int", "#long")):
            return int(term.value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value


class PaperGraph:
    """A knowledge graph of papers, methods, datasets, repositories and concepts.

    Build one with :meth:`build` (from files) or :meth:`build_records` (from dicts); open a
    built one with :meth:`open`. ``store`` is the underlying ``pyoxigraph.Store``.
    """

    def __init__(
        self,
        store: ox.Store | None,
        path: Path | None = None,
        report: "sources.Corpus | None" = None,
        base: str = DEFAULT_BASE,
    ):
        self.store, self.path, self.report, self.base = store, path, report, base
        self.read_only = False
        self.remote: RemoteStore | None = None  # set when the graph lives in a SPARQL server
        #: What an update changed (papergraph.diff.GraphDiff); None after other builds.
        self.changes: Any = None

    # --- building -----------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        inputs: Iterable[str | os.PathLike] | None = None,
        path: str | os.PathLike | None = None,
        *,
        corpus: "sources.Corpus | None" = None,
        fmt: str | None = None,
        jobs: int = 1,
        base: str = DEFAULT_BASE,
        model: str | None = None,
        min_confidence: float = 0.0,
        concept_options: Mapping[str, Any] | None = None,
        update: bool = False,
        keep_previous: bool = False,
        progress: bool | None = None,
        engine: str = "local",
        scheduler: str | None = None,
        wait: float = 0.0,
    ) -> "PaperGraph":
        """Read ``inputs``, extract, resolve and store the graph at ``path`` (in memory if None).

        The build is atomic: it is written beside ``path`` and swapped in only when complete,
        so a failed or interrupted build leaves any previous graph there untouched.

        Parameters
        ----------
        inputs : iterable of str or path, optional
            Files or folders of listings (HF pages, JSON Lines, CSV, arXiv Atom, BibTeX).
        path : str or path, optional
            The graph's folder; None builds in memory.
        corpus : sources.Corpus, optional
            Papers already read (instead of ``inputs``).
        fmt : str, optional
            Input format of every file (one of ``sources.READERS``); detected when None.
        jobs : int
            Extraction processes (0: one per core).
        base : str
            Base IRI of the graph's resources.
        model : str, optional
            An installed spaCy pipeline to start from; blank English when None.
        min_confidence : float
            Drop extracted edges below this confidence.
        concept_options : mapping, optional
            ``k``, ``min_weight``, ``top_k``, ``max_df`` (``concepts.DEFAULTS``); another key
            is a ``TypeError`` before anything is read.
        progress : bool, optional
            Draw a progress bar with a time estimate on stderr while extracting (None: when
            stderr is a terminal).
        keep_previous : bool
            Keep the graph this build replaces at ``PATH.previous`` (``papergraph diff`` reads it).
        update : bool
            Add the inputs to the graph at ``path``: its papers are kept, unchanged papers
            are not extracted again, and the corpus-wide steps run over the whole, so the
            result equals a full rebuild. The returned graph's ``changes`` (a
            :class:`papergraph.diff.GraphDiff`) says what the update changed.
        engine, scheduler : str
            ``"dask"`` extracts on the Dask cluster at ``scheduler``; the corpus-wide steps
            then run here.
        wait : float
            Seconds to wait for another build of the same ``path`` to finish.

        Returns
        -------
        PaperGraph
            The built graph, opened read-only (``report`` holds what was read).

        Raises
        ------
        GraphBusyError
            Another build of ``path`` is still running after ``wait`` seconds.
        GraphNotFoundError
            ``update`` with no graph at ``path``, or ``path`` is a folder papergraph did not write.
        UnknownFormatError
            An input is in no format a reader recognises (nothing is built).

        Examples
        --------
        >>> g = PaperGraph.build_records([{"title": "FooNet: X", "abstract": "We propose FooNet."}])
        >>> g.stats()["papers"], [r["n"] for r in g.query("SELECT ?n WHERE { ?p pg:proposes/rdfs:label ?n }")]
        (1, ['FooNet'])
        """
        from . import cache
        from .pipeline import check_concept_options, extract_all, resolution
        from .rdf import ntriples

        check_concept_options(concept_options)  # before hours of extraction, not after

        corpus = corpus if corpus is not None else sources.load(inputs or [], fmt)
        if corpus.refused:  # never half a build of what was asked: name the files, build nothing
            raise (
                corpus.refused[0]
                if len(corpus.refused) == 1
                else UnknownFormatError(
                    f"{len(corpus.refused)} files are in no format papergraph reads: "
                    + "; ".join(str(p) for p in corpus.refused)
                )
            )
        if update and path is None:
            raise GraphNotFoundError("update needs the path of a built graph; build one first without --update")

        def facts_of(cached: Mapping[str, Any]) -> list:
            facts = extract_all(
                corpus.papers,
                jobs=jobs,
                model=model,
                cached=cached,
                engine=engine,
                scheduler=scheduler,
                progress=progress,
            )
            corpus.reused = sum(1 for p in corpus.papers if p.content_hash in cached)
            return facts

        def lines_of(facts: list) -> Iterable[str]:
            return ntriples(
                resolution(facts, base=base, min_confidence=min_confidence, concept_options=concept_options), base
            )

        if path is None:
            facts = facts_of({})
            with _collector_frozen():  # frozen after extraction, so that the facts are among the frozen
                memory = ox.Store()
                store.load_lines(memory, lines_of(facts))
            return cls(memory, None, corpus, base)
        previous = None
        with store.build_lock(Path(path), wait):  # one build of a graph at a time: none loses another's papers
            cached: dict = {}
            if update:
                if not store.is_graph(path):
                    raise GraphNotFoundError(f"{path}: no graph to update; build one first without --update")
                old_papers, cached = cache.load(Path(path))
                merged, dupes = sources.merge_papers(old_papers + corpus.papers)
                corpus.duplicates_merged += dupes
                corpus.papers = merged
            facts = facts_of(cached)
            if (update or keep_previous) and store.is_graph(path):
                # the replaced graph is kept for the diff: at PATH.previous when asked to, else
                # beside the new one until the diff is made (a leftover a later build removes)
                previous = store.previous_path(Path(path), temporary=not keep_previous)
            with _collector_frozen():
                store.write_atomically(Path(path), lines_of(facts), corpus.papers, facts, jobs=jobs, keep=previous)
            graph = cls.open(path)
            graph.report, graph.base = corpus, base
            if previous is not None and update:
                old = cls.open(previous)
                names = (str(previous) if keep_previous else "the previous build", str(path))
                graph.changes = graph.diff(old, names=names)
                old.store = None
                del old
            if previous is not None and not keep_previous:
                store.remove_graph(previous)
        return graph

    @classmethod
    def build_records(
        cls, records: "Sequence[Mapping[str, Any] | Paper]", path: str | os.PathLike | None = None, **options
    ) -> "PaperGraph":
        """Build from in-memory records, cleaned and merged as records read from files are.

        Parameters
        ----------
        records : sequence of mapping or Paper
            Dicts with ``title`` and ``abstract``, and optionally ``authors``, ``date``,
            ``url``, ``arxiv_id``, ``upvotes`` (as the JSON Lines reader takes them), or
            :class:`~papergraph.Paper` records.
        path : str or path, optional
            The graph's folder; None builds in memory.
        **options
            Any keyword of :meth:`build` but ``inputs`` and ``corpus``.

        Returns
        -------
        PaperGraph

        Examples
        --------
        >>> PaperGraph.build_records([{"title": "A", "abstract": "x"}, {"title": "a.", "abstract": "x"}]).stats()["papers"]
        1
        >>> from papergraph import Paper
        >>> PaperGraph.build_records([Paper("FooNet", "We propose FooNet.")]).stats()["papers"]
        1
        """
        corpus = sources.load_records(records)
        return cls.build(path=path, corpus=corpus, **options)

    @classmethod
    def open(cls, path: str | os.PathLike, read_only: bool = True, **remote_options) -> "PaperGraph":
        """Open a graph built by :meth:`build` (read-only by default, so many readers may share it).

        Parameters
        ----------
        path : str or path
            The graph's folder, or the URL of a SPARQL endpoint holding a pushed graph.
        read_only : bool
            Open the local store read-only (several processes may read it at once).
        **remote_options
            For a URL: ``graph_iri``, ``user``, ``password``, ``gsp``.

        Returns
        -------
        PaperGraph

        Raises
        ------
        GraphNotFoundError
            No graph built by papergraph at ``path``.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     _ = PaperGraph.build_records([{"title": "A", "abstract": "B"}], path=pathlib.Path(tmp) / "g")
        ...     PaperGraph.open(pathlib.Path(tmp) / "g").stats()["papers"]
        1
        """
        if str(path).startswith(("http://", "https://")):
            from .remote import RemoteStore

            graph = cls(None, None)
            graph.remote, graph.read_only = RemoteStore(str(path), **remote_options), True
            return graph
        path = Path(path)
        graph = cls(store.open_store(path, read_only), path)
        graph.read_only = read_only
        return graph

    def _local(self) -> ox.Store:
        """The local store; a graph opened from a SPARQL endpoint has none."""
        if self.store is None:
            raise PapergraphError(
                "this graph lives in a remote SPARQL store; this needs a local graph "
                "(papergraph build ... --graph PATH)"
            )
        return self.store

    # --- querying -------------------------------------------------------------------------
    def query(self, sparql: str, **bindings: Any) -> QueryResult:
        """Run SPARQL with the usual prefixes predeclared; ``bindings`` set variables safely.

        Parameters
        ----------
        sparql : str
            A SELECT, ASK, CONSTRUCT or DESCRIBE query; ``pg``, ``rdf``, ``rdfs``, ``xsd``,
            ``dcterms``, ``skos``, ``prov`` and ``schema`` prefixes need no declaration.
        **bindings
            Values for variables of the query, by name: a value is only ever a value (SPARQL
            substitution, or a VALUES block for a variable the query does not project).

        Returns
        -------
        QueryResult
            Rows of plain Python values, a boolean, or triples; iterable like rdflib's result.

        Raises
        ------
        QueryError
            Syntax errors and engine errors, with the engine's message.

        Examples
        --------
        >>> g = PaperGraph.build_records([{"title": "FooNet: X", "abstract": "We propose FooNet."}])
        >>> [row["t"] for row in g.query("SELECT ?t WHERE { ?p pg:proposes/rdfs:label ?n ; dcterms:title ?t }", n="FooNet")]
        ['FooNet: X']
        """
        if self.remote is not None:
            from .remote import term_to_python

            names, rows, boolean = self.remote.select(bind(sparql, **bindings))
            if boolean is not None:
                return QueryResult(boolean=boolean)
            return QueryResult(names, [{k: term_to_python(v) for k, v in row.items()} for row in rows])
        result = self.raw_query(sparql, **bindings)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = [{n: _python(sol[n]) for n in names if sol[n] is not None} for sol in result]
            return QueryResult(names, rows)
        return QueryResult(triples=[(t.subject.value, t.predicate.value, _python(t.object)) for t in result])

    def raw_query(self, sparql: str, **bindings: Any):
        """pyoxigraph's own result object, for writing W3C result formats.

        Parameters
        ----------
        sparql : str
            A SPARQL query; the usual prefixes are declared.
        **bindings
            Values for variables, bound as escaped terms (as :meth:`query` does).

        Returns
        -------
        pyoxigraph.QuerySolutions or pyoxigraph.QueryBoolean or pyoxigraph.QueryTriples

        Examples
        --------
        >>> g = example_graph()
        >>> sorted(s["m"].value for s in g.raw_query("SELECT ?m WHERE { ?x rdfs:label ?m ; a pg:Method }"))[:2]
        ['BarNet', 'BazFormer']
        """
        subs = {ox.Variable(check_name(k)): to_term(v) for k, v in bindings.items()}
        try:
            if subs and PARAMETERS_MARK.search(sparql):  # the query says where its parameters join
                return self._local().query(bind(sparql, **bindings), prefixes=PREFIXES)
            try:
                return self._local().query(sparql, prefixes=PREFIXES, substitutions=subs or None)
            except RuntimeError as err:
                if "projection" not in str(err):
                    raise
            # A variable the query does not project is bound by a VALUES block instead
            # (queries.bind): the value is written as an escaped term, never as query text.
            return self._local().query(bind(sparql, **bindings), prefixes=PREFIXES)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}") from None
        except (RuntimeError, ValueError, OSError) as err:
            raise QueryError(str(err)) from None

    def named(self, name: str, *, limit: int | None = None, offset: int = 0, **bindings: Any) -> QueryResult:
        """Run a shipped named query (``papergraph.queries.names()``).

        Parameters
        ----------
        name : str
            The query's name (``improves-on``, ``evaluated-on``, ...).
        limit, offset : int, optional
            One page of its rows (:func:`papergraph.queries.page`); the queries whose answers
            grow with the corpus answer a first page of 100 rows by default.
        **bindings
            The variables the query asks for (``target="Transformer"``).

        Returns
        -------
        QueryResult

        Examples
        --------
        >>> example_graph().named("improves-on", target="ResNet-50").rows
        [{'improver': 'BarNet', 'papers': 1}, {'improver': 'FooNet', 'papers': 1}]
        """
        from .queries import named_query, page

        return self.query(page(named_query(name), limit, offset), **bindings)

    # --- counting and checking ---------------------------------------------------------------
    def __len__(self) -> int:
        if self.remote is not None:
            return self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]
        return len(self._local())

    def stats(self) -> dict[str, int]:
        """Counts of nodes by kind, claims, edges by relation and triples.

        Returns
        -------
        dict of str to int
            ``papers``, ``methods``, ..., ``claims``, one key per relation present, ``triples``.

        Examples
        --------
        >>> s = example_graph().stats()
        >>> s["papers"], s["methods"], s["improvesOn"]
        (3, 5, 3)
        """
        from .schema import KINDS, RELATIONS

        counted = [(k.cls, k.plural) for k in KINDS] + [(PG.Claim, "claims")]
        q = "SELECT ?k (COUNT(DISTINCT ?x) AS ?n) WHERE { VALUES (?c ?k) { %s } ?x a ?c } GROUP BY ?k" % " ".join(
            f'(<{c}> "{plural}")' for c, plural in counted
        )
        out = {plural: 0 for _, plural in counted}
        out.update({r["k"]: r["n"] for r in self.query(q).rows})
        q = "SELECT ?p (COUNT(*) AS ?n) WHERE { VALUES ?p { %s } ?s ?p ?o } GROUP BY ?p" % " ".join(
            f"<{r.iri}>" for r in RELATIONS
        )
        for r in self.query(q).rows:
            out[r["p"].rsplit("#", 1)[1]] = r["n"]
        out["triples"] = len(self)
        return out

    def validate(self):
        """SHACL validation against the shipped shapes (``data/shapes.ttl``).

        Returns
        -------
        tuple of (bool, str)
            Whether the graph conforms, and pySHACL's report.

        Examples
        --------
        >>> example_graph().validate()[0]
        True
        """
        from pyshacl import validate
        from rdflib import Graph

        from .knowledge import read_text

        shapes = Graph().parse(data=read_text("shapes.ttl"), format="turtle")
        conforms, _graph, text = validate(self.to_rdflib(), shacl_graph=shapes, inference="none")
        return conforms, text

    # --- exporting ------------------------------------------------------------------------------
    def serialize(self, path: str | os.PathLike | None = None, format: str = "ttl") -> bytes | None:
        """Write the graph in an RDF format or as a view.

        Parameters
        ----------
        path : str or path, optional
            Where to write; None returns the bytes.
        format : str
            ``ttl``, ``nt``, ``jsonld``, ``rdf``, ``graphml``, ``gexf``, ``csv`` (a folder of node
            and edge lists) or ``html``.

        Returns
        -------
        bytes or None

        Examples
        --------
        >>> b"FooNet" in example_graph().serialize(format="ttl")
        True
        """
        from .views import export

        return export.write(self, format, path)

    def to_rdflib(self):
        """A copy of the graph as an in-memory ``rdflib.Graph``.

        Returns
        -------
        rdflib.Graph

        Examples
        --------
        >>> g = example_graph()
        >>> len(g.to_rdflib()) == len(g)
        True
        """
        from rdflib import Graph

        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        g.parse(data=self.ntriples(), format="nt")
        return g

    def ntriples(self) -> bytes:
        """The whole graph as N-Triples, from the store or fetched from the remote server.

        Returns
        -------
        bytes

        Examples
        --------
        >>> len(example_graph().ntriples().splitlines())
        726
        """
        if self.remote is not None:
            return self.remote.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        data = self._local().dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        assert data is not None  # dump returns bytes when given no output
        return data

    def push(
        self,
        endpoint: str,
        graph_iri: str,
        user: str | None = None,
        password: str | None = None,
        gsp: str | None = None,
        chunk_triples: int = 5_000,
    ) -> int:
        """Load this graph into the named graph ``graph_iri`` of a remote store through the
        Graph Store HTTP Protocol, replacing what it held.

        Parameters
        ----------
        endpoint : str
            The SPARQL endpoint's URL (Virtuoso: ``http://host:8890/sparql``).
        graph_iri : str
            The named graph to replace.
        user, password : str, optional
            HTTP digest credentials.
        gsp : str, optional
            The Graph Store endpoint, when it is not found from ``endpoint``.
        chunk_triples : int
            Triples per request.

        Returns
        -------
        int
            The triples sent.

        Examples
        --------
        >>> example_graph().push("http://127.0.0.1:8890/sparql", "urn:x:papers")  # doctest: +SKIP
        713
        """
        from .remote import RemoteStore

        remote = RemoteStore(endpoint, graph_iri, user, password, gsp)
        lines = self.ntriples().splitlines(keepends=True)
        chunks = (b"".join(lines[i : i + chunk_triples]) for i in range(0, max(len(lines), 1), chunk_triples))
        return remote.put(chunks, graph_iri)

    def to_networkx(self, kinds: Iterable[str] | None = None, relations: Iterable[str] | None = None):
        """The graph as a ``networkx.MultiDiGraph``: node = IRI, edge key = relation.

        Parameters
        ----------
        kinds : iterable of str, optional
            Keep only nodes of these kinds (``papergraph.schema.KIND_NAMES``).
        relations : iterable of str, optional
            Keep only edges of these relations (``papergraph.schema.RELATION_NAMES``).

        Returns
        -------
        networkx.MultiDiGraph
            See :func:`papergraph.views.networkx.to_networkx` for the attributes.

        Examples
        --------
        >>> nx_graph = example_graph().to_networkx(kinds=["method"], relations=["improvesOn"])
        >>> sorted((nx_graph.nodes[s]["label"], nx_graph.nodes[o]["label"]) for s, o in nx_graph.edges())
        [('BarNet', 'FooNet'), ('BazFormer', 'Longformer'), ('FooNet', 'ResNet-50')]
        """
        from .views.networkx import to_networkx

        return to_networkx(self, kinds=kinds, relations=relations)

    # --- questions (see papergraph.questions) ----------------------------------------------
    def find(self, name: str, kind: str | None = None):
        """The entity a name or alias denotes (case, hyphens and plurals folded).

        Parameters
        ----------
        name : str
        kind : str, optional
            ``method``, ``dataset``, ``concept``, ``repository`` or ``paper``; any by default.

        Returns
        -------
        EntityRecord

        Raises
        ------
        EntityNotFoundError
            No such name; the message lists the closest names the graph knows.

        Examples
        --------
        >>> example_graph().find("resnet50")
        EntityRecord(iri='https://w3id.org/papergraph/resource/method/resnet-50', kind='method', label='ResNet-50', papers=1)
        """
        from . import questions

        return questions.find(self, name, kind)

    def papers(
        self,
        since: str | None = None,
        until: str | None = None,
        concept: str | None = None,
        dataset: str | None = None,
        has_code: bool | None = None,
        as_frame: bool = False,
    ):
        """Papers, sorted by date then title, optionally filtered.

        Parameters
        ----------
        since, until : str, optional
            ISO dates, inclusive.
        concept : str, optional
            Papers holding this concept or a narrower one.
        dataset : str, optional
            Papers that evaluate on or mention this dataset.
        has_code : bool, optional
            Only papers with (True) or without (False) a code repository.
        as_frame : bool
            A pandas DataFrame instead of a list.

        Returns
        -------
        list of PaperRecord

        Examples
        --------
        >>> [p.title for p in example_graph().papers(since="2024-01-01", has_code=True)]
        ['BazFormer: Efficient Attention for Long Documents']
        """
        from . import questions

        return questions.papers(self, since, until, concept, dataset, has_code, as_frame)

    def methods(self, as_frame: bool = False):
        """The methods with the number of papers that name them (``pg:paperCount``), most first.

        Parameters
        ----------
        as_frame : bool
            A pandas DataFrame instead of a list.

        Returns
        -------
        list of EntityRecord

        Examples
        --------
        >>> [(r.label, r.papers) for r in example_graph().methods()][:2]
        [('FooNet', 2), ('BarNet', 1)]
        """
        from . import questions

        return questions.entities(self, "method", as_frame)

    def datasets(self, as_frame: bool = False):
        """The datasets with the number of papers that name them (``pg:paperCount``), most first.

        Parameters
        ----------
        as_frame : bool
            A pandas DataFrame instead of a list.

        Returns
        -------
        list of EntityRecord

        Examples
        --------
        >>> [(r.label, r.papers) for r in example_graph().datasets()][:2]
        [('ImageNet', 2), ('CIFAR-10', 1)]
        """
        from . import questions

        return questions.entities(self, "dataset", as_frame)

    def repositories(self, as_frame: bool = False):
        """The repositories with the number of papers that link them (``pg:paperCount``), most first.

        Parameters
        ----------
        as_frame : bool
            A pandas DataFrame instead of a list.

        Returns
        -------
        list of EntityRecord

        Examples
        --------
        >>> [(r.label, r.papers) for r in example_graph().repositories()][:2]
        [('https://github.com/example/bazformer', 1), ('https://github.com/example/foonet', 1)]
        """
        from . import questions

        return questions.entities(self, "repository", as_frame)

    def concepts(self, as_frame: bool = False):
        """The concepts with the number of papers that hold them (``pg:paperCount``), most first.

        Parameters
        ----------
        as_frame : bool
            A pandas DataFrame instead of a list.

        Returns
        -------
        list of EntityRecord

        Examples
        --------
        >>> "image classification" in {c.label for c in example_graph().concepts()}
        True
        """
        from . import questions

        return questions.entities(self, "concept", as_frame)

    def improvements_over(self, method: str, transitive: bool = True):
        """What improves on a method, directly or through other methods: the named query
        ``improves-on``, each answer with its shortest path of claims.

        Parameters
        ----------
        method : str
            A name or alias.
        transitive : bool
            False keeps the direct improvers only.

        Returns
        -------
        list of Improvement
            Shortest paths first.

        Examples
        --------
        >>> [i.path for i in example_graph().improvements_over("ResNet-50")]
        [('FooNet', 'ResNet-50'), ('BarNet', 'FooNet', 'ResNet-50')]
        """
        from . import questions

        return questions.improvements_over(self, method, transitive)

    def evaluated_on(self, dataset: str):
        """What is evaluated on a dataset: the named query ``dataset-evidence``, one record
        per method (or paper) and claiming paper, with its most confident sentence.

        Parameters
        ----------
        dataset : str
            A name or alias.

        Returns
        -------
        list of Evaluation

        Examples
        --------
        >>> [(e.what, e.evidence) for e in example_graph().evaluated_on("CIFAR10")]
        [('FooNet', 'FooNet outperforms ResNet-50 on ImageNet and CIFAR-10.')]
        """
        from . import questions

        return questions.evaluated_on(self, dataset)

    def similar_papers(self, paper: str, k: int = 10):
        """Papers sharing informative concepts with a paper: the named query ``similar-papers``.

        Parameters
        ----------
        paper : str
            A title (case and punctuation folded).
        k : int
            How many papers.

        Returns
        -------
        list of Similar
            Strongest overlap first.

        Examples
        --------
        >>> example_graph().similar_papers("FooNet: Sparse Kernels for Image Classification")
        []
        """
        from . import questions

        return questions.similar_papers(self, paper, k)

    def lineage(self, method: str):
        """What a method builds on and what builds on it (transitively): the named query
        ``lineage``, each answer with its shortest path of claims.

        Parameters
        ----------
        method : str
            A name or alias.

        Returns
        -------
        dict
            ``builds_on`` and ``built_on_by``, each a list of :class:`Improvement`.

        Examples
        --------
        >>> lin = example_graph().lineage("FooNet")
        >>> [i.path for i in lin["builds_on"]], [i.path for i in lin["built_on_by"]]
        ([('FooNet', 'ResNet-50')], [('BarNet', 'FooNet')])
        """
        from . import questions

        return questions.lineage(self, method)

    def diff(self, other: "PaperGraph", names: tuple[str, str] = ("old", "new")):
        """What changed from ``other`` (an earlier build) to this graph.

        Parameters
        ----------
        other : PaperGraph
            The earlier build.
        names : tuple of str
            How the report names the two graphs (earlier first).

        Returns
        -------
        papergraph.diff.GraphDiff
            Papers, methods, datasets and claims added and removed, and concepts whose
            paper count changed; ``.report()``, ``.summary()`` and ``.to_dict()`` show it.

        Examples
        --------
        >>> new = example_graph()
        >>> old = PaperGraph.build_records([{"title": "BazFormer: Efficient Attention for Long Documents",
        ...     "abstract": "We present BazFormer, an efficient attention mechanism for long documents."}])
        >>> d = new.diff(old)
        >>> len(d.papers.added), sorted(c.subject for c in d.claims.added if c.relation == "improvesOn")
        (2, ['BarNet', 'BazFormer', 'FooNet'])
        """
        from .diff import diff

        return diff(other, self, *names)

    def leaderboard(self, dataset: str, metric: str | None = None) -> list:
        """The best reported value of each method on a dataset, per metric, best first
        (lowest first where lower is better: error, WER, FID, perplexity): the named query
        ``leaderboard`` over the numbers the abstracts state.

        Parameters
        ----------
        dataset : str
            A name or alias.
        metric : str, optional
            One metric, in any spelling ("acc@1" is "top-1 accuracy").

        Returns
        -------
        list of papergraph.questions.Standing

        Examples
        --------
        >>> g = PaperGraph.build_records([{"title": "FooNet: Kernels", "abstract":
        ...     "We propose FooNet. FooNet reaches 81.2% top-1 accuracy on ImageNet, outperforming ResNet-50 (76.1%)."}])
        >>> [(s.method, s.value) for s in g.leaderboard("ImageNet", "acc@1")]
        [('FooNet', 81.2), ('ResNet-50', 76.1)]
        """
        from . import questions

        return questions.leaderboard(self, dataset, metric)

    def cites(self, paper: str) -> list:
        """The papers of the graph that ``paper`` cites (its reference list, as a service
        gave it: ``papergraph fetch openalex --references``): the named query ``citations``.

        Parameters
        ----------
        paper : str
            A title (case and punctuation folded).

        Returns
        -------
        list of PaperRecord

        Examples
        --------
        >>> g = PaperGraph.build_records([
        ...     {"title": "A", "abstract": "x", "ids": ["openalex:W1"], "cites": ["openalex:W2"]},
        ...     {"title": "B", "abstract": "y", "ids": ["openalex:W2"]}])
        >>> [p.title for p in g.cites("A")], [p.title for p in g.cited_by("B")]
        (['B'], ['A'])
        """
        from . import questions

        return questions.citations(self, paper)["cites"]

    def cited_by(self, paper: str) -> list:
        """The papers of the graph that cite ``paper`` (see :meth:`cites`).

        Parameters
        ----------
        paper : str
            A title.

        Returns
        -------
        list of PaperRecord

        Examples
        --------
        >>> g = PaperGraph.build_records([
        ...     {"title": "A", "abstract": "x", "ids": ["doi:10.1/a"], "cites": ["doi:10.1/c"]},
        ...     {"title": "B", "abstract": "y", "ids": ["doi:10.1/b"], "cites": ["doi:10.1/c"]},
        ...     {"title": "C", "abstract": "z", "ids": ["doi:10.1/c"]}])
        >>> sorted(p.title for p in g.cited_by("C"))
        ['A', 'B']
        """
        from . import questions

        return questions.citations(self, paper)["cited_by"]

    # --- network analysis (see papergraph.views.analysis) -----------------------------------
    def influence(self) -> dict[str, float]:
        """PageRank over improves-on and evaluated-on edges.

        Returns
        -------
        dict of str to float
            By node IRI; a method that many improve on, or a dataset many evaluate on, ranks high.

        Examples
        --------
        >>> rank = example_graph().influence()
        >>> max(rank, key=rank.get).rsplit("/", 1)[1]
        'imagenet'
        """
        from .views.analysis import influence

        return influence(self.to_networkx())

    def communities(self) -> dict[str, int]:
        """Louvain communities of papers over shares-concept edges.

        Returns
        -------
        dict of str to int
            Community number by paper IRI, 0 the largest; papers that share no concept are left out.

        Examples
        --------
        >>> example_graph().communities()  # three papers that share too little to group
        {}
        """
        from .views.analysis import communities

        return communities(self.to_networkx(kinds=["paper"], relations=["sharesConcept"]))

    def idea_path(self, source: str, target: str) -> list[str]:
        """The shortest paper → concept → paper chain between two papers.

        Parameters
        ----------
        source, target : str
            Titles.

        Returns
        -------
        list of str
            The labels along the chain.

        Raises
        ------
        networkx.NetworkXNoPath
            No chain of concepts links them.

        Examples
        --------
        >>> example_graph().idea_path("FooNet: Sparse Kernels for Image Classification",
        ...                           "BarNet: Denser Kernels for Image Classification")[1]
        'convolutional network'
        """
        from .views.analysis import idea_path

        g = self.to_networkx(kinds=["paper", "concept"], relations=["hasConcept"])
        a, b = self.find(source, "paper").iri, self.find(target, "paper").iri
        return [g.nodes[n]["label"] for n in idea_path(g, a, b)]

    def write_analysis(self) -> dict[str, int]:
        """Store PageRank (``pg:pagerank``) and community (``pg:community``) on the nodes, so
        that every export carries them.

        Returns
        -------
        dict of str to int
            How many values were written of each.

        Raises
        ------
        PapergraphError
            The graph was opened read-only.

        Examples
        --------
        >>> example_graph().write_analysis()["pagerank"]
        34
        """
        from .rdf import analysis_lines

        if self.read_only:
            raise PapergraphError(
                "this graph was opened read-only; open it with PaperGraph.open(path, read_only=False) "
                "(or `papergraph analyze ... --write`) to store analysis results"
            )
        rank, parts = self.influence(), self.communities()
        local = self._local()
        local.update("DELETE WHERE { ?n <%s> ?v }" % PG.pagerank)
        local.update("DELETE WHERE { ?n <%s> ?v }" % PG.community)
        store.load_lines(local, analysis_lines(rank, parts))
        local.flush()
        return {"pagerank": len(rank), "community": len(parts)}

    def to_html(self, path: str | os.PathLike, **options) -> Path:
        """Write the interactive explorer page.

        Parameters
        ----------
        path : str or path
            The page to write.
        **options
            ``title``, ``view`` and the other keywords of :func:`papergraph.views.html.write_html`.

        Returns
        -------
        pathlib.Path
            The page written.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     page = example_graph().to_html(pathlib.Path(tmp) / "map.html")
        ...     "FooNet" in page.read_text(encoding="utf-8")
        True
        """
        from .views.html import write_html

        return write_html(self, path, **options)


def example_graph() -> PaperGraph:
    """A small graph to try the API on: three made-up papers (``data/example.jsonl``) in
    which FooNet improves on ResNet-50, BarNet on FooNet and BazFormer on Longformer.

    Returns
    -------
    PaperGraph
        Built in memory, writable.

    Examples
    --------
    >>> example_graph().stats()["papers"]
    3
    """
    import json

    from .knowledge import read_text

    records = [json.loads(line) for line in read_text("example.jsonl").splitlines() if line.strip()]
    return PaperGraph.build_records(records)


@contextmanager
def _collector_frozen():
    """Keep the garbage collector off the objects alive now (the papers and their facts, which
    live until the build ends) instead of scanning their millions of objects again on every
    collection of the corpus-wide steps (measured: a tenth of a 5k-paper build)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
