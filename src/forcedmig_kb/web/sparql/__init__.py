"""The SPARQL 1.1 endpoint: read-only, offline, each query in a killable worker process.

- :mod:`.routes`       the SPARQL 1.1 Protocol query operation (``GET`` / ``POST /sparql``)
- :mod:`.guard`        what the endpoint refuses (updates, ``SERVICE``, foreign datasets), by its tokens
- :mod:`.pool`         the server's pool of worker processes, each query under a deadline
- :mod:`.worker`       one worker process: it guards, evaluates and serialises each query
- :mod:`.description`  the SPARQL 1.1 Service Description of the endpoint

Nothing is imported here: the worker processes import :mod:`.worker` alone, without FastAPI.
"""
