"""Views derived from the RDF graph: networkx, exports, the HTML explorer."""

__all__: list[str] = []  # the views are modules: papergraph.views.networkx, .html, .export, .analysis
