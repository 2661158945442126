"""The dashboard in a web browser (`deidtui serve`): textual-serve behind an access check.

`access.py` decides who may talk to the server at all (the token, checked on every request and
the websocket before anything else runs); `sessions.py` runs one dashboard process per browser
tab with textual-serve and ends it when the tab closes. Only `deidtui serve` imports this package.
"""
