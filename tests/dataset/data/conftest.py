import urllib.error

import pytest


@pytest.fixture
def no_network(monkeypatch):
    """urllib downloads fail as they do offline; returns the list of URLs asked for."""
    asked = []

    def refuse(request, *args, **kwargs):
        asked.append(getattr(request, "full_url", request))
        raise urllib.error.URLError("network unreachable")
    monkeypatch.setattr("urllib.request.urlopen", refuse)
    return asked
