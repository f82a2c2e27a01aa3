"""The ``papergraph`` command: each command opens a PaperGraph and calls one API function."""

from __future__ import annotations

import sys

import click

from . import __version__
from .errors import PapergraphError, UnknownFormatError
from .concepts import DEFAULTS as CONCEPT_DEFAULTS
from .sources import READERS
from .store import RESULT_FORMATS
from .views.export import FORMATS as EXPORT_FORMATS
from .views.html import VIEWS

DEFAULT_GRAPH = "exports/papergraph.graph"

graph_option = click.option(
    "--graph",
    "graph_path",
    default=DEFAULT_GRAPH,
    show_default=True,
    help="Folder of the on-disk graph store, or the URL of a SPARQL endpoint holding it.",
)


def _open(graph_path: str):
    from .graph import PaperGraph

    return PaperGraph.open(graph_path)


class _Group(click.Group):
    """Turns papergraph's own errors into one clear line and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UnknownFormatError as err:  # an input refused: a usage problem, as --strict's
            click.echo(f"error: {err}", err=True)
            sys.exit(2)
        except PapergraphError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(1)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="papergraph")
def main() -> None:
    """Turn paper listings into a knowledge graph of papers, methods, datasets, code and concepts.

    \b
    Example:
      papergraph build examples/ --graph exports/papergraph.graph
      papergraph query improves-on --param target=Transformer
    """


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(exists=True))
@graph_option
@click.option(
    "--fetch",
    "fetch_specs",
    multiple=True,
    metavar="SPEC",
    help="Also fetch papers first: arxiv:QUERY, hf:DATE|WEEK|MONTH, openalex:SEARCH (repeatable; see `papergraph fetch`).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar (there is none when stderr is not a terminal).")
@click.option(
    "--format", "fmt", type=click.Choice(list(READERS)), help="Input format (detected from content when omitted)."
)
@click.option("--jobs", "-j", default=1, show_default=True, help="Extraction processes (0 = one per core).")
@click.option("--base", default=None, help="Base IRI of the graph's resources.")
@click.option("--model", default=None, help="An installed spaCy pipeline to start from (default: blank English).")
@click.option("--min-confidence", default=0.0, show_default=True, help="Drop extracted edges below this confidence.")
@click.option(
    "--concepts-per-paper", default=CONCEPT_DEFAULTS["k"], show_default=True, help="Concepts kept for each paper."
)
@click.option(
    "--link-min-weight",
    default=CONCEPT_DEFAULTS["min_weight"],
    show_default=True,
    help="Least weight (summed IDF of shared concepts) of a shares-concept link.",
)
@click.option(
    "--link-top-k", default=CONCEPT_DEFAULTS["top_k"], show_default=True, help="Most shares-concept links of any paper."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where per-paper extraction runs: local processes, or a Dask cluster.",
)
@click.option("--scheduler", help="Address of the Dask scheduler (tcp://host:8786) for --engine dask.")
@click.option(
    "--update", is_flag=True, help="Add the inputs to the graph at --graph; unchanged papers are not extracted again."
)
@click.option(
    "--keep-previous",
    is_flag=True,
    help="Keep the graph this build replaces at GRAPH.previous (for `papergraph diff` later).",
)
@click.option("--strict", is_flag=True, help="Exit non-zero when any record was skipped or flagged.")
@click.option(
    "--wait",
    default=0.0,
    show_default=True,
    help="Seconds to wait for another build of the same --graph to finish (else refuse).",
)
def build(
    inputs,
    graph_path,
    fetch_specs,
    quiet,
    fmt,
    jobs,
    base,
    model,
    min_confidence,
    concepts_per_paper,
    link_min_weight,
    link_top_k,
    engine,
    scheduler,
    update,
    keep_previous,
    strict,
    wait,
):
    """Build the graph from listing pages, JSONL/CSV, arXiv Atom or BibTeX files (or folders).

    \b
    Example:
      papergraph build examples/*.txt --graph exports/papergraph.graph
      papergraph build papers.jsonl --engine dask --scheduler tcp://10.0.0.5:8786
    """
    if engine == "dask" and not scheduler:
        raise click.UsageError("--engine dask needs --scheduler ADDRESS")
    from .graph import PaperGraph
    from .namespace import DEFAULT_BASE

    corpus, _ = _read_inputs(inputs, fetch_specs, graph_path, quiet, fmt)
    g = PaperGraph.build(
        corpus=corpus,
        path=graph_path,
        jobs=jobs,
        base=base or DEFAULT_BASE,
        model=model,
        min_confidence=min_confidence,
        concept_options={"k": concepts_per_paper, "min_weight": link_min_weight, "top_k": link_top_k},
        update=update,
        keep_previous=keep_previous,
        progress=False if quiet else None,
        engine=engine,
        scheduler=scheduler,
        wait=wait,
    )
    click.echo(corpus.summary())
    for reason, n in corpus.reasons():
        click.echo(f"  {n:>5} × {reason}")
    s = g.stats()
    click.echo(
        f"graph {graph_path}: {s['papers']} papers, {s['methods']} methods, {s['datasets']} datasets, "
        f"{s['repositories']} repositories, {s['concepts']} concepts, {s['triples']} triples"
    )
    if g.changes is not None:
        click.echo("changes since the graph it replaced:")
        click.echo("  " + g.changes.summary().replace("\n", "\n  "))
        if keep_previous:
            click.echo(f"the previous graph is at {g.changes.old}: papergraph diff {g.changes.old} {graph_path}")
    if strict and corpus.problems:
        sys.exit(2)


def _read_inputs(inputs, fetch_specs, graph_path: str, quiet: bool, fmt: str | None = None):
    """The corpus of the input files and of what ``--fetch`` brings, its warnings printed
    (files no reader recognises are named once, by the build that refuses them); with the
    list of inputs read."""
    from . import sources

    if not inputs and not fetch_specs:
        raise click.UsageError("give input files or folders, or --fetch SPEC")
    inputs = list(inputs) + [str(p) for p in _fetch_into(graph_path, fetch_specs, quiet)]
    corpus = sources.load(inputs, fmt)
    for problem in corpus.problems:
        if problem not in corpus.refused:
            click.echo(f"warning: {problem}", err=True)
    return corpus, inputs


def _fetch_into(graph_path: str, specs, quiet: bool) -> list:
    """Fetch each spec into a JSON Lines file beside the graph (``GRAPH.fetched/``), kept
    so that the papers stay an input of later ``--update`` builds; the paths."""
    import hashlib
    from pathlib import Path

    from . import fetch

    out = []
    for text in specs:
        spec = fetch.parse_spec(text)
        path = Path(f"{graph_path}.fetched") / f"{spec.service}-{hashlib.sha1(text.encode()).hexdigest()[:10]}.jsonl"
        n = fetch.fetch(spec, path, progress=False if quiet else None)
        click.echo(f"fetched {n} papers for {text!r} into {path}", err=True)
        out.append(path)
    return out


def _fetch_options(f):
    """The options every `papergraph fetch` command shares."""
    for option in reversed(
        [
            click.option(
                "-o", "--output", required=True, type=click.Path(dir_okay=False), help="JSON Lines file to write."
            ),
            click.option(
                "--mailto", help="Your contact address, sent with each request (OpenAlex's polite pool asks for it)."
            ),
            click.option(
                "--cache",
                "cache_dir",
                type=click.Path(file_okay=False),
                help="Folder of cached responses (default ~/.cache/papergraph/http).",
            ),
            click.option("--refresh", is_flag=True, help="Ask again for what the cache holds."),
            click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
            click.option(
                "--endpoint", hidden=True, help="Another address for the service (a mirror, or a test server)."
            ),
        ]
    ):
        f = option(f)
    return f


def _client(cache_dir, mailto, refresh):
    from . import fetch

    return fetch.Client(cache=cache_dir or fetch.DEFAULT_CACHE, mailto=mailto, refresh=refresh)


def _run_fetch(spec, output, mailto, cache_dir, refresh, quiet, endpoint) -> None:
    from . import fetch

    n = fetch.fetch(
        spec, output, _client(cache_dir, mailto, refresh), endpoint, mailto, progress=False if quiet else None
    )
    click.echo(f"wrote {n} papers to {output}; build with: papergraph build {output} --graph GRAPH", err=True)


@main.group()
def fetch():
    """Fetch papers from arXiv, Hugging Face or OpenAlex into JSON Lines that `build` reads.

    The one command that uses the network, and only when asked: polite (arXiv one request
    every 3 s, retries with backoff honouring Retry-After), cached on disk (a re-run asks
    nothing it already has) and resumable (an interrupted run continues where it stopped).

    \b
    Example:
      papergraph fetch arxiv --query 'cat:cs.CL AND abs:transformer' --since 2024-01-01 --max 5000 -o cl.jsonl
      papergraph fetch hf --week 2024-W18 -o week18.jsonl
      papergraph fetch openalex --search 'state space models' --max 500 -o ssm.jsonl
      papergraph fetch openalex --references --graph exports/papergraph.graph -o refs.jsonl
    """


@fetch.command("arxiv")
@click.option("--query", required=True, help="An arXiv API search_query (cat:cs.CL AND abs:transformer).")
@click.option("--since", help="Only papers submitted on or after this date (YYYY-MM-DD).")
@click.option("--max", "max_papers", default=1000, show_default=True, help="Most papers to fetch.")
@_fetch_options
def fetch_arxiv(query, since, max_papers, output, mailto, cache_dir, refresh, quiet, endpoint):
    """Papers from the arXiv API, newest first (pages of up to 2,000, 3 s apart)."""
    from .fetch import Spec

    _run_fetch(Spec("arxiv", {"query": query}, since, max_papers), output, mailto, cache_dir, refresh, quiet, endpoint)


@fetch.command("hf")
@click.option("--date", help="One day's daily papers (YYYY-MM-DD).")
@click.option("--week", help="One week's (YYYY-Www, e.g. 2024-W18).")
@click.option("--month", help="One month's (YYYY-MM).")
@_fetch_options
def fetch_hf(date, week, month, output, mailto, cache_dir, refresh, quiet, endpoint):
    """Hugging Face daily papers of a day, a week or a month, with upvotes and code links."""
    from .fetch import Spec

    given = {k: v for k, v in (("date", date), ("week", week), ("month", month)) if v}
    if len(given) != 1:
        raise click.UsageError("give one of --date, --week or --month")
    _run_fetch(Spec("hf", given), output, mailto, cache_dir, refresh, quiet, endpoint)


@fetch.command("openalex")
@click.option("--search", help="Full-text search of OpenAlex works.")
@click.option("--doi", help="One work by its DOI.")
@click.option(
    "--references",
    is_flag=True,
    help="The reference lists of the papers of --graph (or of the works fetched), for cites edges.",
)
@click.option("--graph", "graph_path", help="With --references: the graph whose papers to look up.")
@click.option("--since", help="Only works published on or after this date (YYYY-MM-DD).")
@click.option("--max", "max_papers", default=1000, show_default=True, help="Most works to fetch.")
@_fetch_options
def fetch_openalex(
    search, doi, references, graph_path, since, max_papers, output, mailto, cache_dir, refresh, quiet, endpoint
):
    """Works from OpenAlex (search or DOI); --references adds what each paper cites.

    With --references --graph GRAPH, the papers of the graph are looked up by DOI or arXiv
    id and their reference lists written; `papergraph build --update OUTPUT --graph GRAPH`
    then adds a cites edge wherever one paper of the graph cites another.
    """
    from . import fetch as fetching

    if references and graph_path:
        papers = _graph_papers(graph_path)
        found, unknown = fetching.references(papers, output, _client(cache_dir, mailto, refresh), endpoint, mailto)
        click.echo(
            f"wrote the reference lists of {found} of {len(papers)} papers to {output} ({unknown} have no DOI or "
            f"arXiv id to look up); add them: papergraph build --update {output} --graph {graph_path}",
            err=True,
        )
        return
    if bool(search) == bool(doi):
        raise click.UsageError("give --search or --doi (or --references --graph GRAPH)")
    params: dict = {"search": search} if search else {"doi": doi}
    if references:
        params["references"] = True
    spec = fetching.Spec("openalex", params, since, max_papers)
    _run_fetch(spec, output, mailto, cache_dir, refresh, quiet, endpoint)


def _graph_papers(graph_path: str) -> list:
    """The papers of a built graph with their arXiv ids and identifiers (to look them up)."""
    from .graph import PaperGraph
    from .model import Paper

    rows = (
        PaperGraph.open(graph_path)
        .query(
            """SELECT ?t ?a (GROUP_CONCAT(?i; separator=" ") AS ?ids) WHERE { ?p a pg:Paper ; dcterms:title ?t .
           OPTIONAL { ?p pg:arxivId ?a } OPTIONAL { ?p dcterms:identifier ?i } } GROUP BY ?t ?a"""
        )
        .rows
    )
    return [Paper(r["t"], arxiv_id=r.get("a"), ids=tuple(r.get("ids", "").split())) for r in rows]


@fetch.command("s2")
@click.option("--references", is_flag=True, required=True, help="The reference lists of the papers of --graph.")
@click.option("--graph", "graph_path", required=True, help="The graph whose papers to look up.")
@click.option("--api-key", envvar="S2_API_KEY", help="A Semantic Scholar API key (optional; env S2_API_KEY).")
@_fetch_options
def fetch_s2(references, graph_path, api_key, output, mailto, cache_dir, refresh, quiet, endpoint):
    """Reference lists from Semantic Scholar, for cites edges (one paper a request, 1 s apart).

    \b
    Example:
      papergraph fetch s2 --references --graph exports/papergraph.graph -o s2refs.jsonl
      papergraph build --update s2refs.jsonl --graph exports/papergraph.graph
    """
    from . import fetch as fetching

    client = fetching.Client(
        cache=cache_dir or fetching.DEFAULT_CACHE,
        mailto=mailto,
        refresh=refresh,
        headers={"x-api-key": api_key} if api_key else None,
    )
    papers = _graph_papers(graph_path)
    found, unknown = fetching.s2_references(papers, output, client, endpoint)
    click.echo(
        f"wrote the reference lists of {found} of {len(papers)} papers to {output} ({unknown} have no DOI or "
        f"arXiv id to look up); add them: papergraph build --update {output} --graph {graph_path}",
        err=True,
    )


@main.command("map")
@click.argument("inputs", nargs=-1, type=click.Path(exists=True))
@click.option(
    "-o", "--output", default="map.html", show_default=True, type=click.Path(dir_okay=False), help="The page to write."
)
@click.option(
    "--fetch", "fetch_specs", multiple=True, metavar="SPEC", help="Papers to fetch first (as `build --fetch`)."
)
@click.option(
    "--graph", "graph_path", help="Also keep the graph here (default: a graph beside the page, OUTPUT.graph)."
)
@click.option("--view", type=click.Choice(["explore", "lineage"]), default="explore", show_default=True)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def map_command(inputs, output, fetch_specs, graph_path, view, quiet):
    """From a library to a map in one step: build the inputs and write the explorer page.

    \b
    Example:
      papergraph map refs.bib -o map.html
      papergraph map --fetch hf:2024-W18 -o week18.html
    """
    from pathlib import Path

    from .graph import PaperGraph

    graph_path = graph_path or f"{output}.graph"
    corpus, inputs = _read_inputs(inputs, fetch_specs, graph_path, quiet)
    g = PaperGraph.build(corpus=corpus, path=graph_path, progress=False if quiet else None)
    click.echo(corpus.summary(), err=True)
    page = g.to_html(output, title=f"papergraph — {', '.join(Path(i).name for i in inputs)[:80]}", view=view)
    click.echo(f"wrote {page.resolve()} ({g.stats()['papers']} papers); open it in a browser")


@main.command()
@click.argument("query", required=False)
@graph_option
@click.option("-e", "--expression", help="SPARQL text to run instead of a file or name.")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE (a literal; <iri> for an IRI). Repeatable.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", *RESULT_FORMATS]),
    default="table",
    show_default=True,
    help="Output: a table, or a W3C SPARQL results format.",
)
@click.option(
    "--limit", type=click.IntRange(min=0), help="Rows per page (a paging named query answers 100 by default)."
)
@click.option(
    "--offset", type=click.IntRange(min=0), default=0, show_default=True, help="Rows to skip before the page."
)
@click.option("--list", "list_names", is_flag=True, help="List the named queries and exit.")
def query(query, graph_path, expression, params, fmt, limit, offset, list_names):
    """Run SPARQL: a .rq file, a named query from queries/, or -e 'SPARQL'.

    \b
    Example:
      papergraph query evaluated-on --param dataset=ImageNet
      papergraph query papers-with-code --limit 20 --offset 40
      papergraph query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?p a pg:Paper }' --format csv
    """
    from . import queries

    if list_names:
        for name in queries.names():
            click.echo(f"{name:<22} {queries.describe(name)}")
        return
    if not (query or expression):
        raise click.UsageError("give a query file or name, or -e 'SPARQL' (see --list)")
    text = queries.page(expression if expression else queries.resolve_query(query), limit, offset)
    bindings = {}
    for p in params:
        name, sep, value = p.partition("=")
        if not sep:
            raise click.UsageError(f"--param takes NAME=VALUE, got {p!r}")
        bindings[name.lstrip("?")] = _param_value(value)
    g = _open(graph_path)
    if fmt == "table":
        click.echo(_table(g.query(text, **bindings)))
    elif g.remote is not None:
        from .queries import bind
        from .serve import CONTENT_TYPE

        sys.stdout.buffer.write(g.remote.request(bind(text, **bindings), CONTENT_TYPE[fmt].split(";")[0]))
    else:
        result = g.raw_query(text, **bindings)
        if not hasattr(result, "variables"):
            raise click.UsageError("only SELECT results have W3C result formats; use --format table")
        sys.stdout.buffer.write(result.serialize(format=RESULT_FORMATS[fmt]))


def _param_value(value: str):
    """``<https://...>`` binds an IRI; anything else is a literal string."""
    if value.startswith("<") and value.endswith(">"):
        import pyoxigraph as ox

        try:
            return ox.NamedNode(value[1:-1])
        except ValueError as err:
            raise click.BadParameter(
                f"{value} is not an IRI ({err}); write <https://...>, or a value without angle brackets for a literal",
                param_hint="--param",
            ) from None
    return value


def _table(result) -> str:
    if result.boolean is not None:
        return "true" if result.boolean else "false"
    if result.triples is not None:
        return "\n".join(" ".join(map(str, t)) for t in result.triples)
    cols = result.variables
    rows = [[_cell(r.get(c)) for c in cols] for r in result.rows]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(cols)]
    line = lambda cells: "  ".join(str(c)[:w].ljust(w) for c, w in zip(cells, widths))  # noqa: E731
    out = [line(cols), line("-" * w for w in widths)] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _cell(v) -> str:
    return "" if v is None else " ".join(str(v).split())


@main.command()
@click.argument("format", type=click.Choice(EXPORT_FORMATS))
@graph_option
@click.option("-o", "--output", type=click.Path(), help="Output file (a folder for csv); stdout when omitted.")
@click.option(
    "--focus", multiple=True, help="html: draw the neighbourhood of this node (name, alias or IRI). Repeatable."
)
@click.option("--depth", default=1, show_default=True, help="html: hops around --focus.")
@click.option("--query", "query_spec", help="html: draw the nodes a SPARQL query returns (.rq file or named query).")
@click.option("--kinds", help="html: node kinds to draw, comma-separated (paper,method,dataset,repository,concept).")
@click.option("--relations", help="html: edge kinds to draw, comma-separated (improvesOn,evaluatedOn,...).")
@click.option("--max-nodes", type=int, help="html: keep at most this many nodes, the most important.")
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default="explore",
    show_default=True,
    help="html: the view the page opens on (lineage: what improves on what, left to right).",
)
def export(format, graph_path, output, focus, depth, query_spec, kinds, relations, max_nodes, view):
    """Export the graph: RDF (ttl, nt, jsonld, rdf), graphml, gexf, csv node/edge lists, or html.

    \b
    Example:
      papergraph export html -o exports/papergraph.html
      papergraph export html -o swin.html --focus "Swin Transformer" --depth 2
      papergraph export html -o big.html --max-nodes 500 --kinds paper,method
      papergraph export html -o lineage.html --view lineage --focus Transformer --depth 2
      papergraph export ttl -o exports/papergraph.ttl
    """
    g = _open(graph_path)
    if format == "html":
        from . import queries

        if not output:
            raise click.UsageError("the html export needs -o FILE")
        g.to_html(
            output,
            focus=list(focus),
            depth=depth,
            max_nodes=max_nodes,
            view=view,
            query=queries.resolve_query(query_spec) if query_spec else None,
            kinds=kinds.split(",") if kinds else None,
            relations=relations.split(",") if relations else None,
        )
        click.echo(f"wrote {output}", err=True)
        return
    data = g.serialize(output, format)
    if data is not None:
        sys.stdout.buffer.write(data)
    elif output:
        click.echo(f"wrote {output}", err=True)


@main.command()
@graph_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats(graph_path, as_json):
    """Count papers, methods, datasets, repositories, concepts, claims and edges.

    \b
    Example:
      papergraph stats --graph exports/papergraph.graph
    """
    s = _open(graph_path).stats()
    if as_json:
        import json

        click.echo(json.dumps(s, indent=2))
    else:
        for k, v in s.items():
            click.echo(f"{k:<16}{v:>10}")


@main.command()
@click.argument("old")
@click.argument("new", required=False)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the changes as JSON (papers, methods, datasets, claims, concepts)."
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False),
    help="Also write NEW's explorer page with what is new ringed.",
)
@click.option("--top", default=10, show_default=True, help="Rows a section of the report shows.")
@click.option("--all", "show_all", is_flag=True, help="Show every row of every section.")
def diff(old, new, as_json, html_path, top, show_all):
    """What changed from the graph OLD to the graph NEW (paths or SPARQL endpoints; NEW is
    the default graph when left out): papers, methods and datasets added and removed, new
    and dropped claims with their sentences, concepts named by more papers.

    \b
    Example:
      papergraph build examples --graph week1.graph
      papergraph build --update new-listing.txt --graph week1.graph --keep-previous
      papergraph diff week1.graph.previous week1.graph
      papergraph diff last.graph now.graph --json > changes.json
      papergraph diff last.graph now.graph --html news.html
    """
    new = new or DEFAULT_GRAPH
    changes = _open(new).diff(_open(old), names=(old, new))
    if as_json:
        click.echo(changes.to_json())
    else:
        click.echo(changes.report(None if show_all else top))
    if html_path:
        from .views.html import NewSince

        since = NewSince(old, frozenset(changes.new_nodes()), frozenset(changes.new_edges()))
        written = _open(new).to_html(html_path, title=f"papergraph — new since {old}", new=since)
        click.echo(f"wrote {written}", err=True)


@main.command()
@graph_option
def validate(graph_path):
    """Check the graph against papergraph's SHACL shapes; exit 1 on any violation.

    \b
    Example:
      papergraph validate --graph exports/papergraph.graph
    """
    conforms, text = _open(graph_path).validate()
    if conforms:
        click.echo("conforms: the graph satisfies every SHACL shape")
    else:
        click.echo(text)
        sys.exit(1)


@main.command()
@graph_option
@click.option(
    "--gold",
    "gold_files",
    multiple=True,
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Gold annotations (JSON Lines, as in the gold guidelines). Repeatable.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--details", is_flag=True, help="Also list, per paper, what the graph missed and its false hits.")
def evaluate(graph_path, gold_files, as_json, details):
    """Score the graph against gold annotations: precision, recall and F1 per field.

    \b
    Example:
      papergraph evaluate --gold tests/data/dev.jsonl --graph exports/papergraph.graph
      papergraph evaluate --gold tests/data/dev.jsonl --details   # why: misses and false hits per paper
    """
    from . import evaluate as ev

    gold = ev.load_gold(gold_files)
    per_paper: list = []
    table = ev.evaluate(_open(graph_path), gold, per_paper if details else None)
    if as_json:
        import json

        out = {"papers_in_gold": len(gold), "fields": table}
        if details:
            out["details"] = [d.as_dict() for d in per_paper]
        click.echo(json.dumps(out, indent=2))
    else:
        click.echo(f"gold papers: {len(gold)}")
        click.echo(ev.format_table(table))
        if details:
            click.echo("\n" + ev.format_details(per_paper))


@main.command()
@click.argument(
    "what",
    type=click.Choice(
        [
            "influence",
            "communities",
            "path",
            "similar",
            "improvements",
            "evaluated-on",
            "lineage",
            "find",
            "leaderboard",
        ]
    ),
)
@click.argument("names", nargs=-1)
@graph_option
@click.option("--top", default=20, show_default=True, help="How many rows to print.")
@click.option("--write", is_flag=True, help="Store PageRank and community on the nodes (pg:pagerank, pg:community).")
@click.option("--metric", help="leaderboard: one metric (any spelling: acc@1 is top-1 accuracy).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def analyze(what, names, graph_path, top, write, metric, as_json):
    """Network analysis and questions: influence (PageRank), communities (Louvain over
    shares-concept), path (the concepts linking two papers), similar, improvements,
    evaluated-on, lineage, find, leaderboard (a dataset's best reported numbers).

    \b
    Example:
      papergraph analyze influence --top 10
      papergraph analyze improvements "Swin Transformer"
      papergraph analyze path "Mamba: Linear-Time Sequence Modeling with Selective State Spaces" "Transformer in Transformer"
      papergraph analyze communities --write
      papergraph analyze leaderboard COCO --metric ap
    """
    import json
    from dataclasses import asdict, is_dataclass

    from .graph import PaperGraph

    need = {
        "path": 2,
        "similar": 1,
        "improvements": 1,
        "evaluated-on": 1,
        "lineage": 1,
        "find": 1,
        "leaderboard": 1,
    }.get(what, 0)
    if len(names) != need:
        raise click.UsageError(f"'analyze {what}' takes {need} name(s)")
    g = PaperGraph.open(graph_path, read_only=not write)
    if write:
        counts = g.write_analysis()
        click.echo(
            f"wrote pg:pagerank on {counts['pagerank']} nodes and pg:community on {counts['community']} papers",
            err=True,
        )
    if what in ("influence", "communities"):
        view = g.to_networkx()
        values = g.influence() if what == "influence" else g.communities()
        rows = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]) if what == "influence" else (kv[1], kv[0]))
        result = [
            {"node": n, "kind": view.nodes[n]["kind"], "label": view.nodes[n]["label"], what: v} for n, v in rows[:top]
        ]
    elif what == "path":
        result = g.idea_path(*names)
    elif what == "similar":
        result = g.similar_papers(names[0], k=top)
    elif what == "improvements":
        result = g.improvements_over(names[0])[:top]
    elif what == "evaluated-on":
        result = g.evaluated_on(names[0])[:top]
    elif what == "lineage":
        result = g.lineage(names[0])
    elif what == "leaderboard":
        result = g.leaderboard(names[0], metric)[:top]
    else:
        result = g.find(names[0])
    plain = json.loads(json.dumps(result, default=lambda o: asdict(o) if is_dataclass(o) else str(o)))
    if as_json:
        click.echo(json.dumps(plain, indent=2))
    elif isinstance(plain, dict) and "builds_on" in plain:
        for side, items in plain.items():
            click.echo(f"{side.replace('_', ' ')}:")
            for item in items:
                click.echo("  " + " → ".join(item["path"]))
    elif what == "path":
        click.echo(" → ".join(plain))
    elif isinstance(plain, dict):
        for k, v in plain.items():
            click.echo(f"{k:<10}{v}")
    else:
        for row in plain:
            click.echo(
                "  ".join(" → ".join(v) if isinstance(v, list) else str(v) for v in row.values() if v is not None)
            )


@main.command()
@graph_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=7878, show_default=True, help="Port to listen on.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds a query may run before it is stopped.")
@click.option("--max-rows", default=100_000, show_default=True, help="Most rows a SELECT result returns.")
@click.option("--workers", default=2, show_default=True, help="Query worker processes.")
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also accept requests whose Host header is NAME (DNS-rebinding guard). Repeatable.",
)
@click.option("--cors", metavar="ORIGIN", help="Let web pages from ORIGIN read answers (no CORS header otherwise).")
@click.option("--allow-federation", is_flag=True, help="Allow SERVICE clauses (the server then sends requests).")
@click.option(
    "--queue-wait",
    default=10.0,
    show_default=True,
    help="Seconds a request waits for a free worker before a 503 with Retry-After.",
)
@click.option("--max-body", default=1 << 20, show_default=True, help="Largest POST body in bytes (413 beyond).")
def serve(
    graph_path, host, port, timeout, max_rows, workers, allow_hosts, cors, allow_federation, queue_wait, max_body
):
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint at /sparql (a query page at /).

    \b
    Example:
      papergraph serve --graph exports/papergraph.graph --port 7878
      curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%203'
    """
    from .serve import serve as make_server

    server = make_server(
        graph_path,
        host,
        port,
        timeout,
        max_rows,
        workers,
        allow_hosts=allow_hosts,
        cors=cors,
        allow_federation=allow_federation,
        queue_wait=queue_wait,
        max_body=max_body,
    )
    click.echo(
        f"SPARQL endpoint on http://{host}:{server.server_port}/sparql (query page at /); Ctrl-C stops it", err=True
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.pool.close()
        server.server_close()


@main.command()
@click.argument("endpoint")
@graph_option
@click.option(
    "--graph-iri",
    default="https://w3id.org/papergraph/graph",
    show_default=True,
    help="Named graph to replace in the remote store.",
)
@click.option("--gsp", help="Graph Store Protocol URL (default: the endpoint's /sparql-graph-crud[-auth]).")
@click.option("--user", help="User for the store's authenticated Graph Store endpoint.")
@click.option("--password", envvar="PAPERGRAPH_PASSWORD", help="Password (or PAPERGRAPH_PASSWORD).")
def push(endpoint, graph_path, graph_iri, gsp, user, password):
    """Load the built graph into a remote SPARQL store (Graph Store HTTP Protocol), replacing
    the named graph; afterwards --graph ENDPOINT queries it there.

    \b
    Example:
      papergraph push http://127.0.0.1:8890/sparql --user dba --password dba
      papergraph query top-datasets --graph http://127.0.0.1:8890/sparql
    """
    sent = _open(graph_path).push(endpoint, graph_iri, user, password, gsp)
    click.echo(f"pushed {sent} triples to <{graph_iri}> at {endpoint}")


if __name__ == "__main__":
    main()
