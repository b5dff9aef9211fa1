"""REST infrastructure the apps' ``api.py`` modules share, below every app that has one.

The api app on top assembles the API (routes, tokens, OpenAPI, imports, push); what an
app's own endpoints need from the machinery lives here, so no app imports a later one:
the one error body (``errors``) and the person behind a token (``tokens``). Authentication,
the agency-scope permission, pagination and throttling are the defaults set in
``REST_FRAMEWORK`` by dotted path: endpoints never import them.
"""
