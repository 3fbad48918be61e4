"""The four RFC 6749 flows with requests-oauthlib, written as its documentation shows them,
and the code flow with scope openid.

Usage: requests_oauthlib_flows.py '<json>' where the JSON names the server, a signed-in
browser cookie, the user, and one application per flow. Prints one JSON object of results.
"""
import base64
import json
import re
import sys
import time
from html import unescape

import requests
from oauthlib.oauth2 import BackendApplicationClient, LegacyApplicationClient, MobileApplicationClient
from requests.auth import HTTPBasicAuth
from requests_oauthlib import OAuth2Session

cfg = json.loads(sys.argv[1])
base = cfg["base_url"]
token_url = base + "/oauth/token/"
authorize_url = base + "/oauth/authorize/"
resource_url = "%s/accounts/resource/user/%s/" % (base, cfg["user_id"])


def browser_approves(url):
    """What the user does in the browser: open the consent page, press Allow."""
    browser = requests.Session()
    browser.headers["Cookie"] = cfg["cookie"]
    page = browser.get(url, allow_redirects=False)
    if page.status_code == 200:
        fields = {unescape(k): unescape(v) for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text)}
        fields["decision"] = "allow"
        page = browser.post(authorize_url, data=fields, allow_redirects=False)
    assert page.status_code == 303, page.status_code
    return page.headers["Location"]


def web_application():
    web = cfg["web"]
    oauth = OAuth2Session(web["client_id"], redirect_uri=web["redirect_uri"], scope=["read", "profile"])
    url, state = oauth.authorization_url(authorize_url)
    location = browser_approves(url)
    token = oauth.fetch_token(token_url, authorization_response=location, client_secret=web["client_secret"])
    first = oauth.get(resource_url).status_code
    # refresh_token() with the secret in HTTP Basic.
    refreshed = oauth.refresh_token(token_url, auth=HTTPBasicAuth(web["client_id"], web["client_secret"]))
    after_refresh = oauth.get(resource_url).status_code
    # Auto-refresh of an expired token, the secret in the body.
    updates = []
    expired = dict(refreshed, expires_at=time.time() - 10, expires_in=-10)
    auto = OAuth2Session(
        web["client_id"], token=expired, auto_refresh_url=token_url,
        auto_refresh_kwargs={"client_id": web["client_id"], "client_secret": web["client_secret"]},
        token_updater=updates.append,
    )
    auto_status = auto.get(resource_url).status_code
    return {
        "state_matches": state in location,
        "iss_in_response": ("iss=" in location),
        "scope": token["scope"],
        "resource": first,
        "refresh_rotated": refreshed["refresh_token"] != token["refresh_token"],
        "after_refresh": after_refresh,
        "auto_refreshed": len(updates) == 1 and updates[0]["refresh_token"] != refreshed["refresh_token"],
        "after_auto_refresh": auto_status,
    }


def openid_application():
    """A code flow with scope openid: the token response carries an ID token; userinfo answers."""
    oidc = cfg["oidc"]
    oauth = OAuth2Session(oidc["client_id"], redirect_uri=oidc["redirect_uri"], scope=["openid", "email"])
    nonce = "n-%d" % time.time_ns()
    url, _ = oauth.authorization_url(authorize_url, nonce=nonce)
    token = oauth.fetch_token(token_url, authorization_response=browser_approves(url), client_secret=oidc["client_secret"])
    claims = json.loads(base64.urlsafe_b64decode(token["id_token"].split(".")[1] + "=="))
    info = oauth.get(base + "/oauth/userinfo/").json()
    return {
        "scope": token["scope"],
        "nonce_matches": claims["nonce"] == nonce,
        "aud": claims["aud"] == oidc["client_id"],
        "sub": claims["sub"] == info["sub"] == str(cfg["user_id"]),
        "email": info["email"],
    }


def mobile_application():
    mobile = cfg["mobile"]
    oauth = OAuth2Session(client=MobileApplicationClient(client_id=mobile["client_id"]), redirect_uri=mobile["redirect_uri"], scope=["read"])
    url, state = oauth.authorization_url(authorize_url)
    token = oauth.token_from_fragment(browser_approves(url))
    return {"token_type": token["token_type"], "has_refresh": "refresh_token" in token, "resource": oauth.get(resource_url).status_code}


def legacy_application():
    legacy = cfg["legacy"]
    oauth = OAuth2Session(client=LegacyApplicationClient(client_id=legacy["client_id"]))
    token = oauth.fetch_token(token_url=token_url, username=cfg["username"], password=cfg["password"],
                              client_id=legacy["client_id"], client_secret=legacy["client_secret"])
    return {"scope": token["scope"], "has_refresh": "refresh_token" in token, "resource": oauth.get(resource_url).status_code}


def backend_application():
    backend = cfg["backend"]
    basic = OAuth2Session(client=BackendApplicationClient(client_id=backend["client_id"]))
    t1 = basic.fetch_token(token_url=token_url, client_id=backend["client_id"], client_secret=backend["client_secret"])
    body = OAuth2Session(client=BackendApplicationClient(client_id=backend["client_id"]))
    t2 = body.fetch_token(token_url=token_url, client_id=backend["client_id"], client_secret=backend["client_secret"], include_client_id=True)
    return {"basic": t1["token_type"], "body": t2["token_type"], "has_refresh": "refresh_token" in t1}


results = {}
for name, flow in [("web", web_application), ("openid", openid_application), ("mobile", mobile_application), ("legacy", legacy_application), ("backend", backend_application)]:
    try:
        results[name] = flow()
    except Exception as e:  # reported to the test, which fails with the message
        results[name] = {"error": "%s: %s" % (type(e).__name__, e)}
print(json.dumps(results))
