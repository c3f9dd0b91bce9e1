"""HTTP routes: thin adapters from requests to server.services."""
