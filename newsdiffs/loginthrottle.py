"""django-axes' lockout check, for logins that come over HTTP."""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """Counts and refuses guesses at HTTP logins; lets request-less logins through.

    django-axes refuses any authenticate() call without a request, but one
    without a request comes from code on the server (the shell, a management
    command, the test client's login()), never from a guesser over the
    network: the admin's login form always passes its request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
