"""TLS client authentication (RFC 8705) with requests-oauthlib, as its documentation shows it:
fetch_token(token_url=..., include_client_id=True, cert=('client.pem', 'client-key.pem')).

Usage: requests_oauthlib_tls.py '<json>' naming the server, its CA, the client certificates,
a user and the client id of an application registered for tls_client_auth with bound tokens.
Prints one JSON object of results.
"""
import inspect
import json
import sys

import requests
from oauthlib.oauth2 import BackendApplicationClient, LegacyApplicationClient
from requests_oauthlib import OAuth2Session

cfg = json.loads(sys.argv[1])
base = cfg["base_url"]
token_url = base + "/oauth/token/"
resource_url = "%s/accounts/resource/user/%s/" % (base, cfg["user_id"])
cert = (cfg["cert"], cfg["key"])

# fetch_token(cert=...) is requests-oauthlib >= 1.3.1; older releases (Debian 12 ships 1.3.0)
# would post `cert` as a form field, so there the certificate goes on the session, which is
# what cert= does inside the library.
DOCUMENTED_CERT = "cert" in inspect.signature(OAuth2Session.fetch_token).parameters


def fetch_token(oauth, certificate, **kwargs):
    if DOCUMENTED_CERT:
        return oauth.fetch_token(token_url=token_url, include_client_id=True, cert=certificate, verify=cfg["ca"], **kwargs)
    oauth.cert = certificate
    return oauth.fetch_token(token_url=token_url, include_client_id=True, verify=cfg["ca"], **kwargs)


def client_credentials():
    oauth = OAuth2Session(client=BackendApplicationClient(client_id=cfg["client_id"]))
    token = fetch_token(oauth, cert)
    return {"token_type": token["token_type"], "has_refresh": "refresh_token" in token}


def password():
    oauth = OAuth2Session(client=LegacyApplicationClient(client_id=cfg["client_id"]))
    token = fetch_token(oauth, cert, username=cfg["username"], password=cfg["password"])
    stolen = requests.get(resource_url, headers={"Authorization": "Bearer " + token["access_token"]}, verify=cfg["ca"])
    return {
        "token_type": token["token_type"],
        "has_refresh": "refresh_token" in token,
        "resource": oauth.get(resource_url, cert=cert, verify=cfg["ca"]).status_code,
        "without_certificate": stolen.status_code,
    }


def refused(certificate):
    oauth = OAuth2Session(client=BackendApplicationClient(client_id=cfg["client_id"]))
    try:
        fetch_token(oauth, certificate)
        return "accepted"
    except Exception as e:  # oauthlib raises the RFC error it was given
        return getattr(e, "error", type(e).__name__)


results = {}
for name, flow in [("client_credentials", client_credentials), ("password", password),
                   ("wrong_certificate", lambda: refused((cfg["wrong_cert"], cfg["wrong_key"]))),
                   ("no_certificate", lambda: refused(None))]:
    try:
        results[name] = flow()
    except Exception as e:  # reported to the test, which fails with the message
        results[name] = {"error": "%s: %s" % (type(e).__name__, e)}
print(json.dumps(results))
