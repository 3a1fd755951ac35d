"""The web service: SPARQL endpoint, research API, linked-data resources and pages."""
