"""Views derived from the RDF graph: networkx, exports, the HTML explorer."""
